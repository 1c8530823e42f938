/* qcity.actuals._scan: what Python asks of the slots (included once, by _scan.c).
 *
 * A slot's bits, (city, metric) key and gathered rows, read back as Python
 * objects: scanning.py turns them into summaries when the engine asks for one.
 */

/* mark(slot, pid) -> True when the period was already seen (a repeat) */
static PyObject *Scanner_mark(Scanner *self, PyObject *args)
{
    int slot, pid, r;
    if (!PyArg_ParseTuple(args, "ii", &slot, &pid)) return NULL;
    if (slot < 0 || slot >= self->nslots || pid < 0 || pid >= 1 << 24) {
        PyErr_SetString(PyExc_IndexError, "slot or pid"); return NULL;
    }
    r = mark(&self->slots[slot], pid);
    if (r < 0) return NULL;
    return PyBool_FromLong(r);
}

/* slot(city id, metric index) -> slot number or -1 */
static PyObject *Scanner_slot(Scanner *self, PyObject *args)
{
    int city, metric;
    if (!PyArg_ParseTuple(args, "ii", &city, &metric)) return NULL;
    if (city < 0 || metric < 0 || metric >= self->nmetrics)
        return PyLong_FromLong(-1);
    return PyLong_FromLong(slot_get(self, city, metric));
}

/* key_of(slot) -> (city id, metric index) */
static PyObject *Scanner_key_of(Scanner *self, PyObject *args)
{
    int slot;
    if (!PyArg_ParseTuple(args, "i", &slot)) return NULL;
    if (slot < 0 || slot >= self->nslots) { PyErr_SetString(PyExc_IndexError, "slot"); return NULL; }
    return Py_BuildValue("(ii)", self->slots[slot].city, self->slots[slot].metric);
}

static PyObject *row_tuple(const Row *r)
{
    if (!r->set) Py_RETURN_NONE;
    return Py_BuildValue("(s#LiO)", r->v, (Py_ssize_t)r->len, (long long)r->line, r->pid,
                         r->extras ? r->extras : Py_None);
}

/* one slot's state: (city, metric, bits, count, later, latest, earliest, baseline, window);
 * a row is (value, line, pid, extras) or None; window is None or
 * (in_window, last, lo, hi, [(misses, lo, hi), ...]) */
static PyObject *slot_state(const Slot *s)
{
    PyObject *bits = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)s->nwords * 8);
    if (!bits) return NULL;
    unsigned char *b = (unsigned char *)PyBytes_AS_STRING(bits);
    const uint64_t *words = slot_words_c(s);
    for (int32_t i = 0; i < s->nwords; i++)
        for (int j = 0; j < 8; j++) b[i * 8 + j] = (unsigned char)(words[i] >> (8 * j));
    PyObject *window;
    if (s->window) {
        const Window *w = s->window;
        PyObject *tallies = PyList_New(w->ntargets);
        if (!tallies) { Py_DECREF(bits); return NULL; }
        for (int i = 0; i < w->ntargets; i++) {
            PyObject *t = Py_BuildValue("(LNN)", (long long)w->tally[i].misses,
                                        row_tuple(&w->tally[i].lo), row_tuple(&w->tally[i].hi));
            if (!t) { Py_DECREF(tallies); Py_DECREF(bits); return NULL; }
            PyList_SET_ITEM(tallies, i, t);
        }
        window = Py_BuildValue("(LNNNN)", (long long)w->in_window, row_tuple(&w->last),
                               row_tuple(&w->lo), row_tuple(&w->hi), tallies);
        if (!window) { Py_DECREF(bits); return NULL; }
    } else {
        window = Py_None;
        Py_INCREF(window);
    }
    return Py_BuildValue("(iiNLLNNNN)", s->city, s->metric, bits, (long long)s->count,
                         (long long)s->later, row_tuple(&s->latest), row_tuple(&s->earliest),
                         row_tuple(&s->baseline), window);
}

/* state(slot) -> that slot's state (see slot_state) */
static PyObject *Scanner_state(Scanner *self, PyObject *args)
{
    int slot;
    if (!PyArg_ParseTuple(args, "i", &slot)) return NULL;
    if (slot < 0 || slot >= self->nslots) { PyErr_SetString(PyExc_IndexError, "slot"); return NULL; }
    return slot_state(&self->slots[slot]);
}

/* states() -> every slot's state, in slot order */
static PyObject *Scanner_states(Scanner *self, PyObject *unused)
{
    PyObject *out = PyList_New(self->nslots);
    if (!out) return NULL;
    for (Py_ssize_t k = 0; k < self->nslots; k++) {
        PyObject *item = slot_state(&self->slots[k]);
        if (!item) { Py_DECREF(out); return NULL; }
        PyList_SET_ITEM(out, k, item);
    }
    return out;
}

/* observed() -> (city ids, metric indexes) of slots with an observation (counted or later) */
static PyObject *Scanner_observed(Scanner *self, PyObject *unused)
{
    PyObject *cities = PySet_New(NULL), *metrics = PySet_New(NULL);
    if (!cities || !metrics) goto fail;
    for (Py_ssize_t k = 0; k < self->nslots; k++) {
        const Slot *s = &self->slots[k];
        if (!s->count && !s->later) continue;
        PyObject *c = PyLong_FromLong(s->city), *m = PyLong_FromLong(s->metric);
        int bad = !c || !m || PySet_Add(cities, c) < 0 || PySet_Add(metrics, m) < 0;
        Py_XDECREF(c); Py_XDECREF(m);
        if (bad) goto fail;
    }
    return Py_BuildValue("(NN)", cities, metrics);
fail:
    Py_XDECREF(cities); Py_XDECREF(metrics);
    return NULL;
}

/* qcity.actuals._scan: what Python teaches the scanner before and while it reads:
 * metrics with their targets, vouched-for city/metric/unit texts, slots for summaries
 * Python already holds, and periods (included once, by _scan.c). */

static const char *OPS[] = {">=", ">", "<=", "<", "=="};

/* add_metric(index, percent, baseline_pid, mode, targets: list[(op, threshold text)]):
 * rows of this metric may now be taken (its summaries are fast); percent: bit 1 tells
 * values over 100, bit 2 values below 1 (Python decides what to warn of) */
static PyObject *Scanner_add_metric(Scanner *self, PyObject *args)
{
    int index, percent, baseline_pid, mode;
    PyObject *targets;
    if (!PyArg_ParseTuple(args, "iiiiO!", &index, &percent, &baseline_pid, &mode,
                          &PyList_Type, &targets))
        return NULL;
    if (index < 0 || index >= self->nmetrics) {
        PyErr_SetString(PyExc_IndexError, "metric"); return NULL;
    }
    MetricInfo m;
    memset(&m, 0, sizeof(m));
    m.percent = (uint8_t)percent; m.mode = (uint8_t)mode; m.baseline_pid = baseline_pid;
    if (mode == MODE_JUDGED) {
        Py_ssize_t n = PyList_GET_SIZE(targets);
        if (n < 1 || n > 2) goto bad;
        m.ntargets = (int)n;
        for (Py_ssize_t i = 0; i < n; i++) {
            const char *op, *text;
            Py_ssize_t tlen;
            if (!PyArg_ParseTuple(PyList_GET_ITEM(targets, i), "ss#", &op, &text, &tlen))
                return NULL;
            m.ops[i] = -1;
            for (int k = 0; k < 5; k++) if (strcmp(op, OPS[k]) == 0) m.ops[i] = k;
            if (m.ops[i] < 0 || tlen < 1 || tlen > MAXT) goto bad;
            for (Py_ssize_t k = 0; k < tlen; k++) {
                char c = text[k];
                if (!((c >= '0' && c <= '9') || c == '.' || (c == '-' && k == 0))) goto bad;
            }
            memcpy(m.t[i], text, tlen); m.tlen[i] = (int)tlen;
        }
    } else if (mode != MODE_PLAIN && mode != MODE_PYTHON) {
        goto bad;
    }
    m.ok = 1;
    self->metrics[index] = m;
    Py_RETURN_NONE;
bad:
    PyErr_SetString(PyExc_ValueError, "mode 0-2; targets 1 or 2 (op, plain decimal) pairs");
    return NULL;
}

/* add_name(kind, text: bytes, value) decides a text: kind 0 a city (value: its city id,
 * or -1 refused), 1 a metric (index, or -1), 2 a unit (text: 4-byte metric index, then the
 * unit; 1 accepted, 0 refused).  False when the text is too long to keep. */
static PyObject *Scanner_add_name(Scanner *self, PyObject *args)
{
    const char *text; Py_ssize_t n; int kind, value;
    if (!PyArg_ParseTuple(args, "iy#i", &kind, &text, &n, &value)) return NULL;
    Table *t = kind == 0 ? &self->cities : kind == 1 ? &self->metric_names
             : kind == 2 ? &self->units : NULL;
    if (!t) { PyErr_SetString(PyExc_ValueError, "kind"); return NULL; }
    if (kind == 1 && value >= self->nmetrics) {
        PyErr_SetString(PyExc_IndexError, "metric"); return NULL;
    }
    if (kind == 0 && value >= 1 << 24) { PyErr_SetString(PyExc_IndexError, "city"); return NULL; }
    if (n > MAXKEY) Py_RETURN_FALSE;  /* such rows go the careful way */
    if (kind == 0 && value >= 0 && room_for_city(self, value) < 0) return NULL;
    if (table_put(t, text, n, value) < 0) return NULL;
    Py_RETURN_TRUE;
}

static Slot *new_slot(Scanner *self, int32_t city, int32_t metric)
{
    if (self->nslots == self->capslots) {
        Py_ssize_t cap = self->capslots ? self->capslots * 2 : 1024;
        Slot *slots = PyMem_Realloc(self->slots, cap * sizeof(Slot));
        if (!slots) { PyErr_NoMemory(); return NULL; }
        self->slots = slots; self->capslots = cap;
    }
    Slot *s = &self->slots[self->nslots];
    memset(s, 0, sizeof(Slot));
    s->city = city; s->metric = metric;
    const MetricInfo *m = &self->metrics[metric];
    if (m->mode == MODE_JUDGED) {
        s->window = PyMem_Calloc(1, sizeof(Window));
        if (!s->window) { PyErr_NoMemory(); return NULL; }
        s->window->ntargets = m->ntargets;
    }
    if (slot_set(self, city, metric, (int32_t)self->nslots) < 0) {
        PyMem_Free(s->window);
        s->window = NULL;
        return NULL;
    }
    self->nslots++;
    return s;
}

/* add_slot(city id, metric index, bits: bytes) -> slot: for a summary Python already holds
 * (its period bits, little-endian); the slot keeps the bits while it reads */
static PyObject *Scanner_add_slot(Scanner *self, PyObject *args)
{
    int city, metric;
    Py_buffer bits;
    if (!PyArg_ParseTuple(args, "iiy*", &city, &metric, &bits)) return NULL;
    if (city < 0 || city >= 1 << 24 || metric < 0 || metric >= self->nmetrics
        || !self->metrics[metric].ok
        || slot_get(self, city, metric) >= 0) {
        PyBuffer_Release(&bits);
        PyErr_SetString(PyExc_ValueError, "no such city or metric, or it has a slot");
        return NULL;
    }
    Slot *s = new_slot(self, city, metric);
    if (!s) { PyBuffer_Release(&bits); return NULL; }
    int32_t words = (int32_t)((bits.len + 7) / 8);
    if (words) {
        if (slot_grow(s, words) < 0) { PyBuffer_Release(&bits); return NULL; }
        uint64_t *w = slot_words(s);
        for (Py_ssize_t i = 0; i < bits.len; i++)
            w[i / 8] |= (uint64_t)((unsigned char *)bits.buf)[i] << (8 * (i % 8));
    }
    PyBuffer_Release(&bits);
    return PyLong_FromSsize_t(self->nslots - 1);
}

/* add_period(text: bytes, pid, latest key, earliest key, counted, in window) */
static PyObject *Scanner_add_period(Scanner *self, PyObject *args)
{
    const char *text; Py_ssize_t n; int pid, counted, in_window;
    long long latest, earliest;
    if (!PyArg_ParseTuple(args, "y#iLLpp", &text, &n, &pid, &latest, &earliest, &counted,
                          &in_window))
        return NULL;
    if (pid < 0 || pid >= 1 << 24) { PyErr_SetString(PyExc_ValueError, "pid"); return NULL; }
    if (pid >= self->ninfos) {
        Py_ssize_t cap = pid + 1 > self->ninfos * 2 ? pid + 1 : self->ninfos * 2;
        PeriodInfo *infos = PyMem_Realloc(self->infos, cap * sizeof(PeriodInfo));
        if (!infos) return PyErr_NoMemory();
        memset(infos + self->ninfos, 0, (cap - self->ninfos) * sizeof(PeriodInfo));
        self->infos = infos; self->ninfos = cap;
    }
    PeriodInfo *p = &self->infos[pid];
    p->latest = latest; p->earliest = earliest; p->known = 1;
    p->counted = (uint8_t)counted; p->in_window = (uint8_t)in_window;
    if (table_put(&self->periods, text, n, pid) < 0) return NULL;
    Py_RETURN_NONE;
}

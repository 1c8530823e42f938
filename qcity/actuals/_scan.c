/* qcity.actuals._scan: the reader's compiled fast path (optional; qcity/actuals/scanning.py drives it).
 *
 * A Scanner takes UTF-8 bytes a block at a time and updates per-(city, metric)
 * slots for the rows the Python side has vouched for: its city, metric, unit and
 * period texts were each decided by Python (add_name, add_period), the value is a
 * plain ASCII decimal and the (slot, period) was not seen before.  At the first
 * row it cannot vouch for it stops and says where, and Python reads that row
 * the careful way; at a quote, NUL, lone CR or invalid UTF-8 it hands the rest of
 * the file back to the Python reader.  So the compiled path decides nothing the
 * Python rules do not: it only does the same bookkeeping faster.
 *
 * Values are compared exactly, as decimal digit strings, never as floats.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAXV 40          /* values longer than this go the careful way (MAX_DIGITS) */
#define MAXT 160         /* threshold text; longer ones are judged in Python */
#define MAXKEY 2048      /* city + metric + unit bytes; longer rows go the careful way */
#define MAXFIELDS 64      /* columns; a wider file is read by the Python paths */
#define MAXCELL 65536    /* a line this long may hold a cell over MAX_FIELD: Python decides */

enum { DONE = 0, ROW = 1, HANDOFF = 2 };
enum { EV_PERCENT = 0, EV_WINDOW = 1 };
enum { OP_GE = 0, OP_GT, OP_LE, OP_LT, OP_EQ };
enum { MODE_PLAIN = 0, MODE_JUDGED = 1, MODE_PYTHON = 2 };

#include "_scan_text.h"
#include "_scan_slots.h"
#include "_scan_keys.h"

/* ---- the Scanner type -------------------------------------------------------- */

static void Scanner_dealloc(Scanner *self)
{
    for (Py_ssize_t i = 0; i < self->nslots; i++) slot_free(&self->slots[i]);
    PyMem_Free(self->slots);
    PyMem_Free(self->infos);
    PyMem_Free(self->metrics);
    PyMem_Free(self->slot_of);
    PyMem_Free(self->pairs);
    table_free(&self->cities);
    table_free(&self->metric_names);
    table_free(&self->units);
    table_free(&self->periods);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Scanner_init(Scanner *self, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"metrics", "width", "city", "metric", "period", "value", "unit",
                            "source", "note", NULL};
    if (self->metrics) {
        PyErr_SetString(PyExc_TypeError, "a Scanner is initialised once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "iiiiiiiii", names, &self->nmetrics,
                                     &self->width, &self->i_city, &self->i_metric,
                                     &self->i_period, &self->i_value, &self->i_unit,
                                     &self->i_source, &self->i_note))
        return -1;
    if (self->nmetrics < 1 || self->nmetrics > (1 << 20)) {
        PyErr_SetString(PyExc_ValueError, "metrics out of range");
        return -1;
    }
    if (self->width < 1 || self->width > MAXFIELDS) {
        PyErr_SetString(PyExc_ValueError, "width out of range");
        return -1;
    }
    int *cols[] = {&self->i_city, &self->i_metric, &self->i_period, &self->i_value,
                   &self->i_unit, &self->i_source, &self->i_note};
    for (int i = 0; i < 7; i++)
        if (*cols[i] >= self->width || *cols[i] < -1 || (i >= 1 && i <= 3 && *cols[i] < 0)) {
            PyErr_SetString(PyExc_ValueError, "column index out of range");
            return -1;
        }
    self->metrics = PyMem_Calloc(self->nmetrics, sizeof(MetricInfo));
    if (!self->metrics) { PyErr_NoMemory(); return -1; }
    return 0;
}

#include "_scan_learn.h"

#include "_scan_state.h"

static int plain_value(const char *v, Py_ssize_t n)
{
    int digits = 0, dots = 0;
    if (n < 1 || n > MAXV) return 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (v[i] >= '0' && v[i] <= '9') digits++;
        else if (v[i] == '.' && !dots) dots++;
        else return 0;
    }
    return digits > 0;
}

static PyObject *field_text(const char *s, Py_ssize_t n)
{
    return PyUnicode_DecodeUTF8(s, n, "strict");
}

static int add_event(PyObject **events, int kind, int slot, const char *v, Py_ssize_t vlen,
                     int64_t line, int pid, PyObject *extras)
{
    if (!*events && !(*events = PyList_New(0))) return -1;
    PyObject *ev = Py_BuildValue("(iis#LiO)", kind, slot, v, vlen, (long long)line, pid,
                                 extras ? extras : Py_None);
    if (!ev) return -1;
    int r = PyList_Append(*events, ev);
    Py_DECREF(ev);
    return r;
}

static inline int lookup(const Table *t, const char *s, Py_ssize_t n)
{
    return table_find(t, s, n, hash_bytes(s, n));
}

/* scan(data: bytes, pos, lineno, one=False) -> (pos, lineno, status, events)
 *
 * Reads whole lines of ``data`` from ``pos``; ``lineno`` is the number of the line
 * before.  Stops at the end (DONE), before a row Python must read (ROW: a text not yet
 * decided or refused, a value that is not a plain decimal, a wrong field count, a
 * repeat), or before a line that needs the csv module or is not UTF-8 (HANDOFF).  With
 * ``one``, stops after the first row.  ``events`` lists (EV_PERCENT, slot, value, line,
 * pid, None) for percentages over 100 (or below 1) and (EV_WINDOW, slot, value, line, pid, extras)
 * for sustained rows Python judges itself. */
static PyObject *Scanner_scan(Scanner *self, PyObject *args)
{
    Py_buffer buf;
    Py_ssize_t pos;
    long long lineno;
    int one = 0, status = DONE;
    if (!PyArg_ParseTuple(args, "y*nL|p", &buf, &pos, &lineno, &one)) return NULL;
    const char *data = buf.buf;
    const Py_ssize_t size = buf.len;
    PyObject *events = NULL;
    Py_ssize_t starts[MAXFIELDS + 1], ends[MAXFIELDS];
    char key[MAXKEY + 8];
    const int width = self->width;
    const int extras_wanted = self->i_source >= 0 || self->i_note >= 0;
    if (pos < 0) pos = 0;

    while (pos < size) {
        Py_ssize_t p = pos, line_end, next;
        int nf = 0, bad = 0;
        starts[0] = p;
        /* split one line, checking every byte */
        for (;;) {
            if (p >= size) { line_end = p; next = p; break; }
            unsigned char c = (unsigned char)data[p];
            if (c == '\n') { line_end = p; next = p + 1; break; }
            if (c == ',') {
                if (nf < width) ends[nf] = p;
                nf++;
                if (nf <= width) starts[nf] = p + 1;
                p++;
            } else if (c == '\r') {
                if (p + 1 < size && data[p + 1] == '\n') { line_end = p; next = p + 2; break; }
                status = HANDOFF; goto stop;
            } else if (c == '"' || c == 0) {
                status = HANDOFF; goto stop;
            } else if (c >= 0x80) {
                int k = utf8_len((const unsigned char *)data + p,
                                 (const unsigned char *)data + size);
                if (!k) { status = HANDOFF; goto stop; }
                p += k;
            } else {
                p++;
            }
        }
        if (nf < width) ends[nf] = line_end;
        nf++;
        if (nf != width || line_end - pos > MAXCELL) bad = 1;
        const char *v = NULL;
        Py_ssize_t vlen = 0;
        int slot = -1, pid = -1;
        if (!bad) {
            v = data + starts[self->i_value];
            vlen = ends[self->i_value] - starts[self->i_value];
            if (!plain_value(v, vlen)) bad = 1;
        }
        if (!bad) {
            /* the city, the metric and the unit, each as Python decided them */
            int city = self->i_city >= 0
                ? lookup(&self->cities, data + starts[self->i_city],
                         ends[self->i_city] - starts[self->i_city])
                : lookup(&self->cities, "", 0);
            int metric = lookup(&self->metric_names, data + starts[self->i_metric],
                                ends[self->i_metric] - starts[self->i_metric]);
            if (city < 0 || metric < 0 || !self->metrics[metric].ok) bad = 1;
            else if (self->i_unit >= 0 && ends[self->i_unit] > starts[self->i_unit]) {
                Py_ssize_t n = ends[self->i_unit] - starts[self->i_unit];
                if (n + 4 > MAXKEY) bad = 1;
                else {
                    int32_t m32 = metric;
                    memcpy(key, &m32, 4);
                    memcpy(key + 4, data + starts[self->i_unit], n);
                    if (lookup(&self->units, key, n + 4) != 1) bad = 1;
                }
            }
            if (!bad) {
                slot = slot_get(self, city, metric);
                if (slot < 0) {  /* the first row of this (city, metric): a fresh slot */
                    if (!new_slot(self, city, metric)) goto error;
                    slot = (int)self->nslots - 1;
                }
            }
        }
        if (!bad) {
            pid = lookup(&self->periods, data + starts[self->i_period],
                         ends[self->i_period] - starts[self->i_period]);
            if (pid < 0 || pid >= self->ninfos || !self->infos[pid].known) bad = 1;
        }
        if (!bad && seen(&self->slots[slot], pid)) bad = 1;  /* a repeat: Python reports it */
        if (bad) { status = ROW; goto stop; }

        Slot *s = &self->slots[slot];
        const MetricInfo *m = &self->metrics[s->metric];
        const PeriodInfo *info = &self->infos[pid];
        const int64_t line = lineno + 1;
        if (mark(s, pid) < 0) goto error;
        if (info->counted) {
            PyObject *extras = NULL;
            int keep = !s->latest.set || info->latest > s->latest.key
                       || !s->earliest.set || info->earliest < s->earliest.key
                       || pid == m->baseline_pid
                       || (m->mode != MODE_PLAIN && info->in_window);
            if (keep && extras_wanted) {
                PyObject *src = self->i_source >= 0
                    ? field_text(data + starts[self->i_source],
                                 ends[self->i_source] - starts[self->i_source])
                    : PyUnicode_FromStringAndSize("", 0);
                PyObject *note = self->i_note >= 0
                    ? field_text(data + starts[self->i_note],
                                 ends[self->i_note] - starts[self->i_note])
                    : PyUnicode_FromStringAndSize("", 0);
                if (!src || !note) { Py_XDECREF(src); Py_XDECREF(note); goto error; }
                extras = PyTuple_Pack(2, src, note);
                Py_DECREF(src); Py_DECREF(note);
                if (!extras) goto error;
            }
            s->count++;
            if (!s->latest.set || info->latest > s->latest.key)
                row_store(&s->latest, v, (int)vlen, pid, line, info->latest, extras);
            if (!s->earliest.set || info->earliest < s->earliest.key)
                row_store(&s->earliest, v, (int)vlen, pid, line, info->earliest, extras);
            if (pid == m->baseline_pid)
                row_store(&s->baseline, v, (int)vlen, pid, line, info->latest, extras);
            if (info->in_window && m->mode == MODE_JUDGED) {
                judge(s->window, m, v, (int)vlen, pid, line, info->latest, extras);
            } else if (info->in_window && m->mode == MODE_PYTHON) {
                if (add_event(&events, EV_WINDOW, slot, v, vlen, line, pid, extras) < 0) {
                    Py_XDECREF(extras);
                    goto error;
                }
            }
            Py_XDECREF(extras);
        } else {
            s->later++;
        }
        if (((m->percent & 1) && text_cmp(v, (int)vlen, "100", 3) > 0)
            || ((m->percent & 2) && text_cmp(v, (int)vlen, "1", 1) < 0))
            if (add_event(&events, EV_PERCENT, slot, v, vlen, line, pid, NULL) < 0)
            goto error;
        pos = next;
        lineno++;
        if (one) break;
    }
stop:
    PyBuffer_Release(&buf);
    if (!events) { events = Py_None; Py_INCREF(events); }
    return Py_BuildValue("(nLiN)", pos, lineno, status, events);
error:
    PyBuffer_Release(&buf);
    Py_XDECREF(events);
    return NULL;
}

static PyMethodDef Scanner_methods[] = {
    {"add_metric", (PyCFunction)Scanner_add_metric, METH_VARARGS, "Let a metric's rows in."},
    {"add_name", (PyCFunction)Scanner_add_name, METH_VARARGS,
     "Decide a city, metric or unit text; False when too long to keep."},
    {"add_slot", (PyCFunction)Scanner_add_slot, METH_VARARGS,
     "A slot for a summary Python holds; its number."},
    {"add_period", (PyCFunction)Scanner_add_period, METH_VARARGS, "Vouch for a period text."},
    {"mark", (PyCFunction)Scanner_mark, METH_VARARGS,
     "Mark a (slot, period) seen; True when it already was."},
    {"key_of", (PyCFunction)Scanner_key_of, METH_VARARGS, "(city id, metric) of a slot."},
    {"slot", (PyCFunction)Scanner_slot, METH_VARARGS, "The slot of (city, metric), or -1."},
    {"state", (PyCFunction)Scanner_state, METH_VARARGS, "What one slot gathered."},
    {"states", (PyCFunction)Scanner_states, METH_NOARGS, "What every slot gathered."},
    {"observed", (PyCFunction)Scanner_observed, METH_NOARGS,
     "(city ids, metric indexes) of slots with an observation."},
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS, "Read rows; see the module source."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "qcity.actuals._scan.Scanner",
    .tp_basicsize = sizeof(Scanner),
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Per-(city, metric) bookkeeping for rows the Python reader vouched for.",
    .tp_methods = Scanner_methods,
    .tp_init = (initproc)Scanner_init,
    .tp_new = PyType_GenericNew,
};

/* hash(text: bytes) -> int: the hash the scanner's tables use (for tests: keyed, so
 * names chosen to collide under one hash function do not collide under it) */
static PyObject *scan_hash(PyObject *module, PyObject *arg)
{
    Py_buffer text;
    if (PyObject_GetBuffer(arg, &text, PyBUF_SIMPLE) < 0) return NULL;
    uint64_t h = hash_bytes(text.buf, text.len);
    PyBuffer_Release(&text);
    return PyLong_FromUnsignedLongLong(h);
}

static PyMethodDef module_methods[] = {
    {"hash", scan_hash, METH_O, "The hash of the scanner's tables."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "qcity.actuals._scan", "The reader's compiled fast path.", -1,
    module_methods
};

PyMODINIT_FUNC PyInit__scan(void)
{
    if (PyType_Ready(&ScannerType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(m, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType); Py_DECREF(m); return NULL;
    }
    PyModule_AddIntConstant(m, "MAX_WIDTH", MAXFIELDS);
    PyModule_AddIntConstant(m, "MAX_CELL", MAXCELL);
    PyModule_AddIntConstant(m, "DONE", DONE);
    PyModule_AddIntConstant(m, "ROW", ROW);
    PyModule_AddIntConstant(m, "HANDOFF", HANDOFF);
    PyModule_AddIntConstant(m, "EV_PERCENT", EV_PERCENT);
    PyModule_AddIntConstant(m, "EV_WINDOW", EV_WINDOW);
    PyModule_AddIntConstant(m, "PLAIN", MODE_PLAIN);
    PyModule_AddIntConstant(m, "JUDGED", MODE_JUDGED);
    PyModule_AddIntConstant(m, "PYTHON", MODE_PYTHON);
    return m;
}

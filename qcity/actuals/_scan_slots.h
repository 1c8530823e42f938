/* qcity.actuals._scan: what one slot (city, metric) gathers, and how a row updates it.
 * Included once, by _scan.c, after _scan_text.h. */

/* ---- slots: one a (city, metric) ------------------------------------------ */

typedef struct {
    char v[MAXV];
    uint8_t len, set;
    int32_t pid;
    int64_t line, key;          /* key: the period's order ("counts as later") */
    PyObject *extras;           /* (source, note) or NULL */
} Row;

/* a target's misses in the window; the target itself is the metric's (MetricInfo) */
typedef struct { int64_t misses; Row lo, hi; } Tally;

typedef struct {
    int ntargets;
    int64_t in_window;
    Row last, lo, hi;           /* latest, smallest and largest in the window */
    Tally tally[2];
} Window;

typedef struct {
    uint64_t *bits; int32_t nwords;
    int32_t city, metric;
    int64_t count, later;
    Row latest, earliest, baseline;
    Window *window;
} Slot;

/* what every slot of one metric shares; ok = 0 until add_metric */
typedef struct {
    uint8_t ok, percent, mode;
    int32_t baseline_pid;
    int ntargets, ops[2], tlen[2];
    char t[2][MAXT];
} MetricInfo;

typedef struct { int64_t latest, earliest; uint8_t known, counted, in_window; } PeriodInfo;

typedef struct { uint64_t key; int32_t slot; } Pair;  /* (city, metric) -> slot */

typedef struct {
    PyObject_HEAD
    Table cities, metric_names, units, periods;
    MetricInfo *metrics; int nmetrics;
    int32_t *slot_of; Py_ssize_t ncities;   /* [city * nmetrics + metric] -> slot or -1 */
    Pair *pairs; Py_ssize_t npairs_cap;     /* or, when that would be large: a hash table */
    Slot *slots; Py_ssize_t nslots, capslots;
    PeriodInfo *infos; Py_ssize_t ninfos;
    int width, i_city, i_metric, i_period, i_value, i_unit, i_source, i_note;
} Scanner;

static void row_clear(Row *r) { Py_CLEAR(r->extras); r->set = 0; }

static void row_store(Row *r, const char *v, int n, int32_t pid, int64_t line, int64_t key,
                      PyObject *extras)
{
    memcpy(r->v, v, n); r->len = (uint8_t)n; r->set = 1;
    r->pid = pid; r->line = line; r->key = key;
    Py_XINCREF(extras);
    Py_XSETREF(r->extras, extras);
}

static void slot_free(Slot *s)
{
    PyMem_Free(s->bits);
    row_clear(&s->latest); row_clear(&s->earliest); row_clear(&s->baseline);
    if (s->window) {
        Window *w = s->window;
        row_clear(&w->last); row_clear(&w->lo); row_clear(&w->hi);
        for (int i = 0; i < 2; i++) { row_clear(&w->tally[i].lo); row_clear(&w->tally[i].hi); }
        PyMem_Free(w);
    }
}

/* test and set; -1 on memory error */
static int mark(Slot *s, int32_t pid)
{
    int32_t word = pid >> 6;
    if (word >= s->nwords) {
        int32_t n = word + 1 > s->nwords * 2 ? word + 1 : s->nwords * 2;
        uint64_t *bits = PyMem_Realloc(s->bits, (size_t)n * sizeof(uint64_t));
        if (!bits) { PyErr_NoMemory(); return -1; }
        memset(bits + s->nwords, 0, (size_t)(n - s->nwords) * sizeof(uint64_t));
        s->bits = bits; s->nwords = n;
    }
    uint64_t bit = 1ULL << (pid & 63);
    if (s->bits[word] & bit) return 1;
    s->bits[word] |= bit;
    return 0;
}

static int seen(const Slot *s, int32_t pid)
{
    int32_t word = pid >> 6;
    return word < s->nwords && (s->bits[word] >> (pid & 63) & 1);
}

static int passes(int op, const char *t, int tlen, const char *v, int n)
{
    int c = text_cmp(v, n, t, tlen);
    switch (op) {
    case OP_GE: return c >= 0;
    case OP_GT: return c > 0;
    case OP_LE: return c <= 0;
    case OP_LT: return c < 0;
    default: return c == 0;
    }
}

/* keep the smallest (lo) / largest (hi) value; equal values: the earlier period */
static void keep_extremes(Row *lo, Row *hi, const char *v, int n, int32_t pid, int64_t line,
                          int64_t key, PyObject *extras)
{
    int c;
    if (!lo->set || (c = text_cmp(v, n, lo->v, lo->len)) < 0 || (c == 0 && key < lo->key))
        row_store(lo, v, n, pid, line, key, extras);
    if (!hi->set || (c = text_cmp(v, n, hi->v, hi->len)) > 0 || (c == 0 && key < hi->key))
        row_store(hi, v, n, pid, line, key, extras);
}

static void judge(Window *w, const MetricInfo *m, const char *v, int n, int32_t pid,
                  int64_t line, int64_t key, PyObject *extras)
{
    w->in_window++;
    if (!w->last.set || key > w->last.key) row_store(&w->last, v, n, pid, line, key, extras);
    keep_extremes(&w->lo, &w->hi, v, n, pid, line, key, extras);
    for (int i = 0; i < w->ntargets; i++) {
        Tally *t = &w->tally[i];
        if (passes(m->ops[i], m->t[i], m->tlen[i], v, n)) continue;
        t->misses++;
        keep_extremes(&t->lo, &t->hi, v, n, pid, line, key, extras);
    }
}


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
    /* the periods seen, a bit each: one word inline (a year of months), more on the heap */
    union { uint64_t one; uint64_t *many; } bits; int32_t nwords;
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
    if (s->nwords > 1) PyMem_Free(s->bits.many);
    row_clear(&s->latest); row_clear(&s->earliest); row_clear(&s->baseline);
    if (s->window) {
        Window *w = s->window;
        row_clear(&w->last); row_clear(&w->lo); row_clear(&w->hi);
        for (int i = 0; i < 2; i++) { row_clear(&w->tally[i].lo); row_clear(&w->tally[i].hi); }
        PyMem_Free(w);
    }
}

static uint64_t *slot_words(Slot *s) { return s->nwords > 1 ? s->bits.many : &s->bits.one; }

static const uint64_t *slot_words_c(const Slot *s)
{
    return s->nwords > 1 ? s->bits.many : &s->bits.one;
}

/* room for ``words`` words of bits (new ones zero); -1 on memory error */
static int slot_grow(Slot *s, int32_t words)
{
    if (words <= s->nwords) return 0;
    if (words == 1) { s->bits.one = 0; s->nwords = 1; return 0; }
    uint64_t *many;
    if (s->nwords > 1) {
        many = PyMem_Realloc(s->bits.many, (size_t)words * sizeof(uint64_t));
        if (!many) { PyErr_NoMemory(); return -1; }
        memset(many + s->nwords, 0, (size_t)(words - s->nwords) * sizeof(uint64_t));
    } else {
        many = PyMem_Calloc((size_t)words, sizeof(uint64_t));
        if (!many) { PyErr_NoMemory(); return -1; }
        if (s->nwords == 1) many[0] = s->bits.one;
    }
    s->bits.many = many; s->nwords = words;
    return 0;
}

/* test and set; -1 on memory error */
static int mark(Slot *s, int32_t pid)
{
    int32_t word = pid >> 6;
    if (word >= s->nwords
        && slot_grow(s, word + 1 > s->nwords * 2 ? word + 1 : s->nwords * 2) < 0)
        return -1;
    uint64_t *w = slot_words(s), bit = 1ULL << (pid & 63);
    if (w[word] & bit) return 1;
    w[word] |= bit;
    return 0;
}

static int seen(const Slot *s, int32_t pid)
{
    int32_t word = pid >> 6;
    return word < s->nwords && (slot_words_c(s)[word] >> (pid & 63) & 1);
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


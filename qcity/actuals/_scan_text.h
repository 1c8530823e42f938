/* qcity.actuals._scan: exact decimal comparison, a byte-string hash table, UTF-8 checks.
 * Included once, by _scan.c. */

/* ---- exact decimals ------------------------------------------------------ */

typedef struct {
    int neg;
    const char *ip; int ilen;   /* integer digits, leading zeros stripped */
    const char *fp; int flen;   /* fraction digits, trailing zeros stripped */
} Dec;

/* text is digits with at most one '.', optionally a leading '-' (thresholds) */
static void dec_parse(const char *s, int n, Dec *d)
{
    int i = 0, dot;
    d->neg = 0;
    if (n > 0 && s[0] == '-') { d->neg = 1; i = 1; }
    for (dot = i; dot < n && s[dot] != '.'; dot++) {}
    while (i < dot && s[i] == '0') i++;
    d->ip = s + i; d->ilen = dot - i;
    if (dot < n) {
        int e = n;
        while (e > dot + 1 && s[e - 1] == '0') e--;
        d->fp = s + dot + 1; d->flen = e - dot - 1;
    } else {
        d->fp = s + n; d->flen = 0;
    }
    if (d->ilen == 0 && d->flen == 0) d->neg = 0;  /* -0 is 0 */
}

static int mag_cmp(const Dec *a, const Dec *b)
{
    int c, m;
    if (a->ilen != b->ilen) return a->ilen < b->ilen ? -1 : 1;
    c = memcmp(a->ip, b->ip, a->ilen);
    if (c) return c < 0 ? -1 : 1;
    m = a->flen < b->flen ? a->flen : b->flen;
    c = memcmp(a->fp, b->fp, m);
    if (c) return c < 0 ? -1 : 1;
    if (a->flen != b->flen) return a->flen < b->flen ? -1 : 1;
    return 0;
}

static int dec_cmp(const Dec *a, const Dec *b)
{
    if (a->neg != b->neg) return a->neg ? -1 : 1;
    return a->neg ? -mag_cmp(a, b) : mag_cmp(a, b);
}

static int text_cmp(const char *a, int an, const char *b, int bn)
{
    Dec x, y;
    dec_parse(a, an, &x);
    dec_parse(b, bn, &y);
    return dec_cmp(&x, &y);
}

/* ---- byte-string hash table ------------------------------------------------ */

typedef struct { uint64_t hash; char *key; Py_ssize_t len; int32_t value; } Entry;
typedef struct { Entry *entries; Py_ssize_t cap, used; } Table;

/* Python's own keyed hash of bytes (SipHash, its key random per process unless
 * PYTHONHASHSEED says otherwise): city, metric and unit texts come from the file, and
 * with an unkeyed hash (FNV-1a before) a file of colliding names made every lookup walk
 * them all (131,072 city names: 22 s instead of 0.9 s). */
static uint64_t hash_bytes(const char *s, Py_ssize_t n)
{
#if PY_VERSION_HEX >= 0x030E0000
    uint64_t h = (uint64_t)Py_HashBuffer(s, n);
#else
    uint64_t h = (uint64_t)_Py_HashBytes(s, n);
#endif
    return h ? h : 1;
}

static int table_find(const Table *t, const char *s, Py_ssize_t n, uint64_t h)
{
    if (!t->cap) return -1;
    Py_ssize_t mask = t->cap - 1, i = (Py_ssize_t)(h & (uint64_t)mask);
    for (;;) {
        const Entry *e = &t->entries[i];
        if (!e->hash) return -1;
        if (e->hash == h && e->len == n && memcmp(e->key, s, n) == 0) return e->value;
        i = (i + 1) & mask;
    }
}

static int table_put(Table *t, const char *s, Py_ssize_t n, int32_t value)
{
    uint64_t h = hash_bytes(s, n);
    if ((t->used + 1) * 2 > t->cap) {
        Py_ssize_t cap = t->cap ? t->cap * 2 : 1024;
        Entry *fresh = PyMem_Calloc(cap, sizeof(Entry));
        if (!fresh) { PyErr_NoMemory(); return -1; }
        for (Py_ssize_t j = 0; j < t->cap; j++) {
            Entry *e = &t->entries[j];
            if (!e->hash) continue;
            Py_ssize_t i = (Py_ssize_t)(e->hash & (uint64_t)(cap - 1));
            while (fresh[i].hash) i = (i + 1) & (cap - 1);
            fresh[i] = *e;
        }
        PyMem_Free(t->entries);
        t->entries = fresh; t->cap = cap;
    }
    Py_ssize_t mask = t->cap - 1, i = (Py_ssize_t)(h & (uint64_t)mask);
    while (t->entries[i].hash) {
        Entry *e = &t->entries[i];
        if (e->hash == h && e->len == n && memcmp(e->key, s, n) == 0) { e->value = value; return 0; }
        i = (i + 1) & mask;
    }
    char *copy = PyMem_Malloc(n ? n : 1);
    if (!copy) { PyErr_NoMemory(); return -1; }
    memcpy(copy, s, n);
    t->entries[i].hash = h; t->entries[i].key = copy; t->entries[i].len = n;
    t->entries[i].value = value;
    t->used++;
    return 0;
}

static void table_free(Table *t)
{
    for (Py_ssize_t i = 0; i < t->cap; i++)
        if (t->entries[i].hash) PyMem_Free(t->entries[i].key);
    PyMem_Free(t->entries);
    t->entries = NULL; t->cap = t->used = 0;
}

static int utf8_len(const unsigned char *p, const unsigned char *end)
{
    /* length of the valid UTF-8 sequence at p (first byte >= 0x80), 0 if invalid */
    unsigned char c = p[0];
    if (c >= 0xC2 && c <= 0xDF) {
        return (end - p >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;     /* overlong */
        if (c == 0xED && p[1] >= 0xA0) return 0;    /* surrogates */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80
            || (p[3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}


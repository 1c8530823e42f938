/* qcity.actuals._scan: the slot of each (city, metric) (included once, by _scan.c,
 * after _scan_slots.h).
 *
 * A dense array [city * nmetrics + metric] while that stays small (the usual file: a
 * few hundred cities, tens of metrics, one array lookup a row); past DENSE_MAX entries,
 * a hash table of the pairs that have a slot, so 5,000 metrics over 50,000 one-row
 * cities cost memory for 50,000 slots, not for 250 million pairs.  The keys are our
 * own sequential ids, not text from the file: nothing an input could flood. */

#define DENSE_MAX (1 << 22)  /* entries (16 MiB) before the pairs go into a hash table */

static inline uint64_t pair_key(int32_t city, int32_t metric)
{
    return (((uint64_t)(uint32_t)city << 32) | (uint32_t)metric) + 1;  /* 0: empty */
}

static inline uint64_t mix64(uint64_t x)  /* splitmix64's finaliser */
{
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static inline int32_t slot_get(const Scanner *self, int32_t city, int32_t metric)
{
    if (!self->pairs)
        return city < self->ncities ? self->slot_of[(Py_ssize_t)city * self->nmetrics + metric]
                                    : -1;
    const uint64_t key = pair_key(city, metric);
    const Py_ssize_t mask = self->npairs_cap - 1;
    for (Py_ssize_t i = (Py_ssize_t)(mix64(key) & (uint64_t)mask);; i = (i + 1) & mask) {
        const Pair *p = &self->pairs[i];
        if (p->key == key) return p->slot;
        if (!p->key) return -1;
    }
}

static void pairs_insert(Pair *pairs, Py_ssize_t cap, uint64_t key, int32_t slot)
{
    Py_ssize_t i = (Py_ssize_t)(mix64(key) & (uint64_t)(cap - 1));
    while (pairs[i].key && pairs[i].key != key) i = (i + 1) & (cap - 1);
    pairs[i].key = key; pairs[i].slot = slot;
}

/* room for one more pair in the hash table; -1 on memory error */
static int pairs_room(Scanner *self)
{
    if ((self->nslots + 1) * 2 <= self->npairs_cap) return 0;
    Py_ssize_t cap = self->npairs_cap ? self->npairs_cap * 2 : 1024;
    while (cap < (self->nslots + 1) * 2) cap *= 2;
    Pair *fresh = PyMem_Calloc(cap, sizeof(Pair));
    if (!fresh) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t s = 0; s < self->nslots; s++)  /* every slot knows its pair */
        pairs_insert(fresh, cap, pair_key(self->slots[s].city, self->slots[s].metric),
                     (int32_t)s);
    PyMem_Free(self->pairs);
    self->pairs = fresh; self->npairs_cap = cap;
    return 0;
}

/* the dense array grows to hold ``city``, or gives way to the hash table; -1 on error */
static int room_for_city(Scanner *self, Py_ssize_t city)
{
    if (self->pairs || city < self->ncities) return 0;
    Py_ssize_t cap = city + 1 > self->ncities * 2 ? city + 1 : self->ncities * 2;
    if ((double)cap * self->nmetrics > DENSE_MAX) {
        if (pairs_room(self) < 0) return -1;
        PyMem_Free(self->slot_of);
        self->slot_of = NULL; self->ncities = 0;
        return 0;
    }
    int32_t *slot_of = PyMem_Realloc(self->slot_of,
                                     (size_t)cap * self->nmetrics * sizeof(int32_t));
    if (!slot_of) { PyErr_NoMemory(); return -1; }
    for (Py_ssize_t i = self->ncities * self->nmetrics; i < cap * self->nmetrics; i++)
        slot_of[i] = -1;
    self->slot_of = slot_of; self->ncities = cap;
    return 0;
}

/* record the slot of (city, metric), a pair without one; -1 on memory error */
static int slot_set(Scanner *self, int32_t city, int32_t metric, int32_t slot)
{
    if (room_for_city(self, city) < 0) return -1;
    if (!self->pairs) {
        self->slot_of[(Py_ssize_t)city * self->nmetrics + metric] = slot;
        return 0;
    }
    if (pairs_room(self) < 0) return -1;
    pairs_insert(self->pairs, self->npairs_cap, pair_key(city, metric), slot);
    return 0;
}

/* The PDF reader's per-glyph line building, compiled (policytext.read.pdf).
 *
 * Both PDF engines hand their glyphs to the same line builder in pdf.py: a glyph
 * object a glyph, grouped into physical lines by their vertical centre, each line
 * put in x order, its overprinted copies dropped, its text and box made.  In
 * Python those per-glyph passes were most of the reading of an ordinary Chinese
 * document.  This module has the glyph (Glyph: the fields of pdf._Glyph, each the
 * very Python object given, so nothing is converted or rounded) and the passes of
 * the common case in C:
 *
 *   take(records, ...)   pdf._read_page's loop over the glyph records, for the
 *                        plain ones (visible, upright, not light, one character)
 *   group(glyphs)        pdf._group
 *   row(line, page_style, dedup, has_latin, is_latin, cell_gap)
 *                        pdf._row (with _dedup, _plain_row and _line_row) for a
 *                        line that _order leaves as it is; one it reorders (a link
 *                        stamp over the text) goes on in Python from _dedup's line
 *   ink(glyphs)          pdf._read_page's glyphs that are not spaces, main style
 *   places(ink, cell)    pdf._layers' count of the distinct places of the glyphs
 *
 * Each gives exactly what the Python code gives, by the same operations on the
 * same doubles in the same order (built with -ffp-contract=off), or None where it
 * does not apply (a glyph not of this type, a coordinate not a float, a NaN sort
 * key): the caller then runs the Python code, which stays the reference (and the
 * fallback where this module could not be built, or POLICYTEXT_LINE_LOOPS=python);
 * a test compares the two on every PDF fixture and corpus file.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include "structmember.h"

#define VERSION 1

/* ------------------------------------------------------------------------- */
/* Glyph */

typedef struct {
    PyObject_HEAD
    PyObject *text, *x0, *x1, *top, *bottom, *size, *style, *seq;
} Glyph;

static PyTypeObject GlyphType;
static PyObject *ZERO;  /* seq's default */
static PyObject *EMPTY; /* "" (the separator of a join) */
static PyObject *TAB, *SPACE, *ZERO_F; /* "\t", " ", 0.0 */

static const char *FIELDS[] = {"text", "x0", "x1", "top", "bottom", "size", "style", "seq",
                               NULL};

static void
glyph_dealloc(Glyph *g)
{
    Py_XDECREF(g->text);
    Py_XDECREF(g->x0);
    Py_XDECREF(g->x1);
    Py_XDECREF(g->top);
    Py_XDECREF(g->bottom);
    Py_XDECREF(g->size);
    Py_XDECREF(g->style);
    Py_XDECREF(g->seq);
    Py_TYPE(g)->tp_free((PyObject *)g);
}

static PyObject *
glyph_make(PyTypeObject *type, PyObject *const *v, Py_ssize_t n)
{
    Glyph *g = (Glyph *)type->tp_alloc(type, 0);
    if (g == NULL)
        return NULL;
    PyObject **slot = &g->text;
    for (Py_ssize_t i = 0; i < 7; i++) {
        Py_INCREF(v[i]);
        slot[i] = v[i];
    }
    g->seq = n > 7 ? v[7] : ZERO;
    Py_INCREF(g->seq);
    return (PyObject *)g;
}

static PyObject *glyph_new(PyTypeObject *type, PyObject *args, PyObject *kwargs);

/* Glyph(text, x0, x1, top, bottom, size, style, seq=0), by position (the way the
 * reader makes them, without an argument tuple) ... */
static PyObject *
glyph_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    if (kwnames == NULL || PyTuple_GET_SIZE(kwnames) == 0) {
        if (n == 7 || n == 8)
            return glyph_make((PyTypeObject *)type, args, n);
        PyErr_Format(PyExc_TypeError, "Glyph() takes 7 or 8 arguments (%zd given)", n);
        return NULL;
    }
    /* ... or with keywords */
    PyObject *tuple = PyTuple_New(n);
    if (tuple == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(tuple, i, args[i]);
    }
    PyObject *kwargs = PyDict_New();
    if (kwargs == NULL) {
        Py_DECREF(tuple);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); i++) {
        if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), args[n + i]) < 0) {
            Py_DECREF(tuple);
            Py_DECREF(kwargs);
            return NULL;
        }
    }
    PyObject *out = glyph_new((PyTypeObject *)type, tuple, kwargs);
    Py_DECREF(tuple);
    Py_DECREF(kwargs);
    return out;
}

static PyObject *
glyph_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *v[8] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, ZERO};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOOOOO|O:Glyph", (char **)FIELDS, &v[0],
                                     &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]))
        return NULL;
    return glyph_make(type, v, 8);
}

static PyObject *
glyph_repr(Glyph *g)
{
    return PyUnicode_FromFormat("_Glyph(text=%R, x0=%R, x1=%R, top=%R, bottom=%R, size=%R, "
                                "style=%R, seq=%R)", g->text, g->x0, g->x1, g->top,
                                g->bottom, g->size, g->style, g->seq);
}

static PyMemberDef glyph_members[] = {
    {"text", T_OBJECT_EX, offsetof(Glyph, text), 0, NULL},
    {"x0", T_OBJECT_EX, offsetof(Glyph, x0), 0, NULL},
    {"x1", T_OBJECT_EX, offsetof(Glyph, x1), 0, NULL},
    {"top", T_OBJECT_EX, offsetof(Glyph, top), 0, NULL},
    {"bottom", T_OBJECT_EX, offsetof(Glyph, bottom), 0, NULL},
    {"size", T_OBJECT_EX, offsetof(Glyph, size), 0, NULL},
    {"style", T_OBJECT_EX, offsetof(Glyph, style), 0, NULL},
    {"seq", T_OBJECT_EX, offsetof(Glyph, seq), 0, NULL},
    {NULL},
};

/* (No garbage-collector support: a glyph holds a string, floats and a style tuple of
 * strings, numbers and booleans, which cannot refer back to it.) */
static PyTypeObject GlyphType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "policytext.read._line_loops.Glyph",
    .tp_basicsize = sizeof(Glyph),
    .tp_dealloc = (destructor)glyph_dealloc,
    .tp_repr = (reprfunc)glyph_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A glyph of a page: text, x0, x1, top, bottom, size, style, seq "
              "(as policytext.read.pdf._Glyph).",
    .tp_members = glyph_members,
    .tp_new = glyph_new,
    .tp_vectorcall = glyph_vectorcall,
};

/* ------------------------------------------------------------------------- */
/* Helpers */

/* A float field's value; 0 (and the caller gives up) when it is not exactly a float (or
 * was deleted). */
static inline int
dbl(PyObject *o, double *out)
{
    if (o == NULL || !PyFloat_CheckExact(o))
        return 0;
    *out = PyFloat_AS_DOUBLE(o);
    return 1;
}

typedef struct {
    double key;
    Py_ssize_t index;
} keyed;

/* By key, then by position: the order of Python's (stable) sort of non-NaN keys. */
static int
by_key(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->key < q->key)
        return -1;
    if (p->key > q->key)
        return 1;
    return (p->index > q->index) - (p->index < q->index);
}

/* Sort the list ``items`` in place by ``keys`` (one per item, none NaN), as
 * ``items.sort(key=...)`` would. */
static int
sort_in_place(PyObject *items, keyed *keys, Py_ssize_t n)
{
    int sorted = 1;
    for (Py_ssize_t i = 1; i < n && sorted; i++)
        sorted = !(keys[i].key < keys[i - 1].key);
    if (sorted)
        return 0;
    qsort(keys, (size_t)n, sizeof(keyed), by_key);
    PyObject **was = PyMem_Malloc(n * sizeof(PyObject *));
    if (was == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        was[i] = PyList_GET_ITEM(items, i);
    for (Py_ssize_t i = 0; i < n; i++)
        PyList_SET_ITEM(items, i, was[keys[i].index]);
    PyMem_Free(was);
    return 0;
}

/* ------------------------------------------------------------------------- */
/* group */

/* pdf._group: glyphs sorted (in place) by top + bottom, split where the vertical
 * centre jumps by more than 0.4 of the line's largest size (at least 1). */
static PyObject *
group(PyObject *self, PyObject *glyphs)
{
    if (!PyList_CheckExact(glyphs))
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    keyed *keys = PyMem_Malloc((n ? n : 1) * sizeof(keyed));
    if (keys == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = PyList_GET_ITEM(glyphs, i);
        double top, bottom, size;
        if (!Py_IS_TYPE(o, &GlyphType) || !dbl(((Glyph *)o)->top, &top)
                || !dbl(((Glyph *)o)->bottom, &bottom) || !dbl(((Glyph *)o)->size, &size)
                || isnan(top + bottom)) {
            PyMem_Free(keys);
            Py_RETURN_NONE;
        }
        keys[i].key = top + bottom;
        keys[i].index = i;
    }
    if (sort_in_place(glyphs, keys, n) < 0) {
        PyMem_Free(keys);
        return NULL;
    }
    PyMem_Free(keys);
    PyObject *lines = PyList_New(0);
    if (lines == NULL)
        return NULL;
    PyObject *line = NULL; /* (borrowed: held by lines) */
    double mid = 0.0, size = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(glyphs, i);
        double gm = (PyFloat_AS_DOUBLE(g->top) + PyFloat_AS_DOUBLE(g->bottom)) / 2;
        double gs = PyFloat_AS_DOUBLE(g->size);
        double big = size > gs ? size : gs;
        if (line != NULL && fabs(gm - mid) <= 0.4 * (1.0 > big ? 1.0 : big)) {
            if (PyList_Append(line, (PyObject *)g) < 0)
                goto fail;
            if (gs > size)
                size = gs;
        }
        else {
            line = PyList_New(1);
            if (line == NULL)
                goto fail;
            Py_INCREF(g);
            PyList_SET_ITEM(line, 0, (PyObject *)g);
            int err = PyList_Append(lines, line);
            Py_DECREF(line);
            if (err < 0)
                goto fail;
            mid = gm;
            size = gs;
        }
    }
    return lines;
fail:
    Py_DECREF(lines);
    return NULL;
}

/* ------------------------------------------------------------------------- */
/* row */

#define F(g, field) PyFloat_AS_DOUBLE(((Glyph *)(g))->field)

/* pdf._overprints: whether g repeats one of the last (up to) four kept glyphs. */
static int
overprints(Glyph *g, PyObject *kept)
{
    Py_ssize_t n = PyList_GET_SIZE(kept);
    double size = F(g, size), width = F(g, x1) - F(g, x0);
    double a = 0.25 * (1.0 > size ? 1.0 : size);
    double b = 0.5 * (0.1 > width ? 0.1 : width);
    double tol = b < a ? b : a;
    for (Py_ssize_t i = n > 4 ? n - 4 : 0; i < n; i++) {
        Glyph *k = (Glyph *)PyList_GET_ITEM(kept, i);
        int same = PyObject_RichCompareBool(k->text, g->text, Py_EQ);
        if (same < 0)
            return -1;
        if (same && fabs(F(k, x0) - F(g, x0)) < tol && fabs(F(k, top) - F(g, top)) < tol)
            return 1;
    }
    return 0;
}

/* pdf._dedup: (the glyphs kept, the texts dropped joined); a new reference to ``line``
 * itself when nothing is dropped.  (Python's shortcut for a line with no text twice
 * gives the same: a glyph is only dropped for repeating a kept glyph's text.) */
static int
dedup(PyObject *line, PyObject **kept_out, PyObject **dup_out)
{
    Py_ssize_t n = PyList_GET_SIZE(line);
    PyObject *kept = PyList_New(0), *dropped = PyList_New(0);
    PyObject *t[4] = {NULL, NULL, NULL, NULL}; /* the texts of the last four kept (borrowed) */
    if (kept == NULL || dropped == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(line, i);
        int again = 0;
        for (int j = 0; j < 4 && !again && t[j] != NULL; j++) {
            again = PyObject_RichCompareBool(g->text, t[j], Py_EQ);
            if (again < 0)
                goto fail;
        }
        if (again) {
            int over = overprints(g, kept);
            if (over < 0)
                goto fail;
            if (over) {
                if (PyList_Append(dropped, g->text) < 0)
                    goto fail;
                continue;
            }
        }
        if (PyList_Append(kept, (PyObject *)g) < 0)
            goto fail;
        t[3] = t[2];
        t[2] = t[1];
        t[1] = t[0];
        t[0] = g->text;
    }
    if (PyList_GET_SIZE(dropped) == 0) {
        Py_DECREF(kept);
        Py_INCREF(line);
        *kept_out = line;
        *dup_out = PyUnicode_New(0, 0);
    }
    else {
        *kept_out = kept;
        *dup_out = PyUnicode_Join(EMPTY, dropped);
    }
    Py_DECREF(dropped);
    if (*dup_out == NULL) {
        Py_CLEAR(*kept_out);
        return -1;
    }
    return 0;
fail:
    Py_XDECREF(kept);
    Py_XDECREF(dropped);
    return -1;
}

static PyObject *main_style(PyObject *line, int skip_space, PyObject *prefer, int *many);

/* _line_row's figures of a line's inked glyphs: the box (min() and max(): the first of
 * the least or greatest values) and the median size (Python's own sort of the size
 * objects); borrowed references, ``size`` and ``sizes`` held by the caller. */
static int
line_box(PyObject *ink, PyObject **box, PyObject **sizes_out)
{
    Py_ssize_t n = PyList_GET_SIZE(ink);
    PyObject *sizes = PyList_New(n);
    if (sizes == NULL)
        return -1;
    PyObject *x0 = NULL, *x1 = NULL, *top = NULL, *bottom = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(ink, i);
        Py_INCREF(g->size);
        PyList_SET_ITEM(sizes, i, g->size);
        if (x0 == NULL || PyFloat_AS_DOUBLE(g->x0) < PyFloat_AS_DOUBLE(x0))
            x0 = g->x0;
        if (x1 == NULL || PyFloat_AS_DOUBLE(g->x1) > PyFloat_AS_DOUBLE(x1))
            x1 = g->x1;
        if (top == NULL || PyFloat_AS_DOUBLE(g->top) < PyFloat_AS_DOUBLE(top))
            top = g->top;
        if (bottom == NULL || PyFloat_AS_DOUBLE(g->bottom) > PyFloat_AS_DOUBLE(bottom))
            bottom = g->bottom;
    }
    if (PyList_Sort(sizes) < 0) {
        Py_DECREF(sizes);
        return -1;
    }
    box[0] = x0;
    box[1] = x1;
    box[2] = top;
    box[3] = bottom;
    box[4] = PyList_GET_ITEM(sizes, n / 2);
    *sizes_out = sizes;
    return 0;
}

/* The row's tuple: (text, cells, x0, x1, top, bottom, size, style, lead, dup); its
 * style the first glyph's, or of a ``mixed`` line the most frequent (_line_row). */
static PyObject *
row_tuple(PyObject *ink, PyObject *text, int cells, PyObject *lead, PyObject *dup, int mixed)
{
    PyObject *box[5], *sizes;
    PyObject *style = ((Glyph *)PyList_GET_ITEM(ink, 0))->style;
    int many;
    if (mixed && (style = main_style(ink, 0, NULL, &many)) == NULL)
        return NULL; /* (an error; or too many styles, no exception: the Python code) */
    if (line_box(ink, box, &sizes) < 0)
        return NULL;
    PyObject *out = PyTuple_Pack(10, text, cells ? Py_True : Py_False, box[0], box[1], box[2],
                                 box[3], box[4], style, lead, dup);
    Py_DECREF(sizes);
    return out;
}

static inline int
far_apart(PyObject *prev, PyObject *g, double cell_gap)
{
    double gs = F(g, size), ps = F(prev, size);
    return F(g, x0) - F(prev, x1) > cell_gap * (ps > gs ? ps : gs);
}

/* pdf._plain_row for a line of one style with no Latin character and no space glyph:
 * its text (tabs between cells) and whether it is a row of cells. */
static PyObject *
plain_text(PyObject *line, PyObject *texts, PyObject *joined, double cell_gap, int *cells)
{
    Py_ssize_t n = PyList_GET_SIZE(line), ncut = 0, cell = 0;
    int letters = 1; /* every cell one character: a letter-spaced word (通　　知), not cells */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i > 0 && far_apart(PyList_GET_ITEM(line, i - 1), PyList_GET_ITEM(line, i),
                               cell_gap)) {
            ncut++;
            letters = letters && cell == 1;
            cell = 0;
        }
        cell += PyUnicode_GET_LENGTH(PyList_GET_ITEM(texts, i));
    }
    letters = letters && cell == 1;
    *cells = ncut && !letters;
    if (!*cells) {
        Py_INCREF(joined);
        return joined;
    }
    PyObject *parts = PyList_New(0), *text = NULL;
    if (parts == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i > 0 && far_apart(PyList_GET_ITEM(line, i - 1), PyList_GET_ITEM(line, i),
                               cell_gap) && PyList_Append(parts, TAB) < 0)
            goto done;
        if (PyList_Append(parts, PyList_GET_ITEM(texts, i)) < 0)
            goto done;
    }
    text = PyUnicode_Join(EMPTY, parts);
done:
    Py_DECREF(parts);
    return text;
}

/* str.isspace */
static int
all_space(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n == 0)
        return 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, i)))
            return 0;
    return 1;
}

/* is_latin(text[k]) (the Python function, cached there): 1, 0, or -1 on an error */
static int
latin_at(PyObject *is_latin, PyObject *text, Py_ssize_t k)
{
    PyObject *ch, *r;
    if (PyUnicode_GET_LENGTH(text) == 1) {
        Py_INCREF(text);
        ch = text;
    }
    else if ((ch = PyUnicode_Substring(text, k, k + 1)) == NULL)
        return -1;
    r = PyObject_CallOneArg(is_latin, ch);
    Py_DECREF(ch);
    if (r == NULL)
        return -1;
    int is = PyObject_IsTrue(r);
    Py_DECREF(r);
    return is;
}

static int
by_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;
    return (p > q) - (p < q);
}

/* The rest of pdf._row for a line of one style with a Latin character (``latin``) or a
 * space glyph: word spaces, cells, the leading Latin word.  The row's tuple; a 1-tuple
 * (dup) where the line is only spaces; NULL with no exception set where a gap is NaN
 * or there are too many styles (the Python code then). */
static PyObject *
latin_row(PyObject *line, int latin, PyObject *is_latin, double cell_gap, PyObject *dup,
          int mixed)
{
    Py_ssize_t n = PyList_GET_SIZE(line);
    PyObject *out = NULL, *parts = NULL, *ink = NULL, *text = NULL, *lead = NULL;
    Py_ssize_t *tabs = NULL; /* parts index of a cell gap, ... */
    char *alt = NULL;        /* ... and whether it is a word space if no table */
    Py_ssize_t ntabs = 0;
    /* first[i], last[i]: is_latin of the first and last character of glyph i; space[i] */
    char *flags = PyMem_Malloc(3 * n + 1);
    double *gaps = PyMem_Malloc((n + 1) * sizeof(double));
    if (flags == NULL || gaps == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    char *first = flags, *last = flags + n, *space_of = flags + 2 * n;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = ((Glyph *)PyList_GET_ITEM(line, i))->text;
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        if (len == 0) { /* (the Python code's text[0] fails: let it) */
            PyMem_Free(flags);
            PyMem_Free(gaps);
            return NULL;
        }
        space_of[i] = (char)all_space(t);
        if (latin) {
            int a = latin_at(is_latin, t, 0), b = len == 1 ? a : latin_at(is_latin, t, len - 1);
            if (a < 0 || b < 0)
                goto done;
            first[i] = (char)a;
            last[i] = (char)b;
        }
        else
            first[i] = last[i] = 0;
    }
    /* letter-spaced Latin text is not a row of words: a word space is a gap wider than
     * the line's usual gap between letters */
    Py_ssize_t ngaps = 0;
    for (Py_ssize_t i = 1; latin && i < n; i++) {
        if (last[i - 1] && first[i] && !space_of[i - 1] && !space_of[i]) {
            double gap = F(PyList_GET_ITEM(line, i), x0) - F(PyList_GET_ITEM(line, i - 1), x1);
            if (isnan(gap)) {
                PyMem_Free(flags);
                PyMem_Free(gaps);
                return NULL;
            }
            gaps[ngaps++] = gap;
        }
    }
    double usual = 0.0;
    if (ngaps >= 4) {
        qsort(gaps, (size_t)ngaps, sizeof(double), by_double);
        usual = 0.0 < gaps[ngaps / 2] ? gaps[ngaps / 2] : 0.0;
    }
    parts = PyList_New(0);
    ink = PyList_New(0);
    tabs = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    alt = PyMem_Malloc(n + 1);
    if (parts == NULL || ink == NULL || tabs == NULL || alt == NULL) {
        if (tabs == NULL || alt == NULL)
            PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t prev = -1;
    int space = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(line, i);
        if (space_of[i]) {
            space = 1;
            continue;
        }
        int word_space = 0;
        if (prev >= 0) {
            PyObject *p = PyList_GET_ITEM(line, prev);
            double gs = F(g, size), ps = F(p, size);
            word_space = latin && last[prev] && first[i]
                && (space || F(g, x0) - F(p, x1) - usual > 0.2 * (ps < gs ? ps : gs));
            if (!space && F(g, x0) - F(p, x1) > cell_gap * (ps > gs ? ps : gs)) {
                tabs[ntabs] = PyList_GET_SIZE(parts);
                alt[ntabs++] = (char)word_space;
                if (PyList_Append(parts, TAB) < 0)
                    goto done;
            }
            else if (word_space && PyList_Append(parts, SPACE) < 0)
                goto done;
        }
        if (PyList_Append(parts, g->text) < 0 || PyList_Append(ink, (PyObject *)g) < 0)
            goto done;
        prev = i;
        space = 0;
    }
    if (PyList_GET_SIZE(ink) == 0) {
        out = PyTuple_Pack(1, dup);
        goto done;
    }
    int cells = ntabs > 0;
    text = PyUnicode_Join(EMPTY, parts);
    if (text == NULL)
        goto done;
    if (cells) {
        /* a letter-spaced word (通　　知, — 5 —), not cells: every cell one character */
        PyObject *split = PyUnicode_Split(text, TAB, -1);
        if (split == NULL)
            goto done;
        int letters = 1;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(split) && letters; i++)
            letters = PyUnicode_GET_LENGTH(PyList_GET_ITEM(split, i)) == 1;
        Py_DECREF(split);
        if (letters) {
            for (Py_ssize_t k = 0; k < ntabs; k++) {
                PyObject *a = alt[k] ? SPACE : EMPTY;
                Py_INCREF(a);
                if (PyList_SetItem(parts, tabs[k], a) < 0)
                    goto done;
            }
            cells = 0;
            Py_SETREF(text, PyUnicode_Join(EMPTY, parts));
            if (text == NULL)
                goto done;
        }
    }
    /* the width of the Latin word the line starts with (not a number) */
    Py_ssize_t m = PyList_GET_SIZE(ink);
    PyObject *g0 = PyList_GET_ITEM(ink, 0);
    PyObject *t0 = ((Glyph *)g0)->text;
    int l0 = latin_at(is_latin, t0, 0);
    if (l0 < 0)
        goto done;
    if (l0 && !Py_UNICODE_ISDIGIT(PyUnicode_READ_CHAR(t0, 0))) {
        Py_ssize_t k = 0;
        while (k + 1 < m) {
            PyObject *a = PyList_GET_ITEM(ink, k), *b = PyList_GET_ITEM(ink, k + 1);
            int lb = latin_at(is_latin, ((Glyph *)b)->text, 0);
            if (lb < 0)
                goto done;
            if (!lb || !(F(b, x0) - F(a, x1) - usual <= 0.2 * F(a, size)))
                break;
            k++;
        }
        lead = PyFloat_FromDouble(F(PyList_GET_ITEM(ink, k), x1) - F(g0, x0));
    }
    else {
        Py_INCREF(ZERO_F);
        lead = ZERO_F;
    }
    if (lead == NULL)
        goto done;
    out = row_tuple(ink, text, cells, lead, dup, mixed);
done:
    PyMem_Free(flags);
    PyMem_Free(gaps);
    PyMem_Free(tabs);
    PyMem_Free(alt);
    Py_XDECREF(parts);
    Py_XDECREF(ink);
    Py_XDECREF(text);
    Py_XDECREF(lead);
    return out;
}

/* The most distinct styles main_style() counts (one by one against each other: a
 * hostile page's glyphs may each have a style of their own, which Python's Counter
 * counts in linear time). */
#define MAX_STYLES 64

/* Counter(styles).most_common(1)[0][0] of the glyphs of ``line`` that are not spaces
 * (``skip_space``) or of all: the most frequent style, the first seen of equals; or, with
 * ``prefer`` one of them (``page_style in styles``), ``prefer``.  A borrowed reference;
 * NULL with no exception when there is no glyph to count or more than MAX_STYLES styles
 * (``*many`` set), NULL with one on an error. */
static PyObject *
main_style(PyObject *line, int skip_space, PyObject *prefer, int *many)
{
    Py_ssize_t n = PyList_GET_SIZE(line), distinct = 0;
    PyObject *style[MAX_STYLES];
    Py_ssize_t count[MAX_STYLES];
    PyObject *out = NULL;
    *many = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(line, i);
        if (skip_space && all_space(g->text))
            continue;
        if (prefer != NULL) {
            int same = PyObject_RichCompareBool(g->style, prefer, Py_EQ);
            if (same < 0)
                goto done;
            if (same) {
                out = prefer;
                goto done;
            }
        }
        Py_ssize_t k = 0;
        for (; k < distinct; k++) {
            int same = PyObject_RichCompareBool(g->style, style[k], Py_EQ);
            if (same < 0)
                goto done;
            if (same)
                break;
        }
        if (k == distinct) {
            if (distinct == MAX_STYLES) {
                *many = 1;
                return NULL;
            }
            style[distinct] = g->style;
            count[distinct++] = 0;
        }
        count[k]++;
    }
    Py_ssize_t best = -1; /* the first of the greatest counts */
    for (Py_ssize_t k = 0; k < distinct; k++)
        if (best < 0 || count[k] > count[best])
            best = k;
    out = best < 0 ? NULL : style[best];
done:
    return out;
}

/* Whether pdf._order would leave ``line`` (sorted by x0) as it is: no glyph of another
 * style than the main one is printed over a glyph of the main style (the link stamp it
 * keeps in one piece needs two such glyphs).  1, 0 (the Python code orders it), -1. */
static int
in_order(PyObject *line, PyObject *page_style)
{
    Py_ssize_t n = PyList_GET_SIZE(line), nbody = 0;
    int many;
    PyObject *main = main_style(line, 1, page_style, &many);
    if (main == NULL)
        return PyErr_Occurred() ? -1 : many ? 0 : 1; /* (many: the Python code; none: spaces) */
    Py_ssize_t *body = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    char *is_main = PyMem_Malloc(n + 1);
    int out = -1;
    if (body == NULL || is_main == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(line, i);
        int same = PyObject_RichCompareBool(g->style, main, Py_EQ);
        if (same < 0)
            goto done;
        is_main[i] = (char)(same || all_space(g->text));
        if (same && !all_space(g->text))
            body[nbody++] = i;
    }
    out = 1;
    for (Py_ssize_t i = 0; i < n && out; i++) {
        if (is_main[i])
            continue;
        PyObject *g = PyList_GET_ITEM(line, i);
        double mid = (F(g, x0) + F(g, x1)) / 2;
        Py_ssize_t lo = 0, hi = nbody; /* bisect.bisect_right(starts, mid) */
        while (lo < hi) {
            Py_ssize_t m = (lo + hi) / 2;
            if (mid < F(PyList_GET_ITEM(line, body[m]), x0))
                hi = m;
            else
                lo = m + 1;
        }
        if (lo - 1 >= 0 && F(PyList_GET_ITEM(line, body[lo - 1]), x1) > mid)
            out = 0;
    }
done:
    PyMem_Free(body);
    PyMem_Free(is_main);
    return out;
}

/* pdf._row's common part: ``line`` sorted by x0 (in place), its overprinted copies
 * dropped (``dedup``); then, for a line of one style,
 *   (text, cells, x0, x1, top, bottom, size, style, lead, dup)  the row's figures,
 *   (dup,)  where the line has only spaces (no row);
 * else (several styles, a NaN gap)
 *   (line, dup)  the line so far, for the Python code to go on with;
 * and None where none of it applies (the Python code does it all). */
static PyObject *
row(PyObject *self, PyObject *args)
{
    PyObject *line, *page_style, *has_latin, *is_latin;
    int do_dedup;
    double cell_gap;
    if (!PyArg_ParseTuple(args, "O!OpOOd:row", &PyList_Type, &line, &page_style, &do_dedup,
                          &has_latin, &is_latin, &cell_gap))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(line);
    if (n == 0)
        Py_RETURN_NONE;
    keyed *keys = PyMem_Malloc(n * sizeof(keyed));
    if (keys == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = PyList_GET_ITEM(line, i);
        double v;
        Glyph *g = (Glyph *)o;
        if (!Py_IS_TYPE(o, &GlyphType) || !dbl(g->x0, &keys[i].key) || isnan(keys[i].key)
                || !dbl(g->x1, &v) || !dbl(g->top, &v) || !dbl(g->bottom, &v)
                || !dbl(g->size, &v) || g->text == NULL || !PyUnicode_CheckExact(g->text)
                || g->style == NULL) {
            PyMem_Free(keys);
            Py_RETURN_NONE;
        }
        keys[i].index = i;
    }
    int err = sort_in_place(line, keys, n);
    PyMem_Free(keys);
    if (err < 0)
        return NULL;
    PyObject *kept, *dup, *texts = NULL, *joined = NULL, *out = NULL;
    if (do_dedup) {
        if (dedup(line, &kept, &dup) < 0)
            return NULL;
    }
    else {
        Py_INCREF(line);
        kept = line;
        Py_INCREF(EMPTY);
        dup = EMPTY;
    }
    /* one style (most lines), or several in reading order already (digits in another
     * font); else (a link stamp printed over the text) the Python code orders it */
    n = PyList_GET_SIZE(kept);
    int mixed = 0;
    PyObject *style = ((Glyph *)PyList_GET_ITEM(kept, 0))->style;
    for (Py_ssize_t i = 1; i < n && !mixed; i++) {
        int same = PyObject_RichCompareBool(((Glyph *)PyList_GET_ITEM(kept, i))->style, style,
                                            Py_EQ);
        if (same < 0)
            goto done;
        mixed = !same;
    }
    if (mixed) {
        int ordered = in_order(kept, page_style);
        if (ordered < 0)
            goto done;
        if (!ordered)
            goto rest;
    }
    texts = PyList_New(n);
    if (texts == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = ((Glyph *)PyList_GET_ITEM(kept, i))->text;
        Py_INCREF(t);
        PyList_SET_ITEM(texts, i, t);
    }
    joined = PyUnicode_Join(EMPTY, texts);
    if (joined == NULL)
        goto done;
    /* a word space is only ever between two Latin characters: a line with none and no
     * space glyph (most lines of a Chinese document) has only cell gaps to look for */
    int space = 0;
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(joined) && !space; i++)
        space = Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(joined, i));
    PyObject *r = PyObject_CallOneArg(has_latin, joined);
    if (r == NULL)
        goto done;
    int latin = PyObject_IsTrue(r);
    Py_DECREF(r);
    if (latin < 0)
        goto done;
    if (!latin && !space) {
        int cells;
        PyObject *text = plain_text(kept, texts, joined, cell_gap, &cells);
        if (text != NULL) {
            out = row_tuple(kept, text, cells, ZERO_F, dup, mixed);
            Py_DECREF(text);
        }
        if (out != NULL || PyErr_Occurred())
            goto done;
        goto rest;
    }
    out = latin_row(kept, latin, is_latin, cell_gap, dup, mixed);
    if (out != NULL || PyErr_Occurred())
        goto done;
rest:
    out = PyTuple_Pack(2, kept, dup);
done:
    Py_XDECREF(texts);
    Py_XDECREF(joined);
    Py_DECREF(kept);
    Py_DECREF(dup);
    return out;
}

/* ------------------------------------------------------------------------- */
/* take */

/* pdf._read_page's loop over a page's glyph records (text, x0, x1, top, bottom, why,
 * attrs) for the plain ones from ``start`` on: of ``attrs`` (a string whose style is
 * neither rotated nor light, worked out by the caller: ``size``, ``style``), visible
 * (``why`` empty), one character that is not U+FFFD.  Each becomes a Glyph appended to
 * ``glyphs``; (the index of the first record not taken, how many of those taken are not
 * a space). */
static PyObject *
take(PyObject *self, PyObject *args)
{
    PyObject *records, *attrs, *size, *style, *glyphs;
    Py_ssize_t start;
    if (!PyArg_ParseTuple(args, "O!nOOOO!:take", &PyList_Type, &records, &start, &attrs,
                          &size, &style, &PyList_Type, &glyphs))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(records), i = start < 0 ? n : start, visible = 0;
    for (; i < n; i++) {
        PyObject *rec = PyList_GET_ITEM(records, i);
        if (!PyTuple_CheckExact(rec) || PyTuple_GET_SIZE(rec) != 7
                || PyTuple_GET_ITEM(rec, 6) != attrs)
            break;
        PyObject *text = PyTuple_GET_ITEM(rec, 0), *why = PyTuple_GET_ITEM(rec, 5);
        if (!PyUnicode_CheckExact(text) || PyUnicode_GET_LENGTH(text) != 1
                || !PyUnicode_CheckExact(why) || PyUnicode_GET_LENGTH(why) != 0)
            break;
        Py_UCS4 ch = PyUnicode_READ_CHAR(text, 0);
        if (ch == 0xFFFD)
            break;
        PyObject *seq = PyLong_FromSsize_t(i);
        if (seq == NULL)
            return NULL;
        PyObject *v[8] = {text, PyTuple_GET_ITEM(rec, 1), PyTuple_GET_ITEM(rec, 2),
                          PyTuple_GET_ITEM(rec, 3), PyTuple_GET_ITEM(rec, 4), size, style,
                          seq};
        PyObject *g = glyph_make(&GlyphType, v, 8);
        Py_DECREF(seq);
        if (g == NULL)
            return NULL;
        int err = PyList_Append(glyphs, g);
        Py_DECREF(g);
        if (err < 0)
            return NULL;
        visible += !Py_UNICODE_ISSPACE(ch);
    }
    return Py_BuildValue("(nn)", i, visible);
}

/* ------------------------------------------------------------------------- */
/* ink */

/* pdf._read_page's glyphs of a page that are not spaces, and the page's main style
 * (Counter(their styles).most_common(1), None if there is none); None where it does not
 * apply (a glyph not of this type, more than MAX_STYLES styles). */
static PyObject *
ink(PyObject *self, PyObject *glyphs)
{
    if (!PyList_CheckExact(glyphs))
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *g = PyList_GET_ITEM(glyphs, i);
        if (!Py_IS_TYPE(g, &GlyphType) || ((Glyph *)g)->text == NULL
                || !PyUnicode_CheckExact(((Glyph *)g)->text) || ((Glyph *)g)->style == NULL) {
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        if (!all_space(((Glyph *)g)->text) && PyList_Append(out, g) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    int many;
    PyObject *style = main_style(out, 0, NULL, &many);
    if (style == NULL && (PyErr_Occurred() || many)) {
        Py_DECREF(out);
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    PyObject *pair = PyTuple_Pack(2, out, style == NULL ? Py_None : style);
    Py_DECREF(out);
    return pair;
}

/* ------------------------------------------------------------------------- */
/* places */

/* Python's float floor division (float_floor_div of Objects/floatobject.c). */
static double
floor_div(double vx, double wx)
{
    double mod = fmod(vx, wx), div = (vx - mod) / wx, floordiv;
    if (mod) {
        if ((wx < 0) != (mod < 0))
            div -= 1.0;
    }
    if (div) {
        floordiv = floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    }
    else
        floordiv = copysign(0.0, vx / wx);
    return floordiv;
}

typedef struct {
    long long x, y;
} place;

static int
by_place(const void *a, const void *b)
{
    const place *p = a, *q = b;
    if (p->x != q->x)
        return (p->x > q->x) - (p->x < q->x);
    return (p->y > q->y) - (p->y < q->y);
}

/* pdf._layers' len(set(keys)): how many distinct places (cells of ``cell`` points) the
 * glyphs' centres fall in; None where a coordinate is not a float or a place is too far
 * out for a 64-bit integer (the Python code then). */
static PyObject *
places(PyObject *self, PyObject *args)
{
    PyObject *ink;
    double cell;
    if (!PyArg_ParseTuple(args, "O!d:places", &PyList_Type, &ink, &cell))
        return NULL;
    if (!(cell > 0))
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(ink);
    place *at = PyMem_Malloc((n ? n : 1) * sizeof(place));
    if (at == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = (Glyph *)PyList_GET_ITEM(ink, i);
        double x0, x1, top, bottom;
        if (!Py_IS_TYPE(g, &GlyphType) || !dbl(g->x0, &x0) || !dbl(g->x1, &x1)
                || !dbl(g->top, &top) || !dbl(g->bottom, &bottom)) {
            PyMem_Free(at);
            Py_RETURN_NONE;
        }
        double x = floor_div((x0 + x1) / 2, cell), y = floor_div((top + bottom) / 2, cell);
        if (!(fabs(x) < 4e18) || !(fabs(y) < 4e18)) {
            PyMem_Free(at);
            Py_RETURN_NONE;
        }
        at[i].x = (long long)x;
        at[i].y = (long long)y;
    }
    qsort(at, (size_t)n, sizeof(place), by_place);
    Py_ssize_t distinct = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        distinct += i == 0 || at[i].x != at[i - 1].x || at[i].y != at[i - 1].y;
    PyMem_Free(at);
    return PyLong_FromSsize_t(distinct);
}

/* ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"group", group, METH_O,
     "group(glyphs) -> list of lines | None: pdf._group (glyphs sorted in place)."},
    {"row", row, METH_VARARGS,
     "row(line, page_style, dedup, has_latin, is_latin, cell_gap) -> tuple | None: "
     "pdf._row for a line in reading order (line sorted in place)."},
    {"take", take, METH_VARARGS,
     "take(records, start, attrs, size, style, glyphs) -> (end, visible): pdf._read_page's "
     "plain glyphs from start on, appended to glyphs."},
    {"ink", ink, METH_O,
     "ink(glyphs) -> (ink, page_style) | None: the glyphs not spaces, their main style."},
    {"places", places, METH_VARARGS,
     "places(ink, cell) -> int | None: the distinct places of pdf._layers."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_line_loops",
    "The PDF reader's per-glyph line building, compiled (see policytext.read.pdf).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__line_loops(void)
{
    ZERO = PyLong_FromLong(0);
    EMPTY = PyUnicode_New(0, 0);
    TAB = PyUnicode_FromString("\t");
    SPACE = PyUnicode_FromString(" ");
    ZERO_F = PyFloat_FromDouble(0.0);
    if (ZERO == NULL || EMPTY == NULL || TAB == NULL || SPACE == NULL || ZERO_F == NULL || PyType_Ready(&GlyphType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&GlyphType);
    if (PyModule_AddObject(m, "Glyph", (PyObject *)&GlyphType) < 0
            || PyModule_AddIntConstant(m, "VERSION", VERSION) < 0) {
        Py_DECREF(&GlyphType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

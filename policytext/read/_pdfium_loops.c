/* The pdfium engine's per-character loops, compiled (policytext.read.pdfium).
 *
 * policytext/read/pdfium.py asks pdfium about every character of a text page and
 * works out every glyph's box; through ctypes each call costs more than pdfium's
 * own work, and the Python loops around them were a third of a page's reading.
 * These are the same loops in C, giving the same Python objects: the pure-Python
 * ones in pdfium.py remain the reference (and the fallback where this module could
 * not be built), and a test compares the two on every PDF fixture.
 *
 * This module does not link pdfium: bind() is given the addresses of the pdfium
 * functions pypdfium2 has loaded (taken from its ctypes function objects) and
 * calls them through those; the handles (text page) are passed as integers.  It
 * keeps and frees nothing pdfium owns.  The arithmetic is Python's own: IEEE
 * doubles, the same operations in the same order (built with -ffp-contract=off so
 * that no multiply-add is fused).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

typedef void *(*get_object_fn)(void *, int);
typedef int (*char_flag_fn)(void *, int);
typedef int (*char_origin_fn)(void *, int, double *, double *);
typedef int (*count_fn)(void *);
typedef void *(*page_object_fn)(void *, int);
typedef void *(*form_object_fn)(void *, unsigned long);
typedef int (*obj_int_fn)(void *);
typedef void *(*obj_handle_fn)(void *);
typedef int (*obj_float_fn)(void *, float *);
typedef int (*obj_matrix_fn)(void *, float *); /* (FS_MATRIX: six floats a b c d e f) */
typedef int (*obj_color_fn)(void *, unsigned int *, unsigned int *, unsigned int *,
                            unsigned int *);

/* bind()'s functions, in its order. */
static get_object_fn text_get_object;   /* FPDFText_GetTextObject */
static char_flag_fn text_is_generated;  /* FPDFText_IsGenerated */
static char_flag_fn text_map_error;     /* FPDFText_HasUnicodeMapError */
static char_origin_fn text_char_origin; /* FPDFText_GetCharOrigin */
static count_fn page_count_objects;     /* FPDFPage_CountObjects */
static page_object_fn page_get_object;  /* FPDFPage_GetObject */
static count_fn form_count_objects;     /* FPDFFormObj_CountObjects */
static form_object_fn form_get_object;  /* FPDFFormObj_GetObject */
static obj_int_fn obj_get_type;         /* FPDFPageObj_GetType */
static obj_handle_fn text_get_font;     /* FPDFTextObj_GetFont */
static obj_float_fn text_get_font_size; /* FPDFTextObj_GetFontSize */
static obj_matrix_fn obj_get_matrix;    /* FPDFPageObj_GetMatrix */
static obj_int_fn text_render_mode;     /* FPDFTextObj_GetTextRenderMode */
static obj_color_fn obj_fill_color;     /* FPDFPageObj_GetFillColor */
static obj_handle_fn obj_clip_path;     /* FPDFPageObj_GetClipPath */
static count_fn clip_count_paths;       /* FPDFClipPath_CountPaths */
#define N_BOUND 16
static int bound;

static PyObject *WHY_CLIPPED, *WHY_OFF_PAGE, *WHY_NONE;

static PyObject *
bind(PyObject *self, PyObject *args)
{
    void *f[N_BOUND];
    if (PyTuple_GET_SIZE(args) != N_BOUND) {
        PyErr_Format(PyExc_TypeError, "bind() takes %d addresses", N_BOUND);
        return NULL;
    }
    for (int i = 0; i < N_BOUND; i++) {
        f[i] = PyLong_AsVoidPtr(PyTuple_GET_ITEM(args, i));
        if (f[i] == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a null function address");
            return NULL;
        }
    }
    text_get_object = (get_object_fn)f[0];
    text_is_generated = (char_flag_fn)f[1];
    text_map_error = (char_flag_fn)f[2];
    text_char_origin = (char_origin_fn)f[3];
    page_count_objects = (count_fn)f[4];
    page_get_object = (page_object_fn)f[5];
    form_count_objects = (count_fn)f[6];
    form_get_object = (form_object_fn)f[7];
    obj_get_type = (obj_int_fn)f[8];
    text_get_font = (obj_handle_fn)f[9];
    text_get_font_size = (obj_float_fn)f[10];
    obj_get_matrix = (obj_matrix_fn)f[11];
    text_render_mode = (obj_int_fn)f[12];
    obj_fill_color = (obj_color_fn)f[13];
    obj_clip_path = (obj_handle_fn)f[14];
    clip_count_paths = (count_fn)f[15];
    bound = 1;
    Py_RETURN_NONE;
}

/* The pdfium handle an int stands for, once bind() has run; NULL with the error set. */
static void *
bound_handle(PyObject *obj, const char *null_message)
{
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() was not called");
        return NULL;
    }
    void *handle = PyLong_AsVoidPtr(obj);
    if (handle == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, null_message);
    return handle;
}

/* One page object as objects() gives it: struct format "=QiQifi6fii3IQi" (88 bytes,
 * pdfium._OBJECT); the fields after ``kind`` are zero but for a text object (1). */
#pragma pack(push, 1)
typedef struct {
    unsigned long long key; /* the object's handle */
    int kind;               /* FPDFPageObj_GetType */
    unsigned long long font;
    int has_size;
    float size;
    int has_matrix;
    float matrix[6];
    int mode;
    int has_fill;
    unsigned int rgb[3];
    unsigned long long clip; /* its clip path's handle (0: none) */
    int paths;               /* the clip path's paths (0 when there is no clip path) */
} object_record;
#pragma pack(pop)

/* objects(holder, form) -> bytes
 *
 * The objects of a page (``form`` false) or of a form object, one object_record each,
 * in drawing order: what pdfium._Objects asks of each object and of each text object
 * (pdfium writes nothing where a call fails: zero then, and its flag says so).
 */
static PyObject *
objects(PyObject *self, PyObject *args)
{
    PyObject *holder_obj;
    int form;
    if (!PyArg_ParseTuple(args, "Op", &holder_obj, &form))
        return NULL;
    void *holder = bound_handle(holder_obj, "a null page or form");
    if (holder == NULL)
        return NULL;
    int n = form ? form_count_objects(holder) : page_count_objects(holder);
    if (n < 0)
        n = 0;
    if ((size_t)n > PY_SSIZE_T_MAX / sizeof(object_record)) {
        PyErr_SetString(PyExc_OverflowError, "too many page objects");
        return NULL;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * sizeof(object_record));
    if (out == NULL)
        return NULL;
    char *at = PyBytes_AS_STRING(out);
    for (int j = 0; j < n; j++) {
        object_record r;
        memset(&r, 0, sizeof r);
        void *obj = form ? form_get_object(holder, (unsigned long)j) : page_get_object(holder, j);
        r.key = (unsigned long long)(uintptr_t)obj;
        r.kind = obj ? obj_get_type(obj) : 0;
        if (r.kind == 1) { /* FPDF_PAGEOBJ_TEXT */
            r.font = (unsigned long long)(uintptr_t)text_get_font(obj);
            float size = 0;
            r.has_size = text_get_font_size(obj, &size) ? 1 : 0;
            r.size = size;
            float m[6] = {0, 0, 0, 0, 0, 0};
            r.has_matrix = obj_get_matrix(obj, m) ? 1 : 0;
            memcpy(r.matrix, m, sizeof m);
            r.mode = text_render_mode(obj);
            unsigned int rgba[4] = {0, 0, 0, 0};
            r.has_fill = obj_fill_color(obj, &rgba[0], &rgba[1], &rgba[2], &rgba[3]) ? 1 : 0;
            memcpy(r.rgb, rgba, sizeof r.rgb);
            void *clip = obj_clip_path(obj);
            r.clip = (unsigned long long)(uintptr_t)clip;
            r.paths = clip ? clip_count_paths(clip) : 0;
        }
        memcpy(at + (size_t)j * sizeof r, &r, sizeof r);
    }
    return out;
}

/* [ch, x, y] as a new list. */
static PyObject *
new_glyph(Py_UCS4 ch, double x, double y)
{
    PyObject *glyph = PyList_New(3);
    if (glyph == NULL)
        return NULL;
    PyObject *s = PyUnicode_FromOrdinal(ch);
    PyObject *px = s ? PyFloat_FromDouble(x) : NULL;
    PyObject *py = px ? PyFloat_FromDouble(y) : NULL;
    if (py == NULL) {
        Py_XDECREF(s);
        Py_XDECREF(px);
        Py_DECREF(glyph);
        return NULL;
    }
    PyList_SET_ITEM(glyph, 0, s);
    PyList_SET_ITEM(glyph, 1, px);
    PyList_SET_ITEM(glyph, 2, py);
    return glyph;
}

/* runs(textpage, text, order) -> dict | int
 *
 * The loop of pdfium._glyphs (see there): each character of ``text`` (the text
 * page's, one a character index) with its text object's handle, dropping what
 * pdfium generated, into {text object: [[text, x, y], ...]}; a glyph several
 * characters map to (same origin) is one entry.  Instead of the dict: 1 for a
 * character of no text object in ``order``, 2 for one without a Unicode map (the
 * caller raises Unfaithful).
 */
static PyObject *
runs(PyObject *self, PyObject *args)
{
    PyObject *tp_obj, *text, *order;
    if (!PyArg_ParseTuple(args, "OUO!", &tp_obj, &text, &PyDict_Type, &order))
        return NULL;
    void *tp = bound_handle(tp_obj, "a null text page");
    if (tp == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "too many characters for pdfium");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    PyObject *result = PyDict_New();
    if (result == NULL)
        return NULL;
    PyObject *run = NULL;      /* borrowed from result: the last text object's glyphs */
    void *last = NULL;         /* its handle (never null once set) */
    int have_last = 0;
    double lx = 0.0, ly = 0.0; /* the origin of run's last glyph, if have_l */
    int have_l = 0;
    double x = 0.0, y = 0.0;   /* (kept where pdfium does not write, as ctypes values) */
    long error = 0;

    for (int k = 0; k < (int)n; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        void *handle = text_get_object(tp, k);
        int same = have_last && handle != NULL && handle == last;
        PyObject *key = NULL;
        if (!same) {
            if (handle == NULL) {
                key = Py_None;
                Py_INCREF(key);
            }
            else if ((key = PyLong_FromVoidPtr(handle)) == NULL)
                goto fail;
            int known = PyDict_Contains(order, key);
            if (known < 0) {
                Py_DECREF(key);
                goto fail;
            }
            if (!known) {
                Py_DECREF(key);
                if (text_is_generated(tp, k) || ch == '\r' || ch == '\n')
                    continue;
                error = 1;
                break;
            }
        }
        if (Py_UNICODE_ISSPACE(ch) && text_is_generated(tp, k)) {
            Py_XDECREF(key);
            continue;
        }
        if (text_map_error(tp, k)) {
            Py_XDECREF(key);
            error = 2;
            break;
        }
        text_char_origin(tp, k, &x, &y);
        if (!same) {
            PyObject *fresh = PyList_New(0);
            if (fresh == NULL) {
                Py_DECREF(key);
                goto fail;
            }
            run = PyDict_SetDefault(result, key, fresh); /* borrowed */
            Py_DECREF(fresh);
            Py_DECREF(key);
            if (run == NULL)
                goto fail;
            last = handle;
            have_last = 1;
            Py_ssize_t m = PyList_GET_SIZE(run);
            have_l = 0;
            if (m > 0) {
                PyObject *g = PyList_GET_ITEM(run, m - 1);
                lx = PyFloat_AS_DOUBLE(PyList_GET_ITEM(g, 1));
                ly = PyFloat_AS_DOUBLE(PyList_GET_ITEM(g, 2));
                have_l = 1;
            }
        }
        if (have_l && x == lx && y == ly) {
            /* one glyph, several characters (a ligature's ToUnicode) */
            PyObject *g = PyList_GET_ITEM(run, PyList_GET_SIZE(run) - 1);
            PyObject *s = PyUnicode_FromOrdinal(ch);
            if (s == NULL)
                goto fail;
            PyObject *joined = PyUnicode_Concat(PyList_GET_ITEM(g, 0), s);
            Py_DECREF(s);
            if (joined == NULL)
                goto fail;
            PyList_SetItem(g, 0, joined); /* (steals joined, releases the old text) */
            continue;
        }
        PyObject *g = new_glyph(ch, x, y);
        if (g == NULL)
            goto fail;
        int bad = PyList_Append(run, g);
        Py_DECREF(g);
        if (bad)
            goto fail;
        lx = x;
        ly = y;
        have_l = 1;
    }
    if (error) {
        Py_DECREF(result);
        return PyLong_FromLong(error);
    }
    return result;
fail:
    Py_DECREF(result);
    return NULL;
}

static double
as_double(PyObject *o, int *bad)
{
    double v = PyFloat_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred())
        *bad = 1;
    return v;
}

/* upright(out, run, advances, widths, width, attrs, numbers, clip, view) -> bool
 *
 * The inner loop of pdfium._records for one upright string (see there): each glyph
 * [text, x, y] of ``run`` appended to ``out`` as (text, x0, x1, top, bottom, why,
 * attrs).  ``numbers``: (a, size, low, high, ce, cf, mb_x0, page_height, mb_top);
 * ``clip`` and ``view``: (x0, y0, x1, y1) or None.  An advance not in ``advances``
 * (by glyph text) is a * w * size, w from ``widths`` (by code) or ``width(code)``,
 * and is stored there.  True when a glyph is out of view.
 */
static PyObject *
upright(PyObject *self, PyObject *args)
{
    PyObject *out, *run, *advances, *widths, *width, *attrs, *numbers, *clip, *view;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OOO!OO", &PyList_Type, &out, &PyList_Type, &run,
                          &PyDict_Type, &advances, &PyDict_Type, &widths, &width, &attrs,
                          &PyTuple_Type, &numbers, &clip, &view))
        return NULL;
    double v[9];
    if (PyTuple_GET_SIZE(numbers) != 9) {
        PyErr_SetString(PyExc_ValueError, "numbers: nine of them");
        return NULL;
    }
    int bad = 0;
    for (int i = 0; i < 9; i++)
        v[i] = as_double(PyTuple_GET_ITEM(numbers, i), &bad);
    double k[4] = {0, 0, 0, 0}, w4[4] = {0, 0, 0, 0};
    int clipped = clip != Py_None, viewed = view != Py_None;
    PyObject *boxes[2] = {clip, view};
    double *into[2] = {k, w4};
    for (int b = 0; b < 2; b++) {
        if (boxes[b] == Py_None)
            continue;
        if (!PyTuple_Check(boxes[b]) || PyTuple_GET_SIZE(boxes[b]) != 4) {
            PyErr_SetString(PyExc_ValueError, "a box: a tuple of four numbers");
            return NULL;
        }
        for (int i = 0; i < 4; i++)
            into[b][i] = as_double(PyTuple_GET_ITEM(boxes[b], i), &bad);
    }
    if (bad)
        return NULL;
    double a = v[0], size = v[1], low = v[2], high = v[3], ce = v[4], cf = v[5];
    double mb_x0 = v[6], page_height = v[7], mb_top = v[8];

    int have_y = 0, hidden = 0, clip_y = 0, view_y = 0;
    double last_y = 0.0, top = 0.0, bottom = 0.0;
    Py_ssize_t m = PyList_GET_SIZE(run);
    for (Py_ssize_t i = 0; i < m; i++) {
        if (i >= PyList_GET_SIZE(run))
            break; /* (a callback shortened the run: nothing of it read past its end) */
        PyObject *g = PyList_GET_ITEM(run, i);
        if (!PyList_Check(g) || PyList_GET_SIZE(g) != 3) {
            PyErr_SetString(PyExc_ValueError, "a glyph: a list [text, x, y]");
            return NULL;
        }
        PyObject *ch = PyList_GET_ITEM(g, 0);
        Py_INCREF(ch);
        double x = as_double(PyList_GET_ITEM(g, 1), &bad);
        double y = as_double(PyList_GET_ITEM(g, 2), &bad);
        if (bad || !PyUnicode_Check(ch) || PyUnicode_GET_LENGTH(ch) == 0) {
            if (!bad)
                PyErr_SetString(PyExc_ValueError, "a glyph's text: a non-empty str");
            Py_DECREF(ch);
            return NULL;
        }
        if (!have_y || y != last_y) {
            have_y = 1;
            last_y = y;
            double fy = y + cf;
            double y0 = fy + low, y1 = fy + high;
            double cy = (y0 + y1) / 2;
            top = page_height - y1 + mb_top;
            bottom = page_height - y0 + mb_top;
            clip_y = clipped && k[1] <= cy && cy <= k[3];
            view_y = viewed && w4[1] <= cy && cy <= w4[3];
        }
        double ex = x + ce;
        double adv;
        PyObject *known = PyDict_GetItemWithError(advances, ch); /* borrowed */
        if (known != NULL) {
            adv = as_double(known, &bad);
        }
        else if (PyErr_Occurred()) {
            bad = 1;
            adv = 0.0;
        }
        else {
            PyObject *code = PyLong_FromUnsignedLong(PyUnicode_READ_CHAR(ch, 0));
            if (code == NULL) {
                Py_DECREF(ch);
                return NULL;
            }
            PyObject *w = PyDict_GetItemWithError(widths, code);
            if (w != NULL)
                Py_INCREF(w);
            else if (!PyErr_Occurred())
                w = PyObject_CallOneArg(width, code);
            Py_DECREF(code);
            if (w == NULL) {
                Py_DECREF(ch);
                return NULL;
            }
            double wv = as_double(w, &bad);
            Py_DECREF(w);
            adv = a * wv * size;
            if (!bad) {
                PyObject *pa = PyFloat_FromDouble(adv);
                if (pa == NULL || PyDict_SetItem(advances, ch, pa) < 0)
                    bad = 1;
                Py_XDECREF(pa);
            }
        }
        if (bad) {
            Py_DECREF(ch);
            return NULL;
        }
        double x1 = adv + ex;
        double cx = (ex + x1) / 2;
        PyObject *why = (clipped && !(clip_y && k[0] <= cx && cx <= k[2])) ? WHY_CLIPPED
                        : (viewed && !(view_y && w4[0] <= cx && cx <= w4[2])) ? WHY_OFF_PAGE
                                                                               : WHY_NONE;
        if (why != WHY_NONE)
            hidden = 1;
        PyObject *rec = PyTuple_New(7);
        if (rec == NULL) {
            Py_DECREF(ch);
            return NULL;
        }
        PyTuple_SET_ITEM(rec, 0, ch); /* (the reference taken above) */
        PyObject *f[4] = {PyFloat_FromDouble(ex + mb_x0), PyFloat_FromDouble(x1 + mb_x0),
                          PyFloat_FromDouble(top), PyFloat_FromDouble(bottom)};
        for (int j = 0; j < 4; j++) {
            if (f[j] == NULL)
                bad = 1;
            PyTuple_SET_ITEM(rec, 1 + j, f[j]); /* (a NULL is skipped by the tuple's free) */
        }
        Py_INCREF(why);
        PyTuple_SET_ITEM(rec, 5, why);
        Py_INCREF(attrs);
        PyTuple_SET_ITEM(rec, 6, attrs);
        if (bad || PyList_Append(out, rec) < 0) {
            Py_DECREF(rec);
            return NULL;
        }
        Py_DECREF(rec);
    }
    return PyBool_FromLong(hidden);
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS,
     "bind(*addresses): the addresses of the pdfium functions (pypdfium2's) these "
     "loops call, in the order of pdfium._BOUND."},
    {"objects", objects, METH_VARARGS,
     "objects(holder, form) -> bytes: a page's or form's objects, 88 bytes each."},
    {"runs", runs, METH_VARARGS,
     "runs(textpage, text, order) -> dict | int: a text page's glyphs by text object."},
    {"upright", upright, METH_VARARGS,
     "upright(out, run, advances, widths, width, attrs, numbers, clip, view) -> bool: "
     "an upright string's glyph records."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pdfium_loops",
    "The pdfium engine's per-character loops, compiled (see policytext.read.pdfium).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__pdfium_loops(void)
{
    WHY_CLIPPED = PyUnicode_InternFromString("clipped");
    WHY_OFF_PAGE = PyUnicode_InternFromString("off_page");
    WHY_NONE = PyUnicode_InternFromString("");
    Py_BUILD_ASSERT(sizeof(object_record) == 88);
    if (!WHY_CLIPPED || !WHY_OFF_PAGE || !WHY_NONE)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    /* (raised at each change of what the functions take or give: pdfium.py checks it) */
    if (m != NULL && PyModule_AddIntConstant(m, "VERSION", 1) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

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
#include <math.h>
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
typedef int (*glyph_width_fn)(void *, uint32_t, float, float *);
typedef int (*obj_bounds_fn)(void *, float *, float *, float *, float *);
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
static glyph_width_fn font_glyph_width; /* FPDFFont_GetGlyphWidth */
static obj_bounds_fn obj_get_bounds;    /* FPDFPageObj_GetBounds */
#define N_BOUND 18
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
    font_glyph_width = (glyph_width_fn)f[16];
    obj_get_bounds = (obj_bounds_fn)f[17];
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

/* What a text object's style is looked up by in the page's styles (pdfium._style_of:
 * the same fields; a zero of either sign is +0, as Python's == has them equal). */
#pragma pack(push, 1)
typedef struct {
    unsigned long long font;
    unsigned long long ctm; /* the identity of the CTM tuple (kept alive by the page's) */
    int mode, has_size, has_matrix, has_fill;
    float size, m[4];
    unsigned int rgb[3];
} style_key;
#pragma pack(pop)

static float
plus_zero(float v)
{
    return v == 0 ? 0.0f : v;
}

/* d[key] = value, with key an int; -1 with the error set. */
static int
set_item(PyObject *d, PyObject *key, PyObject *value)
{
    return value == NULL ? -1 : PyDict_SetItem(d, key, value);
}

/* texts(holder, form, start, into) -> (j, key, kind) | None
 *
 * The loop of pdfium._Objects._walk over a page's (``form`` false) or a form
 * object's objects from the ``start``-th: each text object filled into ``into`` =
 * (order, info, ctms, before, clips, styles, siblings, ctm, form_clip, new_style,
 * clip_of) as _walk fills them: order[key] = len(order), info[key] = its style (from
 * ``styles``, or ``new_style(key, font, has_size, size, has_matrix, a, b, c, d, mode,
 * has_fill, r, g, b)``, kept in ``styles`` unless its render mode strokes), ctms[key]
 * = ctm, before[key] = (siblings, len(siblings)), key appended to siblings, clips[key]
 * = clip_of(key) where it has a clip path of some paths, else form_clip.  Returns at
 * the next path, image or form object (the caller's to deal with, then to call again
 * from j + 1), None at the end; other objects (shadings) are passed over.
 */
static PyObject *
texts(PyObject *self, PyObject *args)
{
    PyObject *holder_obj, *into;
    int form, start;
    if (!PyArg_ParseTuple(args, "OpiO!", &holder_obj, &form, &start, &PyTuple_Type, &into))
        return NULL;
    if (PyTuple_GET_SIZE(into) != 11) {
        PyErr_SetString(PyExc_ValueError, "into: eleven of them");
        return NULL;
    }
    PyObject *order = PyTuple_GET_ITEM(into, 0), *info = PyTuple_GET_ITEM(into, 1);
    PyObject *ctms = PyTuple_GET_ITEM(into, 2), *before = PyTuple_GET_ITEM(into, 3);
    PyObject *clips = PyTuple_GET_ITEM(into, 4), *styles = PyTuple_GET_ITEM(into, 5);
    PyObject *siblings = PyTuple_GET_ITEM(into, 6), *ctm = PyTuple_GET_ITEM(into, 7);
    PyObject *form_clip = PyTuple_GET_ITEM(into, 8), *new_style = PyTuple_GET_ITEM(into, 9);
    PyObject *clip_of = PyTuple_GET_ITEM(into, 10);
    if (!PyDict_Check(order) || !PyDict_Check(info) || !PyDict_Check(ctms) ||
        !PyDict_Check(before) || !PyDict_Check(clips) || !PyDict_Check(styles) ||
        !PyList_Check(siblings)) {
        PyErr_SetString(PyExc_TypeError, "into: six dicts, then a list");
        return NULL;
    }
    void *holder = bound_handle(holder_obj, "a null page or form");
    if (holder == NULL)
        return NULL;
    int n = form ? form_count_objects(holder) : page_count_objects(holder);
    for (int j = start < 0 ? 0 : start; j < n; j++) {
        void *obj = form ? form_get_object(holder, (unsigned long)j) : page_get_object(holder, j);
        int kind = obj ? obj_get_type(obj) : 0;
        if (kind != 1) {          /* not FPDF_PAGEOBJ_TEXT */
            if (kind == 2 || kind == 3 || kind == 5) /* path, image, form */
                return Py_BuildValue("(iNi)", j, PyLong_FromVoidPtr(obj), kind);
            continue;
        }
        void *font = text_get_font(obj);
        float size = 0;
        int has_size = text_get_font_size(obj, &size) ? 1 : 0;
        float m[6] = {0, 0, 0, 0, 0, 0};
        int has_matrix = obj_get_matrix(obj, m) ? 1 : 0;
        int mode = text_render_mode(obj);
        unsigned int rgba[4] = {0, 0, 0, 0};
        int has_fill = obj_fill_color(obj, &rgba[0], &rgba[1], &rgba[2], &rgba[3]) ? 1 : 0;
        int stroked = mode == 1 || mode == 2 || mode == 5 || mode == 6;

        PyObject *key = PyLong_FromVoidPtr(obj);
        if (key == NULL)
            return NULL;
        style_key sk;
        memset(&sk, 0, sizeof sk);
        sk.font = (unsigned long long)(uintptr_t)font;
        sk.ctm = (unsigned long long)(uintptr_t)ctm;
        sk.mode = mode;
        sk.has_size = has_size;
        sk.has_matrix = has_matrix;
        sk.has_fill = has_fill;
        sk.size = plus_zero(size);
        for (int i = 0; i < 4; i++)
            sk.m[i] = plus_zero(m[i]);
        memcpy(sk.rgb, rgba, sizeof sk.rgb);
        PyObject *skey = PyBytes_FromStringAndSize((const char *)&sk, sizeof sk);
        PyObject *style = NULL; /* a new reference */
        if (skey != NULL && !stroked) {
            style = PyDict_GetItemWithError(styles, skey);
            Py_XINCREF(style);
        }
        if (style == NULL && skey != NULL && !PyErr_Occurred()) {
            style = PyObject_CallFunction(new_style, "ONififfffiiIII", key,
                                          PyLong_FromVoidPtr(font), has_size, (double)size,
                                          has_matrix, (double)m[0], (double)m[1],
                                          (double)m[2], (double)m[3], mode, has_fill,
                                          rgba[0], rgba[1], rgba[2]);
            if (style != NULL && !stroked && PyDict_SetItem(styles, skey, style) < 0)
                Py_CLEAR(style);
        }
        Py_XDECREF(skey);
        int bad = style == NULL;
        if (!bad) {
            PyObject *place = PyLong_FromSsize_t(PyDict_GET_SIZE(order));
            bad = set_item(order, key, place) < 0;
            Py_XDECREF(place);
        }
        bad = bad || PyDict_SetItem(info, key, style) < 0 || PyDict_SetItem(ctms, key, ctm) < 0;
        if (!bad) {
            PyObject *at = Py_BuildValue("(On)", siblings, PyList_GET_SIZE(siblings));
            bad = set_item(before, key, at) < 0 || PyList_Append(siblings, key) < 0;
            Py_XDECREF(at);
        }
        Py_XDECREF(style);
        if (!bad) {
            void *clip = obj_clip_path(obj);
            if (clip && clip_count_paths(clip) > 0) {
                PyObject *box = PyObject_CallOneArg(clip_of, key);
                bad = set_item(clips, key, box) < 0;
                Py_XDECREF(box);
            }
            else
                bad = PyDict_SetItem(clips, key, form_clip) < 0;
        }
        Py_DECREF(key);
        if (bad)
            return NULL;
    }
    Py_RETURN_NONE;
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

/* Four doubles of a tuple (x0, y0, x1, y1) into ``into``; 0, or -1 with the error set. */
static int
box_of(PyObject *box, double *into)
{
    if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) != 4) {
        PyErr_SetString(PyExc_ValueError, "a box: a tuple of four numbers");
        return -1;
    }
    int bad = 0;
    for (int i = 0; i < 4; i++)
        into[i] = as_double(PyTuple_GET_ITEM(box, i), &bad);
    return bad ? -1 : 0;
}

static PyObject *S_SHARED, *S_FONT, *S_SIZE, *S_M4, *S_WIDTHS, *S_HANDLE;

/* The advance of Unicode ``code`` in text space per unit of font size, asked of pdfium
 * (FPDFFont_GetGlyphWidth at size 1000, / 1000: pdfium._Font.measure, without ctypes)
 * and kept in ``widths`` (the font's).  A new reference, or NULL with the error set. */
static PyObject *
measure(PyObject *font, PyObject *widths, PyObject *code)
{
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() was not called");
        return NULL;
    }
    PyObject *handle_obj = PyObject_GetAttr(font, S_HANDLE);
    if (handle_obj == NULL)
        return NULL;
    void *handle = handle_obj == Py_None ? NULL : PyLong_AsVoidPtr(handle_obj);
    Py_DECREF(handle_obj);
    unsigned long c = PyLong_AsUnsignedLong(code);
    if (PyErr_Occurred())
        return NULL;
    float out = 0.0f; /* (what a fresh c_float holds, should pdfium not set it) */
    font_glyph_width(handle, (uint32_t)c, 1000.0f, &out);
    PyObject *w = PyFloat_FromDouble((double)out / 1000);
    if (w != NULL && PyDict_SetItem(widths, code, w) < 0)
        Py_CLEAR(w);
    return w;
}

/* What one upright string is drawn with (see records()). */
typedef struct {
    double a, size, low, high;  /* the matrix's a, the font size, a box's bottom, top */
    double ce, cf, mb_x0, page_height, mb_top;  /* the page's */
    int clipped, viewed;
    double k[4], w4[4];         /* its clip box (if clipped), the page's view (if viewed) */
} drawing;

/* The glyphs [text, x, y] of the upright string ``run`` appended to ``out`` as
 * (text, x0, x1, top, bottom, why, attrs), a string partly in view made all visible
 * (pdfium._in_view); an advance not in ``advances`` (by glyph text) is a * w * size,
 * w from ``widths`` (by code) or ``font.width(code)``, and is stored there.  0, or -1
 * with the error set. */
static int
upright_run(PyObject *out, PyObject *run, PyObject *advances, PyObject *widths,
            PyObject *font, PyObject *attrs, const drawing *dr)
{
    int bad = 0;
    int have_y = 0, hidden = 0, visible = 0, clip_y = 0, view_y = 0;
    double last_y = 0.0, top = 0.0, bottom = 0.0;
    Py_ssize_t start = PyList_GET_SIZE(out);
    Py_ssize_t m = PyList_GET_SIZE(run);
    for (Py_ssize_t i = 0; i < m; i++) {
        if (i >= PyList_GET_SIZE(run))
            break; /* (a callback shortened the run: nothing of it read past its end) */
        PyObject *g = PyList_GET_ITEM(run, i);
        if (!PyList_Check(g) || PyList_GET_SIZE(g) != 3) {
            PyErr_SetString(PyExc_ValueError, "a glyph: a list [text, x, y]");
            return -1;
        }
        PyObject *ch = PyList_GET_ITEM(g, 0);
        Py_INCREF(ch);
        double x = as_double(PyList_GET_ITEM(g, 1), &bad);
        double y = as_double(PyList_GET_ITEM(g, 2), &bad);
        if (bad || !PyUnicode_Check(ch) || PyUnicode_GET_LENGTH(ch) == 0) {
            if (!bad)
                PyErr_SetString(PyExc_ValueError, "a glyph's text: a non-empty str");
            Py_DECREF(ch);
            return -1;
        }
        if (!have_y || y != last_y) {
            have_y = 1;
            last_y = y;
            double fy = y + dr->cf;
            double y0 = fy + dr->low, y1 = fy + dr->high;
            double cy = (y0 + y1) / 2;
            top = dr->page_height - y1 + dr->mb_top;
            bottom = dr->page_height - y0 + dr->mb_top;
            clip_y = dr->clipped && dr->k[1] <= cy && cy <= dr->k[3];
            view_y = dr->viewed && dr->w4[1] <= cy && cy <= dr->w4[3];
        }
        double ex = x + dr->ce;
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
                return -1;
            }
            PyObject *w = PyDict_GetItemWithError(widths, code);
            if (w != NULL)
                Py_INCREF(w);
            else if (!PyErr_Occurred())
                w = measure(font, widths, code);
            Py_DECREF(code);
            if (w == NULL) {
                Py_DECREF(ch);
                return -1;
            }
            double wv = as_double(w, &bad);
            Py_DECREF(w);
            adv = dr->a * wv * dr->size;
            if (!bad) {
                PyObject *pa = PyFloat_FromDouble(adv);
                if (pa == NULL || PyDict_SetItem(advances, ch, pa) < 0)
                    bad = 1;
                Py_XDECREF(pa);
            }
        }
        if (bad) {
            Py_DECREF(ch);
            return -1;
        }
        double x1 = adv + ex;
        double cx = (ex + x1) / 2;
        PyObject *why =
            (dr->clipped && !(clip_y && dr->k[0] <= cx && cx <= dr->k[2])) ? WHY_CLIPPED
            : (dr->viewed && !(view_y && dr->w4[0] <= cx && cx <= dr->w4[2])) ? WHY_OFF_PAGE
                                                                             : WHY_NONE;
        if (why != WHY_NONE)
            hidden = 1;
        else
            visible = 1;
        PyObject *rec = PyTuple_New(7);
        if (rec == NULL) {
            Py_DECREF(ch);
            return -1;
        }
        PyTuple_SET_ITEM(rec, 0, ch); /* (the reference taken above) */
        PyObject *f[4] = {PyFloat_FromDouble(ex + dr->mb_x0), PyFloat_FromDouble(x1 + dr->mb_x0),
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
            return -1;
        }
        Py_DECREF(rec);
    }
    if (hidden && visible) { /* partly in view: the string is shown whole */
        Py_ssize_t end = PyList_GET_SIZE(out);
        for (Py_ssize_t i = start; i < end; i++) {
            PyObject *rec = PyList_GET_ITEM(out, i);
            if (PyTuple_GET_ITEM(rec, 5) == WHY_NONE)
                continue;
            PyObject *shown = PyTuple_New(7);
            if (shown == NULL)
                return -1;
            for (int j = 0; j < 7; j++) {
                PyObject *v = j == 5 ? WHY_NONE : PyTuple_GET_ITEM(rec, j);
                Py_INCREF(v);
                PyTuple_SET_ITEM(shown, j, v);
            }
            PyList_SetItem(out, i, shown); /* (steals shown, releases rec) */
        }
    }
    return 0;
}


/* records(keys, runs, info, clips, page, view, share, slow) -> list
 *
 * The loop of pdfium._records (see there): the glyph records of the text objects
 * ``keys`` in that order.  ``page``: (ce, cf, mb_x0, page_height, mb_top); ``view``:
 * (x0, y0, x1, y1) or None; for a style met the first time ``share(shared, style)``
 * fills in its ``shared`` (pdfium._share); a string not computed directly (rotated,
 * invisible by its render mode, on a rotated page) is appended by ``slow(key, out)``.
 */
static PyObject *
records(PyObject *self, PyObject *args)
{
    PyObject *keys, *runs, *info, *clips, *page, *view, *share, *slow;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO", &PyList_Type, &keys, &PyDict_Type, &runs,
                          &PyDict_Type, &info, &PyDict_Type, &clips, &PyTuple_Type, &page,
                          &view, &share, &slow))
        return NULL;
    drawing dr;
    memset(&dr, 0, sizeof dr);
    if (PyTuple_GET_SIZE(page) != 5) {
        PyErr_SetString(PyExc_ValueError, "page: five numbers");
        return NULL;
    }
    int bad = 0;
    double *pv[5] = {&dr.ce, &dr.cf, &dr.mb_x0, &dr.page_height, &dr.mb_top};
    for (int i = 0; i < 5; i++)
        *pv[i] = as_double(PyTuple_GET_ITEM(page, i), &bad);
    if (bad)
        return NULL;
    dr.viewed = view != Py_None;
    if (dr.viewed && box_of(view, dr.w4) < 0)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        Py_INCREF(key);
        PyObject *run = PyDict_GetItemWithError(runs, key);
        PyObject *t = run ? PyDict_GetItemWithError(info, key) : NULL;
        PyObject *clip = t ? PyDict_GetItemWithError(clips, key) : NULL;
        PyObject *shared = NULL, *font = NULL, *widths = NULL, *m4 = NULL, *size = NULL;
        if (t == NULL || PyErr_Occurred()) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, key);
            goto fail;
        }
        if (clip == NULL)
            clip = Py_None;
        Py_INCREF(run);
        Py_INCREF(t);
        Py_INCREF(clip);
        shared = PyObject_GetAttr(t, S_SHARED);
        if (shared == NULL || !PyList_Check(shared) || PyList_GET_SIZE(shared) != 5) {
            if (shared != NULL)
                PyErr_SetString(PyExc_ValueError, "a style's shared: a list of five");
            goto fail_t;
        }
        if (PyList_GET_ITEM(shared, 0) == Py_None) {
            PyObject *r = PyObject_CallFunctionObjArgs(share, shared, t, NULL);
            if (r == NULL)
                goto fail_t;
            Py_DECREF(r);
            if (PyList_GET_SIZE(shared) != 5) {
                PyErr_SetString(PyExc_ValueError, "a style's shared: a list of five");
                goto fail_t;
            }
        }
        int direct = PyObject_IsTrue(PyList_GET_ITEM(shared, 2));
        if (direct < 0)
            goto fail_t;
        if (!direct) {
            PyObject *r = PyObject_CallFunctionObjArgs(slow, key, out, NULL);
            if (r == NULL)
                goto fail_t;
            Py_DECREF(r);
        }
        else {
            PyObject *attrs = PyList_GET_ITEM(shared, 0), *advances = PyList_GET_ITEM(shared, 1);
            dr.low = as_double(PyList_GET_ITEM(shared, 3), &bad);
            dr.high = as_double(PyList_GET_ITEM(shared, 4), &bad);
            font = PyObject_GetAttr(t, S_FONT);
            size = font ? PyObject_GetAttr(t, S_SIZE) : NULL;
            m4 = size ? PyObject_GetAttr(t, S_M4) : NULL;
            widths = m4 ? PyObject_GetAttr(font, S_WIDTHS) : NULL;
            if (widths == NULL || bad || !PyDict_Check(advances) || !PyDict_Check(widths) ||
                !PyTuple_Check(m4) || PyTuple_GET_SIZE(m4) != 4) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "a style: advances and widths dicts, "
                                                      "four numbers m4");
                goto fail_t;
            }
            dr.a = as_double(PyTuple_GET_ITEM(m4, 0), &bad);
            dr.size = as_double(size, &bad);
            dr.clipped = clip != Py_None;
            if (bad || (dr.clipped && box_of(clip, dr.k) < 0))
                goto fail_t;
            Py_INCREF(attrs);
            Py_INCREF(advances);
            int failed = upright_run(out, run, advances, widths, font, attrs, &dr);
            Py_DECREF(attrs);
            Py_DECREF(advances);
            if (failed)
                goto fail_t;
        }
        Py_XDECREF(font);
        Py_XDECREF(size);
        Py_XDECREF(m4);
        Py_XDECREF(widths);
        Py_DECREF(shared);
        Py_DECREF(run);
        Py_DECREF(t);
        Py_DECREF(clip);
        Py_DECREF(key);
        continue;
    fail_t:
        Py_XDECREF(font);
        Py_XDECREF(size);
        Py_XDECREF(m4);
        Py_XDECREF(widths);
        Py_XDECREF(shared);
        Py_DECREF(run);
        Py_DECREF(t);
        Py_DECREF(clip);
    fail:
        Py_DECREF(key);
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyObject *S_UPRIGHT, *S_WIDTH;

/* Whether a glyph's text is all whitespace (str.isspace). */
static int
all_space(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, i)))
            return 0;
    return n > 0;
}

/* pdfium._spacing: the character spacing of the upright string ``run`` of style ``t``
 * (the gap beyond their advances between its glyphs on one baseline, the glyph before
 * not a space, when it is always the same), else None.  A new reference, or NULL with
 * the error set. */
static PyObject *
spacing_of(PyObject *run, PyObject *t)
{
    PyObject *m4 = PyObject_GetAttr(t, S_M4);
    if (m4 == NULL)
        return NULL;
    if (!PyTuple_Check(m4) || PyTuple_GET_SIZE(m4) != 4) {
        Py_DECREF(m4);
        PyErr_SetString(PyExc_ValueError, "a style's m4: four numbers");
        return NULL;
    }
    int bad = 0;
    double a = as_double(PyTuple_GET_ITEM(m4, 0), &bad);
    double b = as_double(PyTuple_GET_ITEM(m4, 1), &bad);
    double c = as_double(PyTuple_GET_ITEM(m4, 2), &bad);
    Py_DECREF(m4);
    if (bad)
        return NULL;
    if (!(b == 0 && c == 0 && a > 0) || PyList_GET_SIZE(run) < 2)
        Py_RETURN_NONE;
    PyObject *font = PyObject_GetAttr(t, S_FONT);
    PyObject *widths = font ? PyObject_GetAttr(font, S_WIDTHS) : NULL;
    PyObject *size_obj = widths ? PyObject_GetAttr(t, S_SIZE) : NULL;
    double size = size_obj ? as_double(size_obj, &bad) : 0.0;
    Py_XDECREF(size_obj);
    if (size_obj == NULL || bad || !PyDict_Check(widths)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "a style: a font with a widths dict, a size");
        Py_XDECREF(font);
        Py_XDECREF(widths);
        return NULL;
    }
    int have = 0;
    double first = 0.0, most = 0.0, least = 0.0;
    for (Py_ssize_t i = 0; i + 1 < PyList_GET_SIZE(run) && !bad; i++) {
        PyObject *g = PyList_GET_ITEM(run, i), *q = PyList_GET_ITEM(run, i + 1);
        if (!PyList_Check(g) || PyList_GET_SIZE(g) != 3 || !PyList_Check(q) ||
            PyList_GET_SIZE(q) != 3) {
            PyErr_SetString(PyExc_ValueError, "a glyph: a list [text, x, y]");
            bad = 1;
            break;
        }
        double gy = as_double(PyList_GET_ITEM(g, 2), &bad);
        double qy = as_double(PyList_GET_ITEM(q, 2), &bad);
        PyObject *text = PyList_GET_ITEM(g, 0);
        if (bad)
            break;
        if (!(qy == gy))
            continue;
        if (!PyUnicode_Check(text) || PyUnicode_GET_LENGTH(text) == 0) {
            PyErr_SetString(PyExc_ValueError, "a glyph's text: a non-empty str");
            bad = 1;
            break;
        }
        if (all_space(text))
            continue;
        PyObject *code = PyLong_FromUnsignedLong(PyUnicode_READ_CHAR(text, 0));
        PyObject *w = code ? PyDict_GetItemWithError(widths, code) : NULL;
        if (w != NULL)
            Py_INCREF(w);
        else if (code != NULL && !PyErr_Occurred())
            w = measure(font, widths, code);
        Py_XDECREF(code);
        if (w == NULL) {
            bad = 1;
            break;
        }
        double gap = (as_double(PyList_GET_ITEM(q, 1), &bad) -
                      as_double(PyList_GET_ITEM(g, 1), &bad)) -
                     a * as_double(w, &bad) * size;
        Py_DECREF(w);
        if (!have) {
            have = 1;
            first = most = least = gap;
        }
        else { /* (as max() and min() compare: the first of equals, NaN as it falls) */
            if (gap > most)
                most = gap;
            if (gap < least)
                least = gap;
        }
    }
    Py_DECREF(font);
    Py_DECREF(widths);
    if (bad)
        return NULL;
    if (have && most - least < 1e-3)
        return PyFloat_FromDouble(first);
    Py_RETURN_NONE;
}

/* The spacing of the string ``key`` (pdfium._trailing_charspace's gap_of): from
 * ``gaps`` if measured, else spacing_of() for a string of more than one glyph (else
 * None), kept in ``gaps``.  A new reference, or NULL with the error set. */
static PyObject *
gap_of(PyObject *key, PyObject *runs, PyObject *info, PyObject *gaps)
{
    PyObject *known = PyDict_GetItemWithError(gaps, key);
    if (known != NULL) {
        Py_INCREF(known);
        return known;
    }
    if (PyErr_Occurred())
        return NULL;
    PyObject *run = PyDict_GetItemWithError(runs, key);
    PyObject *t = run ? PyDict_GetItemWithError(info, key) : NULL;
    if (t == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    PyObject *gap;
    if (PyList_Check(run) && PyList_GET_SIZE(run) > 1) {
        Py_INCREF(run);
        Py_INCREF(t);
        gap = spacing_of(run, t);
        Py_DECREF(run);
        Py_DECREF(t);
    }
    else {
        gap = Py_None;
        Py_INCREF(gap);
    }
    if (gap != NULL && PyDict_SetItem(gaps, key, gap) < 0)
        Py_CLEAR(gap);
    return gap;
}

/* The glyph [text, x, y] at ``i`` of the run of ``key`` (borrowed), or NULL with the
 * error set; ``run_out``: the run (borrowed). */
static PyObject *
glyph_at(PyObject *runs, PyObject *key, Py_ssize_t i, PyObject **run_out)
{
    PyObject *run = PyDict_GetItemWithError(runs, key);
    if (run == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    if (!PyList_Check(run) || PyList_GET_SIZE(run) == 0) {
        PyErr_SetString(PyExc_ValueError, "a run: a non-empty list of glyphs");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(run);
    PyObject *g = PyList_GET_ITEM(run, i < 0 ? n + i : i);
    if (!PyList_Check(g) || PyList_GET_SIZE(g) != 3) {
        PyErr_SetString(PyExc_ValueError, "a glyph: a list [text, x, y]");
        return NULL;
    }
    if (run_out)
        *run_out = run;
    return g;
}

/* charspace(keys, runs, info, gaps) -> None
 *
 * The loop of pdfium._trailing_charspace (see there; ``gaps``: an empty dict, the
 * spacings measured by spacing_of(), as pdfium._spacing): the glyphs of a
 * string shown right after another on its baseline moved by the character spacing
 * pdfminer leaves out after the last glyph of each.
 */
static PyObject *
charspace(PyObject *self, PyObject *args)
{
    PyObject *keys, *runs, *info, *gaps;
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyList_Type, &keys, &PyDict_Type, &runs,
                          &PyDict_Type, &info, &PyDict_Type, &gaps))
        return NULL;
    PyObject *line = PyList_New(0); /* the upright strings of several glyphs on this baseline */
    if (line == NULL)
        return NULL;
    PyObject *prev_key = NULL, *p = NULL; /* the string before, if upright (new references) */
    PyObject *t = NULL;
    Py_ssize_t seen = 0;
    double shift = 0.0, line_tc = 0.0;
    int bad = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys) && !bad; i++) {
        PyObject *key = PyList_GET_ITEM(keys, i);
        Py_INCREF(key);
        t = PyDict_GetItemWithError(info, key);
        PyObject *run = NULL;
        PyObject *first = t ? glyph_at(runs, key, 0, &run) : NULL;
        if (t == NULL || first == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, key);
            Py_DECREF(key);
            bad = 1;
            break;
        }
        Py_INCREF(t);
        Py_INCREF(run);
        PyObject *up = PyObject_GetAttr(t, S_UPRIGHT);
        int upright = up ? PyObject_IsTrue(up) : -1;
        Py_XDECREF(up);
        double here = 0.0;
        if (upright < 0)
            bad = 1;
        else if (upright && p != NULL) {
            PyObject *prev_run = NULL;
            PyObject *last = glyph_at(runs, prev_key, -1, &prev_run);
            PyObject *pm4 = last ? PyObject_GetAttr(p, S_M4) : NULL;
            PyObject *tm4 = pm4 ? PyObject_GetAttr(t, S_M4) : NULL;
            int same = tm4 ? PyObject_RichCompareBool(pm4, tm4, Py_EQ) : -1;
            double ly = 0, fy = 0;
            if (same > 0) {
                ly = as_double(PyList_GET_ITEM(last, 2), &bad);
                fy = as_double(PyList_GET_ITEM(first, 2), &bad);
            }
            if (same < 0 || bad)
                bad = 1;
            else if (same && ly == fy) {
                PyObject *tc = NULL;
                if (PyList_GET_SIZE(prev_run) > 1)
                    tc = gap_of(prev_key, runs, info, gaps);
                else {
                    tc = Py_None;
                    Py_INCREF(tc);
                }
                if (tc == Py_None && PyList_GET_SIZE(run) > 1) {
                    Py_DECREF(tc);
                    tc = gap_of(key, runs, info, gaps);
                }
                double tcv = 0.0;
                if (tc == NULL)
                    bad = 1;
                else if (tc == Py_None) {
                    for (Py_ssize_t j = seen; j < PyList_GET_SIZE(line) && !bad; j++) {
                        PyObject *g = gap_of(PyList_GET_ITEM(line, j), runs, info, gaps);
                        if (g == NULL)
                            bad = 1;
                        else if (g != Py_None)
                            line_tc = as_double(g, &bad);
                        Py_XDECREF(g);
                    }
                    seen = PyList_GET_SIZE(line);
                    tcv = line_tc;
                }
                else
                    tcv = as_double(tc, &bad);
                Py_XDECREF(tc);
                if (!bad && fabs(tcv) > 1e-3) {
                    /* where the string before ends (asked only when there is a spacing) */
                    PyObject *text = PyList_GET_ITEM(last, 0);
                    PyObject *font = PyObject_GetAttr(p, S_FONT);
                    PyObject *psize = font ? PyObject_GetAttr(p, S_SIZE) : NULL;
                    PyObject *w = NULL;
                    if (psize != NULL) {
                        if (!PyUnicode_Check(text) || PyUnicode_GET_LENGTH(text) == 0)
                            PyErr_SetString(PyExc_ValueError, "a glyph's text: a non-empty str");
                        else {
                            PyObject *code = PyLong_FromUnsignedLong(PyUnicode_READ_CHAR(text, 0));
                            w = code ? PyObject_CallMethodOneArg(font, S_WIDTH, code) : NULL;
                            Py_XDECREF(code);
                        }
                    }
                    if (w == NULL)
                        bad = 1;
                    else {
                        double lx = as_double(PyList_GET_ITEM(last, 1), &bad);
                        double a = as_double(PyTuple_Check(tm4) && PyTuple_GET_SIZE(tm4) > 0
                                             ? PyTuple_GET_ITEM(tm4, 0) : Py_None, &bad);
                        double end = lx + a * as_double(w, &bad) * as_double(psize, &bad);
                        double x0 = as_double(PyList_GET_ITEM(first, 1), &bad);
                        if (!bad && fabs(x0 - (end + tcv)) < 1e-3)
                            here = shift - tcv;
                    }
                    Py_XDECREF(w);
                    Py_XDECREF(psize);
                    Py_XDECREF(font);
                }
            }
            else { /* another baseline, or another matrix */
                Py_SETREF(line, PyList_New(0));
                if (line == NULL)
                    bad = 1;
                seen = 0;
                line_tc = 0.0;
            }
            Py_XDECREF(pm4);
            Py_XDECREF(tm4);
        }
        if (!bad && here != 0.0) {
            /* measured where the PDF has the glyphs, before they move */
            PyObject *g = gap_of(key, runs, info, gaps);
            if (g == NULL)
                bad = 1;
            Py_XDECREF(g);
            for (Py_ssize_t j = 0; !bad && j < PyList_GET_SIZE(run); j++) {
                PyObject *glyph = PyList_GET_ITEM(run, j);
                if (!PyList_Check(glyph) || PyList_GET_SIZE(glyph) != 3) {
                    PyErr_SetString(PyExc_ValueError, "a glyph: a list [text, x, y]");
                    bad = 1;
                    break;
                }
                double x = as_double(PyList_GET_ITEM(glyph, 1), &bad);
                PyObject *moved = bad ? NULL : PyFloat_FromDouble(x + here);
                if (moved == NULL)
                    bad = 1;
                else
                    PyList_SetItem(glyph, 1, moved); /* (steals moved) */
            }
        }
        if (!bad && upright && PyList_GET_SIZE(run) > 1 && PyList_Append(line, key) < 0)
            bad = 1;
        shift = here;
        Py_CLEAR(prev_key);
        Py_CLEAR(p);
        if (upright > 0) {
            prev_key = key;
            p = t;
            Py_INCREF(key);
            Py_INCREF(t);
        }
        Py_DECREF(run);
        Py_DECREF(t);
        Py_DECREF(key);
    }
    Py_XDECREF(prev_key);
    Py_XDECREF(p);
    Py_XDECREF(line);
    if (bad)
        return NULL;
    Py_RETURN_NONE;
}

/* dropped(order, runs) -> list: for each text object of ``order`` (a dict, in its
 * order) that ``runs`` has not, (key, x0, y0, x1, y1, e, f): its bounds
 * (FPDFPageObj_GetBounds; zeros where it fails) and its own matrix's e, f
 * (FPDFPageObj_GetMatrix; zeros where it fails), what pdfium._restore_dropped asks
 * of each, the floats pdfium writes made doubles as ctypes makes them. */
static PyObject *
dropped(PyObject *self, PyObject *args)
{
    PyObject *order, *runs;
    if (!PyArg_ParseTuple(args, "O!O!", &PyDict_Type, &order, &PyDict_Type, &runs))
        return NULL;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "bind() has not run");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(order, &pos, &key, &value)) {
        int in = PyDict_Contains(runs, key);
        if (in < 0)
            goto fail;
        if (in)
            continue;
        void *obj = PyLong_AsVoidPtr(key);
        if (obj == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a null text object");
            goto fail;
        }
        float l, b, r, t, m[6];
        double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0, e = 0.0, f = 0.0;
        if (obj_get_bounds(obj, &l, &b, &r, &t)) {
            x0 = l;
            y0 = b;
            x1 = r;
            y1 = t;
        }
        if (obj_get_matrix(obj, m)) {
            e = m[4];
            f = m[5];
        }
        PyObject *item = Py_BuildValue("(Odddddd)", key, x0, y0, x1, y1, e, f);
        if (item == NULL)
            goto fail;
        int err = PyList_Append(out, item);
        Py_DECREF(item);
        if (err < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS,
     "bind(*addresses): the addresses of the pdfium functions (pypdfium2's) these "
     "loops call, in the order of pdfium._BOUND."},
    {"texts", texts, METH_VARARGS,
     "texts(holder, form, start, into) -> (j, key, kind) | None: a page's or form's "
     "text objects, up to its next object of another kind."},
    {"runs", runs, METH_VARARGS,
     "runs(textpage, text, order) -> dict | int: a text page's glyphs by text object."},
    {"charspace", charspace, METH_VARARGS,
     "charspace(keys, runs, info, gaps) -> None: the glyphs of strings shown "
     "one after another moved as pdfminer has them."},
    {"dropped", dropped, METH_VARARGS,
     "dropped(order, runs) -> list: (key, x0, y0, x1, y1, e, f) of each text object "
     "of order that runs has not: its bounds and its matrix's e, f."},
    {"records", records, METH_VARARGS,
     "records(keys, runs, info, clips, page, view, share, slow) -> list: the glyph "
     "records of a page's text objects."},
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
    S_SHARED = PyUnicode_InternFromString("shared");
    S_FONT = PyUnicode_InternFromString("font");
    S_SIZE = PyUnicode_InternFromString("size");
    S_M4 = PyUnicode_InternFromString("m4");
    S_WIDTHS = PyUnicode_InternFromString("widths");
    S_HANDLE = PyUnicode_InternFromString("handle");
    S_UPRIGHT = PyUnicode_InternFromString("upright");
    S_WIDTH = PyUnicode_InternFromString("width");
    if (!WHY_CLIPPED || !WHY_OFF_PAGE || !WHY_NONE || !S_SHARED || !S_FONT || !S_SIZE || !S_M4 ||
        !S_WIDTHS || !S_UPRIGHT || !S_WIDTH || !S_HANDLE)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    /* (raised at each change of what the functions take or give: pdfium.py checks it) */
    if (m != NULL && PyModule_AddIntConstant(m, "VERSION", 5) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

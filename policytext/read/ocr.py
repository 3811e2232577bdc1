"""OCR: pages read from their image, as the same positioned lines the PDF reader makes.

A scanned official document (a stamped 红头文件 photographed or scanned, then posted as
PDF) has no text layer, or one that is garbage.  Such pages are rendered
(:mod:`policytext.read.raster`) and read with RapidOCR — PaddleOCR's PP-OCRv4
detection, orientation and recognition models run by ONNX Runtime on the CPU.  The
models ship inside the ``rapidocr-onnxruntime`` wheel, so nothing is downloaded at run
time and reading stays offline.

Each recognised character, with the box the recogniser places it in, becomes a glyph
of :mod:`policytext.read.pdf` (page points, top-down), and the PDF reader's own line
building takes over: the glyphs are grouped into rows, gaps make word spaces or table
cells, and the text block, indents, wrapped lines, centring, the red 发文机关标志 and the
title are found as on a text PDF.  So joining, furniture (page numbers, running
headers), structure and the conservation check work unchanged.  On the way:

* **Skew** (a page fed askew, up to a few degrees) is measured from the direction of
  the long text boxes and taken out of the coordinates, so that a line's start
  does not drift across the page and the rows stay level.
* **Seals and emblems** — red, roughly round blobs — are painted out before
  recognition, so the black text under a stamp is read and no line is broken by it;
  each is logged (``seal``).  Red *text lines* (a 发文机关标志) are kept.
* **Confidence**: every page's mean confidence and every character read with a low
  one (below :data:`LOW_CONFIDENCE`) are kept in ``meta["ocr"]`` — marked, never
  changed; the audit trail gets one ``ocr`` record per page read so (with the
  garbled text layer it replaced, if any, so every character is accounted for).

Which pages: those with no text layer, or one the PDF reader judged untrustworthy
(its per-page verdict, the ``degraded_pages`` of a reading without OCR), garbled
or implausible, or an image page with a stray line of text (:func:`needs_ocr`).
They run inside the document's one limited reading (the reading child of
:func:`policytext.read`), in parallel in workers forked from it
(:func:`~policytext.read.limits.run_limited_each`: each page has
``Limits.ocr_deadline`` to itself, not counted in the document's deadline), each
worker with its share of the cores; pages done reach the caller's ``progress``.
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError
from ..model import Removal
from ..patterns import count_visible

__all__ = ["MODES", "ENGINE", "LOW_CONFIDENCE", "check_mode", "engine_version",
           "needs_ocr", "describe", "ocr_image", "ocr_pdf_pages", "OcrPage", "garbled_share"]

MODES = ("auto", "always", "never")
ENGINE = "rapidocr-onnxruntime"
MODEL = "PP-OCRv4"
#: A character read with less confidence than this is listed in ``meta["ocr"]``.
LOW_CONFIDENCE = 0.8
#: Pages are rendered at their images' resolution, within these bounds (dpi).
MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200
#: The detector looks at the page scaled so that its longer side has this many pixels:
#: body text of an A4 page at 200 dpi stays about 30 px high, and detection is
#: three times faster than at full size.
DETECT_SIDE = 1600
#: A page whose text layer has fewer visible characters than this, over an image
#: covering most of the page, is a scan with a stray text line (a stamp, a page number).
FEW_CHARS = 60
IMAGE_COVER = 0.4
#: Address space an OCR worker may use beyond the reading limit's (bytes).
OCR_MEMORY = 2 * 1024**3

# A line's font size over the height of its detected box, where the line has too few
# Chinese characters to measure their pitch (about 0.7 for the PP-OCRv4 detector).
_EM_PER_BOX = 0.7


def check_mode(mode: str) -> str:
    """``mode`` if it is one of :data:`MODES`, else :class:`~policytext.errors.InputError`."""
    if mode not in MODES:
        raise InputError(f"ocr must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def engine_version() -> str:
    """``rapidocr-onnxruntime 1.4.4`` (the installed version)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{ENGINE} {version(ENGINE)}"
    except PackageNotFoundError:  # pragma: no cover - a source checkout without metadata
        return ENGINE


# ---------------------------------------------------------------------------
# Which pages need OCR

_RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def garbled_share(text: str) -> float:
    """The share of ``text``'s visible characters that cannot be real text.

    Private-use code points, U+FFFD, ``(cid:N)`` placeholders and control
    characters are what a font without a usable Unicode map gives back.
    """
    bad = len(re.findall(r"\(cid:\d+\)", text))
    text = re.sub(r"\(cid:\d+\)", "", text)
    total = bad
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cc", "Cs", "Cn") or ch == "\ufffd":
            bad += 1
    return bad / total if total else 0.0


def implausible(text: str) -> bool:
    """Whether ``text`` (a page, 100+ Chinese characters) is not language: a tiny alphabet
    repeated, as a font with its own encoding gives when its codes are read as Unicode.

    Real Chinese text of *n* characters uses about 4–6·n^0.6 distinct ones (Heaps'
    law; policy texts, articles, and a standard's repetitive list of figure titles
    at 1.7·n^0.6); a page using fewer than n^0.6 is not text a person wrote (the
    shared SplitParagraph.ofd: 0.4·n^0.6).
    """
    cjk = _RE_CJK.findall(text)
    n = len(cjk)
    if n < 100:
        return False
    return len(set(cjk)) < n ** 0.6


def needs_ocr(result: Any, mode: str) -> str:
    """Why a page (a :class:`policytext.read.pdf._PageResult`) is to be OCR'd, or ``""``.

    In ``auto`` mode: no text layer; the PDF reader's verdict that the layer cannot be
    trusted (``verdict``, the reason of ``RawDocument.degraded_pages``, which so
    names only pages no OCR read); a garbled or implausible layer; an image page
    with a few characters of text (a page number).
    """
    if mode == "never":
        return ""
    if mode == "always":
        return "asked for (--ocr always)"
    if result.chars_in == 0:
        return "no text layer"
    if result.verdict:  # the PDF reader's own (private_use, placeholders, layers)
        return f"untrustworthy text layer ({result.verdict})"
    text = "".join(r.text for r in result.rows)
    total = max(result.chars_in, 1)
    if result.cids / total >= 0.5 or garbled_share(text) >= 0.3 \
            or result.replacement / total >= 0.3:
        return "garbled text layer"
    if implausible(text):
        return "implausible text layer"
    if result.chars_in < FEW_CHARS and result.image_cover >= IMAGE_COVER:
        return "image page"
    return ""


# ---------------------------------------------------------------------------
# The engine (one per worker process)

_ENGINES: dict[tuple[int, int], Any] = {}


def _engine(threads: int = 0) -> Any:
    """The RapidOCR engine of this process, created on first use (models from its wheel)."""
    key = (os.getpid(), threads)
    if key not in _ENGINES:
        from rapidocr_onnxruntime import RapidOCR

        kw: dict[str, Any] = {"det_limit_type": "max", "det_limit_side_len": DETECT_SIDE}
        if threads:
            kw.update(intra_op_num_threads=threads, inter_op_num_threads=1)
        engine = RapidOCR(**kw)
        detect = engine.auto_text_det

        def padded(img: Any) -> tuple[Any, float]:
            boxes, elapsed = detect(img)
            if boxes is None:
                return boxes, elapsed
            h, w = img.shape[:2]
            return [_pad_box(b, w, h) for b in boxes], elapsed

        engine.auto_text_det = padded  # the one hook RapidOCR.__call__ goes through
        _ENGINES[key] = engine
    return _ENGINES[key]


#: Text boxes are widened by this share of their height at both ends before
#: recognition: the detector cuts a line's box tight and can leave out a closing
#: mark set apart from the character before it (the ” of “亮度”).
PAD = 0.3


def _pad_box(box: Any, width: int, height: int) -> Any:
    import numpy as np

    b = np.array(box, dtype=np.float32)
    along = b[1] - b[0]
    norm = float(np.linalg.norm(along)) or 1.0
    d = along / norm * PAD * float(np.linalg.norm(b[3] - b[0]))
    b[0] -= d
    b[3] -= d
    b[1] += d
    b[2] += d
    b[:, 0] = b[:, 0].clip(0, width - 1)
    b[:, 1] = b[:, 1].clip(0, height - 1)
    return b


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------
# One page image → glyphs


@dataclass
class OcrPage:
    """What OCR read on one page: rows in page points, and how sure it was."""

    result: Any               # a policytext.read.pdf._PageResult
    confidence: float         # mean over the characters read
    chars: int
    low: list[dict]           # {"page", "char", "confidence", "context"} per unsure character
    skew: float               # degrees the page was turned (counter-clockwise)


def _red_mask(rgb: Any) -> Any:
    r, g, b = (rgb[..., k].astype("int16") for k in range(3))
    return (r > 120) & (r - g > 50) & (r - b > 40)


def _mask_seals(rgb: Any, dpi: float) -> tuple[Any, list[tuple[float, float, float, float]]]:
    """Paint out red round blobs (seals, emblems); return the image and their boxes (px).

    A seal is a ring of red with text and a star inside: roughly square, two to six
    centimetres across.  A red line of text (a 发文机关标志) or rule is long and low,
    and stays.
    """
    import cv2
    import numpy as np

    red = _red_mask(rgb)
    if not red.any():
        return rgb, []
    k = max(3, int(dpi / 25))  # close the gaps between a ring's strokes (≈ 1 mm)
    blob = cv2.dilate(red.astype("uint8"), np.ones((k, k), "uint8"))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blob, connectivity=8)
    cm = dpi / 2.54
    found = []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if 1.5 * cm <= w <= 7 * cm and 1.5 * cm <= h <= 7 * cm and 0.7 <= w / h <= 1.4:
            found.append((int(x), int(y), int(x + w), int(y + h)))
    # the star inside a ring is a blob of its own: one seal
    boxes = [b for b in found if not any(o != b and o[0] <= b[0] and o[1] <= b[1]
                                         and b[2] <= o[2] and b[3] <= o[3] for o in found)]
    if not boxes:
        return rgb, []
    out = rgb.copy()
    for x0, y0, x1, y1 in boxes:
        sub = red[y0:y1, x0:x1]
        paper = np.percentile(rgb[y0:y1, x0:x1].reshape(-1, 3), 90, axis=0)
        out[y0:y1, x0:x1][sub] = paper.astype(rgb.dtype)
    return out, [tuple(map(float, b)) for b in boxes]


#: The top and bottom of a page where running headers and page numbers stand.
MARGIN = 0.14


def _margin_lines(engine: Any, rgb: Any, boxes: Sequence[Any], dpi: float) -> list[list]:
    """Lines of the top and bottom margins the detector missed, read by the recogniser alone.

    PP-OCRv4's detector overlooks a short line standing alone, such as a page number
    ``— 1 —``; without it the number is neither read nor, downstream, removed as
    furniture.  Ink the detected boxes do not cover is joined into line-shaped blobs
    (a character high, dust too small to count) and each blob is recognised; what
    the recogniser is sure of (0.8, or 0.5 for a page number) is added as a line.
    """
    import cv2
    import numpy as np

    h, w = rgb.shape[:2]
    lum = rgb.astype("float32").mean(axis=2)
    paper = float(np.percentile(lum, 90))
    ink = (lum < paper - 70).astype("uint8")
    for box in boxes:
        cv2.fillPoly(ink, [np.array(box, dtype=np.int32)], 0)
    ink[int(MARGIN * h):int((1 - MARGIN) * h)] = 0
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), "uint8"))  # dust
    em = dpi / 6  # 12 pt
    joined = cv2.dilate(ink, np.ones((1, max(3, int(em * 0.8))), "uint8"))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out: list[list] = []
    for i in range(1, min(n, 200)):
        x, y, bw, bh, _area = stats[i]
        if not (0.4 * em <= bh <= 2.5 * em and bw >= 0.8 * bh):
            continue
        pad = int(0.3 * bh)
        x0, y0 = max(0, x - pad), max(0, y - pad)
        x1, y1 = min(w, x + bw + pad), min(h, y + bh + pad)
        res, _ = engine(rgb[y0:y1, x0:x1], use_det=False, use_cls=False)
        if not res:
            continue
        text, score = res[0][0], float(res[0][1])
        # (a page number's dashes read uncertainly: 0.7 for a clear "— 1 —")
        if text.strip() and (score >= 0.8 or score >= 0.5 and _RE_PAGE_NO.match(text.strip())):
            out.append([[[x, y], [x + bw, y], [x + bw, y + bh], [x, y + bh]], text, score])
    return out


def _skew(lines: Sequence[Any]) -> float:
    """The page's skew in radians: the median direction of long text boxes."""
    angles = []
    for box, *_ in lines:
        (x0, y0), (x1, y1) = box[0], box[1]
        (_, y3) = box[3]
        w, h = math.hypot(x1 - x0, y1 - y0), abs(y3 - y0)
        if w > 4 * max(h, 1.0):
            angles.append((math.atan2(y1 - y0, x1 - x0), w))
    if not angles:
        return 0.0
    angles.sort()
    half, acc = sum(w for _, w in angles) / 2, 0.0
    for a, w in angles:
        acc += w
        if acc >= half:
            return a if abs(a) <= math.radians(5) else 0.0
    return 0.0  # pragma: no cover


def _is_red_ink(rgb: Any, box: tuple[int, int, int, int]) -> bool:
    """Whether the ink inside ``box`` (the darker or redder pixels) is mostly red."""
    import numpy as np

    x0, y0, x1, y1 = box
    patch = rgb[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)]
    if patch.size == 0:
        return False
    flat = patch.reshape(-1, 3).astype("int16")
    lum = flat @ np.array([299, 587, 114]) // 1000
    paper = np.percentile(lum, 90)
    ink = flat[lum < paper - 40]
    red = _red_mask(flat.reshape(-1, 1, 3)).reshape(-1)
    if len(ink) == 0 and not red.any():
        return False
    return red.sum() > 0.5 * max(len(ink), 1)


def ocr_image(rgb: Any, *, page: int, dpi: float, threads: int = 0) -> OcrPage:
    """Read one page image (an RGB array at ``dpi``) into a page result of the PDF reader."""
    from .pdf import _Glyph, _glyph_type, _group, _PageResult, _row

    masked, seals = _mask_seals(rgb, dpi)
    engine = _engine(threads)
    found, _ = engine(masked, return_word_box=True)
    found = list(found or [])
    found.extend(_margin_lines(engine, masked, [line[0] for line in found], dpi))
    angle = _skew(found)
    h_px, w_px = rgb.shape[:2]
    cx, cy = w_px / 2, h_px / 2
    cos, sin = math.cos(-angle), math.sin(-angle)
    pt = 72.0 / dpi

    def level(x: float, y: float) -> tuple[float, float]:
        """A pixel position on the page turned level, in points."""
        dx, dy = x - cx, y - cy
        return (cx + dx * cos - dy * sin) * pt, (cy + dx * sin + dy * cos) * pt

    height = h_px * pt
    glyphs: list[_Glyph] = []
    make = _glyph_type()
    removed: list[Removal] = []
    low: list[dict] = []
    confs: list[float] = []
    spans_of_lines: list[tuple[int, int, float]] = []  # glyph range and box height of a line
    for line in found:
        box, text, score = line[0], line[1], float(line[2])
        char_boxes = line[3] if len(line) > 3 else []
        chars = list(line[4]) if len(line) > 4 else list(text)
        char_conf = list(line[5]) if len(line) > 5 else []
        if not text.strip():
            continue
        corners = [level(x, y) for x, y in box]
        top = min(y for _, y in corners)
        bottom = max(y for _, y in corners)
        x_left = min(x for x, _ in corners)
        x_right = max(x for x, _ in corners)
        ink = (int(min(p[0] for p in box)), int(min(p[1] for p in box)),
               int(max(p[0] for p in box)) + 1, int(max(p[1] for p in box)) + 1)
        red = _is_red_ink(rgb, ink)
        first = len(glyphs)
        if len(chars) != len(text) or len(char_boxes) != len(text):
            chars = list(text)
            step = (x_right - x_left) / max(len(chars), 1)
            spans = [(x_left + k * step, x_left + (k + 1) * step) for k in range(len(chars))]
        else:
            spans = []
            for cb in char_boxes:
                xs = [level(x, y)[0] for x, y in cb]
                spans.append((min(xs), max(xs)))
        if len(char_conf) != len(chars):
            char_conf = [score] * len(chars)
        for k, (ch, (x0, x1), conf) in enumerate(zip(chars, spans, char_conf, strict=True)):
            glyphs.append(make(ch, x0, max(x1, x0 + 0.1), top, bottom, 0.0,
                               ("ocr", 0.0, red, False), len(glyphs)))
            if ch.isspace():
                continue
            confs.append(float(conf))
            if conf < LOW_CONFIDENCE:
                low.append({"page": page, "char": ch, "confidence": round(float(conf), 3),
                            "context": text[max(0, k - 6):k + 7]})
        spans_of_lines.append((first, len(glyphs), bottom - top))
    _font_sizes(glyphs, spans_of_lines)
    _level_sizes(glyphs)
    for x0, y0, x1, y1 in seals:
        removed.append(Removal("seal", "", page, f"red seal or emblem "
                                                 f"({(x1 - x0) * 2.54 / dpi:.1f} × "
                                                 f"{(y1 - y0) * 2.54 / dpi:.1f} cm) "
                                                 f"painted out before OCR"))
    sizes: Counter = Counter()
    for g in glyphs:
        g.style = ("ocr", round(g.size, 1), g.style[2], False)
        if not g.text.isspace():
            sizes[round(g.size * 2) / 2] += 1
    styles = Counter(g.style for g in glyphs if not g.text.isspace())
    page_style = styles.most_common(1)[0][0] if styles else None
    rows = []
    for group in _group(glyphs):
        row, _ = _row(group, page, height, page_style, dedup=False)
        if row is not None:
            row.text, log = settle(row.text, page)
            removed.extend(log)
            rows.append(row)
    chars_in = sum(1 for g in glyphs if not g.text.isspace())
    result = _PageResult(rows, removed, sizes, chars_in, 0, 0)
    mean = sum(confs) / len(confs) if confs else 0.0
    return OcrPage(result, mean, chars_in, low, -math.degrees(angle))


#: ASCII marks the recogniser gives for the full-width ones of Chinese text; between two
#: Chinese characters (or after one, before the end) only the full-width one is printed.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
#: What the recogniser reads for a page number's dashes (— 3 —): 一, -, —.
_RE_PAGE_NO = re.compile(
    r"^[。.·、,，]?[一—–\-－~～]{1,3}\s*(\d{1,4})\s*[一—–\-－~～]{1,3}[。.·、,，]?$")


def settle(text: str, page: int) -> tuple[str, list[Removal]]:
    """:func:`_settle`, with each change logged (``ocr_confusable``): a page number as a
    whole, a punctuation mark with the words around it."""
    new = _settle(text)
    if new == text:
        return text, []
    if len(new) != len(text) or _RE_PAGE_NO.match(text.strip()):
        return new, [Removal("ocr_confusable", text, page, "OCR look-alikes: a page "
                             "number's dashes", new)]
    log = [Removal("ocr_confusable", a, page, "OCR look-alike: ASCII punctuation inside "
                   "Chinese text", b, (text[max(0, k - 4):k], text[k + 1:k + 5]))
           for k, (a, b) in enumerate(zip(text, new, strict=True)) if a != b]
    return new, log


def _settle(text: str) -> str:
    """A recognised row with the recogniser's look-alikes settled by their context: ASCII
    punctuation inside Chinese text becomes full-width, a page number's 一 a dash."""
    m = _RE_PAGE_NO.match(text.strip())
    if m:
        return f"— {m.group(1)} —"
    if not any(ch in _FULL_WIDTH for ch in text):
        return text
    out = list(text)
    for k, ch in enumerate(text):
        if ch in _FULL_WIDTH:
            before = text[k - 1] if k else ""
            after = text[k + 1] if k + 1 < len(text) else ""
            if (_RE_CJK.match(before) or before in "）”") and \
                    (not after or _RE_CJK.match(after) or after in "（“" or after.isdigit()):
                out[k] = _FULL_WIDTH[ch]
    return "".join(out)


#: Characters PP-OCR reads for one another in Song type (入/人 above all).
CONFUSABLE = {"人": "入", "入": "人", "已": "己", "己": "已", "未": "末", "末": "未",
              "士": "土", "土": "士", "千": "干", "干": "千"}


@functools.lru_cache(maxsize=1)
def two_char_words() -> frozenset[str]:
    """The two-character words of jieba's dictionary (read from its file, about 0.3 s)."""
    import jieba

    words = set()
    with jieba.Tokenizer().get_dict_file() as fh:  # opens the packaged file, loads nothing
        for raw in fh:
            parts = raw.decode("utf-8", "replace").split()
            if len(parts) >= 2 and len(parts[0]) == 2 and parts[1] != "0":
                words.add(parts[0])
    return frozenset(words)


def repair_confusables(text: str, page: int, words: Collection[str]
                       ) -> tuple[str, list[Removal]]:
    """Settle look-alike characters by the words they make: ``深人贯彻`` → ``深入贯彻``.

    A character of :data:`CONFUSABLE` is replaced by its look-alike when the look-alike
    makes more two-character words of ``words`` (:func:`two_char_words`) with its
    neighbours than it does.  Every replacement is logged (``ocr_confusable``).
    """
    def score(prev: str, ch: str, nxt: str) -> int:
        return ((prev + ch) in words) + ((ch + nxt) in words)

    out = list(text)
    log: list[Removal] = []
    for k, ch in enumerate(text):
        alt = CONFUSABLE.get(ch)
        if alt is None:
            continue
        prev = text[k - 1] if k else ""
        nxt = text[k + 1] if k + 1 < len(text) else ""
        if score(prev, alt, nxt) > score(prev, ch, nxt):
            out[k] = alt
            context = (text[max(0, k - 4):k], text[k + 1:k + 5])
            log.append(Removal("ocr_confusable", ch, page,
                               f"OCR look-alike: {prev + alt + nxt} makes a word, "
                               f"{prev + ch + nxt} none", alt, context))
    return "".join(out), log


def pair_quotes(text: str, page: int) -> tuple[str, list[Removal]]:
    """A ’ that closes a “ (no ‘ open) is the recogniser's reading of ”; logged."""
    out = list(text)
    log: list[Removal] = []
    double = single = 0
    for k, ch in enumerate(text):
        if ch == "“":
            double += 1
        elif ch == "”":
            double = max(0, double - 1)
        elif ch == "‘":
            single += 1
        elif ch == "’":
            if single:
                single -= 1
            elif double:
                double -= 1
                out[k] = "”"
                log.append(Removal("ocr_confusable", "’", page,
                                   "OCR look-alike: ’ closing a “", "”",
                                   (text[max(0, k - 4):k], text[k + 1:k + 5])))
    return "".join(out), log


def _font_sizes(glyphs: list[Any], lines: Sequence[tuple[int, int, float]]) -> None:
    """Each line's font size: the pitch of its Chinese characters (one em each, plus the
    line's justification), else its box height scaled as the page's measured lines are.

    The detector's box is not proportional to the type (it adds a margin of its own),
    so a 二号 title and a 三号 body differ by more in pitch than in box height.
    """
    pitches: dict[int, float] = {}
    for n, (a, b, _h) in enumerate(lines):
        steps = [(glyphs[k + 1].x0 + glyphs[k + 1].x1 - glyphs[k].x0 - glyphs[k].x1) / 2
                 for k in range(a, b - 1)
                 if _RE_CJK.match(glyphs[k].text) and _RE_CJK.match(glyphs[k + 1].text)]
        if len(steps) >= 2:
            steps.sort()
            pitches[n] = steps[len(steps) // 2]
    ratios = sorted(pitches[n] / lines[n][2] for n in pitches if lines[n][2] > 0)
    ratio = ratios[len(ratios) // 2] if ratios else _EM_PER_BOX
    for n, (a, b, h) in enumerate(lines):
        size = pitches.get(n, h * ratio)
        for k in range(a, b):
            glyphs[k].size = max(size, 1.0)


def _level_sizes(glyphs: list[Any]) -> None:
    """Give the lines of one size one size: box heights jitter by a point or two, and the
    PDF reader's body size, title and indents are measured against a common size."""
    lines = sorted({g.size for g in glyphs})
    if not lines:
        return
    groups: list[list[float]] = [[lines[0]]]
    for s in lines[1:]:
        if s <= groups[-1][0] * 1.12:
            groups[-1].append(s)
        else:
            groups.append([s])
    level = {}
    for grp in groups:
        counts = Counter(round(g.size, 3) for g in glyphs if g.size in set(grp))
        common = counts.most_common()
        # the size of the group: the median glyph, weighted by how many glyphs it has
        flat = sorted(s for s, c in common for _ in range(c))
        mid = flat[len(flat) // 2]
        for s in grp:
            level[s] = mid
    for g in glyphs:
        g.size = level[g.size]


# ---------------------------------------------------------------------------
# A PDF's pages


def _ocr_pdf_page(job: tuple[bytes, int, float, str | None, int], *, budget: Any) -> OcrPage:
    """In a worker: render one page of a PDF and read it."""
    from .raster import render_pdf_page

    data, index, dpi, password, threads = job
    rgb, dpi = render_pdf_page(data, index, dpi=dpi, password=password)
    budget.check_time()
    return ocr_image(rgb, page=index + 1, dpi=dpi, threads=threads)


def _warm(jobs: int) -> None:
    """In a worker, before its first page: load the models with its share of the cores."""
    _engine(max(1, _cores() // jobs))


def ocr_pdf_pages(data: bytes, results: list[Any], *, mode: str, password: str | None = None,
                  limits: Any = None, name: str = "",
                  progress: Callable[[int, int], None] | None = None
                  ) -> tuple[list[Any], dict | None]:
    """The PDF reader's page results with the pages that need it read by OCR instead.

    Returns the new results and the ``meta["ocr"]`` summary (``None`` when no page
    needed OCR).
    """
    todo = [(i, why) for i, res in enumerate(results) if (why := needs_ocr(res, mode))]
    if not todo:
        return results, None
    try:
        import rapidocr_onnxruntime  # noqa: F401  (imported before forking)
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        from ..errors import NoTextLayerError

        raise NoTextLayerError(f"{name or 'input'}: pages need OCR but "
                               f"rapidocr-onnxruntime is not installed") from exc
    from .limits import DEFAULT_LIMITS, run_limited_each

    limits = limits or DEFAULT_LIMITS
    # The engine's buffers (the detector's feature maps, a thread's malloc arenas) take
    # about 1.2 GB of address space on an A4 page: a worker may use that much more.
    limits = replace(limits, max_memory_bytes=limits.max_memory_bytes + OCR_MEMORY,
                     deadline=limits.ocr_deadline)
    jobs = min(_cores(), len(todo))
    threads = max(1, _cores() // jobs)
    work = [(data, i, _dpi(results[i]), password, threads) for i, _ in todo]
    done = 0

    def tick(_index: int, _page: OcrPage) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(todo))

    if progress is not None:
        progress(0, len(todo))
    pages = run_limited_each(_ocr_pdf_page, work, limits=limits, name=name, jobs=jobs,
                             setup=_warm, on_result=tick)
    out = list(results)
    version = engine_version()
    words = two_char_words()
    summary: dict[str, Any] = {"engine": version, "model": MODEL, "pages": [],
                               "low_confidence_below": LOW_CONFIDENCE, "low_confidence": []}
    total_chars = 0
    weighted = 0.0
    for (i, why), page in zip(todo, pages, strict=True):
        old = results[i]
        res = page.result
        if why == "image page":
            # the text layer is good, only short (a page number): keep it, and take from
            # OCR what it read elsewhere (PDFium renders the text layer too)
            res.rows = sorted([r for r in res.rows if not _covered(r, old.rows)] + old.rows,
                              key=lambda r: (r.top + r.bottom) / 2)
            res.chars_in = sum(count_visible(r.text) for r in res.rows)
            res.notes = [*old.notes, *res.notes]  # what the reader said of the rows kept
            old = replace(old, rows=[], chars_in=old.chars_in - sum(
                count_visible(r.text) for r in old.rows))
        dropped = "".join(r.text for r in old.rows)
        for row in res.rows:
            row.text, log = repair_confusables(row.text, i + 1, words)
            res.removed.extend(log)
            row.text, log = pair_quotes(row.text, i + 1)
            res.removed.extend(log)
        res.removed.insert(0, Removal(
            "ocr", dropped, i + 1,
            f"page read by OCR ({why}; {version}, {MODEL}): mean confidence "
            f"{page.confidence:.3f}" + ("; its text layer replaced" if dropped else "")))
        res.removed.extend(old.removed)
        res.chars_in += old.chars_in
        res.image_cover, res.image_dpi = old.image_cover, old.image_dpi
        out[i] = res
        summary["pages"].append({"page": i + 1, "reason": why,
                                 "confidence": round(page.confidence, 4),
                                 "characters": page.chars, "skew": round(page.skew, 2)})
        summary["low_confidence"].extend(page.low)
        total_chars += page.chars
        weighted += page.confidence * page.chars
    summary["mean_confidence"] = round(weighted / total_chars, 4) if total_chars else 0.0
    return out, summary


def describe(summary: dict) -> str:
    """One line for ``warnings``: which pages were read by OCR, by what, how surely."""
    from .pdf import _ranges

    pages = [p["page"] for p in summary["pages"]]
    low = len(summary["low_confidence"])
    return (f"page(s) {_ranges(pages)} read by OCR ({summary['engine']}, {summary['model']}; "
            f"mean confidence {summary['mean_confidence']:.3f}"
            + (f"; {low} character(s) below {summary['low_confidence_below']} listed in "
               f"meta.ocr.low_confidence" if low else "") + ")")


def _covered(row: Any, others: Sequence[Any]) -> bool:
    """Whether ``row`` (read by OCR) lies over one of ``others`` (the text layer's)."""
    return any(o.x0 < row.x1 and row.x0 < o.x1 and o.top < row.bottom and row.top < o.bottom
               for o in others)


def _dpi(result: Any) -> float:
    if result.image_dpi:
        return min(MAX_DPI, max(MIN_DPI, result.image_dpi))
    return DEFAULT_DPI

"""Web-page furniture of text saved from a news or government site (TXT and DOCX copies).

A page's controls (下载/打印/字号), its label lines (来源/时间/责任编辑), photo
captions and the trailer after the article are no part of the document: removed
here, in the cleaning stage with the other page furniture, and logged; what the
label lines say (来源, 时间) is handed on as metadata.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Removal
from ..patterns import RE_ENDS_FINAL, count_visible, is_heading_start
from ..records import Line

__all__ = ["WEB_WIDGETS", "looks_like_web_page", "drop_web_furniture", "drop_source_line",
           "is_site_line"]

#: Lines that are a page's own controls, never a document's words.
WEB_WIDGETS = frozenset({
    "下载", "打印", "全屏", "收藏", "分享", "分享：", "分享到：", "打印本页", "关闭窗口",
    "【打印】", "【关闭】", "【关闭窗口】", "【打印本页】", "【大】", "【中】", "【小】",
    "扫一扫在手机打开当前页", "扫一扫在手机上查看当前页面", "返回顶部", "TOP", "Public domain",
})
#: The font-size control: 【字号： 加大 还原 减小 】 or 【字体： 大 中 小 】, one per line.
_RE_FONT_OPEN = re.compile(r"^【?\s*(字号|字体)\s*[：:]?\s*$")
_FONT_PARTS = frozenset({"加大", "还原", "减小", "大", "中", "小", "默认", "】", "|"})
#: 来源：北京日报, 时间：2026-02-02, 责任编辑：李莎莎 (the value may sit on the next line).
RE_WEB_LABEL = re.compile(
    r"^(?P<label>来\s*源|时\s*间|发布时间|发布日期|日\s*期|作\s*者|编\s*辑|责任编辑|浏览次数|"
    r"点击数|阅读次数)\s*[：:]\s*(?P<value>.{0,40})$")
#: A publication timestamp with a time of day (a bare date may be a 成文日期: kept).
RE_WEB_TIMESTAMP = re.compile(
    r"^\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})\s*"
    r"\d{1,2}\s*(?:[:：]|时)\s*\d{1,2}(?:\s*分|\s*[:：]\s*\d{1,2})?\s*$")
#: A photo caption: …本报记者 戴冰摄, 新华社记者 张三 摄, （摄影：…）.
RE_WEB_CAPTION = re.compile(
    r"(?:记者|摄影|通讯员|图片来源)[^。；！？]{0,20}?\s*摄\s*[)）]?\s*$|^[(（]?\s*摄影\s*[：:]")
#: Where an article page's own text ends and its trailer (related links, editor,
#: share widgets, a licence notice) begins.
RE_WEB_TRAILER = re.compile(
    r"^(?:相关报道|相关链接|相关附件|相关阅读|相关新闻|延伸阅读|责任编辑|扫一扫|打印本页|关闭窗口|"
    r"【打印】|【关闭】|分享到)\s*[：:>》]*"
    r"|^本作品(?:是|在|来自)")
#: A licence trailer must say it is one (Wikisource's 本作品…属于公有领域 / Public domain).
_RE_LICENCE_WORDS = re.compile(r"公有领域|著作权|版权|[Pp]ublic [Dd]omain|[Ll]icen[cs]e")
#: A page's article-info line: two or more label：value pairs on one line
#: (作者：学生工作处  发布时间：2024-03-12 10:20  阅读次数：3677).
_INFO_LABEL = (r"(?:作\s*者|发布者|发布人|来\s*源|发布时间|发布日期|更新时间|时\s*间|日\s*期|"
               r"编\s*辑|责任编辑|审核|浏览次数|阅读次数|点击数|点击量|访问量|浏览量|阅读量)")
_RE_INFO_LINE = re.compile(
    rf"^(?:{_INFO_LABEL}\s*[：:]\s*.{{0,30}}?\s*(?:[|｜/]\s*)?){{2,}}$")
#: A count label alone (阅读次数：3677): a page's counter, never a document's words.
_RE_COUNTER = re.compile(
    r"^(?:浏览次数|阅读次数|点击数|点击量|访问量|浏览量|阅读量)\s*[：:]\s*\d*\s*$")
#: 附件下载：/accessory/….doc, a bare link to an attached file, 相关附件：….pdf.
_RE_DOWNLOAD = re.compile(
    r"^(?:(?:附件下载|相关附件|附件|下载附件|点击下载)\s*[：:]?\s*)?[^\s，。；：:]{0,80}?"
    r"\.(?:docx?|pdf|xlsx?|wps|zip|rar|ofd|txt)\s*$", re.IGNORECASE)
_RE_DOWNLOAD_LABEL = re.compile(r"^(?:附件下载|下载附件|点击下载)\s*[：:]?")
#: Breadcrumbs: 首页 > 通知公告 > 正文, 当前位置：首页 » 新闻中心.
_RE_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|位置)?\s*[：:]?\s*"
                            r"(?:首页|主页|网站首页)"
                            r"\s*[>＞»/›]\s*\S")
#: A line of the page's controls only: 【打印】【关闭】, 打印本页 | 关闭窗口, 分享到：微信 微博.
_CONTROL_WORDS = r"(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏本页|收藏|分享到|分享|" \
                 r"微信|微博|QQ空间|复制链接|字号|大|中|小|默认|加大|还原|减小|TOP)"
_RE_CONTROLS = re.compile(
    rf"^(?:[【\[(（]?\s*{_CONTROL_WORDS}\s*[】\])）]?\s*[：:|｜/·]?\s*){{1,8}}$")
_WEB_TRAILER_MAX_LINES = 40
_WEB_TRAILER_MAX_CHARS = 1500


def is_site_line(text: str) -> bool:
    """A line that is a web page's own, wherever it sits: an article-info line (作者/发布时间/
    阅读次数 …), a download link to an attached file, a breadcrumb trail, a line of controls."""
    t = text.strip()
    if not t:
        return False
    if _RE_INFO_LINE.match(t) or _RE_COUNTER.match(t) or _RE_BREADCRUMB.match(t):
        return True
    if _RE_DOWNLOAD.match(t) and (_RE_DOWNLOAD_LABEL.match(t) or "/" in t or " " not in t) \
            and not RE_ENDS_FINAL.search(t):
        return True
    return bool(_RE_CONTROLS.match(t)) and len(t) >= 2


def _site_reason(text: str) -> str:
    t = text.strip()
    if _RE_BREADCRUMB.match(t):
        return "breadcrumb trail of the web page"
    if _RE_INFO_LINE.match(t) or _RE_COUNTER.match(t):
        return "article-info line of the web page (author, time, views)"
    if _RE_DOWNLOAD.match(t):
        return "download link of the web page"
    return "web page control"


def looks_like_web_page(lines: Sequence[Line]) -> bool:
    """True when the text carries a web page's controls or trailer (at least two signs)."""
    texts = [ln.text.strip() for ln in lines if ln.text.strip()]
    window = [texts[i] for i in sorted(set(range(min(40, len(texts))))
                                       | set(range(max(0, len(texts) - 40), len(texts))))]
    signs = sum(1 for t in window if t in WEB_WIDGETS or _RE_FONT_OPEN.match(t)
                or RE_WEB_TRAILER.match(t) or is_site_line(t))
    signs += sum(1 for t in texts[:30] if RE_WEB_LABEL.match(t) or RE_WEB_TIMESTAMP.match(t))
    return signs >= 2


def _web_trailer_start(texts: Sequence[str]) -> int | None:
    """Index of the first line of the page trailer, if the tail after it is short."""
    n = len(texts)
    for i in range(max(0, n - _WEB_TRAILER_MAX_LINES), n):
        if RE_WEB_TRAILER.match(texts[i]):
            rest = texts[i:]
            if texts[i].startswith("本作品") and not _RE_LICENCE_WORDS.search("".join(rest)):
                continue
            if sum(count_visible(t) for t in rest) <= _WEB_TRAILER_MAX_CHARS and not any(
                    is_heading_start(t) for t in rest[1:]):
                return i
            return None
    return None


def drop_web_furniture(lines: Sequence[Line]
                       ) -> tuple[list[Line], list[Removal], dict[str, str]]:
    """Remove a saved web page's furniture, logging each line as ``web_furniture``.

    Removed: page controls (下载/打印/全屏/收藏, the 【字号：加大/还原/减小】 block,
    share and print links), label lines in the head (来源：…, 时间：…, 责任编辑：…,
    also with the value on the next line), publication timestamps with a time of
    day, photo captions (…记者 某某摄), and the trailer after the article
    (相关报道/相关链接 and what follows, a site's licence notice) when it is short
    and holds no outline heading.  Conservative by design: a line is only removed
    if it is furniture *as a whole*; body paragraphs are never touched.

    Also returns the page's ``source_name`` (来源) and ``published`` (时间) as found.
    """
    texts = [ln.text.strip() for ln in lines]
    trailer = _web_trailer_start(texts)
    head_end = next((i for i, t in enumerate(texts) if is_heading_start(t)), len(texts))
    head_end = min(head_end, 30)
    reasons: dict[int, str] = {}
    value_of: set[int] = set()  # a label's value on the line below it
    stamps: set[int] = set()    # publication timestamps
    info: set[int] = set()      # article-info lines (作者… 发布时间… 阅读次数…)
    i = 0
    while i < len(texts):
        t = texts[i]
        if not t:
            i += 1
            continue
        if trailer is not None and i >= trailer:
            reasons[i] = ("licence notice of the site the text was saved from"
                          if texts[trailer].startswith("本作品")
                          else "page trailer after the article (related links, editor, share)")
        elif t in WEB_WIDGETS:
            reasons[i] = "web page control"
        elif _RE_FONT_OPEN.match(t):
            reasons[i] = "font-size control of the web page"
            j = i + 1
            while j < len(texts) and j <= i + 8 and texts[j] in _FONT_PARTS:
                reasons[j] = "font-size control of the web page"
                closed = texts[j] == "】"
                j += 1
                if closed:
                    break
            i = j
            continue
        elif _RE_INFO_LINE.match(t):
            reasons[i] = _site_reason(t)
            info.add(i)
        elif i < head_end and RE_WEB_LABEL.match(t):
            m = RE_WEB_LABEL.match(t)
            label = re.sub(r"\s+", "", m.group("label"))  # type: ignore[union-attr]
            reasons[i] = f"{label} line of the web page"
            if not m.group("value").strip() and i + 1 < len(texts) \
                    and 0 < count_visible(texts[i + 1]) <= 20 \
                    and not is_heading_start(texts[i + 1]) \
                    and not RE_ENDS_FINAL.search(texts[i + 1]):
                reasons[i + 1] = f"value of the {label} line of the web page"
                value_of.add(i + 1)
                i += 1
        elif i < head_end and RE_WEB_TIMESTAMP.match(t):
            reasons[i] = "publication time of the web page"
            stamps.add(i)
        elif len(t) <= 80 and RE_WEB_CAPTION.search(t) and not is_heading_start(t):
            reasons[i] = "photo caption"
        elif is_site_line(t):
            reasons[i] = _site_reason(t)
            if _RE_INFO_LINE.match(t):
                info.add(i)
        i += 1
    _repeated_title(texts, reasons)
    meta = _web_meta(texts, reasons, value_of, stamps)
    for k in sorted(info):
        for m in re.finditer(rf"(?P<label>{_INFO_LABEL})\s*[：:]\s*(?P<value>[^|｜]*?)\s*"
                             rf"(?=(?:{_INFO_LABEL})\s*[：:]|[|｜]|$)", texts[k]):
            key = _META_KEYS.get(re.sub(r"\s+", "", m.group("label")))
            if key and m.group("value"):  # each label's own value, not the line's rest
                meta[key] = m.group("value").strip()
    kept, removed = [], []
    for k, line in enumerate(lines):
        if k in reasons:
            removed.append(Removal("web_furniture", texts[k], line.page, reasons[k]))
        else:
            kept.append(line)
    return kept, removed, meta


_META_KEYS = {"来源": "source_name", "时间": "published", "发布时间": "published",
              "发布日期": "published", "日期": "published", "作者": "author"}


def _repeated_title(texts: Sequence[str], reasons: dict[int, str]) -> None:
    """The page's own title line above the article's: the same line twice at the top, the
    first (with page lines between them) is the site's."""
    seen: dict[str, int] = {}
    for i, t in enumerate(texts[:12]):
        if not t or i in reasons:
            continue
        if t in seen and any(j in reasons for j in range(seen[t] + 1, i)):
            reasons[seen[t]] = "title of the web page, repeated by the article"
            return
        seen.setdefault(t, i)


def _web_meta(texts: Sequence[str], reasons: dict[int, str], value_of: set[int],
              stamps: set[int]) -> dict[str, str]:
    """``source_name`` and ``published`` from the removed label and timestamp lines, in order.

    ``value_of`` holds the lines that are the value of the label line above them,
    ``stamps`` the publication timestamps: what each removed line was is carried as
    data, never read back out of the audit log's wording.
    """
    meta: dict[str, str] = {}
    pending: str | None = None
    for k in sorted(reasons):
        if pending and k in value_of:
            meta.setdefault(pending, texts[k])
            pending = None
            continue
        pending = None
        m = RE_WEB_LABEL.match(texts[k])
        if m:
            key = _META_KEYS.get(re.sub(r"\s+", "", m.group("label")))
            if key:
                if m.group("value").strip():
                    meta.setdefault(key, m.group("value").strip())
                else:
                    pending = key
        elif k in stamps:
            meta.setdefault("published", texts[k])
    return meta


#: 来源：北京日报 on a line of its own near the top: where a file was saved from.
_RE_SOURCE = re.compile(r"^(?:-{2,}|—{1,2})?\s*来\s*源\s*[：:]\s*(?P<value>.{1,40})$")
_SOURCE_LINES = 5


def drop_source_line(lines: Sequence[Line]) -> tuple[list[Line], list[Removal], dict[str, str]]:
    """Remove the ``来源：`` line among the first lines of a saved article (a DOCX copy
    of a news page), logged as a ``header``; its value becomes ``source_name``."""
    for k, line in enumerate(lines[:_SOURCE_LINES]):
        text = line.text.strip()
        m = _RE_SOURCE.match(text)
        if m:
            removal = Removal("header", text, line.page,
                              "source line (来源) of the page the file was saved from; "
                              "kept as meta.source_name")
            return ([*lines[:k], *lines[k + 1:]], [removal],
                    {"source_name": m.group("value").strip()})
    return list(lines), [], {}

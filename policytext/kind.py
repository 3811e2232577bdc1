"""What kind of document this is, and who issued a report: read from the structured parts.

The kind decides how later stages read a document: a work plan or a work
report is tagged with the party or government taxonomy, a law's requirements
are its obligations and prohibitions (应当/必须/不得/禁止/可以) and it gets no
forced theme.  Kinds:

``work_plan``   工作要点, 工作计划, 工作安排, 实施方案, 规划 …
``work_report`` 工作报告 (a 政府工作报告 delivered to a congress)
``law``         法, 条例, 规定, 办法, 细则, 章程, 规则 (a regulation read article by article)
``notice``      通知, 批复, 函, 意见, 通报, 决定, 公告
``compilation`` 汇编, 手册, 选编: several documents in one file
``standard``    a national or trade standard (GB/T 9704-2012 itself)
``other``       none of these

Detected from the title first (its last words say what it is, GB/T 9704-2012
§7.3.1), else from the outline (第X条 articles make a regulation) and the head
(各位代表： and 在…会议上 make a report); a manifest or sidecar can set it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Section

__all__ = ["KINDS", "document_kind", "kind_from_title", "report_issuer"]

KINDS = ("work_plan", "work_report", "law", "notice", "compilation", "standard", "other")

#: A title's tail that is no part of its kind: （试行）, （2024年修订）, （草案）, quotes.
_RE_TITLE_TRAIL = re.compile(r"(?:[（(][^（）()]{1,16}[)）]|[”’》\s])+$")
_BY_TITLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("compilation", re.compile(r"(?:汇编|手册|选编|文件集|资料集|文件选)$")),
    ("work_report", re.compile(r"工作报告$")),
    ("notice", re.compile(r"(?:通知|批复|复函|函|意见|通报|决定|公告|通告|决议|请示)$")),
    ("work_plan", re.compile(r"(?:要点|计划|安排|方案|规划|纲要|部署|任务清单|任务分工)$")),
    ("law", re.compile(r"(?:法|条例|规定|办法|细则|章程|规则|准则|守则|制度|规程|标准)$")),
    ("standard", re.compile(r"^(?:GB|GB/T|GB/Z|[A-Z]{2}/T)\s*\d")),
)
#: A standard's head: 中华人民共和国国家标准, GB/T 9704—2012, ICS 35.240.20.
_RE_STANDARD = re.compile(
    r"^(?:中华人民共和国国家标准|(?:GB|GB/T|GB/Z)\s*\d{1,6}[—–\-－]\d{4}|ICS\s+\d)")


def kind_from_title(title: str | None) -> str | None:
    """The kind a title names with its last words, if it names one."""
    if not title:
        return None
    core = _RE_TITLE_TRAIL.sub("", title.strip())
    for kind, pattern in _BY_TITLE:
        if pattern.search(core):
            return kind
    return None


def document_kind(*, title: str | None, sections: Sequence[Section] = (),
                  head: Sequence[str] = (), recipients: Sequence[str] = (),
                  delivered: bool = False, parts: int = 0) -> str:
    """The document's kind (see the module docstring).

    ``head`` is the first lines of the cleaned text, ``parts`` the number of
    documents a compilation was split into (0 if it was not).
    """
    if parts >= 2:
        return "compilation"
    if any(_RE_STANDARD.match(line.strip()) for line in head[:12]):
        return "standard"
    by_title = kind_from_title(title)
    if by_title:
        return by_title
    articles = sum(1 for s in sections for it in _items(s) if it.kind == "article")
    if articles >= 3:
        return "law"
    if delivered or any(r in ("各位代表", "各位委员") for r in recipients):
        return "work_report"
    return "other"


def _items(section: Section):
    for sub in section.iter_sections():
        yield from sub.items


#: A place that has a government: 上海市, 四川省, 广西壮族自治区, 浦东新区 …
_PLACE = r"[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|州|盟|县|区|旗)"
_RE_TITLE_ISSUER = re.compile(
    rf"^(?:(?:19|20)\d\d年)?(?P<org>{_PLACE}(?:人民政府|政府)?)(?:人民)?政府工作报告$")
_RE_TITLE_ORG = re.compile(rf"^(?:(?:19|20)\d\d年)?(?P<org>国务院|{_PLACE}人民政府)工作报告$")
#: 现在，我代表国务院（省人民政府），向大会报告 …
_RE_ON_BEHALF = re.compile(r"我代表(?P<org>[\u4e00-\u9fff]{2,20}?)[，,]?向(?:大会|会议)")
#: The place a report was delivered in: 在广东省第十四届人民代表大会…
_RE_EVENT_PLACE = re.compile(rf"^(?P<place>{_PLACE})第[一二三四五六七八九十]+届")


def report_issuer(*, title: str | None, delivered: dict | None, opening: str) -> str | None:
    """The government whose work report this is: from its title (2025年上海市政府工作报告 →
    上海市人民政府), else from its opening (我代表国务院 / 我代表省人民政府 + the
    province of the meeting), else from the speaker (国务院总理 → 国务院)."""
    t = re.sub(r"\s+", "", title or "")
    m = _RE_TITLE_ORG.match(t)
    if m:
        return m.group("org")
    m = _RE_TITLE_ISSUER.match(t)
    if m and not m.group("org").endswith("政府"):
        return m.group("org") + "人民政府"
    place = None
    if delivered and delivered.get("event"):
        pm = _RE_EVENT_PLACE.match(delivered["event"])
        place = pm.group("place") if pm else None
        if "全国人民代表大会" in delivered["event"]:
            place = "国务院"
    m = _RE_ON_BEHALF.search(opening[:200])
    if m:
        org = m.group("org")
        if org in ("省人民政府", "市人民政府", "自治区人民政府", "省政府", "市政府"):
            # 我代表省人民政府: which province, the meeting says (or nothing does)
            return place + "人民政府" if place and place != "国务院" else None
        return org
    speaker = (delivered or {}).get("speaker") or ""
    if speaker.startswith("国务院"):
        return "国务院"
    sm = re.match(rf"^(?P<org>{_PLACE}人民政府)", speaker)
    if sm:
        return sm.group("org")
    return None

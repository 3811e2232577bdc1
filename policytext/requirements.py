"""Requirements: split items into requirement clauses and read who must do what, how often.

A work point is a run of directives.  Each sentence is cut into clauses at
，；。 (a clause that only sets the scene — “依托8个省级学会联合体”, “…重大任务前” —
stays with the clause it introduces), and each clause becomes a
:class:`Requirement`:

* ``actor`` — the body or office named at the clause's start (党委书记,
  省级学会党建工作领导小组, 秘书处党支部 …); a clause without one inherits the
  actor of the clause before it in the same sentence, else None;
* ``action`` — the rest of the clause, without the frequency words;
* ``frequency`` — 每半年至少1次, 每年至少1次, 定期, 年度(述职) … (a period with a count or a
  verb; 每月提示制度 is the name of a system, not a frequency);
* ``quantity`` — a number with its measure word and qualifier (5名以上, 不少于32学时);
* ``deadline`` — 年底前, 6月底前, 2025年12月31日前, 年内 …;
* ``strength`` — ``must`` (必须/务必/严格/严禁/不得/坚决/确保/要/应, and a floor:
  至少/不少于), ``encouraged``
  (鼓励/支持/探索/倡导/提倡/可), otherwise ``should`` (a plain directive).

The words are the document's own; nothing is rewritten except that the
frequency is given as one phrase (“每半年至少主持召开1次” → “每半年至少1次”).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Requirement", "extract_requirements", "requirements_from_text", "to_frame"]


@dataclass(frozen=True)
class Requirement:
    """One requirement clause of an item."""

    path: str
    actor: str | None
    action: str
    frequency: str | None
    quantity: str | None
    deadline: str | None
    strength: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CN_NUM = "一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_NUM}]+)"
_PERIOD = r"(?:半年|年度|季度|每季|年|季|月|周|星期|天|日|学期)"

#: 每半年至少（主持召开）1次 / 每年 … 1次 / 每季度 / 每月 (+ a verb)
_FREQ_HEAD = (rf"(?P<every>每(?:个)?{_PERIOD})"
              rf"(?!(?:[\u4e00-\u9fff]{{0,4}})(?:制度|机制))"  # 每月提示制度 is a name
              rf"(?P<qual>至少|不少于|不超过|最多|原则上)?")
_RE_FREQ_COUNT = re.compile(
    _FREQ_HEAD + rf"(?P<mid>[\u4e00-\u9fff]{{0,8}}?)(?P<count>{_NUM}(?:次|期|场|轮|回))")
_RE_FREQ = re.compile(_FREQ_HEAD + r"(?P<mid>)(?P<count>)(?=[\u4e00-\u9fff])")
#: 定期; 年度述职评议 (an annual report-back) is a yearly requirement too.
_RE_PERIODIC = re.compile(r"定期|按季度|按月|按年度|每年度"
                          r"|年度(?=[\u4e00-\u9fff]{0,2}(?:述职|考核|评议|总结))")
_RE_QUANTITY = re.compile(
    rf"(?P<pre>至少|不少于|不低于|不超过|超过|达到|达|满|近|约)?"
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN_NUM}]{{1,3}})(?P<mag>多|余)?(?P<big>[万亿千百]+)?"
    r"(?P<unit>人次|平方米|平方公里|公里|千米|美元|学时|课时|小时|个百分点|元|名|个|人|次|项|家|"
    r"期|场|篇|天|%|％|所|批|支|条|件|类|户|吨|亩|套|台|座)?"
    r"(?P<post>以上|以下|左右|以内|及以上)?"
)
_RE_DEADLINE = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}月(?:底|末|\d{1,2}日)?|年底|年末|年中|上半年|下半年|季度末|月底)前"
    r"|(?:\d{4}年)?年内|限期|按期"
)


#: Bodies and offices that act in work points: an actor ends in one of these.
_ACTOR_END = (
    "领导小组", "工作小组", "党建工作领导小组", "委员会", "党委", "党组", "党工委", "工委",
    "党支部", "支部", "党总支", "党组织", "党小组", "书记", "副书记", "委员", "理事会",
    "监事会", "秘书处", "办公室", "学会", "协会", "政府", "部门", "单位", "机关", "机构",
    "党员", "干部", "负责人", "班子", "纪委", "监委", "中心",
)
#: Words a predicate starts with, right after the actor.
_PREDICATE = (
    "切实", "要", "应", "须", "必须", "负责", "履行", "每", "定期", "认真", "严格", "积极",
    "全面", "推进", "推动", "落实", "主持", "召开", "确定", "开展", "组织", "加强", "做好",
    "带头", "坚持", "发挥", "牵头", "按照", "在", "于", "对", "将", "把", "及时", "不得",
    "严禁", "至少", "建立", "制定", "督促", "指导", "承担", "抓", "研究", "统筹", "配合",
    "协助", "会同", "结合", "围绕", "聚焦", "带领", "定期", "深入", "务必", "原则上",
)


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_RE_ACTOR = re.compile(rf"^(?P<actor>[\u4e00-\u9fffA-Za-z0-9]{{0,14}}?"
                       rf"(?:{_alternation(_ACTOR_END)}))(?={_alternation(_PREDICATE)})")
#: Verbs an actor phrase must not start with (推动学会党建工作领导小组全覆盖 has no actor).
_RE_NOT_ACTOR = re.compile(r"^(?:{})".format("|".join(sorted(map(re.escape, _PREDICATE + (
    "用好", "抓好", "抓实", "加大", "实施", "深化", "健全", "完善", "强化", "提升", "支持", "鼓励",
    "引导", "注重", "探索", "依托", "通过", "采取", "发扬", "保障", "压实", "细化", "召开",
    "确保", "突出", "着力", "让", "使", "进一步", "不断", "始终", "坚决", "大力", "扎实", "充分",
    "持续", "继续", "以", "用", "从", "向", "与", "和", "及", "并", "由", "请", "解决",
)), key=len, reverse=True))))

#: A clause that only sets the scene for the next: 依托…, 按照…, …前 / …时.
_RE_FRAME_START = re.compile(r"^(?:依托|按照|根据|围绕|通过|采取|结合|对照|针对|为)")
_RE_FRAME_END = re.compile(r"(?:前|时|后|中|期间|之际)$")
_RE_SENTENCE = re.compile(r"[^。！？；;]+[。！？；;]?")
_RE_CLAUSE = re.compile(r"[^，,]+[，,]?")


def _clauses(sentence: str) -> list[str]:
    """Clauses of one sentence; scene-setting clauses are joined to the next one."""
    parts = [p for p in _RE_CLAUSE.findall(sentence) if p.strip("，,。！？；; ")]
    out: list[str] = []
    carry = ""
    for p in parts:
        body = p.rstrip("，,。！？；; ")
        if (_RE_FRAME_START.match(body) or _RE_FRAME_END.search(body)) and p is not parts[-1]:
            carry += p
            continue
        out.append(carry + p)
        carry = ""
    if carry:
        out.append(carry)
    return [c.strip() for c in out]


def _actor(clause: str) -> str | None:
    body = clause
    m = _RE_ACTOR.match(body)
    if not m or _RE_NOT_ACTOR.match(m.group("actor")):
        return None
    return m.group("actor")


def _frequency(clause: str) -> tuple[str | None, str]:
    """The frequency phrase and the clause without its frequency words."""
    for m in [*_RE_FREQ_COUNT.finditer(clause), *_RE_FREQ.finditer(clause)]:
        phrase = m.group("every") + (m.group("qual") or "") + (m.group("count") or "")
        rest = clause[:m.start()] + (m.group("mid") or "") + clause[m.end():]
        return phrase, rest
    m = _RE_PERIODIC.search(clause)
    if m:
        return m.group(), clause[:m.start()] + clause[m.end():]
    return None, clause


def _quantity(clause: str) -> str | None:
    found = []
    for m in _RE_QUANTITY.finditer(clause):
        num = m.group("num")
        if not (m.group("unit") or m.group("big")):
            continue  # a bare number (a year, an item number) is not a quantity
        if not num[0].isdigit() and not (m.group("pre") or m.group("post")):
            continue  # 三个一线, 八项规定: names, not quantities
        if m.group("unit") == "次" and re.search(r"每\S{0,10}$", clause[:m.start()]):
            continue  # the count of a frequency
        found.append(m.group())
    return "；".join(found) if found else None


_RE_MUST = re.compile(
    r"必须|务必|严禁|不得|严格|坚决|确保|至少|不少于|不低于"
    r"|(?<![重主需纪概摘提只纲])要(?![求点素害务闻件情的])"
    r"|(?<![相适反响供对效答理])应(?:当|该)?(?![用急对变])"
)
_RE_ENCOURAGED = re.compile(r"鼓励|支持|探索|倡导|提倡|(?<![不许])可以|有条件的")


def _strength(clause: str) -> str:
    """must / encouraged / should (a plain directive); a must-word wins over an encouragement."""
    body = re.sub(r"“[^”]*”", "", clause)  # quoted names (“讲政治、守纪律…”) say nothing
    if _RE_MUST.search(body):
        return "must"
    if _RE_ENCOURAGED.search(body):
        return "encouraged"
    return "should"


def requirements_from_text(text: str, *, path: str = "") -> list[Requirement]:
    """Requirement clauses of one item's text."""
    out: list[Requirement] = []
    for sentence in _RE_SENTENCE.findall(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        inherited: str | None = None
        for clause in _clauses(sentence):
            bare = clause.rstrip("，,。！？；; ")
            if len(bare) < 2:
                continue
            actor = _actor(bare)
            if actor is None:
                actor = inherited
                action_src = bare
            else:
                inherited = actor
                action_src = bare[len(actor):]
            frequency, action = _frequency(action_src)
            out.append(Requirement(
                path=path, actor=actor, action=action.strip("，, "),
                frequency=frequency, quantity=_quantity(bare),
                deadline=_first(_RE_DEADLINE, bare), strength=_strength(bare), text=bare))
    return out


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group() if m else None


def extract_requirements(doc: Any, *, theme: str | None = None, taxonomy: Any = None,
                         model: Any = None) -> list[Requirement]:
    """Requirement clauses of every top-level item of ``doc``, in document order.

    ``theme`` keeps only items whose primary theme (see :func:`policytext.themes.tag`,
    with ``taxonomy`` and ``model``) is that theme id.
    """
    items = list(doc.items)
    if theme is not None:
        from .themes import load_taxonomy, tag

        tax = load_taxonomy(taxonomy)
        tax.theme(theme)  # ModelError for an unknown id
        keep = {t.path for t in tag(doc, taxonomy=tax, model=model) if t.primary == theme}
        items = [i for i in items if i.path in keep]
    out: list[Requirement] = []
    for item in items:
        out.extend(requirements_from_text(item.text, path=item.path))
    return out


def to_frame(requirements: Iterable[Requirement]):
    """One row per requirement (pandas)."""
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in requirements],
                        columns=["path", "actor", "action", "frequency", "quantity",
                                 "deadline", "strength", "text"])

"""Requirements: split items into requirement clauses and read who must do what, how often.

A work point is a run of directives.  Each sentence is cut into clauses at ，；。
(never inside “…”; a clause that only sets the scene — “依托8个省级学会联合体”,
“…重大任务前” — stays with the clause it introduces), and each clause becomes a
:class:`Requirement`:

* ``actor`` — always words of the document, with ``actor_source`` saying where they came from:

  - ``"stated"``: the clause's subject — the longest phrase at its start that ends in an actor
    head noun (``policytext/data/actors.txt``: 党委, 党支部, 书记, 学会, 秘书处,
    党建工作领导小组, 政府, 部门 …) and is followed by a predicate (要/应/须/必须/每…/在…/a
    verb): 党委书记, 省级学会党建工作领导小组, 县级以上人民政府;
  - ``"beneficiary"``: the body a 支持/鼓励 clause empowers, its 的-modifiers left out
    (支持有5名以上党员的支部配备专职副书记 → 支部);
  - ``"carried"``: a clause without one takes the actor of an earlier clause of the same
    sentence, its ；-separated parts included (党委书记切实履行…，每半年至少主持召开1次…
    → 党委书记);
  - ``"implied"``: still none — the document's issuer, on whose behalf a bare directive
    speaks (推动学会建立健全… is the issuer's; the 学会 is its target, not its actor).
    Off with ``implied=False``; no issuer, no implied actor.
* ``action`` — the rest of the clause, without the actor and the frequency words;
* ``target`` — the body the actor makes act, after 推动/指导督促/引导/要求/组织…
  (推动学会建立健全… → 学会; 指导督促支部提升“三会一课”… → 支部): who is to do it;
* ``frequency`` — 每半年至少1次, 每年不少于2次, 每年, 定期, 年度(述职) … (a period with a
  count or a verb; 每月提示制度 is the name of a system, not a frequency);
* ``quantity`` — a number with its measure word and qualifier (5名以上, 不少于32学时);
* ``deadline`` — 年底前, 6月底前, 2025年12月31日前, 年内 …;
* ``strength`` — on a three-step scale, the strongest word present winning:

  - ``must``: an obligation or a floor — 必须/务必/须, 严禁/禁止/不得/不准/一律,
    严格/严肃/严把/严明/严防/严控, 坚决, 切实, 确保, 至少/不少于/不低于/不超过;
  - ``encouraged``: an encouragement opening the predicate — 鼓励/支持/探索/倡导/提倡/允许
    (also after 要/积极/大力…), 可以, 可+verb, 有条件的… (鼓励激励机制 inside a noun
    phrase is not one);
  - ``should``: any other directive, 要/应/应当 included (要加强…, 推动…, 加强…);
  words inside “…” and 《…》 are names and count for nothing.
* ``kind`` — ``"requirement"`` or ``"statement"``: clauses under a review heading
  (2018年工作回顾, 过去一年, 五年来, 发展成就), in a sentence that opens by looking back
  (过去一年，…), in the past tense (了, 已/已经/业已), or a bare copula (就业是民生之本)
  state, they do not direct; they are left out unless ``statements=True``.

The words are the document's own; nothing is rewritten except that the
frequency is given as one phrase (“每半年至少主持召开1次” → “每半年至少1次”).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from .patterns import CN_DIGITS, CN_SMALL_UNITS, MONTH, split_sentences

__all__ = ["Requirement", "actor_heads", "clause_kind", "extract_requirements",
           "law_requirements", "requirements_from_text", "to_frame"]


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
    actor_source: str | None = None
    kind: str = "requirement"
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: A count's Chinese numerals; 万/亿 are matched apart, as the magnitude of a quantity.
_CN_NUM = CN_DIGITS + CN_SMALL_UNITS
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_NUM}]+)"
_PERIOD = r"(?:半年|年度|季度|每季|学年|学期|年|季|月|周|星期|天|日)"

#: 每半年至少（主持召开）1次 / 每年 … 1次 / 每季度 / 每月 (+ a verb)
_FREQ_HEAD = (rf"(?P<every>每(?:个|(?:[两二三四五六七八九十]|\d{{1,2}})个?)?{_PERIOD})"
              rf"(?!(?:[\u4e00-\u9fff]{{0,4}})(?:制度|机制))"  # 每月提示制度 is a name
              rf"(?P<qual>至少|不少于|不超过|最多|原则上)?")
_RE_FREQ_COUNT = re.compile(
    _FREQ_HEAD + rf"(?P<mid>[\u4e00-\u9fff]{{0,12}}?)(?P<qual2>至少|不少于|不超过|最多)?"
    rf"(?P<count>{_NUM}(?:次|期|场|轮|回)(?:以上|及以上)?)")
_RE_FREQ = re.compile(_FREQ_HEAD + r"(?P<mid>)(?P<qual2>)(?P<count>)(?=[\u4e00-\u9fff\d])")
#: 定期 (not the 定期 of 一定期限, 规定期间, 约定期满: a word ending in 定 before 期限/期间/期满);
#: 年度述职评议 (an annual report-back) is a yearly requirement too.
_RE_PERIODIC = re.compile(r"定期(?![限间满])|按季度|按月|按年度|每年度"
                          r"|(?<![上本下])年度(?=[\u4e00-\u9fff]{0,2}(?:述职|考核|评议))")
_RE_QUANTITY = re.compile(
    rf"(?P<pre>至少|不少于|不低于|不超过|超过|达到|达|满|近|约)?"
    rf"(?P<num>\d+(?:\.\d+)?|[{_CN_NUM}]{{1,3}})(?P<mag>多|余)?(?P<big>[万亿千百]+)?"
    r"(?P<unit>人次|平方米|平方公里|公里|千米|美元|学时|课时|小时|个百分点|元|名|个|人|次|项|家|"
    r"期|场|篇|天|%|％|所|批|支|条|件|类|户|吨|亩|套|台|座)?"
    r"(?P<post>以上|以下|左右|以内|及以上)?"
)
_RE_DEADLINE = re.compile(
    rf"(?:\d{{4}}年)?(?:{MONTH}(?:底|末|\d{{1,2}}日)?|年底|年末|年中|上半年|下半年|季度末|月底)前"
    r"|(?:\d{4}年)?年内|限期|按期"
)


@lru_cache(maxsize=1)
def actor_heads() -> tuple[str, ...]:
    """The actor head nouns of ``policytext/data/actors.txt``, longest first."""
    text = resources.files("policytext.data").joinpath("actors.txt").read_text("utf-8")
    words = {w.split("#", 1)[0].strip() for w in text.splitlines()}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


#: Words a predicate starts with, right after the actor (a modal, an adverb, a time, a verb).
_PREDICATE = (
    "切实", "要", "应", "须", "必须", "需", "负责", "履行", "每", "定期", "认真", "严格", "积极",
    "全面", "推进", "推动", "落实", "主持", "召开", "确定", "开展", "组织", "加强", "做好",
    "带头", "坚持", "发挥", "牵头", "按照", "在", "于", "对", "将", "把", "及时", "不得",
    "严禁", "至少", "建立", "制定", "督促", "指导", "承担", "抓", "研究", "统筹", "配合",
    "协助", "会同", "结合", "围绕", "聚焦", "带领", "深入", "务必", "原则上", "可以", "可",
    "不准", "禁止", "任期内", "年内", "一般", "均", "都", "也", "还", "每年", "每月", "依法",
    "听取", "向", "按", "根据", "参加", "参与", "接受", "报送", "负有", "是", "为", "由",
    "讲授", "讲", "走访", "完成", "上报", "报告", "提交", "编制", "审议", "举办",
    "安排", "配备", "选派", "开设", "集中", "带队", "主讲",
)
#: Verbs an actor phrase must not start with (推动学会党建工作领导小组全覆盖 has no actor).
_NOT_ACTOR_START = _PREDICATE + (
    "用好", "抓好", "抓实", "加大", "实施", "深化", "健全", "完善", "强化", "提升", "支持", "鼓励",
    "引导", "注重", "探索", "依托", "通过", "采取", "发扬", "保障", "压实", "细化", "召开",
    "确保", "突出", "着力", "让", "使", "进一步", "不断", "始终", "坚决", "大力", "扎实", "充分",
    "持续", "继续", "以", "用", "从", "与", "和", "及", "并", "请", "解决", "有", "提高",
)
#: Causative verbs: the issuer acts on the named body (推动学会建立… — the body is a target,
#: not the clause's actor), so no actor is read after them.
_RE_SUPPORT = re.compile(r"^(?:大力|积极|继续|进一步)?(?:支持和鼓励|鼓励和支持|鼓励|支持|允许)")
#: Verbs that make another body act (推动学会建立…, 指导督促支部提升…): that body is the
#: clause's target, who is to do what the clause says.
_RE_CAUSE = re.compile(
    r"^(?:要|应当|应|须|必须|切实|积极|大力|继续|进一步|持续|加强)*"
    r"(?:指导督促|督促指导|指导和督促|督促和指导|推动|指导|督促|引导|要求|帮助|动员|带动|组织|"
    r"指导帮助)")
#: After a body, words that make it part of a thing (队伍建设, 监管全覆盖, 3个分片).
_RE_NOMINAL_AFTER = re.compile(
    r"^(?:\d|[一二两三四五六七八九十]+个|全覆盖|覆盖|队伍|监管|管理|建设|作用|能力|水平|素质|"
    r"意识|工作(?!者)|阵地|体系|机制|制度|环境|成本|运行)")
#: A verb or preposition before the body: the verb's object is a thing (推动降低企业成本,
#: 推动数字化转型向中小企业延伸).
_RE_NOT_IN_TARGET = re.compile(r"向|对|把|将|在|降低|提高|减少|增加|扩大|加快|转型|形成")
#: What may sit between a beneficiary and its verb without ending the noun phrase.
_RE_NP_GOES_ON = re.compile(r"^(?:的|和|与|及|、|或|等|以及)")


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_RE_PREDICATE = re.compile(rf"^(?:{_alternation(_PREDICATE)})")
_RE_NOT_ACTOR = re.compile(rf"^(?:{_alternation(_NOT_ACTOR_START)})")


@lru_cache(maxsize=1)
def _re_heads() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(actor_heads())})")


def _stated_actor(clause: str, following: str = "") -> str | None:
    """The subject at the clause's start: the longest phrase ending in an actor head and
    followed by a predicate (要/应/必须/须/每…/a verb), whose modifiers hold no predicate.

    ``following`` is the rest of the sentence: a predicate opening with a preposition
    (在…, 于…) must lead to a directive there or in the clause itself."""
    if _RE_NOT_ACTOR.match(clause):
        return None
    lead = _RE_TIME_LEAD.match(clause)
    start = lead.end() if lead else 0
    window = clause[:start + _MAX_ACTOR]
    ends = sorted({m.end() for m in _iter_heads(window, start)}, reverse=True)
    for end in ends:
        rest = clause[end:]
        pred = _RE_PREDICATE.match(rest)
        if not pred:
            continue
        phrase = clause[start:end]
        if _RE_NOT_IN_ACTOR.search(phrase):
            continue  # “四下基层”：习近平总书记… is a gloss, not a subject
        modifiers = _re_heads().sub("", phrase)
        if any(w in modifiers for w in _STOP_IN_ACTOR):
            continue  # the phrase runs over a predicate (…落实好学会党建工作领导小组确定…)
        if pred.group() in _PREPOSITIONS and not (_RE_DIRECTIVE.search(rest)
                                                  or _RE_SET_MEASURE.search(rest + following)):
            continue  # 各国企业在华发展机遇…越来越多: 在… opens no directive
        return phrase
    return None


def _beneficiary(clause: str, verb: re.Pattern[str] | None = None) -> str | None:
    """The body a 支持/鼓励 clause empowers: 支持有5名以上党员的支部配备… → 支部.

    The noun phrase after the verb runs to the first actor head that is not followed by
    more of the phrase (的/和/与/、 or another head); its modifiers before the last 的
    are left out (有5名以上党员的支部 → 支部, 有条件的学会 → 学会).  ``verb`` is the
    opening verb to look for (default 支持/鼓励…; :data:`_RE_CAUSE` for a target).
    """
    m = (verb or _RE_SUPPORT).match(clause)
    if not m:
        return None
    rest = clause[m.end():]
    for head in _iter_heads(rest[:_MAX_ACTOR]):
        after = rest[head.end():]
        if not after or _RE_NP_GOES_ON.match(after) or _re_heads().match(after):
            continue
        m = _RE_IN_MODIFIER.match(after)
        if m and _re_heads().match(after, m.end()):
            continue  # inside a 的-modifier: 支持正式党员达到3名以上的协会… → 协会
        if verb is _RE_CAUSE and (_RE_NOMINAL_AFTER.match(after)
                                  or _RE_NOT_IN_TARGET.search(rest[:head.end()])):
            return None  # 推动党员监管全覆盖, 推动降低企业成本: a thing done, not a doer
        phrase = rest[:head.end()].rsplit("的", 1)[-1]
        if any(w in _re_heads().sub("", phrase) for w in _STOP_IN_ACTOR):
            return None
        if len(phrase) > (_MAX_ACTOR if verb is _RE_CAUSE else _MAX_BENEFICIARY) \
                or _RE_NOT_ACTOR.match(phrase):
            return None
        return phrase
    return None


def _iter_heads(text: str, start: int = 0):
    """Every occurrence of an actor head (overlaps included: 党支部 and 支部)."""
    pattern = _re_heads()
    for i in range(start, len(text)):
        m = pattern.match(text, i)
        if m:
            yield m


#: Longest actor phrase looked for at a clause's start (县级以上人民政府, 省级学会党建工作领导小组).
_MAX_ACTOR = 16
_MAX_BENEFICIARY = 10
#: The rest of a 的-modifier after a head inside it (…党员达到3名以上的 + 协会).
_RE_IN_MODIFIER = re.compile(r"[^，,；;。的]{1,12}的")
#: Words that cannot sit inside an actor's modifiers (after its heads are taken out).
_STOP_IN_ACTOR = ("要", "应", "须", "在", "履行", "切实", "落实", "确定", "负责", "召开", "主持",
                  "推进", "推动", "每", "对", "把", "将", "开展", "加强", "做好", "支持", "鼓励",
                  "建立", "设立", "成立", "组建", "参与", "参加", "加快", "实施", "打造", "提供")
#: Marks that never sit inside an actor phrase (a gloss “…”：, a bracket).
_RE_NOT_IN_ACTOR = re.compile(r"[“”‘’：:（）()《》，,；;]")
#: Predicates that are prepositions: the clause must still direct (…在…前，要坚持…).
_PREPOSITIONS = frozenset({"在", "于", "对", "向", "按", "按照", "根据", "为", "由", "将", "把"})
#: A time word before the subject is not part of it (今年国务院及其部门要…).
_RE_TIME_LEAD = re.compile(r"^(?:今年|明年|年内|当前|目前|近期|今后|同时)")

#: A clause that only sets the scene for the next: 依托…, 按照…, …前 / …时.
_RE_FRAME_START = re.compile(r"^(?:依托|按照|根据|围绕|通过|采取|结合|对照|针对|为)")
_RE_FRAME_END = re.compile(r"(?:前|时|后|中|期间|之际)$")
#: Clauses end at ，, but not inside quotes (“千会牵手第一书记，联村助推乡村振兴”行动).
_RE_CLAUSE = re.compile(r"(?:“[^”。]*”|“|[^，,“])+[，,]?")


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


def _frequency(clause: str) -> tuple[str | None, str]:
    """The frequency phrase and the clause without its frequency words."""
    for m in [*_RE_FREQ_COUNT.finditer(clause), *_RE_FREQ.finditer(clause)]:
        phrase = (m.group("every") + (m.group("qual") or "") + (m.group("qual2") or "")
                  + (m.group("count") or ""))
        rest = clause[:m.start()] + (m.group("mid") or "") + clause[m.end():]
        return phrase, rest
    m = _RE_PERIODIC.search(clause)
    if m:
        return m.group(), clause[:m.start()] + clause[m.end():]
    return None, clause


def _quantity(clause: str, frequency: str | None = None) -> str | None:
    found = []
    for m in _RE_QUANTITY.finditer(clause):
        if frequency and m.group() and frequency.endswith(m.group()):
            continue  # 每年…至少1次: the count of the frequency
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
    r"必须|务必|(?<![无必])须(?![知要])|严禁|禁止|不得|不准|一律|严格|严肃|严把|严明|严防|严控"
    r"|坚决|切实|确保|至少|不少于|不低于|不超过"
)
#: An encouragement opens the predicate (鼓励…, 要支持…, 依托…，探索…); 鼓励激励机制 inside
#: a noun phrase is not one.  可以 / 可 + verb allow rather than require.
_RE_ENCOURAGED = re.compile(
    r"(?:^|[，,]|要|应|积极|大力|继续|进一步|也|并)(?:鼓励|支持|探索|倡导|提倡|允许)"
    r"|(?<![不许])可以|(?<![认许不宁即])可(?=根据|结合|参照|按照|由|在|适当|设|成立|建立|采取|聘"
    r"|实行|自行|视情)|^有条件的")


def _strength(action: str) -> str:
    """must / encouraged / should (a plain directive); a must-word wins over an encouragement."""
    body = re.sub(r"“[^”]*”|《[^》]*》", "", action)  # quoted names (“讲政治、守纪律…”) say nothing
    if _RE_MUST.search(body):
        return "must"
    if _RE_ENCOURAGED.search(body):
        return "encouraged"
    return "should"


#: Section or item headings of a review (工作回顾, 过去一年, 五年来 …): what follows states
#: results, it does not direct.
_RE_REVIEW_HEADING = re.compile(r"回顾|过去(?:的)?(?:一|五|十)?年|[一五十]年来|工作总结|主要成绩"
                                r"|取得的成绩|成绩来之不易|发展成就")
#: A sentence that opens by looking back (过去一年，…; 一年来，…) states results.
_RE_REVIEW_LEAD = re.compile(r"^(?:回顾)?(?:过去(?:的)?(?:一|五|十)?年|[一五十]年来)")
#: Tense of a done deed: the particle 了 (not 了解/为了/除了…), 已/已经/业已.
_RE_PAST = re.compile(r"(?<![为除受不得罢])了(?![解结却如然不得])"
                      r"|已经|业已|(?<![而不])已(?![有知])")
#: A copula statement (就业是民生之本) — unless the clause also directs (关键是要…).
_RE_COPULA = re.compile(r"(?<![一二三四五六七八九十还但可于或而就只凡总要即正别其])是(?!否)")
_RE_DIRECTIVE = re.compile(
    r"要|应|须|必须|确保|严格|不得|严禁|鼓励|支持|探索|推动|推进|加强|加快|坚持|落实|建立|健全"
    r"|完善|深化|实施|开展|提高|提升|强化|做好|抓好|促进|扩大|发挥")
#: A floor, a rate or a deadline directs too, in the clause or later in its sentence
#: (…在年内发展党员不少于5名, …于4月底前制定…, …在节日前后走访…，每年不少于两次).
_RE_SET_MEASURE = re.compile(r"至少|不少于|不低于|每(?:半年|年|季度|季|月|周)|(?:月底|年底|日)前")


def clause_kind(clause: str, *, review: bool = False) -> str:
    """``"statement"`` for a clause that states (a review, a done deed, a definition),
    else ``"requirement"``."""
    if review or _RE_PAST.search(clause):
        return "statement"
    if _RE_COPULA.search(clause) and not _RE_DIRECTIVE.search(clause):
        return "statement"
    return "requirement"


def requirements_from_text(text: str, *, path: str = "", issuer: str | None = None,
                           review: bool = False,
                           statements: bool = False) -> list[Requirement]:
    """Requirement clauses of one item's text.

    ``issuer`` (the document's issuer) is the implied actor of a clause that names none;
    ``review`` says the text is under a review heading (every clause a statement);
    ``statements=True`` keeps statements too (``kind="statement"``).
    """
    out: list[Requirement] = []
    inherited: str | None = None
    for sentence in split_sentences(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        looking_back = review or bool(_RE_REVIEW_LEAD.match(sentence))
        clauses = _clauses(sentence)
        for k, clause in enumerate(clauses):
            bare = clause.rstrip("，,。！？；; ")
            if len(bare) < 2:
                continue
            kind = clause_kind(bare, review=looking_back)
            action_src = bare
            actor = _stated_actor(bare, "".join(clauses[k + 1:]))
            source = "stated" if actor else None
            if actor is not None:
                action_src = bare[len(actor):]
            elif "，" in bare:  # a scene-setting part first (依托…，街道各社区党组织每月…)
                cut = bare.rindex("，") + 1
                actor = _stated_actor(bare[cut:], "".join(clauses[k + 1:]))
                if actor is not None:
                    source = "stated"
                    action_src = bare[:cut] + bare[cut + len(actor):]
            else:
                actor = _beneficiary(bare)
                source = "beneficiary" if actor else None
            if actor is None and inherited is not None and not _RE_SUPPORT.match(bare):
                actor, source = inherited, "carried"
            if actor is not None:
                inherited = actor
            elif issuer:
                actor, source = issuer, "implied"
            if kind == "statement" and not statements:
                continue
            frequency, action = _frequency(action_src)
            target = None if source == "beneficiary" else _beneficiary(action_src, _RE_CAUSE)
            out.append(Requirement(
                path=path, actor=actor, action=action.strip("，, "),
                frequency=frequency, quantity=_quantity(bare, frequency),
                deadline=_first(_RE_DEADLINE, bare), strength=_strength(action_src), text=bare,
                actor_source=source, kind=kind, target=target))
        if not sentence.endswith(("；", ";")):
            inherited = None  # an actor carries over ； (one sentence's parts), not over 。
    return out


# ---------------------------------------------------------------------------
# Laws and regulations: an article's obligations, prohibitions and permissions

#: The modal verbs of legal drafting: 应当/必须 (shall, must), 不得/禁止/严禁 (shall not),
#: 可以 (may); a clause with none of them states, defines or sets a scope.
_RE_LAW_MODAL = re.compile(r"(?<!除)(?:应当|应该|应予|必须|不得|禁止|严禁|不准|可以|不应"
                           r"|(?<![无必])须(?=经|由|在|向|按|依))")
#: Modals that bind (must, shall not); 应当/应予/不应 are ``should``, 可以 ``encouraged``.
_LAW_MUST = frozenset({"必须", "须", "不得", "禁止", "严禁", "不准"})
#: Articles that are no requirement: purpose (为了…制定本法), scope (适用本法, 本法适用于),
#: definition (本法所称…, …是指…), entry into force (本法自…施行), repeal (同时废止).
_THIS_ACT = r"本(?:法|条例|规定|办法|细则|章程|规则)"
_RE_LAW_FRAME = re.compile(
    rf"^为了.*制定{_THIS_ACT}|{_THIS_ACT}所称|适用{_THIS_ACT}|^{_THIS_ACT}适用于"
    rf"|^{_THIS_ACT}自.{{0,30}}(?:施行|生效)|同时废止|是指")
#: Adverbs between a subject and its modal (…也应当, …均不得): no part of the actor.
_RE_SUBJECT_TAIL = re.compile(r"(?:也|均|都|还|亦|并|同时|依法|应|一律)+$")
#: A clause before the subject that only frames it: 在…中 / 对…的 / 违反…的 / …时.
_RE_LAW_CONDITION = re.compile(r"的$|时$|中$|后$|前$|^对|^在|^违反|^除|^有下列|^因")
#: Who a prohibition names after 严禁/禁止: everyone (禁止任何组织和个人…).
_RE_ANYONE = re.compile(r"任何|一切|所有")
#: A matter or person named, the modal inside its 的-modifier: （十一）必须由全国人民代表大会…
#: 制定法律的其他事项; 对国家安全机关通知不准出境…的人员，…
_RE_NAMED_MATTER = re.compile(
    r"^(?:(?:必须|应当|可以)由|对)[^，,；;]*的(?:其他)?(?:事项|情形|人员|行为)[:：]?$")
#: Words that open a condition before its doer (如果提案人认为…，可以…).
_RE_IF = re.compile(r"^(?:如果|假如|若|凡)")
#: What a modal may be followed by that is only a time or a manner, the verb coming in the
#: next clause (应当在二十四小时以内，通知…; 应当依照本法规定，…).
_RE_LAW_ADVERBIAL = re.compile(
    r"(?:也|还|并|均|都)?(?:"
    r"(?:在|于|自|从)[^，,]{0,30}(?:内|以内|前|以前|后|以后|时|起|期间)"
    r"|及时|立即|依法"
    r"|(?:按照|依照|依据|根据|就|对|对于|以|通过|针对|结合)[^，,]{0,40}"
    r"(?:规定|程序|要求|办法|情况|需要|决定|命令|原则|问题|等|条例|法规|规章|标准|协议|计划"
    r"|规划|方案|意见|范围内|方式|形式|途径|危害|程度|特点|性质|实际|职责|权限|分工))")
#: A rule as a clause's subject (地方政府规章应当…, 设区的市的人民政府制定的规章应当…): the
#: body that made it is bound by what the clause says of it.
_RE_RULE_NOUN = re.compile(r"规章|法规|条例|规则|章程|决定")
_RE_RULE_SUBJECT = re.compile(
    r"^(?P<maker>.+?)(?:制定|发布|批准)?的?(?:地方性法规|行政法规|法规|规章|自治条例|单行条例)"
    r"(?:和[^，,]*)?$")
_MAX_LAW_ACTOR = 80


#: A sub-item's own label at the start of a line: （五）根据授权制定的法规应当…
_RE_ITEM_LABEL = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|\d{1,2}[．.、])\s*")
#: Who a law's clause may name (beside the actor heads of ``actors.txt``).
_LAW_HEADS = ("个人", "公民", "法人", "组织", "当事人", "人民法院", "人民检察院", "学校", "经营者",
              "运营者", "举办者", "鉴定人", "证人", "所有人", "使用人", "监护人", "被调查人",
              "平台", "场馆", "基地", "人民代表大会", "常务委员会", "专门委员会", "总会", "团体",
              "提案人", "申请人", "被申请人", "公职人员", "工作人员", "运动员", "教练员", "裁判员",
              "组织者", "委员长会议", "主席团", "各界", "外国人", "无国籍人", "员",
              "家庭", "电台", "电视台", "国家", "工作机构", "办事机构", "办事处", "近亲属",
              "代表", "报纸", "期刊", "网站", "场所", "媒体", "力量", "核查组", "调查组",
              "工作组", "专家组", "主席", "仲裁庭",
              "幼儿园", "提供者", "从业人员", "团队", "人才", "代表团", "主任",
              "红十字会", "联合会", "工会", "对象", "全社会", "的地方")


@lru_cache(maxsize=1)
def _re_law_heads() -> re.Pattern[str]:
    heads = sorted(set(actor_heads() + _LAW_HEADS), key=len, reverse=True)
    return re.compile(rf"(?:{_alternation(heads)})")


def _law_subject(clause: str, modal: re.Match[str]) -> str | None:
    """The subject before the modal: 慈善组织应当… → 慈善组织; a frame before it
    (鉴定人进行鉴定后，应当… / 自然灾害发生后，履行统一领导职责的人民政府应当…) leaves
    the noun phrase that ends in an actor."""
    head = clause[: modal.start()].strip("，,；; ")
    head = _RE_SUBJECT_TAIL.sub("", head)
    if not head or head.startswith(("本法", "前款", "本条", "其", "如果", "并")):
        return None
    last = _RE_SUBJECT_TAIL.sub("", re.split(r"[，,]", head)[-1])
    ends_in_actor = re.compile(rf"(?:{_re_law_heads().pattern})(?:等)?$")
    last = re.sub(r"^在[^，,]{1,20}?(?:内|中)的", "", last)  # 在中华人民共和国境内的外国人
    if last and len(last) <= _MAX_LAW_ACTOR and not _RE_LAW_CONDITION.search(last) \
            and not re.search(r"[“”《》：:（）()]", last) and ends_in_actor.search(last) \
            and _actor_like(last):
        return last
    # …后，委员长会议根据…，可以…: the noun phrase opening the last part
    part = re.split(r"[，,]", head)[-1]
    return _np_prefix(part) or _np_prefix(head) or _doer_of_activity(part)


def _doer_of_activity(lead: str) -> str | None:
    """The actor opening an activity that is the subject (新闻媒体采访报道突发事件应当… →
    新闻媒体); a 的 makes the actor a modifier of a thing (国务院年度立法计划中的法律项目
    应当…: none), and so does a rule after it (部门规章应当…: none)."""
    if "的" in lead:
        return None
    heads = _re_law_heads()
    found = None
    for m in heads.finditer(lead):
        phrase, after = lead[:m.end()], lead[m.end():]
        if len(after) >= 2 and not (_RE_NP_GOES_ON.match(after) or heads.match(after)
                                    or _RE_RULE_NOUN.match(after)) \
                and _actor_like(phrase) and not _RE_NOT_ACTOR.match(phrase):
            found = phrase  # the longest (监察机关涉密人员离岗离职后 → 监察机关涉密人员)
    return found


def _law_modal(clause: str) -> re.Match[str] | None:
    """The clause's modal; one whose verb ends a 的-modifier (可以预警的自然灾害…, 依法应当
    留置的被调查人) is not it, one whose object has a 的 (应当配备必要的专职人员, 立法应当遵循
    宪法的基本原则, 应当向有关的专门委员会反馈) is."""
    for m in _RE_LAW_MODAL.finditer(clause):
        if re.match(r"[^，,；;]{0,2}的", clause[m.end():]):
            continue
        if clause[:m.start()].endswith("、") or re.search(r"给予|予以", clause[:m.start()]):
            continue  # 纳入限制、禁止参加…名单, 给予…禁止…的处罚: a measure named, no duty
        return m
    return None


#: What an actor does in a law's frame clause (监察机关进行搜查时, 人民法院受理…后).
_RE_LAW_VERB = re.compile(r"进行|审议|发现|收到|作出|认为|接到|办理|调查|受理|处理|提出|发布|采取"
                          r"|依照|决定|批准|审查|公布|举办|使用|提供|设立|实施|违反|拒绝|要求"
                          r"|因|需要|有(?!关)|从事|获取|制定|经|领导|联名|[一二三四五六七八九十\d]+人以上"
                          r"|[一二三四五六七八九十\d]+(?:年|日|个月)内|终身")
#: Words that cannot sit between two heads of one actor (国家鼓励企业… is no actor).
_RE_VERB_IN_ACTOR = re.compile(r"鼓励|支持|引导|保障|负责|发现|收到|作出|认为|接到|办理|受理"
                               r"|处理|提出|决定|批准|违反|提倡|倡导|实行|扶持|保护|促进|推动"
                               r"|加强|建立|开展|落实|应当|可以|不得|必须|由|报|经(?![营费济])|对|同(?!级)"
                               r"|收集|讯问|培养|服从|运送|调动|准备|任期|提请|通知|予以"
                               r"|给予|没收|处以|任免|选举|征求|听取|签署|共同")
#: Words an actor does not open with: a conjunction, a preposition, an adverb (但是经委员长
#: 会议…, 不服从…), or a verb unless it opens a 的-modifier (授权国务院… and 培养运动员必须…
#: are none; 发布警报的人民政府 is one).
_RE_NOT_LAW_ACTOR_START = re.compile(
    r"经(?![营费济])|未经|但|或者|并且|而且|除|由|与|和|如|若|凡|当(?!事人)|对|在|向|将|把|按|依|报|列入"
    r"|不|优先")
_RE_VERB_START = re.compile(r"进行|采取|作出|提出|办理|处理|发布|实施|违反|拒绝|使用|提供|收集"
                            r"|讯问|培养|授权|服从|准备|调动|运送|需要")


def _actor_like(phrase: str) -> bool:
    """Whether a phrase ending in an actor head can be an actor: it opens with no verb or
    preposition, and its first and last members (…、…和…) hold none outside their
    的-modifiers (国家鼓励企业… is none; …、医疗保障、…等有关部门 is one)."""
    if _RE_NOT_LAW_ACTOR_START.match(phrase) or (_RE_VERB_START.match(phrase)
                                                  and "的" not in phrase):
        return False
    members = re.split(r"、|和|及其|以及|及|或者", phrase)
    return not any(_RE_VERB_IN_ACTOR.search(_re_law_heads().sub("", m.rsplit("的", 1)[-1]))
                   for m in {members[0], members[-1]})


def _np_prefix(clause: str, *, strict: bool = True) -> str | None:
    """The noun phrase a clause opens with, up to its last actor head (各级人民政府领导… →
    各级人民政府; 国务院有关部门 → 国务院有关部门; 国家安全机关及其工作人员在… →
    国家安全机关及其工作人员); none if the clause opens with a verb."""
    relative = re.match(r"[^，,的时]{2,24}的", clause) and not _RE_LAW_MODAL.match(clause)
    if (_RE_NOT_ACTOR.match(clause) and not relative  # 履行统一领导职责的人民政府
            and not clause.startswith(("有关", "组织和个人"))) \
            or _RE_LAW_CONDITION.search(clause[:2]) or clause.startswith("被") \
            or _RE_NOT_LAW_ACTOR_START.match(clause):
        return None
    heads = _re_law_heads()
    window = clause[:_MAX_LAW_ACTOR]
    i, fallback = 0, None
    while i < len(window):
        m = heads.match(window, i)
        if not m:
            i += 1
            continue
        if fallback and _RE_VERB_IN_ACTOR.search(clause[len(fallback):m.start()]):
            return fallback  # 由委员长会议提请常务委员会…: no actor runs over a verb
        i = m.end()  # never a head inside the one just matched (员 in 委员会)
        phrase, after = clause[:m.end()], clause[m.end():]
        if re.search(r"[“”《》：:，,]", phrase):
            return None
        if after.startswith("组织") and after[2:] and not (
                _RE_NP_GOES_ON.match(after[2:]) or _RE_PREDICATE.match(after[2:])
                or _RE_LAW_MODAL.match(after[2:])):
            pass  # …工作机构组织起草: 组织 is the verb
        elif after and (_RE_NP_GOES_ON.match(after) or heads.match(after)):
            continue
        if not _actor_like(phrase):
            return fallback  # 国家鼓励企业…: the phrase ran over a verb
        if after and not (_RE_PREDICATE.match(after) or _RE_LAW_MODAL.match(after)
                          or _RE_SUBJECT_TAIL.match(after[:2]) or _RE_LAW_VERB.match(after)):
            if not strict:
                fallback = phrase  # 由国家安全机关予以警告: 国家 heads a longer phrase
            continue  # 国家安全机关: 国家 heads a longer phrase; 常务委员会会议议程的…: none
        return phrase
    return fallback


def _clause_doer(clause: str, *, by: bool = True) -> str | None:
    """Who a clause without a modal names as doer, for the clauses after it: its subject
    (民政部门发现…的), the subject of its last part (…表决前，委员长会议根据…的情况), a
    condition's (如果提案人认为…), or (``by``) the body after 由 (…的，由相关部门责令改正)."""
    for part in reversed(re.split(r"[，,]", clause)):
        part = _RE_IF.sub("", part)
        m = re.match(r"(?:并|而|则|均|也|应|可)?由", part)
        if m and not by:
            continue
        doer = _np_prefix(part[m.end():], strict=False) if m else _np_prefix(part)
        if doer and not (part.endswith("的")
                         and part[len(doer) + (m.end() if m else 0):].startswith("是")):
            return doer  # 负有直接责任的人员是国家工作人员的，还应当对其…: no doer
    return None


def _rule_maker(clause: str, modal: re.Match[str]) -> str | None:
    """The body that made the rule a clause is about: 地方政府规章应当… → 地方政府;
    设区的市、自治州的人民政府制定的规章应当… → 设区的市、自治州的人民政府."""
    m = _RE_RULE_SUBJECT.match(clause[:modal.start()].strip("，, "))
    if not m:
        return None
    maker = m.group("maker").removesuffix("的")
    if re.search(r"[，,]", maker) or _np_prefix(maker, strict=False) != maker \
            or _re_law_heads().fullmatch(maker):
        return None  # 部门规章: a kind of rule, no one named
    return maker


def _law_clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, a modal followed only by a time, a manner or a
    prepositional phrase joined to the clause that carries its verb (应当在二十四小时以内，
    通知…; 可以就…问题，召集…; 可以对…地方性法规、自治条例和单行条例，部门规章…进行审查)."""
    out: list[str] = []
    for clause in _clauses(sentence):
        if out:
            prev = out[-1].rstrip("，, ")
            modal = _law_modal(prev)
            if modal and all(_RE_LAW_ADVERBIAL.fullmatch(part)
                             for part in re.split(r"[，,]", prev[modal.end():])) \
                    and not re.match(r"但|并|且|由|或者|同时", clause) \
                    and _law_modal(clause) is None:
                out[-1] += clause  # …可以根据…命令，在…范围内，制定规章: one clause
                continue
        out.append(clause)
    return out


def law_requirements(item: Any, *, statements: bool = False) -> list[Requirement]:
    """The obligations, prohibitions and permissions of one article (and its 款/项).

    A clause is a requirement when it carries a modal (应当/必须/不得/禁止/可以), its
    strength that modal's (必须/不得/禁止 bind: ``must``; 应当 ``should``; 可以
    ``encouraged``).  Its actor is, in order:

    * the subject before the modal (慈善组织应当…, 国家安全机关及其工作人员在工作中，应当…);
    * for 严禁/禁止 opening the clause, who is named after it (禁止任何组织和个人…);
      for a modal followed by 由, the body after it (可以由宪法和法律委员会…召开);
    * else the doer the article named last: the actor of an earlier clause, the doer of a
      condition (提案人要求撤回的，应当…), the body after 由 (…的，由相关部门责令改正…；可以
      限期停止活动), carried over ，；。 and 款 — also to a clause whose subject is a thing
      (审查报告应当…, 禁闭的期限不得…, 对…，应当…); each 项 （一）（二）… starts again from
      what the lead-in named, and so does the 款 after them;
    * else, for a rule as subject, the body that made it (地方政府规章应当… → 地方政府);
    * else, for the clauses before the article first names anyone, the subject of a later
      款 (采取管护或者留置措施后，应当…通知… then 监察机关收到申请后，应当… → 监察机关);
    * else none: the article names no one (法律应当明确规定施行日期), a 款 bans in a domain
      (在体育运动中严禁使用…), or the duty is a condition of an activity whose doer is not
      named (举办高危险性体育赛事活动，应当符合下列条件), a sentence opens with a thing as
      its subject (公共体育场地设施的规划设计和竣工验收，应当…), or a copula describes a
      thing (仲裁庭组成人数应当是单数).

    Purpose, scope, definition and entry-into-force articles are none.
    """
    out: list[Requirement] = []
    recent: str | None = None  # the doer the article named last
    lead_in: str | None = None  # what the 款 before a run of 项 named
    in_items = False
    named_later: str | None = None  # the first subject of a 款 after clauses naming none
    unnamed: set[int] = set()  # clauses whose doer is whoever does the activity they open with
    for line in item.text.split("\n"):
        label = _RE_ITEM_LABEL.match(line)
        if label:
            if not in_items:
                lead_in, in_items = recent, True
            recent = lead_in  # each 项 starts from the lead-in
            line = line[label.end():]
        elif in_items:
            recent, in_items = lead_in, False  # the 项 said nothing for the 款 after them
        sentences = split_sentences(line)
        for k, sentence in enumerate(sentences):
            found, recent = _sentence_requirements(
                item.path, sentence, recent, statements, opens_paragraph=k == 0 and not label,
                goes_on=k > 0 and sentences[k - 1].rstrip().endswith(("；", ";")))
            if named_later is None and not label and out and out[0].actor is None:
                named_later = next((r.actor for r in found if r.actor_source == "stated"
                                    and r.text.startswith(r.actor)
                                    and not _RE_RULE_NOUN.match(r.text[len(r.actor):])), None)
            out.extend(found)
            if not out or out[0].actor is None:
                unnamed.update(id(r) for r in found if _opens_with_activity(sentence, r))
    if named_later:  # 采取留置措施后，应当…。…监察机关收到申请后，应当…: the article's doer
        first = next((i for i, r in enumerate(out) if r.actor), len(out))
        out = [replace(r, actor=named_later, actor_source="carried")
               if i < first and r.kind == "requirement" and _names_no_subject(r.text)
               and id(r) not in unnamed else r
               for i, r in enumerate(out)]
    return out


def _opens_with_activity(sentence: str, requirement: Requirement) -> bool:
    """Whether the sentence opens with an activity, not a time, that the requirement's
    clause is a condition of (举办高危险性体育赛事活动，应当符合下列条件: whoever holds it is
    bound, and the article does not name them; 采取留置措施后，应当… is a time)."""
    first = re.split(r"[，,]", sentence, maxsplit=1)[0]
    return (first != sentence and not requirement.text.startswith(first)
            and _law_modal(first) is None and not _RE_LAW_CONDITION.search(first)
            and bool(_RE_NOT_ACTOR.match(first) or _RE_VERB_START.match(first)))


def _names_no_subject(clause: str) -> bool:
    """Whether nothing before the clause's modal is its subject: nothing at all, or only a
    frame (采取管护或者留置措施后，应当…; 有碍调查的情形消失后，应当…), not a thing
    (公共体育设施应当…, 部门规章应当…)."""
    modal = _law_modal(clause)
    lead = clause[:modal.start()].strip("还也并且而均都一般，, ") if modal else clause
    return not lead or bool(_RE_LAW_CONDITION.search(re.split(r"[，,]", lead)[-1]))


def _sentence_requirements(path: str, sentence: str, recent: str | None, statements: bool,
                           opens_paragraph: bool = False, goes_on: bool = False
                           ) -> tuple[list[Requirement], str | None]:
    """One sentence's requirements, and the doer the article names last after it
    (``opens_paragraph``: the sentence opens a 款; ``goes_on``: it follows a ；)."""
    sentence = sentence.strip("。 ")
    if _RE_LAW_FRAME.search(sentence):
        return ([Requirement(path=path, actor=None, action=sentence, frequency=None,
                             quantity=None, deadline=None, strength="should", text=sentence,
                             kind="statement")] if statements else []), recent
    out: list[Requirement] = []
    thing = False  # the sentence opens with a thing as subject (…形成的材料，应当…)
    for k, clause in enumerate(_law_clauses(sentence)):
        bare = clause.rstrip("，,。！？；; ")
        modal = _law_modal(bare)
        if modal is not None and (bare.endswith("的") or _RE_IF.match(bare)
                                  or _RE_NAMED_MATTER.match(bare)):
            modal = None  # …认为可以由仲裁庭重新仲裁的，: a condition, not a duty
        if modal is None:
            # X发现…的，应当… / …的，由X负责…; not …应当…，并由相关人员签名 (X only signs)
            doer = _clause_doer(bare, by=not out)
            thing = k == 0 and not goes_on and doer is None and _is_thing(bare)
            recent = doer or recent
            continue
        after = bare[modal.end():]
        if after.startswith("是"):
            # 仲裁庭组成人数应当是单数: a copula describes a thing, it binds no one
            out.append(_law_requirement(path, bare, modal, None, None))
            continue
        actor = _law_subject(bare, modal)
        source = "stated" if actor else None
        if actor is None and modal.group() in ("严禁", "禁止") and _RE_ANYONE.match(after):
            actor = _np_prefix(after, strict=False)  # 严禁任何组织和个人…
        if actor is None and after.startswith("由"):  # 可以由宪法和法律委员会…召开
            actor = _np_prefix(after[1:], strict=False)
        if actor is None and opens_paragraph and not out and modal.group() in ("严禁", "禁止") \
                and re.fullmatch(r"在[^，,]+中[，,]?", bare[:modal.start()]):
            pass  # a 款 banning in a domain (在体育运动中严禁使用…) binds everyone
        elif actor is None and thing and modal.start() == 0:
            pass  # 公共体育场地设施的规划设计和竣工验收，应当征求…: no one named
        elif actor is None:
            actor = _rule_maker(bare, modal) if recent is None else recent
            source = "carried" if recent is not None else None
        source = source or ("stated" if actor else None)
        if actor is not None:
            recent = actor
        thing = False
        out.append(_law_requirement(path, bare, modal, actor, source))
    return out, recent


def _law_requirement(path: str, clause: str, modal: re.Match[str], actor: str | None,
                     source: str | None) -> Requirement:
    frequency, action = _frequency(clause[modal.start():])
    return Requirement(
        path=path, actor=actor, action=action.strip("，, "), frequency=frequency,
        quantity=_quantity(clause, frequency), deadline=_first(_RE_DEADLINE, clause),
        strength="must" if modal.group() in _LAW_MUST else
        "encouraged" if modal.group() == "可以" else "should",
        text=clause, actor_source=source)


def _is_thing(clause: str) -> bool:
    """Whether a clause is a noun phrase naming a thing, no actor (突发事件应对工作中形成的
    材料; 公共体育场地设施的规划设计和竣工验收): not a frame (…的, …时, 对…, 在…), and
    opening with no verb or preposition."""
    return ("的" in clause and not _RE_LAW_CONDITION.search(clause)
            and not _RE_NOT_ACTOR.match(clause) and not _RE_NOT_LAW_ACTOR_START.match(clause)
            and not _RE_VERB_START.match(clause) and not _RE_IF.match(clause)
            and not re.search(r"[：:“”《》]", clause))


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group() if m else None


def extract_requirements(doc: Any, *, theme: str | None = None, taxonomy: Any = None,
                         model: Any = None, statements: bool = False,
                         implied: bool = True) -> list[Requirement]:
    """Requirement clauses of every top-level item of ``doc``, in document order.

    ``theme`` keeps only items whose primary theme (see :func:`policytext.themes.tag`,
    with ``taxonomy`` and ``model``) is that theme id.  Items under a review heading
    (…工作回顾, 过去一年) and clauses in the past tense are statements, left out unless
    ``statements=True``.  ``implied`` gives a clause that names no actor the document's
    issuer (``actor_source="implied"``).  A law's articles (``doc.kind == "law"``, or any
    article 第X条) give only their obligations, prohibitions and permissions, each with
    the article's subject as actor (:func:`law_requirements`); no actor is implied.
    """
    items = list(doc.items)
    if theme is not None:
        from .themes import AUTO, load_taxonomy, resolve_taxonomy, tag, taxonomy_names

        if taxonomy is None or taxonomy == AUTO:
            # the shipped taxonomy that has this theme (economy → government); else auto
            having = [n for n in taxonomy_names() if theme in load_taxonomy(n).ids]
            taxonomy = having[0] if len(having) == 1 else AUTO
        tax = resolve_taxonomy(taxonomy, [i.text for i in items])
        tax.theme(theme)  # ModelError for an unknown id
        keep = {t.path for t in tag(doc, taxonomy=tax, model=model) if t.primary == theme}
        items = [i for i in items if i.path in keep]
    review_sections = _review_sections(doc)
    issuer = (getattr(doc, "issuer", None) or None) if implied else None
    out: list[Requirement] = []
    is_law = getattr(doc, "kind", None) == "law"
    for item in items:
        if is_law or item.kind == "article":
            out.extend(law_requirements(item, statements=statements))
            continue
        review = (item.path.split("/", 1)[0] in review_sections
                  or _is_review_heading(item.title or ""))
        out.extend(requirements_from_text(item.text, path=item.path, issuer=issuer,
                                          review=review, statements=statements))
    return out


def _review_sections(doc: Any) -> set[str]:
    """Paths of the top-level sections whose heading is a review (2018年工作回顾)."""
    return {s.path for s in getattr(doc, "sections", ()) if _is_review_heading(s.title or "")}


#: A heading that also looks ahead (“十三五”时期发展成就和“十四五”时期主要目标任务) mixes
#: review and plan: its clauses are judged one by one.
_RE_FORWARD_HEADING = re.compile(r"目标|任务|部署|安排|要求|重点|思路")


def _is_review_heading(title: str) -> bool:
    return bool(_RE_REVIEW_HEADING.search(title)) and not _RE_FORWARD_HEADING.search(title)


def to_frame(requirements: Iterable[Requirement]):
    """One row per requirement (pandas)."""
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in requirements],
                        columns=list(Requirement.__dataclass_fields__))


from ._verbs import callable_module  # noqa: E402

callable_module(__name__, "extract_requirements")  # policytext.requirements(doc)

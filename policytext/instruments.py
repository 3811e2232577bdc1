"""Policy instruments (政策工具): code every sentence as a supply, environment or demand tool.

The second kind of coding next to themes, the one most Chinese policy-text studies use:
Rothwell & Zegveld's (1985) three types of instrument as adapted by 赵筱媛、苏竣 (2007),
each with its sub-types — supply 供给型 (人才培养, 资金投入, 技术支持, 基础设施建设,
信息支持, 公共服务), environment 环境型 (目标规划, 金融支持, 税收优惠, 法规管制,
策略性措施) and demand 需求型 (政府采购, 服务外包, 贸易管制, 海外交流, 示范工程,
消费引导).  The codebook is data (``data/instruments.toml``, documented there; or the
user's own file): each sub-type's definition and the words that signal it.

The unit is the sentence, cut after 。！？； as hand coders cut it.  A sentence is coded
with the sub-type whose words weigh most in it (leftmost-longest matching of the folded
text; a word weighs 1 + (characters − 2) / 4, a ``weak`` word half, a ``pattern`` such as
增长6%左右 1.5); the words found are the evidence, other sub-types found are ``also``.  It
is ``none`` — no instrument — when no word is found, or when it states rather than
directs: a sentence of a review section (2018年工作回顾), in the past tense, a bare
copula (:func:`policytext.requirements.clause_kind`), a judgement of worth (民生是为政之要) or a
glossary's gloss (指…); a heading is ``none`` too (a title on a line of its own, in the
document or in its plain-text source).  The entries of the year's list of targets
(主要预期目标是：…；…；) are targets whatever they name.  A ``[not_tools]`` word (战略性, 高标准)
holds a tool word and is not that tool: it is matched, so the tool word inside is not found,
and counts for nobody.

Hands on :class:`SentenceCode` records (:func:`code`, also ``policytext.instruments(doc)``)
and :func:`to_frame`; the corpus tables — counts per document and year, instrument ×
theme — are :func:`policytext.compare.tables.instrument_counts` and
:func:`~policytext.compare.tables.instrument_themes`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .data import loads_toml, read_text
from .errors import ModelError
from .patterns import fold

__all__ = ["Codebook", "InstrumentType", "Subtype", "SentenceCode", "TYPES", "load_codebook",
           "split_sentences", "code_sentence", "code", "to_frame", "item_counts"]

#: The three types, in the order tables show them, and ``none``.
TYPES = ("supply", "environment", "demand", "none")
PATTERN_WEIGHT = 1.5
WEAK_FACTOR = 0.5
#: Words in a sentence's first clause weigh this much more: a sentence opens with its
#: measure (促进信息消费，实施…、推进…) and goes on with the ways to it.
LEAD_FACTOR = 1.5
#: Words in a first clause that only frames the measure (依托…，按照…原则，) weigh this.
FRAME_FACTOR = 0.5
#: A word that modifies the word right after it (经贸规则: 规则 is the head) weighs this.
MODIFIER_FACTOR = 0.5
#: A sub-type's ``field`` words (养老, 量子, 就业) weigh this — the strongest of them only —
#: when another sub-type's word, weak ones included, or a directive verb is in the sentence
#: (鼓励社会力量兴办养老设施 is strategic: the field is elderly care).
FIELD_FACTOR = 0.5
#: The weight of a directive verb (加快, 抓好) opening a sentence whose lead clause names no
#: tool: the codebook's ``[directive]`` sub-type (策略性措施) — a lead tool word weighs 1.5.
DIRECTIVE_WEIGHT = 1.0
OUT_OF_SCOPE = "(out of scope)"
#: The codebook's ``[neutral]`` words and forms: a sentence that assesses, explains or
#: exhorts (当前…总体可控, 这既可以…, 让我们…) — a competitor whose win codes ``none``.
NEUTRAL = "(not a measure)"
#: The codebook's ``[not_tools]`` words: a longer word that holds a tool word and is not that
#: tool (战略性新兴产业 names an industry, not a strategy).  Matched like any word, so the
#: shorter one inside it is not found, and counted for nobody.
NOT_A_TOOL = "(not a tool)"


@dataclass(frozen=True)
class InstrumentType:
    """One of the three types: supply, environment, demand."""

    id: str
    label_zh: str
    label_en: str
    definition: str = ""


@dataclass(frozen=True)
class Subtype:
    """A sub-type of instrument (人才培养 …) with its definition and signal words."""

    id: str
    type: str
    label_zh: str
    label_en: str
    definition: str
    keywords: tuple[str, ...]
    field: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    weak_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """A named set of instrument types and sub-types (see ``data/instruments.toml``)."""

    name: str
    types: tuple[InstrumentType, ...]
    subtypes: tuple[Subtype, ...]
    description: str = ""
    source: str = ""
    out_of_scope: tuple[str, ...] = ()
    not_tools: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    neutral_patterns: tuple[str, ...] = ()
    #: A sentence that opens with this (加快…, 持续抓好…) directs: with no instrument word
    #: it is coded ``directive_subtype`` (the codebook's general measure).
    directive: re.Pattern[str] | None = None
    directive_subtype: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.subtypes)

    def subtype(self, subtype_id: str) -> Subtype:
        for s in self.subtypes:
            if s.id == subtype_id:
                return s
        raise ModelError(f"codebook {self.name!r} has no sub-type {subtype_id!r}; "
                         f"it has {', '.join(self.ids)}")


def load_codebook(name_or_path: str | Path | Codebook | None = None) -> Codebook:
    """The shipped codebook (``None`` or ``"rothwell-zegveld"``) or a TOML file of the same form.

    :class:`ModelError` names the file and what is wrong with it.
    """
    if isinstance(name_or_path, Codebook):
        return name_or_path
    if name_or_path is None or str(name_or_path) == "rothwell-zegveld":
        return _builtin_codebook()
    path = Path(name_or_path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"no codebook {str(name_or_path)!r}: not a readable file, and not "
                         f"the shipped 'rothwell-zegveld' ({exc})") from exc
    return _parse_codebook(raw, str(path))


@lru_cache(maxsize=1)
def _builtin_codebook() -> Codebook:
    raw = read_text("instruments.toml")
    return _parse_codebook(raw, "rothwell-zegveld (built in)")


def _parse_codebook(raw: str, source: str) -> Codebook:
    try:
        data = loads_toml(raw)
    except ValueError as exc:
        raise ModelError(f"codebook {source} is not valid TOML: {exc}") from exc
    try:
        types = tuple(InstrumentType(t["id"], t.get("label_zh", t["id"]),
                                     t.get("label_en", t["id"]), t.get("definition", ""))
                      for t in data["types"])
        type_ids = {t.id for t in types}
        subtypes = []
        for s in data["subtypes"]:
            if s["type"] not in type_ids:
                raise ModelError(f"codebook {source}: sub-type {s['id']!r} has type "
                                 f"{s['type']!r}, not one of {', '.join(sorted(type_ids))}")
            for p in (*s.get("patterns", ()), *s.get("weak_patterns", ())):
                try:
                    re.compile(p)
                except re.error as exc:
                    raise ModelError(f"codebook {source}: bad pattern {p!r} of "
                                     f"{s['id']!r}: {exc}") from exc
            subtypes.append(Subtype(
                id=s["id"], type=s["type"], label_zh=s.get("label_zh", s["id"]),
                label_en=s.get("label_en", s["id"]), definition=s.get("definition", ""),
                keywords=tuple(dict.fromkeys(s["keywords"])),
                field=tuple(dict.fromkeys(s.get("field", ()))),
                weak=tuple(dict.fromkeys(s.get("weak", ()))),
                patterns=tuple(s.get("patterns", ())),
                weak_patterns=tuple(s.get("weak_patterns", ()))))
    except (KeyError, TypeError) as exc:
        raise ModelError(f"codebook {source}: every [[types]] and [[subtypes]] needs an id "
                         f"(and a sub-type its type and keywords); missing {exc}") from exc
    if not subtypes:
        raise ModelError(f"codebook {source}: needs at least one [[subtypes]] table")
    neutral = data.get("neutral", {})
    directive = data.get("directive", {})
    for table, p in (*(("neutral", p) for p in neutral.get("patterns", ())),
                     *(("directive", p) for p in directive.get("patterns", ()))):
        try:
            re.compile(p)
        except re.error as exc:
            raise ModelError(f"codebook {source}: bad [{table}] pattern {p!r}: {exc}") from exc
    sub_ids = {s.id for s in subtypes}
    if directive and directive.get("subtype") not in sub_ids:
        raise ModelError(f"codebook {source}: [directive] subtype "
                         f"{directive.get('subtype')!r} is not one of {', '.join(sub_ids)}")
    return Codebook(name=str(data.get("name", Path(source).stem)), types=types,
                    subtypes=tuple(subtypes), description=str(data.get("description", "")),
                    source=source,
                    out_of_scope=tuple(data.get("out_of_scope", {}).get("keywords", ())),
                    not_tools=tuple(data.get("not_tools", {}).get("keywords", ())),
                    neutral=tuple(neutral.get("keywords", ())),
                    neutral_patterns=tuple(neutral.get("patterns", ())),
                    directive=(re.compile("|".join(f"(?:{p})" for p in directive["patterns"]))
                               if directive.get("patterns") else None),
                    directive_subtype=directive.get("subtype"))


@lru_cache(maxsize=8)
def _matcher(book: Codebook) -> tuple[re.Pattern[str], dict[str, list[tuple[str, float, bool]]],
                                      dict[str, str], list[tuple[re.Pattern[str], str, bool]],
                                      frozenset[tuple[str, str]]]:
    """One alternation of every folded word, longest first; word → [(sub-type, weight,
    weak)]; the patterns as (regex, sub-type, weak); the (word, sub-type) pairs that name
    a field."""
    owners: dict[str, list[tuple[str, float, bool]]] = {}
    shown: dict[str, str] = {}
    fields = set()
    for s in book.subtypes:
        for words, kind in ((s.keywords, "tool"), (s.field, "field"), (s.weak, "weak")):
            for w in words:
                key = fold(w)
                weak = kind == "weak"
                weight = (WEAK_FACTOR if weak else 1.0) * (1.0 + max(len(key) - 2, 0) / 4)
                if all(sid != s.id for sid, _, _ in owners.get(key, ())):
                    owners.setdefault(key, []).append((s.id, weight, weak))
                    if kind == "field":
                        fields.add((key, s.id))
                shown.setdefault(key, w)
    for words, sid in ((book.out_of_scope, OUT_OF_SCOPE), (book.neutral, NEUTRAL),
                       (book.not_tools, NOT_A_TOOL)):
        for w in words:
            key = fold(w)
            owners.setdefault(key, []).append((sid, 1.0 + max(len(key) - 2, 0) / 4, False))
            shown.setdefault(key, w)
    keys = sorted(owners, key=lambda k: (-len(k), k))
    alternation = re.compile("|".join(re.escape(k) for k in keys))
    patterns = [(re.compile(p), s.id, weak) for s in book.subtypes
                for ps, weak in ((s.patterns, False), (s.weak_patterns, True)) for p in ps]
    patterns += [(re.compile(p), NEUTRAL, False) for p in book.neutral_patterns]
    return alternation, owners, shown, patterns, frozenset(fields)


# ---------------------------------------------------------------------------
# Coding


@dataclass(frozen=True)
class SentenceCode:
    """The instrument of one sentence: ``type`` (supply, environment, demand or none),
    ``subtype`` (None for none), the ``evidence`` words, and ``also``: the other sub-types
    whose words the sentence holds, strongest first.  ``path`` is the item's path
    (``preamble`` or a section's path for text outside items), ``n`` the sentence's
    number in it (from 1).  ``reason`` says why a sentence is ``none``: ``heading``,
    ``statement``, ``out of scope`` (defence, national unification), ``not a measure``
    (the codebook's ``[neutral]`` words outweigh any instrument's: an assessment, a
    rationale, an exhortation) or ``no instrument words``."""

    path: str
    n: int
    text: str
    type: str
    subtype: str | None
    evidence: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    score: float = 0.0
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "n": self.n, "text": self.text, "type": self.type,
                "subtype": self.subtype, "evidence": list(self.evidence),
                "also": list(self.also), "score": self.score, "reason": self.reason}


_RE_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；]|[^。！？；\n]+")


def split_sentences(text: str) -> list[str]:
    """Sentences cut after 。！？； and at line ends (a heading line is one), each exactly
    as written (blank pieces dropped)."""
    return [m.group() for m in _RE_SENTENCE.finditer(text) if m.group().strip()]


_RE_CLAUSE_END = re.compile(r"[，：,:]")
#: A first clause that sets the frame of the measure, not the measure: the means relied on
#: (依托基层卫生机构，…), the rule followed (按照竞争中性原则，…), the need answered
#: (紧扣…需求，…), the situation faced (面对…任务，…), the line held (坚持…为主线，…).
_RE_FRAME = re.compile(r"(?:依托|依靠|按照|遵循|围绕|紧扣|紧盯|面对|面临|针对|立足|着眼|基于"
                       r"|坚持[^,]*(?:原则|思想|理念|方针|主线|导向)"
                       r"|以[^,]*为(?:主线|指导|引领|抓手|牵引|目标|重点|核心))[^,]*$")


def _lead_spans(folded: str) -> tuple[int, int]:
    """(end of the frame clause or 0, end of the lead clause): a sentence opens with its
    measure (促进信息消费，实施…、推进…) and goes on with the ways to it — unless its first
    clause only frames it (依托…，先行试点…), when the lead is the clause after."""
    cuts = [m.start() for m in _RE_CLAUSE_END.finditer(folded) if folded[m.end():].strip()]
    if not cuts:
        return 0, len(folded)
    if _RE_FRAME.match(folded[:cuts[0]]):
        return cuts[0], cuts[1] if len(cuts) > 1 else len(folded)
    return 0, cuts[0]


def _lead_text(folded: str) -> str:
    """The sentence from its lead clause on: past a frame clause (依托…，) and a list
    entry's number (一是…), where a directive verb stands."""
    frame, _ = _lead_spans(folded)
    rest = folded[frame:].lstrip(" ,，:：")
    return _RE_LIST_MARK.sub("", rest, count=1)


_RE_LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(]?\d+[）)．.、]|——)\s*")


_RE_REFORM = re.compile("改革")
#: A word that opens with a verb (扩大开放, 加强监管, 深化改革) is a verb phrase, not the
#: head of a noun phrase: 深化改革扩大开放 is two measures side by side, not one modifying
#: the other.
_RE_VERB_PHRASE = re.compile("扩大|深化|加强|加快|推进|推动|促进|完善|健全|实施|建立|优化"
                             "|提高|提升|强化|支持|鼓励|引导|培育")
_RE_PROGRAMME = re.compile("计划|行动计划|行动方案|实施方案|三年行动")
_RE_CLAUSE_CUT = re.compile(r"[，,；;：:。！？]")


def _scores(text: str, book: Codebook, *, patterns: bool = True,
            directive: str | None = None
            ) -> tuple[dict[str, float], dict[str, list[str]], dict[str, int]]:
    """Weight, words and first position of each sub-type in ``text``.  A word counts once
    however often it recurs (a repeated word names the topic — 脱贫 four times — not more
    instruments).  A sub-type's weak words and weak patterns do not add up: the strongest
    of them counts (支持、推动、促进 together are no more a strategic measure than one).
    ``patterns=False`` leaves the patterns out.  ``directive``: the directive verb the
    sentence opens with (加快, 抓好): when its lead clause names no tool, the directive is
    the measure — the codebook's ``directive_subtype``, weighing ``DIRECTIVE_WEIGHT`` — and
    the fields it names (就业, 健康, 智能化) yield to it."""
    alternation, owners, shown, regexes, fields = _matcher(book)
    folded = fold(text)
    frame, lead = _lead_spans(folded)

    def factor(end: int) -> float:
        if end <= frame:
            return FRAME_FACTOR
        return LEAD_FACTOR if end <= lead else 1.0

    matches = list(alternation.finditer(folded))
    hits: dict[str, tuple[int, float]] = {}  # word → (start, weight factor)
    for k, m in enumerate(matches):
        if m.group() in hits or owners[m.group()][0][0] == NOT_A_TOOL:
            continue
        f = factor(m.end())
        # a word right before another (经贸|规则, 技术改造|再贷款, 科技的|布局) modifies it:
        # the head of a Chinese noun phrase comes last — when that head is a strong word of
        # another sub-type (政府采购|机制 is a mechanism of procurement: 机制 is weak)
        # — except a reform (资本市场|改革, 利率|市场化改革, 养老保险|制度改革): the reform of
        # a tool is that tool's measure, so the reform is the word that yields
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        prv = matches[k - 1] if k else None
        mine = {sid for sid, _, _ in owners[m.group()]}
        if (nxt is not None and not _RE_REFORM.search(nxt.group())
                and not _RE_VERB_PHRASE.match(nxt.group())
                and any(not weak and sid not in mine for sid, _, weak in owners[nxt.group()])
                and (nxt.start() == m.end()
                     or (nxt.start() == m.end() + 1 and folded[m.end()] == "的"))):
            f *= MODIFIER_FACTOR
        if (prv is not None and _RE_REFORM.search(m.group()) and prv.end() == m.start()
                and any(not weak and sid not in mine for sid, _, weak in owners[prv.group()])):
            f *= MODIFIER_FACTOR
        # a programme (…三年行动, …计划) is named after its content: a tool named before it in
        # its clause (农村供水提质增效三年行动, 关键核心技术攻关工程) is the measure
        if _RE_PROGRAMME.fullmatch(m.group()) and any(
                not _RE_CLAUSE_CUT.search(folded, p.end(), m.start())
                and any(not weak and sid not in mine and (p.group(), sid) not in fields
                        for sid, _, weak in owners[p.group()])
                for p in matches[:k]):
            f *= MODIFIER_FACTOR
        hits[m.group()] = (m.start(), f)
    strong: dict[str, float] = {}
    weak: dict[str, float] = {}
    # the directive verb's own weak words (推动, 优化 of 大力优化): when the directive weighs
    # as the measure they are that measure, not a second word of it
    verb_weak: dict[str, float] = {}
    verb_at = folded.find(directive, frame) if directive else -1
    verb_end = verb_at + len(directive) if directive and verb_at >= 0 else -1
    field: dict[str, list[float]] = {}
    found: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    lead_tool = False  # a tool word (not a field, not weak) in the lead clause
    for key, (start, f) in sorted(hits.items(), key=lambda kv: kv[1][0]):
        for sid, w, is_weak in owners[key]:
            first.setdefault(sid, start)
            if is_weak and verb_at <= start < verb_end:
                verb_weak[sid] = max(verb_weak.get(sid, 0.0), w * f)
            elif is_weak:
                weak[sid] = max(weak.get(sid, 0.0), w * f)
            elif (key, sid) in fields:
                field.setdefault(sid, []).append(w * f)
            else:
                strong[sid] = strong.get(sid, 0.0) + w * f
                if frame <= start < lead and sid not in (OUT_OF_SCOPE, NEUTRAL):
                    lead_tool = True
            found.setdefault(sid, []).append(shown[key])
    for pattern, sid, is_weak in regexes:
        if not patterns and sid != NEUTRAL:
            continue
        for m in pattern.finditer(folded):
            if m.group() in found.get(sid, ()):
                continue
            w = PATTERN_WEIGHT * factor(m.end())
            first[sid] = min(first.get(sid, m.start()), m.start())
            if is_weak:
                weak[sid] = max(weak.get(sid, 0.0), w * WEAK_FACTOR)
            else:
                strong[sid] = strong.get(sid, 0.0) + w
            found.setdefault(sid, []).append(m.group())
            if not is_weak and frame <= m.start() < lead and sid != NEUTRAL:
                lead_tool = True
    fires = bool(directive and book.directive_subtype and not lead_tool)
    for sid, w in verb_weak.items():
        if not (fires and sid == book.directive_subtype):
            weak[sid] = max(weak.get(sid, 0.0), w)
    if fires:
        # a directive naming a field but no tool (抓好就业…, 深入推进制造业智能化…) is the
        # general measure: the field is where it acts
        sid = book.directive_subtype
        strong[sid] = strong.get(sid, 0.0) + DIRECTIVE_WEIGHT
        first[sid] = -1
        found.setdefault(sid, []).insert(0, directive)
    # a field (养老, 康复, 量子) yields to a word of another sub-type (鼓励, 试点, 支持):
    # the instrument is the way the state acts, the field where; fields that yield do not
    # add up (医疗、养老、教育 are the places of one measure)
    tools = {sid for sid in (*strong, *weak) if sid not in (OUT_OF_SCOPE, NEUTRAL)}
    weights = {sid: strong.get(sid, 0.0) + weak.get(sid, 0.0)
               + ((max(field[sid]) * FIELD_FACTOR if tools - {sid} else sum(field[sid]))
                  if sid in field else 0.0)
               for sid in found}
    return weights, found, first


#: A first clause whose verb is the copula after a noun phrase (稳增长的重要目的是为了…,
#: 保障粮食安全的要害是…) defines or explains; it directs when 是 leads a verb (重点是要…,
#: 关键是把…) or a list (主要预期目标是：…).  (requirements.clause_kind misses these: its
#: 要 is in 重要, 要害.)
_RE_DEFINITION = re.compile(r"^[^,;]*的[^,;、]{0,6}"
                            r"(?<![一二三四五六七八九十还但可于或而就只凡总要即正别其不])"
                            r"是(?![:否要把在以]|坚持|推动|推进|加快|加强)")


#: A first clause that judges a thing's worth with the copula (民生是为政之要, 就业是民生之本,
#: 城镇化是现代化的必由之路), or the year's place (今年是“十五五”开局之年，…): a statement, not a
#: measure.
_RE_EVALUATION = re.compile(r"^(?!(?:始终)?坚持)[^,;]{1,14}是[^,;]{0,16}"
                            r"(?:之要|之路|之本|之基|之策|之举|之年|要务|依托|根本|基础|前提|保障|动力|关键)"
                            r"[,;。]")


#: A gloss (指建好、管好、护好、运营好农村公路。, 是“…”的简称): a glossary's definition of a
#: term, not a measure.
_RE_GLOSS = re.compile(r"^(?:是|即)?指|^是[^,;]{0,40}的(?:简称|统称)")


def _is_heading_line(text: str) -> bool:
    """A section's number (二、 （三）) opening a line that has no sentence's end
    (二、2017年工作总体部署): a heading line, wherever it is found."""
    t = text.strip()
    return bool(_RE_HEADING_MARK.match(t)) and not t.endswith(("。", "；", "！", "？", "，"))


#: The sub-type of an entry in a list of targets (主要预期目标是：…；…；…。).
TARGETS_SUBTYPE = "planning"


def code_sentence(text: str, *, codebook: Codebook | str | Path | None = None,
                  review: bool = False, heading: bool = False, target: bool = False,
                  path: str = "", n: int = 0) -> SentenceCode:
    """The instrument of one sentence.  ``heading=True``: it is a heading (a title on a
    line of its own), ``none``.  ``review=True``: it belongs to a review of past years
    (2018年工作回顾): what it reports — results, and the measures taken (创新宏观调控方式)
    — is ``none`` ("review"), as is a sentence that opens by looking back (五年来，…).
    ``target=True``: it is an entry of a list of targets (…主要预期目标是：…；国际收支基本平衡；):
    a target, ``TARGETS_SUBTYPE``, whatever field it names (进出口稳中提质; the sub-types its
    words name are ``also``, and the list it stands in, not a word of it, is the evidence)."""
    from .requirements import _RE_REVIEW_LEAD, clause_kind

    book = load_codebook(codebook)
    if heading or _is_heading_line(text):
        return SentenceCode(path, n, text, "none", None, reason="heading")
    if review or _RE_REVIEW_LEAD.match(fold(text).lstrip()):
        return SentenceCode(path, n, text, "none", None, reason="review")
    if target and TARGETS_SUBTYPE in book.ids:
        c = code_sentence(text, codebook=book, path=path, n=n)
        if c.subtype == TARGETS_SUBTYPE:
            return c
        also = tuple(dict.fromkeys(x for x in (c.subtype, *c.also)
                                   if x and x != TARGETS_SUBTYPE))
        return SentenceCode(path, n, text, book.subtype(TARGETS_SUBTYPE).type,
                            TARGETS_SUBTYPE, (), also, 0.0)
    if (clause_kind(text) == "statement" or _RE_DEFINITION.match(fold(text))
            or _RE_EVALUATION.match(fold(text)) or _RE_GLOSS.match(fold(text).lstrip())):
        return SentenceCode(path, n, text, "none", None, reason="statement")
    directive = book.directive and book.directive.match(_lead_text(fold(text)))
    weights, found, first = _scores(text, book,
                                    directive=directive.group() if directive else None)
    # equal weights: the sub-type named first (the sentence opens with its measure)
    ranked = sorted(weights, key=lambda sid: (-weights[sid], first[sid]))
    if not ranked:
        return SentenceCode(path, n, text, "none", None, reason="no instrument words")
    best = ranked[0]
    evidence = tuple(dict.fromkeys(found[best]))
    if best == OUT_OF_SCOPE:
        return SentenceCode(path, n, text, "none", None, evidence, reason="out of scope")
    if best == NEUTRAL:
        return SentenceCode(path, n, text, "none", None, evidence, reason="not a measure")
    also = tuple(sid for sid in ranked[1:] if sid not in (OUT_OF_SCOPE, NEUTRAL))
    return SentenceCode(path, n, text, book.subtype(best).type, best, evidence, also,
                        round(weights[best], 4))


#: Item kinds whose first sentence is a heading of its own (（一）…, 1．…, 一、…); a
#: paragraph's and a 一是… list entry's first sentence is running text.
_RUN_IN = ("paragraph", "list")


def _units(doc: Any) -> Iterable[tuple[str, str, bool, str | None]]:
    """(path, text, review, heading title) of the preamble, each section's own text and each
    top-level item."""
    from .requirements import _is_review_heading  # one notion of a review heading

    if getattr(doc, "preamble", ""):
        yield "preamble", doc.preamble, False, None
    for section in doc.iter_sections():
        review = _is_review_heading(section.title or "")
        if section.text:
            yield section.path, section.text, review, None
        for item in section.items:
            title = item.title if item.kind not in _RUN_IN else None
            yield (item.path, item.text, review or _is_review_heading(item.title or ""),
                   title)


#: A section's or sub-section's number (一、 （一）) opening a sentence: a heading even where
#: the structure did not find one (a web copy that runs headings into the text).
_RE_HEADING_MARK = re.compile(r"\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")


def _is_title(sentence: str, title: str | None) -> bool:
    return bool(title) and sentence.strip().rstrip("。；！？") == title.strip().rstrip("。；！？")


#: A review section's paragraph that turns to the coming year (过去一年，国防…。新的一年，
#: 要…): from that sentence on it is a plan, not a review.
_RE_FORWARD = re.compile(r"^(?:[^,;]{0,6}[,，])?"
                         r"(?:新的一年|今年|明年|下一步|新征程上|20\d\d年(?:要|将))")


#: The lead-in of a list of targets whose entries are cut by ； (主要预期目标是：国内生产总值增长
#: 5%左右；城镇新增就业…；国际收支基本平衡；…。).
_RE_TARGETS = re.compile(r"目标(?:任务)?(?:是|为)?:")


def _squash(text: str) -> str:
    return "".join(text.split())


def _title_lines(doc: Any) -> frozenset[str]:
    """The numbered lines of ``doc``'s plain-text source that hold nothing but their title
    (（六）大力抓好农业生产，促进乡村全面振兴。), number taken off, blanks squashed.  A web copy
    whose paragraphs are separated by blank lines runs a title line into the paragraph it
    touches (the reader joins touching lines there), so the title would not stand on a line
    of its own in the document's text though it does in the source."""
    source = getattr(doc, "source", "")
    if getattr(doc, "format", "") != "txt" or not source:
        return frozenset()
    try:
        raw = Path(source).read_bytes().decode(getattr(doc, "encoding", None) or "utf-8")
    except (OSError, UnicodeDecodeError, LookupError):
        return frozenset()
    out = set()
    for line in raw.splitlines():
        m = _RE_HEADING_MARK.match(line)
        if m:
            rest = line[m.end():]
            if len(split_sentences(rest)) == 1:
                out.add(_squash(rest))
    return frozenset(out)


def _sentences(text: str) -> Iterable[tuple[str, bool]]:
    """(sentence, on a line of its own) as :func:`split_sentences` cuts them."""
    for m in _RE_SENTENCE.finditer(text):
        if m.group().strip():
            alone = ((m.start() == 0 or text[m.start() - 1] == "\n")
                     and (m.end() == len(text) or text[m.end()] == "\n"))
            yield m.group(), alone


def code(doc: Any, *, codebook: Codebook | str | Path | None = None) -> list[SentenceCode]:
    """Every sentence of ``doc`` (preamble, section texts, top-level items, document order)
    with its instrument.  Also ``policytext.instruments(doc)``.

    A heading is a title standing on a line of its own (an item's title line, or a numbered
    line: （三）扩大开放); a title that the text goes on after on the same line (a run-in
    title: 加快发展现代农业。…, （一）深入推进…改革。坚持…) is coded by what it says.  In a
    review section every sentence is ``none`` ("review") until one turns to the coming
    year (新的一年，要…).  The entries of a list of targets cut by ； (主要预期目标是：…；…；…。)
    are targets (``code_sentence(target=True)``)."""
    book = load_codebook(codebook)
    titled = _title_lines(doc)
    out = []
    for path, text, review, title in _units(doc):
        target = False  # in a list of targets: 主要预期目标是：…；…；…。
        for n, (sentence, alone) in enumerate(_sentences(text), 1):
            if review and _RE_FORWARD.match(fold(sentence).lstrip()):
                review = False
            heading = (alone and ((n == 1 and _is_title(sentence, title))
                                  or bool(_RE_HEADING_MARK.match(sentence)))
                       or (n == 1 and _is_title(sentence, title)
                           and _squash(sentence) in titled))
            out.append(code_sentence(sentence, codebook=book, review=review, path=path, n=n,
                                     heading=heading, target=target))
            ends_entry = sentence.rstrip().endswith(("；", ";"))
            target = ends_entry and (target or bool(_RE_TARGETS.search(fold(sentence))))
    return out


def item_counts(codes: Iterable[SentenceCode]) -> dict[str, Counter]:
    """Per item path, how many sentences each sub-type (or ``none``) codes."""
    out: dict[str, Counter] = {}
    for c in codes:
        out.setdefault(c.path, Counter())[c.subtype or "none"] += 1
    return out


def to_frame(codes: Sequence[SentenceCode]):
    """One row per sentence: path, n, type, subtype, evidence (joined by 、), also, score,
    reason, text (pandas)."""
    import pandas as pd

    return pd.DataFrame([{**c.to_dict(), "evidence": "、".join(c.evidence),
                          "also": ", ".join(c.also)} for c in codes],
                        columns=["path", "n", "type", "subtype", "evidence", "also", "score",
                                 "reason", "text"])


from ._verbs import callable_module  # noqa: E402

callable_module(__name__, "code")  # policytext.instruments(doc)

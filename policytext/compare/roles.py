"""The part of a report each unit belongs to: its *role*.

A government work report has the same parts every year — a review of last year
(``review``), in a plan's first year also of the five years before (``review5``), the
general requirements and policy stance (``stance``), the year's targets (``targets``),
a five-year plan's aims (``plan5``), this year's tasks (``tasks``), the government's own
building (``self``) — and annexes (``annex``).  Year-to-year links stay within a role
or a family of roles (a review continues in a review) unless the text is strong
evidence otherwise; :mod:`policytext.compare.align` uses the roles as features of
its link decision.

Roles come from the section headings (2024年工作回顾, 2025年工作总体要求和目标任务,
“十五五”时期的主要目标和重点任务, 2025年重点工作, 加强政府自身建设) and, inside a
section, from a unit's own opening words (过去五年… in a review, 今年…主要预期目标…).
Documents without such headings (work points, laws) get the empty role everywhere:
every pair of units is then of one role.
"""

from __future__ import annotations

import re

from ..model import Document

__all__ = ["ROLES", "FAMILY", "section_role", "unit_roles", "current_plan"]

ROLES = ("review", "review5", "stance", "targets", "plan5", "tasks", "self", "annex", "closing",
         "")

#: Roles whose units may continue each other without strong evidence.  The year's plan —
#: general requirements, targets, tasks, the government's own building — is one family: a
#: report moves its fiscal, monetary and employment stance into its first task and back
#: (2019 二、 积极的财政政策要加力提效 → 2021 三、（一） 保持宏观政策连续性稳定性可持续性).
#: A five-year plan's aims are a family of their own: the year's requirements and targets
#: do not continue in them (the labels' reading), however much wording they share.
FAMILY = {"review": "review", "review5": "review", "stance": "plan", "targets": "plan",
          "plan5": "plan5", "tasks": "plan", "self": "plan", "annex": "annex",
          "closing": "closing", "": ""}

_CN = "一二三四五六七八九"
_FIVE = r"[“\"]?十[一二三四五六七八九]五[”\"]?"
_RE_FIVE_NO = re.compile(r"十([一二三四五六七八九])五")
_RE_REVIEW = re.compile(r"回顾|成就|成绩|主要工作(?:$|和)|工作总结")
_RE_PLAN5 = re.compile(_FIVE + r".{0,12}(?:目标|任务|考虑|举措|规划|建议)|五年规划|规划纲要")
_RE_STANCE = re.compile(r"总体要求|总体部署|政策取向|目标任务|预期目标|主要目标")
_RE_TASKS = re.compile(r"重点工作|工作任务|主要任务|工作安排|工作的建议|重点任务|工作建议")
_RE_SELF = re.compile(r"政府自身建设|政府治理")
_RE_ANNEX = re.compile(r"^(?:附件|名词解释|附表|附录)")
_RE_YEAR = re.compile(r"[0-9]{4}年")

# a unit's own opening words, after an address to the deputies (各位代表，…) if any
_ADDRESS = r"^(?:各位代表[！!，,：:]\s*)?"
_RE_OPEN_FIVE_YEARS = re.compile(_ADDRESS + r"(?:过去五年|五年来|经过五年|回顾过去五年|回顾"
                                 + _FIVE + ")")
_RE_OPEN_PLAN = re.compile(_ADDRESS + _FIVE + r"(?:时期|期间|以来)")
_RE_OPEN_REVIEW = re.compile(_ADDRESS + r"(?:过去一年|一年来|去年|刚刚过去的|[0-9]{4}年(?:是|，))")
_RE_OPEN_TARGETS = re.compile(r"预期目标|主要目标是")


def _plan_number(text: str) -> int | None:
    """13 for 十三五 (the 13th five-year plan), from the first one named."""
    m = _RE_FIVE_NO.search(text)
    return 10 + _CN.index(m.group(1)) + 1 if m else None


def current_plan(year: int | None) -> int | None:
    """The five-year plan a year belongs to: 2016–2020 is the 13th (十三五)."""
    return 13 + (year - 2016) // 5 if year else None


def section_role(title: str, *, year: int | None = None) -> str:
    """The role of a section from its heading ('' when the heading names none)."""
    title = title or ""
    if _RE_ANNEX.match(title):
        return "annex"
    if _RE_SELF.search(title):
        return "self"
    if _RE_REVIEW.search(title):
        plan = _plan_number(title)
        five = "五年" in title or (plan is not None and not _RE_YEAR.search(title))
        return "review5" if five else "review"
    if _RE_PLAN5.search(title):
        return "plan5"
    if _RE_STANCE.search(title):
        return "stance"
    if _RE_TASKS.search(title):
        return "tasks"
    return ""


def _unit_role(section: str, mixed_tasks: bool, item, year: int | None) -> str:
    """The role of one unit in a section of role ``section``: its opening words can name
    another part of the report (过去五年…, “十四五”时期…, 今年…主要预期目标…)."""
    head = item.text[:40]
    if section in ("review", "review5", "plan5"):
        if _RE_OPEN_FIVE_YEARS.search(head):
            return "review5"
        if _RE_OPEN_PLAN.search(head) and current_plan(year):
            # the plan now running is being reviewed only in its successor's first year
            return "plan5" if _plan_number(head) == current_plan(year) else "review5"
        if section in ("review", "review5") and _RE_OPEN_REVIEW.search(head):
            # last year's review after the five years' (or in a section of both)
            return "review"
        return ""
    if _RE_SELF.search(item.title or ""):
        return "self"
    if section == "stance":
        if mixed_tasks and item.kind != "paragraph":
            return "tasks"
        if _RE_OPEN_TARGETS.search(item.title or head):
            return "targets"
    return ""


def unit_roles(doc: Document) -> dict[str, str]:
    """Top-level item path → role.  A section whose heading names no role takes the tasks
    role when it follows the review or the general requirements (a report that titles its
    task sections by topic: 把改革开放扎实推向纵深), else stays ''."""
    out: dict[str, str] = {}
    seen_report = False
    for section in doc.iter_sections():
        role = "closing" if section.kind == "closing" else section_role(section.title,
                                                                        year=doc.year)
        if not role and seen_report:
            role = "tasks"
        if role in ("review", "review5", "stance", "plan5"):
            seen_report = True
        mixed = bool(role == "stance" and _RE_TASKS.search(section.title or ""))
        current = role  # an opening cue in a review or plan section holds until the next
        for item in section.items:
            cue = _unit_role(role, mixed, item, doc.year)
            if role in ("review", "review5", "plan5"):
                current = cue or current
                out[item.path] = current
            else:
                out[item.path] = cue or role
    return out

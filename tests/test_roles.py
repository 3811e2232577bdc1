"""The parts of a report (policytext.compare.roles) on small hand-made reports."""

from __future__ import annotations

import policytext
from policytext.compare.roles import unit_roles

# a plan's first year reviewing the five years and last year in one section: each cue
# (五年…, 各位代表，刚刚过去的…, 回顾“十四五”…) holds until the next
REPORT = """2026年政府工作报告

一、“十四五”时期和2025年工作回顾

“十四五”时期是极不平凡的五年。全省经济总量跨上新台阶。

各位代表，刚刚过去的2025年，全省上下攻坚克难，完成全年目标任务。

——动能持续增强。科技创新取得新进步。

回顾“十四五”发展，成绩来之不易。

（一）经济实力显著增强。地区生产总值年均增长5.5%。

二、2026年重点工作

（一）推进科技创新。建设创新平台。
"""


def test_last_years_review_after_the_five_years_keeps_its_role():
    doc = policytext.read_text(REPORT)
    roles = list(unit_roles(doc).values())
    assert roles == ["review5", "review", "review", "review5", "review5", "tasks"]


def test_the_years_plan_is_one_family_and_the_five_year_plan_another():
    """A report moves its policy stance into its first task and back, so stance, targets,
    tasks and self-building continue each other as one family; a five-year plan's aims
    are not the year's requirements, and a review is not a plan."""
    from policytext.compare.roles import FAMILY

    assert FAMILY["stance"] == FAMILY["targets"] == FAMILY["tasks"] == FAMILY["self"]
    assert FAMILY["plan5"] != FAMILY["stance"]
    assert FAMILY["review"] == FAMILY["review5"] != FAMILY["tasks"]


def test_a_review_that_opens_with_five_years_of_work_is_the_five_years_review():
    """各位代表！经过五年接续奋斗… opens the five years' review (广东 2026) as 五年来… does;
    the lead lines under it (这是…的五年。) keep its role."""
    doc = policytext.read_text("""2026年政府工作报告

一、2025年和“十四五”时期工作回顾

2025年是很不平凡的一年。全省经济运行稳中有进。

各位代表！经过五年接续奋斗，我省“十四五”顺利收官。

这是经济实力持续提升的五年。地区生产总值年均增长5%。

二、2026年工作安排

（一）推进科技创新。建设创新平台。
""")
    assert list(unit_roles(doc).values()) == ["review", "review5", "review5", "tasks"]

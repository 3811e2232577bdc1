"""Requirements: clauses with actor, action, frequency/quantity, deadline and strength."""

from __future__ import annotations

import pytest

from policytext import ModelError
from policytext.requirements import (
    Requirement,
    extract_requirements,
    requirements_from_text,
    to_frame,
)


def test_seed_item_13_frequency_requirements(seed_doc):
    reqs = [r for r in extract_requirements(seed_doc) if r.path == "四/13" and r.frequency]
    assert [(r.actor, r.action, r.frequency) for r in reqs] == [
        ("党委书记", "主持召开党委会研究科技社团党建工作", "每半年至少1次"),
        ("省级学会党建工作领导小组", "召开专题会议研究学会党建工作", "每年至少1次"),
        (None, "抓实支部书记抓党建述职评议", "年度"),  # the annual report-back, no count
    ]


#: Every requirement of the seed with a frequency or a quantity, verified by hand.
#: (每月提示制度 in 二/7 is the name of a system; “三个一线”, 八项规定, 三种形态 and
#: 一批 are names or descriptions, not quantities; the 年初/半年/年底 cycle of 四/13
#: describes a mechanism.)
SEED_COUNTED = [
    ("二/6", None, "支持有5名以上党员的支部配备专职副书记", None, "5名以上", "encouraged"),
    ("二/8", None, "推动科技社团党支部3个综合分片优势互补、融合互动、协调发展", None, "3个",
     "should"),
    ("二/8", None, "依托8个省级学会联合体，探索建立科技社团党建联合体", None, "8个", "encouraged"),
    ("四/13", "党委书记", "主持召开党委会研究科技社团党建工作", "每半年至少1次", None, "must"),
    ("四/13", "省级学会党建工作领导小组", "召开专题会议研究学会党建工作", "每年至少1次", None,
     "must"),
    ("四/13", None, "抓实支部书记抓党建述职评议", "年度", None, "should"),
    ("四/15", None, "开展集中巡查整改", "定期", None, "should"),
]


def test_seed_every_requirement_with_frequency_or_quantity(seed_doc):
    got = [(r.path, r.actor, r.action, r.frequency, r.quantity, r.strength)
           for r in extract_requirements(seed_doc) if r.frequency or r.quantity]
    assert got == SEED_COUNTED


def test_seed_actors(seed_doc):
    reqs = extract_requirements(seed_doc)
    actors = {r.actor for r in reqs if r.actor}
    assert actors == {"科技社团党组织", "党委书记", "省级学会党建工作领导小组", "秘书处党支部",
                      "分支机构党建工作小组"}
    secretariat = [r.action for r in reqs if r.actor == "秘书处党支部"]
    assert secretariat == ["履行学会党建工作领导小组日常办事机构职责",
                           "推进落实省科技社团党委和学会党建工作领导小组确定的各项党建任务"]
    # a scene-setting clause stays with its clause; the actor carries to the next clause
    first = [r for r in reqs if r.path == "一/1" and r.actor == "科技社团党组织"]
    assert first[0].text.startswith("科技社团党组织在研究决策重大事项、谋划部署重大任务前，要坚持")
    assert first[0].strength == "must"


@pytest.mark.parametrize("text, expected", [
    ("党组织书记每季度至少讲1次党课。",
     [("党组织书记", "讲党课", "每季度至少1次", None, None, "must")]),
    ("各支部每月开展1次主题党日活动。",
     [("各支部", "开展主题党日活动", "每月1次", None, None, "should")]),
    ("每名党员每年集中学习培训不少于32学时。",
     [(None, "每名党员集中学习培训不少于32学时", "每年", "不少于32学时", None, "must")]),
    ("各单位要在6月底前完成换届，严禁超期不换届。",
     [("各单位", "要在6月底前完成换届", None, None, "6月底前", "must"),
      ("各单位", "严禁超期不换届", None, None, None, "must")]),
    ("鼓励有条件的学会设立党员活动室。",
     [(None, "鼓励有条件的学会设立党员活动室", None, None, None, "encouraged")]),
    ("探索建立联合党支部。", [(None, "探索建立联合党支部", None, None, None, "encouraged")]),
    ("必须于2025年12月31日前完成整改。",
     [(None, "必须于2025年12月31日前完成整改", None, None, "2025年12月31日前", "must")]),
    ("用好每月提示制度，深化“三个一线”行动。",
     [(None, "用好每月提示制度", None, None, None, "should"),
      (None, "深化“三个一线”行动", None, None, None, "should")]),
    ("推动学会党建工作领导小组全覆盖。",
     [(None, "推动学会党建工作领导小组全覆盖", None, None, None, "should")]),
    ("严格落实重要事项报告制度。", [(None, "严格落实重要事项报告制度", None, None, None, "must")]),
])
def test_clauses(text, expected):
    got = [(r.actor, r.action, r.frequency, r.quantity, r.deadline, r.strength)
           for r in requirements_from_text(text)]
    assert got == expected


def test_text_is_the_documents_own(seed_doc):
    for r in extract_requirements(seed_doc):
        item = seed_doc.item(r.path)
        assert r.text in item.text


def test_theme_filter(seed_doc):
    resp = extract_requirements(seed_doc, theme="responsibility")
    assert {r.path for r in resp} <= {i.path for i in seed_doc.items}
    assert any(r.frequency == "每年至少1次" for r in resp)
    with pytest.raises(ModelError, match="no theme 'nope'"):
        extract_requirements(seed_doc, theme="nope")


def test_to_frame(seed_doc):
    frame = to_frame(extract_requirements(seed_doc))
    assert list(frame.columns) == list(Requirement.__dataclass_fields__)
    assert len(frame) > 100


@pytest.mark.parametrize("clause, quantity", [
    ("总量突破90万亿元", "90万亿元"),
    ("城镇新增就业1361万人、调查失业率稳定在5%左右", "1361万人；5%左右"),
    ("外汇储备保持在3万亿美元以上", "3万亿美元以上"),
    ("赤字率下降0.5个百分点", "0.5个百分点"),
    ("2025年完成换届", None),
    ("落实中央八项规定精神", None),
    ("每季度至少召开1次支委会", None),  # the count belongs to the frequency
    ("每名党员每年学习不少于32学时", "不少于32学时"),
])
def test_quantities(clause, quantity):
    (req,) = requirements_from_text(clause)
    assert req.quantity == quantity

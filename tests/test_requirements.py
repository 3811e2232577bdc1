"""Requirements: clauses with actor, action, frequency/quantity, deadline and strength."""

from __future__ import annotations

import pytest
from reqhelp import actor_scores, load_json

from policytext import ModelError
from policytext.requirements import (
    Requirement,
    actor_heads,
    clause_kind,
    extract_requirements,
    requirements_from_text,
    to_frame,
)

ISSUER = "中共江苏省科技社团党委"


def test_seed_item_13_frequency_requirements(seed_doc):
    reqs = [r for r in extract_requirements(seed_doc) if r.path == "四/13" and r.frequency]
    assert [(r.actor, r.actor_source, r.action, r.frequency) for r in reqs] == [
        ("党委书记", "carried", "主持召开党委会研究科技社团党建工作", "每半年至少1次"),
        ("省级学会党建工作领导小组", "carried", "召开专题会议研究学会党建工作", "每年至少1次"),
        # the annual report-back, no count; the text names no actor: the issuer's
        (ISSUER, "implied", "抓实支部书记抓党建述职评议", "年度"),
    ]


#: Every requirement of the seed with a frequency or a quantity, verified by hand.
#: (每月提示制度 in 二/7 is the name of a system; “三个一线”, 八项规定, 三种形态 and
#: 一批 are names or descriptions, not quantities; the 年初/半年/年底 cycle of 四/13
#: describes a mechanism.)
SEED_COUNTED = [
    ("二/6", "支部", "支持有5名以上党员的支部配备专职副书记", None, "5名以上", "encouraged"),
    ("二/8", ISSUER, "推动科技社团党支部3个综合分片优势互补、融合互动、协调发展", None, "3个",
     "should"),
    ("二/8", ISSUER, "依托8个省级学会联合体，探索建立科技社团党建联合体", None, "8个",
     "encouraged"),
    ("四/13", "党委书记", "主持召开党委会研究科技社团党建工作", "每半年至少1次", None, "must"),
    ("四/13", "省级学会党建工作领导小组", "召开专题会议研究学会党建工作", "每年至少1次", None,
     "must"),
    ("四/13", ISSUER, "抓实支部书记抓党建述职评议", "年度", None, "should"),
    ("四/15", ISSUER, "开展集中巡查整改", "定期", None, "should"),
]


def test_seed_every_requirement_with_frequency_or_quantity(seed_doc):
    got = [(r.path, r.actor, r.action, r.frequency, r.quantity, r.strength)
           for r in extract_requirements(seed_doc) if r.frequency or r.quantity]
    assert got == SEED_COUNTED


def test_seed_actors_against_hand_checked_gold(seed_doc):
    """Every clause of every seed item, with the actor its text states, compared whole."""
    gold = load_json("requirements-seed-actors.json")
    reqs = extract_requirements(seed_doc)
    got = [{"path": item.path, "clauses": [
        {"text": r.text, "actor": None if r.actor_source == "implied" else r.actor,
         "actor_source": None if r.actor_source == "implied" else r.actor_source}
        for r in reqs if r.path == item.path]} for item in seed_doc.items]
    assert got == gold["items"]
    # every clause that names no actor is the issuer's
    assert {r.actor for r in reqs if r.actor_source == "implied"} == {ISSUER}
    assert actor_scores(gold["items"], got) == (10, 10, 10)


def test_seed_actor_details(seed_doc):
    reqs = extract_requirements(seed_doc)
    secretariat = [r.action for r in reqs if r.actor == "秘书处党支部"]
    assert secretariat == ["履行学会党建工作领导小组日常办事机构职责",
                           "推进落实省科技社团党委和学会党建工作领导小组确定的各项党建任务"]
    # a scene-setting clause stays with its clause; the actor carries to the next clause
    first = [r for r in reqs if r.path == "一/1" and r.actor == "科技社团党组织"]
    assert first[0].text.startswith("科技社团党组织在研究决策重大事项、谋划部署重大任务前，要坚持")
    assert [r.actor_source for r in first] == ["stated", "carried"]
    assert first[0].strength == "should"  # 要: a plain directive
    # a comma inside quotes does not end a clause
    assert "深化“千会牵手第一书记，联村助推乡村振兴”行动" in [r.text for r in reqs]
    assert not extract_requirements(seed_doc, implied=False)[0].actor


def test_handwritten_set():
    """Sentences written by hand (not from the seed), before tuning: actor, frequency, strength."""
    data = load_json("requirements-handwritten.json")
    misses = []
    total = 0
    for sentence in data["sentences"]:
        got = [{"actor": r.actor, "frequency": r.frequency, "strength": r.strength}
               for r in requirements_from_text(sentence["text"])]
        total += len(sentence["expected"])
        if got != sentence["expected"]:
            misses.append((sentence["text"], got))
    assert total == 32
    assert misses == []


def test_seed_targets(seed_doc):
    """Who is made to act, hand-checked over the whole seed: every target found is right
    (推动学会党建工作领导小组全覆盖, 推动党员监管全覆盖 name things done, not doers)."""
    got = [(r.path, r.target, r.text[:8]) for r in extract_requirements(seed_doc) if r.target]
    assert got == [
        ("一/2", "理事会", "推动理事会领导示"), ("一/2", "党员干部", "引导党员干部真正"),
        ("一/4", "年轻党员", "引导年轻党员养成"), ("一/4", "年轻党员", "引导年轻党员学思"),
        ("一/5", "学会", "推动学会建立健全"), ("一/5", "支部", "指导督促支部提升"),
        ("三/10", "学会及科技工作者", "引导学会及科技工"),
        ("三/11", "科技社团党员干部", "推动科技社团党员"),
        ("三/12", "科技社团党员干部", "推动科技社团党员"),
        ("三/12", "党员", "引导党员立足岗位"), ("三/12", "党员", "引导党员勇挑重担"),
    ]


@pytest.mark.parametrize("clause, target", [
    ("推动学会建立健全自律管理制度", "学会"),
    ("要指导督促各支部严格落实“三会一课”制度", "各支部"),
    ("引导金融机构增加制造业中长期贷款", "金融机构"),
    ("推动居民委员会、业主委员会协调运行", "居民委员会、业主委员会"),
    ("推动党员监管全覆盖", None),                      # a thing done to members
    ("推动科技社团党务工作者队伍建设", None),
    ("推动降低企业生产经营成本", None),                # the verb's object is a cost
    ("推动形成市场主导、政府推动的投资内生增长机制", None),
    ("支持有5名以上党员的支部配备专职副书记", None),   # a beneficiary is the actor there
])
def test_targets(clause, target):
    (req,) = requirements_from_text(clause)
    assert req.target == target


#: Where we read a held-out sentence otherwise than its label, and why.
HELDOUT_DISAGREE = {
    # 达到 is kept as the quantity's qualifier, like 不少于 and 以上
    "支持正式党员达到3名以上的协会单独组建党支部。":
        [("协会", None, "达到3名以上", None, "encouraged")],
    # 纳入年度考核 is read as a yearly requirement (年度 述职/考核), the label says none
    "集团公司党委每年至少组织一次基层党组织书记述职评议，述职情况纳入年度考核。":
        [("集团公司党委", "每年至少一次", None, None, "must"),
         ("集团公司党委", "年度", None, None, "should")],
    # 每年3月底前: we give the rate (每年) and the deadline (3月底前) apart
    "学会秘书处应当于每年3月底前向理事会报送上一年度财务报告。":
        [("学会秘书处", "每年", None, "3月底前", "should")],
}


@pytest.mark.parametrize(("name", "sentences", "exact"), [
    ("requirements-heldout.json", 48, (55, 56)), ("requirements-heldout2.json", 40, (49, 50))])
def test_heldout_set(name, sentences, exact):
    """Sentences written blind to the extractor, each with requirements that have a
    frequency, quantity or deadline.  The first set measured 49/56 exact at first; its
    misses led to general fixes (a predicate opened by 在/于 that leads to a floor or a
    deadline later in the sentence, more verbs after an actor, a head inside a 的-modifier
    is no beneficiary, an actor carries over ；).  The second, written later, measured
    42/50 at first (every-N-years rates, 1次以上, 学院 as an actor, an actor after a
    scene-setting 依托…，, a count taken for a quantity, 年度工作总结 taken for a rate).
    Both are dev sets now; where we read a sentence otherwise than its label is below."""
    data = load_json(name)
    assert len(data["sentences"]) == sentences
    fields = ("actor", "frequency", "quantity", "deadline", "strength")
    n_exact = total = 0
    for sentence in data["sentences"]:
        got = [tuple(getattr(r, f) for f in fields) for r in requirements_from_text(
            sentence["text"]) if r.frequency or r.quantity or r.deadline]
        want = [tuple(e[f] for f in fields) for e in sentence["expected"]]
        total += len(want)
        n_exact += sum(g == w for g, w in zip(got, want, strict=False))
        assert got == HELDOUT_DISAGREE.get(sentence["text"], want), sentence["text"]
    assert (n_exact, total) == exact


@pytest.mark.parametrize("text, expected", [
    ("党组织书记每季度至少讲1次党课。",
     [("党组织书记", "讲党课", "每季度至少1次", None, None, "must")]),
    ("各支部每月开展1次主题党日活动。",
     [("各支部", "开展主题党日活动", "每月1次", None, None, "should")]),
    ("每名党员每年集中学习培训不少于32学时。",
     [(None, "每名党员集中学习培训不少于32学时", "每年", "不少于32学时", None, "must")]),
    ("各单位要在6月底前完成换届，严禁超期不换届。",
     [("各单位", "要在6月底前完成换届", None, None, "6月底前", "should"),
      ("各单位", "严禁超期不换届", None, None, None, "must")]),
    ("鼓励有条件的学会设立党员活动室。",
     [("学会", "鼓励有条件的学会设立党员活动室", None, None, None, "encouraged")]),
    ("支持有5名以上党员的支部配备专职副书记。",
     [("支部", "支持有5名以上党员的支部配备专职副书记", None, "5名以上", None, "encouraged")]),
    ("支持民营企业发展，鼓励参加党务工作者认定。",
     [("民营企业", "支持民营企业发展", None, None, None, "encouraged"),
      (None, "鼓励参加党务工作者认定", None, None, None, "encouraged")]),
    ("党委书记切实履行第一责任人职责，每半年至少主持召开1次党委会。",
     [("党委书记", "切实履行第一责任人职责", None, None, None, "must"),
      ("党委书记", "主持召开党委会", "每半年至少1次", None, None, "must")]),
    ("分支机构党建工作小组落实好领导小组确定的任务。",
     [("分支机构党建工作小组", "落实好领导小组确定的任务", None, None, None, "should")]),
    ("协会负责人要定期报告工作。",
     [("协会负责人", "要报告工作", "定期", None, None, "should")]),
    # 一定|期限, 规定|期限: the characters 定期 are no frequency there (blind law check 4)
    ("协会负责人应当在规定期限内报告工作。",
     [("协会负责人", "应当在规定期限内报告工作", None, None, None, "should")]),
    ("健全党员干部评价考核和鼓励激励机制。",  # 鼓励 inside a noun phrase
     [(None, "健全党员干部评价考核和鼓励激励机制", None, None, None, "should")]),
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


@pytest.mark.parametrize("clause, kind", [
    ("国内生产总值增长6.6%", "requirement"),  # a figure alone may be a target
    ("实现了比较充分就业", "statement"),
    ("我国60岁以上人口已达2.5亿", "statement"),
    ("发展是解决我国一切问题的基础和关键", "statement"),
    ("关键是要抓好落实", "requirement"),
    ("一是创新和完善宏观调控", "requirement"),
    ("深入了解基层党员思想状况", "requirement"),  # 了解 is not the particle
    ("为了群众办实事", "requirement"),
    ("各支部已完成换届选举", "statement"),
    ("特别是力戒形式主义、官僚主义", "requirement"),
])
def test_clause_kind(clause, kind):
    assert clause_kind(clause) == kind


def test_review_section_is_statements(shared_corpora):
    import policytext

    doc = policytext.read(shared_corpora / "national-work-reports" / "2019-国务院政府工作报告.txt")
    reqs = extract_requirements(doc)
    assert [s.title for s in doc.sections][0] == "2018年工作回顾"
    assert not [r for r in reqs if r.path.startswith("一/")]
    everything = extract_requirements(doc, statements=True)
    review = [r for r in everything if r.path.startswith("一/")]
    assert review and {r.kind for r in review} == {"statement"}
    assert "国内生产总值增长6.6%" in [r.text for r in review]
    # the issuer is read from the opening (我代表国务院): the actor a clause implies
    assert doc.issuer == "国务院"
    assert {r.actor for r in reqs if r.actor_source == "implied"} == {"国务院"}
    assert ("地方政府", "stated", "地方政府也要主动挖潜") in [
        (r.actor, r.actor_source, r.text) for r in reqs]


def test_mixed_heading_is_judged_clause_by_clause(shared_corpora):
    import policytext

    doc = policytext.read(shared_corpora / "national-work-reports" / "2021-国务院政府工作报告.txt")
    titles = [s.title for s in doc.sections]
    assert titles[0] == "2020年工作回顾" and titles[1].startswith("“十三五”时期发展成就和")
    paths = {r.path.split("/")[0] for r in extract_requirements(doc)}
    assert "一" not in paths and "二" in paths


def test_actor_lexicon():
    heads = actor_heads()
    assert {"党委", "党支部", "学会", "秘书处", "党建工作领导小组", "纪检委员",
            "国务院"} <= set(heads)
    assert list(heads) == sorted(heads, key=len, reverse=True)


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


@pytest.mark.parametrize("clause, actor, source", [
    # misreadings found in the national and provincial work reports, one regression each
    ("“四下基层”：习近平总书记在福建宁德工作时大力倡导并身体力行形成的工作方法", None, None),
    ("各国企业在华发展机遇一定会越来越多", None, None),  # 在… opens no directive
    ("支持科技园区建立事业企业相结合的运营管理模式", None, None),  # 园区 is no head
    ("今年国务院及其部门要带头大幅精简会议", "国务院及其部门", "stated"),  # the time is no part
    ("机关、事业单位和国有企业要带头清欠", "机关、事业单位和国有企业", "stated"),
    ("支持行业龙头企业牵头组建创新联合体", "行业龙头企业", "beneficiary"),
])
def test_actor_regressions(clause, actor, source):
    (req,) = requirements_from_text(clause)
    assert (req.actor, req.actor_source) == (actor, source)


# ---------------------------------------------------------------------------
# Laws: obligations, prohibitions and permissions with the article's subject

CHARITY_LAW = """# 中华人民共和国示例慈善法

## 第一章 总则

第一条 为了发展慈善事业，规范慈善活动，制定本法。

第二条 本法所称慈善组织，是指依法成立、符合本法规定，以面向社会开展慈善活动为宗旨的非营利性组织。

第三条 在中华人民共和国境内开展慈善活动，适用本法。

第四条 慈善组织应当每年向其登记的民政部门报送年度工作报告和财务会计报告。

第五条 任何组织和个人不得利用慈善活动危害国家安全。禁止任何组织和个人假借慈善名义骗取财产。

第六条 慈善组织可以依法开展定向募捐，并不得采取摊派方式。

第七条 民政部门发现慈善组织有违法行为的，应当及时调查处理。

第八条 本法自2016年9月1日起施行。
"""


def test_law_requirements_are_its_duties_with_the_article_subject(tmp_path):
    import policytext

    path = tmp_path / "示例慈善法(2016-03-16).md"
    path.write_text(CHARITY_LAW, encoding="utf-8")
    doc = policytext.read(path)
    assert doc.kind == "law"
    got = [(r.path.split("/")[-1], r.actor, r.actor_source, r.frequency, r.strength)
           for r in extract_requirements(doc)]
    # purpose (为了…制定本法), definition (本法所称), scope (适用本法), entry into force: none
    assert got == [
        ("第四条", "慈善组织", "stated", "每年", "should"),
        ("第五条", "任何组织和个人", "stated", None, "must"),
        ("第五条", "任何组织和个人", "stated", None, "must"),
        ("第六条", "慈善组织", "stated", None, "encouraged"),
        ("第六条", "慈善组织", "carried", None, "must"),
        ("第七条", "民政部门", "carried", None, "should"),
    ]
    # no actor is implied from the issuer in a law
    assert all(r.actor_source != "implied" for r in extract_requirements(doc))


def test_law_articles_get_no_forced_theme(tmp_path):
    import policytext
    from policytext.themes import UNCLASSIFIED, tag

    path = tmp_path / "示例慈善法(2016-03-16).md"
    path.write_text(CHARITY_LAW, encoding="utf-8")
    doc = policytext.read(path)
    assert {t.primary for t in tag(doc, taxonomy="auto")} <= {UNCLASSIFIED, None}
    assert {t.primary for t in tag(doc, taxonomy="government")} <= {UNCLASSIFIED, None}

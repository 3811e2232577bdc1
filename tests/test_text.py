"""The tokenizer: domain terms and the seed's quoted slogans stay whole; the cache is explicit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from policytext import text


def test_dictionary_has_hundreds_of_distinct_terms():
    terms = text.dictionary_terms()
    assert len(terms) >= 300
    assert len(terms) == len(set(terms))


def test_every_dictionary_term_is_one_token():
    split = {t: text.tokenize(t) for t in text.dictionary_terms() if text.tokenize(t) != [t]}
    assert split == {}


@pytest.mark.parametrize("sentence, term", [
    ("指导督促支部提升“三会一课”和主题党日质量。", "三会一课"),
    ("严格落实第一议题制度，", "第一议题"),
    ("推动学会党建工作领导小组全覆盖，", "学会党建工作领导小组"),
    ("支部履行党建工作领导小组日常办事机构职责", "党建工作领导小组"),
    ("加大对秘书处党支部的督查指导，", "秘书处党支部"),
    ("贯彻落实中央八项规定及其实施细则精神。", "中央八项规定及其实施细则"),
    ("落实意识形态工作责任制，", "意识形态工作责任制"),
    ("大力实施科技志愿服务行动，", "科技志愿服务"),
    ("健全全面从严治党体系。", "全面从严治党体系"),
])
def test_terms_stay_whole_in_context(sentence, term):
    assert term in text.tokenize(sentence)


def test_every_quoted_slogan_of_the_seed_is_one_token(seed_doc, fresh_tokenizer):
    quoted = text.add_document_terms(seed_doc)
    assert {"四强", "五聚焦五落实", "头雁领航", "三个一线", "党建＋", "党建+科创"} <= set(quoted)
    missing = []
    for item in seed_doc.iter_items():
        tokens = text.tokenize(item.text)
        for term in text.quoted_terms(item.text):
            # jieba never joins across punctuation: “双向进入、交叉任职” stays whole part by part
            for part in text._RE_SPLIT.split(text._halfwidth(term)):
                if len(part) >= 2 and part not in [text._halfwidth(t) for t in tokens]:
                    missing.append((item.path, term, part))
    assert missing == []


def test_tokens_are_slices_of_the_original_text():
    s = "实施“党建＋”创新实践项目，２０２５年"
    tokens = text.tokenize(s)
    assert tokens == ["实施", "党建＋", "创新", "实践", "项目", "２０２５", "年"]
    pos = 0
    for t in tokens:
        pos = s.index(t, pos) + len(t)


@pytest.mark.parametrize("raw, quoted", [
    ("深化“四强”党支部建设", ["四强"]),
    ("采取“单建+联建”、“学会+领域”等方式", ["单建+联建", "学会+领域"]),
    ("没有引号。", []),
    ("“这是一个很长的句子。不是口号”", []),
])
def test_quoted_terms(raw, quoted):
    assert text.quoted_terms(raw) == quoted


_PROBE = ("import json, tempfile; from policytext import text; "
          "print(json.dumps(text.tokenize('严格落实“第一议题”制度，提升“三会一课”质量')))")


def _run(env_extra: dict, tmp_path) -> list[str]:
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"), **env_extra)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_cache_is_where_the_user_says_and_changes_nothing(tmp_path):
    cache = tmp_path / "cache"
    off = _run({"POLICYTEXT_CACHE_DIR": "off"}, tmp_path)
    assert not cache.exists()
    first = _run({"POLICYTEXT_CACHE_DIR": str(cache)}, tmp_path)
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].name.startswith("jieba-")
    second = _run({"POLICYTEXT_CACHE_DIR": str(cache)}, tmp_path)  # loads the cache
    assert off == first == second
    assert "第一议题" in off and "三会一课" in off
    assert list((tmp_path / "tmp").iterdir()) == []  # nothing behind the user's back


def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYTEXT_CACHE_DIR", "off")
    assert text.cache_dir() is None
    monkeypatch.setenv("POLICYTEXT_CACHE_DIR", str(tmp_path))
    assert text.cache_dir() == tmp_path
    monkeypatch.delenv("POLICYTEXT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert text.cache_dir() == tmp_path / "policytext"


def test_added_terms_do_not_change_the_fixed_tokenizer(fresh_tokenizer):
    s = "推进“七彩小屋”建设"
    before = text.tokenize(s, added=False)
    text.add_terms(["七彩小屋"])
    assert "七彩小屋" in text.tokenize(s)
    assert text.tokenize(s, added=False) == before == text.analyzer(s)
    assert "七彩小屋" not in before


def test_one_tokenizer_per_dictionary():
    """Regression: tokenizer() and tokenizer(None) were two lru_cache keys (two builds)."""
    from policytext.text import base_tokenizer, tokenizer

    assert tokenizer() is tokenizer(None)
    assert base_tokenizer() is base_tokenizer(None)


@pytest.mark.parametrize("raw", [
    "一、总体要求\n\n坚持以习近平新时代中国特色社会主义思想为指导，GDP增长5%左右。\n",
    "\n\n第一条　为了规范立法活动\n  （一）提高立法质量\n",
    "全面深化改革\r\n扩大对外开放\n推进高质量发展",  # \r\n: one word to jieba
    "PM2.5浓度下降\n\n\n城镇新增就业1100万人以上",
])
def test_cut_line_by_line_is_jieba_s_cut_of_the_whole(raw):
    from policytext.text import base_tokenizer

    assert text.cut(raw, added=False) == tuple(base_tokenizer().cut(raw, HMM=True))


def test_jieba_is_imported_without_pkg_resources():
    # jieba imports pkg_resources (70-120 ms, deprecated) only to open its own files; the
    # tokenizer hides it during that import, and the tokens are those jieba gives with it
    probe = ("import sys; {pre}from policytext.text import tokenizer; "
             "print('pkg_resources' in sys.modules, '|'.join(tokenizer().lcut({text!r})))")
    text = "全面从严治党，推进科技社团党建工作高质量发展，落实“三会一课”制度。"
    hidden = subprocess.run([sys.executable, "-c", probe.format(pre="", text=text)],
                            capture_output=True, text=True, check=True).stdout.split()
    imported = subprocess.run(
        [sys.executable, "-W", "ignore", "-c",
         probe.format(pre="import pkg_resources; ", text=text)],
        capture_output=True, text=True, check=True).stdout.split()
    assert hidden[0] == "False" and imported[0] == "True"
    assert hidden[1] == imported[1] and hidden[1].count("|") > 5

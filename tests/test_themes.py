"""Themes: taxonomies as data, the model's contract, and the acceptance figures of issue 3."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from themes_helpers import SECTION_THEME, confusion_table, leave_one_item_out

from policytext import ModelError, themes

DATA = Path(__file__).parent / "data"


# -- taxonomies -------------------------------------------------------------

def test_shipped_taxonomies():
    assert themes.taxonomy_names() == ["government", "party"]
    party = themes.load_taxonomy()
    assert party.name == "party"
    assert party.ids == ("political", "grassroots", "integration", "responsibility")
    assert party.theme("grassroots").label_zh == "基层组织建设"
    assert "三会一课" in party.theme("grassroots").keywords
    gov = themes.load_taxonomy("government")
    assert {"economy", "innovation", "reform_opening", "livelihood", "environment", "security",
            "government"} <= set(gov.ids)
    for tax in (party, gov):
        for t in tax.themes:
            assert t.label_zh and t.label_en and len(t.keywords) >= 20


def test_user_taxonomy_file(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('name = "mine"\n[[themes]]\nid = "a"\nkeywords = ["党支部"]\n'
                 '[[themes]]\nid = "b"\nkeywords = ["科普"]\n', encoding="utf-8")
    tax = themes.load_taxonomy(f)
    assert tax.ids == ("a", "b")
    tags = themes.tag_texts(["开展科普活动。"], taxonomy=tax)
    assert tags[0].primary == "b" and tags[0].themes[0].evidence == ("科普",)


@pytest.mark.parametrize("content, message", [
    ("name = ", "not valid TOML"),
    ('[[themes]]\nid = "a"\nkeywords = ["x"]\n', "missing 'name'"),
    ('name = "x"\n', "at least one"),
    ('name = "x"\n[[themes]]\nid = "中文"\nkeywords = ["x"]\n', "ASCII 'id'"),
    ('name = "x"\n[[themes]]\nid = "a"\nkeywords = []\n', "needs 'keywords'"),
    ('name = "x"\n[[themes]]\nid = "a"\nkeywords = ["x"]\n[[themes]]\nid = "a"\n'
     'keywords = ["y"]\n', "duplicate theme ids"),
])
def test_bad_taxonomy_files(tmp_path, content, message):
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        themes.load_taxonomy(f)


def test_unknown_taxonomy():
    with pytest.raises(ModelError, match="no taxonomy 'nope'.*government, party"):
        themes.load_taxonomy("nope")


# -- lexicon and weak labels ------------------------------------------------

def test_lexicon_longest_keyword_wins_and_title_counts_double():
    tax = themes.load_taxonomy()
    scores = themes.lexicon_scores("严明政治纪律。落实主体责任。", tax)
    assert scores["political"] == (2 * 1.5, ("政治纪律",))  # 4 characters: 1 + 2/4, doubled
    assert scores["responsibility"] == (1.5, ("主体责任",))
    # 科技志愿服务 is one keyword, not also 志愿服务
    assert themes.lexicon_scores("科技志愿服务", tax)["integration"][1] == ("科技志愿服务",)


def test_seed_headings_map_to_their_themes(seed_doc):
    tax = themes.load_taxonomy()
    got = {s.number: themes.heading_theme(s.title, tax) for s in seed_doc.sections}
    assert got == SECTION_THEME


def test_shipped_training_set_is_current(seed_doc):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_training_data", Path(__file__).parent.parent / "scripts" / "build_training_data.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.OUT.read_text(encoding="utf-8") == script.render()


# -- the model: contract, records, persistence ------------------------------

def test_estimator_contract():
    from sklearn.base import clone

    m = themes.ThemeModel(taxonomy="party", lexicon_weight=0.4)
    assert not hasattr(m, "classes_")
    assert clone(m).get_params() == m.get_params()
    with pytest.raises(ModelError, match="not fitted"):
        m.predict(["x"])
    texts = ["落实三会一课制度。", "开展科技志愿服务。", "学习贯彻第一议题。", "落实主体责任清单。"]
    labels = ["grassroots", "integration", "political", "responsibility"]
    assert m.fit(texts, labels) is m
    assert m.classes_ == ("political", "grassroots", "integration", "responsibility")
    assert list(m.predict(texts)) == labels
    assert m.score(texts, labels) == 1.0
    assert m.predict_proba(texts).shape == (4, 4)
    with pytest.raises(ModelError, match="not themes of 'party'"):
        themes.ThemeModel().fit(["x"], ["economy"])


def test_theme_model_is_a_scikit_learn_classifier():
    """Acceptance: Pipeline, clone, cross_val_score and GridSearchCV run on ThemeModel."""
    from sklearn.base import BaseEstimator, ClassifierMixin, clone, is_classifier
    from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
    from sklearn.pipeline import Pipeline

    X, y, _ = themes.weak_labels(themes.training_set("party-seed"), "party")
    model = themes.ThemeModel(taxonomy="party")
    assert isinstance(model, BaseEstimator) and isinstance(model, ClassifierMixin)
    assert is_classifier(model) and repr(model) == "ThemeModel(taxonomy='party')"
    twin = clone(model.set_params(lexicon_weight=0.5))
    assert twin is not model and twin.get_params() == model.get_params()
    assert not hasattr(twin, "classes_")
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(themes.ThemeModel(taxonomy="party"), X, y, cv=cv)
    assert len(scores) == 3 and all(0.0 <= s <= 1.0 for s in scores)
    # the same folds by hand give the same accuracies: cross_val_score really fitted
    by_hand = []
    for train, test in cv.split(X, y):
        fitted = themes.ThemeModel(taxonomy="party").fit([X[i] for i in train],
                                                         [y[i] for i in train])
        by_hand.append(fitted.score([X[i] for i in test], [y[i] for i in test]))
    assert list(scores) == pytest.approx(by_hand)
    grid = GridSearchCV(themes.ThemeModel(taxonomy="party"),
                        {"lexicon_weight": [0.0, 0.7]}, cv=cv).fit(X, y)
    assert grid.best_params_["lexicon_weight"] in (0.0, 0.7)
    assert list(grid.cv_results_["param_lexicon_weight"]) == [0.0, 0.7]
    pipe = Pipeline([("themes", themes.ThemeModel(taxonomy="party"))]).fit(X, y)
    assert list(pipe.predict(X)) == list(pipe.named_steps["themes"].predict(X))


def test_every_item_gets_every_theme_sorted_with_evidence(seed_doc):
    tags = themes.tag(seed_doc)
    assert [t.path for t in tags] == [i.path for i in seed_doc.items]
    for t in tags:
        ids = [s.id for s in t.themes]
        assert sorted(ids) == sorted(SECTION_THEME.values())
        scores = [s.score for s in t.themes]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        assert t.primary == t.themes[0].id and t.themes[0].evidence
    assert themes.tag(seed_doc) == tags  # deterministic
    frame = themes.to_frame(tags)
    assert list(frame.columns[:2]) == ["path", "primary"] and len(frame) == 15


def test_empty_text_has_no_primary():
    (t,) = themes.tag_texts([""])
    assert t.primary is None and all(s.score == 0 for s in t.themes)


def test_save_and_load(tmp_path):
    model = themes.default_model("party")
    path = tmp_path / "m.pkl"
    themes.save_model(model, path)
    again = themes.load_model(path)
    texts = ["严格落实三会一课制度", "压实全面从严治党主体责任"]
    assert again.tag_texts(texts) == model.tag_texts(texts)
    assert themes.tag_texts(texts, model=path) == model.tag_texts(texts)


def test_load_model_refuses_other_versions(tmp_path):
    path = tmp_path / "old.model"
    themes.save_model(themes.default_model("party"), path)
    import numpy as np

    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(str(arrays.pop("meta")))
    meta["format"] = 1
    with open(path, "wb") as fh:
        np.savez(fh, meta=np.array(json.dumps(meta)), **arrays)
    with pytest.raises(ModelError, match="model format 1.*retrain"):
        themes.load_model(path)
    path.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a policytext theme model"):
        themes.load_model(path)
    with pytest.raises(ModelError, match="cannot read model"):
        themes.load_model(tmp_path / "missing.model")


class _Bomb:
    """Unpickling this runs code: it creates the file named by ``target``."""

    def __init__(self, target):
        self.target = str(target)

    def __reduce__(self):
        return (Path.touch, (Path(self.target),))


def test_load_model_never_unpickles(tmp_path):
    """A pickled 'model' (probe 13, F4) is refused, and nothing in it runs — the old
    format (a pickle) as well as an .npz whose array holds a pickled object."""
    import numpy as np

    target = tmp_path / "PWNED"
    bomb = tmp_path / "evil.model"
    bomb.write_bytes(pickle.dumps({"format": 1, "model": _Bomb(target)}))
    with pytest.raises(ModelError, match="not a policytext theme model"):
        themes.load_model(bomb)
    with open(bomb, "wb") as fh:
        np.savez(fh, meta=np.array([_Bomb(target)], dtype=object))
    with pytest.raises(ModelError, match="not a policytext theme model"):
        themes.load_model(bomb)
    assert not target.exists()


def test_save_and_load_lexicon_only(tmp_path):
    model = themes.ThemeTagger(taxonomy="party")
    model.fit(["严格落实三会一课制度"], [themes.load_taxonomy("party").ids[0]])
    path = tmp_path / "lex.model"
    themes.save_model(model, path)
    again = themes.load_model(path)
    assert again.scorer_ is None and again.n_train_ == 1
    texts = ["压实全面从严治党主体责任"]
    assert again.tag_texts(texts) == model.tag_texts(texts)


def test_model_and_taxonomy_must_agree():
    with pytest.raises(ModelError, match="trained on taxonomy 'party'"):
        themes.tag_texts(["x"], taxonomy="government", model=themes.default_model("party"))


# -- acceptance 1 and 2 -----------------------------------------------------

def test_seed_leave_one_item_out(seed_doc, capsys):
    correct, confusion, rows = leave_one_item_out(seed_doc)
    with capsys.disabled():
        print(f"\nleave-one-item-out: {correct}/15\n{confusion_table(confusion)}")
    assert correct >= 13, rows


def test_handwritten_labelled_set_accuracy(capsys):
    data = json.loads((DATA / "themes-labelled-handwritten.json").read_text(encoding="utf-8"))
    items = data["items"]
    assert len(items) >= 40
    assert {t: sum(i["theme"] == t for i in items) for t in SECTION_THEME.values()} == {
        t: 10 for t in SECTION_THEME.values()}
    tags = themes.tag_texts([i["text"] for i in items])  # the default model: trained on the seed
    correct = sum(t.primary == i["theme"] for t, i in zip(tags, items, strict=False))
    with capsys.disabled():
        print(f"\nhand-written labelled set: {correct}/{len(items)}")
    assert correct / len(items) >= 0.85


# -- shipped weights: reproducible, exact, no scikit-learn needed to tag -------

def _build_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_model", Path(__file__).parent.parent / "scripts" / "build_model.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def _assert_fresh_build(name: str, shared=None, *, rtol: float = 1e-9) -> None:
    import numpy as np

    script = _build_script()
    model, training = script.build(name, shared)
    fresh = model.scorer_.arrays()
    with np.load(script.MODELS / f"{name}-default.npz", allow_pickle=False) as npz:
        # else: run scripts/build_model.py
        assert str(npz["key"]) == themes.shipped_key(name, training)
        for key, value in fresh.items():
            value = np.asarray(value)
            if value.dtype.kind in "US":
                assert (npz[key] == value).all(), key
            else:
                np.testing.assert_allclose(npz[key], value, rtol=rtol, atol=1e-12, err_msg=key)


def test_shipped_weights_are_a_fresh_build():
    _assert_fresh_build("party")


@pytest.mark.slow
def test_shipped_government_weights_are_a_fresh_build(shared_corpora):
    """The government weights come from the national reports of ../shared (not shipped);
    they are stored as float32, hence the tolerance."""
    _assert_fresh_build("government", shared_corpora, rtol=1e-6)


def test_government_tags_with_shipped_weights_and_no_training():
    """No model is trained at tag time: a government report is tagged by the shipped
    weights, without scikit-learn, in a fresh process."""
    import subprocess
    import sys

    code = ("import sys; from policytext import themes; "
            "t = themes.tag_texts(['稳定经济增长，扩大内需，促进消费'], taxonomy='government'); "
            "m = themes.default_model('government'); "
            "print(t[0].primary, m.n_train_ > 1000, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["economy", "True", "False"]


def test_numpy_scorer_equals_scikit_learn(seed_doc):
    model = themes.train(themes.training_set("party-seed"), taxonomy="party")
    texts = [i.text for i in seed_doc.items] + [s for i in seed_doc.items for s in i.sentences]
    texts += ["", "  空白  之间 ", "ＡＢＣ全角"]
    ours = model.scorer_.proba(texts)
    features = model.vectorizer_.transform(texts)
    for cls, clf in model.classifier_.items():
        theirs = clf.predict_proba(features)[:, 1]
        assert max(abs(theirs[n] - ours[n][cls]) for n in range(len(texts))) < 1e-9


def test_default_model_tags_without_scikit_learn(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from policytext import themes; "
            "t = themes.tag_texts(['严格落实三会一课制度']); "
            "print(t[0].primary, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["grassroots", "False"]


def test_handwritten_dev_set_accuracy(capsys):
    """A second hand-written set, used while improving keywords (first measured 39/40)."""
    data = json.loads((DATA / "themes-dev-handwritten.json").read_text(encoding="utf-8"))
    items = data["items"]
    assert len(items) == 40
    tags = themes.tag_texts([i["text"] for i in items])
    correct = sum(t.primary == i["theme"] for t, i in zip(tags, items, strict=True))
    with capsys.disabled():
        print(f"\nhand-written dev set: {correct}/{len(items)}")
    assert correct / len(items) >= 0.85


@pytest.mark.parametrize(("name", "measured"), [("dev", 39), ("test", 37), ("test2", 36)])
def test_heldout_sets_accuracy(name, measured, capsys):
    """More hand-written sets, 10 items per theme each, written blind to the model
    (with "hard" items that name another theme's words).  The dev set was used to
    widen the keywords (33/40 before); the test set was measured once before (34/40)
    and once after (37/40), never used for tuning; test2, written after that, was
    measured once (36/40) and never used for tuning either."""
    data = json.loads((DATA / f"themes-heldout-{name}.json").read_text(encoding="utf-8"))
    items = data["items"]
    assert len(items) == 40 and {t: sum(i["theme"] == t for i in items)
                                 for t in SECTION_THEME.values()} == dict.fromkeys(
                                     SECTION_THEME.values(), 10)
    tags = themes.tag_texts([i["text"] for i in items])
    correct = sum(t.primary == i["theme"] for t, i in zip(tags, items, strict=True))
    with capsys.disabled():
        print(f"\nheld-out {name} set: {correct}/{len(items)}")
    assert correct >= measured  # the figures in the note; a drop is a regression


@pytest.mark.parametrize("module", ["policytext.themes", "policytext.terms",
                                    "policytext.requirements", "policytext.text"])
def test_public_names_exist(module):
    import importlib

    mod = importlib.import_module(module)
    assert [n for n in mod.__all__ if not hasattr(mod, n)] == []


def test_a_fit_on_the_documents_own_labels_is_done_once_per_content(tmp_path, seed_path):
    """A user's taxonomy is fit on the tagged document's weak labels once: the weights are
    cached by content (texts, labels, taxonomy, versions), and a second process tags from
    them — the same tags, without scikit-learn."""
    import os
    import subprocess
    import sys

    mine = tmp_path / "mine.toml"
    src = (Path(themes.__file__).parent / "data" / "taxonomies" / "party.toml").read_text("utf-8")
    mine.write_text(src.replace('name = "party"', 'name = "mine"'), encoding="utf-8")
    code = ("import json, sys, policytext; from policytext import themes; "
            f"d = policytext.read({str(seed_path)!r}); "
            f"t = themes.tag(d, taxonomy={str(mine)!r}); "
            "print(json.dumps([[x.to_dict() for x in t], 'sklearn' in sys.modules]))")
    env = {**os.environ, "POLICYTEXT_CACHE_DIR": str(tmp_path / "cache")}

    def run():
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env).stdout
        return json.loads(out)

    first, trained = run()
    assert trained  # the first run fits (scikit-learn) ...
    assert len(list((tmp_path / "cache" / "models").glob("themes-*.npz"))) == 1
    second, trained_again = run()
    assert not trained_again and second == first  # ... the second reads the weights
    (tmp_path / "cache" / "models").joinpath("x").write_text("")  # a stray file is ignored
    mine.write_text(src.replace('name = "party"', 'name = "mine2"'), encoding="utf-8")
    run()  # another taxonomy is another fit
    assert len(list((tmp_path / "cache" / "models").glob("themes-*.npz"))) == 2

"""Stored alignments: a cached comparison is the comparison, and a later call (a new
process: the in-memory copy forgotten) answers from the file without aligning again."""

from __future__ import annotations

import pytest
from synth import load

import policytext
from policytext.compare import align, cache, compare


@pytest.fixture
def pair(seed_path):
    return policytext.read(load().DEMO_OLD), policytext.read(seed_path)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_CACHE_DIR", str(tmp_path / "cache"))
    cache.clear_memory()
    yield tmp_path / "cache"
    cache.clear_memory()


def test_cached_comparison_is_the_comparison(pair, cache_dir, monkeypatch):
    old, new = pair
    fresh = compare(old, new)
    first = cache.cached_compare(old, new)
    assert first.to_dict() == fresh.to_dict()
    assert (cache_dir / "alignments.sqlite").is_file()
    cache.clear_memory()

    def boom(*a, **k):
        raise AssertionError("aligned again")

    monkeypatch.setattr(cache, "compare", boom)
    again = cache.cached_compare(old, new)
    assert again.to_dict() == fresh.to_dict()
    assert again.changes == fresh.changes and again.partial_links == fresh.partial_links
    assert cache.cached_compare(old, new, gap_years=3).gap_years == 3


def test_what_decides_links_is_in_the_key(pair):
    old, new = pair
    base = cache.content_key(old, new, threshold=None, overrides=[])
    assert base == cache.content_key(old, new, threshold=None, overrides=[])
    assert base != cache.content_key(old, new, threshold=0.7, overrides=[])
    assert base != cache.content_key(old, new, threshold=None, overrides=[("一/1", None)])
    assert base != cache.content_key(new, old, threshold=None, overrides=[])


def test_cache_off_keeps_comparisons_in_memory_only(pair, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_CACHE_DIR", "off")
    cache.clear_memory()
    assert cache.cache_path() is None
    old, new = pair
    calls = []
    real = align.compare

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(cache, "compare", counting)
    cache.cached_compare(old, new)
    cache.cached_compare(old, new)
    assert calls == [1]
    cache.clear_memory()

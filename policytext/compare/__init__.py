"""Compare across years: align items (align.py), render diffs (diff.py), follow
items through a corpus (graph.py) and tabulate change (tables.py, charts.py); across
issuers: text reuse (reuse.py, rendered by reuse_report.py).

    >>> from policytext.compare import compare
    >>> cmp = compare("corpora/2024-…-synthetic.txt", "corpora/2025-….txt")
    >>> cmp.summary
    {'unchanged': …, 'modified': …, 'moved': …, 'split': …, 'merged': …, 'added': …, 'removed': …}
"""

from __future__ import annotations

from .align import CHANGE_TYPES, Change, Comparison, compare, similarity_matrix, word_diff
from .reuse import find_reuse

__all__ = ["CHANGE_TYPES", "Change", "Comparison", "compare", "similarity_matrix", "word_diff",
           "find_reuse"]

from .._verbs import callable_module  # noqa: E402  (after the names it calls)

callable_module(__name__, "compare")  # policytext.compare(old, new) is compare.compare

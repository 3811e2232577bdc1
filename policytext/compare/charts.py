"""Charts of the research tables, with Chinese that renders (matplotlib, Agg backend).

matplotlib's default fonts have no CJK glyphs; a chart would show boxes and warn
"Glyph … missing from font".  :func:`cjk_font` finds a CJK font file at run time
(Noto Sans/Serif CJK from Debian's fonts-noto-cjk, WenQuanYi, Source Han, or
any system font that has the glyphs), registers it with matplotlib's
``font_manager`` and returns its family name; with none it raises
:class:`NoCJKFontError`, saying what to install.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import PolicyTextError

__all__ = ["NoCJKFontError", "cjk_font", "plot_items_per_year", "plot_changes"]

#: Preferred fonts, best first (file-name fragments, lower case).
PREFERRED = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy-microhei", "wqy-zenhei",
             "droidsansfallback", "notosanssc", "simhei", "msyh")
SEARCH_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts",
               "~/.local/share/fonts", "/Library/Fonts", "/System/Library/Fonts",
               "C:/Windows/Fonts")
PROBE = "中国政策文本年度"


class NoCJKFontError(PolicyTextError, RuntimeError):
    """No font with Chinese glyphs was found for charts."""


def _has_glyphs(path: Path, text: str = PROBE) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in text)


@lru_cache(maxsize=1)
def _find_font_file() -> Path | None:
    candidates: list[Path] = []
    for d in SEARCH_DIRS:
        root = Path(d).expanduser()
        if root.is_dir():
            candidates.extend(p for p in root.rglob("*")
                              if p.suffix.lower() in (".ttf", ".otf", ".ttc"))

    def rank(p: Path) -> tuple[int, int, str]:
        name = p.name.lower().replace(" ", "")
        pref = next((k for k, frag in enumerate(PREFERRED) if frag in name), len(PREFERRED))
        bold = int(any(w in name for w in ("bold", "black", "heavy", "light", "thin")))
        return (pref, bold, str(p))

    for path in sorted(candidates, key=rank):
        if rank(path)[0] == len(PREFERRED) and len(candidates) > 400:
            break  # do not open thousands of Latin fonts one by one
        if _has_glyphs(path):
            return path
    return None


def cjk_font() -> str:
    """Register a CJK font with matplotlib and return its family name."""
    from matplotlib import font_manager

    path = _find_font_file()
    if path is None:
        raise NoCJKFontError("no font with Chinese glyphs found for charts: install one "
                             "(Debian: apt-get install fonts-noto-cjk, or `make system-deps`)")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _figure():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    family = cjk_font()
    plt.rcParams["font.family"] = [family]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def plot_items_per_year(df, path: str | Path, *, title: str = "各年度条目数") -> Path:
    """A line per series: items per year."""
    plt = _figure()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for series, part in df.groupby("series"):
        part = part.sort_values("year")
        ax.plot(part["year"], part["items"], marker="o", label=series)
    ax.set_title(title)
    ax.set_xlabel("年份")
    ax.set_ylabel("条目数")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


_COLOURS = {"unchanged": "#8e8e93", "modified": "#b36b00", "moved": "#8e44ad",
            "split": "#1a7f8e", "merged": "#4fb3c1", "added": "#2e7d32", "removed": "#c62828"}
_LABELS = {"unchanged": "未变", "modified": "修改", "moved": "移动", "split": "拆分",
           "merged": "合并", "added": "新增", "removed": "删除"}


def plot_changes(df, path: str | Path, *, title: str = "相邻年度条目变化") -> Path:
    """Stacked bars: change types per pair of consecutive years."""
    plt = _figure()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    labels = [f"{s.split(' · ')[0][-12:]}\n{a}→{b}"
              for s, a, b in zip(df["series"], df["old_year"], df["new_year"], strict=False)]
    bottom = [0] * len(df)
    for kind, colour in _COLOURS.items():
        values = list(df[kind])
        ax.bar(range(len(df)), values, bottom=bottom, color=colour, label=_LABELS[kind])
        bottom = [b + v for b, v in zip(bottom, values, strict=False)]
    ax.set_xticks(range(len(df)), labels, fontsize=7)
    ax.set_ylabel("条目数")
    ax.set_title(title)
    ax.legend(fontsize=8, ncol=7, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)

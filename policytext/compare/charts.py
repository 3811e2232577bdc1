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

__all__ = ["NoCJKFontError", "cjk_font", "plot_items_per_year", "plot_changes",
           "plot_theme_shares", "plot_keyness", "plot_instruments"]

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


def _year_axis(ax, years) -> None:
    """Ticks at the years themselves (never 2023.25), every year when there are few."""
    from matplotlib.ticker import MaxNLocator

    years = sorted({int(y) for y in years if y == y and y is not None})
    if 0 < len(years) <= 12:
        ax.set_xticks(years, [str(y) for y in years])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _save(plt, fig, path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def plot_items_per_year(df, path: str | Path, *, title: str = "各年度条目数") -> Path:
    """A line per series: items per year (a tick at each year)."""
    plt = _figure()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for series, part in df.groupby("series"):
        part = part.sort_values("year")
        ax.plot(part["year"], part["items"], marker="o", label=series)
    _year_axis(ax, df["year"])
    ax.set_title(title)
    ax.set_xlabel("年份")
    ax.set_ylabel("条目数")
    ax.legend(fontsize=8)
    return _save(plt, fig, path)


_COLOURS = {"unchanged": "#8e8e93", "modified": "#b36b00", "moved": "#8e44ad",
            "split": "#1a7f8e", "merged": "#4fb3c1", "added": "#2e7d32", "removed": "#c62828"}
_LABELS = {"unchanged": "未变", "modified": "修改", "moved": "移动", "split": "拆分",
           "merged": "合并", "added": "新增", "removed": "删除"}


def _pair_label(series: str, a, b, gap) -> str:
    mark = f"（缺{int(gap)}年）" if gap == gap and gap else ""
    return f"{series.split(' · ')[0][-12:]}\n{a}→{b}{mark}"


def plot_changes(df, path: str | Path, *, title: str = "相邻年度条目变化") -> Path:
    """Stacked bars: change types per pair of consecutive years; a pair with years missing
    between them is labelled so (2019→2021（缺1年）)."""
    plt = _figure()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    gaps = df["gap_years"] if "gap_years" in df else [0] * len(df)
    labels = [_pair_label(s, a, b, g) for s, a, b, g in
              zip(df["series"], df["old_year"], df["new_year"], gaps, strict=False)]
    bottom = [0] * len(df)
    for kind, colour in _COLOURS.items():
        values = list(df[kind])
        ax.bar(range(len(df)), values, bottom=bottom, color=colour, label=_LABELS[kind])
        bottom = [b + v for b, v in zip(bottom, values, strict=False)]
    ax.set_xticks(range(len(df)), labels, fontsize=7)
    ax.set_ylabel("条目数")
    ax.set_title(title)
    ax.legend(fontsize=8, ncol=7, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    return _save(plt, fig, path)


def plot_theme_shares(df, path: str | Path, *, by: str = "chars",
                      title: str | None = None) -> Path:
    """Stacked bars per year: the share of each primary theme (``by="chars"``: of the
    characters, ``"items"``: of the items), one panel per series."""
    if by not in ("chars", "items"):
        from ..errors import InputError

        raise InputError(f"by must be 'chars' or 'items', not {by!r}")
    column = "share_chars" if by == "chars" else "share"
    plt = _figure()
    series = list(dict.fromkeys(df["series"])) or [""]
    fig, axes = plt.subplots(len(series), 1, figsize=(9, 1.5 + 3 * len(series)), squeeze=False)
    themes = sorted(set(df["theme"]))
    colours = plt.get_cmap("tab20")
    for ax, name in zip(axes[:, 0], series, strict=True):
        part = df[df["series"] == name]
        table = part.pivot_table(index="year", columns="theme", values=column,
                                 aggfunc="sum", fill_value=0.0)
        bottom = [0.0] * len(table)
        for k, theme in enumerate(themes):
            values = list(table[theme]) if theme in table else [0.0] * len(table)
            ax.bar(list(table.index), values, bottom=bottom, color=colours(k % 20), label=theme)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        _year_axis(ax, table.index)
        ax.set_ylim(0, 1)
        ax.set_ylabel("字符占比" if by == "chars" else "条目占比")
        ax.set_title(name.split(" · ")[0], fontsize=10)
    axes[0, 0].legend(fontsize=7, ncol=4, loc="upper center", bbox_to_anchor=(0.5, 1.35))
    default = "各年度主题占比（按字符）" if by == "chars" else "各年度主题占比（按条目）"
    fig.suptitle(title or default)
    return _save(plt, fig, path)


def plot_keyness(df, path: str | Path, *, top: int = 20, title: str | None = None) -> Path:
    """Horizontal bars of the Log Ratio of the ``top`` key words (by G²) of a
    :func:`~policytext.compare.tables.keyness` table: right for B, left for A."""
    plt = _figure()
    part = df.head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 1 + 0.3 * max(len(part), 1)))
    colours = ["#2e7d32" if d == "up" else "#c62828" for d in part["direction"]]
    ax.barh(list(part["term"]), list(part["log_ratio"]), color=colours)
    ax.axvline(0, color="#555", linewidth=0.8)
    a = part["a_years"].iloc[0] if "a_years" in part and len(part) else "A"
    b = part["b_years"].iloc[0] if "b_years" in part and len(part) else "B"
    ax.set_xlabel(f"Log Ratio（>0 多见于 {b}，<0 多见于 {a}）")
    gap = part["gap_years"].iloc[0] if "gap_years" in part and len(part) else 0
    note = f"（非相邻年份，中间隔{int(gap)}年）" if gap else ""
    ax.set_title(title or f"关键词 {a} vs {b}{note}")
    return _save(plt, fig, path)


def plot_instruments(df, path: str | Path, *, title: str = "各年度政策工具结构") -> Path:
    """Stacked bars per year: the share of supply, environment and demand sentences among a
    series' instrument sentences (an :func:`~policytext.compare.tables.instrument_counts`
    table; the first series when there are several)."""
    plt = _figure()
    coded = df[df["type"] != "none"]
    name = next(iter(coded["series"]), "")
    part = coded[coded["series"] == name]
    table = part.pivot_table(index="year", columns="type", values="sentences", aggfunc="sum",
                             fill_value=0)
    table = table.div(table.sum(axis=1).where(lambda x: x > 0, 1), axis=0)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    bottom = [0.0] * len(table)
    for kind, colour, label in (("supply", "#1a7f8e", "供给型"),
                                ("environment", "#b36b00", "环境型"),
                                ("demand", "#8e44ad", "需求型")):
        values = list(table[kind]) if kind in table else [0.0] * len(table)
        ax.bar(list(table.index), values, bottom=bottom, color=colour, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _year_axis(ax, table.index)
    ax.set_ylim(0, 1)
    ax.set_ylabel("句子占比")
    ax.set_title(f"{title}：{name.split(' · ')[0]}" if name else title)
    ax.legend(fontsize=8)
    return _save(plt, fig, path)

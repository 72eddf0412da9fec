"""The report's charts (matplotlib, no GUI backend): one function per chart, drawing on the
axes it is given, so the HTML (one PNG each) and the PDF (several per page) share them."""

from __future__ import annotations

from typing import Any

from kiosk.core.fleet import labels as L

GREEN, BLUE, SAND, GREY = "#2e6b3a", "#1f6fa3", "#c8a24a", "#8a8a8a"
FACE_COLOURS = ("#b23a2a", "#d9822b", "#c8a24a", "#7aa33a", "#2e6b3a")


def _bars(ax: Any, names: list[str], values: list[float], colour: str, *,
          horizontal: bool = False) -> None:
    if not values:
        ax.text(0.5, 0.5, "–", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    if horizontal:
        ax.barh(names[::-1], values[::-1], color=colour)
        for i, v in enumerate(values[::-1]):
            ax.text(v, i, f" {v:g}", va="center", fontsize=8)
    else:
        ax.bar(names, values, color=colour)
        for i, v in enumerate(values):
            ax.text(i, v, f"{v:g}", ha="center", va="bottom", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)


def per_day(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["visits_per_day"]
    _bars(ax, [L.day(r["date"], lang)[:5] if lang == "fr" else r["date"][5:] for r in rows],
          [r["visits"] for r in rows], GREEN)
    ax.set_title(L.t("per_day", lang), fontsize=10)
    if len(rows) > 10:
        ax.tick_params(axis="x", labelrotation=90)


def per_territory(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["visits_per_territory"]
    _bars(ax, [r["territory"] for r in rows], [r["visits"] for r in rows], BLUE)
    ax.set_title(L.t("per_territory", lang), fontsize=10)


def per_language(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["visits_per_language"]
    _bars(ax, [L.LANGUAGE_NAMES[lang].get(r["language"], r["language"]) for r in rows],
          [r["visits"] for r in rows], SAND, horizontal=True)
    ax.set_title(L.t("per_language", lang), fontsize=10)


def per_kiosk(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["visits_per_kiosk"]
    _bars(ax, [r["kiosk"] for r in rows], [r["visits"] for r in rows], GREY, horizontal=True)
    ax.set_title(L.t("per_kiosk", lang), fontsize=10)


def modules(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["modules"][:12]
    _bars(ax, [r["module"] for r in rows], [r["visits"] for r in rows], GREEN,
          horizontal=True)
    ax.set_title(L.t("modules", lang), fontsize=10)


def videos(ax: Any, f: dict[str, Any], lang: str) -> None:
    rows = f["videos"][:12]
    if not rows:
        _bars(ax, [], [], BLUE)
        return
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r["plays"] for r in rows], 0.4, color=BLUE,
           label=L.t("col_plays", lang))
    ax.bar([i + 0.2 for i in x], [r["completed"] for r in rows], 0.4, color=GREEN,
           label=L.t("col_completed", lang))
    ax.set_xticks(list(x), [r["video"] for r in rows])
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.set_title(L.t("videos", lang), fontsize=10)


def feedback(ax: Any, f: dict[str, Any], lang: str) -> None:
    counts = [sum(q["faces"][str(k)] for q in f["feedback"]) for k in range(1, 6)]
    if not any(counts):
        _bars(ax, [], [], GREEN)
    else:
        ax.bar(["1 ☹", "2", "3", "4", "5 ☺"], counts, color=FACE_COLOURS)
        for i, v in enumerate(counts):
            ax.text(i, v, f"{v}", ha="center", va="bottom", fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    ax.set_title(L.t("feedback", lang), fontsize=10)


HORIZONTAL = ("per_language", "per_kiosk", "modules")
CHARTS = {"per_day": per_day, "per_territory": per_territory, "per_language": per_language,
          "per_kiosk": per_kiosk, "modules": modules, "videos": videos, "feedback": feedback}


def png(name: str, f: dict[str, Any], lang: str, size: tuple[float, float] = (6.4, 3.2),
        dpi: int = 110) -> bytes:
    """One chart as PNG bytes (for the HTML report)."""
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    CHARTS[name](fig.add_subplot(), f, lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()

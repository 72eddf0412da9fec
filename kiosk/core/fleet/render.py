"""The report as one self-contained HTML file (charts inlined as PNG) or a PDF (A4 pages drawn
by matplotlib), in French or English, from the figures of figures.py.

Both show the same sections, each a title, maybe a chart, a table and a note: key figures,
visits per day, territory (and year), language and kiosk, modules, videos, quiz, feedback
faces, one table per territory, and the fleet's health.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.fileio import atomic_write_bytes
from kiosk.core.fleet import charts
from kiosk.core.fleet import labels as L

MAX_PDF_ROWS = 28


@dataclass
class Section:
    key: str
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chart: str | None = None
    note: str = ""


def _indicator_rows(ind: dict[str, Any], lang: str) -> list[list[str]]:
    def n(v: float | None, d: int = 0) -> str:
        return L.number(v, lang, d)

    rows = [
        [L.t("visits", lang), n(ind["visits"])],
        [L.t("days", lang), n(ind["days"])],
        [L.t("kiosks", lang), n(ind["kiosks"])],
        [L.t("median_visit", lang), L.duration(ind["median_visit_seconds"], lang)],
        [L.t("module_views", lang), n(ind["module_views"])],
        [L.t("video_plays", lang), n(ind["video_plays"])],
        [L.t("videos_completed", lang), n(ind["videos_completed"])],
        [L.t("quiz_answers", lang), n(ind["quiz_answers"])],
        [L.t("quiz_correct", lang),
         f"{n(ind['quiz_correct'])} ({L.percent(ind['quiz_correct'], ind['quiz_answers'], lang)})"],
        [L.t("feedback_answers", lang), n(ind["feedback_answers"])],
        [L.t("feedback_mean", lang), n(ind["feedback_mean"], 2)],
        [L.t("episodes_promoted", lang), n(ind["episodes_promoted"])],
        [L.t("episodes_followed", lang), n(ind["episodes_followed"])],
        [L.t("season_promoted", lang), n(ind["season_promoted"])],
        [L.t("season_followed", lang), n(ind["season_followed"])],
    ]
    return rows


def sections(f: dict[str, Any], lang: str) -> list[Section]:
    def t(key: str, **kw: object) -> str:
        return L.t(key, lang, **kw)

    def n(v: float | None, d: int = 0) -> str:
        return L.number(v, lang, d)

    ep_note = "" if f["episodes_recorded"] else t("episodes_none")
    out = [
        Section("summary", t("summary"), [t("col_indicator"), t("col_value")],
                _indicator_rows(f["totals"], lang), note=ep_note),
        Section("per_day", t("per_day"), [t("col_date"), t("visits")],
                [[L.day(r["date"], lang), n(r["visits"])] for r in f["visits_per_day"]],
                chart="per_day"),
        Section("per_month", t("per_month"), [t("col_month"), t("visits")],
                [[r["month"], n(r["visits"])] for r in f["visits_per_month"]]),
        Section("per_territory", t("per_territory"), [t("territory"), t("visits")],
                [[f"{r['territory']} — {L.TERRITORY_NAMES.get(r['territory'], '')}",
                  n(r["visits"])] for r in f["visits_per_territory"]], chart="per_territory"),
        Section("per_territory_year", t("per_territory_year"),
                [t("territory"), t("col_year"), t("visits")],
                [[r["territory"], str(r["year"]), n(r["visits"])]
                 for r in f["visits_per_territory_year"]]),
        Section("per_language", t("per_language"), [t("col_language"), t("visits")],
                [[L.LANGUAGE_NAMES[lang].get(r["language"], r["language"]), n(r["visits"])]
                 for r in f["visits_per_language"]], chart="per_language",
                note=t("per_language_note")),
        Section("per_kiosk", t("per_kiosk"),
                [t("col_kiosk"), t("visits"), t("col_territories"), t("col_first"),
                 t("col_last")],
                [[r["kiosk"], n(r["visits"]), r["territories"], L.day(r["first_day"], lang),
                  L.day(r["last_day"], lang)] for r in f["visits_per_kiosk"]],
                chart="per_kiosk"),
        Section("modules", t("modules"), [t("col_module"), t("visits"), t("col_pages")],
                [[r["module"], n(r["visits"]), n(r["pages"])] for r in f["modules"]],
                chart="modules", note=t("modules_note")),
        Section("videos", t("videos"),
                [t("col_video"), t("col_plays"), t("col_completed"), t("visits"),
                 t("col_minutes")],
                [[r["video"], n(r["plays"]), n(r["completed"]), n(r["visits"]),
                  n(r["seconds"] / 60, 1)] for r in f["videos"]], chart="videos"),
        Section("quiz", t("quiz"),
                [t("col_module"), t("col_question"), t("col_answers"), t("col_correct"),
                 t("col_rate")],
                [[r["module"] or "", r["question"] or "", n(r["answers"]), n(r["correct"]),
                  L.percent(r["correct"], r["answers"], lang)] for r in f["quiz"]]),
        Section("feedback", t("feedback"),
                [t("col_question"), t("col_answers"), "1", "2", "3", "4", "5", t("col_mean")],
                [[q["question"], n(q["answers"]), *(n(q["faces"][str(k)]) for k in range(1, 6)),
                  n(q["mean"], 2)] for q in f["feedback"]], chart="feedback"),
    ]
    for code, ind in f["territories"].items():
        out.append(Section(f"territory-{code}", t("territory_page", name=f"{code} — "
                                                  f"{L.TERRITORY_NAMES.get(code, code)}"),
                           [t("col_indicator"), t("col_value")],
                           _indicator_rows(ind, lang), note=ep_note))
    health = f["health"]
    out.append(Section(
        "health", t("health"),
        [t("col_kiosk"), t("col_host"), t("col_contact"), t("col_version"), t("col_errors"),
         t("col_disk"), t("col_data")],
        [[h["kiosk"], h.get("host") or "–", L.moment(h.get("last_contact"), lang),
          h.get("app_version") or "–", n(h.get("problems")) if "problems" in h else "–",
          L.size(h.get("disk_free_bytes"), lang), L.day(h.get("last_day"), lang)]
         for h in health], note="" if health else t("health_none")))
    out.append(Section(
        "health-content", t("health_details"),
        [t("col_kiosk"), t("col_content"), t("col_last_error")],
        [[h["kiosk"], h.get("content") or "–", h.get("last_problem") or h.get("error") or "–"]
         for h in health], note="" if health else t("health_none")))
    return out


def _head(f: dict[str, Any], lang: str) -> list[str]:
    p = f["period"]
    return [L.t("period", lang, first=L.day(p["first"], lang), last=L.day(p["last"], lang)),
            L.t("source", lang, source=f["source"], files=L.number(f["files"], lang),
                events=L.number(f["events"], lang)),
            L.t("generated", lang, when=f["generated"])]


# --- HTML -------------------------------------------------------------------------------------
CSS = """body{font-family:DejaVu Sans,Arial,sans-serif;margin:2em auto;max-width:60em;color:#1c2b1e}
h1{color:#2e6b3a}h2{color:#2e6b3a;border-bottom:2px solid #2e6b3a;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #c9d3c5;padding:.25em .6em}
th{background:#e8efe5;text-align:left}td.n{text-align:right}p.note{color:#5b6b5e;font-size:.9em}
img{max-width:100%}"""


def to_html(f: dict[str, Any], lang: str) -> str:
    e = html.escape
    parts = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
             f"<title>{e(L.t('title', lang))}</title><style>{CSS}</style></head><body>",
             f"<h1>{e(L.t('title', lang))}</h1>"]
    parts += [f"<p>{e(line)}</p>" for line in _head(f, lang)]
    for s in sections(f, lang):
        parts.append(f'<section id="{s.key}"><h2>{e(s.title)}</h2>')
        if s.chart:
            data = base64.b64encode(charts.png(s.chart, f, lang)).decode()
            parts.append(f'<img alt="{e(s.title)}" src="data:image/png;base64,{data}">')
        if s.rows:
            parts.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in s.headers)
                         + "</tr>")
            for row in s.rows:
                parts.append("<tr>" + "".join(
                    f'<td class="n">{e(c)}</td>' if i else f"<td>{e(c)}</td>"
                    for i, c in enumerate(row)) + "</tr>")
            parts.append("</table>")
        elif not s.note:
            parts.append(f'<p class="note">{e(L.t("none", lang))}</p>')
        if s.note:
            parts.append(f'<p class="note">{e(s.note)}</p>')
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --- PDF --------------------------------------------------------------------------------------
A4 = (8.27, 11.69)
PAGES = [["summary", "per_day"], ["per_territory", "per_territory_year", "per_language"],
         ["per_kiosk", "feedback"], ["modules", "videos"], ["quiz", "per_month"]]


def _draw(fig: Any, top: float, s: Section, f: dict[str, Any], lang: str) -> float:
    """Draw a section from `top` (figure fraction) down; returns where it ended."""
    h_in = A4[1]
    fig.text(0.07, top, s.title, fontsize=13, color="#2e6b3a", weight="bold", va="top")
    top -= 0.35 / h_in
    if s.chart:
        ch = 2.4 / h_in
        left = 0.24 if s.chart in charts.HORIZONTAL else 0.1
        ax = fig.add_axes((left, top - ch, 0.92 - left, ch - 0.2 / h_in))
        charts.CHARTS[s.chart](ax, f, lang)
        ax.set_title("")
        top -= ch + 0.5 / h_in  # room for the tick labels
    rows = s.rows[:MAX_PDF_ROWS]
    if len(s.rows) > MAX_PDF_ROWS:
        rows = rows + [["…"] + [""] * (len(s.headers) - 1)]
    if rows:
        th = 0.22 * (len(rows) + 1) / h_in
        ax = fig.add_axes((0.07, top - th, 0.86, th))
        ax.set_axis_off()
        table = ax.table(cellText=rows, colLabels=s.headers, loc="upper center",
                         cellLoc="left", bbox=(0, 0, 1, 1))
        table.auto_set_font_size(False)
        table.set_fontsize(7 if len(s.headers) > 6 else 8)
        for (r, _c), cell in table.get_celld().items():
            cell.set_edgecolor("#c9d3c5")
            if r == 0:
                cell.set_facecolor("#e8efe5")
        top -= th + 0.1 / h_in
    elif not s.note:
        fig.text(0.07, top, L.t("none", lang), fontsize=8, va="top", color="#5b6b5e")
        top -= 0.25 / h_in
    if s.note:
        fig.text(0.07, top, s.note, fontsize=8, va="top", color="#5b6b5e", wrap=True)
        top -= 0.3 / h_in
    return top - 0.2 / h_in


def to_pdf(f: dict[str, Any], lang: str, out: Path) -> int:
    """Write the PDF to `out`; returns the number of pages."""
    import io

    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    by_key = {s.key: s for s in sections(f, lang)}
    pages = [list(p) for p in PAGES]
    territories = [k for k in by_key if k.startswith("territory-")]
    pages += [territories[i:i + 2] for i in range(0, len(territories), 2)]
    pages += [["health", "health-content"]]
    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": L.t("title", lang), "Creator": "kiosk fleet report"}
                  ) as pdf:
        for i, keys in enumerate(pages):
            fig = Figure(figsize=A4)
            top = 0.95
            if i == 0:
                fig.text(0.07, top, L.t("title", lang), fontsize=15, weight="bold",
                         color="#2e6b3a", va="top", wrap=True)
                top -= 0.5 / A4[1]
                for line in _head(f, lang):
                    fig.text(0.07, top, line, fontsize=8, va="top")
                    top -= 0.2 / A4[1]
                top -= 0.2 / A4[1]
            for key in keys:
                top = _draw(fig, top, by_key[key], f, lang)
            fig.text(0.93, 0.02, f"{i + 1}/{len(pages)}", fontsize=7, ha="right")
            pdf.savefig(fig)
    atomic_write_bytes(out, buf.getvalue())
    return len(pages)


def write(f: dict[str, Any], out: Path, lang: str) -> int:
    """HTML or PDF by `out`'s suffix; returns the pages written (1 for HTML)."""
    out = Path(out)
    if out.suffix.lower() == ".pdf":
        return to_pdf(f, lang, out)
    if out.suffix.lower() in (".html", ".htm"):
        atomic_write_bytes(out, to_html(f, lang).encode("utf-8"))
        return 1
    raise ValueError(f"{out.name}: the report is written as .html or .pdf")

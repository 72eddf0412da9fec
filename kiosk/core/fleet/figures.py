"""Every figure of the fleet report, computed by DuckDB over the kiosks' Parquet files.

Definitions (the same as `kiosk journal stats` on one kiosk):
- a **visit** is a session that started (`session_start`), keyed by kiosk and session id;
  its day, territory and kiosk are those of its start; its **language** is every interface
  language it used (a visit that switched from French to German counts in both);
- **visit length**: `seconds` of `session_end` (idle reset included); the median is exact
  (the mean of the two middle values for an even count, as statistics.median);
- a **module viewed**: a visit that opened the module (a `page_view` of it, or the exhibit
  screen showing it); `pages` counts its page views. The journal has no event that says a
  module was finished, so the report shows no module completion;
- **videos**: plays (`video_play`), plays watched to the end (`completed`), visits, seconds;
- **quiz**: answers and right answers per module and question;
- **feedback faces**: answers 1 (sad) … 5 (happy) of the end-of-visit question, and the mean;
- **episodes promoted and followed**: `promotion_shown` and `promotion_followed` events of an
  episode (their `item` is the episode kind: ozone, heat…); the seasonal emphasis
  (`item` = "season") is counted apart. `episodes_recorded` says whether the journal of this
  version has these kinds at all (a report over older kiosks' files then shows 0 for them).
- **fleet health**, per kiosk, from its last `health/<kiosk>.json`: last contact (`generated`,
  else `pushed`), host name, app and content versions, problems (count and the latest), free
  disk, the last day of journal it holds.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kiosk.core.fleet.source import Layout
from kiosk.core.journal import events
from kiosk.core.settings import TERRITORIES

PROMOTED, FOLLOWED, SEASON = "promotion_shown", "promotion_followed", "season"


def episodes_recorded() -> bool:
    return PROMOTED in events.KINDS and FOLLOWED in events.KINDS


def _connect(files: list[Path]) -> Any:
    import duckdb

    con = duckdb.connect(":memory:")
    listing = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
    # Read once into memory (a few tens of bytes per event): the report asks some forty
    # questions, and opening thousands of small files for each would cost minutes.
    con.execute(f"CREATE TABLE ev AS SELECT *, kiosk || ':' || session AS visit FROM "
                f"read_parquet([{listing}], hive_partitioning = true, union_by_name = true)")
    con.execute("CREATE TABLE visits AS SELECT visit, kiosk, date, territory FROM ev "
                "WHERE kind = 'session_start' AND session IS NOT NULL")
    return con


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cur.fetchall()]


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 3)
    return v


def _one(con: Any, sql: str, params: list[Any] | None = None) -> Any:
    return _plain(con.execute(sql, params or []).fetchone()[0])


def indicators(con: Any, territory: str | None = None) -> dict[str, Any]:
    """The headline figures, for the fleet or one territory (by the visit's territory)."""
    where, p = ("WHERE territory = ?", [territory]) if territory else ("", [])
    and_ = "AND territory = ?" if territory else ""

    def q(sql: str) -> Any:
        return _one(con, sql, p)

    return {
        "visits": q(f"SELECT count(*) FROM visits {where}"),
        "days": q(f"SELECT count(DISTINCT date) FROM visits {where}"),
        "kiosks": q(f"SELECT count(DISTINCT kiosk) FROM visits {where}"),
        "median_visit_seconds": q(
            f"SELECT median(seconds) FROM ev WHERE kind = 'session_end' "
            f"AND seconds IS NOT NULL {and_}"),
        "module_views": q(f"SELECT count(DISTINCT (visit, coalesce(module, item))) FROM ev "
                          f"WHERE (kind = 'page_view' AND module IS NOT NULL OR kind = "
                          f"'screen_view' AND screen = 'exhibit' AND item IS NOT NULL) {and_}"),
        "video_plays": q(f"SELECT count(*) FROM ev WHERE kind = 'video_play' {and_}"),
        "videos_completed": q(f"SELECT count(*) FROM ev WHERE kind = 'video_play' "
                              f"AND completed {and_}"),
        "quiz_answers": q(f"SELECT count(*) FROM ev WHERE kind = 'quiz_answer' {and_}"),
        "quiz_correct": q(f"SELECT count(*) FROM ev WHERE kind = 'quiz_answer' AND correct "
                          f"{and_}"),
        "feedback_answers": q(f"SELECT count(*) FROM ev WHERE kind = 'end_question' "
                              f"AND answer IS NOT NULL {and_}"),
        "feedback_mean": q(f"SELECT avg(answer) FROM ev WHERE kind = 'end_question' {and_}"),
        "episodes_promoted": q(f"SELECT count(*) FROM ev WHERE kind = '{PROMOTED}' "
                               f"AND item IS DISTINCT FROM '{SEASON}' {and_}"),
        "episodes_followed": q(f"SELECT count(*) FROM ev WHERE kind = '{FOLLOWED}' "
                               f"AND item IS DISTINCT FROM '{SEASON}' {and_}"),
        "season_promoted": q(f"SELECT count(*) FROM ev WHERE kind = '{PROMOTED}' "
                             f"AND item = '{SEASON}' {and_}"),
        "season_followed": q(f"SELECT count(*) FROM ev WHERE kind = '{FOLLOWED}' "
                             f"AND item = '{SEASON}' {and_}"),
    }


def _health(layout: Layout) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in layout.health_files():
        try:
            doc = json.loads(path.read_text("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as e:
            out.append({"kiosk": path.stem, "error": f"unreadable health report: {e}"})
            continue
        problems = doc.get("problems") or []
        disk = doc.get("disk") or {}
        content = doc.get("content") or {}
        out.append({
            "kiosk": str(doc.get("kiosk") or path.stem),
            "host": doc.get("host"),
            "last_contact": doc.get("generated") or doc.get("pushed"),
            "app_version": doc.get("app_version"),
            "content": _content_versions(content),
            "problems": len(problems),
            "last_problem": (f"{problems[0].get('source', '')} {problems[0].get('item', '')}: "
                             f"{problems[0].get('message', '')}".strip()
                             if problems and isinstance(problems[0], dict) else None),
            "disk_free_bytes": disk.get("free_bytes"),
            "disk_total_bytes": disk.get("total_bytes"),
            "last_day": (doc.get("journal") or {}).get("last_day"),
        })
    return sorted(out, key=lambda h: h["kiosk"])


def _content_versions(content: Any) -> str:
    """`store.status()` of the kiosk: kind → {id, version…}; shown as `kind id version`."""
    if not isinstance(content, dict):
        return ""
    parts = []
    for kind, v in sorted(content.items()):
        if isinstance(v, dict) and v.get("version"):
            parts.append(f"{kind} {v.get('id', '')} {v['version']}".replace("  ", " "))
    return ", ".join(parts)


def compute(layout: Layout, *, now: float | None = None) -> dict[str, Any]:
    """All the figures of the report (JSON-ready)."""
    files = layout.parquet_files()
    if not files:
        raise FileNotFoundError(f"{layout.origin}: no journal file (kiosk=…/date=…/*.parquet)")
    con = _connect(files)
    try:
        fig: dict[str, Any] = {
            "source": layout.origin,
            "generated": dt.datetime.fromtimestamp(
                now if now is not None else dt.datetime.now(dt.UTC).timestamp(),
                dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": len(files),
            "schema_versions": [r["v"] for r in _rows(
                con, "SELECT DISTINCT schema_version AS v FROM ev ORDER BY 1")],
            "period": _rows(con, "SELECT min(date) AS first, max(date) AS last FROM ev")[0],
            "events": _one(con, "SELECT count(*) FROM ev"),
            "totals": indicators(con),
            "episodes_recorded": episodes_recorded(),
        }
        fig["visits_per_day"] = _rows(con, "SELECT date, count(*) AS visits FROM visits "
                                           "GROUP BY date ORDER BY date")
        fig["visits_per_month"] = _rows(
            con, "SELECT strftime(date, '%Y-%m') AS month, count(*) AS visits FROM visits "
                 "GROUP BY 1 ORDER BY 1")
        fig["visits_per_territory"] = _rows(
            con, "SELECT territory, count(*) AS visits FROM visits GROUP BY 1 ORDER BY 1")
        fig["visits_per_territory_year"] = _rows(
            con, "SELECT territory, year(date) AS year, count(*) AS visits FROM visits "
                 "GROUP BY 1, 2 ORDER BY 1, 2")
        fig["visits_per_language"] = _rows(
            con, "SELECT language, count(DISTINCT visit) AS visits FROM ev WHERE visit IN "
                 "(SELECT visit FROM visits) GROUP BY 1 ORDER BY 2 DESC, 1")
        fig["visits_per_kiosk"] = _rows(
            con, "SELECT kiosk, count(*) AS visits, string_agg(DISTINCT territory, ', ' "
                 "ORDER BY territory) AS territories, min(date) AS first_day, "
                 "max(date) AS last_day FROM visits GROUP BY 1 ORDER BY 1")
        fig["modules"] = _rows(
            con, "SELECT coalesce(module, item) AS module, count(DISTINCT visit) AS visits, "
                 "count(*) FILTER (WHERE kind = 'page_view') AS pages FROM ev "
                 "WHERE kind = 'page_view' AND module IS NOT NULL OR kind = 'screen_view' "
                 "AND screen = 'exhibit' AND item IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
        fig["videos"] = _rows(
            con, "SELECT video, count(*) AS plays, count(*) FILTER (WHERE completed) AS "
                 "completed, count(DISTINCT visit) AS visits, coalesce(sum(seconds), 0) AS "
                 "seconds FROM ev WHERE kind = 'video_play' AND video IS NOT NULL "
                 "GROUP BY 1 ORDER BY 2 DESC, 1")
        fig["quiz"] = _rows(
            con, "SELECT module, question, count(*) AS answers, count(*) FILTER (WHERE "
                 "correct) AS correct FROM ev WHERE kind = 'quiz_answer' GROUP BY 1, 2 "
                 "ORDER BY 1, 2")
        faces = _rows(con, "SELECT question, answer, count(*) AS n FROM ev WHERE kind = "
                           "'end_question' AND answer IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
        fig["feedback"] = _faces(faces)
        fig["territories"] = {t: indicators(con, t) for t in TERRITORIES
                              if _one(con, "SELECT count(*) FROM ev WHERE territory = ?", [t])}
    finally:
        con.close()
    fig["health"] = _health(layout)
    return fig


def _faces(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        q = out.setdefault(r["question"] or "", {"question": r["question"] or "", "answers": 0,
                                                 "faces": {str(k): 0 for k in range(1, 6)},
                                                 "_sum": 0})
        q["answers"] += r["n"]
        q["faces"][str(r["answer"])] = r["n"]
        q["_sum"] += r["answer"] * r["n"]
    for q in out.values():
        q["mean"] = round(q.pop("_sum") / q["answers"], 3)
    return list(out.values())

"""Journal statistics for the facilitator panel and `kiosk journal stats` (JSON-ready dict).

- `visits_per_day`: visitor sessions started per local day (the kiosk's zone)
- `median_session_seconds`: median length of the sessions that ended (idle reset included)
- `top_modules`: exhibit modules by number of sessions that opened them, with time spent
- `top_videos`: videos by plays, with seconds watched and plays watched to the end
- `languages`: sessions that used each interface language (a session may count in two; the
  default language a visit was started in counts only when the visit stayed in it)
- `territories`: sessions per territory (AMP, NCA, TPM)
- `quiz`: answers and success rate per module and question, and overall
- `end_question`: answers of the end-of-visit question, 1 to 5, per question
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.core.journal.export import DEFAULT_TZ, day_start, open_readonly


def _rate(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def compute(db_path: Path, *, since: dt.date | None = None, tz: str = DEFAULT_TZ,
            top: int = 10) -> dict[str, Any]:
    """The statistics of a journal; all zero for a kiosk that has not written one yet (the
    file is not created: this only reads)."""
    if not db_path.exists():
        return empty(tz=tz, top=top)
    conn = open_readonly(db_path)
    try:
        return compute_on(conn, since=day_start(since, tz) if since else None, tz=tz, top=top)
    finally:
        conn.close()


def empty(*, tz: str = DEFAULT_TZ, top: int = 10) -> dict[str, Any]:
    """The statistics of a journal without events, from the journal's own schema."""
    from kiosk.core.journal.writer import MIGRATIONS

    conn = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS:
            conn.executescript(step)
        return compute_on(conn, tz=tz, top=top)
    finally:
        conn.close()


def compute_on(conn: sqlite3.Connection, *, since: float | None = None,
               tz: str = DEFAULT_TZ, top: int = 10) -> dict[str, Any]:
    where, args = ("WHERE time >= ?", [since]) if since is not None else ("", [])
    and_ = "AND time >= ?" if since is not None else ""

    def q(sql: str, extra: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return conn.execute(sql, [*(extra or []), *args]).fetchall()

    zone = ZoneInfo(tz)
    (events, sessions) = conn.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT session) FROM events {where}", args).fetchone()
    per_day: dict[str, int] = {}
    for (t,) in q(f"SELECT time FROM events WHERE kind = 'session_start' {and_}"):
        day = dt.datetime.fromtimestamp(t, zone).date().isoformat()
        per_day[day] = per_day.get(day, 0) + 1
    lengths = [s for (s,) in q(
        f"SELECT seconds FROM events WHERE kind = 'session_end' AND seconds IS NOT NULL {and_}")]
    modules = conn.execute(
        "SELECT m, COUNT(DISTINCT session), SUM(secs) FROM ("
        " SELECT item AS m, session, seconds AS secs, time FROM events"
        "  WHERE kind = 'screen_view' AND screen = 'exhibit' AND item IS NOT NULL"
        " UNION ALL"
        " SELECT module AS m, session, 0 AS secs, time FROM events"
        "  WHERE kind = 'page_view' AND module IS NOT NULL"
        f") {where} GROUP BY m ORDER BY 2 DESC, 1 LIMIT ?", [*args, top]).fetchall()
    videos = q(
        "SELECT video, COUNT(*), COALESCE(SUM(seconds), 0), COALESCE(SUM(completed), 0)"
        f" FROM events WHERE kind = 'video_play' AND video IS NOT NULL {and_}"
        " GROUP BY video ORDER BY 2 DESC, 1")[:top]
    # The languages a visit used: those of its events once it started. Its session_start is
    # written in the language the kiosk was in when touched (the default, before any choice)
    # and counts only for a visit that left nothing else.
    languages = q(
        "SELECT language, COUNT(DISTINCT session) FROM events e"
        " WHERE session IS NOT NULL AND (kind != 'session_start' OR NOT EXISTS ("
        "  SELECT 1 FROM events o WHERE o.session = e.session AND o.kind != 'session_start'))"
        f" {and_} GROUP BY language ORDER BY 2 DESC, 1")
    territories = q(
        "SELECT territory, COUNT(DISTINCT session) FROM events"
        f" WHERE session IS NOT NULL {and_} GROUP BY territory ORDER BY 2 DESC, 1")
    quiz_rows = q(
        "SELECT module, question, COUNT(*), COALESCE(SUM(correct), 0) FROM events"
        f" WHERE kind = 'quiz_answer' {and_} GROUP BY module, question ORDER BY 1, 2")
    answers = q(
        "SELECT question, answer, COUNT(*) FROM events"
        f" WHERE kind = 'end_question' AND answer IS NOT NULL {and_}"
        " GROUP BY question, answer ORDER BY 1, 2")
    screens = q(
        "SELECT screen, COUNT(*), COALESCE(SUM(seconds), 0) FROM events"
        f" WHERE kind = 'screen_view' AND screen IS NOT NULL {and_}"
        " GROUP BY screen ORDER BY 2 DESC, 1")

    quiz_total = sum(r[2] for r in quiz_rows)
    quiz_right = sum(r[3] for r in quiz_rows)
    end_q: dict[str, dict[str, Any]] = {}
    for question, answer, n in answers:
        entry = end_q.setdefault(question or "", {"answers": 0,
                                                  "distribution": {str(k): 0 for k in range(1, 6)},
                                                  "_sum": 0})
        entry["answers"] += n
        entry["distribution"][str(answer)] = n
        entry["_sum"] += answer * n
    for entry in end_q.values():
        entry["mean"] = round(entry.pop("_sum") / entry["answers"], 3)
    return {
        "events": events,
        "sessions": sessions,
        "visits_per_day": [{"day": d, "visits": n} for d, n in sorted(per_day.items())],
        "median_session_seconds": round(statistics.median(lengths), 1) if lengths else None,
        "top_modules": [{"module": m, "sessions": n, "seconds": round(s or 0, 1)}
                        for m, n, s in modules],
        "top_videos": [{"video": v, "plays": n, "seconds_watched": round(s, 1),
                        "completed": int(c)} for v, n, s, c in videos],
        "languages": [{"language": lang, "sessions": n} for lang, n in languages],
        "territories": [{"territory": t, "sessions": n} for t, n in territories],
        "screens": [{"screen": s, "views": n, "seconds": round(secs, 1)}
                    for s, n, secs in screens],
        "quiz": {
            "answers": quiz_total,
            "correct": quiz_right,
            "success_rate": _rate(quiz_right, quiz_total),
            "questions": [{"module": m, "question": qn, "answers": n, "correct": int(c),
                           "success_rate": _rate(int(c), n)} for m, qn, n, c in quiz_rows],
        },
        "end_question": end_q,
    }

"""Three simulated kiosks with scripted visits, and the figures those visits must give.

`SCRIPT` is the fleet: kiosk → visits. Each Visit says what the visitor did; `write_journal`
writes it through the real JournalWriter, as the kiosk's journal bridge would (a start, the
language switches, the modules with their pages, the videos, the quiz answers, the
end-of-visit face, the end), and `expected()` counts the same visits in plain Python, so the
report's figures are checked against the script and not against themselves.

    python -m tests.helpers.fleet OUT_DIR   # the sample report (pages as PNG) for docs/
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.core.journal.writer import JournalWriter
from kiosk.core.paths import resolve

ZONE = ZoneInfo("Europe/Paris")
START = dt.date(2026, 11, 16)  # a Monday; four days of visits
DAYS = 4


@dataclass(frozen=True)
class Visit:
    day: int
    minute: int  # after 10:00 local time
    territory: str
    languages: tuple[str, ...]  # the first, then each switch
    seconds: float
    modules: tuple[tuple[str, int], ...] = ()  # (module, pages viewed)
    videos: tuple[tuple[str, float, bool], ...] = ()  # (video, seconds, completed)
    quiz: tuple[tuple[str, str, bool], ...] = ()  # (module, question, correct)
    face: int | None = None  # end-of-visit answer 1-5
    promotions: tuple[tuple[str, bool], ...] = ()  # (episode kind or "season", followed)

    @property
    def date(self) -> str:
        return (START + dt.timedelta(days=self.day)).isoformat()


MODULES = ("ilot-de-chaleur", "arbres-en-ville", "qualite-air", "eau-et-sols")
VIDEOS = ("corridors", "canopee", "mooc-s3")
QUESTIONS = {"ilot-de-chaleur": ("q1", "q2"), "arbres-en-ville": ("q1",),
             "qualite-air": ("q1", "q2", "q3"), "eau-et-sols": ("q1",)}


def _script() -> dict[str, list[Visit]]:
    rnd = random.Random(17)
    plan = {"kaaa000000001": ["AMP"] * DAYS, "kbbb000000002": ["NCA"] * DAYS,
            "kccc000000003": ["TPM", "TPM", "AMP", "AMP"]}  # the third tours to AMP
    out: dict[str, list[Visit]] = {}
    for k, (kiosk, territories) in enumerate(plan.items()):
        visits = []
        for day, territory in enumerate(territories):
            for i in range(3 + (day + k) % 4):
                langs = (rnd.choice(("fr", "fr", "fr", "en", "it", "de", "es")),)
                if rnd.random() < 0.2:
                    langs += (rnd.choice(("en", "de")),)
                mods = tuple((m, rnd.randint(1, 5)) for m in rnd.sample(MODULES,
                                                                        rnd.randint(0, 3)))
                vids = tuple((v, float(rnd.randint(5, 180)), rnd.random() < 0.5)
                             for v in rnd.sample(VIDEOS, rnd.randint(0, 2)))
                quiz = tuple((m, q, rnd.random() < 0.6) for m, _p in mods
                             for q in QUESTIONS[m] if rnd.random() < 0.7)
                face = rnd.choice((None, 1, 2, 3, 4, 4, 5, 5))
                promos = tuple((rnd.choice(("ozone", "heat", "season", "season")),
                                rnd.random() < 0.4) for _ in range(rnd.randint(0, 2)))
                visits.append(Visit(day, 17 * i + k, territory, langs,
                                    rnd.randint(20, 600) + rnd.choice((0.0, 0.5)),
                                    mods, vids, quiz, face, promos))
        out[kiosk] = visits
    return out


SCRIPT = _script()


def _events(v: Visit) -> list[tuple[str, dict, str]]:
    """(kind, fields, language) of one visit, in the order the kiosk records them."""
    lang = v.languages[0]
    out: list[tuple[str, dict, str]] = [("session_start", {}, lang)]
    for item, followed in v.promotions:
        module = "qualite-air" if item == "ozone" else "ilot-de-chaleur"
        out.append(("promotion_shown", {"screen": "home", "module": module, "item": item}, lang))
        if followed:
            out.append(("promotion_followed", {"screen": "home", "module": module,
                                               "item": item}, lang))
    for new in v.languages[1:]:
        out.append(("language_switch", {"from_language": lang}, new))
        lang = new
    for m, pages in v.modules:
        out.append(("screen_view", {"screen": "exhibit", "item": m, "seconds": 8.0}, lang))
        out += [("page_view", {"module": m, "page": p, "seconds": 4.0}, lang)
                for p in range(pages)]
    out += [("video_play", {"video": video, "seconds": secs, "completed": done}, lang)
            for video, secs, done in v.videos]
    out += [("quiz_answer", {"module": m, "question": q, "correct": right}, lang)
            for m, q, right in v.quiz]
    if v.face is not None:
        out.append(("end_question", {"question": "learned", "answer": v.face}, lang))
    out.append(("session_end", {"seconds": v.seconds}, lang))
    return out


def write_journal(data: Path, visits: list[Visit], kiosk_no: int) -> None:
    """The visits into `<data>/journal.db`, with a few events outside any visit."""
    w = JournalWriter(Path(data) / "journal.db").start()
    for i, v in enumerate(visits):
        s = f"{kiosk_no:02x}{i:014x}"
        at = dt.datetime.combine(START + dt.timedelta(days=v.day), dt.time(10),
                                 tzinfo=ZONE).timestamp() + v.minute * 60
        for n, (kind, fields, lang) in enumerate(_events(v)):
            w.log(kind, fields, session=s, territory=v.territory, language=lang, at=at + n)
        # The attract loop between visits: no session, never a visit.
        w.log("screen_view", {"screen": "attract", "seconds": 30.0}, session=None,
              territory=v.territory, language="fr", at=at + 100)
    w.close()


def _ind(visits: list[Visit]) -> dict:
    quiz = [q for v in visits for q in v.quiz]
    faces = [v.face for v in visits if v.face is not None]
    vids = [x for v in visits for x in v.videos]
    return {
        "visits": len(visits),
        "days": len({v.date for v in visits}),
        "kiosks": len({k for k, vs in SCRIPT.items() for v in vs if v in visits}),
        "median_visit_seconds": round(statistics.median(v.seconds for v in visits), 3)
        if visits else None,
        "module_views": sum(len({m for m, _p in v.modules}) for v in visits),
        "video_plays": len(vids),
        "videos_completed": sum(1 for x in vids if x[2]),
        "quiz_answers": len(quiz),
        "quiz_correct": sum(1 for q in quiz if q[2]),
        "feedback_answers": len(faces),
        "feedback_mean": round(statistics.mean(faces), 3) if faces else None,
        "episodes_promoted": sum(1 for v in visits for i, _f in v.promotions if i != "season"),
        "episodes_followed": sum(1 for v in visits for i, f in v.promotions
                                 if f and i != "season"),
        "season_promoted": sum(1 for v in visits for i, _f in v.promotions if i == "season"),
        "season_followed": sum(1 for v in visits for i, f in v.promotions
                               if f and i == "season"),
    }


def expected() -> dict:
    """The report's figures, counted from SCRIPT."""
    all_visits = [(k, v) for k, vs in SCRIPT.items() for v in vs]
    only = [v for _k, v in all_visits]
    per_lang = Counter(lang for v in only for lang in set(v.languages))
    modules: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    videos: dict[str, list[float]] = defaultdict(lambda: [0, 0, set(), 0.0])
    quiz: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for k, v in all_visits:
        for m, pages in v.modules:
            modules[m][0] += 1
            modules[m][1] += pages
        for video, secs, done in v.videos:
            e = videos[video]
            e[0] += 1
            e[1] += int(done)
            e[2].add((k, id(v)))
            e[3] += secs
        for m, q, right in v.quiz:
            quiz[(m, q)][0] += 1
            quiz[(m, q)][1] += int(right)
    faces = Counter(v.face for v in only if v.face is not None)
    territories = sorted({v.territory for v in only})
    return {
        "totals": _ind(only),
        "visits_per_day": [{"date": d, "visits": n}
                           for d, n in sorted(Counter(v.date for v in only).items())],
        "visits_per_territory": [{"territory": t, "visits": n}
                                 for t, n in sorted(Counter(v.territory for v in only).items())],
        "visits_per_language": sorted(({"language": lang, "visits": n}
                                       for lang, n in per_lang.items()),
                                      key=lambda r: (-r["visits"], r["language"])),
        "visits_per_kiosk": [{"kiosk": k, "visits": len(vs),
                              "territories": ", ".join(sorted({v.territory for v in vs})),
                              "first_day": min(v.date for v in vs),
                              "last_day": max(v.date for v in vs)}
                             for k, vs in sorted(SCRIPT.items())],
        "modules": sorted(({"module": m, "visits": a, "pages": p}
                           for m, (a, p) in modules.items()),
                          key=lambda r: (-r["visits"], r["module"])),
        "videos": sorted(({"video": name, "plays": e[0], "completed": e[1],
                           "visits": len(e[2]), "seconds": round(e[3], 3)}
                          for name, e in videos.items()),
                         key=lambda r: (-r["plays"], r["video"])),
        "quiz": [{"module": m, "question": q, "answers": a, "correct": c}
                 for (m, q), (a, c) in sorted(quiz.items())],
        "feedback": [{"question": "learned", "answers": sum(faces.values()),
                      "faces": {str(i): faces.get(i, 0) for i in range(1, 6)},
                      "mean": round(sum(k * n for k, n in faces.items())
                                    / sum(faces.values()), 3)}] if faces else [],
        "territories": {t: _ind([v for v in only if v.territory == t]) for t in territories},
    }


def build(root: Path) -> list[Path]:
    """A data dir per kiosk under `root`, with its kiosk id and journal; returns them."""
    dirs = []
    for n, (kiosk, visits) in enumerate(SCRIPT.items(), start=1):
        data = Path(root) / kiosk
        data.mkdir(parents=True, exist_ok=True)
        resolve(data).kiosk_id_file.write_text(kiosk + "\n")
        write_journal(data, visits, n)
        dirs.append(data)
    return dirs


def sample_report(out_dir: Path) -> list[Path]:
    """The sample report of docs/: the three kiosks push to a real nginx, the report is
    read from its URL, written as PDF (French and English) and its pages as PNG."""
    import json
    import shutil
    import subprocess
    import tempfile

    from kiosk import cli
    from kiosk.core import settings as settings_mod
    from tests.helpers.nginx import Nginx

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = []
    with tempfile.TemporaryDirectory() as tmp:
        server = Nginx(Path(tmp) / "nginx")
        try:
            for data in build(Path(tmp) / "kiosks"):
                s = settings_mod.default_settings()
                s.collect.url = server.url("/fleet/")
                settings_mod.save(s, data / "settings.toml")
                assert cli.main(["journal", "push", "--data-dir", str(data)]) == 0
            for lang in ("fr", "en"):
                pdf = Path(tmp) / f"report-{lang}.pdf"
                assert cli.main(["fleet", "report", server.url("/fleet/"), str(pdf),
                                 "--lang", lang, "--json", str(out_dir / "figures.json")]) == 0
                shutil.copy(pdf, out_dir / pdf.name)
                subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf),
                                str(out_dir / f"page-{lang}")], check=True)
            pngs = sorted(out_dir.glob("page-*.png"))
            figs = json.loads((out_dir / "figures.json").read_text())
            figs["generated"] = figs["source"] = "sample"
            (out_dir / "figures.json").write_text(json.dumps(figs, indent=1) + "\n")
        finally:
            server.stop()
    return pngs


if __name__ == "__main__":
    import sys

    for p in sample_report(Path(sys.argv[1])):
        print(p)

"""Make the sample MOOC clips shipped in media/: title cards and the exhibition's diagrams,
with the narration as WebVTT subtitles in five languages, and write media/videos.toml.

    .venv/bin/python packaging/media/make_sample_videos.py [--out media]

Frames are drawn with Qt offscreen (the exhibition's own SVG diagrams) and encoded by the
ffmpeg that imageio-ffmpeg bundles: H.264 (libx264), yuv420p, no audio, a keyframe every two
seconds so that seeking is quick, `+faststart` so that the index comes first. Real MOOC videos
replace these through content bundles.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("fr", "en", "es", "it", "de")
W, H, FPS = 640, 360, 12
FADE = 0.5  # seconds of cross-fade between scenes


@dataclass
class Scene:
    start: float
    end: float
    svg: str | None = None  # a diagram of exhibits/, or a title card when None
    card: str = ""  # the title card's text (French, the source language)


@dataclass
class Clip:
    id: str
    title: dict[str, str]
    summary: dict[str, str]
    scenes: list[Scene]
    chapters: list[tuple[float, dict[str, str]]]
    cues: list[tuple[float, float, dict[str, str]]]

    @property
    def duration(self) -> float:
        return self.scenes[-1].end


def t(fr: str, en: str, es: str, it: str, de: str) -> dict[str, str]:
    return dict(fr=fr, en=en, es=es, it=it, de=de)


CLIPS = [
    Clip(
        "heat-island",
        t("L'îlot de chaleur urbain", "The urban heat island", "La isla de calor urbana",
          "L'isola di calore urbana", "Die städtische Wärmeinsel"),
        t("Pourquoi la ville reste chaude la nuit, et ce qui la rafraîchit.",
          "Why the city stays hot at night, and what cools it.",
          "Por qué la ciudad sigue caliente de noche y qué la refresca.",
          "Perché la città resta calda di notte e che cosa la rinfresca.",
          "Warum die Stadt nachts heiß bleibt und was sie kühlt."),
        [Scene(0, 6, card="L'îlot de chaleur urbain"),
         Scene(6, 16, svg="heat-island/night-profile.svg"),
         Scene(16, 24, svg="green-blue-infrastructure/city-section.svg")],
        [(0.0, t("Introduction", "Introduction", "Introducción", "Introduzione", "Einleitung")),
         (6.0, t("La nuit, la ville reste chaude", "At night, the city stays hot",
                 "De noche, la ciudad sigue caliente", "Di notte la città resta calda",
                 "Nachts bleibt die Stadt heiß")),
         (16.0, t("Ce qui rafraîchit", "What cools", "Lo que refresca", "Che cosa rinfresca",
                  "Was kühlt"))],
        [(0.5, 5.5, t("En été, la ville garde la chaleur du jour.",
                      "In summer, the city holds on to the day's heat.",
                      "En verano, la ciudad guarda el calor del día.",
                      "D'estate la città trattiene il calore del giorno.",
                      "Im Sommer hält die Stadt die Hitze des Tages fest.")),
         (6.0, 10.8, t("La nuit, le centre-ville reste plus chaud que la campagne voisine.",
                       "At night, the city centre stays warmer than the nearby countryside.",
                       "De noche, el centro sigue más caliente que el campo cercano.",
                       "Di notte il centro resta più caldo della campagna vicina.",
                       "Nachts bleibt die Innenstadt wärmer als das Umland.")),
         (11.0, 15.8, t("Au-dessus d'un parc, la température redescend.",
                        "Over a park, the temperature drops again.",
                        "Sobre un parque, la temperatura vuelve a bajar.",
                        "Sopra un parco la temperatura scende di nuovo.",
                        "Über einem Park sinkt die Temperatur wieder.")),
         (16.0, 19.8, t("Arbres, eau et sols vivants rafraîchissent la rue.",
                        "Trees, water and living soil cool the street.",
                        "Árboles, agua y suelos vivos refrescan la calle.",
                        "Alberi, acqua e suoli vivi rinfrescano la strada.",
                        "Bäume, Wasser und lebendiger Boden kühlen die Straße.")),
         (20.0, 23.6, t("Planter et désimperméabiliser : deux gestes qui rafraîchissent.",
                        "Planting and unsealing the ground: two actions that cool.",
                        "Plantar y desimpermeabilizar: dos gestos que refrescan.",
                        "Piantare e togliere l'asfalto: due gesti che rinfrescano.",
                        "Pflanzen und entsiegeln: zwei Maßnahmen, die kühlen."))],
    ),
    Clip(
        "rain-and-soil",
        t("Où va la pluie ?", "Where does the rain go?", "¿Adónde va la lluvia?",
          "Dove va la pioggia?", "Wohin geht der Regen?"),
        t("Sol naturel et sol imperméable sous la même averse.",
          "Natural and sealed ground under the same shower.",
          "Suelo natural y suelo impermeable bajo el mismo chaparrón.",
          "Suolo naturale e suolo impermeabile sotto lo stesso acquazzone.",
          "Natürlicher und versiegelter Boden im selben Schauer."),
        [Scene(0, 5, card="Où va la pluie ?"),
         Scene(5, 20, svg="water-in-the-city/runoff.svg")],
        [(0.0, t("Introduction", "Introduction", "Introducción", "Introduzione", "Einleitung")),
         (5.0, t("Sol naturel, sol imperméable", "Natural ground, sealed ground",
                 "Suelo natural, suelo impermeable", "Suolo naturale, suolo impermeabile",
                 "Natürlicher Boden, versiegelter Boden"))],
        [(0.5, 4.8, t("Que devient la pluie qui tombe sur la ville ?",
                      "What becomes of the rain that falls on the city?",
                      "¿Qué pasa con la lluvia que cae sobre la ciudad?",
                      "Che fine fa la pioggia che cade sulla città?",
                      "Was wird aus dem Regen, der auf die Stadt fällt?")),
         (5.0, 9.8, t("Sur un sol naturel, la moitié de l'eau s'infiltre.",
                      "On natural ground, half of the water soaks in.",
                      "En un suelo natural, la mitad del agua se infiltra.",
                      "Su un suolo naturale metà dell'acqua si infiltra.",
                      "Auf natürlichem Boden versickert die Hälfte des Wassers.")),
         (10.0, 14.8, t("Sur un sol imperméable, plus de la moitié ruisselle vers les égouts.",
                        "On sealed ground, more than half runs off to the sewers.",
                        "En un suelo impermeable, más de la mitad escurre hacia las alcantarillas.",
                        "Su un suolo impermeabile più di metà scorre verso le fogne.",
                        "Auf versiegeltem Boden fließt mehr als die Hälfte in die Kanalisation.")),
         (15.0, 19.6, t("Un sol perméable limite les inondations et rafraîchit après l'averse.",
                        "Permeable ground limits floods and cools after the shower.",
                        "Un suelo permeable limita las inundaciones y refresca tras el chaparrón.",
                        "Un suolo permeabile limita le alluvioni e rinfresca dopo l'acquazzone.",
                        "Durchlässiger Boden mindert Hochwasser und kühlt nach dem Schauer."))],
    ),
    Clip(
        "corridors",
        t("Les corridors écologiques", "Ecological corridors", "Los corredores ecológicos",
          "I corridoi ecologici", "Ökologische Korridore"),
        t("Relier les espaces naturels, et les observer depuis les sentiers.",
          "Linking natural spaces, and watching them from the trails.",
          "Conectar los espacios naturales y observarlos desde los senderos.",
          "Collegare gli spazi naturali e osservarli dai sentieri.",
          "Naturräume verbinden und sie von den Wegen aus beobachten."),
        [Scene(0, 5, card="Les corridors écologiques"),
         Scene(5, 13, svg="biodiversity-corridors/network.svg"),
         Scene(13, 20, svg="sites-and-trails/trails.svg")],
        [(0.0, t("Introduction", "Introduction", "Introducción", "Introduzione", "Einleitung")),
         (5.0, t("Réservoirs et corridors", "Reservoirs and corridors", "Reservas y corredores",
                 "Serbatoi e corridoi", "Kerngebiete und Korridore")),
         (13.0, t("Sur les sentiers", "On the trails", "En los senderos", "Sui sentieri",
                  "Auf den Wegen"))],
        [(0.5, 4.8, t("Les animaux et les plantes ont besoin de circuler.",
                      "Animals and plants need to move.",
                      "Los animales y las plantas necesitan desplazarse.",
                      "Animali e piante hanno bisogno di spostarsi.",
                      "Tiere und Pflanzen müssen wandern können.")),
         (5.0, 8.8, t("Des réservoirs de biodiversité, reliés par des corridors.",
                      "Biodiversity reservoirs, linked by corridors.",
                      "Reservas de biodiversidad, conectadas por corredores.",
                      "Serbatoi di biodiversità, collegati da corridoi.",
                      "Kerngebiete der Biodiversität, durch Korridore verbunden.")),
         (9.0, 12.8, t("Haies, rivières et jardins voisins forment ces passages.",
                       "Hedges, rivers and neighbouring gardens make these passages.",
                       "Setos, ríos y jardines vecinos forman estos pasos.",
                       "Siepi, fiumi e giardini vicini formano questi passaggi.",
                       "Hecken, Flüsse und benachbarte Gärten bilden diese Wege.")),
         (13.0, 16.8, t("Sur les sentiers de la métropole, observez ce vivant.",
                        "On the metropolis's trails, watch this wildlife.",
                        "En los senderos de la metrópoli, observe esta vida.",
                        "Sui sentieri della metropoli, osservate questa natura.",
                        "Beobachten Sie diese Natur auf den Wegen der Metropole.")),
         (17.0, 19.6, t("Et notez vos observations pour les scientifiques.",
                        "And record what you see for scientists.",
                        "Y anote sus observaciones para los científicos.",
                        "E segnalate le vostre osservazioni agli scienziati.",
                        "Und melden Sie Ihre Beobachtungen der Wissenschaft."))],
    ),
]


def vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def write_vtt(clip: Clip, lang: str, path: Path) -> None:
    lines = ["WEBVTT", ""]
    for n, (start, end, text) in enumerate(clip.cues, 1):
        lines += [str(n), f"{vtt_time(start)} --> {vtt_time(end)}", text[lang], ""]
    path.write_text("\n".join(lines), "utf-8")


class Painter:
    """Draws the frames of a clip with Qt (offscreen)."""

    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        self.app = QGuiApplication.instance() or QGuiApplication([])
        self._svgs: dict[str, object] = {}

    def scene_image(self, scene: Scene, w: int = W, h: int = H):
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor, QFont, QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer

        img = QImage(w, h, QImage.Format.Format_RGB888)
        img.fill(QColor("#2e6b3a" if scene.svg is None else "#f4f1e8"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if scene.svg is None:
            font = QFont("DejaVu Sans")
            font.setPixelSize(round(h * 0.11))
            font.setBold(True)
            p.setFont(font)
            p.setPen(QColor("#ffffff"))
            p.drawText(QRectF(w * 0.08, h * 0.2, w * 0.84, h * 0.45),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, scene.card)
            font.setPixelSize(round(h * 0.05))
            font.setBold(False)
            p.setFont(font)
            p.setPen(QColor("#e8efe3"))
            p.drawText(QRectF(0, h * 0.7, w, h * 0.1), Qt.AlignmentFlag.AlignCenter,
                       "Nature en ville · MOOC")
        else:
            renderer = self._svgs.get(scene.svg)
            if renderer is None:
                renderer = self._svgs[scene.svg] = QSvgRenderer(
                    str(ROOT / "exhibits" / scene.svg))
            size = renderer.defaultSize()
            box = QRectF(w * 0.05, h * 0.04, w * 0.9, h * 0.74)
            scale = min(box.width() / size.width(), box.height() / size.height())
            dw, dh = size.width() * scale, size.height() * scale
            renderer.render(p, QRectF((w - dw) / 2, box.top(), dw, dh))
        p.end()
        return img

    def frames(self, clip: Clip):
        """Yield each frame as RGB bytes: scenes cross-fade, a progress line runs at the top."""
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor, QImage, QPainter

        images = [self.scene_image(s) for s in clip.scenes]
        total = round(clip.duration * FPS)
        for i in range(total):
            now = i / FPS
            k = next(n for n, s in enumerate(clip.scenes) if now < s.end or s is clip.scenes[-1])
            frame = QImage(W, H, QImage.Format.Format_RGB888)
            scene = clip.scenes[k]
            p = QPainter(frame)
            p.drawImage(0, 0, images[k])
            if k > 0 and now - scene.start < FADE:
                p.setOpacity(1 - (now - scene.start) / FADE)
                p.drawImage(0, 0, images[k - 1])
                p.setOpacity(1)
            p.fillRect(QRectF(0, 0, W * (i + 1) / total, 6), QColor("#f2b705"))
            p.end()
            yield bytes(frame.constBits())[: W * H * 3]


def encode(clip: Clip, painter: Painter, out: Path) -> None:
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{W}x{H}", "-r", str(FPS), "-i", "-",
           "-c:v", "libx264", "-profile:v", "main", "-pix_fmt", "yuv420p", "-preset", "slow",
           "-crf", "27", "-g", str(FPS * 2), "-movflags", "+faststart", "-an", str(out)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for frame in painter.frames(clip):
        proc.stdin.write(frame)
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit(f"ffmpeg failed on {clip.id}")


def toml_text(d: dict[str, str]) -> str:
    import json

    items = (f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in d.items())
    return "{ " + ", ".join(items) + " }"


def write_catalog(out: Path) -> None:
    lines = ["# The sample MOOC clips, made by packaging/media/make_sample_videos.py (do not edit:",
             "# edit the script and run it again). Real MOOC videos arrive as content bundles.", ""]
    for clip in CLIPS:
        lines += ["[[videos]]", f'id = "{clip.id}"', f'file = "videos/{clip.id}.mp4"',
                  f'poster = "videos/{clip.id}.png"', f"duration = {clip.duration:.1f}",
                  f"title = {toml_text(clip.title)}", f"summary = {toml_text(clip.summary)}",
                  "subtitles = { " + ", ".join(
                      f'{lang} = "subtitles/{clip.id}.{lang}.vtt"' for lang in LANGS) + " }"]
        for start, title in clip.chapters:
            lines += ["", "[[videos.chapters]]", f"start = {start:.1f}",
                      f"title = {toml_text(title)}"]
        lines.append("")
    (out / "videos.toml").write_text("\n".join(lines), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "media")
    args = parser.parse_args(argv)
    out: Path = args.out
    (out / "videos").mkdir(parents=True, exist_ok=True)
    (out / "subtitles").mkdir(parents=True, exist_ok=True)
    painter = Painter()
    for clip in CLIPS:
        mp4 = out / "videos" / f"{clip.id}.mp4"
        encode(clip, painter, mp4)
        poster = painter.scene_image(clip.scenes[1] if len(clip.scenes) > 1 else clip.scenes[0],
                                     480, 270)
        poster.save(str(out / "videos" / f"{clip.id}.png"))
        for lang in LANGS:
            write_vtt(clip, lang, out / "subtitles" / f"{clip.id}.{lang}.vtt")
        print(f"{mp4.relative_to(out)}: {mp4.stat().st_size // 1024} KB, {clip.duration:.0f} s")
    write_catalog(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

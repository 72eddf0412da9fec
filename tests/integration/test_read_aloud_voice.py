"""Real speech: what read-aloud says on a real screen, in each of the five languages, is
rendered to a WAV file by espeak-ng (the voices speech-dispatcher uses on the kiosk) and
measured with sox: it must be long enough and not silence. Speech-dispatcher itself needs a
sound device to play, so where it runs, its voices are checked as well."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

pytestmark = [pytest.mark.gui, pytest.mark.integration]
LANGUAGES = ("fr", "en", "es", "it", "de")
needs_espeak = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")),
                                  reason="espeak-ng and sox are not installed "
                                         "(packaging/dev.sh installs them)")


def stat(wav) -> dict[str, float]:
    """sox's `stat` figures of a sound file (it prints them on stderr)."""
    out = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True,
                         timeout=30, check=True).stderr
    figures = {}
    for line in out.splitlines():
        m = re.match(r"\s*([A-Za-z ]+?)(?:\s*\(seconds\))?:\s+(-?[0-9.]+)", line)
        if m:
            figures[" ".join(m.group(1).split())] = float(m.group(2))
    return figures


def render(text: str, lang: str, wav) -> dict[str, float]:
    subprocess.run(["espeak-ng", "-v", lang, "-w", str(wav), text], check=True, timeout=60,
                   capture_output=True)
    return stat(wav)


@needs_espeak
def test_silence_measures_as_silence(tmp_path):
    """The measure can fail: a text with nothing to say renders as (almost) nothing."""
    figures = render(" ", "fr", tmp_path / "silence.wav")
    assert figures.get("RMS amplitude", 0.0) < 0.005
    assert figures.get("Length", 0.0) < 0.5


@needs_espeak
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_screen_read_aloud_is_real_speech(kiosk_factory, qtbot, tmp_path, lang):
    k = kiosk_factory({"display": {"speech_engine": "mock"}})
    w = k.window
    w.show()
    qtbot.mouseClick(w.screens["attract"], Qt.MouseButton.LeftButton)
    w.set_language(lang)
    w.access.set_option("read_aloud", True)
    speaker = w.access.speaker
    w.access.read_page()
    texts = [u.text for u in ([speaker.current] + speaker.queue) if u is not None]
    assert len(texts) >= 5
    said = " ".join(texts[:6])
    figures = render(said, lang, tmp_path / f"home-{lang}.wav")
    # About two words a second: six sentences of the home screen last several seconds.
    assert figures["Length"] > 2.0, figures
    assert figures["RMS amplitude"] > 0.02, figures
    assert figures["Maximum amplitude"] > 0.1, figures


def test_speech_dispatcher_has_a_voice_for_each_language(qapp):
    from PySide6.QtTextToSpeech import QTextToSpeech

    if "speechd" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt has no speechd engine here (libspeechd2 missing)")
    tts = QTextToSpeech("speechd")
    for _ in range(50):
        if tts.state() != QTextToSpeech.State.Ready:
            qapp.processEvents()
    if tts.state() != QTextToSpeech.State.Ready:
        pytest.skip(f"speech-dispatcher does not run here: {tts.errorString()}")
    languages = {loc.name().split("_")[0] for loc in tts.availableLocales()}
    assert set(LANGUAGES) <= languages

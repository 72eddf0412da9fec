"""WebVTT parsing and cue timing."""

from __future__ import annotations

import pytest

from kiosk.core.exhibits import subtitles as vtt

SAMPLE = """\ufeffWEBVTT - sample

NOTE a comment
that spans lines

STYLE
::cue { color: yellow }

intro
00:00.500 --> 00:02.000 line:80%
<v Narrator>Bonjour &amp; <b>bienvenue</b></v>

00:01:59.999 --> 00:02:01.250
Deux
lignes

01:00:00.000 --> 01:00:01.000
Une heure
"""


def test_parse_cues_with_ids_settings_tags_and_notes():
    cues = vtt.parse(SAMPLE)
    assert [(c.start, c.end) for c in cues] == [(0.5, 2.0), (119.999, 121.25),
                                                 (3600.0, 3601.0)]
    assert cues[0].text == "Bonjour & bienvenue"
    assert cues[1].text == "Deux\nlignes"


def test_cue_timing_start_inclusive_end_exclusive():
    track = vtt.Track(vtt.parse(SAMPLE))
    assert track.at(0.499) == ""
    assert track.at(0.5) == "Bonjour & bienvenue"
    assert track.at(1.999) == "Bonjour & bienvenue"
    assert track.at(2.0) == ""
    assert track.at(120.0) == "Deux\nlignes"
    assert track.at(121.25) == ""
    assert track.at(3600.5) == "Une heure"


def test_overlapping_cues_show_together_in_start_order():
    track = vtt.Track(vtt.parse("WEBVTT\n\n00:00.000 --> 00:05.000\nA\n\n"
                                "00:01.000 --> 00:02.000\nB\n"))
    assert track.at(1.5) == "A\nB"
    assert track.at(3.0) == "A"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "line 1"),
        ("WEBVT\n", "line 1"),
        ("WEBVTT\n\n00:01.000 --> 00:00.500\nx\n", "line 3: the cue ends before"),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nx\n", "line 3"),
        ("WEBVTT\n\n00:61.000 --> 00:62.000\nx\n", "not a WebVTT timestamp"),
    ],
)
def test_broken_files_name_the_line(text, words):
    with pytest.raises(vtt.SubtitleError, match=words):
        vtt.parse(text)


def test_load_names_the_file(tmp_path):
    p = tmp_path / "x.de.vtt"
    p.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\xfe\n")
    with pytest.raises(vtt.SubtitleError, match="x.de.vtt: not UTF-8"):
        vtt.load(p)

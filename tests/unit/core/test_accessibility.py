"""The visitor's accessibility choices and the text read aloud (Qt-free)."""

from __future__ import annotations

import pytest

from kiosk.core import i18n
from kiosk.core.accessibility import OPTIONS, Choices, sentences, spoken, visit_defaults


def test_any_choice_doubles_the_idle_time():
    c = Choices()
    assert c.idle_factor() == 1.0
    for name in OPTIONS:
        on = c.with_option(name, True)
        assert on.any_on
        assert on.idle_factor() == 2.0
        assert not on.with_option(name, False).any_on


def test_the_volume_stays_in_its_steps_and_unknown_choices_are_refused():
    assert Choices().with_volume(42).volume == 10
    assert Choices().with_volume(-3).volume == 0
    with pytest.raises(ValueError, match="unknown accessibility choice"):
        Choices().with_option("dark_mode", True)


def test_a_visit_starts_from_the_operators_display_settings():
    d = visit_defaults(large_text=True)
    assert d.large_text
    assert not d.read_aloud


def test_sentences_split_paragraphs_list_items_and_full_stops():
    text = ("Le jour, la pierre stocke la chaleur. **La nuit, elle la rend** : la ville reste "
            "chaude.\n\nCe n'est pas qu'une question de confort !\n\n- **Les arbres** : de "
            "l'ombre.\n- **Les parcs** : plus frais")
    assert sentences(text) == [
        "Le jour, la pierre stocke la chaleur.",
        "La nuit, elle la rend :",
        "la ville reste chaude.",
        "Ce n'est pas qu'une question de confort !",
        "Les arbres :",
        "de l'ombre.",
        "Les parcs :",
        "plus frais",
    ]


@pytest.mark.parametrize(("lang", "text", "said"), [
    ("fr", "12 µg/m³", "12 microgrammes par mètre cube"),
    ("fr", "14,2 °C · 65 %", "14,2 degrés Celsius · 65 pour cent"),
    ("en", "3.4 m/s, 1013 hPa", "3.4 metres per second, 1013 hectopascals"),
    ("de", "PM2.5 und NO₂", "Feinstaub PM 2,5 und Stickstoffdioxid"),
    ("fr", "PM2.5 (µg/m³)", "particules fines PM 2,5 (microgrammes par mètre cube)"),
    ("fr", "il pleut 5 % du temps, en mm", "il pleut 5 pour cent du temps, en mm"),
    ("fr", "━━ Vieux-Port ██ fond", "Vieux-Port fond"),
])
def test_units_and_pollutants_are_said_in_words(lang, text, said):
    i18n.set_language(lang)
    assert spoken(text) == said

"""Languages: every catalog loads, is complete, renders plurals; Babel formats per language."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core import catalogs, i18n
from kiosk.core.paths import app_root
from kiosk.core.settings import LANGUAGES


def test_every_visible_string_is_translated_in_every_language():
    assert catalogs.missing(app_root()) == {}


def test_the_template_is_up_to_date_with_the_code(tmp_path):
    """Strings added to the code must be extracted (python -m kiosk.core.catalogs extract)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    with (app_root() / "locales" / "kiosk.pot").open("rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    in_code = {
        (msg if isinstance(msg, str) else msg[0])
        for _f, _l, msg, _c, _ctx in extract_from_dir(
            app_root() / "kiosk", method_map=[("**.py", "python")], keywords=keywords)
    }
    assert in_code - template == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_loads_and_renders_a_plural(lang):
    i18n.set_language(lang)
    one = i18n.ngettext("Retour à l'accueil dans {n} seconde",
                        "Retour à l'accueil dans {n} secondes", 1).format(n=1)
    many = i18n.ngettext("Retour à l'accueil dans {n} seconde",
                         "Retour à l'accueil dans {n} secondes", 5).format(n=5)
    assert "1" in one
    assert "5" in many
    assert one != many
    if lang != "fr":
        assert i18n._("Retour") != "Retour"


def test_switching_language_tells_listeners():
    seen = []
    i18n.add_listener(seen.append)
    i18n.set_language("de")
    i18n.set_language("de")
    i18n.set_language("en")
    assert seen == ["de", "en"]
    assert i18n._("Continuer") == "Continue"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported"):
        i18n.set_language("pt")


def test_babel_formats_dates_and_numbers_in_the_current_language():
    day = dt.date(2026, 12, 5)
    expected = {"fr": "samedi 5 décembre 2026", "en": "Saturday, December 5, 2026",
                "es": "sábado, 5 de diciembre de 2026", "it": "sabato 5 dicembre 2026",
                "de": "Samstag, 5. Dezember 2026"}
    for lang, text in expected.items():
        i18n.set_language(lang)
        assert i18n.format_date(day) == text
    i18n.set_language("fr")
    assert i18n.format_number(1234.5, 1).replace("\u202f", " ") == "1 234,5"
    i18n.set_language("de")
    assert i18n.format_number(1234.5, 1) == "1.234,5"
    assert "Stunden" in i18n.format_relative(dt.timedelta(hours=3))
    i18n.set_language("fr")
    assert i18n.format_relative(dt.timedelta(hours=3)) == "il y a 3 heures"


def test_missing_compiled_catalog_falls_back_to_the_po(tmp_path):
    import shutil

    shutil.copytree(app_root() / "locales", tmp_path / "locales",
                    ignore=shutil.ignore_patterns("*.mo"))
    i18n.configure(tmp_path / "locales")
    i18n.set_language("it")
    assert i18n._("Continuer") == "Continua"


def test_broken_catalog_falls_back_to_french(tmp_path, caplog):
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / "kiosk.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(b"\x00\xff not a catalog")
    (po.parent / "kiosk.mo").write_bytes(b"garbage")
    i18n.configure(tmp_path / "locales")
    i18n.set_language("es")
    assert i18n._("Continuer") == "Continuer"


def test_speaking_a_language_on_one_thread_leaves_the_interface_language_alone():
    import threading

    heard: list[str] = []
    i18n.add_listener(heard.append)
    try:
        with i18n.speaking("de"):
            assert i18n.current_language() == "de"
            assert i18n._("Retour") != "Retour"
            assert i18n.format_number(2.5, 1) == "2,5"
            with i18n.speaking("en"):
                assert i18n.format_number(2.5, 1) == "2.5"
            assert i18n.current_language() == "de"
            other: list[str] = []
            worker = threading.Thread(target=lambda: other.append(i18n.current_language()))
            worker.start()
            worker.join()
            assert other == ["fr"]  # another thread keeps the interface language
        assert i18n.current_language() == "fr"
        assert i18n._("Retour") == "Retour"
        assert heard == []  # no screen was told to redraw
    finally:
        i18n.remove_listener(heard.append)

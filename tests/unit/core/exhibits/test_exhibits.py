"""The exhibit module loader against valid and broken modules; `kiosk content check`."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

import pytest

from kiosk.commands import content_check
from kiosk.core.exhibits import check_mp4, load_catalog, load_exhibition, load_module
from kiosk.core.paths import app_root

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       '<rect width="10" height="10"/></svg>')


def _loc(**kw: str) -> str:
    return "{ " + ", ".join(f'{k} = {json.dumps(v)}' for k, v in kw.items()) + " }"


FIVE = dict(fr="Bonjour", en="Hello", es="Hola", it="Ciao", de="Hallo")


def make_module(root: Path, module_id: str = "demo", *, extra: str = "", pages: str | None = None,
                title: str | None = None, cover: bool = True) -> Path:
    folder = root / module_id
    folder.mkdir(parents=True)
    (folder / "cover.svg").write_text(SVG)
    (folder / "diagram.svg").write_text(SVG)
    if pages is None:
        pages = f"""
        [[pages]]
        kind = "text"
        picture = "diagram.svg"
        title = {_loc(**FIVE)}
        body = {_loc(**FIVE)}
        easy.body = "Bonjour à vous."

        [[pages]]
        kind = "image"
        file = "diagram.svg"
        caption = {_loc(**FIVE)}
        easy.caption = "Ce dessin dit bonjour."

        [[pages]]
        kind = "quiz"
        picture = "diagram.svg"
        question = {_loc(**FIVE)}
        choices = {{ {", ".join(f'{lang} = ["a", "b"]' for lang in FIVE)} }}
        answer = 2
        explanation = {_loc(**FIVE)}
        easy.question = "Que dit-on le matin ?"

        [[pages]]
        kind = "qr"
        title = {_loc(**FIVE)}
        body = {_loc(**FIVE)}
        url = "https://example.org/demo"
        easy.body = "Regardez ce code avec votre téléphone."
        """
    text = f"""
    id = "{module_id}"
    order = 1
    title = {title or _loc(**FIVE)}
    summary = {_loc(**FIVE)}
    {'cover = "cover.svg"' if cover else ''}
    {extra}
    [[sources]]
    title = "A report"
    publisher = "Someone"
    year = 2021
    {pages}
    """
    (folder / "module.toml").write_text(textwrap.dedent(text), "utf-8")
    return folder


def test_a_complete_module_loads_with_no_issue(tmp_path):
    make_module(tmp_path)
    ex = load_exhibition(tmp_path)
    assert ex.issues == []
    (m,) = ex.modules
    assert [p.kind for p in m.pages] == ["text", "image", "quiz", "qr"]
    quiz = m.pages[2]
    assert quiz.answer == 1
    assert quiz.choices.get("de") == ["a", "b"]
    assert m.title.get("it") == "Ciao"


def test_missing_translation_falls_back_to_french_and_is_reported(tmp_path):
    folder = make_module(tmp_path, title=_loc(fr="Titre", en="Title"))
    ex = load_exhibition(tmp_path)
    (m,) = ex.modules
    assert m.title.get("de") == "Titre"
    assert m.title.get("en") == "Title"
    missing = [i for i in ex.issues if i.kind == "translation"]
    assert {i.field for i in missing} == {"title.es", "title.it", "title.de"}
    assert all(i.file == folder / "module.toml" and i.item == "demo" for i in missing)


def test_broken_toml_names_the_file_and_keeps_other_modules(tmp_path):
    make_module(tmp_path, "good")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "module.toml").write_text("id = 'bad'\ntitle = {fr = \n")
    ex = load_exhibition(tmp_path)
    assert [m.id for m in ex.modules] == ["good"]
    (issue,) = ex.errors
    assert issue.file == bad / "module.toml"
    assert "not valid TOML" in issue.message


@pytest.mark.parametrize(
    ("pages", "field", "words"),
    [
        ('[[pages]]\nkind = "poem"', "pages[1].kind", "unknown page kind"),
        ('[[pages]]\nkind = "quiz"\nquestion = {fr="?"}\nchoices = {fr=["a","b"]}\n'
         'answer = 3\nexplanation = {fr="."}', "pages[1].answer", "not between 1 and 2"),
        ('[[pages]]\nkind = "quiz"\nquestion = {fr="?"}\nchoices = {fr=["a","b"], en=["a"]}\n'
         'answer = 1\nexplanation = {fr="."}', "pages[1].choices.en", "French has 2"),
        ('[[pages]]\nkind = "text"\ntitle = {en="Only English"}\nbody = {fr="x"}',
         "pages[1].title.fr", "French text missing"),
        ('[[pages]]\nkind = "qr"\ntitle = {fr="t"}\nbody = {fr="b"}\nurl = "ftp://x"',
         "pages[1].url", "not a web address"),
        ('[[pages]]\nkind = "sensor"\nquantity = "radon"', "pages[1].quantity",
         "unknown quantity"),
        ('[[pages]]\nkind = "video"\ntitle = {fr="t"}', "pages[1].video", "either"),
    ],
)
def test_broken_pages_are_named_by_file_module_and_field(tmp_path, pages, field, words):
    make_module(tmp_path, pages=pages + '\n[[pages]]\nkind = "text"\ntitle = {fr="t"}\n'
                'body = {fr="b"}\n')
    ex = load_exhibition(tmp_path)
    (m,) = ex.modules  # the good page keeps the module alive
    assert len(m.pages) == 1
    errors = [i for i in ex.errors if i.field == field]
    assert errors, ex.issues
    assert words in errors[0].message
    assert errors[0].item == "demo"
    assert str(errors[0]).startswith(str(tmp_path / "demo" / "module.toml"))


def test_sensor_page_is_accepted(tmp_path):
    make_module(tmp_path, pages='[[pages]]\nkind = "sensor"\nquantity = "pm25"\nsite = "x"')
    (m,) = load_exhibition(tmp_path).modules
    assert m.pages[0].quantity == "pm25"
    assert m.pages[0].site == "x"


def test_missing_picture_keeps_the_page_and_is_reported(tmp_path):
    folder = make_module(tmp_path)
    (folder / "diagram.svg").unlink()
    (folder / "cover.svg").write_text("<svg><unclosed>")
    ex = load_exhibition(tmp_path)
    (m,) = ex.modules
    assert m.pages[1].kind == "image"
    fields = {i.field: i.message for i in ex.errors}
    assert "file not found: diagram.svg" in fields["pages[2].file"]
    assert "not a valid SVG" in fields["cover"]


def test_module_without_sources_or_with_bad_id(tmp_path):
    folder = make_module(tmp_path, "Bad_Id")
    module, issues = load_module(folder)
    assert module is None
    assert any(i.field == "id" for i in issues)
    text = (folder / "module.toml").read_text().replace('id = "Bad_Id"', 'id = "other"')
    (folder / "module.toml").write_text(text)
    _, issues = load_module(folder)
    assert any("folder name" in i.message for i in issues)


def test_path_escaping_the_module_is_refused(tmp_path):
    make_module(tmp_path, pages='[[pages]]\nkind = "image"\nfile = "../x.svg"\n'
                'caption = {fr="c"}')
    ex = load_exhibition(tmp_path)
    assert any("relative path inside" in i.message for i in ex.errors)


def _mp4(path: Path, boxes: list[tuple[bytes, int]]) -> None:
    data = b"".join(size.to_bytes(4, "big") + name + b"\0" * (size - 8) for name, size in boxes)
    path.write_bytes(data)


def test_check_mp4_finds_truncation_and_missing_moov(tmp_path):
    good = tmp_path / "a.mp4"
    _mp4(good, [(b"ftyp", 24), (b"moov", 100), (b"mdat", 400)])
    assert check_mp4(good) is None
    cut = tmp_path / "b.mp4"
    cut.write_bytes(good.read_bytes()[:300])
    assert "truncated" in check_mp4(cut)
    nomoov = tmp_path / "c.mp4"
    _mp4(nomoov, [(b"ftyp", 24), (b"mdat", 400)])
    assert "no moov" in check_mp4(nomoov)
    noftyp = tmp_path / "e.mp4"
    _mp4(noftyp, [(b"moov", 100), (b"mdat", 40)])
    assert "no ftyp" in check_mp4(noftyp)
    text = tmp_path / "d.mp4"
    text.write_bytes(b"this is not a video at all")
    assert check_mp4(text) is not None


def test_catalog_reports_bad_entries_and_keeps_good_ones(tmp_path):
    (tmp_path / "v").mkdir()
    _mp4(tmp_path / "v" / "ok.mp4", [(b"ftyp", 24), (b"moov", 100)])
    (tmp_path / "v" / "cut.mp4").write_bytes((tmp_path / "v" / "ok.mp4").read_bytes()[:50])
    (tmp_path / "ok.fr.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nSalut\n")
    (tmp_path / "bad.en.vtt").write_text("not vtt")
    (tmp_path / "videos.toml").write_text(textwrap.dedent("""
        [[videos]]
        id = "ok"
        file = "v/ok.mp4"
        duration = 2.0
        title = { fr = "Bien", en = "Good", es = "Bien", it = "Bene", de = "Gut" }
        subtitles = { fr = "ok.fr.vtt", en = "bad.en.vtt" }
        [[videos.chapters]]
        start = 5.0
        title = { fr = "Trop tard" }

        [[videos]]
        id = "cut"
        file = "v/cut.mp4"
        duration = 2.0
        title = { fr = "Coupée" }

        [[videos]]
        id = "gone"
        file = "v/gone.mp4"
        duration = 2.0
        title = { fr = "Absente" }
        """))
    cat = load_catalog(tmp_path)
    assert [v.id for v in cat.videos] == ["ok"]
    messages = {(i.item, i.field): i.message for i in cat.errors}
    assert "truncated" in messages[("cut", "videos[2].file")]
    assert "file not found" in messages[("gone", "videos[3].file")]
    assert "line 1" in messages[("ok", "videos[1].subtitles.en")]
    assert "after the end" in messages[("ok", "videos[1].chapters[1].start")]
    assert list(cat.videos[0].subtitles) == ["fr"]


def _run_check(path: Path | None, data_dir: Path, capsys) -> tuple[int, list[dict]]:
    rc = content_check.main(argparse.Namespace(path=path, data_dir=str(data_dir)))
    out = capsys.readouterr().out
    return rc, [json.loads(line) for line in out.splitlines()]


def test_content_check_lists_every_problem_and_exits_3(tmp_path, capsys):
    make_module(tmp_path / "ex", "one", title=_loc(fr="Titre"))
    make_module(tmp_path / "ex", "two", pages='[[pages]]\nkind = "nope"')
    rc, lines = _run_check(tmp_path / "ex", tmp_path / "data", capsys)
    assert rc == 3
    issues = [ln for ln in lines if ln["event"] == "issue"]
    assert {(i["item"], i["field"]) for i in issues if i["kind"] == "translation"} == {
        ("one", f"title.{lang}") for lang in ("en", "es", "it", "de")}
    assert any(i["item"] == "two" and i["field"] == "pages[1].kind" for i in issues)
    assert lines[-1]["errors"] >= 1
    assert lines[-1]["missing_translations"] == 4


def test_content_check_passes_on_a_clean_module(tmp_path, capsys):
    make_module(tmp_path / "ex")
    rc, lines = _run_check(tmp_path / "ex" / "demo", tmp_path / "data", capsys)
    assert rc == 0
    assert lines == [{"event": "content-check", "modules": 1, "videos": 0, "errors": 0,
                      "missing_translations": 0, "missing_easy_read": 0, "layout": 0}]


def test_shipped_exhibition_and_videos_pass_the_check(tmp_path, capsys):
    rc, lines = _run_check(None, tmp_path / "data", capsys)
    assert [ln for ln in lines if ln["event"] == "issue"] == []
    assert rc == 0
    assert lines[-1]["modules"] >= 7
    assert lines[-1]["videos"] >= 2
    ex = load_exhibition(app_root() / "exhibits")
    for m in ex.modules:
        assert 3 <= len(m.pages) <= 10, m.id
        kinds = [p.kind for p in m.pages]
        assert "quiz" in kinds, m.id
        assert "image" in kinds, m.id
        assert m.sources, m.id


def test_content_check_reads_a_zip_bundle_and_refuses_escaping_paths(tmp_path, capsys):
    import zipfile

    make_module(tmp_path / "src", "zipped", title=_loc(fr="Titre", en="Title", es="Título",
                                                     it="Titolo", de="Titel"))
    bundle = tmp_path / "b.zip"
    with zipfile.ZipFile(bundle, "w") as z:
        for f in (tmp_path / "src").rglob("*"):
            if f.is_file():
                z.write(f, f.relative_to(tmp_path / "src").as_posix())
        z.writestr("manifest.json", "{}")
    rc, lines = _run_check(bundle, tmp_path / "data", capsys)
    assert rc == 0
    assert lines[-1]["modules"] == 1
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../outside.txt", "x")
    rc = content_check.main(argparse.Namespace(path=evil, data_dir=str(tmp_path / "data")))
    assert rc == 3
    assert "leaves the bundle" in capsys.readouterr().err
    assert not (tmp_path / "outside.txt").exists()


def test_a_page_without_easy_to_read_french_is_reported_and_still_shown(tmp_path, capsys):
    pages = f"""
    [[pages]]
    kind = "text"
    title = {_loc(**FIVE)}
    body = {_loc(**FIVE)}

    [[pages]]
    kind = "text"
    title = {_loc(**FIVE)}
    body = {_loc(**FIVE)}
    easy.body = "Une phrase courte."
    easy.question = "Pas pour une page de texte"
    """
    make_module(tmp_path / "ex", pages=pages)
    ex = load_exhibition(tmp_path / "ex")
    (m,) = ex.modules
    assert len(m.pages) == 2  # both pages stay
    easy = {(i.field, i.message) for i in ex.issues if i.kind == "easy-read"}
    assert ("pages[1].easy.body", "no easy-to-read French (FALC) version of this page") in easy
    assert any(f == "pages[2].easy.question" for f, _ in easy)
    assert m.pages[1].text("body", "fr", easy=True) == "Une phrase courte."
    assert m.pages[1].text("body", "de", easy=False) == "Hallo"
    assert m.pages[0].text("body", "fr", easy=True) == "Bonjour"  # none: the usual text
    rc, lines = _run_check(tmp_path / "ex", tmp_path / "data", capsys)
    assert rc == 3
    assert lines[-1]["missing_easy_read"] == 2
    assert lines[-1]["missing_translations"] == 0


def test_every_shipped_exhibit_page_has_its_easy_to_read_french(tmp_path, capsys):
    from kiosk.core.paths import app_root

    ex = load_exhibition(app_root() / "exhibits")
    assert ex.modules
    assert [i for i in ex.issues if i.kind == "easy-read"] == []
    for m in ex.modules:
        for page in m.pages:
            main = {"text": "body", "image": "caption", "quiz": "question", "qr": "body",
                    "sensor": "caption"}[page.kind]
            easy = page.easy[main]
            # FALC: short sentences (a rule of thumb of at most 25 words each).
            for sentence in easy.replace("\n", " ").split(". "):
                assert len(sentence.split()) <= 25, (m.id, sentence)


def test_credits_that_are_not_tables_and_an_infinite_order_are_named(tmp_path):
    # Both were tracebacks found by tests/fuzz (credits = true; order = inf from TOML).
    folder = make_module(tmp_path, extra="credits = true")
    text = (folder / "module.toml").read_text().replace("order = 1", "order = inf")
    (folder / "module.toml").write_text(text)
    module, issues = load_module(folder)
    assert module is not None
    assert {i.field for i in issues} >= {"credits", "order"}
    assert module.order == 999


def _text_page(body: dict[str, str], picture: str = 'picture = "diagram.svg"') -> str:
    return f"""
    [[pages]]
    kind = "text"
    {picture}
    title = {_loc(**FIVE)}
    body = {_loc(**body)}
    easy.body = "Bonjour à vous."
    """


def test_content_check_flags_a_long_page_and_words_without_a_picture(tmp_path, capsys):
    long_fr = " ".join(["mot"] * 118)  # with the title's one word: 119 words
    pages = _text_page({**FIVE, "fr": long_fr}) + _text_page(FIVE, picture="")
    make_module(tmp_path / "ex", pages=pages)
    rc = content_check.main(argparse.Namespace(path=tmp_path / "ex", data_dir=str(tmp_path)))
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert rc == 3
    assert "page layout: " in err
    layout = [ln for ln in lines if ln["event"] == "issue" and ln["kind"] == "layout"]
    assert [(i["field"], i["message"].split(":")[0]) for i in layout] == [
        ("pages[1]", "119 words in fr"), ("pages[2].picture", "a text page without a picture")]
    assert lines[-1]["layout"] == 2


def test_ninety_words_pass_and_ninety_one_do_not(tmp_path):
    from kiosk.core.exhibits.layout import WORD_LIMIT, count_words, layout_issues

    assert count_words("**L'îlot** de chaleur : 15 000 décès, 2,5 µm — PM2.5.") == 9
    for words, flagged in ((WORD_LIMIT - 1, False), (WORD_LIMIT, True)):
        root = tmp_path / str(words)
        make_module(root, pages=_text_page({**FIVE, "de": " ".join(["Wort"] * words)}))
        (m,) = load_exhibition(root).modules
        assert bool(layout_issues(m)) is flagged, words

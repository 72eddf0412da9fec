"""Smoke test of the frozen kiosk (qutebrowser's build_release smoke test, for us).

Builds packaging/kiosk.spec with PyInstaller once per test session (or takes the one-folder
build named by KIOSK_FROZEN_DIST), then runs the frozen binary as an operator would, on a
temporary data dir with QT_QPA_PLATFORM=offscreen, and fails on any unexpected stderr.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(900)]

# Lines the frozen kiosk may print on stderr without failing the smoke test (regexes); each
# entry says why. Anything else (a traceback, an ERROR, a Qt or Python warning) fails it.
_LOG = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING kiosk\.[\w.]+: "
ALLOWED_STDERR: list[str] = [
    # The smoke test runs with every proxy pointing at a closed local port (no traffic leaves
    # the machine): the services started after the first paint say which source they could
    # not reach, as the kiosk does on a box without network.
    _LOG + r".*: unreachable \((ProxyError|ConnectionError)\)$",
    # The shipped settings leave the project's own sensor feed unset.
    _LOG + r".*: no URL configured \(settings: sensors\.providers\.project\.url\)$",
]
# Every proxy variable points here, so the frozen kiosk never reaches outside this machine.
NO_NETWORK = "http://127.0.0.1:9"


def build_frozen(out: Path) -> Path:
    """`pyinstaller packaging/kiosk.spec` into `out`; returns the one-folder app."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(out / "dist"), "--workpath", str(out / "build"),
           str(ROOT / "packaging" / "kiosk.spec")]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=800, cwd=ROOT)
    assert r.returncode == 0, f"PyInstaller failed:\n{r.stderr[-6000:]}"
    print(f"frozen build: {time.perf_counter() - t0:.1f} s")
    return out / "dist" / "kiosk"


@pytest.fixture(scope="session")
def frozen():
    """The frozen kiosk's folder (holding the `kiosk` executable and `_internal/`).

    Built outside pytest's private temporary folder, readable by everyone: the cage test runs
    it as an unprivileged user, as on a kiosk box."""
    given = os.environ.get("KIOSK_FROZEN_DIST")
    if given:
        app = Path(given)
        assert (app / "kiosk").is_file(), f"KIOSK_FROZEN_DIST={given} holds no kiosk binary"
        yield app
        return
    if shutil.which("objdump") is None:
        pytest.fail("PyInstaller needs objdump (Debian package binutils; packaging/dev.sh test "
                    "installs it)")
    out = Path(tempfile.mkdtemp(prefix="kiosk-frozen-"))
    out.chmod(0o755)
    try:
        yield build_frozen(out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "PYTHONPATH")
           and k.lower() != "no_proxy"}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"),
               HTTP_PROXY=NO_NETWORK, HTTPS_PROXY=NO_NETWORK, ALL_PROXY=NO_NETWORK, **extra)
    return env


def unexpected(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(re.search(p, line) for p in ALLOWED_STDERR)]


def run_frozen(app: Path, tmp_path: Path, *args: str, timeout: float = 120,
               **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(app / "kiosk"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env_for(tmp_path, **env), cwd=tmp_path)


def run_source(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, env=env_for(tmp_path), cwd=ROOT)


def image(path: Path):
    from PySide6.QtGui import QImage

    img = QImage(str(path))
    assert not img.isNull(), f"{path} is not an image"
    return img


def test_help_and_version(frozen, tmp_path):
    r = run_frozen(frozen, tmp_path, "--help")
    assert r.returncode == 0
    assert "screenshot" in r.stdout
    assert unexpected(r.stderr) == []
    from kiosk import __version__

    r = run_frozen(frozen, tmp_path, "--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"kiosk {__version__}"


def every_screen() -> list[tuple[str, str]]:
    """Each registered screen once, the languages in turn: every screen's imports (pyqtgraph,
    QtMultimedia…) and assets must be in the bundle, not only the first screen's."""
    from kiosk.core.settings import LANGUAGES
    from kiosk.ui.screens import SCREENS

    modules = sorted(p.parent.name for p in (ROOT / "exhibits").glob("*/module.toml"))
    targets = [s for s in SCREENS if s != "exhibit"]
    if modules:
        targets.append(f"exhibit:{modules[0]}")
    return [(t, LANGUAGES[i % len(LANGUAGES)]) for i, t in enumerate(targets)]


@pytest.mark.parametrize(("screen", "lang"), every_screen())
def test_screenshot_from_the_frozen_binary(frozen, tmp_path, qapp, screen, lang):
    out = tmp_path / f"{screen.partition(':')[0]}.png"
    data = tmp_path / "data"
    r = run_frozen(frozen, tmp_path, "screenshot", str(out), "--screen", screen, "--lang", lang,
                   "--data-dir", str(data))
    assert r.returncode == 0, r.stderr
    assert unexpected(r.stderr) == []
    assert json.loads(r.stdout.splitlines()[-1])["path"] == str(out)
    img = image(out)
    assert (img.width(), img.height()) == (1920, 1080)
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37)
               for y in range(0, img.height(), 29)}
    assert len(colours) > 8, "the frozen kiosk painted a blank screen"
    assert (data / "settings.toml").exists() or (data / "logs").is_dir(), \
        "the frozen kiosk did not use the --data-dir it was given"


# What QtMultimedia says on a machine with no sound server and no GPU (this one, CI's): the
# player still decodes and paints. Allowed in the video test only.
NO_SOUND_NO_GPU = [r"^PulseAudioService: pa_context_connect\(\) failed$",
                   r"ensureRhi\(QRhi::Implementation\) : No RHI backend\. Using CPU conversion\.$"]


def test_frozen_kiosk_plays_a_shipped_video(frozen, tmp_path, qapp):
    """QtMultimedia's FFmpeg backend is in the bundle: the player opens a shipped H.264 clip
    (a missing backend says "No QtMultimedia backends found" on stderr, which fails this)."""
    import tomllib

    catalog = tomllib.loads((ROOT / "media" / "videos.toml").read_text(encoding="utf-8"))
    if not catalog.get("videos"):
        pytest.skip("no video is shipped")
    video = catalog["videos"][0]["id"]
    out = tmp_path / "video.png"
    r = run_frozen(frozen, tmp_path, "screenshot", str(out), "--screen", f"videos:{video}",
                   "--data-dir", str(tmp_path / "data"))
    assert r.returncode == 0, r.stderr
    left = [line for line in unexpected(r.stderr)
            if not any(re.search(p, line) for p in NO_SOUND_NO_GPU)]
    assert left == []
    assert image(out).width() == 1920


def test_frozen_and_source_render_the_same_translated_screen(frozen, tmp_path, qapp):
    """Catalogs and shipped content are found the same way frozen and unfrozen: the German
    home screen comes out pixel for pixel the same from both."""
    frozen_png, source_png = tmp_path / "frozen.png", tmp_path / "source.png"
    args = ["--screen", "home", "--lang", "de", "--size", "1280x720"]
    r = run_frozen(frozen, tmp_path, "screenshot", str(frozen_png), *args,
                   "--data-dir", str(tmp_path / "f"))
    assert r.returncode == 0, r.stderr
    r = run_source(tmp_path, "screenshot", str(source_png), *args,
                   "--data-dir", str(tmp_path / "s"))
    assert r.returncode == 0, r.stderr
    a, b = image(frozen_png), image(source_png)
    assert a == b, "the frozen kiosk renders the German home screen differently"


def test_run_quits_after_first_paint(frozen, tmp_path):
    r = run_frozen(frozen, tmp_path, "run", "--quit-after-paint", "--data-dir",
                   str(tmp_path / "data"))
    assert r.returncode == 0, r.stderr
    assert unexpected(r.stderr) == []
    event = json.loads(r.stdout.splitlines()[-1])
    assert event["event"] == "first_paint"
    assert event["seconds"] > 0


def test_content_check_sees_what_the_source_sees(frozen, tmp_path):
    data = tmp_path / "data"
    frozen_r = run_frozen(frozen, tmp_path, "content", "check", "--data-dir", str(data))
    assert frozen_r.returncode in (0, 3), frozen_r.stderr
    source_r = run_source(tmp_path, "content", "check", "--data-dir", str(tmp_path / "src"))
    assert frozen_r.returncode == source_r.returncode
    # Paths differ (bundle vs checkout); the findings themselves must not.
    def findings(text: str) -> list[str]:
        return [line.replace(str(frozen / "_internal"), "<root>").replace(str(ROOT), "<root>")
                for line in text.splitlines()]

    assert findings(frozen_r.stdout) == findings(source_r.stdout)
    if frozen_r.returncode == 0:
        assert unexpected(frozen_r.stderr) == []
    else:
        assert findings(frozen_r.stderr) == findings(source_r.stderr)


def test_bundle_holds_the_shipped_content_and_compiled_catalogs(frozen):
    data = frozen / "_internal"
    for folder in ("exhibits", "media"):
        src = sorted(p.relative_to(ROOT / folder).as_posix()
                     for p in (ROOT / folder).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts)
        got = sorted(p.relative_to(data / folder).as_posix()
                     for p in (data / folder).rglob("*") if p.is_file()) \
            if (data / folder).is_dir() else []
        assert got == src, f"{folder}/ differs between the checkout and the bundle"
    from kiosk.core.settings import LANGUAGES

    for lang in LANGUAGES:
        if lang == "fr":
            continue
        assert (data / "locales" / lang / "LC_MESSAGES" / "kiosk.mo").is_file()
    assert not list((data / "locales").rglob("*.po")), "the bundle ships .po sources"


def test_bundle_leaves_out_webengine_and_friends(frozen):
    names = [p.name for p in frozen.rglob("*")]
    for unwanted in ("QtWebEngine", "Qt6WebEngine", "Qt63D", "Qt6Pdf", "QtQuick3D",
                     "libqgtk3", "tkinter"):
        assert not [n for n in names if unwanted in n], f"{unwanted} is in the frozen kiosk"


def test_no_slow_runtime_hook_runs_before_the_kiosk(frozen):
    """pkg_resources' runtime hook imported it at every start (0.1 s before our first line):
    the spec leaves it out, and nothing may bring it back."""
    from PyInstaller.archive.readers import CArchiveReader

    scripts = [name for name in CArchiveReader(str(frozen / "kiosk")).toc
               if name.startswith("pyi_rth_")]
    assert "pyi_rth_pyside6" in scripts
    assert "pyi_rth_pkgres" not in scripts


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is not installed")
def test_every_shipped_qt_library_finds_the_qt_libraries_it_links(frozen):
    """QtMultimedia's FFmpeg plugin links QtQuick/QtQml: nothing the bundle ships may miss a
    Qt library (system libraries such as libwayland-cursor come from Debian packages)."""
    internal = frozen / "_internal"
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{qt_lib}"}
    missing = []
    for so in sorted(internal.rglob("*.so*")):
        if so.is_symlink() or not so.is_file():
            continue
        r = subprocess.run(["ldd", str(so)], capture_output=True, text=True, env=env)
        missing += [f"{so.relative_to(internal)}: {line.split()[0]}"
                    for line in r.stdout.splitlines()
                    if "not found" in line and "Qt6" in line]
    assert missing == []
    assert (qt_lib / "libQt6Multimedia.so.6").exists()
    assert list((internal / "PySide6" / "Qt" / "plugins" / "multimedia").glob("*ffmpeg*"))


def test_frozen_kiosk_feeds_the_watchdog_through_the_session_wrapper(frozen, tmp_path):
    """kiosk-session as systemd starts it (a stand-in compositor that gives an offscreen
    screen): READY=1 after the first paint, then WATCHDOG=1, all from the frozen kiosk."""
    notify = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    sock.settimeout(60)
    fake_cage = tmp_path / "cage"
    fake_cage.write_text('#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done; shift\n'
                         'QT_QPA_PLATFORM=offscreen exec "$@"\n')
    fake_cage.chmod(0o755)
    env = env_for(tmp_path, NOTIFY_SOCKET=str(notify), WATCHDOG_USEC="1000000",
                  WATCHDOG_PID=str(os.getpid()), KIOSK_CAGE=str(fake_cage),
                  KIOSK_APP=str(frozen / "kiosk"), KIOSK_DATA_DIR=str(tmp_path / "data"))
    proc = subprocess.Popen([str(ROOT / "packaging" / "linux" / "kiosk-session")], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        got = [sock.recv(4096).decode() for _ in range(4)]
    finally:
        # As systemd stops a unit: the whole group (session, compositor, kiosk) gets SIGTERM.
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        sock.close()
    assert got[0] == "READY=1"
    assert got[1:] == ["WATCHDOG=1"] * 3
    assert unexpected(err) == []


WLROOTS_LOG = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} \[")


@pytest.fixture
def cage_box():
    """Runs packaging/linux/kiosk-session as the unprivileged user "nobody" (cage refuses
    root), with wlroots' headless backend (no GPU, seat or input devices here). Yields
    `start(args, **env) -> Popen` and the notify socket bound for the session."""
    if shutil.which("cage") is None or shutil.which("runuser") is None:
        pytest.skip("cage is not installed (packaging/dev.sh test installs it)")
    if os.geteuid() != 0:
        pytest.skip("needs root to run the session as another user")
    import pwd

    nobody = pwd.getpwnam("nobody")
    box = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    box.chmod(0o755)
    runtime, data = box / "runtime", box / "data"
    for d in (runtime, data):
        d.mkdir(mode=0o700)
        os.chown(d, nobody.pw_uid, nobody.pw_gid)
    session = box / "kiosk-session"
    shutil.copy(ROOT / "packaging" / "linux" / "kiosk-session", session)
    session.chmod(0o755)
    notify = box / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    notify.chmod(0o777)
    sock.settimeout(60)
    procs = []

    def start(app: Path, *args: str, **extra: str) -> subprocess.Popen:
        env = env_for(box)
        env.update(HOME=str(data), XDG_RUNTIME_DIR=str(runtime), TMPDIR=str(runtime),
                   KIOSK_DATA_DIR=str(data), KIOSK_APP=str(app / "kiosk"),
                   WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1",
                   WLR_RENDERER="pixman", **extra)
        env.pop("QT_QPA_PLATFORM")  # kiosk-session chooses wayland
        env.pop("DISPLAY", None)
        proc = subprocess.Popen(
            ["runuser", "-u", "nobody", "--", "env", *(f"{k}={v}" for k, v in env.items()),
             str(session), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True, env={"PATH": os.environ["PATH"]})
        procs.append(proc)
        return proc

    yield start, sock, str(notify)
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    sock.close()
    shutil.rmtree(box, ignore_errors=True)


def test_frozen_kiosk_paints_under_cage(frozen, cage_box):
    """The box's session for real: kiosk-session starts cage, cage the frozen kiosk over
    Wayland; it paints its first screen and quits, and the session returns its status."""
    start, _, _ = cage_box
    proc = start(frozen, "--quit-after-paint")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["event"] == "first_paint"
    # cage's own log lines (wlroots: "00:00:00.000 [ERROR] …": no GPU here) are not the kiosk's.
    kiosk_lines = [line for line in err.splitlines() if not WLROOTS_LOG.match(line)]
    assert unexpected("\n".join(kiosk_lines)) == []


def test_frozen_kiosk_under_cage_feeds_the_watchdog(frozen, cage_box):
    start, sock, notify = cage_box
    proc = start(frozen, NOTIFY_SOCKET=notify, WATCHDOG_USEC="1000000", WATCHDOG_PID="1")
    try:
        got = [sock.recv(4096).decode() for _ in range(3)]
    finally:
        # Stopped as systemd stops the unit. (cage 0.1.4 then fails an assertion on its way
        # out: its stderr is not checked here, the test above checks a clean run.)
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert got == ["READY=1", "WATCHDOG=1", "WATCHDOG=1"], err


def test_frozen_kiosk_exports_parquet_and_pushes_to_a_stick_and_a_bucket(frozen, tmp_path):
    """pyarrow and boto3 (with botocore's data files) are in the bundle: the frozen kiosk
    exports its journal as Parquet, copies it to a folder and puts it in an S3-compatible
    bucket (moto's server on 127.0.0.1)."""
    import datetime as dt

    import boto3
    import pyarrow.parquet as pq
    from moto.server import ThreadedMotoServer

    from kiosk.core import settings as settings_mod
    from kiosk.core.journal.writer import JournalWriter
    from tests.helpers.nginx import free_port

    data = tmp_path / "data"
    yesterday = dt.datetime.now(dt.UTC).timestamp() - 2 * 86_400
    w = JournalWriter(data / "journal.db").start()
    w.log("session_start", session="ab" * 8, territory="NCA", language="it", at=yesterday)
    w.log("session_end", {"seconds": 42.0}, session="ab" * 8, territory="NCA", language="it",
          at=yesterday + 42)
    w.close()
    out = tmp_path / "parquet"
    r = run_frozen(frozen, tmp_path, "journal", "export", "--format", "parquet", str(out),
                   "--data-dir", str(data))
    assert r.returncode == 0, r.stderr
    assert unexpected(r.stderr) == []
    [name] = json.loads(r.stdout)["files"]
    assert pq.read_table(out / name).column("kind").to_pylist() == ["session_start",
                                                                     "session_end"]
    stick = tmp_path / "stick"
    r = run_frozen(frozen, tmp_path, "journal", "push", "--to", str(stick), "--data-dir",
                   str(data))
    assert r.returncode == 0, r.stderr
    assert (stick / "journal" / name).read_bytes() == (out / name).read_bytes()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="K",
            aws_secret_access_key="S")
        client.create_bucket(Bucket="fleet")
        s = settings_mod.default_settings()
        s.collect.s3_endpoint, s.collect.s3_bucket, s.collect.s3_region = (
            endpoint, "fleet", "us-east-1")
        s.collect.s3_access_key, s.collect.s3_secret_key = "K", "S"
        settings_mod.save(s, data / "settings.toml")
        r = run_frozen(frozen, tmp_path, "journal", "push", "--retries", "0", "--data-dir",
                       str(data), NO_PROXY="127.0.0.1")
        assert r.returncode == 0, r.stderr
        assert unexpected(r.stderr) == []
        body = client.get_object(Bucket="fleet", Key=f"journal/{name}")["Body"].read()
        assert body == (out / name).read_bytes()
    finally:
        server.stop()

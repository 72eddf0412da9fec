"""The box set-up checked by the tools that know it: shellcheck on every shell script,
systemd-analyze on the units, install.sh run for real into a staging root and as a dry run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
INSTALL = LINUX / "install.sh"


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (packaging/dev.sh test installs it)")
    return path


def shell_scripts() -> list[Path]:
    """.ci/run and every file under packaging/ that starts with a sh or bash shebang."""
    found = [ROOT / ".ci" / "run"]
    for p in sorted((ROOT / "packaging").rglob("*")):
        if not p.is_file() or "pyinstaller-build" in p.parts:
            continue
        with p.open("rb") as f:
            first = f.readline()
        if first.startswith(b"#!") and (b"sh" in first.split(b"/")[-1]):
            found.append(p)
    return found


def test_the_scripts_we_expect_are_found():
    names = {p.name for p in shell_scripts()}
    assert {"run", "dev.sh", "install.sh", "kiosk-session", "kiosk-usb-mount",
            "kiosk-cli"} <= names


@pytest.mark.parametrize("script", shell_scripts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_shellcheck(script):
    tool = needs("shellcheck")
    r = subprocess.run([tool, "--severity=style", str(script)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def fake_app(tmp_path: Path, marker: str = "v1") -> Path:
    app = tmp_path / f"app-{marker}"
    (app / "_internal").mkdir(parents=True)
    exe = app / "kiosk"
    exe.write_text(f"#!/bin/sh\necho {marker}\n")
    exe.chmod(0o755)
    (app / "_internal" / marker).write_text(marker)
    return app


def install(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(INSTALL), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **env})


@pytest.fixture
def staged(tmp_path) -> Path:
    """A staging root with the kiosk installed into it by install.sh --root."""
    needs("systemctl")
    root = tmp_path / "root"
    r = install("--root", str(root), "--app", str(fake_app(tmp_path)))
    assert r.returncode == 0, r.stderr
    return root


def test_install_lays_out_the_box(staged):
    prefix = staged / "opt" / "nature-en-ville-kiosk"
    assert (prefix / "app" / "kiosk").read_text() == "#!/bin/sh\necho v1\n"
    for exe in (prefix / "bin" / "kiosk-session", prefix / "bin" / "kiosk-usb-mount",
                staged / "usr" / "local" / "bin" / "kiosk"):
        assert exe.stat().st_mode & 0o777 == 0o755, exe
    for conf in ("etc/systemd/system/kiosk.service",
                 "etc/systemd/system/kiosk-usb-mount@.service",
                 "etc/udev/rules.d/90-kiosk-usb.rules",
                 "etc/systemd/journald.conf.d/90-nature-en-ville-kiosk.conf",
                 "etc/pam.d/nature-en-ville-kiosk",
                 "etc/default/nature-en-ville-kiosk"):
        assert (staged / conf).stat().st_mode & 0o777 == 0o644, conf
    wants = staged / "etc/systemd/system/graphical.target.wants/kiosk.service"
    assert wants.is_symlink()
    assert os.readlink(wants) == "/etc/systemd/system/kiosk.service"
    assert os.readlink(staged / "etc/systemd/system/default.target") == \
        "/lib/systemd/system/graphical.target"
    assert (staged / "media" / "kiosk-usb").is_dir()
    assert (prefix / "app").is_symlink()
    assert not (prefix / "app.previous").exists(), "a first install has nothing before it"
    assert not list((prefix / "releases").glob("*.partial"))


def test_install_again_updates_the_app_and_keeps_operator_settings(staged, tmp_path):
    default = staged / "etc/default/nature-en-ville-kiosk"
    default.write_text("KIOSK_SESSION=x11\n")
    r = install("--root", str(staged), "--app", str(fake_app(tmp_path, "v2")))
    assert r.returncode == 0, r.stderr
    app = staged / "opt/nature-en-ville-kiosk/app"
    assert (app / "_internal" / "v2").exists()
    assert not (app / "_internal" / "v1").exists(), "the old version was left in the new one"
    assert default.read_text() == "KIOSK_SESSION=x11\n"
    assert (staged / "etc/systemd/system/graphical.target.wants/kiosk.service").is_symlink()
    assert (staged / "opt/nature-en-ville-kiosk/app.previous/_internal/v1").exists()


def broken_app(tmp_path: Path, marker: str = "v2-broken") -> Path:
    """A deliberately broken build: it dies before its first screen (no READY=1)."""
    app = fake_app(tmp_path, marker)
    (app / "kiosk").write_text("#!/bin/sh\necho 'ImportError: libfoo.so.1' >&2\nexit 1\n")
    return app


def exec_lines(unit: Path, key: str) -> list[list[str]]:
    """The command lines of `key` (ExecStartPre…), without systemd's prefixes (+ - @ !)."""
    out = []
    for value in unit_settings(unit).get(key, []):
        out.append(value.lstrip("+-@!:").split())
    return out


def run_unit(staged: Path, data: Path, starts: int) -> list[str]:
    """What systemd does with kiosk.service, scripted: ExecStartPre, then the app (in place of
    the cage session: `ready` when it prints READY=1), ExecStartPost once ready, Restart=always
    after a failure. Returns the marker of the app each start ran."""
    unit = staged / "etc/systemd/system/kiosk.service"
    prefix = staged / "opt/nature-en-ville-kiosk"
    env = {**os.environ, "KIOSK_ROOT": str(staged), "KIOSK_DATA_DIR": str(data)}

    def host(cmd: list[str]) -> list[str]:
        return [cmd[0].replace("/opt/", f"{staged}/opt/", 1), *cmd[1:]]

    ran = []
    for _ in range(starts):
        for cmd in exec_lines(unit, "ExecStartPre"):
            subprocess.run(host(cmd), env=env, check=True, timeout=60, capture_output=True)
        app = subprocess.run([str(prefix / "app" / "kiosk")], capture_output=True, text=True,
                             timeout=60)
        ran.append(os.path.basename(os.readlink(prefix / "app")))
        if app.returncode == 0:  # the fake kiosk's first paint
            for cmd in exec_lines(unit, "ExecStartPost"):
                subprocess.run(host(cmd), env=env, check=True, timeout=60)
            break
    return ran


def test_a_broken_new_version_is_rolled_back_after_three_starts(staged, tmp_path):
    # Before: a new version that failed at start was restarted for ever.
    prefix = staged / "opt/nature-en-ville-kiosk"
    good = os.path.basename(os.readlink(prefix / "app"))
    assert install("--root", str(staged), "--app", str(broken_app(tmp_path))).returncode == 0
    bad = os.path.basename(os.readlink(prefix / "app"))
    data = tmp_path / "data"
    ran = run_unit(staged, data, starts=10)
    assert ran == [bad, bad, bad, good]
    assert (prefix / "app/_internal/v1").exists()
    assert os.path.basename(os.readlink(prefix / "app.previous")) == bad
    note = json.loads((data / "app-rollback.json").read_text())
    assert (note["from"], note["to"], note["attempts"]) == (bad, good, 3)
    assert not (data / "app-guard.state").exists(), "the first paint ended the count"
    # The good version keeps running across restarts: nothing is rolled back again.
    assert run_unit(staged, data, starts=3) == [good]


def test_two_broken_versions_never_swap_for_ever(staged, tmp_path):
    prefix = staged / "opt/nature-en-ville-kiosk"
    for marker in ("v2-broken", "v3-broken"):
        r = install("--root", str(staged), "--app", str(broken_app(tmp_path, marker)))
        assert r.returncode == 0, r.stderr
    data = tmp_path / "data"
    ran = run_unit(staged, data, starts=12)
    assert len(set(ran)) == 2, "one rollback, then no more swapping"
    assert (prefix / "app/_internal/v2-broken").exists()


def test_a_new_version_that_paints_is_kept(staged, tmp_path):
    prefix = staged / "opt/nature-en-ville-kiosk"
    assert install("--root", str(staged), "--app", str(fake_app(tmp_path, "v2"))).returncode == 0
    data = tmp_path / "data"
    assert len(run_unit(staged, data, starts=5)) == 1
    assert (prefix / "app/_internal/v2").exists()
    assert not (data / "app-rollback.json").exists()


def test_the_guard_survives_a_damaged_state_file(staged, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "app-guard.state").write_text("garbage here\n")
    assert len(run_unit(staged, data, starts=2)) == 1


def test_systemd_analyze_verifies_the_unit_with_its_guard_and_a_broken_build(staged,
                                                                            tmp_path):
    assert install("--root", str(staged), "--app", str(broken_app(tmp_path))).returncode == 0
    guard = staged / "opt/nature-en-ville-kiosk/bin/kiosk-app-guard"
    assert guard.stat().st_mode & 0o777 == 0o755
    units = units_pointing_at(staged, tmp_path / "units")
    text = (units / "kiosk.service").read_text()
    assert f"ExecStartPre=-+{guard} pre" in text
    assert f"ExecStartPost=-+{guard} ready" in text
    r = verify(units, "kiosk.service")
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "", r.stderr


def test_only_the_current_and_previous_releases_are_kept(staged, tmp_path):
    for marker in ("v2", "v3"):
        r = install("--root", str(staged), "--app", str(fake_app(tmp_path, marker)))
        assert r.returncode == 0, r.stderr
    prefix = staged / "opt/nature-en-ville-kiosk"
    assert len(list((prefix / "releases").iterdir())) == 2
    assert (prefix / "app/_internal/v3").exists()
    assert (prefix / "app.previous/_internal/v2").exists()


def test_rollback_swaps_back_and_forth(staged, tmp_path):
    prefix = staged / "opt/nature-en-ville-kiosk"
    r = install("--root", str(staged), "--rollback")
    assert r.returncode == 1
    assert "nothing to roll back to" in r.stderr
    assert install("--root", str(staged), "--app", str(fake_app(tmp_path, "v2"))).returncode == 0
    r = install("--root", str(staged), "--rollback")
    assert r.returncode == 0, r.stderr
    assert (prefix / "app/_internal/v1").exists()
    assert (prefix / "app.previous/_internal/v2").exists()
    # The copy of install.sh left on the box does the same, without the release archive.
    r = subprocess.run(["bash", str(prefix / "bin" / "install.sh"), "--root", str(staged),
                        "--rollback"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert (prefix / "app/_internal/v2").exists()


def test_install_refuses_without_a_frozen_app(tmp_path):
    r = install("--root", str(tmp_path / "root"), "--app", str(tmp_path / "nothing"))
    assert r.returncode == 1
    assert "no frozen kiosk" in r.stderr
    assert not (tmp_path / "root").exists()


def test_dry_run_prints_the_whole_setup_and_changes_nothing(tmp_path):
    app = fake_app(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    r = install("--dry-run", "--app", str(app))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "+ systemctl enable kiosk.service" in out
    assert "+ systemctl set-default graphical.target" in out
    assert "/etc/systemd/system/kiosk.service" in out
    assert "/etc/udev/rules.d/90-kiosk-usb.rules" in out
    assert "/etc/systemd/journald.conf.d/90-nature-en-ville-kiosk.conf" in out
    if subprocess.run(["getent", "passwd", "kiosk"], capture_output=True).returncode != 0:
        assert "+ useradd --system" in out
    assert not Path("/opt/nature-en-ville-kiosk/releases").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_unknown_option_is_a_usage_error():
    r = install("--frobnicate")
    assert r.returncode == 2
    assert "unknown option" in r.stderr


def verify(unit_dir: Path, unit: str) -> subprocess.CompletedProcess:
    tool = needs("systemd-analyze")
    return subprocess.run([tool, "verify", unit], capture_output=True, text=True, cwd=unit_dir,
                          env={**os.environ, "SYSTEMD_LOG_COLOR": "0"}, timeout=60)


def units_pointing_at(staged: Path, dest: Path) -> Path:
    """Copies of the installed units whose /opt paths point into the staging root, so that
    systemd-analyze finds the executables they start."""
    dest.mkdir()
    for name in ("kiosk.service", "kiosk-usb-mount@.service"):
        text = (staged / "etc/systemd/system" / name).read_text()
        (dest / name).write_text(text.replace("/opt/nature-en-ville-kiosk/",
                                              f"{staged}/opt/nature-en-ville-kiosk/"))
    return dest


@pytest.mark.parametrize("unit", ["kiosk.service", "kiosk-usb-mount@sdb1.service"])
def test_systemd_analyze_verify(staged, tmp_path, unit):
    units = units_pointing_at(staged, tmp_path / "units")
    r = verify(units, unit)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == "", r.stderr


def test_systemd_analyze_catches_a_broken_unit(staged, tmp_path):
    """The check above can fail: a misspelt directive is reported."""
    units = units_pointing_at(staged, tmp_path / "units")
    unit = units / "kiosk.service"
    unit.write_text(unit.read_text().replace("WatchdogSec=", "WatchdogSecs="))
    r = verify(units, "kiosk.service")
    assert "Unknown key" in r.stderr


def unit_settings(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_kiosk_unit_restarts_watches_and_caps_memory():
    s = unit_settings(LINUX / "kiosk.service")
    assert s["Type"] == ["notify"]
    assert s["NotifyAccess"] == ["all"], "READY/WATCHDOG come from cage's child"
    assert s["Restart"] == ["always"]
    assert s["StartLimitIntervalSec"] == ["0"]
    watchdog_s = int(s["WatchdogSec"][0].removesuffix("s"))
    assert 10 <= watchdog_s <= 120
    mib = {k: int(s[k][0].removesuffix("M")) for k in ("MemoryHigh", "MemoryMax")}
    assert 300 < mib["MemoryHigh"] < mib["MemoryMax"], "above the 300 MB RSS budget, high < max"
    assert s["OOMPolicy"] == ["stop"]
    assert s["RestartPreventExitStatus"] == ["75"], "the panel's exit for maintenance"
    from kiosk.ui.screens.admin import EXIT_FOR_MAINTENANCE

    assert EXIT_FOR_MAINTENANCE == 75
    assert s["User"] == ["kiosk"]
    assert "KIOSK_USB_ROOTS=/media/kiosk-usb" in s["Environment"]


def test_journald_keeps_logs_on_disk_with_a_cap():
    s = unit_settings(LINUX / "journald-kiosk.conf")
    assert s["Storage"] == ["persistent"]
    assert s["SystemMaxUse"]
    assert s["SystemMaxFileSize"]


@pytest.mark.parametrize(("label", "name"), [
    ("EXPO2026", "EXPO2026"),
    ("Clé USB", "Cl_USB"),
    ("../../etc", "_.._etc"),
    ("..", "sdb1"),
    ("", "sdb1"),
    ("a/b c", "a_b_c"),
])
def test_usb_labels_become_safe_folder_names(label, name):
    r = subprocess.run([str(LINUX / "kiosk-usb-mount"), "name", label, "sdb1"],
                       capture_output=True, text=True, check=True)
    assert r.stdout.strip() == name
    assert "/" not in r.stdout
    assert not r.stdout.startswith(".")


def test_usb_rule_starts_the_mount_service_for_usb_filesystems():
    rule = (LINUX / "90-kiosk-usb.rules").read_text()
    active = [line for line in rule.splitlines() if line and not line.startswith("#")]
    assert len(active) == 1
    assert 'ENV{ID_BUS}=="usb"' in active[0]
    assert 'ENV{ID_FS_USAGE}=="filesystem"' in active[0]
    assert 'ENV{SYSTEMD_WANTS}+="kiosk-usb-mount@%k.service"' in active[0]


def fake_compositor(tmp_path: Path) -> Path:
    """Stands in for cage: drops its own options, then runs the client with a screen Qt can
    use here (offscreen)."""
    cage = tmp_path / "cage"
    cage.write_text('#!/bin/sh\necho "cage $*" >&2\nwhile [ "$1" != "--" ]; do shift; done\n'
                    'shift\nQT_QPA_PLATFORM=offscreen exec "$@"\n')
    cage.chmod(cage.stat().st_mode | stat.S_IXUSR)
    return cage


def test_session_hides_systemds_main_pid_from_the_kiosk(tmp_path):
    probe = tmp_path / "probe"
    probe.write_text('#!/bin/sh\necho "args=$*"\necho "pid=${WATCHDOG_PID-unset}"\n'
                     'echo "usec=${WATCHDOG_USEC-unset}"\necho "qpa=$QT_QPA_PLATFORM"\n')
    probe.chmod(0o755)
    env = {**os.environ, "KIOSK_CAGE": str(fake_compositor(tmp_path)), "KIOSK_APP": str(probe),
           "WATCHDOG_PID": "1", "WATCHDOG_USEC": "30000000"}
    r = subprocess.run([str(LINUX / "kiosk-session")], capture_output=True, text=True, env=env,
                       timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("cage -d -s -- ")
    assert r.stdout.splitlines() == ["args=run", "pid=unset", "usec=30000000", "qpa=offscreen"]


@pytest.mark.parametrize("status", [0, 1, 75])
def test_session_exits_with_the_kiosks_status(tmp_path, status):
    """cage returns its own status; the session must return the kiosk's (75 = maintenance)."""
    probe = tmp_path / "probe"
    probe.write_text(f"#!/bin/sh\nexit {status}\n")
    probe.chmod(0o755)
    cage = tmp_path / "cage"
    cage.write_text('#!/bin/sh\nwhile [ "$1" != "--" ]; do shift; done; shift\n"$@"\nexit 0\n')
    cage.chmod(0o755)
    env = {**os.environ, "KIOSK_CAGE": str(cage), "KIOSK_APP": str(probe),
           "TMPDIR": str(tmp_path)}
    r = subprocess.run([str(LINUX / "kiosk-session")], capture_output=True, text=True, env=env,
                       timeout=30)
    assert r.returncode == status, r.stderr
    assert not list(tmp_path.glob("kiosk-exit.*")), "the status file was left behind"


def test_session_refuses_an_unknown_kind(tmp_path):
    r = subprocess.run([str(LINUX / "kiosk-session")], capture_output=True, text=True,
                       env={**os.environ, "KIOSK_SESSION": "weston"}, timeout=30)
    assert r.returncode == 2
    assert "cage or x11" in r.stderr


@pytest.mark.e2e
def test_kiosk_through_the_session_notifies_ready_then_watchdog(tmp_path):
    """The chain systemd starts (kiosk-session → compositor → kiosk) against a local notify
    socket: READY=1 once the first screen is painted, then WATCHDOG=1 every half timeout."""
    notify = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    sock.settimeout(60)
    launcher = tmp_path / "kiosk"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kiosk "$@"\n')
    launcher.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    # Every proxy on a closed local port: the services started after the paint stay local.
    env.update(HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               ALL_PROXY="http://127.0.0.1:9")
    env.update(NOTIFY_SOCKET=str(notify), WATCHDOG_USEC="600000", WATCHDOG_PID="1",
               KIOSK_CAGE=str(fake_compositor(tmp_path)), KIOSK_APP=str(launcher),
               KIOSK_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([str(LINUX / "kiosk-session")], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        got = [sock.recv(4096).decode() for _ in range(4)]
    finally:
        # As systemd stops a unit: the whole group (session, compositor, kiosk) gets SIGTERM.
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        sock.close()
    assert got == ["READY=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"], err
    assert '"event": "first_paint"' in out

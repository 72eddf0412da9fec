"""kiosk-usb-mount on real filesystems: disk images on loop devices stand in for USB sticks.

Needs root and loop devices (CI has both); skipped cleanly elsewhere.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MOUNT = ROOT / "packaging" / "linux" / "kiosk-usb-mount"

pytestmark = pytest.mark.integration


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (packaging/dev.sh test installs it)")
    return path


@pytest.fixture
def stick(tmp_path):
    """make(fs, label) -> kernel name of a loop device holding a fresh filesystem."""
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    needs("losetup")
    loops: list[str] = []

    def make(fs: str, label: str) -> str:
        if fs not in Path("/proc/filesystems").read_text().split():
            pytest.skip(f"this kernel cannot mount {fs}")
        image = tmp_path / f"stick{len(loops)}.img"
        with image.open("wb") as f:
            f.truncate(32 * 1024 * 1024)
        if fs == "vfat":
            subprocess.run([needs("mkfs.vfat"), "-n", label, str(image)], check=True,
                           capture_output=True)
        else:
            subprocess.run([needs("mkfs.ext4"), "-q", "-L", label, str(image)], check=True,
                           capture_output=True)
        r = subprocess.run(["losetup", "-f", "--show", str(image)], capture_output=True,
                           text=True)
        if r.returncode != 0:
            pytest.skip(f"no loop device here: {r.stderr.strip()}")
        loops.append(r.stdout.strip())
        return Path(loops[-1]).name

    yield make
    for loop in loops:
        subprocess.run(["umount", "-l", loop], capture_output=True)
        subprocess.run(["losetup", "-d", loop], capture_output=True)


@pytest.fixture
def usb(tmp_path):
    root, state = tmp_path / "media", tmp_path / "state"
    env = {**os.environ, "KIOSK_USB_ROOT": str(root), "KIOSK_USB_STATE": str(state),
           "KIOSK_USER": "nobody"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(MOUNT), *args], capture_output=True, text=True, env=env,
                              timeout=60)

    run.root = root
    yield run
    for kname in (os.listdir(state) if state.is_dir() else []):
        run("remove", kname)


def mount_options(path: Path) -> list[str]:
    for line in Path("/proc/mounts").read_text().splitlines():
        fields = line.split()
        if fields[1] == str(path):
            return fields[3].split(",")
    return []


def test_a_fat_stick_is_mounted_under_its_label_writable_by_the_kiosk_user(stick, usb):
    kname = stick("vfat", "EXPO 2026")
    r = usb("add", kname)
    assert r.returncode == 0, r.stderr
    target = usb.root / "EXPO_2026"
    assert os.path.ismount(target)
    options = mount_options(target)
    assert {"rw", "nosuid", "nodev", "noexec"} <= set(options)
    nobody = pwd.getpwnam("nobody")
    assert target.stat().st_uid == nobody.pw_uid
    # The kiosk user writes there (the journal export, the health report).
    w = subprocess.run(["runuser", "-u", "nobody", "--", "touch", str(target / "report.json")],
                       capture_output=True, text=True)
    assert w.returncode == 0, w.stderr
    # What the kiosk's USB scan sees with KIOSK_USB_ROOTS pointing at the root.
    from kiosk.core.health import system

    assert [v.label for v in system.usb_volumes([usb.root])] == ["EXPO_2026"]

    r = usb("remove", kname)
    assert r.returncode == 0, r.stderr
    assert not target.exists(), "the mount point is left behind"


def test_two_sticks_with_one_label_get_two_folders(stick, usb):
    first, second = stick("ext4", "CONTENU"), stick("ext4", "CONTENU")
    assert usb("add", first).returncode == 0
    r = usb("add", second)
    assert r.returncode == 0, r.stderr
    assert os.path.ismount(usb.root / "CONTENU")
    assert os.path.ismount(usb.root / f"CONTENU-{second}")


def test_a_stick_pulled_out_is_unmounted_without_hanging(stick, usb):
    kname = stick("ext4", "PULLED")
    assert usb("add", kname).returncode == 0
    subprocess.run(["losetup", "-d", f"/dev/{kname}"], capture_output=True)
    r = usb("remove", kname)
    assert r.returncode == 0, r.stderr
    assert not (usb.root / "PULLED").exists()


def test_a_device_without_a_readable_filesystem_is_refused(stick, usb, tmp_path):
    kname = stick("ext4", "X")
    subprocess.run(["wipefs", "-a", f"/dev/{kname}"], capture_output=True, check=True)
    r = usb("add", kname)
    assert r.returncode == 1
    assert "does not read" in r.stderr
    assert not usb.root.exists() or not any(usb.root.iterdir())

"""A small real disk for tests of full and read-only storage: a tmpfs mounted under the
test's tmp_path (needs the right to mount: root in a container; skipped elsewhere).

    def test_x(small_disk):
        db = small_disk.path / "cache.db"
        ...
        small_disk.fill()          # no byte left (ENOSPC from the kernel, not a mock)
        small_disk.read_only()     # remounted read-only (EROFS, even for root)
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


class SmallDisk:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fill(self) -> None:
        """Write a filler file until the kernel says the disk is full."""
        with open(self.path / ".filler", "wb", buffering=0) as f:
            block = b"\0" * 4096
            try:
                while True:
                    f.write(block)
            except OSError:
                pass
        for size in (512, 64, 1):  # the last partial blocks too
            try:
                with open(self.path / f".filler-{size}", "wb", buffering=0) as g:
                    while True:
                        g.write(b"\0" * size)
            except OSError:
                pass

    def free(self) -> None:
        for p in self.path.glob(".filler*"):
            p.unlink()

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)


@pytest.fixture
def small_disk(tmp_path):
    path = tmp_path / "disk"
    path.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs",
                        str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield SmallDisk(path)
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)

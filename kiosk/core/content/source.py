"""Reading a bundle that is a folder or a .zip: its entries, small files and file streams.

Nothing here trusts the bundle: every entry reports what it really is (file, folder, link,
device), so the verifier can reject what the manifest does not describe. An error reading the
source (a USB stick pulled, a folder removed) raises SourceGone, never a half result.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, cast

from kiosk.core.content.manifest import MAX_FILES, Rejected, check_path

# Entries of a bundle zip: its files (build.py writes no folder entries), the manifest and
# its signature, and slack for zips made by hand. zipfile builds one ZipInfo per entry (about
# 750 bytes each) when it opens the file, so the count is read from the end record first.
MAX_ZIP_ENTRIES = MAX_FILES + 1000
MAX_CENTRAL_DIR = MAX_ZIP_ENTRIES * 1024  # bytes: names are short paths
MAX_TREE_DEPTH = 64
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"


def zip_directory_size(path: Path) -> tuple[int, int] | None:
    """(entries, central directory bytes) from a zip's end records, or None when there is
    no end record (zipfile then says the file is no zip). Reads at most 64 KiB + 76 bytes."""
    with open(path, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        tail_len = min(size, 22 + 65535)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        at = tail.rfind(_EOCD)
        if at < 0 or len(tail) - at < 22:
            return None
        entries, cd_size = struct.unpack("<xxxxxxxxxxHI", tail[at:at + 16])
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the real counts are earlier
            eocd_pos = size - tail_len + at
            if eocd_pos < 20:
                return entries, cd_size
            f.seek(eocd_pos - 20)
            loc = f.read(20)
            if loc[:4] != _EOCD64_LOCATOR:
                return entries, cd_size
            (rec_pos,) = struct.unpack("<Q", loc[8:16])
            f.seek(rec_pos)
            rec = f.read(56)
            if len(rec) < 56 or rec[:4] != _EOCD64:
                return entries, cd_size
            entries, cd_size = struct.unpack("<QQ", rec[32:48])
        return entries, cd_size

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# An open member of a bundle: a file, a stored zip member read with pread, or zipfile's own.
Member: TypeAlias = io.RawIOBase | io.BufferedIOBase


class SourceGone(OSError):
    """The bundle's files cannot be read any more (stick pulled, folder removed)."""


@dataclass(frozen=True)
class Entry:
    path: str
    type: str  # "file", "dir", "link", "device"
    size: int | None = None


class BundleSource(ABC):
    """A bundle to read; use as a context manager."""

    location: Path

    @abstractmethod
    def entries(self) -> list[Entry]:
        """Every entry, recursively, with what it really is."""

    @abstractmethod
    def read_small(self, name: str, limit: int) -> bytes | None:
        """A small top-level file (manifest, signature) or None when absent."""

    @abstractmethod
    def open(self, path: str) -> Member:
        """A binary stream of one file entry."""

    @abstractmethod
    def close(self) -> None:
        """Release the open container, if any."""

    def __enter__(self) -> BundleSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "device"  # character or block device, fifo, socket


class DirSource(BundleSource):
    def __init__(self, root: Path) -> None:
        self.location = root

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        try:
            self._walk(self.location, "", out)
        except FileNotFoundError as e:
            raise SourceGone(f"{self.location}: the bundle disappeared ({e})") from e
        return out

    def _walk(self, folder: Path, prefix: str, out: list[Entry]) -> None:
        if prefix.count("/") >= MAX_TREE_DEPTH:  # before Python's recursion limit does
            raise Rejected("over-cap", f"{prefix}: folders nested deeper than "
                           f"{MAX_TREE_DEPTH} levels")
        with os.scandir(folder) as it:
            for de in it:
                rel = f"{prefix}{de.name}"
                st = de.stat(follow_symlinks=False)
                kind = _kind_of(st.st_mode)
                out.append(Entry(rel, kind, st.st_size if kind == "file" else None))
                if kind == "dir":
                    self._walk(Path(de.path), rel + "/", out)

    def read_small(self, name: str, limit: int) -> bytes | None:
        p = self.location / name
        try:
            st = p.lstat()
        except FileNotFoundError:
            if not self.location.is_dir():
                raise SourceGone(f"{self.location}: the bundle disappeared") from None
            return None
        if not stat.S_ISREG(st.st_mode):
            raise Rejected("link" if stat.S_ISLNK(st.st_mode) else "device",
                           f"{name} is not a regular file")
        if st.st_size > limit:
            raise Rejected("bad-manifest", f"{name} is over {limit} bytes")
        try:
            return p.read_bytes()
        except OSError as e:
            raise SourceGone(f"{p}: cannot read ({e})") from e

    def close(self) -> None:
        """A folder holds nothing open between reads."""

    def open(self, path: str) -> Member:
        try:
            # O_NOFOLLOW: a file swapped for a link after the listing is still refused.
            fd = os.open(self.location / path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as e:
            raise SourceGone(f"{self.location / path}: cannot open ({e})") from e
        return os.fdopen(fd, "rb", buffering=0)


class ZipSource(BundleSource):
    def __init__(self, path: Path) -> None:
        self.location = path
        try:
            counts = zip_directory_size(path)
            if counts is not None and (counts[0] > MAX_ZIP_ENTRIES
                                       or counts[1] > MAX_CENTRAL_DIR):
                raise Rejected("over-cap", f"{path.name}: {counts[0]} entries "
                               f"({counts[1]} bytes of directory) is over the "
                               f"{MAX_ZIP_ENTRIES}-entry cap")
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as e:
            raise Rejected("corrupt-zip", f"{path.name} is not a readable zip ({e})") from None
        except FileNotFoundError as e:
            raise SourceGone(f"{path}: the bundle disappeared") from e
        except OSError as e:
            raise SourceGone(f"{path}: cannot read ({e})") from e
        self._infos: dict[str, zipfile.ZipInfo] = {}
        try:
            self._fd = os.open(path, os.O_RDONLY)
            self._size = os.fstat(self._fd).st_size
        except OSError as e:
            self.zf.close()
            raise SourceGone(f"{path}: cannot read ({e})") from e

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        seen: set[str] = set()
        for info in self.zf.infolist():
            name = info.filename
            is_dir = name.endswith("/")
            rel = name.rstrip("/")
            check_path(rel)
            if rel in seen:
                raise Rejected("corrupt-zip", f"{rel!r} appears twice in the zip")
            seen.add(rel)
            if info.flag_bits & 0x1:
                raise Rejected("corrupt-zip", f"{rel}: encrypted zip entries are not supported")
            mode = info.external_attr >> 16
            if info.create_system == 3 and stat.S_IFMT(mode):  # a Unix file type is given
                kind = _kind_of(mode)
                if kind == "file" and is_dir:
                    kind = "dir"
            else:
                kind = "dir" if is_dir else "file"
            out.append(Entry(rel, kind, info.file_size if kind == "file" else None))
            self._infos[rel] = info
        return out

    def read_small(self, name: str, limit: int) -> bytes | None:
        if not self._infos:
            self.entries()
        info = self._infos.get(name)
        if info is None:
            return None
        if info.file_size > limit:
            raise Rejected("bad-manifest", f"{name} is over {limit} bytes")
        try:
            with self.zf.open(info) as f:
                return f.read(limit + 1)
        except (zipfile.BadZipFile, EOFError) as e:
            raise Rejected("corrupt-zip", f"{name}: {e}") from None
        except OSError as e:
            raise SourceGone(f"{self.location}: cannot read ({e})") from e

    def open(self, path: str) -> Member:
        if not self._infos:
            self.entries()
        info = self._infos[path]
        if info.compress_type == zipfile.ZIP_STORED:
            return self._open_stored(info)
        try:
            # typeshed says IO[bytes]; zipfile hands back a ZipExtFile (a BufferedIOBase).
            return cast(zipfile.ZipExtFile, self.zf.open(info))
        except (zipfile.BadZipFile, EOFError) as e:
            raise Rejected("corrupt-zip", f"{path}: {e}") from None
        except OSError as e:
            raise SourceGone(f"{self.location}: cannot read ({e})") from e

    def _open_stored(self, info: zipfile.ZipInfo) -> Member:
        """A stored member read straight from the file with pread: no copy through
        zipfile's buffers and no CRC pass (the sha256 of the manifest is the check)."""
        try:
            header = os.pread(self._fd, 30, info.header_offset)
        except OSError as e:
            raise SourceGone(f"{self.location}: cannot read ({e})") from e
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise Rejected("corrupt-zip", f"{info.filename}: bad local header")
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        if info.compress_size != info.file_size or start + info.file_size > self._size:
            raise Rejected("corrupt-zip", f"{info.filename}: the zip is cut inside it")
        return _StoredMember(self._fd, start, info.file_size)

    def close(self) -> None:
        self.zf.close()
        os.close(self._fd)


class _StoredMember(io.RawIOBase):
    """The bytes of one stored zip member, read with pread (the fd stays the source's)."""

    def __init__(self, fd: int, start: int, size: int) -> None:
        super().__init__()
        self._fd = fd
        self._pos = start
        self._end = start + size

    def readable(self) -> bool:
        return True

    def readinto(self, b: WriteableBuffer) -> int:
        view = memoryview(b)
        n = min(view.nbytes, self._end - self._pos)
        if n <= 0:
            return 0
        got = os.preadv(self._fd, [view[:n]], self._pos)
        if got == 0:
            raise EOFError("the zip ends inside a member")
        self._pos += got
        return got


def open_source(path: Path) -> BundleSource:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise SourceGone(f"{path}: no such bundle") from None
    if stat.S_ISDIR(st.st_mode):
        return DirSource(path)
    if stat.S_ISREG(st.st_mode):
        return ZipSource(path)
    raise Rejected("not-a-bundle", f"{path} is neither a folder nor a .zip")

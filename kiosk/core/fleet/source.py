"""Where the report reads from: a folder, an http(s) WebDAV collection, or an s3:// bucket.

A folder may be the collection point's own (`journal/` and `health/` inside), a USB stick
(its `kiosk-fleet/`), or a plain `journal export --format parquet` folder (`kiosk=…/` inside).
A collection URL (`https://user:password@host/fleet/` for basic authentication: the
credentials are used, never printed) is listed with WebDAV PROPFIND (Depth 1, folder by
folder: what nginx's dav-ext module answers) and an s3:// address with ListObjectsV2; their
files are mirrored into a local folder first (only the files whose size changed are fetched
again), then read there.
"""

from __future__ import annotations

import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core.fileio import atomic_write_bytes

STICK_FOLDER = "kiosk-fleet"
JOURNAL = "journal"
HEALTH = "health"
_DAV = "{DAV:}"


class SourceError(RuntimeError):
    """A source that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Layout:
    journal: Path  # holds kiosk=…/date=…/events.parquet
    health: Path | None  # holds <kiosk>.json
    origin: str  # what the operator named

    def parquet_files(self) -> list[Path]:
        return sorted(self.journal.glob("kiosk=*/date=*/*.parquet"))

    def health_files(self) -> list[Path]:
        return sorted(self.health.glob("*.json")) if self.health else []


def layout(folder: Path, origin: str | None = None) -> Layout:
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"{folder}: no such folder")
    if (folder / STICK_FOLDER).is_dir():
        folder = folder / STICK_FOLDER
    journal = folder / JOURNAL if (folder / JOURNAL).is_dir() else folder
    health = folder / HEALTH if (folder / HEALTH).is_dir() else None
    return Layout(journal, health, origin or str(folder))


def open_source(source: str, cache: Path, *, s3_endpoint: str | None = None,
                session: Any = None) -> Layout:
    """A local Layout of SOURCE; remote sources are mirrored into `cache` first."""
    if source.startswith(("http://", "https://")):
        mirror_http(source, cache, session=session)
        return layout(cache, public(source))
    if source.startswith("s3://"):
        mirror_s3(source, cache, endpoint=s3_endpoint)
        return layout(cache, source)
    return layout(Path(source).expanduser(), source)


def public(url: str) -> str:
    """`url` without the user and password it may carry (they never reach the report)."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


# --- http(s) WebDAV ---------------------------------------------------------------------------
def _propfind(session: Any, url: str) -> list[tuple[str, bool, int]]:
    """(absolute URL, is a folder, size) of each member of the collection at `url`."""
    import requests

    body = ('<?xml version="1.0" encoding="utf-8"?><propfind xmlns="DAV:"><prop>'
            "<resourcetype/><getcontentlength/></prop></propfind>")
    try:
        r = session.request("PROPFIND", url, data=body, timeout=(5, 60),
                            headers={"Depth": "1", "Content-Type": "application/xml"})
    except requests.RequestException as e:
        raise SourceError(f"{url}: unreachable ({type(e).__name__})") from e
    if r.status_code == 404:
        return []
    if r.status_code != 207:
        raise SourceError(f"{url}: PROPFIND answered HTTP {r.status_code} (is it a WebDAV "
                          "collection? nginx needs dav_ext_methods PROPFIND)")
    try:
        root = ET.fromstring(r.content)
    except ET.ParseError as e:
        raise SourceError(f"{url}: not a WebDAV answer ({e})") from e
    out = []
    here = urllib.parse.urlsplit(url).path.rstrip("/")
    for resp in root.iter(f"{_DAV}response"):
        href = resp.findtext(f"{_DAV}href") or ""
        path = urllib.parse.urlsplit(href).path
        if urllib.parse.unquote(path).rstrip("/") == urllib.parse.unquote(here):
            continue  # the collection itself
        is_dir = resp.find(f".//{_DAV}resourcetype/{_DAV}collection") is not None
        size = resp.findtext(f".//{_DAV}getcontentlength") or "0"
        out.append((urllib.parse.urljoin(url, href), is_dir, int(size) if size.isdigit()
                    else 0))
    return out


def mirror_http(url: str, cache: Path, *, session: Any = None) -> int:
    """Fetch journal/ and health/ of the collection at `url` into `cache`; returns files
    fetched (those already there with the same size are kept)."""
    from kiosk.core import net

    session = session or net.make_session()
    base = url if url.endswith("/") else url + "/"
    fetched = 0
    todo = [base + JOURNAL + "/", base + HEALTH + "/"]
    while todo:
        folder = todo.pop(0)
        for member, is_dir, size in _propfind(session, folder):
            if is_dir:
                todo.append(member if member.endswith("/") else member + "/")
                continue
            rel = urllib.parse.unquote(urllib.parse.urlsplit(member).path)[
                len(urllib.parse.unquote(urllib.parse.urlsplit(base).path)):]
            local = _safe(cache, rel)
            if local is None or not (rel.endswith(".parquet") or rel.endswith(".json")):
                continue
            if local.exists() and local.stat().st_size == size:
                continue
            try:
                res = net.fetch(session, member, max_bytes=512 * 1024 * 1024)
            except net.FetchError as e:
                raise SourceError(str(e)) from e
            atomic_write_bytes(local, res.content)
            fetched += 1
    return fetched


def _safe(cache: Path, rel: str) -> Path | None:
    """`cache/rel`, or None for a name that would leave the cache folder."""
    parts = [p for p in rel.split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    return Path(cache).joinpath(*parts)


# --- s3:// ------------------------------------------------------------------------------------
def mirror_s3(address: str, cache: Path, *, endpoint: str | None = None,
              client: Any = None) -> int:
    """Fetch `s3://bucket/prefix/{journal,health}/…` into `cache` (credentials: boto3's
    chain, e.g. AWS_ACCESS_KEY_ID; endpoint: `endpoint` or AWS_ENDPOINT_URL)."""
    parts = urllib.parse.urlsplit(address)
    bucket, prefix = parts.netloc, parts.path.strip("/")
    prefix = prefix + "/" if prefix else ""
    if client is None:
        import boto3

        client = boto3.session.Session().client("s3", endpoint_url=endpoint or None)
    from botocore.exceptions import BotoCoreError, ClientError

    fetched = 0
    try:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                 Prefix=prefix)
        for page in pages:
            for obj in page.get("Contents", []):
                rel = obj["Key"][len(prefix):]
                if not rel.startswith((JOURNAL + "/", HEALTH + "/")):
                    continue
                local = _safe(cache, rel)
                if local is None or (local.exists() and local.stat().st_size == obj["Size"]):
                    continue
                body = client.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
                atomic_write_bytes(local, body)
                fetched += 1
    except (BotoCoreError, ClientError) as e:
        raise SourceError(f"{address}: {e}") from e
    return fetched

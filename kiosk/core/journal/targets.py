"""Where `journal push` sends files: an HTTP PUT / WebDAV collection, an S3-compatible bucket,
or a folder (the USB stick). Each target stores a file under a relative name such as
`journal/kiosk=k…/date=2026-11-27/events.parquet` or `health/k….json`.

A failure is a PushError; `transient` ones (no network, a timeout, HTTP 429 and 5xx, the
bucket's SlowDown) are worth retrying, the others (403, a wrong bucket, a full stick) are not
until something is changed. Each put sends one whole file: a file cut off mid-way is never
stored by nginx (its temp file is dropped) nor by S3 (a PUT is all or nothing), so sending it
again is how a push resumes.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any, Protocol

from kiosk.core.fileio import atomic_write_bytes
from kiosk.core.health.system import LOOPBACK_ONLY_ENV, is_loopback_host, loopback_only
from kiosk.core.settings import CollectSection

PARQUET_TYPE = "application/vnd.apache.parquet"
JSON_TYPE = "application/json"
TIMEOUT = (5.0, 60.0)


class PushError(RuntimeError):
    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class Target(Protocol):
    key: str  # identifies the target in the push state (never holds a secret)
    name: str  # for people: the address without credentials
    remembers: bool  # True: what was sent is kept in the state; False: ask has()

    def put(self, rel: str, data: bytes, content_type: str) -> None: ...

    def has(self, rel: str, size: int) -> bool: ...


class HttpTarget:
    """PUT to `<url>/<rel>`. A WebDAV server that will not create folders on PUT answers 409
    (RFC 4918; nginx without `create_full_put_path` answers 500): then each parent gets a
    MKCOL and the PUT is tried once more."""

    remembers = True

    def __init__(self, url: str, *, user: str = "", password: str = "",
                 session: Any = None) -> None:
        from kiosk.core import net

        self.base = url if url.endswith("/") else url + "/"
        parts = urllib.parse.urlsplit(self.base)
        self.name = urllib.parse.urlunsplit((parts.scheme, parts.hostname or "", parts.path,
                                             "", "")) if parts.port is None else (
            f"{parts.scheme}://{parts.hostname}:{parts.port}{parts.path}")
        self.key = f"http {self.name}"
        self.auth = (user, password) if user else None
        self.session = session or net.make_session()

    def _url(self, rel: str) -> str:
        return self.base + urllib.parse.quote(rel, safe="/=")

    def _request(self, method: str, url: str, **kw: Any) -> Any:
        import requests

        try:
            return self.session.request(method, url, auth=self.auth, timeout=TIMEOUT, **kw)
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as e:
            what = "timed out" if isinstance(e, requests.Timeout) else "unreachable"
            if LOOPBACK_ONLY_ENV in str(e):
                raise PushError(f"{url}: refused ({LOOPBACK_ONLY_ENV}=loopback)") from e
            raise PushError(f"{url}: {what} ({type(e).__name__})", transient=True) from e
        except requests.RequestException as e:
            raise PushError(f"{url}: {e}") from e

    def _check(self, r: Any, url: str) -> None:
        if r.status_code in (200, 201, 204):
            return
        transient = r.status_code == 429 or r.status_code >= 500
        hint = " (check collect.http_user / http_password)" if r.status_code in (401,
                                                                                  403) else ""
        raise PushError(f"{url}: HTTP {r.status_code} {r.reason}{hint}", transient=transient)

    def put(self, rel: str, data: bytes, content_type: str) -> None:
        url = self._url(rel)
        r = self._request("PUT", url, data=data, headers={"Content-Type": content_type})
        if r.status_code in (409, 500):  # maybe the parent collection does not exist yet
            parts = rel.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                col = self._url("/".join(parts[:i]) + "/")
                m = self._request("MKCOL", col)
                if m.status_code not in (201, 405, 409):  # 405: it exists already
                    self._check(m, col)
            r = self._request("PUT", url, data=data, headers={"Content-Type": content_type})
        self._check(r, url)

    def has(self, rel: str, size: int) -> bool:
        return False


class S3Target:
    """put_object to `<bucket>/<prefix><rel>` of AWS S3 or any S3-compatible service."""

    remembers = True

    def __init__(self, c: CollectSection, client: Any = None) -> None:
        self.bucket = c.s3_bucket
        self.prefix = c.s3_prefix.strip("/") + "/" if c.s3_prefix.strip("/") else ""
        endpoint = c.s3_endpoint or None
        self.name = f"s3://{self.bucket}/{self.prefix}" + (f" ({endpoint})" if endpoint else "")
        self.key = f"s3 {endpoint or 'aws'} {self.bucket} {self.prefix}"
        if endpoint and loopback_only() and not is_loopback_host(
                urllib.parse.urlsplit(endpoint).hostname or ""):
            raise PushError(f"{endpoint}: refused ({LOOPBACK_ONLY_ENV}=loopback)")
        self._settings = c
        self._client = client

    @property
    def client(self) -> Any:
        # boto3 takes a few tenths of a second to import: only when something is sent.
        if self._client is None:
            self._client = s3_client(self._settings)
        return self._client

    def put(self, rel: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        key = self.prefix + rel
        try:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=data,
                                   ContentType=content_type)
        except ClientError as e:
            err = e.response.get("Error", {})
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
            transient = status >= 500 or status == 429 or err.get("Code") in (
                "SlowDown", "RequestTimeout", "ServiceUnavailable")
            raise PushError(f"s3://{self.bucket}/{key}: {err.get('Code', status)} "
                            f"{err.get('Message', '')}".strip(), transient=transient) from e
        except BotoCoreError as e:  # no network, a timeout, no credentials
            from botocore.exceptions import NoCredentialsError

            raise PushError(f"s3://{self.bucket}/{key}: {e}",
                            transient=not isinstance(e, NoCredentialsError)) from e

    def has(self, rel: str, size: int) -> bool:
        return False


def s3_client(c: CollectSection) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                    read_timeout=60, s3={"addressing_style": "path"} if c.s3_endpoint else {})
    kw: dict[str, Any] = {"config": config}
    if c.s3_endpoint:
        kw["endpoint_url"] = c.s3_endpoint
    if c.s3_region:
        kw["region_name"] = c.s3_region
    if c.s3_access_key:
        kw["aws_access_key_id"] = c.s3_access_key
        kw["aws_secret_access_key"] = c.s3_secret_key
    return boto3.session.Session().client("s3", **kw)


class FolderTarget:
    """Files copied into a folder (a USB stick), each written atomically. Nothing is
    remembered: a file already on this folder with the same size is not copied again."""

    remembers = False

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.name = str(self.folder)
        self.key = f"folder {self.folder}"

    def put(self, rel: str, data: bytes, content_type: str) -> None:
        try:
            atomic_write_bytes(self.folder / rel, data)
        except OSError as e:
            raise PushError(f"{self.folder / rel}: {e.strerror or e}") from e

    def has(self, rel: str, size: int) -> bool:
        try:
            return (self.folder / rel).stat().st_size == size
        except OSError:
            return False


def from_settings(c: CollectSection) -> Target | None:
    """The configured collection point, or None when there is none."""
    if c.url:
        return HttpTarget(c.url, user=c.http_user, password=c.http_password)
    if c.s3_bucket:
        return S3Target(c)
    return None

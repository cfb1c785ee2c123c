"""`publish-s3`: the built site to S3-compatible object storage (Cloudflare R2, Amazon S3,
MinIO) behind a CDN, for a digest that outgrows GitHub Pages' 1 GB.

Only what changed travels: a file whose MD5 equals the object's ETag (what S3 and its
clones give an object written in one PUT) is left alone, and objects under the prefix that
the site no longer has are deleted, after every upload, so a reader never meets a page that
links to one not yet there. Pages, feeds and Pagefind's entry file go up last for the same
reason.

Standard library only: the requests are signed here with AWS Signature Version 4 (checked
against botocore's signer in tests/test_publish.py), which every such store accepts; boto3
would add four packages and pin python-dateutil below 3 for every build, for the three
calls used here (ListObjectsV2, PutObject, DeleteObjects). Credentials come from the
standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) environment
variables only, never from the command line, and no message carries them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from generator.errors import DigestError, UpstreamError
from generator.ingest import http

S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"
DELETE_BATCH = 1000  # DeleteObjects' limit per request
WORKERS = 8  # uploads in flight: 100,000 small files one by one would take most of an hour
ATTEMPTS = 4
# By suffix. Feeds (.xml) are told apart by their root element in content_type().
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "application/javascript", ".mjs": "application/javascript", ".json": "application/json",
    ".xml": "application/xml", ".opml": "text/x-opml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8", ".gz": "application/gzip", ".wasm": "application/wasm",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".avif": "image/avif",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".map": "application/json",
}
LAST = (".html", ".xml", "pagefind-entry.json")  # what links to the rest goes up after it


@dataclass(frozen=True)
class Target:
    endpoint: str  # https://<account>.r2.cloudflarestorage.com, https://s3.<region>.amazonaws.com
    bucket: str
    prefix: str = ""  # "" or "a/b/", the site's folder in the bucket
    region: str = "us-east-1"  # R2: "auto"

    def key(self, rel: str) -> str:
        return self.prefix + rel

    def shown(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str = ""
    token: str = ""

    def __repr__(self) -> str:  # never print the secret, even in a debugger or a log
        return f"Credentials(access_key={self.access_key[:4]}…)"


@dataclass(frozen=True)
class LocalFile:
    path: Path
    md5: str
    size: int


@dataclass(frozen=True)
class Report:
    target: str
    uploads: tuple[str, ...]
    deletes: tuple[str, ...]
    unchanged: int
    upload_bytes: int
    dry_run: bool

    def summary(self) -> str:
        verb = ("would upload", "would delete") if self.dry_run else ("uploaded", "deleted")
        lines = [f"{'dry run: ' if self.dry_run else ''}{self.target}: {verb[0]} {len(self.uploads)} "
                 f"file(s) ({self.upload_bytes:,} bytes), {verb[1]} {len(self.deletes)}, "
                 f"{self.unchanged} unchanged"]
        if self.dry_run:  # what would happen, as far as a screen holds
            for what, keys in ((verb[0], self.uploads), (verb[1], self.deletes)):
                lines += [f"  {what} {k}" for k in keys[:20]]
                lines += [f"  ... and {len(keys) - 20} more"] if len(keys) > 20 else []
        return "\n".join(lines)


def credentials_from(env: Mapping[str, str]) -> Credentials:
    access, secret = env.get("AWS_ACCESS_KEY_ID", ""), env.get("AWS_SECRET_ACCESS_KEY", "")
    if not access or not secret:
        raise UpstreamError("publish-s3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment "
                            "(the bucket's access key; never on the command line)")
    return Credentials(access, secret, env.get("AWS_SESSION_TOKEN", ""))


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if path.name == "feed.json":  # urls.json_feed: the JSON Feed spec's own media type
        return "application/feed+json"
    if suffix == ".xml":
        with path.open("rb") as f:
            head = f.read(512)
        if b"<rss" in head:
            return "application/rss+xml"
        if b"<feed" in head:
            return "application/atom+xml"
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


def local_files(site: Path) -> dict[str, LocalFile]:
    """Every file of the built site by its path inside it ('days/2024-01-02/index.html')."""
    out = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder) / name
            data = path.read_bytes()
            rel = path.relative_to(site).as_posix()
            out[rel] = LocalFile(path, hashlib.md5(data, usedforsecurity=False).hexdigest(), len(data))
    return out


def publish(site: Path, target: Target, creds: Credentials, *, dry_run: bool = False,
            now: Callable[[], datetime] = lambda: datetime.now(tz=UTC)) -> Report:
    if not site.is_dir():
        raise DigestError(f"publish-s3: {site} is not a folder: build the site first")
    bucket = Bucket(target, creds, now)
    local = local_files(site)
    remote = bucket.list()
    wanted = {target.key(rel): f for rel, f in local.items()}
    uploads = sorted((k for k, f in wanted.items() if remote.get(k) != f.md5),
                     key=lambda k: (k.endswith(LAST), k))
    deletes = sorted(set(remote) - set(wanted))
    report = Report(target.shown(), tuple(uploads), tuple(deletes), len(wanted) - len(uploads),
                    sum(wanted[k].size for k in uploads), dry_run)
    if dry_run:
        return report
    first = [k for k in uploads if not k.endswith(LAST)]
    for batch in (first, uploads[len(first):]):
        with ThreadPoolExecutor(WORKERS) as pool:
            # list() raises the first failure; the pool finishes what is in flight.
            list(pool.map(lambda k: bucket.put(k, wanted[k].path), batch))
    for i in range(0, len(deletes), DELETE_BATCH):
        bucket.delete(deletes[i:i + DELETE_BATCH])
    return report


class Bucket:
    """The three S3 calls publishing needs, path-style (endpoint/bucket/key), as every
    S3-compatible store accepts, each signed with Signature Version 4."""

    page = 1000  # keys a listing answer holds (S3's maximum)
    backoff = 0.25  # seconds before the first retry of a dropped connection, 429 or 5xx

    def __init__(self, target: Target, creds: Credentials, now: Callable[[], datetime]) -> None:
        parts = urlsplit(target.endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
            raise UpstreamError(f"publish-s3: --endpoint {target.endpoint!r} is not an http(s):// "
                                "address without a path")
        self.target, self.creds, self.now = target, creds, now
        self.base, self.host = f"{parts.scheme}://{parts.netloc}", parts.netloc

    def list(self) -> dict[str, str]:
        """Every object under the prefix: key -> ETag (quotes stripped)."""
        out: dict[str, str] = {}
        token = ""
        while True:
            query = {"list-type": "2", "max-keys": str(self.page), "prefix": self.target.prefix}
            query |= {"continuation-token": token} if token else {}
            root = self._xml(self._call("GET", "", query))
            for item in root.iter(f"{S3_NS}Contents"):
                out[item.findtext(f"{S3_NS}Key", "")] = item.findtext(f"{S3_NS}ETag", "").strip('"')
            token = root.findtext(f"{S3_NS}NextContinuationToken", "")
            if root.findtext(f"{S3_NS}IsTruncated") != "true" or not token:
                return out

    def put(self, key: str, path: Path) -> None:
        self._call("PUT", key, {}, path.read_bytes(), {"content-type": content_type(path)})

    def delete(self, keys: Iterable[str]) -> None:
        body = ("<Delete><Quiet>true</Quiet>"
                + "".join(f"<Object><Key>{escape(k)}</Key></Object>" for k in keys) + "</Delete>").encode()
        md5 = base64.b64encode(hashlib.md5(body, usedforsecurity=False).digest()).decode()
        root = self._xml(self._call("POST", "", {"delete": ""}, body,
                                    {"content-type": "application/xml", "content-md5": md5}))
        failed = root.find(f"{S3_NS}Error")
        if failed is not None:
            raise UpstreamError(f"publish-s3: {self.target.shown()}: could not delete "
                                f"{failed.findtext(f'{S3_NS}Key', '')}: {_problem(failed)}")

    def _call(self, method: str, key: str, query: dict[str, str], body: bytes = b"",
              headers: dict[str, str] | None = None) -> bytes:
        path = "/" + quote(self.target.bucket) + ("/" + quote(key, safe="/~") if key else "")
        qs = "&".join(f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in sorted(query.items()))
        shown = f"{self.base}{path}"
        for attempt in range(1, ATTEMPTS + 1):
            signed = sign(method, self.host, path, qs, dict(headers or {}), body, self.creds,
                          self.target.region, self.now())
            # A PUT of an empty file still sends its Content-Length: 0, which S3 requires.
            # The User-Agent stays unsigned (as botocore leaves it): proxies rewrite it.
            request = urllib.request.Request(f"{self.base}{path}{'?' + qs if qs else ''}",
                                             data=None if method == "GET" else body,
                                             headers=signed | {"user-agent": http.USER_AGENT}, method=method)
            try:
                status, _, _, answer = http._attempt(request, 60.0, http.MAX_BYTES)
            except http._Fault as fault:
                if not fault.retry or attempt == ATTEMPTS:
                    raise UpstreamError(f"publish-s3: {method} {shown}: {fault.problem}") from None
            else:
                if 200 <= status < 300:
                    return answer
                problem = f"HTTP {status}"  # the reason phrase differs by server; S3's Code says it
                try:
                    problem += f": {_problem(ET.fromstring(answer))}"
                except ET.ParseError:
                    pass
                if (status != 429 and status < 500) or attempt == ATTEMPTS:
                    raise UpstreamError(f"publish-s3: {method} {shown}: {problem}")
            time.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _xml(self, body: bytes) -> ET.Element:
        try:
            return ET.fromstring(body)
        except ET.ParseError as exc:
            raise UpstreamError(f"publish-s3: {self.base} answered something other than S3's XML ({exc})") from None


def _problem(error: ET.Element) -> str:
    """Code and Message of an S3 error; never its other fields (a SignatureDoesNotMatch
    answer carries the access key id and the string that was signed)."""
    ns = S3_NS if error.find(f"{S3_NS}Code") is not None else ""
    return " ".join(f"{error.findtext(f'{ns}Code', '')} {error.findtext(f'{ns}Message', '')}".split())[:300]


def sign(method: str, host: str, path: str, query: str, headers: dict[str, str], body: bytes,
         creds: Credentials, region: str, when: datetime) -> dict[str, str]:
    """The request's headers with AWS Signature Version 4 added (service s3). `path` and
    `query` come URI-encoded once, as S3 wants them in the canonical request."""
    stamp, day = when.strftime("%Y%m%dT%H%M%SZ"), when.strftime("%Y%m%d")
    headers = {k.lower(): v.strip() for k, v in headers.items()}
    headers |= {"host": host, "x-amz-date": stamp, "x-amz-content-sha256": hashlib.sha256(body).hexdigest()}
    if creds.token:
        headers["x-amz-security-token"] = creds.token
    names = sorted(headers)
    canonical = "\n".join([method, path, query, *(f"{n}:{headers[n]}" for n in names), "",
                           ";".join(names), headers["x-amz-content-sha256"]])
    scope = f"{day}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{creds.secret_key}".encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return headers

"""The index the Following page reads (issue 19): every paper of an author or organization.

A reader follows names in the browser (docs/assets/follow.js); the Following page then
needs every paper of those names in the archive without fetching the whole archive. The
build writes a map from a normalized name to the slugs of its papers (newest first), split
into shards by a hash of the name, so the page fetches one small file per followed name.
Slugs only, never titles: the page reads each paper's title from its page, as the reading
list does, so the index costs about the bytes of a paper's slug per author.

Keys are "a:" + an author's name or "o:" + an organization's, normalized as follow.js
normalizes them (`key` and `shard` here and `followKey`/`shardOf` there must agree).

A shard is stored gzipped (follow.js unpacks it with DecompressionStream): the index grows
with every author of every paper, 115 bytes a paper as JSON at 25,000 synthetic papers
(nine authors a paper), 1% of the whole site's budget at 100,000; gzip keeps a fifth to a
half of it, the more a name recurs the less."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from generator import ids, urls
from generator.content.records import Paper
from generator.text import normal_name as normal

SHARD_ENTRIES = 4000  # (name, paper) pairs a shard holds about: ~60 KB unpacked, one request
MAX_SHARDS = 4096  # 16 million pairs: far past 250,000 papers


def key(kind: str, name: str) -> str:
    return f"{kind}:{normal(name)}"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-8 bytes: the same number in follow.js (Math.imul)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8", "surrogatepass"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_count(pairs: int) -> int:
    """A power of two, so a shard's number is the hash's low bits."""
    n = 1
    while n * SHARD_ENTRIES < pairs and n < MAX_SHARDS:
        n *= 2
    return n


def shard(k: str, shards: int) -> int:
    return fnv1a(k) % shards


Items = list[tuple[date, Paper]]


def by_name(items: Iterable[tuple[date, Paper]]) -> dict[str, Items]:
    """Every name's papers (key -> (day, paper), in the order given: the archive newest first).
    A paper is listed once per name however often the name repeats on it. One pass serves the
    index below and the pages of the names the digest follows (render/followed.py)."""
    out: dict[str, Items] = defaultdict(list)
    for item in items:
        p = item[1]
        keys = {key("a", a) for a in p.authors if normal(a)}
        if normal(p.organization):
            keys.add(key("o", p.organization))
        for k in keys:
            out[k].append(item)
    return out


def index(items: Iterable[tuple[date, Paper]], names: dict[str, Items] | None = None) -> tuple[int, dict[str, bytes]]:
    """The shard count and the shard files (site path -> JSON), from the archive's papers
    newest first (or their `by_name`, already made)."""
    by_key = by_name(items) if names is None else names
    shards = shard_count(sum(len(v) for v in by_key.values()))
    parts: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for k, papers in by_key.items():
        parts[shard(k, shards)][k] = [ids.slug(p.id) for _, p in papers]
    return shards, {urls.follow_shard(i): _json(part) for i, part in enumerate(parts)}


# Names are untrusted: a shard opened as a page, or pasted into one, holds no markup.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _json(part: dict[str, list[str]]) -> bytes:
    """A shard's bytes: its JSON, gzipped with no name and mtime 0 (the same bytes each build)."""
    text = json.dumps(part, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.translate(_INERT).encode("utf-8"), 9, mtime=0)

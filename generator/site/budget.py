"""The whole-site budget, checked before a build writes anything.

A digest only grows, and a host stops publishing at a size (GitHub Pages: 1 GB), so the
build estimates the site's size from the loaded content and the bytes each paper, day and
topic was measured to cost (`bench/run.py`, synthetic archive), warns well before the
host's limit and refuses past a ceiling that protects the machine's disk. The limits are
settings under `extra.digest` in `mkdocs.yml` (see the README, "Site size and hosts")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.content.records import Digest, Paper, newest_from
from generator.errors import DigestError
from generator.render import feeds, pages

# Measured with bench/run.py on the synthetic archive (20 papers a day, 30 topics): what a
# paper costs beyond the text it brings (its page's shell, head and markup, its card on
# the day page, its line on week and topic pages, sitemap, search index), what each
# character of its own text costs (on its page and its day page, in the index), what a day
# (its page, BibTeX file, share of a week page) and a former id (a redirect page) add, and
# what a topic costs: its pages and feeds, which show its newest papers only. Re-measure
# when pages change; tests/test_budget.py checks the estimate against the built sample.
FIXED = 4_100_000  # assets (KaTeX, the theme), the pages every site has, the site's feeds
# Measured on the synthetic archive: 16,400 with the theme's full chrome on paper pages, down
# to 8,850 as the shells grew lean (overrides/lean.html). Re-measured 2026-12-03 with 9,800:
# 10.1% high at 25,000 papers (345 MB for 313 built), 11.8% at 100,000 (1,277 for 1,142);
# 8,850 reads about 2.5% and 3.4% high, on the safe side.
PER_PAPER = 8_850
PER_TEXT_CHAR = 2.6
# What an abstract's character does not cost on a day older than the newest 30
# (records.newest_from), whose cards link to the abstract on the paper's page (render/pages.py).
# Measured at 3,000 and 25,000 papers: 1,275 and 1,271 bytes less a paper of those days
# (abstracts of ~1,310 characters).
OLD_DAY_ABSTRACT_CHAR = 0.97
# 12,000 before the day and week pages took the lean shell (overrides/lean.html): measured
# at 3,000 papers, a day page 7,624 bytes lighter, a week page 7,630 (1,125 a day).
PER_DAY = 3_300
PER_FORMER_ID = 450
PER_TOPIC = 5_000
PER_TOPIC_FEED_ITEM = 7_000  # an item in the topic's RSS, Atom and JSON feeds, with its categories
PER_TOPIC_CARD = 3_400  # a card on the topic's page, an entry in its BibTeX file

MB = 1_000_000


class BudgetError(DigestError):
    pass


@dataclass(frozen=True)
class Limits:
    """`extra.digest` in mkdocs.yml: the host's limit, the share of it at which the build
    warns, and the ceiling past which it refuses to build."""

    limit_mb: int = 1000  # GitHub Pages publishes at most 1 GB
    warn_share: float = 0.8
    ceiling_mb: int = 8000  # a GitHub runner has 14 GB of disk; a build holds the old site and the new

    @classmethod
    def read(cls, settings: dict[str, Any], shown: str) -> Limits:
        """From the `extra.digest` mapping; `shown` names the file in messages."""
        out: dict[str, Any] = {}
        for key, name, kind in (("site_limit_mb", "limit_mb", int), ("site_warn_at", "warn_share", float),
                                ("site_ceiling_mb", "ceiling_mb", int)):
            if key not in settings:
                continue
            value = settings[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0 \
                    or (kind is int and not isinstance(value, int)):
                what = "a share between 0 and 1, such as 0.8" if kind is float else "a whole number of MB"
                raise BudgetError(f"{shown}: extra.digest.{key}: expected {what}")
            out[name] = kind(value)
        limits = cls(**out)
        if limits.warn_share > 1:
            raise BudgetError(f"{shown}: extra.digest.site_warn_at: expected a share between 0 and 1, such as 0.8")
        return limits


@dataclass(frozen=True)
class Estimate:
    bytes: int
    papers: int
    warning: str = ""  # empty when the site is well within the host's limit


def _text_chars(p: Paper) -> int:
    return len(p.title) + len(p.abstract) + sum(len(a) for a in p.authors) + len(p.note) + len(p.tldr)


def estimate(digest: Digest) -> tuple[int, int]:
    """(bytes, papers) the built site will hold, from the content alone."""
    papers = [p for d in digest.days for p in d.papers]
    per_topic = Counter(slug for p in papers for slug in digest.paper_topics.get(p.id, ()))
    old = [p for d in digest.days[:newest_from(digest.days)] for p in d.papers]
    total = (FIXED + PER_PAPER * len(papers) + PER_TEXT_CHAR * sum(_text_chars(p) for p in papers)
             - OLD_DAY_ABSTRACT_CHAR * sum(len(p.abstract) for p in old)
             + PER_DAY * sum(1 for d in digest.days if d.papers)
             + PER_FORMER_ID * sum(len(p.former_ids) for p in papers)
             + sum(PER_TOPIC + PER_TOPIC_FEED_ITEM * min(per_topic[t.slug], feeds.MAX_ITEMS)
                   + PER_TOPIC_CARD * min(per_topic[t.slug], pages.TOPIC_RECENT) for t in digest.topics))
    return round(total), len(papers)


def check(digest: Digest, limits: Limits, shown: str) -> Estimate:
    """The estimate, with a warning past `warn_share` of the host's limit; BudgetError past
    the ceiling, before anything is written."""
    size, papers = estimate(digest)
    about = f"about {size / MB:,.0f} MB, estimated from {papers:,} papers"
    if size > limits.ceiling_mb * MB:
        raise BudgetError(
            f"refusing to build: the site would be {about}, past the build's ceiling of "
            f"{limits.ceiling_mb:,} MB (extra.digest.site_ceiling_mb in {shown}), which keeps a build "
            f"from filling the machine's disk. Nothing was written. If the machine has the room, "
            f"raise site_ceiling_mb; the README's \"Site size and hosts\" shows how to publish a digest "
            f"this large (or remove days from content/days/).")
    warning = ""
    if size > limits.warn_share * limits.limit_mb * MB:
        share = size / (limits.limit_mb * MB)
        warning = (f"the site will be {about}: {share:.0%} of the host's limit of {limits.limit_mb:,} MB "
                   f"(extra.digest.site_limit_mb in {shown}). "
                   + ("Past it, the host will refuse to publish it. " if share > 1 else "")
                   + "See the README's \"Site size and hosts\" for the way to a larger host.")
    return Estimate(size, papers, warning)

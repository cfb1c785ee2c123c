"""The Jinja environment that turns records into HTML: autoescaped, strict, no untrusted source.

The text filters are pure and memoised: a paper's title and abstract appear on its day page,
its topic pages, the home page and its own page, and are rendered once."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import ids, text, urls

AUTHORS_SHOWN = 8


@lru_cache(maxsize=100_000)
def rich(value: str) -> Markup:
    """Untrusted text as HTML: escaped, $math$ marked for KaTeX, URLs linked, paragraphs kept."""
    return Markup("\n".join(f"<p>{_inline(para)}</p>" for para in value.split("\n\n")))


def inline(value: str) -> Markup:
    return Markup(_inline(value))


def _math(tex: str) -> str:
    # KaTeX reads the element's text; escaping keeps it text until then.
    return f'<span class="pd-math">{escape(tex)}</span>'


def _inline(value: str) -> str:
    parts: list[str] = []
    for kind, segment in text.split_math(value):
        if kind == "math":
            parts.append(_math(segment))
        elif "://" not in segment:
            parts.append(escape(segment))
        else:
            for sub_kind, sub in text.split_links(segment):
                if sub_kind == "url":
                    parts.append(f'<a href="{escape(sub)}" rel="nofollow noopener">{escape(sub)}</a>')
                else:
                    parts.append(escape(sub))
    return "".join(parts)


@lru_cache(maxsize=100_000)
def title_html(value: str) -> Markup:
    """A title with math but no links (titles sit inside links already)."""
    return Markup("".join(_math(segment) if kind == "math" else escape(segment)
                          for kind, segment in text.split_math(value)))


def long_date(day: date) -> str:
    return f"{day:%A}, {day.day} {day:%B %Y}"


def month_name(key: str) -> str:
    year, month = key.split("-")
    return f"{date(int(year), int(month), 1):%B %Y}"


def make_env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(rich=rich, inline=inline, title_html=title_html,
                       long_date=long_date,
                       month_name=month_name, slug=ids.slug, anchor=ids.anchor)
    env.globals.update(freshness=freshness, urls=urls)
    return env


def freshness(root: str, updated: date | None) -> Markup:
    """Every page's last line: when the digest last changed (its newest day, from the
    content), and where to check; for the templates and the paper pages alike."""
    if updated is None:
        return Markup("")
    return Markup(f'<p class="pd-updated">Digest last updated {long_date(updated)}. '
                  f'<a href="{escape(root + urls.STATUS)}">Status of the daily job</a>.</p>')

"""The per-paper HTML fragments, rendered in plain Python: at 25,000 papers a card is built
tens of thousands of times, and this is the hot path. Every untrusted string passes through
`esc` (or the memoised rich/title filters, which escape too) on its way into the markup."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from markupsafe import Markup

from generator import ids, text, urls
from generator.content.records import Links, Paper
from generator.render.html import AUTHORS_SHOWN, long_date, rich, title_html
from generator.render.related import Related

LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "code": "Code", "project": "Project page"}


def esc(value: str) -> str:
    return escape(value, quote=True)


def _tags(slugs: tuple[str, ...], titles: dict[str, str], root: str) -> str:
    return "".join(_tag(slug, titles[slug], root) for slug in slugs)


@lru_cache(maxsize=4096)
def _tag(slug: str, title: str, root: str) -> str:
    return f'<a href="{root}{urls.topic(slug)}">{esc(title)}</a>'


def _links(p: Paper) -> str:
    return _links_html(p.links)


# A paper's links read the same on its day, week, topic and home cards: made once per paper.
# Only the code and project links carry a class (the dense view keeps the code link) and
# rel="nofollow" (their address is whatever upstream or a curator gave: no endorsement);
# arXiv's own links need neither, and "noopener" does nothing without target="_blank".
# An arXiv or PDF link that leaves arxiv.org is named by its host and gets rel too.
@lru_cache(maxsize=65536)
def _links_html(links: Links, *, classes: bool = True) -> str:
    """A paper's links; whatever is not arXiv's own is not endorsed (rel="nofollow"). `classes`:
    the code and project links' classes, which only the day pages' dense view styles."""
    out = []
    for kind, url in links.items():
        host = _host(kind, url)
        ours = kind in ("code", "project")
        attrs = f' class="pd-link--{kind}"' if ours and classes else ""
        if host or ours:
            attrs += ' rel="nofollow"'
        out.append(f'<a{attrs} href="{esc(url)}">{LINK_LABELS[kind]}{host}</a>')
    return "".join(out)


# Nearly every paper has these two: no need to parse them to know they stay on arxiv.org
# (the slash right after the host rules out look-alikes and user info).
_ARXIV_PREFIXES = ("https://arxiv.org/", "http://arxiv.org/")


def _paper_links(links: Links) -> str:
    """A paper page's links: as a card's, without the dense view's classes (a page has none)."""
    return _links_html(links, classes=False)


def _host(kind: str, url: str) -> str:
    """The real host after a code or project link (any site may be named there), and after an
    arXiv or PDF link that leaves arxiv.org: readers see where a link goes, not what it says."""
    if kind in ("arxiv", "pdf") and url.startswith(_ARXIV_PREFIXES):
        return ""
    host = text.link_host(url)
    if kind in ("arxiv", "pdf") and (host == "arxiv.org" or host.endswith(".arxiv.org")):
        return ""
    return f' <span class="pd-link__host">({esc(host)})</span>'


STALE = " (written before the paper's newest arXiv version)"


def summary_of(p: Paper) -> tuple[str, str] | None:
    """(label, text) of the paper's TL;DR: the curator's `tldr`, else Hugging Face's AI
    summary named by its model; None where no source gave one (none is ever made up)."""
    if p.tldr:
        return "Curator's summary", p.tldr
    if p.ai_summary:
        label = f"AI summary by {p.ai_summary_model}" if p.ai_summary_model else "AI summary"
        return label + (STALE if p.ai_summary_stale else ""), p.ai_summary
    return None


def _tldr(p: Paper, indent: str = "") -> str:
    found = summary_of(p)
    if found is None:
        return ""
    label, value = found
    return (f'{indent}<div class="pd-tldr"><span class="pd-tldr__label">{esc(label)}</span>'
            f"{rich(value)}</div>\n")


def _data(p: Paper, slug: str) -> str:
    """What the reader's script sorts, filters and keeps by (docs/assets/reader.js): numbers,
    slugs and flags only, no text (a card's topics it reads from its chips' addresses).
    Without the script the cards stay in curated order."""
    out = f' data-slug="{esc(slug)}"'
    if p.upvotes is not None:
        out += f' data-up="{p.upvotes}"'
    if p.stars is not None:
        out += f' data-stars="{p.stars}"'
    if p.former_ids:  # a kept old id becomes this one (reader.js): only papers `enrich` renamed
        out += f' data-former="{esc(" ".join(ids.slug(f) for f in p.former_ids))}"'
    if p.links.code:
        out += ' data-code=""'
    if p.pick:
        out += ' data-pick=""'
    return out


# COinS (an OpenURL ContextObject in an empty span.Z3988): Zotero's browser connector finds
# one per card once the page has loaded and offers the day's papers as a list to save.
# digest.js makes each from its day card: the title, authors and arXiv link the card shows,
# and what it does not, below. Written here, they repeated the card: ~357 bytes a paper on
# the day pages, 36 MB at 100,000 papers.
def _coins_data(p: Paper) -> str:
    """What a day card's COinS needs beside the card's text: the published date (data-pub,
    empty where there is none: it marks the cards that get one; rows and the home page's
    cards have none) and, on a paper whose id is no arXiv id, data-noarxiv (no
    rft.jtitle=arXiv): a flag, so the script holds no second rule for what an arXiv id is,
    and none on the arXiv papers nearly every card is."""
    out = f' data-pub="{p.published.isoformat() if p.published else ""}"'
    return out if ids.split_version(p.id) else out + ' data-noarxiv=""'


# Scripts read a card's authors from its text, split at ", " (digest.js authorNames, for
# Follow and the COinS): a name's own ", " ("King, Jr.") is written with a no-break space,
# which looks the same, and authorNames turns it back into a space.
NAME_COMMA = ",\u00a0"


def author_names(names: tuple[str, ...] | list[str]) -> list[str]:
    """Each name escaped, its own ", " unbreakable (NAME_COMMA), for a list joined by ", "."""
    return [esc(a).replace(", ", NAME_COMMA) for a in names]


def _authors(p: Paper, limit: int = AUTHORS_SHOWN) -> str:
    """The first authors and the last, each name written once: those left out sit in a
    hidden span whose count digest.css shows ("… 3 more, "), every name on hover. reader.js
    and follow.js read every author from the text (see namesIn in follow.js); every one is
    searchable (generator/site/search.py). A title attribute with the whole list wrote the
    shown names twice: ~80 bytes a paper on the day pages at 100,000 papers."""
    names = author_names(p.authors)
    if len(names) <= limit + 1:  # "… 1 more" would hide no more than it takes
        return f'<span class="pd-authors">{", ".join(names)}</span>'
    hidden = names[limit - 1:-1]
    return (f'<span class="pd-authors">{", ".join(names[:limit - 1])}, '
            f'<span class="pd-more" data-n="{len(hidden)}"><span>{", ".join(hidden)}, </span></span>'
            f"{names[-1]}</span>")


_PICK = '<span class="pd-pick" title="Editor\'s pick">★ Editor\'s pick</span> '


# An old day's card carries, in place of its abstract, a link to the abstract on the paper's
# page (~1,550 bytes a paper at 100,000, already on that page), as an <a class="pd-abstract">
# that looks like the fold it stands for: without a script it leads there; digest.js turns
# it into that fold (the link inside it, as the fold's own <a>) before the card is used,
# fetching the abstract when it opens, and follow.js leaves it out of the card's text. The
# fold itself, written here, cost 72 bytes a paper more (7 MB at 100,000 papers).
LAZY_ABSTRACT = '<a class="pd-abstract" href="{}#abstract">Abstract</a>\n'


def card(p: Paper, tags: tuple[str, ...], titles: dict[str, str], root: str, day: date, *,
         heading: str = "h2", coins: bool = False, lazy: bool = False) -> Markup:
    """A paper's card on its day page (and the home page): everything a reader triages by,
    the abstract folded (`lazy`: a link to it, see LAZY_ABSTRACT), and (`coins`, a day page's)
    what digest.js makes its COinS from (_coins_data). Lines without indentation: at 100,000
    papers each byte of a card is paid 100,000 times."""
    slug, anchor, page = ids.slug(p.id), ids.anchor(p.id), urls.paper(p.id)
    data = _data(p, slug) + (_coins_data(p) if coins else "")
    out = [f'<article class="pd-card{" pd-card--pick" if p.pick else ""}"{data}>\n'
           f'<{heading} class="pd-card__title" id="{anchor}">{_PICK if p.pick else ""}'
           f'<a href="{root}{page}">{title_html(p.title)}</a></{heading}>\n']
    meta = [_authors(p)] if p.authors else []
    if p.upvotes is not None:  # what ▲ and ☆ mean is said once, above the cards
        meta.append(f'<span class="pd-upvotes">▲ {p.upvotes}</span>')
    if p.stars is not None:
        meta.append(f'<span class="pd-stars">☆ {p.stars}</span>')
    if p.organization:
        meta.append(f'<span class="pd-org">{esc(p.organization)}</span>')
    if meta:
        out.append(f'<p class="pd-card__meta">{"".join(meta)}</p>\n')
    out.append(_tldr(p))
    if tags:
        out.append(f'<p class="pd-tags">{_tags(tags, titles, root)}</p>\n')
    if p.note:
        out.append(f'<div class="pd-note"><strong>Curator\'s note:</strong> {rich(p.note)}</div>\n')
    if p.abstract and lazy:
        out.append(LAZY_ABSTRACT.format(root + page))
    elif p.abstract:
        out.append(f'<details class="pd-abstract"><summary>Abstract</summary>{rich(p.abstract)}</details>\n')
    out.append(f'<p class="pd-links">{_links(p)}<a href="{root}{page}">Details &amp; BibTeX</a></p>\n')
    out.append("</article>\n")
    return Markup("".join(out))


ROW_AUTHORS = 3  # a row's first authors; every one on hover, as on the cards


def row(p: Paper, tags: tuple[str, ...], titles: dict[str, str], root: str, day: date) -> Markup:
    """A paper as one entry of a ranked or dated list (week and topic pages): its title to its
    page, first authors, upvotes, its day (the card there, abstract and all), topics and code
    link; two lines. It carries the card's class and data, so reader.js sorts, filters, keeps,
    follows and walks the rows as it does the cards. The abstract is one click away."""
    meta = [_authors(p, ROW_AUTHORS)] if p.authors else []
    if p.upvotes is not None:
        meta.append(f'<span class="pd-upvotes">▲ {p.upvotes}</span>')
    meta.append(f'<a class="pd-day" href="{root}{urls.day(day)}#{ids.anchor(p.id)}">{day:%a} {day.day} {day:%b}</a>')
    if p.organization:
        meta.append(f'<span class="pd-org">{esc(p.organization)}</span>')
    code = f'<a class="pd-link--code" rel="nofollow" href="{esc(p.links.code)}">Code</a>' if p.links.code else ""
    chips = f'<span class="pd-tags">{_tags(tags, titles, root)}</span>' if tags else ""
    return Markup(f'<li class="pd-card{" pd-card--pick" if p.pick else ""}"{_data(p, ids.slug(p.id))}>'
                  f'<a class="pd-card__title" href="{root}{urls.paper(p.id)}">{_PICK if p.pick else ""}'
                  f'{title_html(p.title)}</a>\n<p class="pd-card__meta">{"".join(meta)}{chips}{code}</p></li>\n')


def list_items(items: list[tuple[date, Paper]], root: str) -> Markup:
    """A topic's year page: each paper's title to its page, and its day (the month is the
    heading above)."""
    return Markup("".join(f'<li><a href="{root}{urls.paper(p.id)}">{title_html(p.title)}</a> '
                          f"<small>{day.day} {day:%b}</small></li>\n" for day, p in items))


def related_list(here: str, related: tuple[Related, ...], titles: dict[str, str]) -> str:
    """A paper page's related papers: each title linked, and why (the first topic they share,
    a few words they share), in as few bytes as it takes: this list is on every paper page."""
    if not related:
        return ""
    items = []
    for r in related:
        why = "; ".join(filter(None, (titles[r.topics[0]] if r.topics else "", ", ".join(r.terms))))
        items.append(f'<li><a href="{urls.relative(here, urls.paper(r.id))}">{title_html(r.title)}</a>'
                     + (f" <small>{esc(why)}</small>" if why else "") + "</li>")
    return f'<h2 id="related">Related papers</h2>\n<ul>{"".join(items)}</ul>\n'


def paper_body(p: Paper, tags: tuple[str, ...], titles: dict[str, str], day: date,
               arxiv_id: str | None, bibtex: str, *, related: tuple[Related, ...] = ()) -> str:
    """A paper page's article. No "Digest last updated" line, as other pages end with: it
    would change every paper page every day (no upload of only what changed, no cache);
    /status/, one click away in the tabs, says it."""
    here = urls.paper(p.id)
    root = urls.root(here)
    rows = [f'<dt>In the digest</dt><dd><a href="{root}{urls.day(day)}#{ids.anchor(p.id)}">'
            f"{long_date(day)}</a></dd>"]
    if p.published:
        rows.append(f"<dt>Published</dt><dd>{p.published.isoformat()}</dd>")
    if arxiv_id:
        rows.append(f"<dt>arXiv</dt><dd>{esc(arxiv_id)}</dd>")
    if p.upvotes is not None:
        rows.append(f"<dt>Upvotes</dt><dd>{p.upvotes}</dd>")
    if p.stars is not None:
        rows.append(f"<dt>GitHub stars</dt><dd>{p.stars}</dd>")
    if p.organization:
        rows.append(f"<dt>Organization</dt><dd>{esc(p.organization)}</dd>")
    if p.ai_keywords:
        rows.append(f'<dt>AI keywords</dt><dd>{esc(", ".join(p.ai_keywords))}</dd>')
    if tags:
        rows.append(f'<dt>Topics</dt><dd class="pd-tags">{_tags(tags, titles, root)}</dd>')
    if p.former_ids:  # its old addresses redirect here; a reading list keeping them follows
        rows.append(f'<dt>Formerly</dt><dd class="pd-former">{esc(" ".join(ids.slug(f) for f in p.former_ids))}</dd>')
    if p.pick:
        rows.append("<dt>Editor's pick</dt><dd>★ yes</dd>")
    note = f'<div class="pd-note"><strong>Curator\'s note:</strong> {rich(p.note)}</div>\n' if p.note else ""
    authors = f'<span class="pd-authors">{", ".join(author_names(p.authors))}</span>' if p.authors else ""
    return (f"<h1>{title_html(p.title)}</h1>\n<p class=\"pd-card__meta\">{authors}</p>\n"
            f'{_tldr(p)}<dl class="pd-record">{"".join(rows)}</dl>\n{note}'
            f'<h2 id="abstract">Abstract</h2>\n<div class="pd-abstract">'
            f'{rich(p.abstract) if p.abstract else "No abstract."}</div>\n'
            f'<p class="pd-links">{_paper_links(p.links)}</p>\n{related_list(here, related, titles)}'
            f'<h2 id="cite">Cite</h2>\n<pre class="pd-bibtex"><code>{esc(bibtex)}</code></pre>\n')


DESCRIPTION_MAX = 160  # characters: what search results and share previews show of it


def description(p: Paper) -> str:
    """The page's one `<meta name="description">` (also og:description): the abstract's
    start, cut at a word, as long as search engines show (the abstract is on the page)."""
    if len(p.abstract) <= DESCRIPTION_MAX:
        return p.abstract
    return p.abstract[:DESCRIPTION_MAX - 2].rsplit(" ", 1)[0] + "…"


_OG_TITLE = ' property="og:title"'


def paper_head(p: Paper, arxiv_id: str | None) -> str:
    """The citation tags Google Scholar and Zotero read (the title also as og:title)."""
    tags = [("citation_title", p.title)] + [("citation_author", a) for a in p.authors]
    if p.published:
        # Google Scholar reads YYYY/MM/DD; strftime's %Y drops the zeros of years before 1000.
        stamp = f"{p.published.year:04d}/{p.published.month:02d}/{p.published.day:02d}"
        tags += [("citation_date", stamp), ("citation_publication_date", stamp)]
    if arxiv_id:
        tags.append(("citation_arxiv_id", arxiv_id))
    if p.links.pdf:
        tags.append(("citation_pdf_url", p.links.pdf))
    if p.links.arxiv:
        tags.append(("citation_abstract_html_url", p.links.arxiv))
    # The title tag is also the page's OpenGraph title (render/share.py): one element, not two.
    return "".join(f'<meta name="{name}"{_OG_TITLE if name == "citation_title" else ""} content="{esc(value)}">\n'
                   for name, value in tags)

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
from generator.render.html import AUTHORS_SHOWN, long_date, rich, short_authors, title_html
from generator.render.related import Related

LINK_LABELS = {"arxiv": "arXiv", "pdf": "PDF", "code": "Code", "project": "Project page"}


def esc(value: str) -> str:
    return escape(value, quote=True)


def _tags(slugs: tuple[str, ...], titles: dict[str, str], root: str) -> str:
    return "".join(_tag(slug, titles[slug], root) for slug in slugs)


@lru_cache(maxsize=4096)
def _tag(slug: str, title: str, root: str) -> str:
    return f'<a class="pd-tag" href="{root}{urls.topic(slug)}">{esc(title)}</a>'


def _links(p: Paper) -> str:
    return _links_html(p.links)


# A paper's links read the same on its day, week, topic and home cards: made once per paper.
@lru_cache(maxsize=65536)
def _links_html(links: Links) -> str:
    return "".join(f'<a class="pd-link pd-link--{kind}" href="{esc(url)}" rel="nofollow noopener">'
                   f"{LINK_LABELS[kind]}{_host(kind, url)}</a>" for kind, url in links.items())


# Nearly every paper has these two: no need to parse them to know they stay on arxiv.org
# (the slash right after the host rules out look-alikes and user info).
_ARXIV_PREFIXES = ("https://arxiv.org/", "http://arxiv.org/")


def _paper_links(links: Links) -> str:
    """A paper page's links: as a card's, without the classes only the day pages' dense
    view styles (90 bytes a page)."""
    return "".join(f'<a href="{esc(url)}" rel="nofollow noopener">{LINK_LABELS[kind]}{_host(kind, url)}</a>'
                   for kind, url in links.items())


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


def _data(p: Paper, slug: str, tags: tuple[str, ...]) -> str:
    """What the reader's script sorts, filters and keeps by (docs/assets/reader.js): numbers,
    slugs and flags only, no text. Without the script the cards stay in curated order."""
    out = f' data-slug="{esc(slug)}"'
    if p.upvotes is not None:
        out += f' data-up="{p.upvotes}"'
    if p.stars is not None:
        out += f' data-stars="{p.stars}"'
    if tags:
        out += f' data-topics="{" ".join(tags)}"'
    if p.former_ids:  # a kept old id becomes this one (reader.js): only papers `enrich` renamed
        out += f' data-former="{esc(" ".join(ids.slug(f) for f in p.former_ids))}"'
    if p.links.code:
        out += ' data-code=""'
    if p.pick:
        out += ' data-pick=""'
    return out


def card(p: Paper, tags: tuple[str, ...], titles: dict[str, str], root: str, day: date, *,
         show_day: bool = False, open_abstract: bool = False, heading: str = "h2",
         coins: bool = False) -> Markup:
    slug, anchor, page = ids.slug(p.id), ids.anchor(p.id), urls.paper(p.id)
    out = [f'<article class="pd-card{" pd-card--pick" if p.pick else ""}"{_data(p, slug, tags)}>\n',
           f'  <{heading} class="pd-card__title" id="{anchor}">']
    if p.pick:
        out.append('<span class="pd-pick" title="Editor\'s pick">★ Editor\'s pick</span> ')
    out.append(f'<a href="{root}{page}">{title_html(p.title)}</a></{heading}>\n')
    meta = []
    if p.authors:
        shown = short_authors(p.authors)
        if len(p.authors) > AUTHORS_SHOWN:
            # Every author shows on hover (and every one is searchable: see generator/search.py).
            meta.append(f'<span class="pd-authors" title="{esc(", ".join(p.authors))}">{esc(shown)}</span>')
        else:
            meta.append(f'<span class="pd-authors">{esc(shown)}</span>')
    if show_day:
        meta.append(f'<span class="pd-day"><a href="{root}{urls.day(day)}#{anchor}">'
                    f"{day.isoformat()}</a></span>")
    if p.upvotes is not None:
        meta.append('<span class="pd-upvotes" title="Upvotes on Hugging Face">'
                    f"▲ {p.upvotes}</span>")
    if p.stars is not None:
        meta.append(f'<span class="pd-stars" title="GitHub stars">☆ {p.stars}</span>')
    if p.organization:
        meta.append(f'<span class="pd-org">{esc(p.organization)}</span>')
    if meta:
        out.append(f'  <p class="pd-card__meta">{"".join(meta)}</p>\n')
    out.append(_tldr(p, "  "))
    if tags:
        out.append(f'  <p class="pd-tags">{_tags(tags, titles, root)}</p>\n')
    if p.note:
        out.append(f'  <div class="pd-note"><strong>Curator\'s note:</strong> {rich(p.note)}</div>\n')
    if p.abstract:
        if open_abstract:
            out.append(f'  <div class="pd-abstract">{rich(p.abstract)}</div>\n')
        else:
            out.append(f'  <details class="pd-abstract"><summary>Abstract</summary>{rich(p.abstract)}</details>\n')
    out.append(f'  <p class="pd-links">{_links(p)}'
               f'<a class="pd-link" href="{root}{page}">Details &amp; BibTeX</a></p>\n')
    if coins:
        out.append(f"  {_coins(p)}\n")
    out.append("</article>\n")
    return Markup("".join(out))


# COinS values, percent-encoded by one str.translate (urlencode took most of a day page's
# render time): every ASCII character but letters, digits and -._~ as %XX, a space as "+".
# Other characters stay as they are; Zotero decodes the value with decodeURIComponent,
# which leaves them unchanged. "&", "<", '"' and "%" never remain raw.
_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_KEV = str.maketrans({chr(c): "+" if c == 32 else f"%{c:02X}" for c in range(128) if chr(c) not in _SAFE})
COINS_AUTHORS = 20


def _coins(p: Paper) -> str:
    """COinS (an OpenURL ContextObject in an empty span): Zotero's browser connector finds
    one per card and offers the day's papers as a list to save. Each author once, as rft.au
    only (Zotero rejects an author also given as aufirst/aulast)."""
    fields = ["ctx_ver=Z39.88-2004&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=preprint",
              "rft.atitle=" + p.title.translate(_KEV)]
    fields += ["rft.au=" + a.translate(_KEV) for a in p.authors[:COINS_AUTHORS]]
    if p.published:
        fields.append(f"rft.date={p.published.isoformat()}")
    arxiv = ids.split_version(p.id)
    if arxiv:
        fields.append("rft.jtitle=arXiv&rft_id=info%3Aarxiv%2F" + arxiv[0].translate(_KEV))
    if p.links.arxiv:
        fields.append("rft_id=" + p.links.arxiv.translate(_KEV))
    return f'<span class="Z3988" title="{esc("&".join(fields))}"></span>'


def list_items(items: list[tuple[date, Paper]], root: str) -> Markup:
    return Markup("".join(f'<li><a href="{root}{urls.paper(p.id)}">{title_html(p.title)}</a> '
                          f'<span class="pd-day">{day.isoformat()}</span></li>\n' for day, p in items))


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
    authors = f'<span class="pd-authors">{esc(", ".join(p.authors))}</span>' if p.authors else ""
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

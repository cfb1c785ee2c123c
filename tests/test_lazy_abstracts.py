"""Day pages older than the newest NEWEST_DAYS carry their cards' abstracts as a link to the
paper's page (issue 17: ~1,550 bytes a paper of a day page at 100,000 papers); the newest
days and the home page keep them inline. The browser side is tests/test_browser_lazy.py."""

from __future__ import annotations

from datetime import date, timedelta

from generator import urls
from generator.content.records import NEWEST_DAYS, Day, Digest, Links, Paper
from generator.render import pages
from generator.render.fragments import LAZY_ABSTRACT
from generator.render.html import rich

OLD = 3  # days before the newest NEWEST_DAYS
FIRST = date(2019, 3, 4)  # long past: the window is counted from the newest day, not today
ABSTRACT = "We bound $x^2 < 1$ & <b>keep</b> it.\n\nSecond paragraph."


def _digest() -> Digest:
    days = []
    for n in range(OLD + NEWEST_DAYS):
        when = FIRST + timedelta(days=n)
        if n == OLD + 1:  # a day upstream published nothing counts as a day, as for the open data
            days.append(Day(when, "", (), upstream_empty=True))
            continue
        papers = (Paper(f"1903.{n:03d}01", f"Paper {n}", ("A. Author",), ABSTRACT, None,
                        Links(arxiv=f"https://arxiv.org/abs/1903.{n:03d}01")),
                  Paper(f"1903.{n:03d}02", f"Untold {n}", ("B. Author",), "", None, Links()))
        days.append(Day(when, "", papers))
    return Digest(days=tuple(days), topics=())


def _day(site: pages.Site, n: int) -> str:
    return site.sections["days"][(FIRST + timedelta(days=n)).isoformat()].render()


def test_old_days_link_their_abstracts_and_the_newest_days_keep_them_inline() -> None:
    site = pages.build(_digest(), site_url="https://d.example/", site_name="D", papers=False)
    inline = f'<details class="pd-abstract"><summary>Abstract</summary>{rich(ABSTRACT)}</details>'
    assert "&lt;b&gt;keep&lt;/b&gt;" in inline and '<span class="pd-math">x^2 &lt; 1</span>' in inline
    for n in range(OLD + NEWEST_DAYS):
        if n == OLD + 1:
            continue
        body = _day(site, n)
        link = LAZY_ABSTRACT.format(f"../../{urls.paper(f'1903.{n:03d}01')}")
        if n < OLD:
            assert body.count(link) == 1, n
            assert "Second paragraph" not in body and 'class="pd-math"' not in body, n
        else:
            assert body.count(inline) == 1 and "#abstract" not in body, n
        # Whatever the day, a paper without an abstract has no fold (nor link), and the rest of the card stays.
        assert body.count('class="pd-abstract"') == 1, n
        assert f">Paper {n}</a>" in body and "A. Author" in body and 'data-pub="' in body, n
    assert site.pages[urls.source(urls.HOME)].body.count(inline) == 1
    # The same window as the open data's day files.
    assert sorted(k for k in site.files if k.startswith("data/days/")) == [
        urls.data_day(FIRST + timedelta(days=n)) for n in range(OLD, OLD + NEWEST_DAYS)]


def test_the_cut_off_moves_with_the_content_and_the_bytes_are_the_same_each_time() -> None:
    digest = _digest()
    once = pages.build(digest, site_url="https://d.example/", site_name="D", papers=False)
    again = pages.build(digest, site_url="https://d.example/", site_name="D", papers=False)
    assert [_day(once, n) for n in range(OLD)] == [_day(again, n) for n in range(OLD)]
    # One day more: the oldest of the newest days becomes old; the others' cards stay as they were
    # (their last line says the digest's newest day, which moved).
    more = Digest(days=(*digest.days, Day(FIRST + timedelta(days=OLD + NEWEST_DAYS), "", ())), topics=())
    grown = pages.build(more, site_url="https://d.example/", site_name="D", papers=False)
    assert "#abstract" in _day(grown, OLD) and "#abstract" not in _day(once, OLD)
    cards = [_day(site, n).split('<p class="pd-updated">')[0] for site in (grown, once) for n in (OLD - 1, OLD + 2)]
    assert cards[:2] == cards[2:]

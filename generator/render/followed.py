"""The pages and feeds of the people and labs the digest follows (content/follows.yml).

Each followed entity gets following/<slug>/: its papers in the archive, newest first, as
compact rows (title, day), and RSS, Atom and JSON Feed beside it, linked from the page's
head and top and from the Following page. Its papers come from the index of names the
Following page already needs (render/follow.py `by_name`): no pass over the archive of its
own, and nothing added to any paper's page: the cost is per followed entity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator import urls
from generator.content.records import Follow
from generator.render import feeds, follow, fragments


@dataclass(frozen=True)
class Followed:
    """A followed entity with its papers (newest first): a row on the Following page."""

    entity: Follow
    items: follow.Items

    @property
    def address(self) -> str:
        return urls.followed(self.entity.slug)


def followed(follows: tuple[Follow, ...], names: Mapping[str, follow.Items]) -> list[Followed]:
    return [Followed(f, names.get(follow.key("o" if f.kind == "organization" else "a", f.name), []))
            for f in follows]


def add_pages(add: Callable[..., None], entities: list[Followed]) -> None:
    """following/<slug>/ for each, through the same page maker as every other page."""
    for e in entities:
        root = urls.root(e.address)
        add(e.address, e.entity.name, "followed.html", feeds_path=e.address, entity=e.entity,
            total=len(e.items), items=fragments.list_items(e.items, root),
            changed=e.items[0][0] if e.items else None)


def feed_specs(entities: list[Followed], site_name: str, tags: Mapping[str, tuple[str, ...]],
               titles: Mapping[str, str]) -> list[feeds.FeedSpec]:
    what = {"author": "Papers by", "organization": "Papers from"}
    return [feeds.FeedSpec(e.entity.name, f"{what[e.entity.kind]} {e.entity.name} in {site_name}", e.address,
                           e.items, tags, titles) for e in entities]

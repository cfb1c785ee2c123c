"""content/follows.yml: the people and labs the digest follows for everyone.

Optional (absent: nobody). Each entry becomes a page, following/<slug>/, with the entity's
papers in the archive and their RSS, Atom and JSON Feed (render/followed.py): a cost per
followed entity, none per paper. A name matches a paper's author (or, for an organization,
its organization) as the Following page matches the names a reader follows: NFKC, case and
runs of white space folded (`text.normal_name`)."""

from __future__ import annotations

from generator import ids, text
from generator.content.records import Follow
from generator.content.validate import SLUG, Checker, _line
from generator.content.yamlsafe import Value

FOLLOW_KEYS = ("slug", "name", "kind", "note")
KINDS = ("author", "organization")
# Each is a page and three feeds; a digest follows a few dozen. A ceiling a pull request
# cannot pass keeps the site's size bounded by it.
MAX_FOLLOWS = 1000
# following/index/ holds the Following page's index of names (urls.FOLLOW_PATTERN).
RESERVED = {"index": "following/index/ holds the index of names the Following page reads"}
SLUG_HINT = "lower-case letters, digits and single hyphens, e.g. 'ada-lovelace'"


def follows_records(c: Checker, root: Value | None) -> list[Follow]:
    """follows.yml's parsed YAML -> records; every problem goes to `c`."""
    out: list[Follow] = []
    if root is None:
        return out
    m = c.mapping(root, "", ("follows",), ("follows",), 1)
    if m is None:
        return out
    items = c.sequence(m.get("follows"), "follows", m.line)
    if len(items) > MAX_FOLLOWS:
        c.add(items[MAX_FOLLOWS].line, "follows", f"more than {MAX_FOLLOWS} entries",
              "each is a page and three feeds: follow the ones readers most want")
        return out
    slugs: dict[str, int] = {}
    names: dict[str, int] = {}
    for i, item in enumerate(items):
        f = _follow(c, item, f"follows[{i}]")
        if f is None:
            continue
        if f.slug in slugs:
            c.add(item.line, f"follows[{i}].slug", f"duplicate slug {f.slug!r} (first on line {slugs[f.slug]})",
                  "each followed name needs its own page address")
        slugs.setdefault(f.slug, item.line)
        key = f"{f.kind}:{text.normal_name(f.name)}"
        if key in names and text.normal_name(f.name):
            c.add(item.line, f"follows[{i}].name", f"{f.kind} {f.name!r} is already followed on line {names[key]}",
                  "keep one entry per name")
        names.setdefault(key, item.line)
        out.append(f)
    return out


def _follow(c: Checker, value: Value, field: str) -> Follow | None:
    m = c.mapping(value, field, FOLLOW_KEYS, ("slug", "name"), value.line)
    if m is None:
        return None
    slug = c.string(m.get("slug"), f"{field}.slug", m.line, required=True)
    slug_line = _line(m.get("slug"), m.line)
    if slug and not SLUG.fullmatch(slug):
        c.add(slug_line, f"{field}.slug", f"{slug!r} is not a slug", SLUG_HINT)
    elif slug in RESERVED or ids.is_reserved_name(slug):
        why = RESERVED.get(slug, "a name Windows reserves for a device")
        c.add(slug_line, f"{field}.slug", f"{slug!r} is reserved: {why}", "choose another slug")
    raw = c.string(m.get("name"), f"{field}.name", m.line, required=True)
    name = text.clean_line(raw, text.MAX_NAME)
    if raw.strip() and not text.normal_name(name):
        c.add(_line(m.get("name"), m.line), f"{field}.name", "has no visible character")
    elif len(" ".join(raw.split())) > text.MAX_NAME:
        c.add(_line(m.get("name"), m.line), f"{field}.name", f"longer than {text.MAX_NAME} characters",
              "write the name as the papers' author lists do")
    kind = c.string(m.get("kind"), f"{field}.kind", m.line) or "author"
    if kind not in KINDS:
        c.add(_line(m.get("kind"), m.line), f"{field}.kind", f"unknown kind {kind!r}", "author or organization")
        return None
    note = text.clean_block(c.string(m.get("note"), f"{field}.note", m.line), text.MAX_NOTE)
    return Follow(slug=slug, name=name, kind=kind, note=note)

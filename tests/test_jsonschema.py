"""schema/*.json: committed as generated, keyed like the loader, and in agreement with it.

Agreement is checked the only way that means anything: the same YAML text goes through the
real loader (generator.content.load / generator.content.sources) and through the JSON Schema, and both must
accept it or both refuse it. GAPS lists the loader rules JSON Schema cannot express; there
the loader alone refuses, and it stays the authority.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from sample import SAMPLE, SAMPLE_CONTENT, SAMPLE_SOURCES

from generator import ids
from generator.content import dump, jsonschema, schemafields, status
from generator.content.load import load
from generator.content.sources import KEYS as SOURCE_KEYS
from generator.content.sources import load_sources
from generator.content.validate import DAY_KEYS, LINK_KEYS, PAPER_KEYS, REMOVED_KEYS, SLUG, TOPIC_KEYS
from generator.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
REGENERATE = "run `python -m generator schema` and commit schema/"

# which schema each content file names in its first line, relative to the file
SAMPLES = {
    "day": sorted((SAMPLE_CONTENT / "days").glob("*.yml")),
    "topics": [SAMPLE_CONTENT / "topics.yml"],
    "removed": [SAMPLE_CONTENT / "removed.yml"],
    "status": [SAMPLE_CONTENT / "status.yml"],
    "sources": [SAMPLE_SOURCES],
}


def committed(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return schema


def plain(value: Any) -> Any:
    """yaml.safe_load's data as JSON would hold it: dates (also as keys) become 'YYYY-MM-DD'."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(committed(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_accepts(kind: str, text: str) -> bool:
    return validator(kind).is_valid(plain(yaml.safe_load(text)))


# -- (a) committed == built ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(jsonschema.SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.exists(), f"schema/{name} is missing: {REGENERATE}"
    built = jsonschema.dumps(jsonschema.build()[name])
    assert path.read_text(encoding="utf-8") == built, f"schema/{name} is out of date: {REGENERATE}"


def test_write_writes_exactly_the_committed_files(tmp_path: Path) -> None:
    written = jsonschema.write(tmp_path / "schema")
    assert [p.name for p in written] == list(jsonschema.SCHEMAS)
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(jsonschema.SCHEMAS), REGENERATE
    for path in written:
        assert path.read_bytes() == (SCHEMA_DIR / path.name).read_bytes(), f"schema/{path.name}: {REGENERATE}"


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = committed(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


# -- (b) keys == the loader's key tuples -----------------------------------------------------


def keys(schema: dict[str, Any]) -> tuple[str, ...]:
    assert schema["additionalProperties"] is False
    return tuple(schema["properties"])


def test_keys_match_loader() -> None:
    day, topics, removed = committed("day"), committed("topics"), committed("removed")
    stat, sources = committed("status"), committed("sources")
    paper = day["$defs"]["paper"]
    assert keys(day) == DAY_KEYS
    assert keys(paper) == PAPER_KEYS
    assert keys(paper["properties"]["links"]) == LINK_KEYS
    assert keys(topics) == ("topics",)
    assert keys(topics["$defs"]["topic"]) == TOPIC_KEYS
    assert keys(removed) == ("removed",)
    assert keys(removed["properties"]["removed"]["items"]) == REMOVED_KEYS
    assert keys(stat) == ("sources",)
    assert keys(stat["$defs"]["source"]) == status.KEYS
    assert keys(sources) == ("sources",)
    assert keys(sources["properties"]["sources"]["items"]) == SOURCE_KEYS


def test_every_field_has_help_text() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "$ref" not in prop and where.split(".")[-1] not in ("if", "then"):
                    assert prop.get("description"), f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for kind in SAMPLES:
        schema = committed(kind)
        assert schema["title"] and schema["description"]
        walk(schema, kind)


# -- (c) the sample content validates (tests/fixtures/sample/, as it sits in a project) ------------------


@pytest.mark.fork
@pytest.mark.parametrize("kind,path", [(k, p) for k, paths in SAMPLES.items() for p in paths],
                         ids=lambda v: v.name if isinstance(v, Path) else v)
def test_sample_content_validates(kind: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0]
    where = ROOT / path.relative_to(SAMPLE)  # where the file sits in a project: content/, sources.yml
    target = (where.parent / header.removeprefix("# yaml-language-server: $schema=")).resolve()
    assert header.startswith("# yaml-language-server: $schema="), f"{path.name}: no schema line first"
    assert target == SCHEMA_DIR / f"{kind}.schema.json", f"{path.name} names {target}"
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(kind).iter_errors(plain(yaml.safe_load(text)))]
    assert not errors, errors


def test_written_files_name_their_schema() -> None:
    assert dump.DAY_HEADER == "# yaml-language-server: $schema=../../schema/day.schema.json\n"
    assert dump.REMOVED_HEADER.startswith("# yaml-language-server: $schema=../schema/removed.schema.json\n")
    assert status.HEADER.startswith("# yaml-language-server: $schema=../schema/status.schema.json\n")
    assert status.status_yaml([]).startswith(status.HEADER)


# -- (d) broken content: the loader and the schema agree --------------------------------------

DAY = "2024-01-15"
TOPICS = "topics:\n  - slug: agents\n    title: Agents\n"
DROP = object()  # a key to leave out


def full_paper(**changes: Any) -> dict[str, Any]:
    paper: dict[str, Any] = {
        "id": "2401.00001", "title": "A paper", "authors": ["Ada Lovelace"], "abstract": "We show it.",
        "published": "2024-01-12", "links": {"arxiv": "https://arxiv.org/abs/2401.00001",
                                              "pdf": "https://arxiv.org/pdf/2401.00001",
                                              "code": "https://github.com/o/n", "project": "http://example.org/p"},
        "upvotes": 3, "stars": 10, "source": "hf", "topics": ["agents"], "note": "Why.", "pick": True,
    }
    paper.update(changes)
    return {k: v for k, v in paper.items() if v is not DROP}


def day_file(*papers: dict[str, Any], **changes: Any) -> str:
    data: dict[str, Any] = {"date": DAY, "intro": "Hello.", "upstream_empty": False, "papers": list(papers)}
    data.update(changes)
    return yaml.safe_dump({k: v for k, v in data.items() if v is not DROP}, sort_keys=False)


def full_source(**changes: Any) -> dict[str, Any]:
    source: dict[str, Any] = {"name": "rss", "kind": "arxiv-rss", "category": "cs.LG",
                              "include": ["agent"], "exclude": ["withdrawn"], "min_papers": 2,
                              "base_url": "http://127.0.0.1:8000"}
    source.update(changes)
    return {k: v for k, v in source.items() if v is not DROP}


def loader_accepts(kind: str, text: str, where: Path) -> bool:
    where.mkdir(parents=True)
    content = where / "content"
    (content / "days").mkdir(parents=True)
    (content / "topics.yml").write_text(TOPICS, encoding="utf-8")
    try:
        if kind == "sources":
            (where / "sources.yml").write_text(text, encoding="utf-8")
            load_sources(where / "sources.yml")
        else:
            name = {"day": f"days/{DAY}.yml", "topics": "topics.yml", "removed": "removed.yml",
                    "status": "status.yml"}[kind]
            (content / name).write_text(text, encoding="utf-8")
            load(content)
    except ContentError:
        return False
    return True


def yaml_of(kind: str, case: Any) -> str:
    if isinstance(case, str):
        return case
    wrap = {"day": lambda c: day_file(c), "topics": lambda c: yaml.safe_dump({"topics": [c]}),
            "removed": lambda c: yaml.safe_dump({"removed": [c]}),
            "status": lambda c: yaml.safe_dump({"sources": {"hf": c}}),
            "sources": lambda c: yaml.safe_dump({"sources": [c]})}
    return str(wrap[kind](case))


# (kind, case id, YAML text or one record, accepted?)
CASES: list[tuple[str, str, Any, bool]] = [
    ("day", "full paper", full_paper(), True),
    ("day", "old-style id", full_paper(id="hep-th/9901001"), True),
    ("day", "old-style id with subject", full_paper(id="math.CO/0112567"), True),
    ("day", "title id", full_paper(id="t-0123456789ab"), True),
    ("day", "published null", full_paper(published=None), True),
    ("day", "no links", full_paper(links=DROP), True),
    ("day", "empty link", full_paper(links={"code": ""}), True),
    ("day", "source left empty", full_paper(source=None), True),
    ("day", "most votes", full_paper(upvotes=10**9, stars=0), True),
    ("day", "no papers", day_file(papers=[]), True),
    ("day", "papers left empty", f"date: '{DAY}'\npapers:\n", True),
    ("day", "unquoted date", f"date: {DAY}\npapers: []\n", True),
    ("day", "upstream empty", day_file(upstream_empty=True), True),
    ("day", "unknown key titel", full_paper(titel="A paper"), False),
    ("day", "unknown day key", day_file(full_paper(), papres=[]), False),
    ("day", "id as a number", full_paper(id=2401.00001), False),
    ("day", "versioned id", full_paper(id="2401.00001v2"), False),
    ("day", "id with spaces", full_paper(id=" 2401.00001"), False),
    ("day", "id not arXiv", full_paper(id="arxiv:2401.00001"), False),
    ("day", "title id too short", full_paper(id="t-0123"), False),
    ("day", "javascript: link", full_paper(links={"code": "javascript:alert(1)"}), False),
    ("day", "data: link", full_paper(links={"pdf": "data:text/html,<b>x</b>"}), False),
    ("day", "link without host", full_paper(links={"code": "https://"}), False),
    ("day", "link with a space", full_paper(links={"code": "https://example.org/a b"}), False),
    ("day", "link with a user before the host", full_paper(links={"code": "https://github.com@evil.example/"}),
     False),
    ("day", "link with a password", full_paper(links={"project": "https://u:p@example.org"}), False),
    ("day", "link with an @ in its path", full_paper(links={"code": "https://example.org/@user?a=@#@"}), True),
    ("day", "link too long", full_paper(links={"code": "https://example.org/" + "a" * 2000}), False),
    ("day", "unknown link key", full_paper(links={"home": "https://example.org"}), False),
    ("day", "links left empty", full_paper(links=None), False),
    ("day", "pick maybe", full_paper(pick="maybe"), False),
    ("day", "pick left empty", full_paper(pick=None), False),
    ("day", "bad slug", full_paper(topics=["Vision Language"]), False),
    ("day", "missing id", full_paper(id=DROP), False),
    ("day", "missing title", full_paper(title=DROP), False),
    ("day", "empty title", full_paper(title=""), False),
    ("day", "blank title", full_paper(title="   "), False),
    ("day", "title left empty", full_paper(title=None), False),
    ("day", "title a number", full_paper(title=1984), False),
    ("day", "author left empty", full_paper(authors=["Ada", None]), False),
    ("day", "authors as text", full_paper(authors="Ada Lovelace"), False),
    ("day", "not a real date", full_paper(published="2024-02-30"), False),
    ("day", "date not YYYY-MM-DD", full_paper(published="15.01.2024"), False),
    ("day", "negative votes", full_paper(upvotes=-1), False),
    ("day", "too many votes", full_paper(upvotes=10**9 + 1), False),
    ("day", "votes as text", full_paper(stars="many"), False),
    ("day", "unknown source", full_paper(source="rss"), False),
    ("day", "missing date", day_file(date=DROP), False),
    ("day", "missing papers", day_file(papers=DROP), False),
    ("day", "upstream_empty yes-ish", day_file(upstream_empty="sure"), False),
    ("topics", "full topic", {"slug": "agents", "title": "Agents", "description": "Tools.",
                              "phrases": ["agent", "tool use"]}, True),
    ("topics", "bare topic", {"slug": "vision-language", "title": "VL"}, True),
    ("topics", "no topics", "topics:\n", True),
    ("topics", "bad slug", {"slug": "Vision Language", "title": "VL"}, False),
    ("topics", "double hyphen", {"slug": "vision--language", "title": "VL"}, False),
    ("topics", "missing title", {"slug": "agents"}, False),
    ("topics", "unknown key", {"slug": "agents", "title": "Agents", "phrase": ["agent"]}, False),
    ("topics", "empty phrase", {"slug": "agents", "title": "Agents", "phrases": [""]}, False),
    ("removed", "with reason", {"id": "2401.00001", "reason": "duplicate"}, True),
    ("removed", "old-style id", {"id": "hep-th/9901001"}, True),
    ("removed", "versioned id", {"id": "2401.00001v1"}, False),
    ("removed", "id as a number", {"id": 2401.00001}, False),
    ("removed", "unknown key", {"id": "2401.00001", "why": "duplicate"}, False),
    ("removed", "missing id", {"reason": "duplicate"}, False),
    ("status", "full entry", {"last_success": "2026-06-12", "recent": {"2026-06-12": 30}}, True),
    ("status", "never succeeded", {"last_success": None, "recent": {}}, True),
    ("status", "empty entry", {}, True),
    ("status", "count left empty", {"recent": {"2026-06-12": None}}, True),
    ("status", "unquoted day key", "sources:\n  hf:\n    recent:\n      2026-06-12: 3\n", True),
    ("status", "recent key not a date", {"recent": {"yesterday": 3}}, False),
    ("status", "recent key not a real date", {"recent": {"2026-02-30": 3}}, False),
    ("status", "negative count", {"recent": {"2026-06-12": -3}}, False),
    ("status", "recent left empty", {"recent": None}, False),
    ("status", "bad last success", {"last_success": "June"}, False),
    ("status", "unknown key", {"last_succes": "2026-06-12"}, False),
    ("status", "sources left empty", "sources:\n", False),
    ("sources", "full rss source", full_source(), True),
    ("sources", "arxiv with query", full_source(kind="arxiv", query="cat:cs.LG", max=20, category=DROP), True),
    ("sources", "rss with a query", full_source(query="cat:cs.LG"), False),
    ("sources", "rss with an empty query", full_source(query=""), False),
    ("sources", "rss with max", full_source(max=20), False),
    ("sources", "hf with a category", full_source(kind="hf"), False),
    ("sources", "several categories", full_source(category="cs.RO+cs.AI+astro-ph+cond-mat.mes-hall"), True),
    ("sources", "category arXiv has not", full_source(category="cs.Robotics"), False),
    ("sources", "archive misspelt", full_source(category="astroph"), False),
    ("sources", "bare hf", {"name": "hf", "kind": "hf"}, True),
    ("sources", "no sources", "sources:\n", True),
    ("sources", "unknown kind", full_source(kind="rss"), False),
    ("sources", "arxiv without query", full_source(kind="arxiv", query=DROP, category=DROP), False),
    ("sources", "arxiv with empty query", full_source(kind="arxiv", query="", category=DROP), False),
    ("sources", "rss without category", full_source(category=DROP), False),
    ("sources", "rss category with a space", full_source(category="cs LG"), False),
    ("sources", "javascript: base_url", full_source(base_url="javascript:alert(1)"), False),
    ("sources", "missing name", full_source(name=DROP), False),
    ("sources", "missing kind", full_source(kind=DROP), False),
    ("sources", "unknown key", full_source(maximum=3), False),
    ("sources", "negative max", full_source(kind="arxiv", query="x", category=DROP, max=-1), False),
    ("sources", "empty phrase", full_source(include=[""]), False),
]


@pytest.mark.parametrize("kind,case,accepted", [(k, c, a) for k, _, c, a in CASES],
                         ids=[f"{k}: {name}" for k, name, _, _ in CASES])
def test_loader_and_schema_agree(kind: str, case: Any, accepted: bool, tmp_path: Path) -> None:
    text = yaml_of(kind, case)
    assert loader_accepts(kind, text, tmp_path / "c") is accepted, text
    assert schema_accepts(kind, text) is accepted, text


@pytest.mark.parametrize("kind,full,drop", [
    ("day", lambda d: day_file(full_paper(**d)), PAPER_KEYS),
    ("day", lambda d: day_file(full_paper(), **d), DAY_KEYS),
    ("day", lambda d: day_file(full_paper(links={k: v for k, v in full_paper()["links"].items() if k not in d})),
     LINK_KEYS),
    ("topics", lambda d: yaml.safe_dump({"topics": [{k: v for k, v in {
        "slug": "agents", "title": "Agents", "description": "Tools.", "phrases": ["agent"]}.items()
        if k not in d}]}), TOPIC_KEYS),
    ("removed", lambda d: yaml.safe_dump({"removed": [{k: v for k, v in {"id": "2401.00001", "reason": "dup"}.items()
                                                       if k not in d}]}), REMOVED_KEYS),
    ("sources", lambda d: yaml.safe_dump({"sources": [full_source(**d)]}), SOURCE_KEYS),
], ids=["paper", "day", "links", "topic", "removed", "source"])
def test_required_fields_agree(kind: str, full: Any, drop: tuple[str, ...], tmp_path: Path) -> None:
    """Leaving out each key in turn: required exactly where the loader requires it."""
    for key in drop:
        text = full({key: DROP})
        loader = loader_accepts(kind, text, tmp_path / key)
        assert schema_accepts(kind, text) is loader, f"without {key!r}: loader says {loader}\n{text}"


# Loader rules JSON Schema cannot express: the loader refuses, the schema lets them through.
GAPS: list[tuple[str, str, str]] = [
    ("day", "date differs from the file name", day_file(date="2024-01-16")),
    ("day", "the same paper twice", day_file(full_paper(), full_paper(title="Again"))),
    ("day", "a slug that is no topic in topics.yml", day_file(full_paper(topics=["robots"]))),
    ("day", "YAML 1.1 spellings of true", day_file(full_paper(pick=True)).replace("pick: true", "pick: True")),
    ("day", "an integer written as 1.0", day_file(full_paper(upvotes=1.0))),
    ("day", "a date where text belongs", day_file(full_paper(title="2024-01-01")).replace("'2024-01-01'",
                                                                                            "2024-01-01")),
    ("topics", "two topics with one slug", yaml.safe_dump({"topics": [{"slug": "a", "title": "A"},
                                                                      {"slug": "a", "title": "B"}]})),
    ("sources", "two sources with one name", yaml.safe_dump({"sources": [{"name": "hf", "kind": "hf"},
                                                                         {"name": "hf", "kind": "hf"}]})),
    ("day", "an invisible character in a link", day_file(full_paper(links={"code": "https://exa\u200bmple.org"}))),
]


@pytest.mark.parametrize("kind,rule,text", GAPS, ids=[rule for _, rule, _ in GAPS])
def test_rules_only_the_loader_checks(kind: str, rule: str, text: str, tmp_path: Path) -> None:
    assert not loader_accepts(kind, text, tmp_path / "c"), f"the loader now accepts: {rule}"
    assert schema_accepts(kind, text), f"the schema now refuses {rule}: move it out of GAPS"


# -- the id, slug and date patterns mean what the loader's regexes mean ------------------------

near_ids = st.one_of(
    st.from_regex(ids.NEW_STYLE, fullmatch=True),
    st.from_regex(ids.OLD_STYLE, fullmatch=True),
    st.from_regex(ids.TITLE_ID, fullmatch=True),
    st.text(alphabet="0123456789.v/-tabcfhpeCOMT ", max_size=20),
)


@given(near_ids)
def test_id_pattern_matches_loader(value: str) -> None:
    # Python's $ also matches before a final newline; ECMA's (the editors') does not.
    assume(not value.endswith("\n"))
    assert (re.search(schemafields.ID_PATTERN, value) is not None) is ids.is_valid(value)


@given(st.one_of(st.from_regex(SLUG, fullmatch=True), st.text(alphabet="az09-_A ", max_size=12)))
def test_slug_pattern_matches_loader(value: str) -> None:
    assume(not value.endswith("\n"))
    assert (re.search(jsonschema.SLUG_PATTERN, value) is not None) is (SLUG.fullmatch(value) is not None)

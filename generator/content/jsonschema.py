"""JSON Schemas (draft 2020-12) of the content files, built from the loader's own rules.

They exist for editors: the `# yaml-language-server: $schema=...` line at the top of each
content file lets VS Code's YAML extension (and other yaml-language-server clients)
complete keys, show each field's help on hover and underline most mistakes as you type.
The loader (generator/schema.py and friends) stays the authority: `validate` and CI run
it, not these schemas, and a few of its rules cannot be said in JSON Schema at all (see
tests/test_jsonschema.py for the list). Regenerate with `python -m generator schema`;
tests/test_jsonschema.py fails while the committed files differ from what this builds.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator import text
from generator.content import dataschema
from generator.content import schemafields as f
from generator.content.categories import taxonomy
from generator.content.follows import FOLLOW_KEYS, MAX_FOLLOWS
from generator.content.follows import KINDS as FOLLOW_KINDS
from generator.content.records import SOURCES
from generator.content.schemafields import DATE_PATTERN, Schema
from generator.content.sources import CATEGORY_OPTION, KINDS, OPTIONS, SCHEDULED, Option, not_for_hint
from generator.content.sources import KEYS as SOURCE_KEYS
from generator.content.status import KEEP_DAYS, MAX_REASON
from generator.content.status import KEYS as STATUS_KEYS
from generator.content.topics import MAX_PAPER_TOPICS
from generator.content.validate import DAY_KEYS, LINK_KEYS, MAX_COUNT, PAPER_KEYS, REMOVED_KEYS, SLUG, TOPIC_KEYS

# ECMA-262 patterns (what JSON Schema specifies), written to mean the same in Python's re:
# [0-9] rather than \d, which is any script's digit in Python (ids.py uses re.ASCII).
SLUG_PATTERN = f"^{SLUG.pattern}$"
# arXiv's real categories (the bundled taxonomy), one or several joined by "+".
_ONE_CATEGORY = "(?:" + "|".join(c.replace(".", r"\.") for c in taxonomy()) + ")"
CATEGORY_PATTERN = f"^{_ONE_CATEGORY}(?:\\+{_ONE_CATEGORY})*$"
# text.safe_url's first checks: http(s), a host, none of the characters a URL never holds raw.
PLAIN_TEXT = ("Plain text, not Markdown (HTML shows as text): a blank line starts a new paragraph, "
              "https:// addresses become links and $...$ is rendered as math.")
PLAIN_TEXT_MD = ("Plain text, not Markdown (HTML shows as text): a blank line starts a new paragraph, "
                 "`https://` addresses become links and `$...$` is rendered as math.")

SOURCE_HELP = {name: kind.help for name, kind in KINDS.items()} | {
    "manual": "added by hand with python -m generator add or an edit; the default",
}
KIND_HELP = {name: KINDS[name].schedule_help for name in SCHEDULED}


# -- the files ------------------------------------------------------------------------------


def paper() -> Schema:
    source_enum, source_help = f.enum(SOURCES, SOURCE_HELP, nullable=True, null_help="left empty: manual")
    links = f.mapping(LINK_KEYS, {
        "arxiv": f.url("The arXiv abstract page.", "The arXiv abstract page, e.g. `https://arxiv.org/abs/2401.00001`."),
        "pdf": f.url("The PDF.", "The PDF, e.g. `https://arxiv.org/pdf/2401.00001`."),
        "code": f.url("The code repository.", "The code repository, e.g. `https://github.com/owner/name`."),
        "project": f.url("The project page."),
    }, (), "The paper's links. Each an absolute http:// or https:// URL; leave a key out when there is none.",
        "The paper's links, shown on its card. Each an absolute `http://` or `https://` URL (other schemes "
        "such as `javascript:` are refused); leave a key out when there is none.", title="Links")
    return f.mapping(PAPER_KEYS, {
        "id": f.paper_id(
            "The paper's arXiv id without a version, quoted: '2401.00001', 'hep-th/9901001'. A paper "
            "without an arXiv id has 't-' and 12 hex digits of its title's hash. One entry per paper.",
            "The paper's arXiv id without a version, **quoted** (unquoted, YAML reads `2401.10000` as a "
            "number): `'2401.00001'` or old style `'hep-th/9901001'`. A paper without an arXiv id has "
            "`t-` and 12 hex digits of its title's hash. Each paper appears once in the whole digest."),
        "former_ids": f.array(
            "Ids the paper had before, oldest first, written by python -m generator enrich when a paper "
            "without an arXiv id is found on arXiv: their pages redirect to this one.",
            f.paper_id("An id the paper had before.", "An id the paper had before, such as `'t-0123456789ab'`."),
            "Ids the paper had before, oldest first, written by `python -m generator enrich` when a paper "
            "without an arXiv id is found on arXiv: their `/papers/<id>/` pages redirect to this one and "
            "feed items keep the oldest id. Leave them as they are.", title="Former ids"),
        "title": f.string(f"The paper's title, on one line. Longer than {text.MAX_TITLE} characters is cut.",
                       required=True, max_length=text.MAX_TITLE, title="Title"),
        "authors": f.array("The authors' names, one '- name' a line, in the paper's order.",
                         f.string(f"One author's name. Longer than {text.MAX_NAME} characters is cut.", required=True,
                               max_length=text.MAX_NAME),
                         "The authors' names, one `- name` a line, in the paper's order. Only the first "
                         f"{text.MAX_AUTHORS} are kept.", max_items=text.MAX_AUTHORS, title="Authors"),
        "abstract": f.string(f"The abstract. {PLAIN_TEXT} Longer than {text.MAX_ABSTRACT} characters is cut.",
                          f"The abstract. {PLAIN_TEXT_MD} Longer than {text.MAX_ABSTRACT} characters is cut.",
                          max_length=text.MAX_ABSTRACT, title="Abstract"),
        "published": f.date("The day the paper first appeared, 'YYYY-MM-DD', or null when unknown.",
                           "The day the paper first appeared, `'YYYY-MM-DD'` (quoted), or `null` when unknown.",
                           title="Published"),
        "links": links,
        "upvotes": f.count("Hugging Face upvotes; ingest refreshes them.", title="Upvotes"),
        "stars": f.count("GitHub stars of the paper's code; ingest refreshes them.", title="Stars"),
        "source": f.doc("Where the paper came from: " + f.choices(SOURCE_HELP) + ".", title="Source")
        | {"type": ["string", "null"], "enum": source_enum, "enumDescriptions": source_help,
           "default": "manual"},
        "organization": f.string("The organization the paper is filed under on Hugging Face. Ingest fills it in.",
                              max_length=text.MAX_NAME, title="Organization"),
        "ai_summary": f.string("Hugging Face's one-sentence AI summary, shown as the TL;DR labelled with its "
                            "model. Ingest fills it in; a tldr overrides it.",
                            "Hugging Face's one-sentence AI summary, shown as the TL;DR labelled "
                            "\"AI summary by <model>\". Ingest fills it in; a `tldr` overrides it.",
                            max_length=text.MAX_NOTE, title="AI summary"),
        "ai_summary_model": f.string("The model that wrote ai_summary, e.g. Qwen/Qwen2.5-Coder-32B-Instruct.",
                                  max_length=text.MAX_NAME, title="AI summary model"),
        "ai_keywords": f.array("Hugging Face's AI keywords for the paper.",
                             f.string("One keyword.", required=True, max_length=text.MAX_NAME),
                             max_items=text.MAX_KEYWORDS, title="AI keywords"),
        "ai_summary_stale": f.flag("true when arXiv announced a newer version after the AI summary was "
                                  "written: the summary is marked as describing an older version. "
                                  "Written by ingest.", title="AI summary predates the newest version"),
        "topics": f.array(
            "Topic slugs from content/topics.yml. The paper also carries every topic whose phrases "
            "appear in its title or abstract. Ingest never overwrites them.",
            {"type": "string", "pattern": SLUG_PATTERN, "description": "A topic slug from content/topics.yml.",
             "patternErrorMessage": "a topic slug from content/topics.yml, e.g. 'vision-language'"},
            "Topic slugs from `content/topics.yml`, e.g. `[agents, reasoning]`. The paper is also shown "
            "under every topic whose `phrases` appear in its title or abstract; these tags add to that. "
            "Ingest never overwrites them.", title="Topics", max_items=MAX_PAPER_TOPICS),
        "tldr": f.string(f"The curator's one-line summary, shown as the TL;DR instead of the AI summary. "
                      f"{PLAIN_TEXT} Up to {text.MAX_NOTE} characters. Ingest never overwrites it.",
                      f"The curator's one-line summary, shown as the TL;DR (labelled \"Curator's summary\") "
                      f"instead of the AI summary. {PLAIN_TEXT_MD} Up to {text.MAX_NOTE} characters. "
                      "Ingest never overwrites it.", max_length=text.MAX_NOTE, title="TL;DR"),
        "note": f.string(f"The curator's note: why this paper matters. {PLAIN_TEXT} Up to {text.MAX_NOTE} characters. "
                      "Ingest never overwrites it.",
                      f"The curator's note: why this paper matters. {PLAIN_TEXT_MD} Up to {text.MAX_NOTE} "
                      "characters; it appears on the day page, the paper page and in the feeds. "
                      "Ingest never overwrites it.", max_length=text.MAX_NOTE, title="Note"),
        "pick": f.flag("true marks an editor's pick: a star wherever the paper is listed. Ingest never "
                      "overwrites it.", "`true` marks an editor's pick: a star on every page that lists "
                      "the paper. Ingest never overwrites it.", title="Editor's pick"),
    }, ("id", "title"), "One paper of the day.",
        "One paper of the day. `id` and `title` are required; ingest fills in the rest and never "
        "overwrites `topics`, `tldr`, `note` or `pick`.", title="Paper")


def day() -> Schema:
    body = f.mapping(DAY_KEYS, {
        "date": f.date("The digest day, 'YYYY-MM-DD'; the same date as the file name.",
                      "The digest day, `'YYYY-MM-DD'` (quoted); the same date as the file name "
                      "(`content/days/2026-06-14.yml` holds `date: '2026-06-14'`).", required=True,
                      title="Date"),
        "intro": f.string(f"Optional text above the day's papers. {PLAIN_TEXT} Up to {text.MAX_NOTE} characters.",
                       f"Optional text above the day's papers. {PLAIN_TEXT_MD} Up to {text.MAX_NOTE} characters.",
                       max_length=text.MAX_NOTE, title="Intro"),
        "upstream_empty": f.flag(
            "true when upstream published nothing that day (weekend, holiday): the status page says "
            "so instead of showing a gap. Written by the daily job.",
            "`true` when upstream published nothing that day (weekend, holiday): the status page says "
            "so instead of showing a gap. Written by the daily job.", title="Nothing upstream"),
        "papers": f.array("The day's papers, in the order the site shows them: move entries to reorder.",
                        {"$ref": "#/$defs/paper"}, title="Papers"),
    }, ("date", "papers"), "")
    return f.root(
        "Paper Digest day",
        "One digest day: content/days/YYYY-MM-DD.yml. `python -m generator validate` checks it in full.",
        "One digest day, `content/days/YYYY-MM-DD.yml`: its date, an optional intro and its papers in "
        "order. `python -m generator validate` checks it in full (topics against `content/topics.yml`, "
        "one entry per paper across days).",
        body, {"paper": paper()})


def topics() -> Schema:
    topic = f.mapping(TOPIC_KEYS, {
        "slug": {"title": "Slug",
                 "description": "The topic's id in URLs and in papers' topics: lower-case letters, digits "
                                "and single hyphens, e.g. vision-language. Unique.",
                 "markdownDescription": "The topic's id in URLs (`/topics/<slug>/`) and in papers' `topics`: "
                                        "lower-case letters, digits and single hyphens, e.g. `vision-language`. "
                                        "Unique in this file.",
                 "type": "string", "pattern": SLUG_PATTERN,
                 "patternErrorMessage": "lower-case letters, digits and single hyphens, e.g. 'vision-language'"},
        "title": f.string(f"The topic's name as shown. Longer than {text.MAX_TOPIC_TITLE} characters is cut.",
                       required=True, max_length=text.MAX_TOPIC_TITLE, title="Title"),
        "description": f.string("One or two sentences shown with the topic.", max_length=text.MAX_NOTE,
                             title="Description"),
        "phrases": f.array(
            "Words or phrases that put a paper in this topic when its title or abstract contains them "
            "(whole words, any case).",
            f.string("A word or phrase, matched as whole words in any case.", required=True,
                  max_length=text.MAX_TITLE),
            "Words or phrases that put a paper in this topic when its title or abstract contains them "
            "(whole words, any case), e.g. `[agent, agents, tool use]`.", title="Phrases"),
    }, ("slug", "title"), "One topic.", title="Topic")
    body = f.mapping(("topics",), {
        "topics": f.array("Every topic of the digest.", {"$ref": "#/$defs/topic"}, title="Topics"),
    }, ("topics",), "")
    return f.root(
        "Paper Digest topics", "The topic taxonomy: content/topics.yml.",
        "The topic taxonomy, `content/topics.yml`. A paper is shown under every topic whose `phrases` "
        "appear in its title or abstract, plus the topics listed on the paper itself. A new topic "
        "needs an entry here before papers can be tagged with it.",
        body, {"topic": topic})


def follows() -> Schema:
    kinds, kind_help = f.enum(FOLLOW_KINDS, {"author": "a person, matched against papers' authors",
                                            "organization": "a lab or company, matched against papers' organization"},
                             nullable=True, null_help="left empty: author")
    entry = f.mapping(FOLLOW_KEYS, {
        "slug": {"title": "Slug",
                 "description": "The page's address, following/<slug>/: lower-case letters, digits and single "
                                "hyphens. Unique; not 'index'.",
                 "type": "string", "pattern": SLUG_PATTERN, "not": {"const": "index"},
                 "patternErrorMessage": "lower-case letters, digits and single hyphens, e.g. 'ada-lovelace'"},
        "name": f.string("The name as the papers' author lists (or organization) write it; case and spacing "
                      "do not matter.", required=True, max_length=text.MAX_NAME, title="Name"),
        "kind": {"title": "Kind", "description": "author (the default) or organization.", "type": ["string", "null"],
                 "enum": kinds, "enumDescriptions": kind_help, "default": "author"},
        "note": f.string("Shown on their page. " + PLAIN_TEXT, PLAIN_TEXT_MD, max_length=text.MAX_NOTE, title="Note"),
    }, ("slug", "name"), "One person or lab.", title="Followed")
    body = f.mapping(("follows",), {
        "follows": f.array("People and labs the digest follows for everyone.", entry,
                         max_items=MAX_FOLLOWS, title="Follows"),
    }, ("follows",), "")
    return f.root(
        "Paper Digest follows",
        "People and labs the digest follows for everyone: content/follows.yml.",
        "People and labs the digest follows for everyone, `content/follows.yml`: each gets a page, "
        "`following/<slug>/`, with their papers in the archive and RSS, Atom and JSON Feed.", body)


def removed() -> Schema:
    entry = f.mapping(REMOVED_KEYS, {
        "id": f.paper_id("The removed paper's id, quoted, without a version.",
                        "The removed paper's id, **quoted**, without a version: `'2401.00001'`."),
        "reason": f.string("Why it was taken out, on one line (for the record).", max_length=text.MAX_TITLE,
                        title="Reason"),
    }, ("id",), "One paper taken out.", title="Removed paper")
    body = f.mapping(("removed",), {
        "removed": f.array("Papers taken out of the digest.", entry, title="Removed papers"),
    }, ("removed",), "")
    return f.root(
        "Paper Digest removed papers",
        "Papers taken out of the digest for good: content/removed.yml. No ingest brings them back.",
        "Papers taken out of the digest for good, `content/removed.yml`, written by "
        "`python -m generator remove`. No ingest brings them back; delete an entry (or `add` the paper "
        "again) to bring it back.", body)


def status() -> Schema:
    count = {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT,
             "description": "Papers the source returned that day."}
    entry = f.mapping(STATUS_KEYS, {
        "last_success": f.date("The last day ingested successfully, 'YYYY-MM-DD', or null.",
                              title="Last success"),
        "recent": f.doc(f"Papers the source returned per day, 'YYYY-MM-DD': count, the newest {KEEP_DAYS} days.",
                       title="Recent days")
        | {"type": "object", "propertyNames": {"pattern": DATE_PATTERN, "format": "date"},
           "additionalProperties": count},
        "held": f.doc("Days the publish gate or an upstream failure held this source back, 'YYYY-MM-DD': "
                     "reason; the next run asks for them again.", title="Held back")
        | {"type": "object", "propertyNames": {"pattern": DATE_PATTERN, "format": "date"},
           "additionalProperties": {"type": "string", "maxLength": MAX_REASON}},
    }, (), "What the daily job last saw of this source.", title="Source status")
    body = f.mapping(("sources",), {
        "sources": f.doc("Each source of sources.yml, by name.", title="Sources")
        | {"type": "object", "additionalProperties": {"$ref": "#/$defs/source"}},
    }, ("sources",), "")
    return f.root(
        "Paper Digest source status",
        "content/status.yml: written by `python -m generator daily`; do not edit by hand.",
        "`content/status.yml`: the daily job's memory of each source, written by `python -m generator daily` "
        "and read by the publish gate and the `/status/` page. Do not edit by hand.",
        body, {"source": entry})


def sources() -> Schema:
    kind_enum, kind_help = f.enum(SCHEDULED, KIND_HELP)
    phrase = f.string("A phrase, matched as whole words in any case.", required=True)
    entry = f.mapping(SOURCE_KEYS, {
        "name": f.string("Unique name, shown on the status page and in errors.", required=True, title="Name"),
        "kind": f.doc("Which upstream to read: " + f.choices(KIND_HELP) + ".", title="Kind")
        | {"type": "string", "enum": kind_enum, "enumDescriptions": kind_help},
        **{o.key: _option(o) for o in OPTIONS},
        "include": f.array("Keep a paper only if its title or abstract contains one of these phrases.", phrase,
                         title="Include"),
        "exclude": f.array("Drop a paper whose title or abstract contains one of these phrases.", phrase,
                         title="Exclude"),
        "min_papers": f.count("Publish gate: on a weekday, fewer papers than this holds the source back for "
                             "that day; the next run retries it (default 1).", default=1, title="Minimum papers"),
        "base_url": f.url("A mirror of the service (tests point it at a local server).", title="Base URL"),
        "enrich": f.flag("true: look up on arXiv, by title, the papers this source brings that lack an arXiv "
                        "id, authors or a date, as python -m generator enrich does.",
                        "`true`: look up on arXiv, by title, the papers this source brings that lack an arXiv "
                        "id, authors or a date, as `python -m generator enrich` does.", title="Enrich"),
    }, ("name", "kind"), "One upstream source.", title="Source")
    entry["allOf"] = [_needs(name, o) for name in SCHEDULED for o in KINDS[name].required] + [
        _not_for(name, o) for name in SCHEDULED for o in OPTIONS if o not in KINDS[name].options]
    body = f.mapping(("sources",), {
        "sources": f.array("The sources the daily job reads, each by name.", entry, title="Sources"),
    }, ("sources",), "")
    return f.root(
        "Paper Digest sources",
        "sources.yml: the upstream sources the daily job (`python -m generator daily`) reads.",
        "`sources.yml`: the upstream sources the daily job (`python -m generator daily`) reads, with "
        "keyword filters and the publish gate. Change it by pull request.", body)


def _option(o: Option) -> Schema:
    if o.count:
        return f.count(o.help, o.markdown, default=o.default, title=o.title)
    return f.string(o.help, o.markdown, title=o.title)


def _not_for(kind: str, o: Option) -> Schema:
    """sources.yml: a setting the kind does not read (`query` on an arxiv-rss source)."""
    return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {o.key: {"not": {}, "errorMessage": f"does not apply to an {kind} source "
                                                                         f"({not_for_hint(o, kind)})"}}}}


def _needs(kind: str, o: Option) -> Schema:
    """sources.yml: a kind that cannot do without an option (and the category's own rule)."""
    rule: Schema = {"type": "string", "minLength": 1,
                    "errorMessage": f"an {kind} source needs a {o.key}, e.g. {o.example}"}
    if o is CATEGORY_OPTION:
        rule = {"type": "string", "pattern": CATEGORY_PATTERN,
                "patternErrorMessage": f"an {kind} source needs a category arXiv has, e.g. {o.example}; "
                                       "several are joined by '+': 'cs.LG+stat.ML' (see "
                                       "https://arxiv.org/category_taxonomy)"}
    return {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"required": [o.key], "properties": {o.key: rule}}}


# -- files -----------------------------------------------------------------------------------

# file name in schema/ -> its builder, and which content files name it in their first line
SCHEMAS = {
    "day.schema.json": day,
    "topics.schema.json": topics,
    "removed.schema.json": removed,
    "follows.schema.json": follows,
    "status.schema.json": status,
    "sources.schema.json": sources,
    "data.schema.json": dataschema.schema,  # the site's open data (render/opendata.py), not a content file
}



def build() -> dict[str, Schema]:
    return {name: make() for name, make in SCHEMAS.items()}


def dumps(schema: Schema) -> str:
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def write(schema_dir: Path) -> list[Path]:
    """Write every schema into schema_dir; the paths written, in order."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in build().items():
        path = schema_dir / name
        path.write_text(dumps(schema), encoding="utf-8")
        written.append(path)
    return written

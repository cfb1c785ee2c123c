"""Records -> the YAML that curators read and edit: stable, diff-friendly, round-trippable."""

from __future__ import annotations

from typing import Any

import yaml

from generator.content.records import Day, Paper, Removed

DAY_HEADER = "# yaml-language-server: $schema=../../schema/day.schema.json\n"
REMOVED_HEADER = ("# yaml-language-server: $schema=../schema/removed.schema.json\n"
                  "# Papers taken out of the digest; no ingest brings them back.\n")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Block style for paragraphs keeps diffs readable; everything else as PyYAML quotes it.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100_000, default_flow_style=False)


def paper_dict(p: Paper) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id}
    if p.former_ids:
        out["former_ids"] = list(p.former_ids)
    out.update(title=p.title, authors=list(p.authors), abstract=p.abstract)
    out["published"] = p.published.isoformat() if p.published else None
    links = dict(p.links.items())
    if links:
        out["links"] = links
    if p.upvotes is not None:
        out["upvotes"] = p.upvotes
    if p.stars is not None:
        out["stars"] = p.stars
    out["source"] = p.source
    # Hugging Face's fields only where it gave them: day files without them stay as they were.
    if p.organization:
        out["organization"] = p.organization
    if p.ai_summary:
        out["ai_summary"] = p.ai_summary
    if p.ai_summary_model:
        out["ai_summary_model"] = p.ai_summary_model
    if p.ai_keywords:
        out["ai_keywords"] = list(p.ai_keywords)
    if p.ai_summary_stale:
        out["ai_summary_stale"] = True
    out["topics"] = list(p.topics)
    if p.tldr:
        out["tldr"] = p.tldr
    out["note"] = p.note
    out["pick"] = p.pick
    return out


def day_yaml(day: Day) -> str:
    data: dict[str, Any] = {"date": day.date.isoformat()}
    if day.intro:
        data["intro"] = day.intro
    if day.upstream_empty:
        data["upstream_empty"] = True
    data["papers"] = [paper_dict(p) for p in day.papers]
    return DAY_HEADER + _dump(data)


def removed_yaml(removed: tuple[Removed, ...]) -> str:
    items = [{"id": r.id, "reason": r.reason} if r.reason else {"id": r.id} for r in removed]
    return REMOVED_HEADER + _dump({"removed": items})

"""The two hostile sites of tests/test_hostile.py: what goes in (the corpus, as a pull
request's YAML or an upstream answer), what the cleaned input is, and how a site is built."""

from __future__ import annotations

import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import yaml
from hostile_corpus import PAYLOADS, TOPIC_DESCRIPTION, TOPIC_TITLE, Payload
from sample import SAMPLE_CONTENT
from sample import make_project as sample_project

from generator import ids, text
from generator.cli import main
from generator.site.build import VerifyError, build

ROOT = Path(__file__).resolve().parent.parent
SITE_NAME = "Paper Digest"
PR_DAY = date(2026, 1, 5)
HF_DAY = date(2026, 1, 6)
SLUG = "hostile"
HF_FIXTURE = ROOT / "tests/fixtures/hf_daily_papers/sotawhat_2026-06-12.json"
ALL_MARKERS = frozenset(p.n for p in (*PAYLOADS, TOPIC_TITLE, TOPIC_DESCRIPTION))
SURROGATES = re.compile("[\ud800-\udfff]")


# --- expected values: what the cleaned input is -----------------------------------------


@dataclass(frozen=True)
class Expected:
    payload: Payload
    id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    note: str
    tldr: str = ""  # the card's TL;DR as text: its label, then the summary's paragraphs

    @property
    def slug(self) -> str:
        return ids.slug(self.id)

    @property
    def anchor(self) -> str:
        return ids.anchor(self.id)


@dataclass
class Hostile:
    """One hostile site: how it was made, what it should show, and what came out."""

    name: str  # "pr" or "hf"
    project: Path
    day: date
    papers: list[Expected]
    intro: str = ""
    build_error: str = ""
    log: list[str] = field(default_factory=list)  # what validate or ingest printed
    link_lines: dict[int, int] = field(default_factory=dict)  # paper index -> line of links.project
    revalidate: str = ""  # validate's errors once the bad links are gone

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def content(self) -> Path:
        return self.project / "content"


TOPIC_CLEAN_TITLE = text.clean_line(TOPIC_TITLE.text, 80)
TOPIC_CLEAN_DESCRIPTION = text.clean_block(TOPIC_DESCRIPTION.text, text.MAX_NOTE)


def shown(clean: str) -> str:
    """Text as the static page holds it: $...$ delimiters become a .pd-math span holding the
    TeX (KaTeX typesets it in the browser), so comparisons leave the dollar signs out."""
    return clean.replace("$", "")


def math_of(clean: str) -> list[str]:
    return [tex for kind, tex in text.split_math(clean) if kind == "math"]


def pr_intro() -> str:
    return "\n\n".join(SURROGATES.sub("", p.text) for p in PAYLOADS if len(p.text) < 120)


# --- building the two hostile sites ----------------------------------------------------


def make_project(base: Path) -> Path:
    """The sample's project (tests/sample.py) with content/ our own: no days, the sample's
    taxonomy and a topic of payloads."""
    content = base / "content"
    (content / "days").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "removed.yml", content / "removed.yml")
    topics = yaml.safe_load((SAMPLE_CONTENT / "topics.yml").read_text(encoding="utf-8"))
    topics["topics"].append({"slug": SLUG, "title": TOPIC_TITLE.text, "description": TOPIC_DESCRIPTION.text,
                             "phrases": ["alert", "__pwned", "word"]})
    write_yaml(content / "topics.yml", topics)
    return sample_project(base / "project", content)


def write_yaml(path: Path, data: object) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text(dumped, encoding="utf-8")
    return dumped


def build_site(hostile: Hostile) -> None:
    """Build with verify on; if verify refuses, keep its report and build unverified to look."""
    try:
        build(hostile.project / "mkdocs.yml", hostile.site)
    except VerifyError as exc:
        hostile.build_error = str(exc)
        build(hostile.project / "mkdocs.yml", hostile.site, verify=False)


def pr_paper(p: Payload, with_link: bool) -> dict[str, Any]:
    pid = f"2601.{10000 + p.n}"
    value = SURROGATES.sub("", p.text)  # YAML files are UTF-8: no lone surrogate fits
    links = {"arxiv": f"https://arxiv.org/abs/{pid}"}
    if with_link and p.link:
        links["project"] = p.text
    return {"id": pid, "title": value, "authors": [value, f"Plain Author {p.n}"], "abstract": value,
            "published": "2026-01-04", "links": links, "source": "manual", "topics": [SLUG], "note": value,
            "tldr": value}


def link_lines(dumped: str) -> dict[int, int]:
    """Paper index -> line of its links.project value, read from the YAML node tree."""
    root = yaml.compose(dumped)
    assert isinstance(root, yaml.MappingNode)
    papers = next(v for k, v in root.value if k.value == "papers")
    lines = {}
    for index, item in enumerate(papers.value):
        links = next(v for k, v in item.value if k.value == "links")
        for key, value in links.value:
            if key.value == "project":
                lines[index] = value.start_mark.line + 1
    return lines


def cli(*argv: str) -> tuple[int, str, str]:
    """`python -m generator ARGV` in-process: exit status, stdout, stderr."""
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()

"""Shared by the `enrich` tests: the sample listing day's papers, small content/ folders
made of them, a local arXiv (tests/arxiv_answers.py) and the command line run on them."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from arxiv_answers import Entry, FakeArxiv
from sample import SAMPLE_CONTENT

from generator.cli import main
from generator.content import dump
from generator.content.records import Day, Links, Paper
from generator.ingest import titlesearch

ROOT = Path(__file__).resolve().parent.parent
API_ERROR = ROOT / "tests/fixtures/arxiv_api/arxivpy_recordings/id_abc_s0_m100_b79c8dcf6bc3.body.xml"
LISTING = date(2025, 8, 8)
OTHER = date(2025, 8, 10)


def sample() -> tuple[Paper, ...]:
    """The 137 papers of the sample listing day, as content/ holds them."""
    from generator.content import validate
    from generator.content.validate import Checker
    from generator.content.yamlsafe import parse

    path = SAMPLE_CONTENT / "days/2025-08-08.yml"
    result = validate.day_file(Checker(str(path)), parse(path.read_text(encoding="utf-8")), LISTING)
    assert result is not None
    return result[0].papers


SAMPLE = sample()
POSITION = SAMPLE[1]  # "Position Prediction as an Effective Pretraining Strategy"


def write_content(tmp_path: Path, *days: Day) -> Path:
    content = tmp_path / "content"
    (content / "days").mkdir(parents=True)
    for name in ("topics.yml", "removed.yml"):
        shutil.copyfile(SAMPLE_CONTENT / name, content / name)
    for day in days:
        (content / "days" / f"{day.date.isoformat()}.yml").write_text(dump.day_yaml(day), encoding="utf-8")
    return content


def listing(tmp_path: Path, *papers: Paper, others: tuple[Paper, ...] = ()) -> Path:
    days = [Day(LISTING, "", papers)] + ([Day(OTHER, "", others)] if others else [])
    return write_content(tmp_path, *days)


def entry(paper: Paper, arxiv_id: str = "2508.04001", **changes: object) -> Entry:
    return replace(Entry(arxiv_id, paper.title, paper.abstract), **changes)


def snapshot(content: Path) -> dict[str, str]:
    return {str(p.relative_to(content)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(content.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--content", str(content), "enrich", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def unchanged(capsys: pytest.CaptureFixture[str], content: Path, server: FakeArxiv, report: str) -> None:
    """Exit 4, the report on stderr, content/ byte-identical."""
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", server.url)
    assert (status, out) == (4, "")
    assert err == report + "\nnothing new: content/ is unchanged\n"
    assert snapshot(content) == before


def fails(capsys: pytest.CaptureFixture[str], content: Path, server: FakeArxiv, line: str) -> None:
    """Exit 3, one error line, content/ byte-identical."""
    before = snapshot(content)
    status, out, err = run(capsys, content, "--base-url", server.url)
    assert (status, out, err) == (3, "", line + "\n")
    assert snapshot(content) == before
    assert not [p for p in content.rglob("*") if p.name.startswith(".")]




def sample_answers() -> tuple[list[Entry], Paper]:
    """arXiv as the sample day might find it: most papers there, a few not, and each hard case once."""
    entries = [entry(p, f"2508.{10000 + i}", authors=(f"Author {i}", "Second Author")) for i, p in enumerate(SAMPLE)]
    long_title = next(i for i, p in enumerate(SAMPLE) if len(p.title.split()) > titlesearch.PHRASE_WORDS + 1)
    entries[long_title] = replace(entries[long_title], title=entries[long_title].title.rsplit(" ", 1)[0] + " Revisited")
    entries[3] = replace(entries[3], abstract=SAMPLE[4].abstract)  # weak
    fi = next(i for i, p in enumerate(SAMPLE) if " fi" in p.title.lower() and i > 10)
    entries[fi] = replace(entries[fi], title=entries[fi].title.replace("fi", "ﬁ").replace("Fi", "ﬁ"))
    entries.append(entry(SAMPLE[20], "2301.00020", abstract=SAMPLE[21].abstract))  # a namesake
    merged = Paper(id="2508.10030", title=SAMPLE[30].title, authors=("Author 30",), abstract=SAMPLE[30].abstract,
                   published=date(2025, 8, 7), links=Links(arxiv="https://arxiv.org/abs/2508.10030"), source="hf",
                   upvotes=12)
    missing = {40, 41, 42}
    return [e for i, e in enumerate(entries) if i not in missing], merged


"""`python -m generator validate` on content broken in every way a pull request can break it.

Each test copies the bundled content/ to a temporary folder, adds or breaks a file, runs
the real command line and compares every line it prints, exactly.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAY = "content/days/2026-06-20.yml"  # a day the sample content does not have
HEAD = "date: '2026-06-20'\npapers:\n"
PAPER = "- id: '2606.99999'\n  title: A Paper\n"  # lines 3 and 4 of a day file
KEPT_DAY = "2016-10-10.yml"


@pytest.fixture
def full_content(tmp_path: Path) -> Path:
    """A copy of the bundled content/."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


@pytest.fixture
def content(full_content: Path) -> Path:
    """The copy with one sample day (old-style ids included) kept: loads in a blink."""
    for day in (full_content / "days").glob("*.yml"):
        if day.name != KEPT_DAY:
            day.unlink()
    assert (full_content / "days" / KEPT_DAY).is_file()
    return full_content


def validate(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit status, the problem lines printed on stderr, and stdout."""
    status = main(["--content", str(content), "validate"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    lines = err.splitlines()
    if lines:  # the command prefixes its first line of output with "error: "
        assert lines[0].startswith("error: ")
        lines[0] = lines[0].removeprefix("error: ")
    return status, lines, out


def broken(content: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status, lines, out = validate(content, capsys)
    assert status == 1
    assert out == ""
    return lines


def write_day(content: Path, body: str, name: str = "2026-06-20.yml") -> Path:
    path = content / "days" / name
    path.write_text(body, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- the clean sample --------------------------------------------------------------------


def test_sample_content_is_valid(full_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = full_content
    days = sorted((content / "days").glob("*.yml"))
    papers = sum(len(yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)["papers"]) for p in days)
    topics = len(yaml.load((content / "topics.yml").read_bytes(), Loader=yaml.CSafeLoader)["topics"])
    before = snapshot(content)
    status, lines, out = validate(content, capsys)
    assert (status, lines) == (0, [])
    assert out == f"content/ is valid: {papers} papers on {len(days)} days, {topics} topics\n"
    assert papers > 100 and len(days) == 5 and topics == 12
    assert snapshot(content) == before  # validate never writes


def test_a_new_valid_day_is_counted(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, before = validate(content, capsys)
    write_day(content, HEAD + PAPER + "  authors: [Ada Lovelace]\n  topics: [agents]\n  pick: true\n")
    status, lines, out = validate(content, capsys)
    assert (status, lines) == (0, [])
    match = re.fullmatch(r"content/ is valid: (\d+) papers on (\d+) days, 12 topics\n", before)
    assert match
    papers, days = int(match[1]), int(match[2])
    assert out == f"content/ is valid: {papers + 1} papers on {days + 1} days, 12 topics\n"


# -- YAML itself -------------------------------------------------------------------------


def test_yaml_syntax_error(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  authors: [Ada, Bob\n  note: x\n")
    assert broken(content, capsys) == [
        f"{DAY}:6: : did not find expected ',' or ']' (while parsing a flow sequence)",
    ]


def test_tab_indentation(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "\tnote: x\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : a tab character where YAML allows only spaces (hint: indent with spaces, not tabs)",
    ]


def test_billion_laughs_is_refused_fast(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lol = ["  l0: &l0 lol"] + [
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)
    ]
    write_day(content, HEAD + PAPER + "  note:\n" + "\n".join(lol) + "\n")
    start = time.perf_counter()
    lines = broken(content, capsys)
    assert time.perf_counter() - start < 1.0
    assert lines == [  # reported where the first alias is, line 7
        f"{DAY}:7: : aliases (*name) are not allowed (hint: write the value out in full)",
    ]


def test_duplicate_keys(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: one\n  title: Another Title\n")
    assert broken(content, capsys) == [
        f"{DAY}:6: : duplicate key 'title' (first on line 4) (hint: YAML keeps only the last one; "
        "remove one of them)",
    ]


def test_two_yaml_documents(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "---\n" + HEAD)
    assert broken(content, capsys) == [
        f"{DAY}:5: : more than one YAML document (---) in the file (hint: keep one document per file)",
    ]


def test_deep_nesting(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: " + "[" * 100 + "]" * 100 + "\n")
    assert broken(content, capsys) == [f"{DAY}:5: : nested deeper than 20 levels"]


def test_deep_block_nesting(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nested = "".join("  " * (i + 2) + f"k{i}:\n" for i in range(100))
    write_day(content, HEAD + PAPER + "  links:\n" + nested)
    # The file's mapping is depth 0, the papers list 1, the paper 2, the mapping holding k0
    # (line 6) 3: depth 21 is the mapping holding k18, on line 24.
    assert broken(content, capsys) == [f"{DAY}:24: : nested deeper than 20 levels"]


def test_file_over_five_megabytes(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  abstract: '" + "x" * 6_000_000 + "'\n")
    start = time.perf_counter()
    assert broken(content, capsys) == [f"{DAY}:1: : file is larger than 5 MB"]
    assert time.perf_counter() - start < 2.0


def test_not_utf8(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "days" / "2026-06-20.yml").write_bytes(
        (HEAD + PAPER + "  note: caf\xe9\n").encode("latin-1")
    )
    assert broken(content, capsys) == [f"{DAY}:5: : file is not valid UTF-8 (hint: save it as UTF-8)"]


def test_control_character(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: ring the \x07 bell\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : character U+0007 is not allowed in YAML "
        "(hint: remove it, or write it as an escape in a double-quoted string)",
    ]


def test_yaml_tags_are_refused(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  note: !!python/object:os.system echo\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: : YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed "
        "(hint: remove the !tag)",
    ]


def test_empty_day_file(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, "# nothing yet\n")
    assert broken(content, capsys) == [f"{DAY}:1: : expected a mapping of keys to values"]


# -- fields ------------------------------------------------------------------------------


def test_unknown_key_typo(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: '2606.99999'\n  titel: A Paper\n  title: A Paper\n")
    assert broken(content, capsys) == [
        f"{DAY}:4: papers[0].titel: unknown key (hint: did you mean 'title'?)",
    ]


def test_unknown_key_without_a_close_match(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD.replace("papers:", "colour: blue\npapers:") + PAPER)
    assert broken(content, capsys) == [
        f"{DAY}:2: colour: unknown key (hint: allowed: date, intro, upstream_empty, papers)",
    ]


def test_wrong_types(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  authors: Ada Lovelace, Charles Babbage\n  upvotes: many\n"
              "  stars: -3\n  pick: yes\n  links: https://arxiv.org/abs/2606.99999\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[0].authors: expected a list (hint: write one '- item' per line)",
        f"{DAY}:6: papers[0].upvotes: expected a whole number",
        f"{DAY}:7: papers[0].stars: expected a number between 0 and 1000000000",
        f"{DAY}:8: papers[0].pick: expected true or false",
        f"{DAY}:9: papers[0].links: expected a mapping of keys to values",
    ]


def test_yaml_1_1_integers_are_refused_not_crashed_on(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_day(content, HEAD + PAPER + "  upvotes: 010\n  stars: 1:30\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[0].upvotes: expected a whole number, found '010' "
        "(hint: write it with the digits 0-9 only)",
        f"{DAY}:6: papers[0].stars: expected a whole number, found '1:30' "
        "(hint: write it with the digits 0-9 only)",
    ]


def test_missing_required_fields(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: '2606.99999'\n  authors: [Ada]\n- title: No Id\n")
    assert broken(content, capsys) == [
        f"{DAY}:3: papers[0].title: missing required field",
        f"{DAY}:5: papers[1].id: missing required field",
    ]


def test_empty_title(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: '2606.99999'\n  title:\n- id: '2606.99998'\n  title: ' '\n")
    assert broken(content, capsys) == [
        f"{DAY}:4: papers[0].title: must not be empty",
        f"{DAY}:6: papers[1].title: must not be empty",
    ]


def test_missing_date_and_papers(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, "intro: hello\n")
    assert broken(content, capsys) == [
        f"{DAY}:1: date: missing required field",
        f"{DAY}:1: papers: missing required field",
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("'2026-02-30'", "'2026-02-30' is not a real date"),
        ("yesterday", "expected a date as YYYY-MM-DD, found 'yesterday'"),
        ("2026-6-20", "expected a date as YYYY-MM-DD, found '2026-6-20'"),
        ("20260620", "expected a date as YYYY-MM-DD, found '20260620'"),
        ("2026-06-20 10:00:00", "expected a date as YYYY-MM-DD, found '2026-06-20 10:00:00'"),
    ],
)
def test_bad_date(content: Path, capsys: pytest.CaptureFixture[str], written: str, message: str) -> None:
    write_day(content, f"date: {written}\npapers: []\n")
    assert broken(content, capsys) == [f"{DAY}:1: date: {message}"]


def test_bad_published_date(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  published: last week\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[0].published: expected a date as YYYY-MM-DD, found 'last week'",
    ]


def test_date_not_matching_file_name(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, "papers: []\ndate: 2026-06-21\n")  # an unquoted date is fine
    assert broken(content, capsys) == [
        f"{DAY}:2: date: 2026-06-21 does not match the file name 2026-06-20 "
        "(hint: rename the file to 2026-06-21.yml or fix the date)",
    ]


def test_file_name_that_is_no_real_date(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, "date: '2026-02-28'\npapers: []\n", name="2026-02-30.yml")
    assert broken(content, capsys) == [
        "content/days/2026-02-30.yml:1: : 2026-02-30 in the file name is not a real date "
        "(hint: day files are named YYYY-MM-DD.yml after the date they hold)",
    ]


def test_id_read_as_a_number(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: 2401.10000\n  title: A Paper\n")
    assert broken(content, capsys) == [
        f"{DAY}:3: papers[0].id: YAML reads '2401.10000' as a number, not text "
        "(hint: quote it: '2401.10000')",
    ]


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("'2401.00001v2'", "'2401.00001v2' is not a valid paper id (hint: drop the version suffix: "
                           "'2401.00001')"),
        ("'hep-th/9901001v3'", "'hep-th/9901001v3' is not a valid paper id (hint: drop the version "
                               "suffix: 'hep-th/9901001')"),
        ("' 2401.00001'", "' 2401.00001' is not a valid paper id (hint: remove the spaces around it: "
                          "'2401.00001')"),
        ("../etc", "'../etc' is not a valid paper id (hint: use an arXiv id such as '2401.00001' or "
                   "'hep-th/9901001', quoted)"),
        ("'2401.1'", "'2401.1' is not a valid paper id (hint: use an arXiv id such as '2401.00001' or "
                     "'hep-th/9901001', quoted)"),
        ("'\u0662\u0664\u0660\u0661.\u0660\u0660\u0660\u0660\u0661'",
         "'\u0662\u0664\u0660\u0661.\u0660\u0660\u0660\u0660\u0661' is not a valid paper id (hint: use "
         "an arXiv id such as '2401.00001' or 'hep-th/9901001', quoted)"),
    ],
)
def test_bad_ids(content: Path, capsys: pytest.CaptureFixture[str], written: str, problem: str) -> None:
    write_day(content, HEAD + f"- id: {written}\n  title: A Paper\n")
    assert broken(content, capsys) == [f"{DAY}:3: papers[0].id: {problem}"]


def test_duplicate_id_within_a_day(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + PAPER.replace("A Paper", "Again"))
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[1].id: paper 2606.99999 is already in the digest at {DAY}:3 "
        "(hint: keep one entry per paper)",
    ]


def test_duplicate_id_across_days(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER)
    write_day(content, "date: '2026-06-21'\npapers:\n- id: '2605.00001'\n  title: B\n" + PAPER,
              name="2026-06-21.yml")
    assert broken(content, capsys) == [
        f"content/days/2026-06-21.yml:5: papers[1].id: paper 2606.99999 is already in the digest at "
        f"{DAY}:3 (hint: keep one entry per paper)",
    ]


def test_duplicate_of_a_sample_paper(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = (content / "days" / KEPT_DAY).read_text(encoding="utf-8").splitlines()
    line = sample.index("- id: cond-mat/0412498") + 1
    write_day(content, HEAD + "- id: cond-mat/0412498\n  title: Thermal melting, again\n")
    assert broken(content, capsys) == [
        f"{DAY}:3: papers[0].id: paper cond-mat/0412498 is already in the digest at "
        f"content/days/{KEPT_DAY}:{line} (hint: keep one entry per paper)",
    ]


def test_unknown_topics(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  topics:\n  - agentss\n  - robotic\n  - zzzz\n")
    assert broken(content, capsys) == [
        f"{DAY}:6: papers[0].topics: unknown topic 'agentss' (hint: closest: agents)",
        f"{DAY}:7: papers[0].topics: unknown topic 'robotic' (hint: closest: robotics)",
        f"{DAY}:8: papers[0].topics: unknown topic 'zzzz' (hint: add it to content/topics.yml first)",
    ]


def test_unsafe_links(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  links:\n    arxiv: javascript:alert(1)\n"
              "    pdf: ftp://ftp.example.org/paper.pdf\n    code: '&#106;avascript:alert(1)'\n"
              "    project: 'http://['\n")
    hint = "(hint: other schemes (javascript:, data:, ...) are never published)"
    assert broken(content, capsys) == [
        f"{DAY}:6: papers[0].links.arxiv: links must be absolute http:// or https:// URLs {hint}",
        f"{DAY}:7: papers[0].links.pdf: links must be absolute http:// or https:// URLs {hint}",
        f"{DAY}:8: papers[0].links.code: links must be absolute http:// or https:// URLs {hint}",
        f"{DAY}:9: papers[0].links.project: links must be absolute http:// or https:// URLs {hint}",
    ]


def test_link_with_a_bidi_override(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + '  links:\n    code: "https://example.org/\\u202Egnp.exe"\n')
    assert broken(content, capsys) == [
        f"{DAY}:6: papers[0].links.code: links must be absolute http:// or https:// URLs "
        "(hint: other schemes (javascript:, data:, ...) are never published)",
    ]


def test_yaml_types_where_text_is_expected(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: '2606.99999'\n  title: ~\n  note: no\n  abstract: 2026-01-01\n"
              "- id: '2606.99998'\n  title: yes\n  authors: [Ada, null, 3.5]\n")
    assert broken(content, capsys) == [
        f"{DAY}:4: papers[0].title: YAML reads '~' as nothing (null), not text (hint: quote it: '~')",
        f"{DAY}:5: papers[0].note: YAML reads 'no' as true/false, not text (hint: quote it: 'no')",
        f"{DAY}:6: papers[0].abstract: YAML reads '2026-01-01' as a date, not text "
        "(hint: quote it: '2026-01-01')",
        f"{DAY}:8: papers[1].title: YAML reads 'yes' as true/false, not text (hint: quote it: 'yes')",
        f"{DAY}:9: papers[1].authors: YAML reads '3.5' as a number, not text (hint: quote it: '3.5')",
        f"{DAY}:9: papers[1].authors: YAML reads 'null' as nothing (null), not text "
        "(hint: quote it: 'null')",
    ]


def test_unknown_source(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + "  source: twitter\n")
    assert broken(content, capsys) == [
        f"{DAY}:5: papers[0].source: unknown source 'twitter' "
        "(hint: one of hf, arxiv, arxiv-rss, listing, manual)",
    ]


# -- other files -------------------------------------------------------------------------


def test_paper_listed_in_removed(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "removed.yml").write_text(
        "removed:\n- id: '2606.99999'\n  reason: retracted\n", encoding="utf-8"
    )
    write_day(content, HEAD + PAPER)
    assert broken(content, capsys) == [
        f"{DAY}:3: papers[0].id: paper 2606.99999 is listed in content/removed.yml "
        "(hint: delete it there to bring the paper back)",
    ]


def test_bad_removed_file(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "removed.yml").write_text(
        "removed:\n- id: 2401.00001v2\n- reason: no id\n- id: '2401.00001'\n  why: typo\n",
        encoding="utf-8",
    )
    assert broken(content, capsys) == [
        "content/removed.yml:2: removed[0].id: '2401.00001v2' is not a valid paper id",
        "content/removed.yml:3: removed[1].id: missing required field",
        "content/removed.yml:5: removed[2].why: unknown key (hint: allowed: id, reason)",
    ]


def test_stray_file_in_days(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "days" / "notes.txt").write_text("todo\n", encoding="utf-8")
    (content / "days" / "2026-06-20.yaml").write_text(HEAD, encoding="utf-8")
    (content / "days" / ".editor-backup.yml").write_text("junk: [\n", encoding="utf-8")  # hidden: skipped
    assert broken(content, capsys) == [
        "content/days/2026-06-20.yaml:1: : unexpected file in content/days/ "
        "(hint: day files are named YYYY-MM-DD.yml)",
        "content/days/notes.txt:1: : unexpected file in content/days/ "
        "(hint: day files are named YYYY-MM-DD.yml)",
    ]


def test_missing_topics_file(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "topics.yml").unlink()
    lines = broken(content, capsys)
    assert lines[0] == "content/topics.yml:1: : missing: the topic list is required"


# -- many problems at once ---------------------------------------------------------------


MULTI = """\
date: '2026-06-20'
papers:
- id: 2401.10000
  titel: Typo In The Key
  title: A Paper
  upvotes: many
  links:
    code: javascript:alert(1)
- id: '2606.99999v2'
  title: Second
  topics: [agentss]
- id: '2606.99998'
  title: Third
- id: '2606.99998'
  title: Third again
"""


def test_every_problem_reported_together_sorted(
    full_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = full_content
    write_day(content, MULTI)
    write_day(content, "date: '2026-06-19'\npapers:\n- title: No id\n  pick: maybe\n",
              name="2026-06-19.yml")
    write_day(content, "date: '2026-06-21'\npapers: [\n", name="2026-06-21.yml")
    (content / "days" / "README.md").write_text("stray\n", encoding="utf-8")
    (content / "removed.yml").write_text("removed:\n- id: '2606.99998'\n", encoding="utf-8")
    assert broken(content, capsys) == [
        "content/days/2026-06-19.yml:3: papers[0].id: missing required field",
        "content/days/2026-06-19.yml:4: papers[0].pick: expected true or false",
        f"{DAY}:3: papers[0].id: YAML reads '2401.10000' as a number, not text "
        "(hint: quote it: '2401.10000')",
        f"{DAY}:4: papers[0].titel: unknown key (hint: did you mean 'title'?)",
        f"{DAY}:6: papers[0].upvotes: expected a whole number",
        f"{DAY}:8: papers[0].links.code: links must be absolute http:// or https:// URLs "
        "(hint: other schemes (javascript:, data:, ...) are never published)",
        f"{DAY}:9: papers[1].id: '2606.99999v2' is not a valid paper id "
        "(hint: drop the version suffix: '2606.99999')",
        f"{DAY}:11: papers[1].topics: unknown topic 'agentss' (hint: closest: agents)",
        f"{DAY}:12: papers[2].id: paper 2606.99998 is listed in content/removed.yml "
        "(hint: delete it there to bring the paper back)",
        f"{DAY}:14: papers[3].id: paper 2606.99998 is already in the digest at {DAY}:12 "
        "(hint: keep one entry per paper)",
        f"{DAY}:14: papers[3].id: paper 2606.99998 is listed in content/removed.yml "
        "(hint: delete it there to bring the paper back)",
        "content/days/2026-06-21.yml:3: : did not find expected node content "
        "(while parsing a flow node)",
        "content/days/README.md:1: : unexpected file in content/days/ "
        "(hint: day files are named YYYY-MM-DD.yml)",
    ]

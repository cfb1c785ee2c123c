"""`python -m generator validate` on content broken in every way a pull request can break it.

Each test copies the bundled content/ to a temporary folder, adds or breaks a file, runs
the real command line and compares every line it prints, exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from validating import DAY, HEAD, KEPT_DAY, PAPER, broken, snapshot, validate, write_day

pytestmark = pytest.mark.fork  # in the fork check (`pytest -m fork`): tests/sample.py

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

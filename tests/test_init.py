"""`python -m generator init`, run as a newcomer runs it at the root of a clone: the sample
papers go, starter topics and sources come with comments, mkdocs.yml keeps every line but
the ones it sets, CODEOWNERS gets placeholders, `validate` passes right after; a digest with
papers of its own is refused unless --force; bad options exit 2 with argparse's message."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from sample import SAMPLE_SOURCES

from generator.cli import main

PROG = "python -m generator init"
ROBOTS = ["init", "--name", "Robot Lab Digest", "--site-url", "https://robolab.github.io/digest",
          "--repo", "robolab/digest", "--topic", "manipulation:Manipulation",
          "--topic", "robot-learning:Robot learning",
          "--source", "hf", "--source", "arxiv-rss:cs.RO"]


# The files init edits, as a clone of the upstream project holds them (not read from this
# repository, which may itself be a fork that ran init).
MKDOCS = """\
site_name: Paper Digest
site_description: A curated digest of research papers, day by day, with feeds.
# Feeds and citation tags need absolute links: set this to where your digest is published.
site_url: https://paper-digest.github.io/paper-digest/
docs_dir: docs
strict: true  # a comment init leaves alone

theme:
  name: material
  custom_dir: overrides
extra:
  digest:
    content: content
"""
CODEOWNERS = """\
# Who must review a pull request (GitHub applies the last pattern that matches a file).
# Replace the two teams with your own team or user names.
*            @paper-digest/maintainers
/content/    @paper-digest/curators
"""
CONTRIBUTING = """\
- **`content/`**: any curator (`@paper-digest/curators`).
- **Everything else**: a maintainer (`@paper-digest/maintainers`).
"""


@pytest.fixture
def clone(content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The files init reads and writes, as a clone holds them, with the `content` fixture's
    sample day (11 papers); the working directory."""
    root = content.parent
    (root / ".github").mkdir()
    for name, text in (("mkdocs.yml", MKDOCS), (".github/CODEOWNERS", CODEOWNERS), ("CONTRIBUTING.md", CONTRIBUTING)):
        (root / name).write_text(text, encoding="utf-8")
    shutil.copyfile(SAMPLE_SOURCES, root / "sources.yml")
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_turns_the_clone_into_a_new_digest(capsys: pytest.CaptureFixture[str], clone: Path) -> None:
    before = (clone / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    status, out, err = run(capsys, *ROBOTS)
    assert (status, err) == (0, "")
    assert out == (
        "init: Robot Lab Digest at https://robolab.github.io/digest/\n"
        "  removed content/days/2016-10-10.yml: 11 papers\n"
        "  wrote content/status.yml: empty: the daily job fills it in\n"
        "  wrote content/topics.yml: 2 topics: manipulation, robot-learning\n"
        "  wrote sources.yml: 2 sources: hf, arxiv-cs-ro\n"
        "  wrote content/follows.yml: nobody yet (an example in its comments)\n"
        "  edited .github/CODEOWNERS: @robolab/maintainers and @robolab/curators, placeholders to replace "
        "with your teams or users\n"
        "  edited CONTRIBUTING.md: the review teams, @robolab/...\n"
        "  edited mkdocs.yml: site_name, site_url, repo_url, repo_name\n"
        "next: python -m generator validate, then python -m generator build; RUN-YOUR-OWN.md goes on from "
        "step 3 (push, GitHub Pages, the daily job)\n")
    assert list((clone / "content/days").iterdir()) == []
    assert run(capsys, "validate") == (0, "content/ is valid: 0 papers on 0 days, 2 topics\n", "")
    # follows.yml: empty, and its commented example is a valid file once uncommented.
    follows = (clone / "content/follows.yml").read_text(encoding="utf-8")
    assert follows.endswith("\nfollows: []\n")
    example = [line[1:] for line in follows.splitlines() if line.startswith("#   ")]
    assert len(example) == 6
    (clone / "content/follows.yml").write_text("follows:\n" + "\n".join(example) + "\n", encoding="utf-8")
    assert run(capsys, "validate") == (0, "content/ is valid: 0 papers on 0 days, 2 topics\n", "")
    (clone / "content/follows.yml").write_text(follows, encoding="utf-8")

    # mkdocs.yml: the lines it sets, in place; every other line (comments too) as it was.
    after = (clone / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert after[:6] == ["site_name: Robot Lab Digest", before[1], before[2],
                         "site_url: https://robolab.github.io/digest/",
                         "repo_url: https://github.com/robolab/digest", "repo_name: robolab/digest"]
    assert after[6:] == before[4:] and "strict: true  # a comment init leaves alone" in after
    # The starter files: what the options said, with comments that explain them.
    topics = (clone / "content/topics.yml").read_text(encoding="utf-8")
    assert topics.endswith("topics:\n  - slug: manipulation\n    title: Manipulation\n    phrases: [manipulation]\n"
                           "  - slug: robot-learning\n    title: Robot learning\n    phrases: [robot learning]\n")
    assert "#   - slug: manipulation" in topics
    sources = (clone / "sources.yml").read_text(encoding="utf-8")
    assert sources.endswith("sources:\n  - name: hf\n    kind: hf\n    min_papers: 3\n"
                            "  - name: arxiv-cs-ro\n    kind: arxiv-rss\n    category: cs.RO\n    min_papers: 1\n")
    assert (clone / "content/removed.yml").read_text(encoding="utf-8").endswith("removed: []\n")
    assert (clone / "content/status.yml").read_text(encoding="utf-8").endswith("sources: {}\n")
    owners = (clone / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert owners == (CODEOWNERS.splitlines(keepends=True)[0]
                      + "# init: the two teams below are placeholders: replace them with your own GitHub teams\n"
                      "# (@org/team) or users (@name), or GitHub asks nobody to review.\n"
                      "*            @robolab/maintainers\n/content/    @robolab/curators\n")
    guide = (clone / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert guide == CONTRIBUTING.replace("@paper-digest/", "@robolab/")
    for path in clone.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "paper-digest.github.io" not in text and "@paper-digest/" not in text, path

    # Run again (an interrupted run, or second thoughts): nothing left to remove.
    status, out, err = run(capsys, *ROBOTS[:-2], "--description", "Robots: papers, daily")
    assert (status, err) == (0, "")
    assert out.splitlines()[1:-1] == [
        "  wrote sources.yml: 1 source: hf",
        "  edited mkdocs.yml: site_name, site_url, site_description, repo_url, repo_name"]
    assert (clone / "mkdocs.yml").read_text(encoding="utf-8").splitlines()[1] == (
        "site_description: 'Robots: papers, daily'")


def test_without_options_a_placeholder_owner_and_hf(capsys: pytest.CaptureFixture[str], clone: Path) -> None:
    status, out, err = run(capsys, "init", "--name", "Digest", "--site-url", "https://example.org/")
    assert (status, err) == (0, "")
    assert "  wrote content/topics.yml: no topics yet (an example in its comments)\n" in out
    assert "  wrote sources.yml: 1 source: hf\n" in out
    assert "*            @YOUR-ORG/maintainers\n/content/    @YOUR-ORG/curators\n" in (
        clone / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert run(capsys, "validate") == (0, "content/ is valid: 0 papers on 0 days, 0 topics\n", "")
    # A second run with the repository puts its owner in place of the placeholder...
    assert "  edited .github/CODEOWNERS: @robolab/maintainers" in run(capsys, *ROBOTS)[1]
    # ...and teams the fork named itself stay as they are.
    (clone / ".github/CODEOWNERS").write_text("*  @alice\n/content/  @robolab/readers\n", encoding="utf-8")
    status, out, err = run(capsys, *ROBOTS[:-4], "--repo", "robo/other")
    assert (status, err) == (0, "") and "CODEOWNERS" not in out
    assert (clone / ".github/CODEOWNERS").read_text(encoding="utf-8") == "*  @alice\n/content/  @robolab/readers\n"


OWN_DAY = "date: '2026-06-20'\npapers:\n- id: '2606.99999'\n  title: A Paper of Our Own\n"


def test_a_digest_with_papers_of_its_own_is_refused_without_force(
    capsys: pytest.CaptureFixture[str], clone: Path,
) -> None:
    assert run(capsys, *ROBOTS)[0] == 0
    (clone / "content/days/2026-06-20.yml").write_text(OWN_DAY, encoding="utf-8")
    before = snapshot(clone)
    assert run(capsys, *ROBOTS) == (1, "", (
        "error: init: this digest already has papers of its own (1 paper on 1 day in content/days/, "
        "site https://robolab.github.io/digest/); init would delete them. Nothing was changed "
        "(hint: run init on a fresh clone, or add --force to start over)\n"))
    assert snapshot(clone) == before
    status, out, err = run(capsys, *ROBOTS, "--force")
    assert (status, err) == (0, "")
    assert out.splitlines()[1] == "  removed content/days/2026-06-20.yml: 1 paper"


def test_papers_without_the_sample_under_the_upstream_address_are_its_own(
    capsys: pytest.CaptureFixture[str], clone: Path,
) -> None:
    """A fork that took the sample out and ingested its own papers before running init."""
    (clone / "content/days/2016-10-10.yml").unlink()
    (clone / "content/days/2026-06-20.yml").write_text(OWN_DAY, encoding="utf-8")
    status, out, err = run(capsys, *ROBOTS)
    assert (status, out) == (1, "")
    assert err.startswith("error: init: this digest already has papers of its own (1 paper on 1 day in "
                          "content/days/, site https://paper-digest.github.io/paper-digest/)")


@pytest.mark.parametrize("option,value,message", [
    ("--site-url", "robolab.github.io/x",
     "'robolab.github.io/x' is not an absolute http:// or https:// address (e.g. https://OWNER.github.io/REPO/)"),
    ("--site-url", "https://robolab.github.io/x/?page=1",
     "'https://robolab.github.io/x/?page=1' is not an absolute http:// or https:// address "
     "(e.g. https://OWNER.github.io/REPO/)"),
    ("--site-url", "https://paper-digest.github.io/paper-digest",
     "'https://paper-digest.github.io/paper-digest/' is the upstream project's address: give your own"),
    ("--name", " \u200b ", "the name has nothing visible in it"),
    ("--repo", "robolab", "'robolab' is not a GitHub repository as OWNER/NAME"),
    ("--repo", "robo lab/x", "'robo lab/x' is not a GitHub repository as OWNER/NAME"),
    ("--topic", "Manipulation", "'Manipulation' is not SLUG:TITLE (e.g. 'manipulation:Manipulation'; "
                                "a slug is lower-case letters, digits and single hyphens)"),
    ("--source", "arxiv-rss:cs RO", "'arxiv-rss:cs RO' is not hf, arxiv-rss:CATEGORY (e.g. arxiv-rss:cs.RO) "
                                    "or arxiv:QUERY (e.g. 'arxiv:cat:cs.RO AND abs:grasping')"),
    ("--source", "rss", "'rss' is not hf, arxiv-rss:CATEGORY (e.g. arxiv-rss:cs.RO) "
                        "or arxiv:QUERY (e.g. 'arxiv:cat:cs.RO AND abs:grasping')"),
])
def test_bad_options_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str], clone: Path, option: str, value: str, message: str,
) -> None:
    before = snapshot(clone)
    args = {"--name": "Robot Lab Digest", "--site-url": "https://robolab.github.io/digest/", option: value}
    status, out, err = run(capsys, "init", *(x for kv in args.items() for x in kv))
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"{PROG}: error: argument {option}: {message}"
    assert snapshot(clone) == before


def test_a_topic_given_twice_is_a_bad_command_line(capsys: pytest.CaptureFixture[str], clone: Path) -> None:
    status, out, err = run(capsys, *ROBOTS, "--topic", "manipulation:Grasping")
    assert (status, err.splitlines()[-1]) == (2, f"{PROG}: error: 'manipulation' is given twice: "
                                                 "one --topic or --source per name")


def test_no_mkdocs_yml_is_one_clear_error(capsys: pytest.CaptureFixture[str], clone: Path) -> None:
    (clone / "mkdocs.yml").unlink()
    assert run(capsys, *ROBOTS) == (1, "", "error: cannot read mkdocs.yml: No such file or directory\n")

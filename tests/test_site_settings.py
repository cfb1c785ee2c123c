"""The site's own settings in mkdocs.yml, as every command reads them: site_url must be an
absolute http(s) address (said with its file and line), the upstream project's site_url
kept by a digest that is not the sample is a warning, and every upstream request names the
site that makes it (repo_url, else site_url), never the upstream project."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from arxiv_answers import FakeArxiv
from enriching import POSITION, entry, listing
from upstream_server import UpstreamServer

from generator.cli import main
from generator.errors import DigestError
from generator.site import project as projectmod
from generator.site.build import build

ROOT = Path(__file__).resolve().parent.parent
HF_DAY = ROOT / "tests/fixtures/hf_daily_papers/sotawhat_2026-06-12.json"
OURS = "https://robolab.github.io/digest/"
UPSTREAM = projectmod.UPSTREAM_SITE_URL
WARNING = (f"mkdocs.yml:2: site_url: still the upstream project's address {UPSTREAM}: your feeds, "
           "sitemap and citation tags would point at its site (hint: set it to where you publish, "
           "or run python -m generator init)")


def settings(folder: Path, *lines: str) -> Path:
    config = folder / "mkdocs.yml"
    config.write_text("site_name: Robot Lab Digest\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return config


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


# -- site_url -------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,message", [
    ("robolab.github.io/x", "'robolab.github.io/x' is not an absolute http:// or https:// address "
                            "(hint: write it whole, as https://OWNER.github.io/REPO/)"),
    ("ftp://robolab.example/x/", "'ftp://robolab.example/x/' is not an absolute http:// or https:// address "
                                 "(hint: write it whole, as https://OWNER.github.io/REPO/)"),
    ("https://user@robolab.example/", "'https://user@robolab.example/' is not an absolute http:// or https:// "
                                      "address (hint: write it whole, as https://OWNER.github.io/REPO/)"),
    ("''", "is required: feeds and citation tags need the absolute address the site is published at "
           "(hint: site_url: https://OWNER.github.io/REPO/)"),
])
def test_a_site_url_that_is_not_an_address_is_named_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path, value: str, message: str,
) -> None:
    config = settings(tmp_path, "site_description: ours", f"site_url: {value}")
    expected = f"error: mkdocs.yml:3: site_url: {message}\n"
    assert run(capsys, "--content", str(content), "validate", "--config", str(config)) == (1, "", expected)
    assert run(capsys, "--content", str(content), "build", "--config", str(config)) == (1, "", expected)


def test_validate_reports_mkdocs_yml_with_the_content_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path,
) -> None:
    config = settings(tmp_path, "site_url: https://robolab.github.io/digest/", "repo_url: github.com/robolab/x")
    (content / "removed.yml").write_text("removed:\n  - id: '2401.00001'\n    reason: 1\n", encoding="utf-8")
    status, out, err = run(capsys, "--content", str(content), "validate", "--config", str(config))
    assert (status, out) == (1, "")
    assert err == ("error: content/removed.yml:3: removed[0].reason: YAML reads '1' as a number, not text "
                   "(hint: quote it: '1')\n"
                   "mkdocs.yml:3: repo_url: 'github.com/robolab/x' is not an absolute http:// or https:// address "
                   "(hint: write it whole, as https://OWNER.github.io/REPO/)\n")


def test_the_upstream_site_url_in_a_digest_of_its_own_is_a_warning(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path, content: Path,
) -> None:
    config = settings(tmp_path, f"site_url: {UPSTREAM}")
    # The sample digest under the upstream address is the demo itself: quiet.
    assert run(capsys, "--content", str(content), "validate", "--config", str(config))[0] == 0
    assert caplog.messages == []
    (content / "days/2016-10-10.yml").unlink()  # a fork that took the sample out and kept the address
    assert run(capsys, "--content", str(content), "validate", "--config", str(config)) == (
        0, "content/ is valid: 0 papers on 0 days, 12 topics\n", "")
    assert caplog.messages == [WARNING]
    caplog.clear()
    config = settings(tmp_path, f"site_url: {OURS}")  # its own address: quiet again
    assert run(capsys, "--content", str(content), "validate", "--config", str(config))[0] == 0
    assert caplog.messages == []


def test_build_warns_before_any_work(tmp_path: Path, content: Path, caplog: pytest.LogCaptureFixture) -> None:
    (content / "days/2016-10-10.yml").unlink()
    config = settings(tmp_path, f"site_url: {UPSTREAM}", "extra:", "  digest:", f"    content: {content}")
    with caplog.at_level(logging.WARNING, logger="generator"), pytest.raises(DigestError, match="no-such-engine"):
        build(config, tmp_path / "site", engine_name="no-such-engine")  # stops right after loading
    assert [r.getMessage() for r in caplog.records] == [WARNING]


# -- the user agent ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lines,agent", [
    ([f"site_url: {OURS}"], f"paper-digest/0.1 (+{OURS})"),
    ([f"site_url: {OURS}", "repo_url: https://github.com/robolab/digest"],
     "paper-digest/0.1 (+https://github.com/robolab/digest)"),
    ([], "paper-digest/0.1"),  # no mkdocs.yml at all: the product alone, nobody else's address
])
def test_ingest_names_the_site_it_runs_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Path, upstream: UpstreamServer,
    monkeypatch: pytest.MonkeyPatch, lines: list[str], agent: str,
) -> None:
    if lines:
        settings(tmp_path, *lines)
    monkeypatch.chdir(tmp_path)
    upstream.serve({"/api/daily_papers": HF_DAY})
    status, out, err = run(capsys, "--content", str(content), "ingest", "hf", "--date", "2026-06-12",
                           "--base-url", upstream.url, "--allow-partial")
    assert (status, err) == (0, ""), err
    assert [s.headers["User-Agent"] for s in upstream.requests] == [agent]


def test_daily_add_and_enrich_name_the_site(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, upstream: UpstreamServer, arxiv: FakeArxiv,
    sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent = f"paper-digest/0.1 (+{OURS})"
    settings(tmp_path, f"site_url: {OURS}")
    monkeypatch.chdir(tmp_path)
    content = listing(tmp_path, POSITION)
    arxiv.entries = [entry(POSITION), entry(POSITION, "2508.04002", title="Another Paper Entirely")]

    assert run(capsys, "enrich", "--base-url", arxiv.url)[0] == 0
    assert run(capsys, "add", "2508.04002", "--date", "2025-08-09", "--base-url", arxiv.url)[0] == 0
    assert [s.headers["User-Agent"] for s in arxiv.requests] == [agent, agent]

    (tmp_path / "sources.yml").write_text(
        f"sources:\n  - name: hf\n    kind: hf\n    base_url: {upstream.url}\n", encoding="utf-8")
    upstream.serve({"/api/daily_papers": HF_DAY})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1781301600")  # 2026-06-12 22:00 UTC
    status, out, err = run(capsys, "daily")
    assert status == 0, err
    assert [s.headers["User-Agent"] for s in upstream.requests] == [agent]
    assert content.is_dir() and date(2026, 6, 12).isoformat() in out

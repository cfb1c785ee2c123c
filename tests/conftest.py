from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import daily_job
import pytest
from arxiv_answers import FakeArxiv
from hypothesis import settings
from sample import KEPT_DAY, SAMPLE_CONTENT, make_project
from upstream_server import UpstreamServer

if TYPE_CHECKING:
    from browser import RecordedPage
    from playwright.sync_api import Browser

# Property tests check behaviour, not speed: a loaded CI machine must not fail them on time.
settings.register_profile("digest", deadline=None)
settings.load_profile("digest")


@pytest.fixture(autouse=True)
def away_from_the_repository(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an empty folder of its own: the commands' defaults (content/,
    sources.yml and mkdocs.yml in the working directory) never find the repository's, which
    a fork replaces. A test that wants a project there makes one and changes into it."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def upstream() -> Iterator[UpstreamServer]:
    """A scripted local stand-in for upstream APIs; see tests/upstream_server.py."""
    with UpstreamServer() as server:
        yield server


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample digest's project (tests/sample.py): the repository's theme, overrides,
    hooks and generator, the sample's name, address and content (a link to the fixture:
    read it, never write it)."""
    return make_project(tmp_path_factory.mktemp("sample") / "project", SAMPLE_CONTENT)


@pytest.fixture(scope="session")
def built_site(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample digest (tests/fixtures/sample/) built once per test worker by the real pipeline."""
    from generator.site.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    build(sample_project / "mkdocs.yml", out)
    return out


@pytest.fixture
def full_content(tmp_path: Path) -> Path:
    """A copy of the sample content/ (the `validate` tests break it; see tests/validating.py)."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


@pytest.fixture
def content(full_content: Path) -> Path:
    """The copy with one sample day (old-style ids included) kept: loads in a blink."""
    for day in (full_content / "days").glob("*.yml"):
        if day.name != KEPT_DAY:
            day.unlink()
    assert (full_content / "days" / KEPT_DAY).is_file()
    return full_content


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """`enrich`'s 3-second spacing of arXiv requests and the client's retry waits, recorded
    instead of slept."""
    from generator.ingest import http
    from generator.jobs import enrich

    recorded: list[float] = []
    for fn in (enrich.arxiv_lookup, http.fetch):
        assert fn.__kwdefaults__ is not None and "sleep" in fn.__kwdefaults__
        monkeypatch.setitem(fn.__kwdefaults__, "sleep", recorded.append)
    return recorded


@pytest.fixture
def arxiv() -> Iterator[FakeArxiv]:
    """A local arXiv API answering title and id searches (tests/arxiv_answers.py)."""
    with FakeArxiv() as server:
        yield server


@pytest.fixture
def job(tmp_path: Path, upstream: UpstreamServer, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> Iterator[daily_job.Job]:
    yield daily_job.Job(tmp_path, upstream, monkeypatch, capsys, caplog)


# -- the browser tests' server, browser and page (tests/browser.py): one server and one browser
# a module, a fresh recording page a test. Playwright is imported when a test asks for them.


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The sample site served under site_url's path (/paper-digest/), as it is when published.
    A module serving another site defines its own `site_url`."""
    from browser import serve_directory
    from sample import SITE_PREFIX

    with serve_directory(built_site, prefix=SITE_PREFIX) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def rec(browser: Browser) -> Iterator[RecordedPage]:
    from browser import recorded_page

    with recorded_page(browser) as recording:
        yield recording

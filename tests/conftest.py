from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from upstream_server import UpstreamServer
from validating import KEPT_DAY

# The clock as the test run started. A build in this process sets SOURCE_DATE_EPOCH to its
# newest day (site/mkdocs_hooks.py) and leaves it set: without this, a later test would
# run "on" that day, and content dated after it would be in the future.
_EPOCH = os.environ.get("SOURCE_DATE_EPOCH")


@pytest.fixture(autouse=True)
def _clock_as_started() -> Iterator[None]:
    if _EPOCH is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = _EPOCH
    yield


@pytest.fixture
def upstream() -> Iterator[UpstreamServer]:
    """A scripted local stand-in for upstream APIs; see tests/upstream_server.py."""
    with UpstreamServer() as server:
        yield server


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample content built once per test worker by the real pipeline."""
    from generator.site.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    build(ROOT / "mkdocs.yml", out)
    return out


@pytest.fixture
def full_content(tmp_path: Path) -> Path:
    """A copy of the bundled content/ (the `validate` tests break it; see tests/validating.py)."""
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

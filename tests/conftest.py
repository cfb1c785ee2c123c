from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from upstream_server import UpstreamServer


@pytest.fixture
def upstream() -> Iterator[UpstreamServer]:
    """A scripted local stand-in for upstream APIs; see tests/upstream_server.py."""
    with UpstreamServer() as server:
        yield server


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample content built once per test worker by the real pipeline."""
    from generator.build import build

    out = tmp_path_factory.mktemp("site") / "site"
    build(ROOT / "mkdocs.yml", out)
    return out

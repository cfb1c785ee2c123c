"""`python -m generator build`: the whole pipeline, with the engine as one step.

load -> search indexing starts -> render -> stage -> engine -> assemble -> verify -> swap:
the steps of site/pipeline.py (which the MkDocs hooks run too), with the engine as a child
process. Everything happens in a fresh folder beside the published one; a failure at any
step leaves the published site exactly as it was."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import load
from generator.site import DEFAULT_ENGINE, budget, engine, outdir
from generator.site import project as projectmod
from generator.site.pipeline import Pipeline, VerifyError
from generator.write import swap_dir

__all__ = ["BuildReport", "VerifyError", "build"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    files: int
    bytes: int
    engine: str
    estimate: budget.Estimate  # the size estimated before writing, and its warning if any


def build(config_file: Path, site_dir: Path | None = None, *, verify: bool = True,
          engine_name: str = DEFAULT_ENGINE, on_warning: Callable[[str], None] | None = None) -> BuildReport:
    """`on_warning` hears a warning as soon as it is known (the build report holds it too)."""
    project = projectmod.read(config_file)
    live = outdir.check(project, site_dir)  # before any work: a folder the build may replace
    digest = load(project.content_dir)
    kept_upstream = projectmod.upstream_warning(project, (p.id for d in digest.days for p in d.papers))
    if kept_upstream:
        _log.warning("%s", kept_upstream)
    engine.check(engine_name)  # before any work: which engines exist, or how to install this one
    # Before anything is written: refused past the ceiling, warned about near the host's limit.
    estimate = budget.check(digest, project.limits, project.config_file.name)
    if estimate.warning and on_warning is not None:
        on_warning(estimate.warning)
    live.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{live.name}.build-", dir=live.parent))
    pipeline: Pipeline | None = None
    try:
        pipeline = Pipeline.start(project, digest)
        themed = engine.run(engine_name, pipeline.stage(work))
        pipeline.finish(themed.site_dir, themed.pages, verify=verify, refused="; nothing was published")
        files, size = _count(themed.site_dir)
        swap_dir(themed.site_dir, live)
        return BuildReport(live, files, size, engine_name, estimate)
    except BaseException:
        if pipeline is not None:
            pipeline.cancel()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _count(folder: Path) -> tuple[int, int]:
    """Files and bytes under `folder`."""
    files = size = 0
    for root, _, names in os.walk(folder):
        files += len(names)
        size += sum(os.lstat(os.path.join(root, name)).st_size for name in names)
    return files, size

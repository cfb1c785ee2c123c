"""`python -m generator build`: the whole pipeline, with the engine as one step.

load -> search indexing starts -> render -> stage -> engine -> assemble -> verify -> swap.
Everything happens in a fresh folder beside the published one; a failure at any step
leaves the published site exactly as it was."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import load
from generator.errors import DigestError
from generator.render import pages
from generator.site import DEFAULT_ENGINE, assemble, budget, engine, outdir, search, stage
from generator.site import project as projectmod
from generator.write import swap_dir


_log = logging.getLogger(__name__)


class VerifyError(DigestError):
    pass


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
    # Indexing is the longest single task: it runs on one core while the rest runs on the other.
    indexing = search.start(search.documents(digest.days))
    try:
        site = pages.build(digest, site_url=project.site_url, site_name=project.site_name, parallel=False)
        tokens = stage.Tokens.new()
        staged = stage.stage(project, site, work, tokens)
        themed = engine.run(engine_name, staged)
        assembled = assemble.assemble(themed.site_dir, themed.pages, site, tokens,
                                      site_url=project.site_url, site_name=project.site_name)
        # Verified while Pagefind finishes on the other core (its index holds no HTML to scan).
        findings = assemble.problems(themed.site_dir, assembled) if verify else []
        if findings:
            shown = "\n".join(str(f) for f in findings[:50])
            raise VerifyError(f"verify: {len(findings)} problem(s) in the built site; "
                              f"nothing was published:\n{shown}")
        indexing.finish(themed.site_dir)
        outdir.mark(themed.site_dir)
        files, size = _count(themed.site_dir)
        swap_dir(themed.site_dir, live)
        return BuildReport(live, files, size, engine_name, estimate)
    except BaseException:
        indexing.cancel()
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

"""The build stage: MkDocs (with our hooks) into a fresh folder, verify, then swap it in."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ContentError, DigestError
from generator.site.verify import verify_site
from generator.write import swap_dir


class VerifyError(DigestError):
    pass


@dataclass(frozen=True)
class BuildReport:
    site_dir: Path
    files: int


def build(config_file: Path, site_dir: Path | None = None, *, verify: bool = True) -> BuildReport:
    """A failed build or verification leaves the previously built site exactly as it was."""
    config_file = config_file.resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, every build
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.setLevel(logging.WARNING)
    # Content problems are printed once, by the CLI, not also by MkDocs' error log.
    mkdocs_log.addFilter(lambda record: "content/ has" not in str(record.msg))
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    config_probe = load_config(str(config_file))
    live = Path(site_dir or config_probe.site_dir).resolve()
    live.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{live.name}.build-", dir=live.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        try:
            mkdocs_build(config)
        except (MkDocsException, SystemExit) as exc:
            error = config.extra.get("paper_digest_error")
            if isinstance(error, ContentError):
                raise error from None
            raise DigestError(f"mkdocs build failed: {exc}") from None
        if verify:
            parts = config.extra.get("paper_digest_paper_findings")
            findings = verify_site(staging, skip=("days/", "papers/") if parts is not None else ())
            findings += parts or []
            if findings:
                shown = "\n".join(str(f) for f in findings[:50])
                raise VerifyError(f"verify: {len(findings)} problem(s) in the built site; "
                                  f"nothing was published:\n{shown}")
        files = sum(len(names) for _, _, names in os.walk(staging))
        swap_dir(staging, live)
        return BuildReport(live, files)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

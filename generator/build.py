"""The build stage: MkDocs (with our hooks) into a fresh folder, verify, then swap it in."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import DigestError
from generator.mkdocs_hooks import ContentPluginError
from generator.verify import verify_site
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
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
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
        except ContentPluginError as exc:
            raise exc.error from None
        except (MkDocsException, SystemExit) as exc:
            raise DigestError(f"mkdocs build failed: {exc}") from None
        if verify:
            findings = verify_site(staging)
            if findings:
                shown = "\n".join(str(f) for f in findings[:50])
                raise VerifyError(f"verify: {len(findings)} problem(s) in the built site; "
                                  f"nothing was published:\n{shown}")
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        swap_dir(staging, live)
        return BuildReport(live, files)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

"""The one step that runs a site engine: a staged docs tree in, themed pages out.

The engine runs as a child process with its own command line, as a person would run it:
nothing in the generator imports an engine, no engine's logging, config objects or
process environment leak into ours, and switching engines is a word on the command
line. The result is checked before anything else uses it: an engine that leaves out a
page, or writes one without our body token, fails the build here."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DigestError
from generator.site import ENGINES
from generator.site.stage import Staged

_BUILD = {
    "mkdocs": ["-m", "mkdocs", "build", "--quiet", "--config-file"],
    "properdocs": ["-m", "properdocs", "build", "--quiet", "--config-file"],
    "zensical": ["-m", "zensical", "build", "--strict", "--config-file"],
}


class EngineError(DigestError):
    pass


@dataclass(frozen=True)
class Themed:
    """What the engine made: its output folder, and each staged page's HTML by src uri."""

    engine: str
    site_dir: Path
    pages: dict[str, str]


def available(engine: str) -> bool:
    return importlib.util.find_spec(engine) is not None


def check(engine: str) -> None:
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if not available(engine):
        raise EngineError(f"the {engine} engine is not installed: "
                          "pip install --require-hashes -r requirements/dev.txt")


def run(engine: str, staged: Staged) -> Themed:
    check(engine)
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner, printed at every build
    env.setdefault("PYTHONIOENCODING", "utf-8")
    done = subprocess.run([sys.executable, *_BUILD[engine], str(staged.config_file.resolve())], cwd=staged.root,
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          errors="replace", check=False)
    if done.returncode != 0:
        said = "\n".join((done.stderr or done.stdout).strip().splitlines()[-20:])
        # Shown as it is: the CLI passes every line it prints through errors.for_terminal.
        raise EngineError(f"{engine} build failed (exit {done.returncode}); nothing was published:\n{said}")
    return collect(engine, staged)


def collect(engine: str, staged: Staged) -> Themed:
    """Every staged page, read back; missing or token-less pages end the build."""
    out: dict[str, str] = {}
    missing, foreign = [], []
    for page in staged.pages:
        path = staged.site_dir / page.output
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            missing.append(page.output)
            continue
        if text.count(staged.tokens.body_marker) != 1 or "</head>" not in text:
            foreign.append(page.output)
            continue
        out[page.src_uri] = text
    problems = []
    if missing:
        problems.append(f"{len(missing)} page(s) missing: {', '.join(missing[:10])}")
    if foreign:
        problems.append(f"{len(foreign)} page(s) without our content: {', '.join(foreign[:10])}")
    if problems:
        raise EngineError(f"the {engine} engine did not build the site; nothing was published: "
                          + "; ".join(problems))
    return Themed(engine, staged.site_dir, out)

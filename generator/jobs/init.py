"""`python -m generator init`: turn a clone of this repository into a new digest.

Takes the sample papers out of content/ (day files, status, removed list), writes a starter
topics.yml and sources.yml and an empty follows.yml, sets the site's name, description and addresses in mkdocs.yml
by editing those lines in place (every comment and other setting stays), and leaves
CODEOWNERS (and the review teams CONTRIBUTING.md names) with a placeholder to replace.

Every new text is checked the way `validate` and `build` will read it before any file is
touched; each file is then replaced atomically, day files removed first and mkdocs.yml
written last, so an interrupted run can simply be run again.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.load import load
from generator.content.records import Topic
from generator.content.save import save
from generator.content.sources import load_sources
from generator.errors import ContentError, DigestError
from generator.site import project as projectmod
from generator.write import write_text

PLACEHOLDER_OWNER = "YOUR-ORG"  # CODEOWNERS without --repo: plainly not a real team
# The upstream project's review teams, or the placeholder: teams a fork already named stay.
_TEAM = re.compile(rf"@(?:paper-digest|{PLACEHOLDER_OWNER})/(maintainers|curators)\b")
_CODEOWNERS_NOTE = ("# init: the two teams below are placeholders: replace them with your own GitHub teams\n"
                    "# (@org/team) or users (@name), or GitHub asks nobody to review.\n")
_UPSTREAM_NOTE = "# Replace the two teams with your own team or user names.\n"


@dataclass(frozen=True)
class SourcePreset:
    """One starter source: `hf`, `arxiv-rss:CATEGORY` or `arxiv:QUERY` on the command line."""

    name: str
    kind: str
    setting: str = ""  # the category or the query

    def yaml(self) -> str:
        lines = [f"  - name: {self.name}", f"    kind: {self.kind}"]
        if self.kind == "arxiv-rss":
            lines.append(f"    category: {self.setting}")
        elif self.kind == "arxiv":
            lines += [f"    query: {_scalar(self.setting)}", "    max: 50"]
        # A quiet weekday is an error; how many papers count as "quiet" is yours to tune.
        lines.append(f"    min_papers: {3 if self.kind == 'hf' else 1}")
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Settings:
    name: str
    site_url: str
    description: str = ""
    repo: str = ""  # OWNER/NAME on GitHub, or ""
    topics: tuple[Topic, ...] = ()
    sources: tuple[SourcePreset, ...] = (SourcePreset("hf", "hf"),)
    force: bool = False


@dataclass(frozen=True)
class Change:
    path: Path
    what: str  # "removed", "wrote", "edited"
    detail: str


@dataclass(frozen=True)
class Report:
    settings: Settings
    root: Path
    changes: tuple[Change, ...]

    def summary(self) -> str:
        s = self.settings
        lines = [f"init: {s.name} at {s.site_url}"]
        lines += [f"  {c.what} {Path(os.path.relpath(c.path, self.root)).as_posix()}: {c.detail}"
                  for c in self.changes]
        lines += ["next: python -m generator validate, then python -m generator build; "
                  "RUN-YOUR-OWN.md goes on from step 3 (push, GitHub Pages, the daily job)"]
        return "\n".join(lines)


def init(config_file: Path, settings: Settings) -> Report:
    project = projectmod.read(config_file, strict=False)
    root, content = project.root, project.content_dir
    days = sorted((content / "days").glob("*.yml")) if (content / "days").is_dir() else []
    _refuse_own_digest(project, days, settings.force)

    texts: dict[Path, tuple[str, str, str]] = {  # path -> (new text, verb, what it now holds)
        content / "topics.yml": (topics_yaml(settings.topics), "wrote", _topics_detail(settings.topics)),
        root / "sources.yml": (sources_yaml(settings.sources), "wrote", _sources_detail(settings.sources)),
        content / "follows.yml": (FOLLOWS_YAML, "wrote", "nobody yet (an example in its comments)"),
    }
    for name, rewrite in ((".github/CODEOWNERS", _codeowners), ("CONTRIBUTING.md", _contributing)):
        path = root / name
        if path.is_file():
            old = path.read_text(encoding="utf-8")
            new, detail = rewrite(old, _owner(settings))
            if new != old:
                texts[path] = (new, "edited", detail)
    mkdocs_text, edited = edit_mkdocs(project.config_file.read_text(encoding="utf-8"), settings)
    _check(project.config_file, mkdocs_text, texts, content, root, settings)

    changes = []
    for day in days:  # first: a run cut short here is still a digest init may run on again
        papers = sum(1 for line in day.read_text(encoding="utf-8").splitlines() if line.startswith("- id:"))
        day.unlink()
        changes.append(Change(day, "removed", _count(papers, "paper")))
    # The daily job's memory and the removed list, empty, through the one writer of content/.
    emptied = {content / "status.yml": "empty: the daily job fills it in", content / "removed.yml": "empty"}
    changes += [Change(path, "wrote", emptied[path]) for path in save(content, removed=(), status=())]
    for path, (new, verb, detail) in texts.items():
        if not (path.is_file() and path.read_text(encoding="utf-8") == new):
            write_text(path, new)
            changes.append(Change(path, verb, detail))
    write_text(project.config_file, mkdocs_text)
    changes.append(Change(project.config_file, "edited", ", ".join(edited)))
    return Report(settings, root, tuple(changes))


def _refuse_own_digest(project: projectmod.Project, days: list[Path], force: bool) -> None:
    """A digest "of its own": papers in content/ that are not the bundled sample under the
    upstream address. init would delete them: only with --force."""
    if force or not days:
        return
    try:
        digest = load(project.content_dir)
    except ContentError:
        own, shown = True, f"{_count(len(days), 'day file')} that do not validate"
    else:
        ids = [p.id for d in digest.days for p in d.papers]
        if not ids:
            return
        sample = not projectmod.SAMPLE_IDS.isdisjoint(ids)
        own = project.site_url != projectmod.UPSTREAM_SITE_URL or not sample
        shown = f"{_count(len(ids), 'paper')} on {_count(len(digest.days), 'day')}"
    if own:
        where = project.site_url or "no valid site_url"
        raise DigestError(f"init: this digest already has papers of its own ({shown} in "
                          f"{project.content_dir.name}/days/, site {where}); init would delete them. "
                          "Nothing was changed (hint: run init on a fresh clone, or add --force to start over)")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _owner(settings: Settings) -> str:
    return settings.repo.split("/", 1)[0] if settings.repo else PLACEHOLDER_OWNER


def _scalar(value: str) -> str:
    """`value` as one YAML scalar, quoted only where YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=10**6).removesuffix("\n...\n").strip()


# -- the starter files ---------------------------------------------------------------------------


def topics_yaml(topics: tuple[Topic, ...]) -> str:
    head = ("# yaml-language-server: $schema=../schema/topics.schema.json\n"
            "# The topic taxonomy. A paper carries every topic whose phrases appear in its title or\n"
            "# abstract (whole words, any case), plus the topics a curator lists on the paper itself.\n"
            "# Each topic gets a page, an RSS and an Atom feed. For example:\n"
            "#   - slug: manipulation            # in the address: lower-case letters, digits, hyphens\n"
            "#     title: Manipulation\n"
            "#     description: Grasping, dexterous hands and tool use.\n"
            "#     phrases: [manipulation, grasping, dexterous]\n")
    if not topics:
        return head + "topics: []\n"
    body = "".join(
        f"  - slug: {t.slug}\n    title: {_scalar(t.title)}\n"
        + (f"    description: {_scalar(t.description)}\n" if t.description else "")
        + f"    phrases: [{', '.join(_scalar(p) for p in t.phrases)}]\n"
        for t in topics)
    return head + "topics:\n" + body


# An empty list: the digest follows nobody until a curator adds someone (content/follows.py).
FOLLOWS_YAML = (
    "# yaml-language-server: $schema=../schema/follows.schema.json\n"
    "# People and labs this digest follows for everyone. Each gets a page, following/<slug>/, with\n"
    "# their papers in the archive (newest first) and RSS, Atom and JSON Feed, linked from the\n"
    "# Following page. A name matches a paper's author (or its organization) whatever the case or\n"
    "# spacing; write it as the papers' author lists do. For example:\n"
    "#   - slug: ada-lovelace          # in the address: lower-case letters, digits, hyphens\n"
    "#     name: Ada Lovelace\n"
    "#   - slug: example-lab\n"
    "#     name: Example Robotics Lab\n"
    "#     kind: organization         # author (the default) or organization\n"
    "#     note: Why readers may want to follow them.\n"
    "follows: []\n")


def sources_yaml(sources: tuple[SourcePreset, ...]) -> str:
    head = ("# yaml-language-server: $schema=schema/sources.schema.json\n"
            "# The upstream sources the daily job (`python -m generator daily`) reads. Change them by pull\n"
            "# request; try one offline with `python -m generator ingest --source NAME --file SAVED`.\n"
            "# Per source:\n"
            "#   name        unique name, shown on /status/ and in errors\n"
            "#   kind        hf (Hugging Face daily papers), arxiv (arXiv API query), arxiv-rss (arXiv RSS)\n"
            "#   query       arxiv: an arXiv search_query; the job adds the day's submittedDate range\n"
            "#   category    arxiv-rss: an arXiv category such as cs.RO, or several joined by +\n"
            "#   max         arxiv: at most this many papers a day (default 50)\n"
            "#   include     keep a paper only if its title or abstract contains one of these phrases\n"
            "#   exclude     drop a paper whose title or abstract contains one of these phrases\n"
            "#   min_papers  publish gate: on a weekday, fewer papers than this holds the source back that day\n"
            "#   enrich      true: look papers up on arXiv when they lack an arXiv id, authors or a date\n"
            "# For example, Hugging Face's papers that mention robots only:\n"
            "#   - name: hf\n"
            "#     kind: hf\n"
            "#     include: [robot, robotic, robotics]\n")
    return head + ("sources:\n" + "".join(s.yaml() for s in sources) if sources else "sources: []\n")


def _topics_detail(topics: tuple[Topic, ...]) -> str:
    if not topics:
        return "no topics yet (an example in its comments)"
    return f"{_count(len(topics), 'topic')}: {', '.join(t.slug for t in topics)}"


def _sources_detail(sources: tuple[SourcePreset, ...]) -> str:
    return f"{_count(len(sources), 'source')}: {', '.join(s.name for s in sources)}"


def _codeowners(old: str, owner: str) -> tuple[str, str]:
    new = _TEAM.sub(lambda m: f"@{owner}/{m[1]}", old)
    if new != old and _CODEOWNERS_NOTE not in new:
        new = new.replace(_UPSTREAM_NOTE, "")
        first = re.search(r"(?m)^[^#\s]", new)  # the first rule
        at = first.start() if first else len(new)
        new = new[:at] + _CODEOWNERS_NOTE + new[at:]
    return new, f"@{owner}/maintainers and @{owner}/curators, placeholders to replace with your teams or users"


def _contributing(old: str, owner: str) -> tuple[str, str]:
    return _TEAM.sub(lambda m: f"@{owner}/{m[1]}", old), f"the review teams, @{owner}/..."


# -- mkdocs.yml, edited line by line ---------------------------------------------------------------


def edit_mkdocs(source: str, settings: Settings) -> tuple[str, list[str]]:
    """mkdocs.yml with the site's own name, description and addresses: each top-level
    `key: value` line replaced where it is (a missing key goes after site_url), so every
    comment and every other setting stays as the file had it."""
    values = {"site_name": settings.name, "site_url": settings.site_url}
    if settings.description:
        values["site_description"] = settings.description
    if settings.repo:
        values["repo_url"] = f"https://github.com/{settings.repo}"
        values["repo_name"] = settings.repo
    lines = source.splitlines(keepends=True)
    after: int | None = None
    for key, value in values.items():
        line = f"{key}: {_scalar(value)}\n"
        at = next((i for i, text in enumerate(lines) if re.match(rf"{re.escape(key)}[ \t]*:", text)), None)
        if at is not None:
            # The value is one line in every mkdocs.yml we write; a folded one ends at the next key.
            end = at + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t"):
                end += 1
            lines[at:end] = [line]
        else:  # after site_url and the keys added before it, in the order above
            if after is None:
                after = next((i + 1 for i, text in enumerate(lines) if text.startswith("site_url:")), 0)
            lines.insert(after, line)
            after += 1
    return "".join(lines), list(values)


# -- every new text checked as validate and build will read it ------------------------------------


def _check(config_file: Path, mkdocs_text: str, texts: dict[Path, tuple[str, str, str]], content: Path, root: Path,
           settings: Settings) -> None:
    with tempfile.TemporaryDirectory(prefix=".init-") as tmp:
        staged = Path(tmp)
        (staged / "content").mkdir()
        (staged / "content" / "topics.yml").write_text(texts[content / "topics.yml"][0], encoding="utf-8")
        (staged / "content" / "follows.yml").write_text(texts[content / "follows.yml"][0], encoding="utf-8")
        (staged / "sources.yml").write_text(texts[root / "sources.yml"][0], encoding="utf-8")
        config = staged / config_file.name
        config.write_text(mkdocs_text, encoding="utf-8")
        load(staged / "content")
        # Relative, so that a problem names sources.yml rather than the staging folder.
        load_sources(Path(os.path.relpath(staged / "sources.yml")))
        project = projectmod.read(config)
        raw: dict[str, Any] = project.config
        wanted = {"site_name": settings.name, "site_url": settings.site_url}
        if any(raw.get(key) != value for key, value in wanted.items()):  # the edit must read back
            raise DigestError(f"init: could not set site_name and site_url in {config_file.name} "
                              "(edit them by hand); nothing was changed")

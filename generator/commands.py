"""One handler per subcommand of `python -m generator`: each takes the parsed command line,
calls one stage, prints its report and returns the exit status. Errors are raised as
DigestError (and subclasses, which carry the exit status) for generator/cli.py to print.
Stages are imported inside each handler, so `validate` never loads the site engine."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from generator import inputs
from generator.errors import DigestError, UsageError

DEFAULT_SOURCES = Path("sources.yml")
DEFAULT_CONFIG = Path("mkdocs.yml")


def _user_agent() -> str:
    """The User-Agent of every upstream request: the site's own address, from mkdocs.yml
    (repo_url, else site_url), so a fork's requests name the fork; without mkdocs.yml,
    the bare product token."""
    from generator.ingest import http
    from generator.site import project

    return project.read(DEFAULT_CONFIG).user_agent if DEFAULT_CONFIG.is_file() else http.USER_AGENT


def build(args: argparse.Namespace) -> int:
    from generator.site.build import build

    inputs.require_file(args.config)
    report = build(args.config, args.site_dir, verify=not args.no_verify, engine_name=args.engine,
                   on_warning=lambda text: print(f"warning: {text}", file=sys.stderr, flush=True))
    print(f"built {report.files} files ({report.bytes / 1e6:,.1f} MB; estimated before the build: "
          f"{report.estimate.bytes / 1e6:,.1f} MB) into {report.site_dir}/ with {report.engine}")
    if report.estimate.warning:
        print(f"warning: {report.estimate.warning}")
    print(f"view it: python -m http.server -d {report.site_dir} 8000, then open http://127.0.0.1:8000/")
    return 0


def init(args: argparse.Namespace) -> int:
    """A clone turned into a new digest: see generator/jobs/init.py."""
    from generator.jobs.init import Settings, SourcePreset, init

    inputs.require_file(args.config)
    seen: set[str] = set()
    for key in [t.slug for t in args.topics] + [s.name for s in args.sources]:
        if key in seen:
            raise UsageError(f"{key!r} is given twice: one --topic or --source per name")
        seen.add(key)
    settings = Settings(name=args.name, site_url=args.site_url, description=args.description, repo=args.repo or "",
                        topics=tuple(args.topics), sources=tuple(args.sources) or (SourcePreset("hf", "hf"),),
                        force=args.force)
    print(init(args.config, settings).summary())
    return 0


def validate(args: argparse.Namespace) -> int:
    """content/, sources.yml and mkdocs.yml's addresses (each when there is one, or as the
    options name them), every problem at once."""
    import logging

    from generator.content.load import load
    from generator.content.sources import load_sources
    from generator.errors import ContentError, Problem
    from generator.site import project as projectmod

    problems: list[Problem] = []
    project = None
    config = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if config is not None:
        try:
            project = projectmod.read(config)
        except ContentError as exc:
            problems += exc.problems
    try:
        digest = load(args.content)
    except ContentError as exc:
        problems += exc.problems
    else:
        warning = project and projectmod.upstream_warning(project, (p.id for d in digest.days for p in d.papers))
        if warning:
            logging.getLogger("generator").warning("%s", warning)
    sources = args.sources or (DEFAULT_SOURCES if DEFAULT_SOURCES.exists() else None)
    if sources is not None:
        try:
            load_sources(sources)
        except ContentError as exc:
            problems += exc.problems
    if problems:
        raise ContentError(problems)
    papers = sum(len(d.papers) for d in digest.days)
    print(f"content/ is valid: {papers} papers on {len(digest.days)} days, {len(digest.topics)} topics")
    return 0


def schema(args: argparse.Namespace) -> int:
    from generator.content.jsonschema import write

    try:
        written = write(args.out)
    except OSError as exc:
        raise DigestError(f"cannot write {exc.filename or args.out}: {exc.strerror or exc}") from None
    for path in written:
        print(f"wrote {path}")
    return 0


def daily(args: argparse.Namespace) -> int:
    files = dict(args.files)
    if len(files) != len(args.files):
        raise UsageError("--file names a source twice")
    return _run_daily(args, args.sources, backfill=args.date, only=tuple(args.only), files=files,
                      allow_partial=args.allow_partial, dry_run=args.dry_run, summary=args.summary)


def _run_daily(args: argparse.Namespace, sources: Path, *, backfill: date | None, only: tuple[str, ...],
               files: dict[str, Path], allow_partial: bool, dry_run: bool, summary: Path | None = None) -> int:
    """The daily job (or one source of it): the summary printed, and appended to `summary` for
    a CI run's page; exit 3 when every source was held back, 4 when there was nothing new."""
    from generator.errors import NothingNew, UpstreamError
    from generator.jobs.daily import run_daily

    for path in files.values():
        inputs.require_file(path)
    report = run_daily(args.content, sources, backfill=backfill, only=only, files=files,
                       allow_partial=allow_partial, dry_run=dry_run, agent=_user_agent())
    if summary is not None:
        try:
            with summary.open("a", encoding="utf-8") as out:
                out.write(report.markdown())
        except OSError as exc:
            raise DigestError(f"cannot write {summary}: {exc.strerror or exc}") from None
    if report.nothing_new:
        raise NothingNew(report.summary() + "\nnothing new")
    print(report.summary())
    if report.failed:
        raise UpstreamError("daily: every source was held back; nothing was written (the next run retries them)")
    return 0


def add(args: argparse.Namespace) -> int:
    from generator import clock, text
    from generator.jobs.curate import add

    print(add(args.content, args.arxiv_id, day=args.date or clock.today(), topics=tuple(args.topics),
              note=text.clean_block(args.note, text.MAX_NOTE), pick=args.pick,
              base_url=args.base_url, file=args.file, agent=_user_agent()))
    return 0


def remove(args: argparse.Namespace) -> int:
    from generator import text
    from generator.jobs.curate import remove

    print(remove(args.content, args.paper_ids, reason=text.clean_line(args.reason)))
    return 0


def diff(args: argparse.Namespace) -> int:
    from generator.jobs.diffsummary import diff

    print(diff(args.content, args.base_ref), end="")
    return 0


def verify(args: argparse.Namespace) -> int:
    from generator.site.verify import verify_site

    if not args.site_dir.is_dir():  # nothing scanned is not a site found safe
        raise DigestError(f"verify: {args.site_dir} is not a folder: build the site first")
    findings = verify_site(args.site_dir)
    for f in findings:
        print(f, file=sys.stderr)
    print(f"verify: {len(findings)} problem(s)")
    return 1 if findings else 0


def ingest_source(args: argparse.Namespace) -> int:
    """`ingest --source NAME`: the daily job for that one source of sources.yml."""
    if args.source_name is None:
        raise UsageError("choose a kind (hf, arxiv, arxiv-rss, listing) or --source NAME from sources.yml")
    files = {args.source_name: args.source_file} if args.source_file is not None else {}
    return _run_daily(args, args.source_list, backfill=args.source_date, only=(args.source_name,), files=files,
                      allow_partial=args.source_allow_partial, dry_run=args.source_dry_run)


def ingest(args: argparse.Namespace) -> int:
    from generator.content.sources import MAX
    from generator.ingest.run import Request, ingest

    if args.source_name is not None:
        raise UsageError(f"--source runs a source of sources.yml: leave out the kind {args.kind.name!r}")
    misplaced = [o for o, dest in (("--file", "source_file"), ("--date", "source_date"),
                                   ("--allow-partial", "source_allow_partial"), ("--dry-run", "source_dry_run"))
                 if getattr(args, dest)]
    if misplaced:
        raise UsageError(f"{misplaced[0]} is given before the kind {args.kind.name!r}: options of a kind go "
                         f"after it (see ingest {args.kind.name} --help)")
    kind = args.kind
    if args.file is not None and vars(args).get("query"):
        raise UsageError("--query cannot be applied to a saved answer (--file): it is already the answer to "
                         "a query; leave --query out")
    if args.file is None:
        for option in kind.required:
            if not getattr(args, option.key):
                raise UsageError(f"--{option.key} or --file is required")
    req = Request(source=kind.name, day=args.date, file=args.file,
                  base_url=getattr(args, "base_url", None), query=getattr(args, "query", ""),
                  max_results=getattr(args, MAX.key, MAX.default), category=getattr(args, "category", ""),
                  allow_partial=getattr(args, "allow_partial", False), agent=_user_agent())
    print(ingest(req, args.content).summary())
    return 0


def enrich(args: argparse.Namespace) -> int:
    """Papers without an arXiv id, authors or date, looked up on arXiv by title."""
    from generator.jobs.enrich import arxiv_lookup, enrich, file_lookup

    if args.file is not None:
        inputs.require_file(args.file)
    lookup = file_lookup(args.file) if args.file else arxiv_lookup(args.base_url, agent=_user_agent())
    print(enrich(args.content, day=args.date, lookup=lookup).summary())
    return 0


def publish_s3(args: argparse.Namespace) -> int:
    import os

    from generator.jobs.publish import Target, credentials_from, publish

    region = args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    target = Target(args.endpoint.rstrip("/"), args.bucket, args.prefix, region)
    print(publish(args.site_dir, target, credentials_from(os.environ), dry_run=args.dry_run).summary())
    return 0

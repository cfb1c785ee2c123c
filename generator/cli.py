"""`python -m generator`: the command line. Options are declared here (the `ingest` ones from
the registry of source kinds), each subcommand runs its handler in generator/commands.py,
and every error becomes its exit status and a message, never a traceback."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator import commands, text
from generator.content.records import Topic
from generator.content.sources import KINDS, Option
from generator.content.validate import MAX_COUNT
from generator.errors import DigestError, TerminalFormatter, UsageError, terminal_output
from generator.jobs.init import SourcePreset
from generator.site import DEFAULT_ENGINE, ENGINES

_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
EXIT_HELP = """exit status: 0 done, 1 invalid content or input, 2 bad command line,
3 upstream failure (content/ left unchanged), 4 nothing new (content/ unchanged)"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def _base_url(value: str) -> str:
    """As sources.yml's base_url: an absolute http(s) address, nothing a browser would decode."""
    if text.safe_url(value) != value:
        raise argparse.ArgumentTypeError(f"{value!r} is not an http:// or https:// address")
    return value


def _source_file(value: str) -> tuple[str, Path]:
    """`daily --file NAME=PATH`: a saved answer read for the source NAME of sources.yml."""
    name, sep, path = value.partition("=")
    if not sep or not name or not path:
        raise argparse.ArgumentTypeError(f"{value!r} is not NAME=PATH (a source of sources.yml, a saved answer)")
    return name, Path(path)


def _site_url(value: str) -> str:
    """Where the new digest is published: absolute http(s), a folder (no query), not ours."""
    from generator.site.project import UPSTREAM_SITE_URL

    if text.safe_url(value) != value or "?" in value or "#" in value:
        raise argparse.ArgumentTypeError(f"{value!r} is not an absolute http:// or https:// address "
                                         "(e.g. https://OWNER.github.io/REPO/)")
    value = value.rstrip("/") + "/"
    if value == UPSTREAM_SITE_URL:
        raise argparse.ArgumentTypeError(f"{value!r} is the upstream project's address: give your own")
    return value


def _site_name(value: str) -> str:
    cleaned = text.clean_line(value, text.MAX_TOPIC_TITLE)
    if not cleaned:
        raise argparse.ArgumentTypeError("the name has nothing visible in it")
    return cleaned


def _description(value: str) -> str:
    return text.clean_line(value, text.MAX_TITLE)


def _repo(value: str) -> str:
    if not _REPO.fullmatch(value) or value.endswith(("/.", "/..")):
        raise argparse.ArgumentTypeError(f"{value!r} is not a GitHub repository as OWNER/NAME")
    return value


def _topic(value: str) -> Topic:
    """SLUG:TITLE; the topic matches papers that mention its title."""
    from generator.content.validate import SLUG

    slug, _, title = value.partition(":")
    title = text.clean_line(title, text.MAX_TOPIC_TITLE)
    if not SLUG.fullmatch(slug) or not title:
        raise argparse.ArgumentTypeError(f"{value!r} is not SLUG:TITLE (e.g. 'manipulation:Manipulation'; "
                                         "a slug is lower-case letters, digits and single hyphens)")
    return Topic(slug=slug, title=title, description="", phrases=(title.casefold(),))


def _source(value: str) -> SourcePreset:
    """hf, arxiv-rss:CATEGORY or arxiv:QUERY."""
    from generator.content.categories import category_problem

    kind, _, setting = value.partition(":")
    setting = text.clean_line(setting)
    if kind == "hf" and not setting:
        return SourcePreset("hf", "hf")
    if kind == "arxiv-rss" and setting and not category_problem(setting):
        return SourcePreset("arxiv-" + setting.lower().replace(".", "-").replace("+", "-"), kind, setting)
    if kind == "arxiv" and setting:
        return SourcePreset("arxiv-query", kind, setting)
    raise argparse.ArgumentTypeError(f"{value!r} is not hf, arxiv-rss:CATEGORY (e.g. arxiv-rss:cs.RO) "
                                     "or arxiv:QUERY (e.g. 'arxiv:cat:cs.RO AND abs:grasping')")
def _bucket(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a bucket name (3-63 of a-z, 0-9, '.', '-')")
    return value


def _prefix(value: str) -> str:
    """A folder in the bucket, 'a/b' or 'a/b/', as 'a/b/'; nothing that could climb out of it."""
    parts = value.strip("/").split("/")
    if value.strip("/") and not all(re.fullmatch(r"[A-Za-z0-9._~-]+", p) and p not in (".", "..") for p in parts):
        raise argparse.ArgumentTypeError(f"{value!r} is not a folder name (letters, digits, '.', '_', '~', '-', '/')")
    return "/".join(parts) + "/" if value.strip("/") else ""


def _count(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to {MAX_COUNT}")
    return int(value)


def _command(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str,
             handler: Callable[[argparse.Namespace], int], **defaults: object) -> argparse.ArgumentParser:
    """A subcommand and its handler; its own parser rides along so that a UsageError the
    handler raises is reported as argparse reports its own (usage, then `PROG: error:`)."""
    p = sub.add_parser(name, help=help_text)
    p.set_defaults(handler=handler, command_parser=p, **defaults)
    return p


def _option(p: argparse.ArgumentParser, o: Option) -> None:
    if o.count:
        p.add_argument(f"--{o.key}", type=_count, default=o.default, help=o.cli_help)
    else:
        p.add_argument(f"--{o.key}", default="", help=o.cli_help)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Paper Digest",
                                epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="content folder (default: content)")
    sub = p.add_subparsers(dest="command", required=True)

    n = _command(sub, "init", "turn this clone into a new digest of your own (see RUN-YOUR-OWN.md)", commands.init)
    n.add_argument("--name", type=_site_name, required=True, help="the site's name, e.g. 'Robot Lab Digest'")
    n.add_argument("--site-url", type=_site_url, required=True, metavar="URL",
                   help="where it is published, e.g. https://OWNER.github.io/REPO/")
    n.add_argument("--description", type=_description, default="", metavar="TEXT", help="one line about the digest")
    n.add_argument("--repo", type=_repo, default=None, metavar="OWNER/NAME", help="its GitHub repository, OWNER/NAME")
    n.add_argument("--topic", type=_topic, action="append", default=[], dest="topics", metavar="SLUG:TITLE",
                   help="a starter topic; repeatable (default: none, an example in topics.yml)")
    n.add_argument("--source", type=_source, action="append", default=[], dest="sources",
                   metavar="PRESET", help="hf, arxiv-rss:CATEGORY or arxiv:QUERY; repeatable (default: hf)")
    n.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's settings (default: mkdocs.yml)")
    n.add_argument("--force", action="store_true", help="start over even though content/ has papers of its own")

    b = _command(sub, "build", "render content/ and build the site (engine: MkDocs by default)", commands.build)
    b.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    b.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help="the site engine that themes the pages (default: mkdocs)")
    b.add_argument("--site-dir", type=Path, default=None)
    b.add_argument("--no-verify", action="store_true", help="skip the safety scan of the built site")

    v = _command(sub, "validate", "check content/ and sources.yml and print every problem", commands.validate)
    v.add_argument("--sources", type=Path, default=None,
                   help=f"the daily job's sources (default: {commands.DEFAULT_SOURCES}, when there is one)")
    v.add_argument("--config", type=Path, default=None,
                   help=f"the site's settings (default: {commands.DEFAULT_CONFIG}, when there is one)")

    sc = _command(sub, "schema", "regenerate schema/*.json, the editor schemas of the content files",
                  commands.schema)
    sc.add_argument("--out", type=Path, default=Path("schema"), help="folder to write (default: schema)")

    d = _command(sub, "daily", "the daily job: ingest configured sources for every missed day", commands.daily)
    d.add_argument("--sources", type=Path, default=commands.DEFAULT_SOURCES)
    d.add_argument("--date", type=_date, help="backfill this one day instead of the missed ones")
    d.add_argument("--source", action="append", default=[], dest="only", metavar="NAME",
                   help="only this source of sources.yml; repeatable")
    d.add_argument("--file", action="append", default=[], type=_source_file, dest="files", metavar="NAME=PATH",
                   help="read a saved answer for source NAME instead of the network; repeatable")
    d.add_argument("--allow-partial", action="store_true",
                   help="publish what the sources return even where the publish gate would hold it back")
    d.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    d.add_argument("--summary", type=Path, metavar="PATH",
                   help="append a Markdown summary to PATH (the workflow passes $GITHUB_STEP_SUMMARY)")

    a = _command(sub, "add", "look a paper up in the arXiv API and add it", commands.add)
    a.add_argument("arxiv_id")
    a.add_argument("--date", type=_date, help="digest day (default: today)")
    a.add_argument("--topic", action="append", default=[], dest="topics", help="a topic slug; repeatable")
    a.add_argument("--note", default="", help="the curator's note")
    a.add_argument("--pick", action="store_true", help="mark as editor's pick")
    a.add_argument("--base-url", type=_base_url, default=KINDS["arxiv"].base_url,
                   help="address of the arXiv API (tests, mirrors)")
    a.add_argument("--file", type=Path, help="read a saved arXiv API response instead of the network")

    r = _command(sub, "remove", "take a paper out and never ingest it again", commands.remove)
    r.add_argument("paper_ids", nargs="+", metavar="paper_id", help="one or more; all are removed, or none")
    r.add_argument("--reason", default="")

    df = _command(sub, "diff", "Markdown summary of what content/ changes since a git revision", commands.diff)
    df.add_argument("base_ref", help="compare with content/ at the merge base of this revision and HEAD")

    e = _command(sub, "enrich", "find papers without arXiv id, authors or date on arXiv, by title",
                 commands.enrich)
    e.add_argument("--date", type=_date, help="only this digest day (default: every day)")
    e.add_argument("--base-url", type=_base_url, default=KINDS["arxiv"].base_url,
                   help="arXiv API address (tests, mirrors)")
    e.add_argument("--file", type=Path, help="read a saved arXiv API answer instead of the network")

    vf = _command(sub, "verify", "scan a built site for unsafe markup", commands.verify)
    vf.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))

    i = _command(sub, "ingest", "merge papers from an upstream source into content/", commands.ingest_source,
                 kind=None)
    i.add_argument("--source", dest="source_name", metavar="NAME",
                   help="a source of sources.yml, run as the daily job runs it (all its settings)")
    i.add_argument("--sources", dest="source_list", type=Path, default=commands.DEFAULT_SOURCES,
                   help=f"with --source: the sources file (default: {commands.DEFAULT_SOURCES})")
    i.add_argument("--file", dest="source_file", type=Path, metavar="PATH",
                   help="with --source: read this saved answer instead of the network")
    i.add_argument("--date", dest="source_date", type=_date, metavar="DATE",
                   help="with --source: this day (default: the days the daily job would ask for)")
    i.add_argument("--allow-partial", dest="source_allow_partial", action="store_true",
                   help="with --source: publish the day even where the publish gate would hold it back")
    i.add_argument("--dry-run", dest="source_dry_run", action="store_true",
                   help="with --source: print what would be written; write nothing")
    kinds = i.add_subparsers(dest="kind_name", metavar="KIND")
    for kind in KINDS.values():
        s = _command(kinds, kind.name, kind.help, commands.ingest, kind=kind)
        if kind.base_url:
            s.add_argument("--file", type=Path, help="read a saved response instead of the network")
            s.add_argument("--base-url", type=_base_url, help="address of the service (tests, mirrors)")
        else:
            s.add_argument("--file", type=Path, required=True, help="the saved text to read")
        s.add_argument("--date", type=_date, required=not kind.dated_answer, help="digest day YYYY-MM-DD")
        for option in kind.options:
            _option(s, option)
        if kind.hand_gate:
            s.add_argument("--allow-partial", action="store_true",
                           help="accept a weekday with far fewer papers than recent days")

    ps = _command(sub, "publish-s3", "upload the built site to S3-compatible storage (R2, S3, MinIO): only what "
                  "changed, deleting what is gone; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
                  commands.publish_s3)
    ps.add_argument("--bucket", required=True, type=_bucket)
    ps.add_argument("--endpoint", required=True, type=_base_url,
                    help="the store's S3 address, e.g. https://<account>.r2.cloudflarestorage.com")
    ps.add_argument("--prefix", default="", type=_prefix, help="the site's folder in the bucket (default: none)")
    ps.add_argument("--region", default="", help="signing region (default: $AWS_REGION, else us-east-1; R2: auto)")
    ps.add_argument("--site-dir", type=Path, default=Path("site"))
    ps.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0), or a bad command line (2, usage printed)
        return exc.code if isinstance(exc.code, int) else 2
    # Retries and other progress go to stderr as "warning: ..." lines, before any error.
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(TerminalFormatter("warning: %(message)s"))
        handler.setLevel(logging.WARNING)
        logging.getLogger("generator").addHandler(handler)
    # Messages carry text from content/ and upstream answers: nothing raw reaches a terminal.
    try:
        with terminal_output():
            try:
                status: int = args.handler(args)
                return status
            except UsageError as exc:  # as argparse reports its own: usage, then "PROG: error: ..."
                command: argparse.ArgumentParser = args.command_parser
                command.print_usage(sys.stderr)
                print(f"{command.prog}: error: {exc}", file=sys.stderr)
                return exc.exit_code
            except DigestError as exc:
                print(f"error: {exc}" if exc.exit_code != 4 else str(exc), file=sys.stderr)
                return exc.exit_code
            except KeyboardInterrupt:
                return 130
    except BrokenPipeError:
        # Whoever read our output went away (`... | head -1`): stop quietly, as shell tools do,
        # and point stdout at /dev/null so the interpreter's last flush raises nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141

"""`python -m generator`: parse options, call one stage, print its report or its errors."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from generator.errors import DigestError, TerminalFormatter, terminal_output

EXIT_HELP = """exit status: 0 done, 1 invalid content or input, 2 bad command line,
3 upstream failure (content/ left unchanged), 4 nothing new (content/ unchanged)"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Paper Digest",
                                epilog=EXIT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--content", type=Path, default=Path("content"),
                   help="content folder (default: content)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="render content/ and build the site with MkDocs")
    b.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    b.add_argument("--site-dir", type=Path, default=None)
    b.add_argument("--no-verify", action="store_true", help="skip the safety scan of the built site")

    sub.add_parser("validate", help="check content/ and print every problem")

    sc = sub.add_parser("schema", help="regenerate schema/*.json, the editor schemas of the content files")
    sc.add_argument("--out", type=Path, default=Path("schema"), help="folder to write (default: schema)")

    d = sub.add_parser("daily", help="the daily job: ingest configured sources for every missed day")
    d.add_argument("--sources", type=Path, default=Path("sources.yml"))
    d.add_argument("--date", type=_date, help="backfill this one day instead of the missed ones")

    a = sub.add_parser("add", help="look a paper up in the arXiv API and add it")
    a.add_argument("arxiv_id")
    a.add_argument("--date", type=_date, help="digest day (default: today)")
    a.add_argument("--topic", action="append", default=[], dest="topics", help="a topic slug; repeatable")
    a.add_argument("--note", default="", help="the curator's note")
    a.add_argument("--pick", action="store_true", help="mark as editor's pick")
    a.add_argument("--base-url", default="https://export.arxiv.org")
    a.add_argument("--file", type=Path, help="read a saved arXiv API response instead of the network")

    r = sub.add_parser("remove", help="take a paper out and never ingest it again")
    r.add_argument("paper_id")
    r.add_argument("--reason", default="")

    df = sub.add_parser("diff", help="Markdown summary of what content/ changes since a git revision")
    df.add_argument("base_ref", help="compare with content/ at the merge base of this revision and HEAD")

    v = sub.add_parser("verify", help="scan a built site for unsafe markup")
    v.add_argument("site_dir", type=Path, nargs="?", default=Path("site"))

    i = sub.add_parser("ingest", help="merge papers from an upstream source into content/")
    srcs = i.add_subparsers(dest="source", required=True)
    for name, text in (("hf", "Hugging Face daily papers"), ("arxiv", "arXiv API query"),
                       ("arxiv-rss", "arXiv RSS announcements"),
                       ("listing", "text capture of a listing page")):
        s = srcs.add_parser(name, help=text)
        s.add_argument("--file", type=Path, help="read a saved response instead of the network")
        if name != "listing":
            s.add_argument("--base-url", help="address of the service (tests, mirrors)")
        s.add_argument("--date", type=_date, required=name in ("hf", "arxiv", "listing"),
                       help="digest day YYYY-MM-DD")
        if name == "arxiv":
            s.add_argument("--query", default="", help="arXiv search_query, e.g. 'cat:cs.LG'")
            s.add_argument("--max", type=int, default=50, dest="max_results")
        if name == "arxiv-rss":
            s.add_argument("--category", default="", help="e.g. cs.LG")
        if name == "hf":
            s.add_argument("--allow-partial", action="store_true",
                           help="accept a weekday with far fewer papers than recent days")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Retries and other progress go to stderr as "warning: ..." lines, before any error.
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(TerminalFormatter("warning: %(message)s"))
        handler.setLevel(logging.WARNING)
        logging.getLogger("generator").addHandler(handler)
    # Messages carry text from content/ and upstream answers: nothing raw reaches a terminal.
    with terminal_output():
        try:
            return _run(args)
        except DigestError as exc:
            print(f"error: {exc}" if exc.exit_code != 4 else str(exc), file=sys.stderr)
            return exc.exit_code
        except KeyboardInterrupt:
            return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from generator.site.build import build

        report = build(args.config, args.site_dir, verify=not args.no_verify)
        print(f"built {report.files} files into {report.site_dir}/")
        print(f"view it: python -m http.server -d {report.site_dir} 8000, then open http://127.0.0.1:8000/")
        return 0
    if args.command == "validate":
        from generator.content.load import load

        digest = load(args.content)
        papers = sum(len(d.papers) for d in digest.days)
        print(f"content/ is valid: {papers} papers on {len(digest.days)} days, {len(digest.topics)} topics")
        return 0
    if args.command == "schema":
        from generator.content.jsonschema import write

        for path in write(args.out):
            print(f"wrote {path}")
        return 0
    if args.command == "daily":
        from generator.jobs.daily import run_daily

        print(run_daily(args.content, args.sources, backfill=args.date).summary())
        return 0
    if args.command == "add":
        from generator import clock, text
        from generator.jobs.curate import add

        print(add(args.content, args.arxiv_id, day=args.date or clock.today(), topics=tuple(args.topics),
                  note=text.clean_block(args.note, text.MAX_NOTE), pick=args.pick,
                  base_url=args.base_url, file=args.file))
        return 0
    if args.command == "remove":
        from generator import text
        from generator.jobs.curate import remove

        print(remove(args.content, args.paper_id, reason=text.clean_line(args.reason)))
        return 0
    if args.command == "diff":
        from generator.jobs.diffsummary import diff

        print(diff(args.content, args.base_ref), end="")
        return 0
    if args.command == "verify":
        from generator.site.verify import verify_site

        findings = verify_site(args.site_dir)
        for f in findings:
            print(f, file=sys.stderr)
        print(f"verify: {len(findings)} problem(s)")
        return 1 if findings else 0
    if args.command == "ingest":
        from generator.ingest.run import Request, ingest

        if args.source == "listing" and args.file is None:
            raise SystemExit("ingest listing: --file is required")
        if args.source == "arxiv" and not (args.query or args.file):
            raise SystemExit("ingest arxiv: --query or --file is required")
        if args.source == "arxiv-rss" and not (args.category or args.file):
            raise SystemExit("ingest arxiv-rss: --category or --file is required")
        req = Request(source=args.source, day=args.date, file=args.file,
                      base_url=getattr(args, "base_url", None), query=getattr(args, "query", ""),
                      max_results=getattr(args, "max_results", 50), category=getattr(args, "category", ""),
                      allow_partial=getattr(args, "allow_partial", False))
        print(ingest(req, args.content).summary())
        return 0
    raise AssertionError(args.command)

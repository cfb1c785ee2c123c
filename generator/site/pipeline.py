"""One build of the site, as one object both drivers run: `python -m generator build`
(site/build.py, the engine as a child process) and the MkDocs hooks behind plain
`mkdocs build` / `mkdocs serve` (site/mkdocs_hooks.py, MkDocs as the engine).

    Pipeline.start: search indexing starts (on one core), every page body and feed is
    rendered (on the other);
    .pages / .stage: the stub pages the engine themes;
    (the engine themes them: a child process, or MkDocs itself)
    .finish: assemble what it themed, verify, then let Pagefind's index join the site;
    .cancel: on any failure, Pagefind is stopped and its work folder removed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.records import Digest
from generator.errors import DigestError
from generator.render import pages
from generator import urls
from generator.site import assemble, outdir, search, stage
from generator.site import project as projectmod


class VerifyError(DigestError):
    pass


@dataclass
class Pipeline:
    project: projectmod.Project
    site: pages.Site
    tokens: stage.Tokens
    indexing: search.Indexing | None

    @classmethod
    def start(cls, project: projectmod.Project, digest: Digest, *, index: bool = True) -> Pipeline:
        """`index`: build the search index beside the rest (a preview reuses the last one)."""
        indexing = search.start(search.indexed(digest.days, digest.paper_topics)) if index else None
        try:
            site = pages.build(digest, site_url=project.site_url, site_name=project.site_name)
        except BaseException:
            if indexing is not None:
                indexing.cancel()
            raise
        return cls(project, site, stage.Tokens.new(), indexing)

    def pages(self) -> tuple[stage.StagedPage, ...]:
        """The stubs the engine themes (a preview hands them to MkDocs itself)."""
        return stage.pages(self.site, self.tokens)

    def stage(self, root: Path) -> stage.Staged:
        """The stubs in a docs tree with the engine's config, under `root`."""
        return stage.stage(self.project, self.site, root, self.tokens)

    def finish(self, site_dir: Path, themed: dict[str, str], *, verify: bool = True, mark: bool = True,
               refused: str = "") -> assemble.Assembled:
        """Assemble the site the engine themed into `site_dir`, verify it (while Pagefind
        finishes on the other core: its index holds no HTML to scan), then move the index in.
        `mark`: as a folder a build wrote (site/outdir.py; not a preview's passing folder);
        `refused`: what a failed verify adds to its message (the build's "nothing was published")."""
        assembled = assemble.assemble(site_dir, themed, self.site, self.tokens, site_url=self.project.site_url,
                                      site_name=self.project.site_name, docs=docs_outputs(self.project.docs_dir))
        findings = assemble.problems(site_dir, assembled) if verify else []
        if findings:
            shown = "\n".join(str(f) for f in findings[:50])
            raise VerifyError(f"verify: {len(findings)} problem(s) in the built site{refused}:\n{shown}")
        if self.indexing is not None:
            indexing, self.indexing = self.indexing, None
            indexing.finish(site_dir)
        if mark:
            assembled.writer.write(outdir.MARKER, outdir.MARKER_TEXT)
        return assembled

    def cancel(self) -> None:
        if self.indexing is not None:
            indexing, self.indexing = self.indexing, None
            indexing.cancel()


def docs_outputs(docs_dir: Path) -> frozenset[str]:
    """Where the engine writes what it copies or renders from the project's docs/."""
    if not docs_dir.is_dir():
        return frozenset()
    rels = (p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file())
    return frozenset(urls.file(urls.from_source(rel)) if rel.endswith(".md") else rel for rel in rels)

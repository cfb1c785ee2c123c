"""The BibTeX we publish, compiled: a pull request's hostile titles in a day file, loaded and
rendered by the real pipeline into the day's papers.bib, then run through LaTeX twice, with
BibTeX (plain.bst) and with biber (biblatex), each with -halt-on-error. Before, a title with
`\\left(` and no `\\right` stopped both, so did any character pdflatex does not define (α, →,
中文), and `month = {nov}` printed "nov 2024" and made biber warn. The tools come from Debian
(`make tex`: texlive-latex-base, texlive-latex-recommended, texlive-bibtex-extra, biber)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pybtex.database import parse_string
from sample import SAMPLE_CONTENT
from validating import write_day

from generator.content.load import load
from generator.render import bibtex, pages

# Titles as a pull request writes them; each broke LaTeX or BibTeX as math or text.
TITLES = [
    "Unbalanced $\\left( x$ math",
    "A $\\right)$ alone",
    "Lone $ dollar and $5 prices",
    "Braces $a}{b$ in math and {open text",
    "$\\begin{equation} x$ without its end",
    "Double $x^2^3$ and empty $x^$ scripts",
    "Arguments missing: $\\frac{1}$ and $\\sqrt$ and $\\hat$",
    "Package commands $\\mathbb{R}$ and $\\text{ok}$",
    "Sized $\\big$ and $\\left\\{ x \\right.$ and $\\Bigg($",
    "Accents in math $\\'e$ and a break $a\\\\b$",
    "Kept: $A_n$, $\\frac{1}{2}$, $\\sqrt[3]{x}$, $f'^2$ and $\\left( \\frac{a}{b} \\right)$",
    "Sampling 50\\% of tokens with \\input{/etc/passwd} and \\end{document}",
    "Costs $5 & 10% off #1 ~ ^ _ @ < > |",
    "Ends with a backslash \\",
    "Unicode: α-divergence → ≤ ∞, Ωmega, ά, đ ą Þ « » ‚ ‗, 中文标题, 🙂, ﬁne Ｇ and $α + 1$",
]
DAY = "2026-06-20"
BIBTEX_DOC = ("\\documentclass{article}\\begin{document}\\nocite{*}\\bibliographystyle{plain}"
              "\\bibliography{papers}\\end{document}\n")
BIBER_DOC = ("\\documentclass{article}\\usepackage[backend=biber]{biblatex}\\addbibresource{papers.bib}"
             "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n")


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def day_bib(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The hostile day's papers.bib as `build` writes it: one paper a title, one a month."""
    content = tmp_path_factory.mktemp("bib") / "content"
    (content / "days").mkdir(parents=True)
    for name in ("topics.yml", "removed.yml"):
        shutil.copy(SAMPLE_CONTENT / name, content / name)
    papers = "".join(
        f"- id: '2601.{30000 + n}'\n  title: {_quoted(title)}\n"
        "  authors: ['Ada Lovelace', 'Smith, J.', '王小明 Đặng']\n"
        f"  published: '2025-{n % 12 + 1:02d}-15'\n" for n, title in enumerate(TITLES))
    write_day(content, f"date: '{DAY}'\npapers:\n" + papers)
    site = pages.build(load(content), site_url="https://d.example/", site_name="D", papers=False)
    return site.files[f"days/{DAY}/papers.bib"]


def _run(folder: Path, *command: str) -> str:
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-3000:]}"
    return done.stdout


def _latex(folder: Path, doc: str) -> None:
    _run(folder, "pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc)


def test_the_day_s_bibtex_compiles_with_bibtex(day_bib: bytes, tmp_path: Path) -> None:
    (tmp_path / "papers.bib").write_bytes(day_bib)
    (tmp_path / "doc.tex").write_text(BIBTEX_DOC, encoding="utf-8")
    _latex(tmp_path, "doc")
    log = _run(tmp_path, "bibtex", "doc")
    assert "Warning" not in log and "error" not in log, log
    _latex(tmp_path, "doc")
    _latex(tmp_path, "doc")
    assert (tmp_path / "doc.pdf").stat().st_size > 0
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    months = re.findall(r"(\w+) 2025\.", bbl)
    assert sorted(set(months)) == sorted(["January", "February", "March", "April", "May", "June", "July",
                                          "August", "September", "October", "November", "December"])


def test_the_day_s_bibtex_compiles_with_biber(day_bib: bytes, tmp_path: Path) -> None:
    (tmp_path / "papers.bib").write_bytes(day_bib)
    (tmp_path / "doc.tex").write_text(BIBER_DOC, encoding="utf-8")
    _latex(tmp_path, "doc")
    log = _run(tmp_path, "biber", "doc")
    assert "WARN" not in log and "ERROR" not in log, log
    _latex(tmp_path, "doc")
    assert (tmp_path / "doc.pdf").stat().st_size > 0
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"\\field\{month\}\{(\d+)\}", bbl)), key=int) == [str(m) for m in range(1, 13)]


def test_the_day_s_bibtex_parses_back(day_bib: bytes) -> None:
    """pybtex reads every entry, its authors and its month as the month's name."""
    data = parse_string(day_bib.decode("utf-8"), "bibtex")
    assert len(data.entries) == len(TITLES)
    for n, entry in enumerate(data.entries.values()):
        assert entry.fields["month"] == ["January", "February", "March", "April", "May", "June", "July", "August",
                                         "September", "October", "November", "December"][n % 12]
        assert [str(p) for p in entry.persons["author"]] == ["Lovelace, Ada", "{Smith, J.}", "Dang, ???"]


def test_unbalanced_math_is_printed_as_text_and_balanced_math_kept() -> None:
    assert not bibtex._safe_math("\\left( x") and not bibtex._safe_math("x^2^3")
    assert not bibtex._safe_math("\\mathbb{R}") and not bibtex._safe_math("\\frac{1}")
    assert bibtex._safe_math("\\left( \\frac{a}{b} \\right)") and bibtex._safe_math("\\sqrt[3]{x}")
    title = bibtex._field("Unbalanced $\\left( x$ math")
    assert title == "Unbalanced \\$\\textbackslash{}left( x\\$ math"


def test_every_character_becomes_one_pdflatex_prints() -> None:
    """Each character of the Basic Multilingual Plane and the emoji, as a title holds it,
    comes out as ASCII, a character pdflatex's default UTF-8 input prints (see the compile
    tests), or a math command LaTeX itself defines."""
    for code in [*range(0x80, 0xD800), *range(0xE000, 0x10000), *range(0x1F300, 0x1F700)]:
        out = bibtex._field(chr(code))
        rest = re.sub(r"\\ensuremath\{\\([A-Za-z]+)\}", lambda m: "" if m.group(1) in bibtex.MATH_COMMANDS
                      else m.group(0), out)
        assert all(bibtex._prints(c) for c in rest), (hex(code), out)

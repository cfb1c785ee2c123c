"""Nothing raw in a terminal or a CI log: text from content/ and upstream answers reaches
stdout and stderr with every control character as a visible escape, and never as a line
GitHub's runner would take for a workflow command. Each vector goes in as an attacker
would send it (a content file in a pull request, an upstream answer) through the real
command; the printed line is compared exactly."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from upstream_server import Response, UpstreamServer
from validating import HEAD, PAPER, broken, write_day

from generator.cli import main
from generator.content.validate import PAPER_KEYS
from generator.errors import for_terminal

ROOT = Path(__file__).resolve().parent.parent
# An OSC 52 clipboard write (ESC ] 52 ... BEL), a screen clear, CSI as one C1 character,
# a bidi override: all as YAML double-quoted escapes or JSON escapes spell them.
YAML_PAYLOAD = r"x\e]52;c;cHduZWQ=\a\e[2J\x9b31m\u202e"
RAW_PAYLOAD = "x\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m\u202e"
SHOWN = r"x\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m\u202e"


@pytest.mark.parametrize(("text", "shown"), [
    (RAW_PAYLOAD, SHOWN),
    ("a\x00b\x7fc\x85d\x9de", r"a\x00b\x7fc\x85d\x9de"),
    ("tab\tcr\rline\u2028para\u2029", r"tab\tcr\rline\u2028para\u2029"),
    ("zero\u200bwidth\ufeff\u2066isolate\u2069 tag\U000e0041 lone\ud800",
     r"zero\u200bwidth\ufeff\u2066isolate\u2069 tag\U000e0041 lone\ud800"),
    ("ok\n::warning::forged\n  ::stop-commands::tok\n", "ok\n\\::warning::forged\n  \\::stop-commands::tok\n"),
    ("\u3000\xa0::error::wide space", "\u3000\xa0\\::error::wide space"),
    ("mid::line stays; ##[error]legacy and ##vso[task.setvariable]",
     r"mid::line stays; #\#[error]legacy and #\#vso[task.setvariable]"),
    ("Zoë, 東京, naïve – ok", "Zoë, 東京, naïve – ok"),
])
def test_for_terminal(text: str, shown: str) -> None:
    assert for_terminal(text) == shown
    assert for_terminal(shown) == shown  # printed twice, escaped once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = for_terminal(text)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in shown if c != "\n")
    assert not any(line.lstrip().startswith("::") for line in shown.split("\n"))
    assert "##[" not in shown
    assert for_terminal(shown) == shown


# -- validate: a pull request's content files --------------------------------------------------


def test_a_key_name(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + PAPER + f'  "{YAML_PAYLOAD}\\n::warning file=a.py::forged": 1\n')
    assert broken(content, capsys) == [
        f"content/days/2026-06-20.yml:5: papers[0].{SHOWN}\\n::warning file=a.py::forged: unknown key "
        f"(hint: allowed: {', '.join(PAPER_KEYS)})"]


def test_the_quote_it_hint_of_a_tagged_value(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_day(content, HEAD + "- id: '2606.99999'\n"
              f'  title: !!bool "{YAML_PAYLOAD}\\n::stop-commands::tok"\n')
    assert broken(content, capsys) == [
        f"content/days/2026-06-20.yml:4: papers[0].title: YAML reads '{SHOWN}\\n::stop-commands::tok' "
        f"as true/false, not text (hint: quote it: '{SHOWN}\\n::stop-commands::tok')"]


def test_a_source_name_in_status_yml(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "status.yml").write_text(f'sources:\n  "{YAML_PAYLOAD}\\n::warning::forged": 5\n',
                                        encoding="utf-8")
    assert broken(content, capsys) == [
        f"content/status.yml:2: sources.{SHOWN}\\n::warning::forged: expected a mapping of keys to values"]


def test_a_file_name_under_days(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content / "days" / f"{RAW_PAYLOAD}\n::warning::forged.yml").write_text("", encoding="utf-8")
    assert broken(content, capsys) == [
        f"content/days/{SHOWN}\\n::warning::forged.yml:1: : unexpected file in content/days/ "
        "(hint: day files are named YYYY-MM-DD.yml)"]


# -- ingest: an upstream answer ---------------------------------------------------------------


def test_the_error_text_of_a_hugging_face_answer(content: Path, upstream: UpstreamServer,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    upstream.route("/api/daily_papers", [Response.json({"error": RAW_PAYLOAD + "\n::stop-commands::tok"})])
    status = main(["--content", str(content), "ingest", "hf", "--date", "2026-06-12", "--base-url", upstream.url])
    out, err = capsys.readouterr()
    assert (status, out) == (3, "")
    assert err.splitlines() == [f"error: Hugging Face answered with an error: {SHOWN}", r"\::stop-commands::tok"]


def test_a_warning_line(content: Path, upstream: UpstreamServer) -> None:
    """Warnings are printed by the logging handler of the real command (a subprocess: pytest
    keeps its own handlers in-process): the reason phrase of an HTTP 503 is outside text."""
    upstream.route("/api/daily_papers", [
        # A status line is Latin-1: the payload without its bidi override.
        Response(503, {"Retry-After": "0"}, b"", reason=RAW_PAYLOAD[:-1] + " ##[warning]forged"),
        Response.json({"error": "::error::forged"})])
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "--content", str(content), "ingest", "hf",
                           "--date", "2026-06-12", "--base-url", upstream.url],
                          env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr.splitlines() == [
        f"warning: {upstream.url}/api/daily_papers?date=2026-06-12: HTTP 503 {SHOWN[:-6]} #\\#[warning]forged; "
        "retry in 0.0 s",
        "error: Hugging Face answered with an error: ::error::forged"]

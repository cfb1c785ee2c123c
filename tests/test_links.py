"""Links show readers where they go: a user name or password before the host (the
`github.com@evil.example` trick) is refused in a pull request's content and dropped, with a
warning, from an upstream answer; a look-alike host is shown for what it is next to the link.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_sites import HF_FIXTURE, cli, make_project, write_yaml
from site_scan import dom
from upstream_server import Response, UpstreamServer

from generator import text

CREDENTIALS = [
    "https://user:pass@github.com/owner/repo",
    "https://github.com@evil.example/owner/repo",
    "https://github.com:443@evil.example/",
    "https://github.com&#64;evil.example/",  # the '@' as a character reference, as a browser reads it
    "https://arxiv.org%2Fabs%2F2601.00001@evil.example/",
]


def _paper(n: int, links: dict[str, str]) -> dict[str, Any]:
    pid = f"2601.{40000 + n}"
    return {"id": pid, "title": f"Paper {n}", "authors": ["A. Author"], "published": "2026-01-04",
            "links": {"arxiv": f"https://arxiv.org/abs/{pid}", **links}, "source": "manual"}


@pytest.mark.parametrize("url", CREDENTIALS)
def test_safe_url_refuses_user_info(url: str) -> None:
    assert text.has_credentials(url)
    assert text.safe_url(url) is None


def test_a_pull_request_with_credentials_in_links_fails_validation_at_each_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    day = project / "content/days/2026-01-05.yml"
    dumped = write_yaml(day, {"date": "2026-01-05", "papers": [
        _paper(n, {"code": url} if n % 2 else {"project": url}) for n, url in enumerate(CREDENTIALS)]})
    lines = {n: i + 1 for i, line in enumerate(dumped.splitlines()) for n, url in enumerate(CREDENTIALS)
             if line.strip().endswith(url) or line.strip().endswith(repr(url)) or url in line}
    code, _, err = cli("--content", str(project / "content"), "validate")
    assert code == 1
    expected = [
        f"content/days/2026-01-05.yml:{lines[n]}: papers[{n}].links.{'code' if n % 2 else 'project'}: "
        "links must be absolute http:// or https:// URLs with no user name or password before the host "
        "(hint: in https://name@host/ the link goes to host, whatever name says)"
        for n in range(len(CREDENTIALS))]
    problems = [line for line in err.removeprefix("error: ").splitlines() if line.startswith("content/days/")]
    assert problems == expected


def test_upstream_links_with_credentials_are_dropped_with_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path)
    base = json.loads(HF_FIXTURE.read_text(encoding="utf-8"))[0]
    items = []
    for n, url in enumerate(CREDENTIALS):
        item = copy.deepcopy(base)
        item["paper"]["id"] = f"2601.{50000 + n}"
        item["paper"]["githubRepo"] = url
        item["paper"]["projectPage"] = url
        item["paper"]["submittedOnDailyAt"] = "2026-01-06T00:00:00.000Z"
        items.append(item)
    with UpstreamServer() as server:
        server.route("/api/daily_papers", [Response.json(items)])
        code, _, err = cli("--content", str(project / "content"), "ingest", "hf", "--date", "2026-01-06",
                           "--base-url", server.url)
    assert code == 0, err
    day = yaml.safe_load((project / "content/days/2026-01-06.yml").read_text(encoding="utf-8"))
    assert [set(p["links"]) for p in day["papers"]] == [{"arxiv", "pdf"}] * len(CREDENTIALS)
    # The CLI prints these as "warning: ..." lines on stderr (pytest's log capture takes them here).
    warnings = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert warnings == [
        f"Hugging Face item {n} (2601.{50000 + n}): paper.{field} dropped: not a plain http(s) link "
        "(it names a user before the host)"
        for n in range(len(CREDENTIALS)) for field in ("githubRepo", "projectPage")]


LOOK_ALIKES = {
    "code": ("https://gіthub.com/owner/repo", "xn--gthub-n2e.com"),  # a Cyrillic "і"
    "project": ("https://github.com.evil.example/owner", "github.com.evil.example"),
    "arxiv": ("https://arxiv.org.evil.example/abs/2601.40000", "arxiv.org.evil.example"),
    "pdf": ("https://arxiv.org/pdf/2601.40000", ""),  # arXiv's own: no host shown
}


def test_readers_see_the_real_host_next_to_each_link(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    write_yaml(project / "content/days/2026-01-05.yml", {"date": "2026-01-05", "papers": [
        {**_paper(0, {}), "links": {kind: url for kind, (url, _) in LOOK_ALIKES.items()}}]})
    site = project / "site"
    code, _, err = cli("build", "--config", str(project / "mkdocs.yml"), "--site-dir", str(site))
    assert code == 0, err
    labels = {"code": "Code", "project": "Project page", "arxiv": "arXiv", "pdf": "PDF"}
    for page in ("days/2026-01-05/index.html", "papers/2601.40000/index.html"):
        row = dom((site / page).read_text(encoding="utf-8")).one("article", "md-content__inner").all("p", "pd-links")[0]
        links = {kind: a for a in row.all("a") for kind, label in labels.items()
                 if a.text() == label or a.text().startswith(label + " (")}
        assert {kind: a.attrs["href"] for kind, a in links.items()} == {k: u for k, (u, _) in LOOK_ALIKES.items()}
        # Whatever is not arXiv's own is not endorsed (rel="nofollow"); on a day page the code
        # link keeps the class the dense view shows it by (a paper page has no dense view).
        assert {kind for kind, a in links.items() if a.attrs.get("rel") == "nofollow"} == {"code", "project", "arxiv"}
        assert links["code"].attrs.get("class") == ("pd-link--code" if page.startswith("days/") else None)
        assert {kind: a.text() for kind, a in links.items()} == {
            kind: f"{labels[kind]} ({host})" if host else labels[kind] for kind, (_, host) in LOOK_ALIKES.items()}

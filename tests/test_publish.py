"""`publish-s3` against a real S3-compatible server on 127.0.0.1: moto's server mode, with
its IAM authentication switched on, so every request our signer makes is checked by
botocore's. Uploads only what changed, deletes what is gone, writes nothing on a dry run,
and a bad key or endpoint is one clear line and exit 3, never a traceback or a secret."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import boto3
import botocore.auth
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotoCredentials
from moto.server import ThreadedMotoServer

from generator import cli
from generator.jobs import publish
from generator.jobs.publish import Bucket, Credentials, Target

ROOT = Path(__file__).resolve().parent.parent
SETUP = Credentials("testing", "testing")  # moto takes any key until authentication is on


@pytest.fixture(scope="module")
def s3() -> Iterator[tuple[str, Credentials]]:
    """The server's address and a real access key of a user allowed s3:*; from then on
    moto refuses requests whose signature does not check out."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    iam.create_user(UserName="publisher")
    iam.put_user_policy(UserName="publisher", PolicyName="s3", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="publisher")["AccessKey"]
    _auth(endpoint, "0")
    try:
        yield endpoint, Credentials(key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        _auth(endpoint, "inf")
        server.stop()


def _auth(endpoint: str, after: str) -> None:
    """Authenticate every request after the first `after` (moto's server switch)."""
    request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=after.encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=10).close()


def client(s3: tuple[str, Credentials]) -> object:
    endpoint, creds = s3
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=creds.access_key, aws_secret_access_key=creds.secret_key)


def bucket(s3: tuple[str, Credentials], name: str) -> tuple[object, Target]:
    c = client(s3)
    c.create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return c, Target(s3[0], name)


def objects(c: object, name: str) -> dict[str, bytes]:
    listed = c.list_objects_v2(Bucket=name).get("Contents", [])  # type: ignore[attr-defined]
    return {o["Key"]: c.get_object(Bucket=name, Key=o["Key"])["Body"].read() for o in listed}  # type: ignore[attr-defined]


def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    files = {
        "index.html": "<!doctype html><p>home</p>", "days/2026-11-27/index.html": "<p>day</p>",
        "feed.xml": '<?xml version="1.0"?>\n<rss version="2.0"/>', "atom.xml": "<?xml version='1.0'?><feed/>",
        "sitemap.xml": "<?xml version='1.0'?><urlset/>", "assets/digest.css": "a{}", "assets/digest.js": "1;",
        "assets/logo.svg": "<svg/>", "pagefind/pagefind-entry.json": "{}", "pagefind/index/en_1.pf_index": "x",
        "papers/2401.00001/papers.bib": "@article{x}", "papers/a b+c/index.html": "<p>odd name</p>",
        "empty.txt": "",
    }
    for rel, body in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(body)
    return out


def test_the_signature_is_botocores(monkeypatch: pytest.MonkeyPatch) -> None:
    when = datetime(2026, 11, 27, 12, 0, 5, tzinfo=UTC)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: when.replace(tzinfo=None))
    creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "a-session-token")
    for method, path, query, headers, body in [
        ("GET", "/site", "list-type=2&max-keys=1000&prefix=a%20b%2F", {}, b""),
        ("PUT", "/site/papers/a%20b%2Bc/index.html", "", {"content-type": "text/html; charset=utf-8"}, b"<p>x</p>"),
    ]:
        ours = publish.sign(method, "127.0.0.1:9000", path, query, headers, body, creds, "auto", when)
        request = AWSRequest(method=method, url=f"http://127.0.0.1:9000{path}{'?' + query if query else ''}",
                             data=body, headers={**headers, "x-amz-content-sha256": ours["x-amz-content-sha256"]})
        S3SigV4Auth(BotoCredentials("AKIDEXAMPLE", creds.secret_key, creds.token), "s3", "auto").add_auth(request)
        assert ours["authorization"] == request.headers["Authorization"]


def test_first_publish_uploads_all_then_only_what_changed(s3: tuple[str, Credentials], tmp_path: Path) -> None:
    c, target = bucket(s3, "digest")
    out = site(tmp_path)
    first = publish.publish(out, target, s3[1])
    assert (len(first.uploads), first.deletes, first.unchanged) == (13, (), 0)
    assert first.summary() == "s3://digest/: uploaded 13 file(s) (176 bytes), deleted 0, 0 unchanged"
    # Pages, feeds and Pagefind's entry file go up after what they link to.
    assert first.uploads == ("assets/digest.css", "assets/digest.js", "assets/logo.svg", "empty.txt",
                             "pagefind/index/en_1.pf_index", "papers/2401.00001/papers.bib",
                             "atom.xml", "days/2026-11-27/index.html", "feed.xml", "index.html",
                             "pagefind/pagefind-entry.json", "papers/a b+c/index.html", "sitemap.xml")
    stored = objects(c, "digest")
    assert stored == {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    types = {k: c.head_object(Bucket="digest", Key=k)["ContentType"] for k in stored}  # type: ignore[attr-defined]
    assert types == {
        "index.html": "text/html; charset=utf-8", "days/2026-11-27/index.html": "text/html; charset=utf-8",
        "papers/a b+c/index.html": "text/html; charset=utf-8", "feed.xml": "application/rss+xml",
        "atom.xml": "application/atom+xml", "sitemap.xml": "application/xml",
        "assets/digest.css": "text/css; charset=utf-8", "assets/digest.js": "application/javascript",
        "assets/logo.svg": "image/svg+xml", "pagefind/pagefind-entry.json": "application/json",
        "pagefind/index/en_1.pf_index": "application/octet-stream",
        "papers/2401.00001/papers.bib": "application/x-bibtex; charset=utf-8", "empty.txt": "text/plain; charset=utf-8",
    }

    (out / "days/2026-11-27/index.html").write_text("<p>day, edited</p>")
    (out / "assets/logo.svg").unlink()
    second = publish.publish(out, target, s3[1])
    assert (second.uploads, second.deletes, second.unchanged) == (("days/2026-11-27/index.html",),
                                                                  ("assets/logo.svg",), 11)
    assert objects(c, "digest") == {p.relative_to(out).as_posix(): p.read_bytes()
                                    for p in out.rglob("*") if p.is_file()}
    third = publish.publish(out, target, s3[1])
    assert (third.uploads, third.deletes, third.unchanged) == ((), (), 12)


def test_a_dry_run_writes_nothing(s3: tuple[str, Credentials], tmp_path: Path) -> None:
    c, target = bucket(s3, "dry")
    c.put_object(Bucket="dry", Key="old/page.html", Body=b"gone")  # type: ignore[attr-defined]
    report = publish.publish(site(tmp_path), target, s3[1], dry_run=True)
    assert objects(c, "dry") == {"old/page.html": b"gone"}
    assert report.summary().splitlines()[:2] == [
        "dry run: s3://dry/: would upload 13 file(s) (176 bytes), would delete 1, 0 unchanged",
        "  would upload assets/digest.css"]
    assert report.summary().splitlines()[-1] == "  would delete old/page.html"


def test_a_prefix_keeps_the_rest_of_the_bucket(s3: tuple[str, Credentials], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    c, target = bucket(s3, "shared")
    c.put_object(Bucket="shared", Key="other/keep.html", Body=b"not ours")  # type: ignore[attr-defined]
    c.put_object(Bucket="shared", Key="digest-old/keep.html", Body=b"not ours")  # type: ignore[attr-defined]
    c.put_object(Bucket="shared", Key="digest/stale.html", Body=b"ours, gone")  # type: ignore[attr-defined]
    monkeypatch.setattr(Bucket, "page", 3)  # listings come in pages: follow them
    report = publish.publish(site(tmp_path), Target(target.endpoint, "shared", "digest/"), s3[1])
    assert (len(report.uploads), report.deletes) == (13, ("digest/stale.html",))
    stored = objects(c, "shared")
    assert {k for k in stored if not k.startswith("digest/")} == {"other/keep.html", "digest-old/keep.html"}
    assert len(stored) == 15
    again = publish.publish(site(tmp_path), Target(target.endpoint, "shared", "digest/"), s3[1])
    assert (again.uploads, again.deletes, again.unchanged) == ((), (), 13)


def cli_env(creds: Credentials) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return env | {"AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key}


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "publish-s3", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_command_publishes_and_says_what_it_did(s3: tuple[str, Credentials], tmp_path: Path) -> None:
    c, target = bucket(s3, "cli")
    site(tmp_path)
    env = cli_env(s3[1]) | {"PYTHONPATH": str(ROOT)}
    out = run_cli(["--bucket", "cli", "--endpoint", s3[0], "--dry-run"], env, tmp_path)
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout.startswith(
        "dry run: s3://cli/: would upload 13 file(s) (176 bytes), would delete 0, 0 unchanged\n")
    assert objects(c, "cli") == {}
    out = run_cli(["--bucket", "cli", "--endpoint", s3[0]], env, tmp_path)
    assert (out.returncode, out.stdout, out.stderr) == (
        0, "s3://cli/: uploaded 13 file(s) (176 bytes), deleted 0, 0 unchanged\n", "")
    assert len(objects(c, "cli")) == 13


def test_a_wrong_key_or_endpoint_is_one_line_and_exit_3(s3: tuple[str, Credentials], tmp_path: Path) -> None:
    c, _ = bucket(s3, "locked")
    site(tmp_path)
    env = {"PYTHONPATH": str(ROOT)}
    wrong_secret = Credentials(s3[1].access_key, "not-the-secret-" + "x" * 25)
    unknown_key = Credentials("AKIAUNKNOWNKEY000000", "some-secret-value-123")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"
    cases = [
        (wrong_secret, s3[0], f"error: publish-s3: GET {s3[0]}/locked: HTTP 403: SignatureDoesNotMatch "
                              "The request signature we calculated does not match the signature you provided. "
                              "Check your key and signing method.\n"),
        (unknown_key, s3[0], f"error: publish-s3: GET {s3[0]}/locked: HTTP 403: InvalidAccessKeyId "
                             "The AWS Access Key Id you provided does not exist in our records.\n"),
        (s3[1], closed, f"error: publish-s3: GET {closed}/locked: connection failed "
                        "(ConnectionRefusedError: [Errno 111] Connection refused)\n"),
    ]
    for creds, endpoint, message in cases:
        out = run_cli(["--bucket", "locked", "--endpoint", endpoint], env | cli_env(creds), tmp_path)
        assert (out.returncode, out.stdout, out.stderr) == (3, "", message)
        assert creds.secret_key not in out.stderr
    assert objects(c, "locked") == {}
    # No key at all: say where it goes, not on the command line.
    out = run_cli(["--bucket", "locked", "--endpoint", s3[0]], env | {"PATH": os.environ["PATH"]}, tmp_path)
    assert (out.returncode, out.stderr) == (3, "error: publish-s3: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                               "in the environment (the bucket's access key; never on the "
                                               "command line)\n")


def test_bad_names_are_refused_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    for args, message in [
        (["--bucket", "Bad_Bucket"],
         "argument --bucket: 'Bad_Bucket' is not a bucket name (3-63 of a-z, 0-9, '.', '-')"),
        (["--bucket", "okay", "--prefix", "a/../b"],
         "argument --prefix: 'a/../b' is not a folder name (letters, digits, '.', '_', '~', '-', '/')"),
    ]:
        assert cli.main(["publish-s3", "--endpoint", "http://127.0.0.1:1", *args]) == 2
        assert capsys.readouterr().err.splitlines()[-1] == f"python -m generator publish-s3: error: {message}"


def test_the_readme_workflow_job_passes_both_linters(tmp_path: Path) -> None:
    from test_workflows import actionlint, zizmor

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## When your digest outgrows GitHub Pages"):]
    job = section[section.index("```yaml\n") + 8:section.index("```\n", section.index("```yaml\n"))]
    daily = (ROOT / ".github" / "workflows" / "daily.yml").read_text(encoding="utf-8")
    workflow = tmp_path / "daily.yml"
    workflow.write_text(daily[:daily.index("\n  build:\n") + 1] + job, encoding="utf-8")
    assert "publish-s3 --bucket" in job and "environment: s3" in job
    z, a = zizmor(workflow), actionlint(workflow)
    assert (z.returncode, a.returncode) == (0, 0), z.stdout + z.stderr + a.stdout + a.stderr

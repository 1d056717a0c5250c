"""The ``http`` service's TLS options, redirects and ``Retry-After``, against real servers
on 127.0.0.1 (certificates made by the openssl command for each test session)."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import sys
import threading
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from conftest import Cli, FakeTime
from waitable import WaiterTimeoutError, services
from waitable.services.http import HttpClient, _seconds_from, retry_after

pytestmark = pytest.mark.slow  # real HTTP and TLS servers, and openssl

PYTHON = sys.executable
needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")


class Handler(http.server.BaseHTTPRequestHandler):
    """``/moved`` redirects to ``/ok``; ``/busy`` answers 503 with ``Retry-After`` for the
    first ``busy_for`` requests; anything else is 200."""

    hits = 0
    busy_for = 2
    retry_after = "3"

    def do_GET(self) -> None:
        type(self).hits += 1
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
        elif self.path == "/busy" and type(self).hits <= type(self).busy_for:
            self.send_response(503)
            self.send_header("Retry-After", type(self).retry_after)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def serve(context: ssl.SSLContext | None = None, **attributes: Any) -> Iterator[str]:
    handler = type("Fresh", (Handler,), {"hits": 0, **attributes})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if context is not None:
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    scheme = "https" if context is not None else "http"
    yield f"{scheme}://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={name}",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make certificates")
    folder = tmp_path_factory.mktemp("certs")
    server_cert, server_key = self_signed(folder, "server")
    client_cert, client_key = self_signed(folder, "client")
    return {"server": server_cert, "server_key": server_key, "client": client_cert,
            "client_key": client_key}  # fmt: skip


@pytest.fixture
def https(certs: dict[str, Path]) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs["server"], certs["server_key"])
    yield from serve(context)


@pytest.fixture
def mutual_tls(certs: dict[str, Path]) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certs["server"], certs["server_key"])
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(certs["client"])
    yield from serve(context)


@pytest.fixture
def plain() -> Iterator[str]:
    yield from serve()


@needs_openssl
def test_an_untrusted_certificate_is_a_tls_error(https: str) -> None:
    response = HttpClient().request(Url=f"{https}/ok", Timeout=5)
    assert response["Error"]["Code"] == "TlsError"
    assert "certificate verify failed" in response["Error"]["Message"]


@needs_openssl
def test_ca_file_trusts_the_server(https: str, certs: dict[str, Path]) -> None:
    response = HttpClient().request(Url=f"{https}/ok", CaFile=str(certs["server"]), Timeout=5)
    assert response["Status"] == 200


@needs_openssl
def test_insecure_skips_verification(https: str) -> None:
    assert HttpClient().request(Url=f"{https}/ok", Insecure=True, Timeout=5)["Status"] == 200


@needs_openssl
def test_a_client_certificate(mutual_tls: str, certs: dict[str, Path]) -> None:
    client = HttpClient()
    refused = client.request(Url=f"{mutual_tls}/ok", CaFile=str(certs["server"]), Timeout=5)
    assert "Error" in refused  # the server wants a certificate
    response = client.request(
        Url=f"{mutual_tls}/ok",
        CaFile=str(certs["server"]),
        ClientCert=str(certs["client"]),
        ClientKey=str(certs["client_key"]),
        Timeout=5,
    )
    assert response["Status"] == 200


def test_redirects_are_followed_unless_asked_not_to(plain: str) -> None:
    client = HttpClient()
    assert client.request(Url=f"{plain}/moved")["Status"] == 200
    kept = client.request(Url=f"{plain}/moved", FollowRedirects=False)
    assert kept["Status"] == 302
    assert kept["Headers"]["Location"] == "/ok"


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert _seconds_from({"Retry-After": "7"}) == 7
    assert _seconds_from({"retry-after": " 12 "}) == 12
    later = _seconds_from({"Retry-After": formatdate(time.time() + 60, usegmt=True)})
    assert later is not None
    assert 55 < later <= 60
    assert _seconds_from({"Retry-After": formatdate(time.time() - 60, usegmt=True)}) == 0
    assert _seconds_from({"Retry-After": "soon"}) is None  # no advice
    assert _seconds_from({}) is None


def url_ready(plain: str, fake: FakeTime, **options: Any) -> Callable[..., Any]:
    model = services.bundled("http")
    waiter = model.get_waiter(
        "UrlReady", HttpClient(), sleep=fake.sleep, clock=fake.clock, **options
    )
    return lambda **config: waiter.wait(Url=f"{plain}/busy", WaiterConfig=config)


def test_a_waiter_waits_at_least_what_retry_after_asks(plain: str) -> None:
    fake = FakeTime()
    wait = url_ready(plain, fake, retry_after=retry_after)
    result = wait(MaxWaitTime=60)
    assert result.attempts == 3
    assert fake.sleeps == [3, 3]  # UrlReady's own backoff draws 1 to 2 s here


def test_without_retry_after_the_waiter_keeps_its_own_delays(plain: str) -> None:
    fake = FakeTime()
    wait = url_ready(plain, fake)
    wait(MaxWaitTime=60)
    assert all(delay < 3 for delay in fake.sleeps)


@pytest.mark.parametrize("asked", ["100"])
def test_retry_after_is_cut_to_the_deadline(asked: str) -> None:
    fake = FakeTime()
    for base in serve(busy_for=10, retry_after=asked):
        wait = url_ready(base, fake, retry_after=retry_after)
        with pytest.raises(WaiterTimeoutError):
            wait(MaxWaitTime=10)
    assert fake.sleeps == [10]  # one final call at the deadline, not 100 s later


def test_the_command_honours_retry_after(cli: Cli) -> None:
    for base in serve(busy_for=1, retry_after="2"):
        done = cli("wait", "http", "UrlReady", "-p", f"Url={base}/busy", "--max-wait", "20")
    assert done.returncode == 0, done.stderr
    assert "attempt 1: retry (HTTP 503), 0.0s elapsed, next in 2.0s" in done.stderr


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("Insecure=maybe", "--param Insecure: takes true or false, got 'maybe'"),
        ("CaFile=/nonexistent/ca.pem", "--param CaFile: takes a file that exists"),
        ("FollowRedirects=1.5", "--param FollowRedirects: takes true or false"),
    ],
)
def test_the_command_checks_the_new_parameters(param: str, message: str, cli: Cli) -> None:
    done = cli("wait", "http", "UrlReady", "-p", "Url=http://127.0.0.1:9/", "-p", param)
    assert done.returncode == 2
    assert message in done.stderr


@needs_openssl
def test_the_command_with_insecure_and_a_ca_file(
    https: str, certs: dict[str, Path], cli: Cli
) -> None:
    for extra in (["-p", "Insecure=true"], ["-p", f"CaFile={certs['server']}"]):
        done = cli("wait", "-q", "http", "UrlReady", "-p", f"Url={https}/ok", *extra)
        assert done.returncode == 0, done.stderr
    untrusted = cli(
        "wait", "http", "UrlReady", "-p", f"Url={https}/ok", "-p", "Insecure=false",
        "--max-attempts", "1",
    )  # fmt: skip
    assert untrusted.returncode == 3
    assert "TlsError" in untrusted.stderr


@needs_openssl
def test_a_client_certificate_without_its_key_fails_at_once(
    certs: dict[str, Path], cli: Cli
) -> None:
    response = HttpClient().request(Url="https://127.0.0.1:9/", ClientCert=str(certs["client"]))
    assert response["Error"]["Code"] == "InvalidParameter"
    assert "ClientCert" in response["Error"]["Message"]
    assert "ClientKey" in response["Error"]["Message"]
    wrong = HttpClient().request(
        Url="https://127.0.0.1:9/", ClientCert=str(certs["client"]), ClientKey=str(certs["server"])
    )
    assert wrong["Error"]["Code"] == "InvalidParameter"
    start = time.monotonic()
    done = cli("wait", "http", "UrlReady", "-p", "Url=https://127.0.0.1:9/",
               "-p", f"ClientCert={certs['client']}", "--max-wait", "30")  # fmt: skip
    # the command checks the two together before any call: a local mistake, exit 2
    assert done.returncode == 2, done.stderr
    assert time.monotonic() - start < 5
    assert done.stderr.startswith("waitable: --param ClientCert "), done.stderr
    assert "no ClientKey" in done.stderr
    assert done.stderr.count("\n") == 1

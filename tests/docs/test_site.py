"""The documentation site: every exported name is documented and in the API reference;
the site builds in strict mode (broken links and missing references fail it); and a real
headless Chromium renders its front page and a reference page without console errors."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from docs_examples import ROOT

REFERENCE = {
    "waitable": "docs/reference/waitable.md",
    "waitable.services": "docs/reference/services.md",
    "waitable.aws": "docs/reference/aws.md",
    "waitable.airflow": "docs/reference/airflow.md",
    "waitable.celery": "docs/reference/celery.md",
    "waitable.temporal": "docs/reference/temporal.md",
}


@pytest.mark.parametrize("module", sorted(REFERENCE))
def test_every_exported_name_is_in_the_reference(module: str) -> None:
    if module == "waitable.celery":
        pytest.importorskip(
            "celery", reason="waitable.celery needs Celery: pip install -e '.[celery]'"
        )
    if module == "waitable.temporal":
        pytest.importorskip(
            "temporalio", reason="waitable.temporal needs temporalio: pip install -e '.[temporal]'"
        )
    if module == "waitable.airflow":
        pytest.importorskip(
            "airflow", reason="waitable.airflow needs Airflow: pip install -e '.[airflow]'"
        )
    exported = set(importlib.import_module(module).__all__)
    page = (ROOT / REFERENCE[module]).read_text(encoding="utf-8")
    listed = set(re.findall(rf"^::: {re.escape(module)}\.(\w+)$", page, re.MULTILINE))
    assert exported - listed == set(), f"{REFERENCE[module]} lacks {sorted(exported - listed)}"
    assert listed - exported == set(), f"{REFERENCE[module]} lists {sorted(listed - exported)}"


@functools.cache
def _read_by_griffe() -> Any:
    """The whole package as griffe reads its source, once for every module's test."""
    griffe = pytest.importorskip("griffe", reason="the docs extra: pip install -e '.[docs]'")
    return griffe.load("waitable", search_paths=[str(ROOT / "src")], resolve_aliases=True)


@pytest.mark.parametrize("module", sorted(REFERENCE))
def test_every_exported_name_has_a_docstring(module: str) -> None:
    """As the reference sees them: griffe reads the source (attribute docstrings too)."""
    package = _read_by_griffe()
    for part in module.split(".")[1:]:
        package = package[part]
    missing = []
    for name in package.exports or ():
        member = package[name]
        target = member.final_target if member.is_alias else member
        if name != "__version__" and not (target.docstring and target.docstring.value.strip()):
            missing.append(name)
    assert package.exports, f"griffe found no __all__ in {module}"
    assert missing == [], f"{module} exports names without a docstring: {missing}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per session as CI builds it (strict)."""
    pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[docs]'")
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.slow
def test_site_builds_strictly_with_every_page(site: Path) -> None:
    pages = sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*.md"))
    for page in pages:
        built = site / page.with_suffix(".html")
        assert built.is_file(), f"{page} was not built"
    front = (site / "index.html").read_text(encoding="utf-8")
    assert "A waiter file, then a waiter" in front  # README, included
    assert "include-markdown" not in front
    reference = (site / "reference" / "waitable.html").read_text(encoding="utf-8")
    assert 'id="waitable.load"' in reference
    assert reference.count('class="doc doc-contents') >= 30  # docstrings rendered


# A real browser, driven by the DevTools protocol over a pipe (--remote-debugging-pipe):
# messages are JSON, each ended by a NUL byte; the browser reads fd 3 and writes fd 4.


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no Chromium: apt-get install chromium (Debian), as .ci/run does")


class _Browser:
    def __init__(self, binary: str, profile: Path) -> None:
        to_browser = os.pipe()
        from_browser = os.pipe()
        # High numbers, so that putting them at 3 and 4 in the child clobbers neither.
        read_end = fcntl.fcntl(to_browser[0], fcntl.F_DUPFD, 100)
        write_end = fcntl.fcntl(from_browser[1], fcntl.F_DUPFD, 100)

        def plumb() -> None:
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=plumb,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for fd in (read_end, write_end, to_browser[0], from_browser[1]):
            os.close(fd)
        self.out = to_browser[1]
        self.reader = os.fdopen(from_browser[0], "rb", buffering=0)
        self.next_id = 0
        self.messages: list[dict[str, Any]] = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = self.reader.read(65536)
            if not chunk:
                return
            buffer += chunk
            *whole, buffer = buffer.split(b"\0")
            with self.lock:
                self.messages.extend(json.loads(message) for message in whole)
                self.lock.notify_all()

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        reply = self.wait_for(lambda m: m.get("id") == self.next_id)
        assert "error" not in reply, f"{method}: {reply['error']}"
        return dict(reply.get("result", {}))

    def wait_for(self, test: Any, seconds: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        with self.lock:
            while True:
                for message in self.messages:
                    if test(message):
                        return message
                left = deadline - time.monotonic()
                assert left > 0, "the browser did not answer in time"
                self.lock.wait(left)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.out)
        self.reader.close()


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _render(browser: _Browser, url: str) -> tuple[dict[str, Any], list[str]]:
    """Open ``url`` in a new tab: what the page shows, and every console error."""
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", session)
    browser.send("Page.navigate", session, url=url)
    browser.wait_for(
        lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session
    )
    time.sleep(1.0)  # scripts that run after load (the theme's, its search worker) report
    facts = browser.send(
        "Runtime.evaluate",
        session,
        returnByValue=True,
        expression="""({
            title: document.title,
            navigation: document.querySelectorAll("nav.md-nav a.md-nav__link").length,
            code: document.querySelectorAll("pre code").length,
            heading: (document.querySelector("article h1") || {}).textContent || "",
            styled: getComputedStyle(document.querySelector(".md-header")).position,
        })""",
    )["result"]["value"]
    errors = []
    with browser.lock:
        for message in browser.messages:
            if message.get("sessionId") != session:
                continue
            method, params = message.get("method"), message.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                errors.append(" ".join(str(a.get("value")) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                errors.append(f"{params['entry'].get('text')} {params['entry'].get('url', '')}")
    browser.send("Target.closeTarget", targetId=target)
    return facts, errors


@pytest.mark.slow
def test_a_real_browser_renders_the_site(site: Path, tmp_path: Path) -> None:
    browser = _Browser(_chromium(), tmp_path / "profile")
    try:
        with _served(site) as root:
            front, front_errors = _render(browser, root + "/index.html")
            reference, reference_errors = _render(browser, root + "/reference/waitable.html")
    finally:
        browser.close()
    assert front_errors == [], front_errors
    assert reference_errors == [], reference_errors
    assert front["title"] == "waitable"
    assert front["heading"].strip().startswith("waitable")
    assert reference["title"].startswith("waitable - waitable")
    for page in (front, reference):
        assert page["navigation"] >= 15, page  # every page of the nav is linked
        assert page["code"] >= 1, page
        assert page["styled"] in ("sticky", "fixed"), page  # the theme's CSS applied

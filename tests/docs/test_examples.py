"""Every example in README.md and docs/ runs: Python blocks executed, shell blocks run by
bash, files written where later blocks read them (see tests/docs_examples.py for the
comments that say how). Pages whose examples need servers start them here, for real, and
are marked slow; the others run in the fast subset."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import importlib.util
import inspect
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from docs_examples import ROOT, Example, all_examples, ci_script, repo_files

PAGES = all_examples()


def _param(page: str) -> Any:
    slow = any(example.slow for example in PAGES[page])
    return pytest.param(page, id=page, marks=[pytest.mark.slow] if slow else [])


class _Health(BaseHTTPRequestHandler):
    """``/`` and ``/health``: 200 with ``{"status": "ok"}``; anything else 404."""

    def do_GET(self) -> None:
        found = self.path in ("/", "/health")
        body = json.dumps({"status": "ok"} if found else {"error": "no such page"}).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _http() -> Iterator[dict[str, str]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"HTTP_URL": f"http://127.0.0.1:{server.server_address[1]}"}
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def _moto() -> Iterator[dict[str, str]]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    # moto's state is the process's: every server of it shares it, so start clean.
    urllib.request.urlopen(
        urllib.request.Request(f"http://{host}:{port}/moto-api/reset", method="POST")
    )
    try:
        yield {
            "AWS_ENDPOINT_URL": f"http://{host}:{port}",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
    finally:
        server.stop()


@contextlib.contextmanager
def _redis() -> Iterator[dict[str, str]]:
    from servers import Redis

    server = Redis()
    server.start()
    try:
        yield {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(server.port)}
    finally:
        server.stop()


@contextlib.contextmanager
def _postgres() -> Iterator[dict[str, str]]:
    from servers import Postgres

    server = Postgres()
    server.start()
    try:
        yield {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(server.port),
            "PGUSER": server.user,
            "PGPASSWORD": server.password,
            "PGDATABASE": server.database,
        }
    finally:
        server.remove()


ENVIRONMENTS = {"http": _http, "moto": _moto, "redis": _redis, "postgres": _postgres}


def _run_python(example: Example, namespace: dict[str, Any]) -> None:
    for code in (example.setup, example.code):
        if not code.strip():
            continue
        compiled = compile(
            code, example.where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )
        if compiled.co_flags & inspect.CO_COROUTINE:  # top-level await, as in a notebook
            asyncio.run(eval(compiled, namespace))
        else:
            exec(compiled, namespace)


def _run_shell(example: Example, folder: Path, env: dict[str, str]) -> None:
    script = "set -euo pipefail\n" + example.setup + example.code
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (
        f"{example.where}: exit {done.returncode}\n--- stdout\n{done.stdout}"
        f"\n--- stderr\n{done.stderr}"
    )


def _copy_of_repository(folder: Path) -> Path:
    copy = folder / "checkout"
    for name in repo_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return copy


def _run_in_checkout(example: Example, folder: Path, env: dict[str, str]) -> None:
    """A command from a checkout's root, in a copy of it. Unless it makes its own
    ``.venv``, the copy's ``.venv`` is this interpreter's environment. The command must
    leave the checkout's files as they were (so regenerating a generated file that is up
    to date changes nothing)."""
    copy = _copy_of_repository(folder)
    if "-m venv .venv" not in example.code:
        (copy / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    before = {name: (copy / name).read_bytes() for name in repo_files()}
    _run_shell(example, copy, env)
    changed = [name for name, data in before.items() if (copy / name).read_bytes() != data]
    assert not changed, f"{example.where} changed the checkout's {changed}"


def _check_ci(example: Example) -> None:
    script = ci_script().split("\n")
    for line in example.code.strip().split("\n"):
        command = line.split("  #")[0].strip()
        assert command in script, f"{example.where}: {command!r} is not a line of .ci/run"


@pytest.mark.parametrize("page", [_param(page) for page in PAGES])
def test_examples_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    examples = PAGES[page]
    for module in sorted({name for example in examples for name in example.needs}):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{page} needs {module}, not installed here (CI runs it where it is)")
    wanted = sorted({server for example in examples for server in example.servers})
    monkeypatch.chdir(tmp_path)
    bin_folder = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", bin_folder + os.pathsep + os.environ.get("PATH", ""))
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    with contextlib.ExitStack() as stack:
        for name in wanted:
            for key, value in stack.enter_context(ENVIRONMENTS[name]()).items():
                monkeypatch.setenv(key, value)
        ran = 0
        for example in examples:
            if "aws" in example.words:
                continue  # test_aws_examples_say_so
            if "ci" in example.words:
                _check_ci(example)
            elif example.file_name is not None:
                (tmp_path / example.file_name).write_text(example.code, encoding="utf-8")
            elif example.language == "json":
                json.loads(example.code)  # a fragment: at least valid JSON
            elif "repo" in example.words:
                _run_in_checkout(example, tmp_path, dict(os.environ))
            elif example.language == "python":
                _run_python(example, namespace)
            else:
                _run_shell(example, tmp_path, dict(os.environ))
            ran += 1
        assert ran, f"{page}: every example needs AWS"


AWS_ONLY = [
    pytest.param(example, id=example.where)
    for found in PAGES.values()
    for example in found
    if "aws" in example.words
]


@pytest.mark.parametrize("example", AWS_ONLY)
def test_aws_examples_say_so(example: Example) -> None:
    """An example marked ``aws`` says in its page why it needs real AWS; it is not run."""
    assert example.language in ("python", "sh")
    pytest.skip(f"{example.where} needs real AWS (an account and credentials)")


def test_every_page_with_code_is_found() -> None:
    """The collector sees the pages' examples: README's three, and the reference's."""
    assert len(PAGES["README.md"]) >= 3
    languages = {example.language for found in PAGES.values() for example in found}
    assert languages == {"python", "sh", "json"}

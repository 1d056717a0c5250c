"""What a short command imports: the delay waitable adds to every container start.

The figures are in benchmarks/bench_cli.py; these tests keep the heavy imports off the
path of a wait that succeeds at once, each one failing if an import comes back.
"""

from __future__ import annotations

import pytest

from conftest import run_python

pytestmark = pytest.mark.slow  # a fresh interpreter per test

IMPORTED = """
import sys
{code}
print(" ".join(sorted(sys.modules)))
"""


def imported(code: str) -> set[str]:
    out = run_python("-c", IMPORTED.format(code=code), check=True)
    return set(out.stdout.splitlines()[-1].split())


def test_importing_waitable_imports_next_to_nothing() -> None:
    modules = imported("import waitable")
    assert {m for m in modules if m.startswith("waitable")} == {"waitable", "waitable._version"}
    assert not {"tenacity", "jmespath", "logging", "typing"} & modules


def test_a_name_is_imported_on_first_use_and_shows_as_waitable() -> None:
    modules = imported(
        "import waitable\n"
        "assert waitable.load.__module__ == 'waitable'\n"
        "assert waitable.WaiterTimeoutError.__module__ == 'waitable'  # imported along"
    )
    assert "waitable._paginators.model" not in modules  # no paginators in sight


def test_a_wait_that_succeeds_at_once_never_imports_tenacity_or_logging(port: int) -> None:
    modules = imported(
        "from waitable._cli import main\n"
        f"assert main(['wait', '-q', 'tcp', 'PortOpen', '-p', 'Host=127.0.0.1', "
        f"'-p', 'Port={port}']) == 0"
    )
    assert not {"tenacity", "logging", "botocore", "asyncio", "jmespath", "inspect"} & modules
    assert not {"psycopg", "redis", "pymysql", "amqp", "grpc", "dns"} & modules  # drivers
    assert "encodings.idna" not in modules  # an ASCII host skips the IDNA codec
    assert not any(m.startswith("waitable._paginators") for m in modules)
    # durable waits (uuid, datetime, the state's JSON) and URL parsing are not its path
    assert not {"waitable._waiters.durable", "waitable._waiters.state", "uuid"} & modules
    assert "urllib.parse" not in modules
    assert "waitable._core.jmes" not in modules  # plain paths need no compiler
    # type hints are for type checkers (Port: int is read without typing); the bundled
    # waiters are built without the checker; jitter's random is imported on a first retry
    assert not {"typing", "random", "waitable._waiters.smithy_format"} & modules
    assert "json" not in modules  # the bundled waiters are Python data (services/_bundled.py)
    assert "locale" not in modules  # argparse's words are not looked up in gettext
    # socket's and signal's enums of every constant: tcp and SIGTERM use their C cores
    assert not {"socket", "signal", "selectors"} & modules


def test_a_short_target_wait_imports_no_more_than_the_full_form(port: int) -> None:
    # `waitable wait tcp HOST:PORT` (issue 21's start-up figure): the same path
    modules = imported(
        "from waitable._cli import main\n"
        f"assert main(['wait', '-q', 'tcp', '127.0.0.1:{port}']) == 0"
    )
    heavy = {"typing", "json", "random", "locale", "socket", "signal", "selectors", "urllib.parse"}
    assert not heavy & modules
    assert not {"tenacity", "jmespath", "waitable._waiters.smithy_format"} & modules


def test_a_wait_that_retries_decides_its_delays_without_tenacity() -> None:
    # the command gives no strategies of its own: its waits' numbers (a deadline, Smithy's
    # backoff, an attempt limit) are decided inline, so even a retrying wait skips tenacity
    modules = imported(
        "from waitable._cli import main\n"
        "assert main(['wait', '-q', 'file', 'PathExists', '-p', 'Path=/nonexistent/x', "
        "'--max-attempts', '2', '--delay', '0']) == 3"
    )
    assert "tenacity" not in modules


def test_a_wait_with_a_strategy_of_its_own_imports_tenacity() -> None:
    modules = imported(
        "import waitable\n"
        "doc = {'version': 2, 'waiters': {'W': {'operation': 'Get', 'delay': 0, "
        "'maxAttempts': 2, 'acceptors': [{'matcher': 'path', 'argument': 'x', "
        "'expected': 1, 'state': 'success'}]}}}\n"
        "w = waitable.load(doc).get_waiter('W', {'Get': lambda: {'x': 0}}, "
        "stop=lambda state: False, sleep=lambda s: None)\n"
        "try:\n    w.wait()\nexcept waitable.WaiterTimeoutError:\n    pass\n"
    )
    assert "tenacity" in modules


def test_the_console_script_freezes_what_it_imported_and_collects_again() -> None:
    code = (
        "import gc, sys\n"
        "sys.argv = ['waitable', '--version']\n"
        "from waitable._entry import run\n"
        "try:\n    run()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print(code, gc.isenabled(), gc.get_freeze_count() > 1000)"
    )
    out = run_python("-c", code, check=True)
    assert out.stdout.split()[-3:] == ["0", "True", "True"]


RACE = """
import importlib.abc, importlib.util, sys, threading, time

class SlowLogging(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec("logging")
        self.real, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        started.set()
        time.sleep(0.3)
        self.real.exec_module(module)

started = threading.Event()
sys.meta_path.insert(0, SlowLogging())
from waitable._waiters.attempts import attempt_listener
threading.Thread(target=lambda: __import__("logging")).start()
started.wait()
print(attempt_listener(None))
"""


def test_a_wait_while_another_thread_imports_logging() -> None:
    """Several waits run in threads: one thread importing logging (tenacity does) left
    it half-made in sys.modules, and another's wait failed with AttributeError."""
    out = run_python("-c", RACE)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "None"


def test_without_botocore_an_aws_service_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['botocore'] = None; sys.modules['botocore.session'] = None\n"
        "from waitable._cli import main\n"
        "sys.exit(main(['wait', 'dynamodb', 'TableExists', '-p', 'TableName=t']))"
    )
    done = run_python("-c", code)
    assert done.returncode == 2
    assert "pip install 'waitable[aws]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_waitable_never_imports_botocore() -> None:
    code = (
        "import sys, waitable\n"
        "waitable.for_client({'GetJob': print}, {'version': 2, 'waiters': {}})\n"
        "print(sorted(m for m in ('botocore', 'boto3', 'aiobotocore') if m in sys.modules))"
    )
    done = run_python("-c", code)
    assert done.stdout.strip() == "[]", done.stderr


def test_argparse_translates_again_once_the_command_line_is_parsed() -> None:
    # the command parses with argparse's words untranslated (no gettext lookups at start-up),
    # and gives argparse back as it found it, also when parsing ends the command
    import argparse
    import gettext

    from waitable._cli import main
    from waitable._cli.parser import untranslated

    with untranslated():
        assert argparse._("options") == "options"
        assert argparse._ is str
    assert argparse._ is gettext.gettext
    with pytest.raises(SystemExit):
        main(["--version"])
    assert main(["list", "tcp"]) == 0
    assert argparse._ is gettext.gettext

"""Services as classes: every registered one resolves, a typo fails at import, and a
wait imports only its own service's module."""

from __future__ import annotations

import json
import warnings

import pytest

from conftest import run_python
from waitable import load, services
from waitable._core.documents import bundled_file
from waitable.services import SERVICES, Service


@pytest.mark.parametrize("name", list(SERVICES))
def test_every_registered_service_is_a_service_with_its_name_and_waiters(name: str) -> None:
    found = SERVICES[name]
    assert isinstance(found, Service)
    assert found.name == name
    assert found.summary
    assert found.waiters().waiter_names
    assert services.service(name) is found


@pytest.mark.parametrize("name", list(SERVICES))
def test_bundled_waiters_are_built_as_the_checker_builds_them(name: str) -> None:
    """``waiters()`` skips the checker: every bundled file must pass it and compile to
    the very same definitions (the checker's warnings are errors here)."""
    path = bundled_file(f"{name}.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checked = load(path)
    built = SERVICES[name].waiters()
    assert built.source == checked.source == path
    assert dict(built.waiters) == dict(checked.waiters)
    assert [repr(w) for w in built.waiters.values()] == [repr(w) for w in checked.waiters.values()]


def test_a_member_the_base_does_not_define_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="parameter_check is not a member of Service"):

        class Typo(Service):
            name = "typo"
            parameter_check = ()


def test_only_http_honours_retry_after() -> None:
    honouring = [name for name, found in SERVICES.items() if found.retry_after_hook()]
    assert honouring == ["http"]
    assert SERVICES["http"].retry_after({"RetryAfter": 2}) == 2.0


def test_an_error_response_is_described_by_its_code() -> None:
    http = SERVICES["http"]
    assert http.describe_response({"Error": {"Code": "ConnectionRefused"}}) == "ConnectionRefused"
    assert http.describe_response({"Status": 503}) == "HTTP 503"
    assert http.describe_response(None) == ""


@pytest.mark.slow  # a fresh interpreter
def test_naming_the_services_imports_none_of_their_modules() -> None:
    code = (
        "import json, sys\n"
        "from waitable.services import SERVICES, service\n"
        "names = list(SERVICES)\n"
        "service('tcp').client()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('waitable.services'))))"
    )
    out = run_python("-c", code, check=True)
    assert json.loads(out.stdout) == ["waitable.services", "waitable.services.tcp"]

"""``Expected`` as the command gives it: ``-p Expected=1`` is text, and a text Expected
matches a value whose JSON text it is (``1``, ``"1"``, ``true``); ``-p Expected:=1`` is
the number, matched exactly. A timeout's summary shows the value read, not the
acceptor's expression. The bundled waiters, on scripted operations."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import FakeTime, Script
from waitable import WaiterTimeoutError
from waitable.services import bundled

# service, waiter, its operation, a response whose compared value is `value`
CASES = [
    ("postgres", "QueryMatches", "Query", lambda value: {"Rows": [[value]], "Result": value}),
    ("mysql", "QueryMatches", "Query", lambda value: {"Rows": [[value]], "Result": value}),
    ("redis", "ResultMatches", "Execute", lambda value: {"Result": value}),
    ("http", "JsonMatches", "Request", lambda value: {"Status": 200, "QueryResult": value}),
    ("command", "OutputMatches", "Run", lambda value: {"ExitCode": 0, "QueryResult": value}),
]


def wait(service: str, waiter: str, operation: str, answers: list[Any], **params: Any) -> Any:
    fake = FakeTime()
    found = bundled(service).get_waiter(
        waiter, {operation: Script(*answers)}, sleep=fake.sleep, clock=fake.clock
    )
    query = {"Query": "count"} if service in ("http", "command") else {}
    return found.wait(**query, **params, WaiterConfig={"MaxWaitTime": 20})


@pytest.mark.parametrize(("service", "waiter", "operation", "answer"), CASES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "1"), ("1", "1"), (True, "true"), (None, "null"), (1.5, "1.5"), (1, 1), ("ok", "ok")],
)
def test_expected_matches_as_text_or_as_the_typed_value(
    service: str, waiter: str, operation: str, answer: Any, value: Any, expected: Any
) -> None:
    result = wait(service, waiter, operation, [answer(value)], Expected=expected)
    assert result.attempts == 1


@pytest.mark.parametrize(("service", "waiter", "operation", "answer"), CASES)
@pytest.mark.parametrize(("value", "expected"), [("1", 1), (1, "2"), (2, 1), (1, True)])
def test_a_typed_expected_matches_only_its_value_and_the_summary_shows_it(
    service: str, waiter: str, operation: str, answer: Any, value: Any, expected: Any
) -> None:
    with pytest.raises(WaiterTimeoutError) as caught:
        wait(service, waiter, operation, [answer(value)], Expected=expected)
    field = "Result" if service in ("postgres", "mysql", "redis") else "QueryResult"
    shown = "1" if value == "1" else str(value)
    assert list(caught.value.observed) in (
        [f'`output.{field}` = "{shown}"'],  # a string, quoted
        [f"`output.{field}` = {shown}"],
    )


def test_an_error_response_is_not_compared_though_its_result_is_null() -> None:
    failed = {"Error": {"Code": "QueryFailed", "Message": 'relation "jobs" does not exist'}}
    with pytest.raises(WaiterTimeoutError) as caught:
        wait("postgres", "QueryMatches", "Query", [failed], Expected="null")
    assert caught.value.observed == {"error QueryFailed": caught.value.attempts}

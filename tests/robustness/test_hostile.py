"""Nothing breaks it: hostile definitions, odd and hostile responses, faults.

Each case ends in bounded time with a WaitResult or a documented error whose message is
short; none escapes as an internal error (RecursionError, KeyError, a raw jmespath one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import waitable
from conftest import FakeTime, Script, waiter_doc
from waitable import DefinitionError, WaiterTimeoutError

DEPTH = 100_000


def deep_dict(depth: int = DEPTH) -> dict[str, Any]:
    top: dict[str, Any] = {}
    current = top
    for _ in range(depth):
        current["a"] = {}
        current = current["a"]
    return top


def test_a_deeply_nested_file_is_a_definition_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"version": 2, "waiters": ' + "[" * DEPTH + "]" * DEPTH + "}")
    with pytest.raises(DefinitionError, match=r"deep.json: nested too deeply"):
        waitable.load(path)


def test_a_deeply_nested_dict_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError, match=r"<dict>: nested too deeply"):
        waitable.load({"version": 2, "waiters": {}, "x": deep_dict()})


PATH_READY = {"matcher": "path", "argument": "a", "expected": "x", "state": "success"}


@pytest.mark.parametrize(
    "response",
    [None, [], [1, 2], "text", 42, 3.5, True, {"a": None}, deep_dict(), ["x"] * 100_000],
    ids=["none", "empty-list", "list", "str", "int", "float", "bool", "null-a", "deep", "huge"],
)
def test_odd_responses_end_cleanly_with_short_messages(response: Any) -> None:
    fake = FakeTime()
    model = waitable.load(waiter_doc(PATH_READY, max_attempts=3))
    waiter = model.get_waiter(
        "Ready", {"GetThing": Script(response)}, sleep=fake.sleep, clock=fake.clock
    )
    with pytest.raises(WaiterTimeoutError) as caught:
        waiter.wait()
    error = caught.value
    assert len(str(error)) < 300
    assert all(len(note) < 2_000 for note in getattr(error, "__notes__", []))
    assert len(repr(error.last_response if error.last_response is not response else 0)) < 10**6


def test_results_and_events_repr_short_even_for_deep_responses() -> None:
    fake = FakeTime()
    response = {"a": "x", "b": deep_dict()}
    seen: list[waitable.Attempt] = []
    model = waitable.load(waiter_doc(PATH_READY))
    waiter = model.get_waiter(
        "Ready", {"GetThing": Script(response)}, sleep=fake.sleep, on_attempt=seen.append
    )
    result = waiter.wait()
    assert len(repr(result)) < 1_000
    assert len(repr(seen[0])) < 1_000
    assert "..." in repr(result)


class Evil:
    """A response value whose comparison, repr and item access all raise."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __getitem__(self, key: Any) -> Any:
        raise RuntimeError("getitem")

    __hash__ = object.__hash__


def test_a_response_that_cannot_be_compared_ends_the_wait_saying_so() -> None:
    model = waitable.load(waiter_doc(PATH_READY))
    waiter = model.get_waiter("Ready", {"GetThing": Script({"a": Evil()})}, sleep=FakeTime().sleep)
    with pytest.raises(waitable.UnexpectedResponseError) as caught:
        waiter.wait()
    assert 'Acceptor 0 (success when `a` == "x") could not read the response: RuntimeError' in str(
        caught.value
    )
    assert isinstance(caught.value.__cause__, RuntimeError)
    repr(caught.value)  # and nothing about it raises again
    unreadable = model.get_waiter("Ready", {"GetThing": Script(Evil())}, sleep=FakeTime().sleep)
    with pytest.raises(TypeError, match="returned a Evil object"):  # not data: said so
        unreadable.wait()


def test_a_client_whose_attribute_lookup_raises_is_a_clear_error() -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("no attributes today")

    with pytest.raises(
        waitable.OperationNotFoundError, match=r"looking it up on Broken raised RuntimeError"
    ):
        waitable.load(waiter_doc(PATH_READY)).get_waiter("Ready", Broken())


@pytest.mark.parametrize(
    ("field", "value", "outcome"),
    [
        ("maxAttempts", 10**12, "loads"),
        ("delay", 1e308, "loads"),
        ("delay", -0.0, "loads"),
        ("delay", 1e999, "Infinity is not valid JSON"),  # a dict: its JSON says Infinity
        ("maxAttempts", 0, "'maxAttempts' must be >= 1"),
        ("delay", -1, "'delay' must be >= 0"),
    ],
)
def test_absurd_numbers(field: str, value: Any, outcome: str) -> None:
    doc = waiter_doc(PATH_READY)
    doc["waiters"]["Ready"][field] = value
    if outcome == "loads":
        fake = FakeTime()
        waiter = waitable.load(doc).get_waiter(
            "Ready", {"GetThing": Script({"a": "x"})}, sleep=fake.sleep
        )
        assert waiter.wait().attempts == 1
        return
    with pytest.raises(DefinitionError, match=outcome):
        waitable.load(doc)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"version": 2, "waiters": {"W": NaN}}', "NaN is not valid JSON"),
        (b'{"version": 2, "waiters": {"W": Infinity}}', "Infinity is not valid JSON"),
        (b'{"version": 2, "waiters": {"\xff": 1}}', "not UTF-8 text"),
        (
            b'{"version": 2, "waiters": {"W": {"operation": "Op", "delay": 1e999, '
            b'"maxAttempts": 2, "acceptors": [{"matcher": "status", "expected": 200, '
            b'"state": "success"}]}}}',
            "'delay' must be a finite number, got inf",
        ),
        (b"\xef\xbb\xbf" + b'{"version": 2, "waiters": {}}', None),  # a BOM is fine
        (
            b'{"version": 2, "waiters": {"W": "__import__(\'os\').system(\'x\')"}}',
            "must be an object",
        ),
    ],
)
def test_hostile_bytes(tmp_path: Path, content: bytes, message: str | None) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(content)
    if message is None:
        assert waitable.load(path).waiter_names == []
    else:
        with pytest.raises(DefinitionError, match=message):
            waitable.load(path)


@pytest.mark.slow  # writes and loads ten megabytes twice
def test_a_ten_megabyte_file_loads_or_fails_in_bounded_time(tmp_path: Path) -> None:
    waiters = {
        f"W{i}": {
            "operation": "Op",
            "delay": 1,
            "maxAttempts": 2,
            "description": "x" * 100,
            "acceptors": [dict(PATH_READY)] * 20,
        }
        for i in range(6_000)
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"version": 2, "waiters": waiters}))
    assert path.stat().st_size > 10_000_000
    assert len(waitable.load(path).waiter_names) == 6_000
    waiters["W77"]["acceptors"][3] = {"matcher": "nope"}
    path.write_text(json.dumps({"version": 2, "waiters": waiters}))
    with pytest.raises(DefinitionError) as caught:
        waitable.load(path)
    assert len(caught.value.problems) == 3  # matcher, state, expected: all of them
    assert all("waiter 'W77', acceptor 3:" in p for p in caught.value.problems)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/b", "..", "", "DynamoDB"])
def test_the_search_path_never_reads_outside_its_directories(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAITABLE_PATH", str(tmp_path))
    with pytest.raises(ValueError, match="not a service name"):
        waitable.for_client({}, service=name)


def test_an_object_response_is_said_to_be_unreadable_not_read_as_null() -> None:
    class Table:
        status = "READY"

    model = waitable.load(waiter_doc(PATH_READY))
    waiter = model.get_waiter("Ready", {"GetThing": Script(Table())}, sleep=FakeTime().sleep)
    with pytest.raises(TypeError, match=r"returned a Table object: JMESPath reads dicts and lists"):
        waiter.wait()
    # Waiters that read no path do not care what the response is.
    errors_only = waitable.load(
        waiter_doc({"matcher": "error", "expected": False, "state": "success"})
    )
    assert errors_only.get_waiter("Ready", {"GetThing": Script(Table())}).wait().attempts == 1


def test_timestamps_compare_as_epoch_seconds_in_smithy_paths() -> None:
    import datetime

    doc = {
        "GetThing": {
            "Ready": {
                "acceptors": [
                    {
                        "state": "success",
                        "matcher": {
                            "inputOutput": {
                                "path": "output.UpdatedAt > input.Since",
                                "expected": "true",
                                "comparator": "booleanEquals",
                            }
                        },
                    }
                ]
            }
        }
    }
    since = 1_700_000_000
    later = datetime.datetime.fromtimestamp(since + 60, tz=datetime.timezone.utc)
    earlier = datetime.datetime.fromtimestamp(since - 60, tz=datetime.timezone.utc)
    fake = FakeTime()
    waiter = waitable.load(doc).get_waiter(
        "Ready",
        {"GetThing": Script({"UpdatedAt": earlier}, {"UpdatedAt": later})},
        sleep=fake.sleep,
        clock=fake.clock,
    )
    assert waiter.wait(Since=since, WaiterConfig={"MaxWaitTime": 60}).attempts == 2

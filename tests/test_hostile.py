"""Nothing breaks it: hostile definitions, odd and hostile responses, faults.

Each case ends in bounded time with a WaitResult or a documented error whose message is
short; none escapes as an internal error (RecursionError, KeyError, a raw jmespath one).
"""

from __future__ import annotations

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

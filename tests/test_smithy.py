"""Smithy waiters: models and trait files, their matchers, rules and backoff."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import waitable
from conftest import FakeTime, Script, error
from waitable import ConfigError, DefinitionError, FailureStateError, WaiterTimeoutError

CITY_EXISTS = {
    "documentation": "Wait until a city exists.",
    "acceptors": [
        {
            "state": "success",
            "matcher": {
                "output": {"path": "city.status", "expected": "READY", "comparator": "stringEquals"}
            },
        },
        {
            "state": "failure",
            "matcher": {
                "output": {"path": "city.status", "expected": "GONE", "comparator": "stringEquals"}
            },
            "message": "city.reason",
        },
        {"state": "retry", "matcher": {"errorType": "example.weather#NoSuchResource"}},
    ],
    "minDelay": 2,
    "maxDelay": 10,
    "tags": ["cities"],
}

MODEL = {
    "smithy": "2.0",
    "shapes": {
        "example.weather#GetCity": {
            "type": "operation",
            "input": {"target": "example.weather#GetCityInput"},
            "output": {"target": "example.weather#GetCityOutput"},
            "traits": {"smithy.waiters#waitable": {"CityExists": CITY_EXISTS}},
        },
        "example.weather#GetCityInput": {"type": "structure", "members": {}},
        "example.weather#GetCityOutput": {
            "type": "structure",
            "members": {"city": {"target": "example.weather#City"}},
        },
        "example.weather#City": {
            "type": "structure",
            "members": {
                "status": {"target": "smithy.api#String"},
                "reason": {"target": "smithy.api#String"},
                "population": {"target": "smithy.api#Integer"},
                "tags": {"target": "example.weather#Tags"},
            },
        },
        "example.weather#Tags": {"type": "list", "member": {"target": "smithy.api#String"}},
    },
}


class Draw:
    def uniform(self, low: float, high: float) -> float:
        return high


def get(model: waitable.WaiterModel, script: Script, **kw: Any) -> tuple[Any, FakeTime]:
    fake = FakeTime()
    waiter = model.get_waiter(
        "CityExists", {"GetCity": script}, sleep=fake.sleep, clock=fake.clock, **kw
    )
    return waiter, fake


def test_a_smithy_model_file_loads_and_waits(tmp_path: Path) -> None:
    path = tmp_path / "weather.json"
    path.write_text(json.dumps(MODEL))
    model = waitable.load(path)
    definition = model.definition("CityExists")
    assert (definition.operation, definition.style) == ("GetCity", "smithy")
    assert (definition.min_delay, definition.max_delay, definition.max_attempts) == (2, 10, None)
    assert definition.description == "Wait until a city exists."
    assert definition.tags == ("cities",)
    script = Script(
        error("NoSuchResource"), {"city": {"status": "BUILDING"}}, {"city": {"status": "READY"}}
    )
    waiter, fake = get(model, script, random=Draw())
    result = waiter.wait(CityId="c", WaiterConfig={"MaxWaitTime": 60})
    assert result.attempts == 3
    assert fake.sleeps == [2, 4]
    assert "with jittered backoff from 2 s to 10 s, until the caller's MaxWaitTime" in (
        waiter.describe()
    )


def test_a_file_of_trait_values_keyed_by_operation() -> None:
    model = waitable.load({"GetCity": {"CityExists": CITY_EXISTS}})
    assert model.definition("CityExists").operation == "GetCity"


def test_smithy_waiters_need_the_callers_max_wait_time() -> None:
    waiter, _ = get(waitable.load(MODEL), Script({"city": {"status": "READY"}}))
    with pytest.raises(ConfigError, match=r"give WaiterConfig=\{'MaxWaitTime': seconds\}"):
        waiter.wait()
    with pytest.raises(ConfigError, match="needs a deadline"):  # Smithy: the caller MUST
        waiter.wait(WaiterConfig={"MaxAttempts": 3})
    assert waiter.wait(WaiterConfig={"MaxWaitTime": 30, "MaxAttempts": 3}).attempts == 1


def test_backoff_runs_to_the_deadline() -> None:
    waiter, fake = get(
        waitable.load(MODEL), Script({"city": {"status": "BUILDING"}}), random=Draw()
    )
    with pytest.raises(WaiterTimeoutError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 30})
    assert fake.sleeps == [2, 4, 8, 10, 6]
    assert info.value.reason == "Max wait time exceeded"


def test_message_becomes_the_failure_reason() -> None:
    waiter, _ = get(waitable.load(MODEL), Script({"city": {"status": "GONE", "reason": "flood"}}))
    with pytest.raises(FailureStateError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 30})
    assert info.value.reason == "Waiter encountered a terminal failure state: flood"


def test_unmatched_error_fails_and_unmatched_success_retries() -> None:
    waiter, _ = get(waitable.load(MODEL), Script({"other": 1}, error("Throttled")))
    with pytest.raises(waitable.UnexpectedResponseError) as info:
        waiter.wait(WaiterConfig={"MaxWaitTime": 30})
    assert info.value.attempts == 2


def test_error_type_names_exception_classes_too() -> None:
    class NoSuchResource(Exception):  # noqa: N818 - named like the Smithy shape
        pass

    waiter, _ = get(waitable.load(MODEL), Script(NoSuchResource(), {"city": {"status": "READY"}}))
    assert waiter.wait(WaiterConfig={"MaxWaitTime": 30}).attempts == 2


def one_acceptor_model(matcher: dict[str, Any], state: str = "success") -> waitable.WaiterModel:
    waiter = {"acceptors": [{"state": state, "matcher": matcher}]}
    if state != "success":
        waiter["acceptors"].append({"state": "success", "matcher": {"success": True}})
    return waitable.load({"Op": {"W": waiter}})


def matches(matcher: dict[str, Any], response: Any, **params: Any) -> bool:
    model = one_acceptor_model(matcher)
    return model.definition("W").acceptors[0].matcher.matches(response, None, params)


@pytest.mark.parametrize(
    ("comparator", "expected", "found", "result"),
    [
        ("stringEquals", "1", "1", True),
        ("stringEquals", "1", 1, False),  # strict: no type coercion
        ("booleanEquals", "true", True, True),
        ("booleanEquals", "false", False, True),
        ("booleanEquals", "true", "true", False),
        ("allStringEquals", "a", ["a", "a"], True),
        ("allStringEquals", "a", ["a", "b"], False),
        ("allStringEquals", "a", [], False),  # needs a non-empty list
        ("anyStringEquals", "a", ["b", "a"], True),
        ("anyStringEquals", "a", ["b"], False),
        ("anyStringEquals", "a", "a", False),
    ],
)
def test_comparators(comparator: str, expected: str, found: Any, result: bool) -> None:
    matcher = {"output": {"path": "v", "expected": expected, "comparator": comparator}}
    assert matches(matcher, {"v": found}) is result


def test_input_output_sees_the_call_parameters() -> None:
    matcher = {
        "inputOutput": {
            "path": "input.Name == output.Name",
            "expected": "true",
            "comparator": "booleanEquals",
        }
    }
    assert matches(matcher, {"Name": "a"}, Name="a")
    assert not matches(matcher, {"Name": "b"}, Name="a")


def test_success_matcher() -> None:
    definition = one_acceptor_model({"success": False}, state="failure").definition("W")
    failing, succeeding = definition.acceptors
    assert failing.matcher.matches({}, ("Err",), {})
    assert not failing.matcher.matches({}, None, {})
    assert succeeding.matcher.matches({}, None, {})


def test_deprecated_waiters_warn_at_get_waiter() -> None:
    waiter = copy.deepcopy(CITY_EXISTS)
    waiter["deprecated"] = True
    model = waitable.load({"GetCity": {"CityExists": waiter}})
    with pytest.warns(DeprecationWarning, match="waiter 'CityExists' is deprecated"):
        model.get_waiter("CityExists", {"GetCity": Script({})})


def bad(change: Any) -> str:
    doc = {"GetCity": {"CityExists": copy.deepcopy(CITY_EXISTS)}}
    change(doc)
    with pytest.raises(DefinitionError) as info:
        waitable.load(doc)
    return str(info.value)


W = "<dict>: operation 'GetCity', waiter 'CityExists'"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["GetCity"].update({"cityExists": d["GetCity"]["CityExists"]}),
            "<dict>: operation 'GetCity', waiter 'cityExists': the name must match "
            "^[A-Z]+[A-Za-z0-9]*$",
        ),
        (
            lambda d: d.update({"GetTown": {"CITYEXISTS": CITY_EXISTS}}),
            "<dict>: operation 'GetTown', waiter 'CITYEXISTS': the name clashes (ignoring case) "
            "with 'CityExists'",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"].pop(0),
            f"{W}: needs at least one acceptor whose state is 'success'",
        ),
        (
            lambda d: d["GetCity"]["CityExists"].update(minDelay=20),
            f"{W}: minDelay (20) must not exceed maxDelay (10)",
        ),
        (
            lambda d: d["GetCity"]["CityExists"].update(minDelay=0),
            f"{W}: 'minDelay' must be >= 1, got 0",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][0]["matcher"]["output"].update(
                comparator="booleanEquals"
            ),
            f'{W}, acceptor 0, matcher \'output\': booleanEquals expects "true" or "false", '
            "got 'READY'",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][0].update(message="x"),
            f"{W}, acceptor 0: 'message' is only allowed on failure acceptors",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][0]["matcher"]["output"].update(
                path="city.["
            ),
            f"{W}, acceptor 0, matcher 'output': path 'city.[' is not valid JMESPath: ",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][2]["matcher"].update(success=True),
            f"{W}, acceptor 2: matcher must have exactly one of output, inputOutput, success, "
            "errorType; got 'errorType', 'success'",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][0]["matcher"]["output"].update(
                comparator="equals"
            ),
            f"{W}, acceptor 0, matcher 'output': comparator 'equals' is not one of "
            "stringEquals, booleanEquals, allStringEquals, anyStringEquals",
        ),
        (
            lambda d: d["GetCity"]["CityExists"].update(tags=[1]),
            f"{W}: 'tags' must be a list of strings",
        ),
    ],
)
def test_smithy_rules_are_enforced_precisely(change: Any, message: str) -> None:
    assert message in bad(change)


def test_trait_on_a_non_operation_shape() -> None:
    model = copy.deepcopy(MODEL)
    model["shapes"]["example.weather#GetCityInput"]["traits"] = {
        "smithy.waiters#waitable": {"X": CITY_EXISTS}
    }
    with pytest.raises(DefinitionError, match="applies to operations, not to a 'structure'"):
        waitable.load(model)

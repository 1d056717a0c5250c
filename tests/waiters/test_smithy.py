"""Smithy waiters: models and trait files, their matchers, rules and backoff; and Smithy's
waiter specification to the letter (each case of the second part failed before its fix)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

import waitable
from conftest import FakeTime, Script, error, waiter_doc
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


# Smithy's waiter specification to the letter: each case failed before its fix.

READY = {"output": {"path": "status", "expected": "READY", "comparator": "stringEquals"}}


def trait(*acceptors: dict[str, Any], **waiter: Any) -> dict[str, Any]:
    return {"GetThing": {"Ready": {"acceptors": list(acceptors), **waiter}}}


def waiter_for(doc: dict[str, Any], script: Script) -> tuple[Any, FakeTime]:
    fake = FakeTime()
    model = waitable.load(doc)
    waiter = model.get_waiter("Ready", {"GetThing": script}, sleep=fake.sleep, clock=fake.clock)
    return waiter, fake


class NotFound(Exception):  # noqa: N818 - named as the service names it
    pass


def test_success_false_matches_any_error_even_a_plain_exception() -> None:
    doc = trait(
        {"state": "success", "matcher": READY},
        {"state": "retry", "matcher": {"success": False}},
    )
    waiter, _ = waiter_for(doc, Script(NotFound("not yet"), KeyError("k"), {"status": "READY"}))
    result = waiter.wait(WaiterConfig={"MaxWaitTime": 60})
    assert result.attempts == 3


def test_an_invalid_message_is_one_problem_among_the_others() -> None:
    doc = trait(
        {"state": "success", "matcher": READY},
        {"state": "failure", "matcher": READY, "message": "reason.["},
        {"state": "failure", "matcher": READY, "message": "length(reason)"},
        {"state": "bogus", "matcher": READY},
    )
    with pytest.raises(DefinitionError) as caught:
        waitable.load(doc)
    problems = caught.value.problems
    assert any("acceptor 1: message 'reason.[' is not valid JMESPath" in p for p in problems)
    assert any(
        "acceptor 2: message 'length(reason)' can only give a number; Smithy requires "
        "a string or a list of strings" in p
        for p in problems
    )
    assert any(
        "acceptor 3: state 'bogus' is not one of success, failure, retry" in p for p in problems
    )


@pytest.mark.parametrize(
    ("code", "expected", "matches"),
    [
        ("NotFound", "smithy.example#NotFound", True),
        ("smithy.example#NotFound", "smithy.example#NotFound", True),
        ("smithy.example#NotFound", "NotFound", True),
        ("other.ns#NotFound", "smithy.example#NotFound", True),  # the name part decides
        ("NotFoundException", "NotFound", False),
    ],
)
def test_error_type_compares_shape_names_on_both_sides(
    code: str, expected: str, matches: bool
) -> None:
    doc = trait(
        {"state": "success", "matcher": READY},
        {"state": "retry", "matcher": {"errorType": expected}},
    )
    waiter, _ = waiter_for(doc, Script(error(code), {"status": "READY"}))
    if matches:
        assert waiter.wait(WaiterConfig={"MaxWaitTime": 60}).attempts == 2
    else:
        with pytest.raises(waitable.UnexpectedResponseError):
            waiter.wait(WaiterConfig={"MaxWaitTime": 60})


def test_error_type_exception_does_not_match_every_error_but_a_class_tree_does() -> None:
    class Throttled(NotFound):
        pass

    anything = trait(
        {"state": "success", "matcher": READY},
        {"state": "retry", "matcher": {"errorType": "Exception"}},
    )
    waiter, _ = waiter_for(anything, Script(KeyError("k"), {"status": "READY"}))
    with pytest.raises(KeyError):  # unnamed: propagates
        waiter.wait(WaiterConfig={"MaxWaitTime": 60})
    family = trait(
        {"state": "success", "matcher": READY},
        {"state": "retry", "matcher": {"errorType": "NotFound"}},
    )
    waiter, _ = waiter_for(family, Script(Throttled("slow"), {"status": "READY"}))
    assert waiter.wait(WaiterConfig={"MaxWaitTime": 60}).attempts == 2


def test_a_response_after_the_deadline_is_a_timeout_not_judged() -> None:
    fake = FakeTime()
    calls = 0

    def slow(**params: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        fake.now += 100  # the call itself outlasts the whole deadline
        return {"status": "READY"}

    model = waitable.load(trait({"state": "success", "matcher": READY}))
    waiter = model.get_waiter("Ready", {"GetThing": slow}, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(WaiterTimeoutError, match="Max wait time exceeded"):
        waiter.wait(WaiterConfig={"MaxWaitTime": 30})
    assert calls == 1


def test_the_summary_shows_the_output_an_input_output_path_compares() -> None:
    doc = trait(
        {
            "state": "success",
            "matcher": {
                "inputOutput": {
                    "path": "output.status == input.Want",
                    "expected": "true",
                    "comparator": "booleanEquals",
                }
            },
        }
    )
    waiter, _ = waiter_for(doc, Script({"status": "PENDING"}))
    with pytest.raises(WaiterTimeoutError) as caught:
        waiter.wait(Want="READY", WaiterConfig={"MaxWaitTime": 10})
    observed = caught.value.observed
    assert observed == {'`output.status` = "PENDING"': caught.value.attempts}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["GetCity"].update(CityExists={}), f"{W}: missing required field 'acceptors'"),
        (
            lambda d: d.update(GetCity={}),
            "<dict>: operation 'GetCity': the waitable trait must not be empty",
        ),
        (
            lambda d: d["GetCity"]["CityExists"].update(tags=[""]),
            f"{W}: 'tags' must hold non-empty strings",
        ),
        (
            lambda d: d["GetCity"].update({"Foo\n": d["GetCity"]["CityExists"]}),
            "waiter 'Foo\\n': the name must match ^[A-Z]+[A-Za-z0-9]*$",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][0]["matcher"].update(
                ouput=d["GetCity"]["CityExists"]["acceptors"][0]["matcher"].pop("output")
            ),
            "got 'ouput'; did you mean 'output'?",
        ),
        (
            lambda d: d["GetCity"]["CityExists"]["acceptors"][1].update(state="failed"),
            "state 'failed' is not one of success, failure, retry; did you mean 'failure'?",
        ),
    ],
)
def test_smithy_rules_not_checked_before(change: Any, message: str) -> None:
    assert message in bad(change)


def test_every_problem_at_once_including_the_missing_success_acceptor() -> None:
    doc = {"GetCity": {"CityExists": copy.deepcopy(CITY_EXISTS)}}
    acceptors = doc["GetCity"]["CityExists"]["acceptors"]
    acceptors.pop(0)
    acceptors[0]["matcher"]["output"]["comparator"] = "equals"
    with pytest.raises(DefinitionError) as caught:
        waitable.load(doc)
    text = str(caught.value)
    assert "comparator 'equals' is not one of" in text
    assert "needs at least one acceptor whose state is 'success'" in text


def test_unknown_members_warn_as_smithy_does_and_the_waiter_loads() -> None:
    model = copy.deepcopy(MODEL)
    shape = model["shapes"]["example.weather#GetCity"]
    shape["traits"]["smithy.waiters#waitable"]["CityExists"]["description"] = "extra"
    with pytest.warns(
        UserWarning,
        match=r"waiter 'CityExists': unknown member 'description'.*did you mean 'documentation'",
    ) as caught:
        loaded = waitable.load(model)
    assert loaded.waiter_names == ["CityExists"]
    assert [w.filename for w in caught] == [__file__]  # the caller's line, not waitable's


def test_operations_of_the_same_name_in_two_namespaces_keep_their_waiters() -> None:
    model = copy.deepcopy(MODEL)
    other = copy.deepcopy(model["shapes"]["example.weather#GetCity"])
    other["traits"]["smithy.waiters#waitable"] = {"TownExists": CITY_EXISTS}
    model["shapes"]["example.towns#GetCity"] = other
    assert waitable.load(model).waiter_names == ["CityExists", "TownExists"]


def test_an_apply_entry_attaches_the_trait_to_an_operation_defined_elsewhere() -> None:
    model = {
        "smithy": "2.0",
        "shapes": {
            "example.weather#GetCity": {
                "type": "apply",
                "traits": {"smithy.waiters#waitable": {"CityExists": CITY_EXISTS}},
            }
        },
    }
    assert waitable.load(model).definition("CityExists").operation == "GetCity"


def test_jmespath_that_can_only_fail_is_found_at_load_in_both_formats() -> None:
    doc = trait(
        {
            "state": "success",
            "matcher": {
                "output": {"path": "foo(a)", "expected": "x", "comparator": "stringEquals"}
            },
        },
        {
            "state": "retry",
            "matcher": {
                "output": {"path": "length(a, b)", "expected": "x", "comparator": "stringEquals"}
            },
        },
    )
    with pytest.raises(DefinitionError) as caught:
        waitable.load(doc)
    text = str(caught.value)
    assert "unknown function foo()" in text
    assert "length() takes 1 argument, not 2" in text
    botocore_doc = waiter_doc(
        {"matcher": "path", "argument": "lenght(a)", "expected": 1, "state": "success"}
    )
    with pytest.raises(
        DefinitionError, match=r"unknown function lenght\(\); did you mean 'length'"
    ):
        waitable.load(botocore_doc)


def test_failure_message_still_becomes_the_reason() -> None:
    doc = trait(
        {"state": "success", "matcher": READY},
        {"state": "failure", "matcher": {"success": False}, "message": "Error.Message"},
    )
    waiter, _ = waiter_for(doc, Script(error("Boom", "it broke")))
    with pytest.raises(FailureStateError, match="it broke"):
        waiter.wait(WaiterConfig={"MaxWaitTime": 60})


def test_mistyped_matcher_and_state_values_in_botocores_format_suggest_too() -> None:
    doc = waiter_doc({"matcher": "paths", "argument": "a", "expected": 1, "state": "failed"})
    with pytest.raises(DefinitionError) as caught:
        waitable.load(doc)
    text = str(caught.value)
    assert (
        "matcher 'paths' is not one of path, pathAll, pathAny, error, status; did you mean" in text
    )
    assert "state 'failed' is not one of success, failure, retry; did you mean 'failure'?" in text


def test_a_json_schema_for_smithy_trait_files_ships_and_agrees() -> None:
    import json as json_module

    jsonschema = pytest.importorskip("jsonschema")
    from waitable._waiters.spec import render_smithy_schema

    with open(waitable.schema_path("smithy-waiters"), encoding="utf-8") as handle:
        shipped = handle.read()
    assert shipped == render_smithy_schema(), (
        "regenerate: python -c 'from waitable._waiters.spec import render_smithy_schema as r; "
        'print(r(), end="")\' > src/waitable/schemas/smithy-waiters.schema.json'
    )
    validator = jsonschema.Draft202012Validator(json_module.loads(shipped))
    good = {"GetCity": {"CityExists": copy.deepcopy(CITY_EXISTS)}}
    assert validator.is_valid(good)
    waitable.load(good)
    for change in (
        lambda d: d["GetCity"].update({"cityExists": d["GetCity"].pop("CityExists")}),
        lambda d: d["GetCity"]["CityExists"]["acceptors"][2]["matcher"].update(success=True),
        lambda d: d["GetCity"]["CityExists"]["acceptors"][0].update(state="failed"),
        lambda d: d["GetCity"]["CityExists"].update(tags=[""]),
        lambda d: d["GetCity"]["CityExists"].update(minDelay=0),
        lambda d: d.update(GetCity={}),
    ):
        broken = copy.deepcopy(good)
        change(broken)
        assert not validator.is_valid(broken)
        with pytest.raises(DefinitionError):
            waitable.load(broken)
    with pytest.raises(ValueError, match="no schema named"):
        waitable.schema_path("nope")


def _model_with(matcher: dict[str, Any], drop_output: bool = False) -> dict[str, Any]:
    model = copy.deepcopy(MODEL)
    operation = model["shapes"]["example.weather#GetCity"]
    operation["traits"]["smithy.waiters#waitable"]["CityExists"]["acceptors"][0]["matcher"] = (
        matcher
    )
    if drop_output:
        del operation["output"]
    return model


@pytest.mark.parametrize(
    ("matcher", "message"),
    [
        (
            {"output": {"path": "city.stauts", "expected": "READY", "comparator": "stringEquals"}},
            "City has no member 'stauts'; did you mean 'status'",
        ),
        (
            {
                "output": {
                    "path": "city.population",
                    "expected": "READY",
                    "comparator": "stringEquals",
                }
            },
            "path 'city.population': stringEquals needs a string, "
            "but the path gives Integer (number)",
        ),
        (
            {"output": {"path": "city.status", "expected": "true", "comparator": "booleanEquals"}},
            "booleanEquals needs a boolean, but the path gives String (string)",
        ),
        (
            {
                "output": {
                    "path": "city.population",
                    "expected": "x",
                    "comparator": "anyStringEquals",
                }
            },
            "anyStringEquals needs a list of strings",
        ),
        (
            {
                "inputOutput": {
                    "path": "output.city.nope == input.x",
                    "expected": "true",
                    "comparator": "booleanEquals",
                }
            },
            "City has no member 'nope'",
        ),
    ],
)
def test_paths_are_type_checked_against_the_models_shapes(
    matcher: dict[str, Any], message: str
) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)):
        waitable.load(_model_with(matcher))


def test_paths_that_fit_the_shapes_load() -> None:
    for matcher in (
        {"output": {"path": "city.tags", "expected": "x", "comparator": "anyStringEquals"}},
        {
            "output": {
                "path": "length(city.tags) > `0`",
                "expected": "true",
                "comparator": "booleanEquals",
            }
        },
        {
            "inputOutput": {
                "path": "output.city.status",
                "expected": "READY",
                "comparator": "stringEquals",
            }
        },
    ):
        waitable.load(_model_with(matcher))


def test_an_output_matcher_needs_an_operation_with_output() -> None:
    matcher = {"output": {"path": "city.status", "expected": "READY", "comparator": "stringEquals"}}
    with pytest.raises(DefinitionError, match="the operation has no output for an output matcher"):
        waitable.load(_model_with(matcher, drop_output=True))


def test_waiter_names_are_unique_per_service_not_per_file() -> None:
    model = copy.deepcopy(MODEL)
    shapes = model["shapes"]
    town = copy.deepcopy(shapes["example.weather#GetCity"])
    town["traits"]["smithy.waiters#waitable"] = {"CITYEXISTS": CITY_EXISTS}
    shapes["example.towns#GetTown"] = town
    shapes["example.weather#Weather"] = {
        "type": "service",
        "operations": [{"target": "example.weather#GetCity"}],
    }
    shapes["example.towns#Towns"] = {
        "type": "service",
        "resources": [{"target": "example.towns#Town"}],
    }
    shapes["example.towns#Town"] = {"type": "resource", "read": {"target": "example.towns#GetTown"}}
    assert waitable.load(model).waiter_names == ["CITYEXISTS", "CityExists"]  # two services
    shapes["example.weather#Weather"]["operations"].append({"target": "example.towns#GetTown"})
    with pytest.raises(DefinitionError, match="the name clashes"):
        waitable.load(model)


@pytest.mark.parametrize(
    ("shape", "says"),
    [
        ({"type": "structure", "members": None}, "'members' must be an object, not null"),
        ({"type": "service", "operations": 5}, "'operations' must be a list, not integer"),
        ({"type": "structure", "members": {"a": 3}}, "member 'a' must be an object"),
        ("text", "must be an object, not string"),
    ],
)
def test_a_wrongly_typed_part_of_a_model_is_a_definition_error(shape: object, says: str) -> None:
    """Found by hostile input (issue 17): these crashed the reader (AttributeError,
    TypeError)."""
    model = {
        "smithy": "2.0",
        "shapes": {
            "ns#Get": {
                "type": "operation",
                "traits": {
                    "smithy.waiters#waitable": {
                        "R": {"acceptors": [{"state": "success", "matcher": {"success": True}}]}
                    }
                },
            },
            "ns#Odd": shape,
        },
    }
    with pytest.raises(waitable.DefinitionError, match=says):
        waitable.load(model)

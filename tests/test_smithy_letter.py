"""Smithy's waiter specification to the letter: each case failed before its fix."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

import waitable
from conftest import FakeTime, Script, error, waiter_doc
from test_smithy import CITY_EXISTS, MODEL, W, bad
from waitable import ConfigError, DefinitionError, FailureStateError, WaiterTimeoutError

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


def test_smithy_waiters_need_a_deadline_even_with_max_attempts() -> None:
    waiter, _ = waiter_for(trait({"state": "success", "matcher": READY}), Script({}))
    with pytest.raises(ConfigError, match="MaxWaitTime"):
        waiter.wait(WaiterConfig={"MaxAttempts": 3})


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


def test_the_summary_evaluates_input_output_paths_with_the_input() -> None:
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
    assert observed["`output.status == input.Want` = false"] == caught.value.attempts


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
    ):
        loaded = waitable.load(model)
    assert loaded.waiter_names == ["CityExists"]


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

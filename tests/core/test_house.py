"""One model, one options record, one error tree: the shapes contributors rely on."""

from __future__ import annotations

import inspect
import json
import random
import re
from typing import Any

import pytest

import waitable
from waitable import _errors
from waitable._model import OnFirstUse
from waitable._waiters.botocore_format import compile_waiter

WAITERS: dict[str, Any] = {
    "version": 2,
    "waiters": {
        "ThingReady": {
            "operation": "GetThing",
            "delay": 1,
            "maxAttempts": 2,
            "acceptors": [
                {"matcher": "path", "argument": "State", "expected": "ok", "state": "success"},
                {"matcher": "error", "expected": "Gone", "state": "failure"},
            ],
        }
    },
}


def test_every_error_is_exported_and_drawn_in_the_tree() -> None:
    defined = {
        name
        for name, value in vars(_errors).items()
        if inspect.isclass(value) and issubclass(value, BaseException)
    }
    tree = _errors.__doc__ or ""
    for name in defined:
        assert getattr(waitable, name) is getattr(_errors, name), name
        assert name in waitable.__all__, name
        assert re.search(rf"\+-- {name}\b", tree), f"{name} is not drawn in the tree"
        base = Warning if issubclass(getattr(_errors, name), Warning) else waitable.WaitableError
        assert issubclass(getattr(_errors, name), base)


def test_lookup_errors_share_one_parent_and_say_their_kind() -> None:
    for error in (
        waitable.UnknownWaiterError,
        waitable.UnknownPaginatorError,
        waitable.UnknownServiceError,
        waitable.OperationNotFoundError,
    ):
        assert issubclass(error, waitable.NotFoundError)
        assert issubclass(error, LookupError)
    model = waitable.load(WAITERS)
    with pytest.raises(waitable.UnknownPaginatorError, match="no paginator named 'List'"):
        model.get_paginator("List", {})
    with pytest.raises(waitable.UnknownWaiterError) as info:
        model.get_waiter("thing_redy", {})
    assert "did you mean 'thing_ready'?" in str(info.value)  # the caller's spelling


def test_a_model_and_a_client_look_names_up_alike() -> None:
    model = waitable.load(WAITERS)
    waiters = waitable.for_client({"GetThing": dict}, WAITERS, service="things")
    for lookup in (model.definition, waiters.definition):
        assert lookup("thing_ready").name == "ThingReady"
        with pytest.raises(waitable.UnknownWaiterError, match="did you mean 'ThingReady'"):
            lookup("ThingRedy")


def test_an_option_is_checked_once_when_the_waiter_is_made() -> None:
    model = waitable.load(WAITERS)
    client = {"GetThing": lambda: {"State": "ok"}}
    with pytest.raises(TypeError, match=r"no option 'slep'; did you mean 'sleep'"):
        model.get_waiter("ThingReady", client, slep=lambda s: None)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"random= takes a random.Random"):
        model.get_waiter("ThingReady", client, random=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cancel= is for threads"):
        model.get_async_waiter("ThingReady", client, cancel=object())  # type: ignore[call-arg]
    seeded = random.Random(3)
    waiter = model.get_waiter("ThingReady", client, random=seeded)
    assert waiter.options.uniform == seeded.uniform
    assert waiter.wait().attempts == 1


def test_the_package_docstring_names_every_option_and_service() -> None:
    from waitable._waiters.options import Options
    from waitable.services import SERVICES

    text = waitable.__doc__ or ""
    for name in (*Options.NAMES, *SERVICES):
        assert f"``{name}``" in text, name


def test_trusted_definitions_compile_on_first_lookup_only() -> None:
    raw = {
        **WAITERS["waiters"],
        "Broken": {"operation": "GetThing", "delay": 1, "maxAttempts": 1, "acceptors": []},
    }
    compiled: list[str] = []

    def compile_one(name: str, data: Any, source: str) -> Any:
        compiled.append(name)
        return compile_waiter(name, data, source)

    model = waitable.Model("trusted.json", OnFirstUse(raw, "trusted.json", compile_one))
    assert model.waiter_names == ["Broken", "ThingReady"]
    assert compiled == []
    assert model.definition("thing_ready").name == "ThingReady"
    model.definition("ThingReady")
    assert compiled == ["ThingReady"]  # once
    with pytest.raises(waitable.DefinitionError, match=r"trusted\.json: waiter 'Broken'"):
        model.definition("Broken")


def test_matchers_state_the_errors_they_name() -> None:
    definition = waitable.load(WAITERS).definition("ThingReady")
    assert definition.error_names == frozenset({"Gone"})
    path, error = (a.matcher for a in definition.acceptors)
    assert path.reads_response
    assert not error.reads_response
    assert definition.inputs == frozenset()
    assert not definition.needs_deadline


def test_the_options_typed_dicts_and_the_record_name_the_same_options() -> None:
    import ast

    from waitable._waiters import options

    tree = ast.parse(inspect.getsource(options))
    typed: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name.endswith("Options") and node.bases:
            typed[node.name] = {
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
    common = typed["_CommonOptions"]
    assert common | typed["WaiterOptions"] == options.Options.NAMES
    assert common | typed["AsyncWaiterOptions"] == options.Options.NAMES - {"cancel"}
    assert set(options.Options.CALLABLES) <= common


def _typed_keys(module: Any, name: str) -> set[str]:
    import ast

    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return {
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
    raise AssertionError(f"no class {name}")


def test_the_config_typed_dicts_name_the_keys_the_checks_take() -> None:
    # a key added to the check but not to the TypedDict (or the reverse) would make mypy
    # refuse a good config, or let a bad one through (review)
    from waitable._paginators import definitions
    from waitable._waiters import options, policy

    assert _typed_keys(options, "WaiterConfig") == set(policy.WAITER_CONFIG_KEYS)
    assert _typed_keys(definitions, "PaginationConfig") == set(definitions.PAGINATION_CONFIG_KEYS)


def test_bound_waiters_and_clients_compare_by_identity() -> None:
    document = json.loads(json.dumps(WAITERS))
    document["waiters"]["ThingReady"]["acceptors"][0]["expected"] = ["a", "list"]
    model = waitable.load(document)
    client = {"GetThing": dict}
    waiter = model.get_waiter("ThingReady", client)
    assert hash(waiter) == hash(waiter)  # an acceptor expects a list: still hashable
    assert waiter != model.get_waiter("ThingReady", client)
    waiters = waitable.for_client(client, WAITERS)
    assert waitable.for_client(client) != waiters
    assert {waiters, waitable.for_client(client)}  # hashable, a dict client and all


def test_option_mistakes_name_the_file() -> None:
    with pytest.raises(TypeError, match=r"^<dict>: waiter 'ThingReady': clock= takes"):
        waitable.load(WAITERS).get_waiter("ThingReady", {"GetThing": dict}, clock=5)  # type: ignore[arg-type]


def test_a_definition_without_an_attempt_limit_runs_with_max_attempts() -> None:
    definition = waitable.load(WAITERS).definition("ThingReady")
    unlimited = waitable.WaiterDefinition("Open", "GetThing", 0, None, "", definition.acceptors)
    model = waitable.Model("<dict>", {"Open": unlimited})
    waiter = model.get_waiter("Open", {"GetThing": lambda: {"State": "ok"}})
    assert waiter.wait(WaiterConfig={"MaxAttempts": 2}).attempts == 1


def test_a_waiter_is_found_by_the_aws_cli_s_spelling_too() -> None:
    # `aws dynamodb wait table-exists`: a new user types the aws CLI's name (issue 17)
    model = waitable.load(
        {
            "version": 2,
            "waiters": {
                "TableExists": {
                    "operation": "DescribeTable",
                    "delay": 1,
                    "maxAttempts": 1,
                    "acceptors": [{"matcher": "status", "expected": 200, "state": "success"}],
                }
            },
        }
    )
    for name in ("TableExists", "table_exists", "table-exists"):
        assert model.get_waiter(name, {"DescribeTable": dict}).name == "TableExists"
    with pytest.raises(waitable.UnknownWaiterError, match="did you mean 'table_exists'"):
        model.get_waiter("table-exist", {"DescribeTable": dict})

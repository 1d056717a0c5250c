"""Matchers one by one, and how a client's operation is found."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

import waitable
from conftest import Script, error, waiter_doc
from waitable import OperationNotFoundError, UnknownWaiterError, xform_name
from waitable._waiters.matchers import (
    ErrorMatcher,
    PathAllMatcher,
    PathAnyMatcher,
    PathMatcher,
    StatusMatcher,
)

ERR = ("NotFound",)


@pytest.mark.parametrize(
    ("response", "codes", "expected", "result"),
    [
        ({"A": {"B": "x"}}, None, "x", True),
        ({"A": {"B": "y"}}, None, "x", False),
        ({"A": {"B": "x"}}, ERR, "x", False),  # error responses are never path-matched
        ({}, None, None, True),  # nothing found is None
        ({"A": {"B": 1}}, None, True, True),  # Python equality, as botocore
        ({"A": {"B": 1.0}}, None, 1, True),
        ({"A": {"B": [1, 2]}}, None, [1, 2], True),
    ],
)
def test_path(response: Any, codes: Any, expected: Any, result: bool) -> None:
    assert PathMatcher("A.B", expected).matches(response, codes) is result


@pytest.mark.parametrize(
    ("items", "all_result", "any_result"),
    [
        ([{"S": "ok"}, {"S": "ok"}], True, True),
        ([{"S": "ok"}, {"S": "no"}], False, True),
        ([{"S": "no"}], False, False),
        ([], False, False),  # an empty list never matches
        (None, False, False),
        ("ok", False, False),  # not a list
    ],
)
def test_path_all_and_any(items: Any, all_result: bool, any_result: bool) -> None:
    response = {"L": items}
    argument = "L[].S" if isinstance(items, list) else "L"
    assert PathAllMatcher(argument, "ok").matches(response, None) is all_result
    assert PathAnyMatcher(argument, "ok").matches(response, None) is any_result
    assert PathAllMatcher(argument, "ok").matches(response, ERR) is False
    assert PathAnyMatcher(argument, "ok").matches(response, ERR) is False


def test_status_sees_every_response() -> None:
    matcher = StatusMatcher(404)
    assert matcher.matches(error("NotFound", status=404), ERR)
    assert matcher.matches({"ResponseMetadata": {"HTTPStatusCode": 404}}, None)
    assert not matcher.matches({"ResponseMetadata": {"HTTPStatusCode": 200}}, None)
    assert not matcher.matches({}, None)
    assert not matcher.matches({"ResponseMetadata": "odd"}, None)
    assert not matcher.matches("text", None)


def test_error_code_true_and_false() -> None:
    assert ErrorMatcher("NotFound").matches(error("NotFound"), ERR)
    assert not ErrorMatcher("NotFound").matches(error("Other"), ("Other",))
    assert not ErrorMatcher("NotFound").matches({}, None)
    assert ErrorMatcher(True).matches(error("Any"), ("Any",))
    assert not ErrorMatcher(True).matches({}, None)
    assert ErrorMatcher(False).matches({"A": 1}, None)
    assert not ErrorMatcher(False).matches(error("X"), ("X",))
    # botocore: false means no "Error" key at all, even one without a Code
    assert not ErrorMatcher(False).matches({"Error": {"Message": "m"}}, None)


def test_explanations_are_botocores() -> None:
    assert PathMatcher("a", "b").explanation == 'For expression "a" we matched expected path: "b"'
    assert PathAllMatcher("a", True).explanation == (
        'For expression "a" all members matched expected path: "True"'
    )
    assert PathAnyMatcher("a", "b").explanation == (
        'For expression "a" we matched expected path: "b" at least once'
    )
    assert StatusMatcher(404).explanation == "Matched expected HTTP status code: 404"
    assert ErrorMatcher("E").explanation == "Matched expected service error code: E"


def test_matchers_compare_by_value_and_hide_the_tree() -> None:
    assert PathMatcher("a.b", 1) == PathMatcher("a.b", 1)
    assert PathMatcher("a.b", 1) != PathAnyMatcher("a.b", 1)
    assert hash(PathMatcher("a.b", 1)) == hash(PathMatcher("a.b", 1))
    assert repr(PathMatcher("a.b", 1)) == "PathMatcher(argument='a.b', expected=1)"
    assert PathMatcher("a.b", 1).search({"a": {"b": 5}}) == 5


# --- operation names and clients ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("DescribeTable", "describe_table"),
        ("ListWebACLs", "list_web_acls"),
        ("DescribeDBInstances", "describe_db_instances"),
        ("CreateCachediSCSIVolume", "create_cached_iscsi_volume"),
        ("ExecutePartiQLStatement", "execute_partiql_statement"),
        ("GetWhatsAppFlow", "get_whatsapp_flow"),
        ("AssignIpv6Addresses", "assign_ipv6_addresses"),
        ("already_snake", "already_snake"),
    ],
)
def test_xform_name(name: str, snake: str) -> None:
    assert xform_name(name) == snake


def model() -> waitable.WaiterModel:
    return waitable.load(
        waiter_doc({"matcher": "path", "argument": "S", "expected": "ok", "state": "success"})
    )


def test_mapping_client_uses_the_operation_name_as_written() -> None:
    waiter = model().get_waiter("Ready", {"GetThing": Script({"S": "ok"})})
    assert waiter.wait().attempts == 1


def test_object_client_uses_snake_case_methods() -> None:
    class Client:
        def get_thing(self, **params: Any) -> Any:
            return {"S": "ok", "Params": params}

    result = model().get_waiter("Ready", Client()).wait(Name="n")
    assert result.response["Params"] == {"Name": "n"}


def test_snake_case_waiter_names_work_like_boto3() -> None:
    doc = waiter_doc({"matcher": "path", "argument": "S", "expected": "ok", "state": "success"})
    doc["waiters"]["TableExists"] = doc["waiters"].pop("Ready")
    waiter = waitable.load(doc).get_waiter("table_exists", {"GetThing": Script({"S": "ok"})})
    assert waiter.name == "TableExists"


def test_unknown_waiter_suggests_close_names() -> None:
    with pytest.raises(UnknownWaiterError) as info:
        model().get_waiter("Redy", {})
    assert str(info.value) == (
        "<dict>: no waiter named 'Redy'; did you mean 'Ready'?; waiters: Ready"
    )
    with pytest.raises(UnknownWaiterError, match=r"no waiter named 'Zzz'; waiters: Ready$"):
        model().get_waiter("Zzz", {})


def test_missing_operation_is_found_at_get_waiter_time() -> None:
    class Client:
        def get_things(self) -> None: ...

    with pytest.raises(OperationNotFoundError) as info:
        model().get_waiter("Ready", Client())
    assert str(info.value) == (
        "<dict>: waiter 'Ready' calls method 'get_thing', which is missing on Client; "
        "did you mean 'get_things'?"
    )
    with pytest.raises(OperationNotFoundError, match=r"key 'GetThing', which is missing on dict"):
        model().get_waiter("Ready", {"GetThings": print})
    with pytest.raises(OperationNotFoundError, match="which is not callable"):
        model().get_waiter("Ready", {"GetThing": 3})


def test_botocore_client_method_table_is_trusted() -> None:
    class Meta:
        method_to_api_mapping: ClassVar[dict[str, str]] = {"fetch_the_thing": "GetThing"}

    class Client:
        meta = Meta()

        def fetch_the_thing(self, **_: Any) -> Any:
            return {"S": "ok"}

    assert model().get_waiter("Ready", Client()).wait().attempts == 1


def test_real_botocore_client() -> None:
    boto = pytest.importorskip("botocore.session")
    from botocore.stub import Stubber

    client = boto.get_session().create_client(
        "dynamodb",
        region_name="us-east-1",
        aws_access_key_id="k",
        aws_secret_access_key="s",
    )
    import botocore

    path = f"{botocore.__path__[0]}/data/dynamodb/2012-08-10/waiters-2.json"
    waiter = waitable.load(path).get_waiter("TableExists", client, sleep=lambda s: None)
    with Stubber(client) as stub:
        stub.add_client_error("describe_table", "ResourceNotFoundException", "nope")
        stub.add_response("describe_table", {"Table": {"TableStatus": "ACTIVE"}})
        result = waiter.wait(TableName="t")
    assert result.attempts == 2
    assert result.response["Table"]["TableStatus"] == "ACTIVE"

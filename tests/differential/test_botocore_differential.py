"""botocore as the oracle: every waiter it ships, fed the same response sequences through
both libraries, must end the same way, after the same calls and the same sleeps.

Responses are built to make each acceptor match (by inverting its JMESPath where the
expression is a plain path or projection) or just miss; error responses are raised as
real ``ClientError`` exceptions; status responses carry ``ResponseMetadata``.
"""

from __future__ import annotations

import glob
import json
import os
import random
from typing import Any, Callable
from unittest import mock

import jmespath
import pytest

import waitable
from conftest import BOTOCORE_DATA
from differential.responses import build

if BOTOCORE_DATA is None:  # pragma: no cover
    pytest.skip("botocore not installed", allow_module_level=True)

import botocore.waiter
from botocore.exceptions import ClientError

MISS = "__no_such_value__"
SEQUENCES_PER_WAITER = 12
MAX_ATTEMPTS = 4


def candidates(waiter: dict[str, Any]) -> list[Any]:
    """Responses that hit or miss each acceptor, errors of every code, odd shapes."""
    out: list[Any] = [{}, {"ResponseMetadata": {"HTTPStatusCode": 200}}]
    for acceptor in waiter["acceptors"]:
        matcher, expected = acceptor["matcher"], acceptor["expected"]
        if matcher in ("path", "pathAll", "pathAny"):
            tree = jmespath.compile(acceptor["argument"]).parsed
            for leaf in (expected, MISS):
                try:
                    out.append(build(tree, leaf))
                except LookupError:
                    out.append({"Items": [], "Count": 0})
            if matcher in ("pathAll", "pathAny"):
                try:  # a mixed list: all fails, any matches
                    mixed = build(tree, expected)
                    out.append(_mix(mixed, tree, expected))
                except LookupError:
                    pass
        elif matcher == "error":
            code = expected if isinstance(expected, str) else "SomeError"
            out.append(ClientError({"Error": {"Code": code, "Message": "m"}}, waiter["operation"]))
        elif matcher == "status":
            out.append({"ResponseMetadata": {"HTTPStatusCode": expected}})
            out.append(
                ClientError(
                    {
                        "Error": {"Code": "Http" + str(expected)},
                        "ResponseMetadata": {"HTTPStatusCode": expected},
                    },
                    waiter["operation"],
                )
            )
    out.append(ClientError({"Error": {"Code": "Unexpected", "Message": "m"}}, "Op"))
    return out


def _mix(document: Any, tree: dict[str, Any], expected: Any) -> Any:
    """``document`` with a second, different element beside each list's first."""
    if isinstance(document, list):
        return [_mix(item, tree, expected) for item in document] + [MISS]
    if isinstance(document, dict):
        return {key: _mix(value, tree, expected) for key, value in document.items()}
    return document


def scripted(sequence: list[Any]) -> tuple[Callable[..., Any], list[int]]:
    calls = [0]

    def operation(**_: Any) -> Any:
        answer = sequence[min(calls[0], len(sequence) - 1)]
        calls[0] += 1
        if isinstance(answer, Exception):
            raise answer
        return json.loads(json.dumps(answer))  # a fresh copy per call

    return operation, calls


def run_botocore(name: str, waiter: dict[str, Any], sequence: list[Any]) -> tuple[Any, ...]:
    config = botocore.waiter.SingleWaiterConfig(waiter)
    operation, calls = scripted(sequence)
    boto = botocore.waiter.Waiter(
        name, config, botocore.waiter.NormalizedOperationMethod(operation)
    )
    sleeps: list[float] = []
    with mock.patch.object(botocore.waiter.time, "sleep", sleeps.append):
        try:
            boto.wait(WaiterConfig={"MaxAttempts": MAX_ATTEMPTS})
            outcome: Any = "success"
        except botocore.exceptions.WaiterError as exc:
            outcome = exc.kwargs["reason"]
        except Exception as exc:  # JMESPath runtime errors propagate in both
            outcome = type(exc)
    return outcome, calls[0], sleeps


def run_waitable(
    model: waitable.WaiterModel, name: str, operation_name: str, sequence: list[Any]
) -> tuple[Any, ...]:
    operation, calls = scripted(sequence)
    sleeps: list[float] = []
    waiter = model.get_waiter(name, {operation_name: operation}, sleep=sleeps.append)
    try:
        waiter.wait(WaiterConfig={"MaxAttempts": MAX_ATTEMPTS})
        outcome: Any = "success"
    except waitable.WaiterError as exc:
        outcome = exc.reason
    except Exception as exc:
        outcome = type(exc)
    return outcome, calls[0], sleeps


FILES = sorted(glob.glob(os.path.join(BOTOCORE_DATA, "*", "*", "waiters-2.json")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.split(os.sep)[-3])
def test_same_outcome_calls_and_sleeps_as_botocore(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    model = waitable.load(path)
    rng = random.Random(path)
    for name, waiter in document["waiters"].items():
        pool = candidates(waiter)
        last_explanation = botocore.waiter.AcceptorConfig(waiter["acceptors"][-1]).explanation
        for _ in range(SEQUENCES_PER_WAITER):
            sequence = [rng.choice(pool) for _ in range(rng.randint(1, MAX_ATTEMPTS + 1))]
            theirs = run_botocore(name, waiter, sequence)
            ours = run_waitable(model, name, waiter["operation"], sequence)
            assert ours[1:] == theirs[1:], (name, sequence)
            if ours[0] != theirs[0]:
                # The one documented difference: botocore's "Previously accepted state"
                # names the last acceptor in the list when the last attempt matched none.
                prefix = "Max attempts exceeded. Previously accepted state: "
                assert theirs[0] == prefix + last_explanation, (name, sequence, ours, theirs)
                assert isinstance(ours[0], str)
                assert ours[0].startswith(prefix)


@pytest.mark.slow  # loads every service model botocore ships
def test_xform_name_agrees_with_botocore_on_every_operation() -> None:
    pytest.importorskip("botocore")
    import botocore
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    names: set[str] = set()
    waiter_ops: set[str] = set()
    for service in loader.list_available_services("service-2"):
        names.update(loader.load_service_model(service, "service-2")["operations"])
    for service in loader.list_available_services("waiters-2"):
        for waiter in loader.load_service_model(service, "waiters-2")["waiters"].values():
            waiter_ops.add(waiter["operation"])
    differ = {n for n in names if botocore.xform_name(n) != waitable.xform_name(n)}
    assert not waiter_ops & differ
    # botocore lists its special cases name by name, and its list differs by version
    # (1.44 misses CreateOAuth2TokenWithTokenExchange, 1.42 CreateOAuth2Token too);
    # waitable keeps those words whole everywhere. Real botocore clients are resolved
    # through their own method table, so they are exact either way.
    whole_words = ("iSCSI", "HITs", "PartiQL", "OAuth2", "WhatsApp", "OTel")
    assert all(any(w in n for w in whole_words) for n in differ), sorted(differ)[:10]
    assert len(differ) < 5


def test_an_error_acceptor_expecting_an_empty_code_behaves_as_in_botocore() -> None:
    """Airflow's and Prefect's Batch ``JobExists``: botocore compares
    ``response.get("Error", {}).get("Code", "")`` with ``""``, so the acceptor matches
    every successful response; waitable matched none and polled on (issue 17)."""
    waiter = {
        "operation": "DescribeJobs",
        "delay": 2,
        "maxAttempts": 3,
        "acceptors": [
            {"matcher": "error", "expected": "", "state": "failure"},
            {
                "matcher": "path",
                "argument": "length(jobs) > `0`",
                "expected": True,
                "state": "success",
            },
        ],
    }
    document = {"version": 2, "waiters": {"JobExists": waiter}}
    with pytest.warns(UserWarning, match=r"acceptor 0: error '' matches every response"):
        model = waitable.load(document)
    for sequence in (
        [{"jobs": []}],
        [{"jobs": [{"id": "j"}]}],
        [ClientError({"Error": {"Code": "Other", "Message": "m"}}, "DescribeJobs")],
    ):
        theirs = run_botocore("JobExists", waiter, sequence)
        ours = run_waitable(model, "JobExists", "DescribeJobs", sequence)
        assert ours == theirs, sequence

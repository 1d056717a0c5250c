"""``check_against_service`` on a small botocore service model: no false findings (a
document member, an operation named in another letter case), enum gaps worded as the
model's possible gaps, and the real findings kept."""

from __future__ import annotations

from typing import Any

import pytest

import waitable

botocore_model = pytest.importorskip("botocore.model")
from waitable.aws import check_against_service  # noqa: E402

MODEL = {
    "metadata": {
        "protocol": "json",
        "apiVersion": "2020-01-01",
        "endpointPrefix": "things",
        "serviceId": "Things",
        "signatureVersion": "v4",
        "jsonVersion": "1.1",
        "targetPrefix": "Things",
    },
    "operations": {
        "getKnowledgeBase": {
            "name": "getKnowledgeBase",
            "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "In"},
            "output": {"shape": "Out"},
        },
        "DescribeDBClusters": {
            "name": "DescribeDBClusters",
            "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "In"},
            "output": {"shape": "Clusters"},
        },
    },
    "shapes": {
        "In": {"type": "structure", "members": {}},
        "Out": {"type": "structure", "members": {"KnowledgeBase": {"shape": "Base"}}},
        "Base": {
            "type": "structure",
            "members": {"Status": {"shape": "Status"}, "Config": {"shape": "Doc"}},
        },
        "Status": {"type": "string", "enum": ["ACTIVE", "CREATING"]},
        "Doc": {"type": "structure", "members": {}, "document": True},
        "Clusters": {"type": "structure", "members": {"DBClusters": {"shape": "ClusterList"}}},
        "ClusterList": {"type": "list", "member": {"shape": "Cluster"}},
        "Cluster": {"type": "structure", "members": {"Status": {"shape": "String"}}},
        "String": {"type": "string"},
    },
}
SERVICE = botocore_model.ServiceModel(MODEL, "things")


def findings(operation: str, *acceptors: tuple[str, str, Any, str]) -> list[str]:
    doc = {
        "version": 2,
        "waiters": {
            "W": {
                "operation": operation,
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [
                    {"matcher": m, "argument": a, "expected": e, "state": s}
                    for m, a, e, s in acceptors
                ],
            }
        },
    }
    return check_against_service(waitable.load(doc).definition("W"), SERVICE, "w.json")


def test_members_under_a_document_are_any_json() -> None:
    assert (
        findings(
            "getKnowledgeBase",
            ("path", "KnowledgeBase.Config.stages[0].state", "ready", "success"),
        )
        == []
    )


def test_an_operation_in_another_letter_case_resolves_as_botocore_runs_it() -> None:
    assert findings("GetKnowledgeBase", ("path", "KnowledgeBase.Status", "ACTIVE", "success")) == []
    [problem] = findings("GetKnowledgeBases", ("path", "KnowledgeBase.Status", "ACTIVE", "success"))
    assert "no operation 'GetKnowledgeBases'" in problem


def test_a_value_outside_the_enum_is_worded_as_a_possible_model_gap() -> None:
    [problem] = findings("getKnowledgeBase", ("path", "KnowledgeBase.Status", "DELETED", "success"))
    assert problem.startswith(
        "w.json: waiter 'W', acceptor 0: 'DELETED' is not in the model's enum"
    )
    assert "the model may be incomplete" in problem
    assert "ACTIVE, CREATING" in problem


def test_real_findings_are_kept() -> None:
    found = findings(
        "DescribeDBClusters",
        ("pathAll", "DBClusters[].Status", "available", "success"),
        ("pathAny", "DBInstances[].DBInstanceStatus", "deleted", "failure"),
    )
    assert len(found) == 1
    assert "acceptor 1: Clusters has no member 'DBInstances'" in found[0]

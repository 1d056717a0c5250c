"""Two judges of a document must agree: the loader's validation and the shipped JSON
Schema. Hypothesis mutates valid documents at random to find a case where they do not."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import waitable
from waitable import DefinitionError
from waitable._waiters.botocore_format import compile_waiters

jsonschema = pytest.importorskip("jsonschema")

with open(waitable.schema_path(), encoding="utf-8") as _handle:
    VALIDATOR = jsonschema.Draft202012Validator(json.load(_handle))

BASE = {
    "version": 2,
    "waiters": {
        "Ready": {
            "operation": "GetThing",
            "delay": 5,
            "maxAttempts": 4,
            "description": "d",
            "acceptors": [
                {"matcher": "path", "argument": "A.B", "expected": "X", "state": "success"},
                {"matcher": "pathAny", "argument": "L[].S", "expected": 1, "state": "failure"},
                {"matcher": "error", "expected": "NotFound", "state": "retry"},
                {"matcher": "status", "expected": 404, "state": "failure"},
            ],
        }
    },
}

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 5),  # near the bounds (0, 1) is where tables and schema could differ
    st.sampled_from([404, 1000, 2.0, 0.5, -0.5, 4.0]),
    st.sampled_from(
        [
            "",
            "x",
            "path",
            "pathAll",
            "pathAny",
            "error",
            "status",
            "success",
            "failure",
            "retry",
            "A.[",
            "Op",
            "2",
        ]
    ),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["matcher", "state", "x", "argument"]), inner, max_size=3),
    ),
    max_leaves=6,
)
# Values at the edges of the rules, drawn half the time: where two judges could differ.
EDGES = [
    0,
    1,
    2,
    -1,
    0.5,
    2.0,
    1e300,
    True,
    False,
    None,
    "",
    "x",
    [],
    {},
    "404",
    404,
    "path",
    "success",
    "A.[",
    ["x"],
]
# Copied on every draw: a drawn [] or {} is mutated by later edits of the same document.
values = st.one_of(st.sampled_from(EDGES), json_values).map(lambda v: json.loads(json.dumps(v)))
KEYS = [
    "version",
    "waiters",
    "operation",
    "delay",
    "maxAttempts",
    "description",
    "acceptors",
    "state",
    "matcher",
    "argument",
    "expected",
    "$schema",
    "dealy",
    "Ready",
]


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += paths(value, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    doc: Any = json.loads(json.dumps(BASE))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(doc)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not where:
            if action == "replace":
                doc = draw(values)
            continue
        parent: Any = doc
        for step in where[:-1]:
            parent = parent[step]
        if action == "replace":
            parent[where[-1]] = draw(values)
        elif action == "delete":
            del parent[where[-1]]
        else:
            target = parent[where[-1]]
            if isinstance(target, dict):
                target[draw(st.sampled_from(KEYS))] = draw(values)
            elif isinstance(target, list):
                target.append(draw(values))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_random_edits_get_the_same_verdict_from_both(doc: Any) -> None:
    check_agreement(doc)


def check_agreement(doc: Any) -> None:
    try:
        with warnings.catch_warnings():  # a caution (error: "") is no verdict
            warnings.simplefilter("ignore", UserWarning)
            compile_waiters(doc, "<t>")
        problems: tuple[str, ...] = ()
    except DefinitionError as error:
        problems = error.problems
        assert problems

    only_jmespath = bool(problems) and all("not valid JMESPath" in p for p in problems)
    schema_ok = VALIDATOR.is_valid(doc)
    if only_jmespath:
        assert schema_ok, problems  # a schema cannot parse JMESPath
    else:
        assert schema_ok == (not problems), problems


def single_edits() -> list[Any]:
    """Every one-place edit of BASE: each value replaced by each edge value, each key
    deleted, each key of KEYS added to each object."""
    base = json.loads(json.dumps(BASE))
    edits = []
    for where in paths(base):
        for value in EDGES:
            edits.append((where, "replace", value))
        if where:
            edits.append((where, "delete", None))
        target: Any = base
        for step in where:
            target = target[step]
        if isinstance(target, dict):
            edits.extend((where, "add", key) for key in KEYS if key not in target)
    docs = []
    for where, action, value in edits:
        doc: Any = json.loads(json.dumps(BASE))
        if not where:
            docs.append(value if action == "replace" else doc)
            continue
        parent: Any = doc
        for step in where[:-1]:
            parent = parent[step]
        if action == "replace":
            parent[where[-1]] = json.loads(json.dumps(value))
        elif action == "delete":
            del parent[where[-1]]
        else:
            parent[where[-1]][value] = "x"
        docs.append(doc)
    return docs


def test_every_single_edit_gets_the_same_verdict_from_both() -> None:
    docs = single_edits()
    assert len(docs) > 600
    for doc in docs:
        check_agreement(doc)

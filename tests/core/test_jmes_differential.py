"""The compiled JMESPath (``_core/jmes.py``) against jmespath's own interpreter.

Every expression botocore ships (waiter arguments, paginator tokens and keys) and
generated ones, over values built from the names they read: the same value, compared
type-exact (``1``, ``1.0`` and ``True`` differ), or the same exception class and
message. Runs against the installed jmespath, so it pins each supported release.
"""

from __future__ import annotations

import datetime
import glob
import json
import os
import pickle
import random
from functools import lru_cache
from typing import Any

import jmespath
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jmespath.exceptions import JMESPathError

from conftest import BOTOCORE_DATA
from waitable._core.jmes import compile_tree, interpreter
from waitable._core.paths import getter

NAMES = ["a", "b", "c", "State", "Items"]


def exact(value: Any) -> Any:
    """``value`` with every type spelled out: ``1``, ``1.0`` and ``True`` differ."""
    if isinstance(value, dict):
        return ("dict", sorted((k, exact(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [exact(v) for v in value])
    return (type(value).__name__, repr(value))


def outcome(run: Any, value: Any) -> Any:
    try:
        return ("value", exact(run(value)))
    except Exception as exc:  # the exception itself is the outcome compared
        return ("raised", type(exc).__name__, str(exc))


def assert_same(expression: str, value: Any, *, epoch: bool = False) -> None:
    tree = jmespath.compile(expression).parsed
    theirs = outcome(lambda v: interpreter(epoch).visit(tree, v), value)
    ours = outcome(compile_tree(tree, epoch=epoch), value)
    assert ours == theirs, (expression, value)


# -- every expression botocore ships ---------------------------------------------------


@lru_cache(maxsize=1)
def botocore_expressions() -> tuple[str, ...]:
    if BOTOCORE_DATA is None:  # pragma: no cover
        return ()
    found: set[str] = set()
    keys = ("input_token", "output_token", "result_key", "more_results", "non_aggregate_keys")
    for path in glob.glob(os.path.join(BOTOCORE_DATA, "*", "*", "waiters-2.json")):
        with open(path, encoding="utf-8") as handle:
            for waiter in json.load(handle)["waiters"].values():
                found.update(a["argument"] for a in waiter["acceptors"] if "argument" in a)
    for path in glob.glob(os.path.join(BOTOCORE_DATA, "*", "*", "paginators-1.json")):
        with open(path, encoding="utf-8") as handle:
            for config in json.load(handle)["pagination"].values():
                for key in keys:
                    given_ = config.get(key, [])
                    found.update(given_ if isinstance(given_, list) else [given_])
    return tuple(sorted(e for e in found if isinstance(e, str)))


def names_in(tree: Any) -> list[str]:
    """The field and key names an expression reads: the values are built of them."""
    names, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if node.get("type") in ("field", "key_val_pair"):
            names.add(node["value"])
        stack.extend(c for c in node.get("children", ()) if isinstance(c, dict))
    return sorted(names)


LEAVES = [0, 1, 0.0, 1.0, 2, -1, True, False, None, "", "ACTIVE", "a", [], {}]


def shaped(rng: random.Random, names: list[str], depth: int = 0) -> Any:
    """A random JSON value whose objects use ``names``: deep enough for any path to
    reach leaves, with the odd wrong type on the way."""
    roll = rng.random()
    if depth > 5 or roll < 0.2:
        return rng.choice(LEAVES)
    if roll < 0.45:
        return [shaped(rng, names, depth + 1) for _ in range(rng.randint(0, 3))]
    return {n: shaped(rng, names, depth + 1) for n in names if rng.random() < 0.8}


def sweep(values_per_expression: int, seed: int) -> int:
    rng = random.Random(seed)
    checked = 0
    for expression in botocore_expressions():
        names = names_in(jmespath.compile(expression).parsed)
        for _ in range(values_per_expression):
            assert_same(expression, shaped(rng, names))
            checked += 1
    return checked


@pytest.mark.skipif(BOTOCORE_DATA is None, reason="botocore not installed")
def test_every_expression_botocore_ships_evaluates_as_jmespath_does() -> None:
    shipped = botocore_expressions()
    assert len(shipped) > 2000  # waiters and paginators of every service
    assert sweep(4, seed=1) == 4 * len(shipped)


@pytest.mark.slow
@pytest.mark.skipif(BOTOCORE_DATA is None, reason="botocore not installed")
def test_every_expression_botocore_ships_exhaustively() -> None:
    sweep(40, seed=2)


# -- generated expressions -------------------------------------------------------------

LITERALS = st.sampled_from(
    ["`1`", "`1.0`", "`0`", "`0.0`", "`true`", "`false`", "`null`", '`"a"`', "`[]`", "`{}`",
     "'a'", "''", "`[1, 2]`", '`{"a": 1}`', "`-1`", "`2.5`"]
)  # fmt: skip
COMPARISONS = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
FUNCTIONS = [
    "abs", "avg", "ceil", "contains", "ends_with", "floor", "join", "keys", "length",
    "max", "merge", "min", "not_null", "reverse", "sort", "starts_with", "sum",
    "to_array", "to_number", "to_string", "type", "values",
]  # fmt: skip
BY_FUNCTIONS = ["sort_by", "max_by", "min_by"]


def expressions() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(NAMES), st.just("@"), LITERALS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        index = st.integers(-3, 3).map(str)
        bound = st.one_of(st.just(""), index)
        return st.one_of(
            st.tuples(inner, st.sampled_from(NAMES)).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, index).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(inner, bound, bound, st.sampled_from(["", ":1", ":-1", ":2", ":0"])).map(
                lambda t: f"{t[0]}[{t[1]}:{t[2]}{t[3]}]"
            ),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[*].{t[1]}"),
            st.tuples(inner, st.sampled_from(["[]", "[*]", "[].a", "[].b[]"])).map("".join),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}.*.{t[1]}"),
            inner.map(lambda e: f"*.{e}"),
            st.tuples(inner, inner, inner).map(lambda t: f"{t[0]}[?{t[1]}].{t[2]}"),
            st.tuples(inner, COMPARISONS, st.one_of(inner, LITERALS)).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, st.sampled_from(["||", "&&", "|"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            inner.map(lambda e: f"!({e})"),
            st.lists(inner, min_size=1, max_size=3).map(lambda es: f"[{', '.join(es)}]"),
            st.lists(st.tuples(st.sampled_from(NAMES), inner), min_size=1, max_size=3).map(
                lambda kvs: "{" + ", ".join(f"{k}: {v}" for k, v in kvs) + "}"
            ),
            st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, min_size=0, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"
            ),
            st.tuples(st.sampled_from(BY_FUNCTIONS), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, &{t[2]})"
            ),
            st.tuples(inner, inner).map(lambda t: f"map(&{t[0]}, {t[1]})"),
        )

    return st.recursive(leaf, extend, max_leaves=8)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from([0.0, 1.0, -1.5, 2.5]),
    st.sampled_from(["", "a", "b", "ACTIVE"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(NAMES), inner, max_size=4),
    ),
    max_leaves=12,
)


def parses(expression: str) -> bool:
    """Asked in the test, not as a strategy's filter: jmespath 1.0's parser cache evicts
    with ``random``, which Hypothesis refuses inside a strategy."""
    try:
        jmespath.compile(expression)
    except JMESPathError:
        return False
    return True


GENERATED = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@GENERATED
@given(expressions(), st.lists(VALUES, min_size=1, max_size=4))
def test_generated_expressions_evaluate_as_jmespath_does(expression: str, values: Any) -> None:
    assume(parses(expression))
    for value in values:
        assert_same(expression, value)


@pytest.mark.slow
@settings(GENERATED, max_examples=600)
@given(expressions(), st.lists(VALUES, min_size=1, max_size=4))
def test_generated_expressions_exhaustively(expression: str, values: Any) -> None:
    assume(parses(expression))
    for value in values:
        assert_same(expression, value)


WHEN = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)


@settings(GENERATED, max_examples=50)
@given(
    expressions(),
    st.recursive(
        st.one_of(SCALARS, st.just(WHEN)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)
        ),
        max_leaves=8,
    ),
)
def test_epoch_paths_evaluate_as_smithys_interpreter_does(expression: str, value: Any) -> None:
    """Smithy's paths read a timestamp as its epoch seconds, at every field read."""
    assume(parses(expression))
    assert_same(expression, value, epoch=True)


# -- the cases the generators might miss, named ------------------------------------------


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("a == `1`", {"a": True}),  # 0 and 1 never equal a boolean in JMESPath
        ("a == `1.0`", {"a": 1}),
        ("a != `0`", {"a": False}),
        ("!a", {"a": 0}),
        ("!a", {"a": 0.0}),  # releases differ on this one: the interpreter decides
        ("a < b", {"a": "x", "b": 1}),  # a TypeError, as jmespath lets it through
        ("a < b", {"a": True, "b": 1}),  # not comparable: null
        ("a[::0]", {"a": [1]}),  # a zero step: ValueError
        ("length(a)", {"a": 5}),  # a JMESPathTypeError naming the function
        ("sort_by(a, &b)", {"a": [{"b": 2}, {"b": "x"}]}),
        ("max_by(a, &b)", {"a": [{"b": 2}, {"b": 3}]}),
        ("map(&b, a)", {"a": [{"b": 1}, 7, None]}),
        ("avg(a)", {"a": [1, 2]}),  # 1.5, and 1.0 from [1, 1]: the release decides
        ("{x: a, y: b}", None),
        ("[a, b]", None),
        ("a[?b].c", {"a": [{"b": 0, "c": 1}, {"b": "", "c": 2}, {"b": [], "c": 3}]}),
        ("*.a", {"x": {"a": 1}, "y": [], "z": {"a": None}}),
        ("a[].b[]", {"a": [{"b": [1, [2]]}, {"b": 3}, 4]}),
        ("a.b || c", {"a": {"b": {}}, "c": 2}),
        ("a && b", {"a": [0], "b": 2}),
        ("`[1]` | [0]", None),
    ],
)
def test_named_edge_cases(expression: str, value: Any) -> None:
    assert_same(expression, value)


def test_a_node_type_it_does_not_know_is_evaluated_by_jmespaths_interpreter() -> None:
    class Interpreter(type(interpreter(False))):  # type: ignore[misc]
        def visit_double(self, node: Any, value: Any) -> Any:
            return 2 * self.visit(node["children"][0], value)

    tree = {
        "type": "subexpression",
        "children": [
            {"type": "field", "value": "a", "children": []},
            {"type": "double", "children": [{"type": "field", "value": "b", "children": []}]},
        ],
    }
    from waitable._core.jmes import _Compiler

    assert _Compiler(Interpreter(), False).node(tree)({"a": {"b": 21}}) == 42
    with pytest.raises(NotImplementedError, match="double"):
        compile_tree(tree)({"a": {"b": 21}})


def test_compiled_paths_are_shared_per_expression() -> None:
    """Loading compiles the same few paths in hundreds of files: once each."""
    assert getter("Items[].State") is getter("Items[].State")
    assert getter("Items[].State", epoch=True) is not getter("Items[].State")
    assert getter("Items[].State")({"Items": [{"State": 1}, {}]}) == [1]
    for text in ("Items[].State", "Table.Status"):  # unpickled: the shared one again
        assert pickle.loads(pickle.dumps(getter(text, epoch=True))) is getter(text, epoch=True)


def test_a_path_is_checked_when_made_and_compiled_at_its_first_use() -> None:
    """Loading parses each path (a bad one fails the load), as botocore does; the
    closures are built when the path first runs, once, and a loop that keeps the bare
    function gets the compiled one."""
    import jmespath.exceptions

    from waitable._core import paths

    with pytest.raises(jmespath.exceptions.ParseError):
        getter("Lazy[?.x")
    path = getter("Lazy[?State == `1`].Name")
    assert path.evaluate == path._first_use  # type: ignore[attr-defined]
    value = {"Lazy": [{"State": 1, "Name": "a"}, {"State": 2, "Name": "b"}]}
    assert path(value) == ["a"]
    compiled = path.evaluate
    assert compiled != path._first_use  # type: ignore[attr-defined]
    assert path.function() is compiled
    assert path(value) == ["a"]
    fresh = paths._Search("Fresh[].Name", False)
    bare = fresh.function()  # what a wait's checks and a page iterator keep
    assert fresh.evaluate is bare
    assert bare({"Fresh": [{"Name": "x"}]}) == ["x"]
    assert getter("Plain.Name").function() is getter("Plain.Name").evaluate

"""Hostile paginator input: overlapping keys, pages of the wrong shape, tokens that are
cyclic, deep or NaN, resume tokens that nest too deep or cut a negative amount, and
JMESPath nested past the recursion limit. Only waitable's own errors come out."""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import waitable
from conftest import Cli
from waitable import ConfigError, DefinitionError, PaginationError, WaitableError
from waitable._core.paths import jmespath_problem
from waitable._model import load_document

SINGLE = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Things"}


def _listing(
    pages: list[Any], doc: dict[str, Any] = SINGLE, *, build: bool = False, **config: Any
) -> Any:
    """Every page of a listing whose operation answers ``pages`` in turn (``build``: the
    full result)."""
    answers = iter(pages)

    def operation(**params: Any) -> Any:
        return next(answers, {})

    model = waitable.load({"pagination": {"ListThings": doc}})
    paginator = model.get_paginator("ListThings", {"ListThings": operation})
    listing = paginator.paginate(**({"PaginationConfig": config} if config else {}))
    return listing.build_full_result() if build else list(listing)


@pytest.mark.parametrize(
    ("result_key", "kept", "keys"),
    [
        (["Things", "Things.Name"], [], "'Things' and 'Things.Name'"),
        (["Things"], ["Things"], "'Things' and 'Things'"),
        (["Page"], ["Page.Next"], "'Page' and 'Page.Next'"),
        (["Count"], ["Owner", "Owner.Name"], "'Owner' and 'Owner.Name'"),
    ],
)
def test_overlapping_result_and_non_aggregate_keys_are_refused_at_load(
    result_key: list[str], kept: list[str], keys: str
) -> None:
    doc = {**SINGLE, "result_key": result_key, "non_aggregate_keys": kept}
    with pytest.raises(DefinitionError) as caught:
        load_document({"pagination": {"ListThings": doc}}, "p.json")
    [problem] = caught.value.problems
    assert problem.startswith("p.json: paginator 'ListThings': ")
    assert keys in problem


def test_keys_side_by_side_are_fine() -> None:
    doc = {**SINGLE, "result_key": ["Page.Items", "Page.Count"], "non_aggregate_keys": ["Pages"]}
    waitable.load({"pagination": {"ListThings": doc}})
    # a non-aggregate key holding result keys, as devops-guru's GetResourceCollection
    doc = {**SINGLE, "result_key": ["Page.Items"], "non_aggregate_keys": ["Page"]}
    waitable.load({"pagination": {"ListThings": doc}})


def test_a_count_where_the_list_should_be_is_a_pagination_error() -> None:
    with pytest.raises(PaginationError, match=r"result key 'Things' holds integer 5, not a list"):
        _listing([{"Things": 5, "NextToken": "a"}], MaxItems=3)
    with pytest.raises(PaginationError, match=r"result key 'Things' holds object"):
        _listing([{"Things": {"a": 1}}])


def test_a_cyclic_or_too_deep_token_is_a_pagination_error() -> None:
    cyclic: dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(PaginationError, match="next token"):
        _listing([{"Things": [], "NextToken": cyclic}] * 3)
    deep: Any = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(PaginationError, match="next token"):
        _listing([{"Things": [], "NextToken": deep}] * 3)
    with pytest.raises(PaginationError, match="resume"):  # MaxItems: the resume token
        _listing([{"Things": [1], "NextToken": cyclic}], MaxItems=1)


def test_a_repeated_nan_token_stops_as_any_repeated_token_does() -> None:
    pages = [{"Things": [1], "NextToken": float("nan")} for _ in range(5)]
    with pytest.raises(PaginationError, match="same next token twice"):
        _listing(pages)


def _resume(data: Any) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


def test_a_resume_token_too_deep_or_cutting_a_negative_amount_is_refused() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    too_deep = base64.b64encode(('{"NextToken": ' + deep + "}").encode()).decode()
    with pytest.raises(ConfigError, match=r"StartingToken .*nested too deeply"):
        _listing([], StartingToken=too_deep)
    negative = _resume({"NextToken": "a", "boto_truncate_amount": -2})
    with pytest.raises(ConfigError, match="boto_truncate_amount must be a whole number >= 0"):
        _listing([], StartingToken=negative)
    with pytest.raises(ConfigError, match="items already seen must be >= 0"):
        _listing([], StartingToken="a___-2")


DEEP_PATHS = ["(" * 3000 + "a" + ")" * 3000, "!" * 5000 + "a"]


@pytest.mark.parametrize("expression", DEEP_PATHS)
def test_jmespath_nested_past_the_recursion_limit_is_a_definition_error(expression: str) -> None:
    waiter = {
        "version": 2,
        "waiters": {
            "W": {
                "operation": "Op",
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [
                    {"matcher": "path", "argument": expression, "expected": 1, "state": "success"}
                ],
            }
        },
    }
    with pytest.raises(DefinitionError, match=r"waiter 'W', acceptor 0: argument .*too deeply"):
        waitable.load(waiter)
    paginator = {"pagination": {"P": {**SINGLE, "output_token": expression}}}
    with pytest.raises(DefinitionError, match=r"paginator 'P': output_token .*too deeply"):
        waitable.load(paginator)


def test_the_command_says_deep_jmespath_in_one_line(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"pagination": {"P": {**SINGLE, "more_results": DEEP_PATHS[1]}}}))
    done = cli("validate", str(path))
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{path}: paginator 'P': more_results ")


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)
PAGE = st.fixed_dictionaries(
    {},
    optional={"Things": JSON, "NextToken": JSON, "More": JSON, "Count": JSON, "Owner": JSON},
)
DOCS = st.sampled_from(
    [
        SINGLE,
        {**SINGLE, "result_key": ["Things", "Count"], "more_results": "More"},
        {**SINGLE, "non_aggregate_keys": ["Owner.Name"], "output_token": "NextToken.a || Owner"},
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    DOCS,
    st.lists(PAGE, max_size=6),
    st.one_of(st.none(), st.integers(1, 5)),
    st.one_of(st.none(), st.text(max_size=30), JSON.map(_resume)),
)
def test_any_pages_and_tokens_give_pages_or_waitable_s_own_errors(
    doc: dict[str, Any], pages: list[Any], max_items: int | None, token: str | None
) -> None:
    """Pages of any JSON, any MaxItems and StartingToken: pages, or a WaitableError."""
    config: dict[str, Any] = {}
    if max_items is not None:
        config["MaxItems"] = max_items
    if token is not None:
        config["StartingToken"] = token
    for build in (False, True):
        with contextlib.suppress(WaitableError):
            _listing(pages, doc, build=build, **config)


WRAPS = st.sampled_from(
    [("(", ")"), ("!", ""), ("[", "]"), ("{a: ", "}"), ("a[?", "]"), ("", "[0]")]
)


@settings(max_examples=60, deadline=None)
@given(WRAPS, st.integers(0, 4000))
def test_nested_jmespath_loads_or_is_a_definition_error(wrap: tuple[str, str], depth: int) -> None:
    """However deep: a model (which then reads a page), or a DefinitionError."""
    start, end = wrap
    expression = start * depth + "b" + end * depth
    doc = {**SINGLE, "output_token": expression}
    problem = jmespath_problem(expression)
    if not problem:  # it loads, and reads pages without running out of stack
        with contextlib.suppress(PaginationError):  # ``!b`` is true on every page
            _listing([{"Things": [1], "NextToken": None}], doc)
        return
    with pytest.raises(DefinitionError) as caught:
        waitable.load({"pagination": {"ListThings": doc}})
    assert caught.value.problems == (
        f"<dict>: paginator 'ListThings': output_token {expression!r} is not valid JMESPath: "
        f"{problem}",
    )

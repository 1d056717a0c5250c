"""``StartingToken``: a resume token, or (as botocore takes it) a service's own next token,
``NextToken`` from an earlier response; botocore's older ``TOKEN___SKIP`` form too. The
pages and calls are compared with botocore's paginator on the same operation."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import waitable
from waitable import ConfigError

SINGLE = {"input_token": "NextToken", "output_token": "NextToken", "result_key": "Things"}
DOUBLE = {
    "input_token": ["Marker", "Sub"],
    "output_token": ["NextMarker", "NextSub"],
    "result_key": "Things",
}


class Pages:
    """Pages by token: none -> a -> b; an unknown token gets an empty last page."""

    def __init__(self, inputs: list[str], outputs: list[str]) -> None:
        self.inputs, self.outputs = inputs, outputs
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls.append(copy.deepcopy(params))
        at = params.get(self.inputs[0])
        following = {None: "a", "a": "b"}
        page: dict[str, Any] = {
            "Things": [f"{at}{j}" for j in range(3)] if at in (None, "a", "b") else []
        }
        if at in following:
            for name in self.outputs:
                page[name] = following[at]
        return page


def _config(doc: dict[str, Any]) -> tuple[list[str], list[str]]:
    as_list = lambda v: v if isinstance(v, list) else [v]  # noqa: E731
    return as_list(doc["input_token"]), as_list(doc["output_token"])


def ours(doc: dict[str, Any], token: str) -> tuple[list[Any], list[dict[str, Any]]]:
    service = Pages(*_config(doc))
    model = waitable.load({"pagination": {"ListThings": doc}})
    pages = model.get_paginator("ListThings", {"ListThings": service})
    listed = list(pages.paginate(PaginationConfig={"StartingToken": token}))
    return listed, service.calls


def botocores(doc: dict[str, Any], token: str) -> tuple[list[Any], list[dict[str, Any]]]:
    paginate = pytest.importorskip("botocore.paginate")
    service = Pages(*_config(doc))
    iterator = paginate.Paginator(service, doc, None).paginate(
        PaginationConfig={"StartingToken": token}
    )
    return list(iterator), service.calls


@pytest.mark.parametrize(
    ("doc", "token"),
    [
        (SINGLE, "a"),  # the service's NextToken from an earlier response
        (SINGLE, "b"),
        (SINGLE, "a___2"),  # botocore's old form: the token, then items already seen
        (SINGLE, "a___x"),  # not a count: the whole string is the service's token
        (SINGLE, "None"),  # as botocore: no token, the listing starts over
        (SINGLE, "zzzz"),  # base64 of something that is not JSON: a service token
        (DOUBLE, "a"),  # fewer parts than tokens: the rest are None
        (DOUBLE, "a___a___1"),
    ],
)
def test_a_service_token_starts_where_botocore_starts(doc: dict[str, Any], token: str) -> None:
    assert ours(doc, token) == botocores(doc, token)


def test_a_token_of_too_many_parts_names_the_input_parameters() -> None:
    with pytest.raises(
        ConfigError, match=r"'a___b___c___d' is neither a resume token nor.*\(Marker, Sub\)"
    ):
        ours(DOUBLE, "a___b___c___d")
    with pytest.raises(ValueError, match="Bad starting token"):
        botocores(DOUBLE, "a___b___c___d")  # botocore refuses it too

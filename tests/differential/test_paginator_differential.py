"""Every paginator botocore ships, through botocore and through waitable, on the same
synthetic pages: the same pages, calls, full results and resume tokens; and a token made
by either library resumes the other exactly.

Pages are made to fit each paginator: its result keys hold items (counts for keys
named ``...Count``), its output tokens chain the pages, ``more_results`` is true until
the last page, and non-aggregate keys change per page (only the first page's count).
"""

from __future__ import annotations

import copy
from typing import Any

import botocore.paginate
import botocore.session
import pytest

from waitable._paginators.definitions import set_path
from waitable._paginators.format import compile_paginators
from waitable._paginators.paginator import Paginator

# every paginator of every service botocore ships: about half a minute on two cores
pytestmark = pytest.mark.slow

SESSION = botocore.session.get_session()
LOADER = SESSION.get_component("data_loader")
SERVICES = LOADER.list_available_services("paginators-1")
PAGES, PER_PAGE = 3, 4


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


def make_pages(config: dict[str, Any]) -> list[dict[str, Any]]:
    results = _as_list(config["result_key"])
    outputs = _as_list(config["output_token"])
    pages = []
    for i in range(PAGES):
        page: dict[str, Any] = {}
        for key in results:
            if key.endswith("Count"):
                set_path(page, key, PER_PAGE + i)
            else:
                items = [
                    {"Key": f"{key}-{i}-{j}", "JobId": f"j{i}{j}", "ShardId": f"s{i}{j}"}
                    for j in range(PER_PAGE)
                ]
                set_path(page, key, items)
        for key in config.get("non_aggregate_keys", []):
            set_path(page, key, f"{key}-{i}")
        last = i == PAGES - 1
        if "more_results" in config:
            set_path(page, config["more_results"], not last)
        for n, expression in enumerate(outputs):
            simple = expression.split(" || ")[0]
            if all(part.isidentifier() for part in simple.split(".")) and not last:
                set_path(page, simple, f"t{n}-{i + 1}")
        page["ResponseMetadata"] = {"HTTPStatusCode": 200}
        pages.append(page)
    return pages


class Service:
    """Answers from the pages: the input tokens of a call pick the page."""

    def __init__(self, pages: list[dict[str, Any]], config: dict[str, Any]) -> None:
        self.pages = pages
        self.inputs = _as_list(config["input_token"])
        self.outputs = _as_list(config["output_token"])
        self.calls: list[dict[str, Any]] = []
        self.index = {}
        for i, page in enumerate(pages[:-1]):
            key = self._key_of_next(page)
            self.index[key] = i + 1

    def _key_of_next(self, page: dict[str, Any]) -> tuple[Any, ...]:
        import jmespath

        return tuple(jmespath.search(expression, page) or None for expression in self.outputs)

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls.append(copy.deepcopy(params))
        key = tuple(params.get(name) for name in self.inputs)
        index = 0 if all(k is None for k in key) else self.index.get(key, PAGES - 1)
        return copy.deepcopy(self.pages[index])


def paginate(which: str, service: str, name: str, config: dict[str, Any], **options: Any) -> Any:
    """A fresh service, and a listing of it by ``which`` library."""
    stub = Service(make_pages(config), config)
    operation = SESSION.get_service_model(service).operation_model(name)
    params = {"PaginationConfig": options} if options else {}
    if which == "botocore":
        return stub, botocore.paginate.Paginator(stub, config, operation).paginate(**params)
    definition = compile_paginators({"pagination": {name: config}}, "<test>")[name]
    limit = config.get("limit_key")
    is_string = bool(limit) and operation.input_shape.members[limit].type_name == "string"
    return stub, Paginator(definition, stub, limit_is_string=is_string).paginate(**params)


def run(which: str, service: str, name: str, config: dict[str, Any], **options: Any) -> Any:
    stub, iterator = paginate(which, service, name, config, **options)
    listed = list(iterator)
    return listed, stub.calls, iterator.resume_token, iterator.non_aggregate_part


def full(which: str, service: str, name: str, config: dict[str, Any], **options: Any) -> Any:
    stub, iterator = paginate(which, service, name, config, **options)
    return iterator.build_full_result(), stub.calls


@pytest.mark.parametrize("service", SERVICES)
def test_every_paginator_matches_botocore(service: str) -> None:
    document = LOADER.load_service_model(service, "paginators-1")
    compile_paginators(document, service)  # every shipped file loads
    for name, config in document["pagination"].items():
        limit = {"PageSize": 2} if "limit_key" in config else {}
        cases: list[dict[str, Any]] = [
            {},
            {"MaxItems": PER_PAGE + 1, **limit},  # cuts the second page
            {"MaxItems": PER_PAGE},  # ends on a page boundary
            {"MaxItems": 1},
        ]
        for options in cases:
            ours = run("waitable", service, name, config, **options)
            theirs = run("botocore", service, name, config, **options)
            assert ours == theirs, (name, options)
            assert full("waitable", service, name, config, **options) == full(
                "botocore", service, name, config, **options
            ), (name, options)
            token = theirs[2]
            if token is not None:  # resume botocore's listing with waitable, and back
                again = {"StartingToken": token, "MaxItems": PER_PAGE + 2}
                assert run("waitable", service, name, config, **again) == run(
                    "botocore", service, name, config, **again
                ), (name, "resume")

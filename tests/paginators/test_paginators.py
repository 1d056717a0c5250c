"""Paginators: loading and its messages, iterators that are iterators, items, search,
full results, resume tokens, bad PaginationConfig, repeated tokens, async."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import pytest

import waitable
from waitable import ConfigError, DefinitionError
from waitable._errors import PaginationError
from waitable._paginators.definitions import render_schema
from waitable._paginators.listing import decode, encode

DOC = {
    "pagination": {
        "ListThings": {
            "input_token": "NextToken",
            "output_token": "NextToken",
            "limit_key": "MaxResults",
            "result_key": ["Things", "Count"],
            "non_aggregate_keys": ["Owner.Name"],
        }
    }
}


class Things:
    """Three pages of three things; the token names the next page."""

    def __init__(self, pages: int = 3, loop: bool = False) -> None:
        self.pages = pages
        self.loop = loop
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        index = int(params.get("NextToken", "0"))
        page: dict[str, Any] = {
            "Things": [f"t{index}{j}" for j in range(3)],
            "Count": 3,
            "Owner": {"Name": f"owner{index}"},
        }
        if self.loop:
            page["NextToken"] = str(1 - index)  # 0 -> 1 -> 0 -> ... forever
        elif index + 1 < self.pages:
            page["NextToken"] = str(index + 1)
        return page


def paginator(service: Things | None = None) -> Any:
    return waitable.load(DOC).get_paginator("list_things", {"ListThings": service or Things()})


def test_load_recognises_paginator_files_and_names_in_either_spelling() -> None:
    model = waitable.load(DOC)
    assert isinstance(model, waitable.Model)
    assert model.paginator_names == ["ListThings"]
    assert model.waiter_names == []
    assert model.paginator("list_things") is model.paginator("ListThings")
    with pytest.raises(waitable.UnknownPaginatorError, match="did you mean 'ListThings'"):
        model.paginator("ListThing")


def test_every_problem_is_named_with_file_paginator_and_field() -> None:
    bad = {
        "pagination": {
            "A": {"input_token": ["X", "Y"], "output_token": "X", "result_key": "R"},
            "B": {"input_token": "X", "output_token": "X.[", "result_key": "R[0]"},
            "C": {"input_token": "X", "output_token": "X", "result_key": "R", "limit_kye": "L"},
            "D": {"input_token": "X", "output_token": "X"},
        }
    }
    with pytest.raises(DefinitionError) as caught:
        waitable.load(bad)
    problems = caught.value.problems
    assert problems[0] == (
        "<dict>: paginator 'A': input_token has 2 name(s) but output_token 1; they pair up in order"
    )
    assert any("paginator 'B': output_token 'X.[' is not valid JMESPath" in p for p in problems)
    assert any(
        "paginator 'B': result_key 'R[0]' must be a dotted path of names" in p for p in problems
    )
    assert any(
        "paginator 'C': unknown field 'limit_kye'; did you mean 'limit_key'?" in p for p in problems
    )
    assert any("paginator 'D': missing required field 'result_key'" in p for p in problems)


def test_one_paginator_compiles_alone_with_its_own_problems() -> None:
    from waitable._paginators.format import compile_paginator, compile_paginators

    data = DOC["pagination"]["ListThings"]
    whole = compile_paginators(DOC, "<f>")
    assert compile_paginator("ListThings", data, "<f>") == whole["ListThings"]
    with pytest.raises(DefinitionError) as caught:
        compile_paginator("ListThings", {**data, "limit_kye": "L"}, "<f>")
    assert caught.value.problems == (
        "<f>: paginator 'ListThings': unknown field 'limit_kye'; did you mean 'limit_key'?; "
        "expected input_token, output_token, result_key, limit_key, more_results, "
        "non_aggregate_keys",
    )


def test_the_shipped_schema_is_generated_from_the_tables_and_agrees() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    path = os.path.join(os.path.dirname(waitable.__file__), "schemas", "paginators-1.schema.json")
    with open(path, encoding="utf-8") as handle:
        shipped = handle.read()
    assert shipped == render_schema(), (
        "regenerate: python -c 'from waitable._paginators.definitions import render_schema as r; "
        'print(r(), end="")\' > src/waitable/schemas/paginators-1.schema.json'
    )
    validator = jsonschema.Draft202012Validator(json.loads(shipped))
    assert validator.is_valid(DOC)
    for broken in (
        {"pagination": {"A": {"input_token": "X", "output_token": "X"}}},
        {"pagination": {"A": {**DOC["pagination"]["ListThings"], "typo": 1}}},
        {"pagination": {"A": {**DOC["pagination"]["ListThings"], "result_key": "R[0]"}}},
    ):
        assert not validator.is_valid(broken)
        with pytest.raises(DefinitionError):
            waitable.load(broken)


def test_a_page_iterator_is_an_iterator_and_one_pass_is_one_listing() -> None:
    service = Things()
    pages = paginator(service).paginate(Filter="x")
    first = next(pages)
    assert first["Things"] == ["t00", "t01", "t02"]
    assert [page["Owner"]["Name"] for page in pages] == ["owner1", "owner2"]
    assert list(pages) == []  # exhausted, like a file or generator: no silent resume
    assert service.calls == [
        {"Filter": "x"},
        {"Filter": "x", "NextToken": "1"},
        {"Filter": "x", "NextToken": "2"},
    ]


def test_items_search_and_the_full_result() -> None:
    assert list(paginator().paginate().items()) == [f"t{i}{j}" for i in range(3) for j in range(3)]
    assert list(paginator().paginate().items("Count")) == [3, 3, 3]  # a count per page
    assert list(paginator().paginate().search("Owner.Name")) == ["owner0", "owner1", "owner2"]
    assert list(paginator().paginate().search("Things[0]")) == ["t00", "t10", "t20"]
    full = paginator().paginate().build_full_result()
    assert full == {
        "Things": [f"t{i}{j}" for i in range(3) for j in range(3)],
        "Count": 9,
        "Owner": {"Name": "owner0"},
    }
    with pytest.raises(ValueError, match="'Nope' is not a result key"):
        next(paginator().paginate().items("Nope"))


def test_max_items_cuts_mid_page_and_the_resume_token_goes_on_exactly_there() -> None:
    pages = paginator().paginate(PaginationConfig={"MaxItems": 4, "PageSize": 3})
    assert [p["Things"] for p in pages] == [["t00", "t01", "t02"], ["t10"]]
    token = pages.resume_token
    assert decode(token, "test") == {"NextToken": "1", "boto_truncate_amount": 1}
    rest = paginator().paginate(PaginationConfig={"StartingToken": token})
    assert list(rest.items()) == ["t11", "t12", "t20", "t21", "t22"]
    full = paginator().paginate(PaginationConfig={"MaxItems": 4}).build_full_result()
    assert full["NextToken"] == token


def test_tokens_are_encoded_as_botocore_encodes_them() -> None:
    encoder = pytest.importorskip("botocore.paginate")
    for token in ({"NextToken": "a"}, {"A": None, "B": 3}, {"Key": b"\x00\xff", "L": [b"x"]}):
        assert encode(token) == encoder.TokenEncoder().encode(token)
        assert decode(encode(token), "test") == encoder.TokenDecoder().decode(encode(token))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"MaxItem": 3}, r"unknown PaginationConfig key 'MaxItem'; did you mean 'MaxItems'\?"),
        ({"MaxItems": "3"}, r"MaxItems must be an integer >= 1, got '3'"),
        ({"PageSize": 0}, r"PageSize must be an integer >= 1, got 0"),
        ({"StartingToken": 5}, r"StartingToken must be a string, not int"),
        (
            {"StartingToken": "a___b___c"},
            r"StartingToken 'a___b___c' is neither a resume token nor .*\(NextToken\)",
        ),
        ([("MaxItems", 3)], r"PaginationConfig must be a dict, not list"),
    ],
)
def test_bad_pagination_config_is_a_clear_error_before_any_call(config: Any, message: str) -> None:
    service = Things()
    with pytest.raises(ConfigError, match=message):
        paginator(service).paginate(PaginationConfig=config)
    assert service.calls == []


def test_page_size_needs_a_limit_key() -> None:
    doc = {
        "pagination": {
            "ListThings": {
                "input_token": "NextToken",
                "output_token": "NextToken",
                "result_key": "Things",
            }
        }
    }
    with pytest.raises(ConfigError, match="PageSize is not supported"):
        waitable.load(doc).get_paginator("ListThings", {"ListThings": Things()}).paginate(
            PaginationConfig={"PageSize": 2}
        )


def test_a_token_seen_before_stops_the_listing_instead_of_looping() -> None:
    service = Things(loop=True)
    with pytest.raises(PaginationError, match="returned the same next token twice"):
        list(paginator(service).paginate())
    assert len(service.calls) == 3  # 0 -> 1 -> 0: the token "1" came back


def test_async_pages_items_and_full_result_match_the_sync_ones() -> None:
    service = Things()

    async def list_things(**params: Any) -> dict[str, Any]:
        await asyncio.sleep(0)
        return service(**params)

    model = waitable.load(DOC)
    with pytest.raises(TypeError, match="get_async_paginator"):
        model.get_paginator("ListThings", {"ListThings": list_things})
    pager = model.get_async_paginator("ListThings", {"ListThings": list_things})

    async def main() -> tuple[Any, ...]:
        pages = [page async for page in pager.paginate()]
        items = [item async for item in pager.paginate(PaginationConfig={"MaxItems": 4}).items()]
        found = [x async for x in pager.paginate().search("Owner.Name")]
        full = await pager.paginate().build_full_result()
        return pages, items, found, full

    pages, items, found, full = asyncio.run(main())
    assert pages == list(paginator().paginate())
    assert items == ["t00", "t01", "t02", "t10"]
    assert found == ["owner0", "owner1", "owner2"]
    assert full == paginator().paginate().build_full_result()


def test_a_sync_paginator_on_a_coroutine_result_says_what_to_use() -> None:
    async def page(**params: Any) -> dict[str, Any]:
        return {}

    pager = waitable.load(DOC).get_paginator("ListThings", {"ListThings": lambda **p: page()})
    with pytest.raises(TypeError, match="use get_async_paginator"):
        next(pager.paginate())


def test_for_client_offers_paginator_files_from_sources_and_the_search_path(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "things.json").write_text(json.dumps(DOC))
    monkeypatch.setenv("WAITABLE_PATH", str(tmp_path))
    client = {"ListThings": Things()}
    from_path = waitable.for_client(client, service="things")
    assert from_path.paginator_names == ["ListThings"]
    assert len(list(from_path.get_paginator("list_things").paginate().items())) == 9
    renamed = {
        "pagination": {"ListThings": {**DOC["pagination"]["ListThings"], "limit_key": "Limit"}}
    }
    with pytest.warns(UserWarning, match="paginator 'ListThings' of <dict> overrides the one of"):
        both = waitable.for_client(client, renamed, service="things")
    assert both.paginator("ListThings").limit_key == "Limit"


@pytest.mark.parametrize("key", ["0", "a.1", "Items\n", "a..b"])
def test_a_result_key_that_is_no_dotted_path_of_names_is_a_definition_error(key: str) -> None:
    """Found by hostile input (issue 17): "0" and "a.1" leaked jmespath's ParseError at
    load, and "Items\\n" was accepted."""
    document = {
        "pagination": {"ListThings": {"input_token": "T", "output_token": "T", "result_key": key}}
    }
    with pytest.raises(waitable.DefinitionError, match="must be a dotted path of names"):
        waitable.load(document)


def test_a_service_token_that_is_base64_json_is_passed_on_as_it_is() -> None:
    # many AWS NextTokens are base64 JSON ("eyJ..."): one given as StartingToken is the
    # service's, not a resume token made for another listing (review)
    calls: list[dict[str, Any]] = []

    def list_things(**params: Any) -> dict[str, Any]:
        calls.append(params)
        return {"Things": ["t"], "Count": 1}

    token = encode({"offset": 5, "shard": "a"})
    pager = waitable.load(DOC).get_paginator("list_things", {"ListThings": list_things})
    assert list(pager.paginate(PaginationConfig={"StartingToken": token}).items()) == ["t"]
    assert calls == [{"NextToken": token}]


def _scripted(pages: list[dict[str, Any]]) -> tuple[Any, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def list_things(**params: Any) -> dict[str, Any]:
        calls.append(dict(params))
        return pages[min(len(calls), len(pages)) - 1]

    doc = {"pagination": {"ListThings": {**DOC["pagination"]["ListThings"]}}}
    return waitable.load(doc).get_paginator("ListThings", {"ListThings": list_things}), calls


def test_one_token_listings_pass_tokens_on_as_botocore_does() -> None:
    """The one-token case is read in one step per page: a token "None" is no token (the
    next call goes without one), a token of another type is compared as JSON."""
    pages, calls = _scripted([{"Things": [1], "NextToken": "None"}, {"Things": [2]}])
    assert [p["Things"] for p in pages.paginate(NextToken="x")] == [[1], [2]]
    assert calls == [{"NextToken": "x"}, {}]
    pages, calls = _scripted([{"Things": [1], "NextToken": 7}, {"Things": [2], "NextToken": 8}] * 2)
    with pytest.raises(PaginationError, match="same next token twice"):
        list(pages.paginate())
    assert calls == [{}, {"NextToken": 7}, {"NextToken": 8}]


def _tokens(sequence: list[str]) -> tuple[Any, dict[str, int]]:
    """A paginator whose call ``n`` answers with ``sequence[n]`` as its next token."""
    calls = {"n": 0}

    def list_things(**params: Any) -> dict[str, Any]:
        calls["n"] += 1
        return {"Things": [calls["n"]], "NextToken": sequence[calls["n"] - 1]}

    doc = {"pagination": {"ListThings": {**DOC["pagination"]["ListThings"]}}}
    return waitable.load(doc).get_paginator("ListThings", {"ListThings": list_things}), calls


@pytest.mark.parametrize(("before", "cycle"), [(0, 1), (0, 2), (5, 3), (7, 13), (40, 64), (3, 200)])
def test_a_cycle_of_tokens_of_any_length_stops_the_listing(before: int, cycle: int) -> None:
    # botocore stops only on the same token twice in a row (a cycle of 1, at once); a
    # longer cycle is found within a few turns of it, with no record of every token
    prefix = [f"p{i}" for i in range(before)]
    loop = [f"c{i}" for i in range(cycle)]
    pages, calls = _tokens(prefix + loop * 10)
    with pytest.raises(PaginationError, match="same next token twice"):
        list(pages.paginate())
    first_repeat = before + cycle + 1  # the call whose answer repeats a token
    assert first_repeat <= calls["n"] <= first_repeat + 2 * max(before, cycle)
    if cycle == 1:
        assert calls["n"] == first_repeat  # as botocore: at once


def test_a_long_listing_keeps_no_record_of_its_tokens() -> None:
    # the repeated-token check once kept every token: memory grew with the pages
    import tracemalloc

    def retained(count: int) -> int:
        tokens = [f"{i:08d}" + "x" * 1000 for i in range(count)] + [""]
        pages, _ = _tokens(tokens)
        iterator = pages.paginate()
        tracemalloc.start()
        try:
            for _ in range(count):  # stops before the last page: the listing is alive
                next(iterator)
            return tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()

    assert retained(3000) - retained(300) < 20_000  # 2.7 MB were 2,700 tokens kept

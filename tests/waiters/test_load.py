"""Loading: sources, every validation message, the shipped JSON Schema agreeing with it."""

from __future__ import annotations

import copy
import glob
import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

import waitable
from conftest import BOTOCORE_DATA, waiter_doc
from waitable import DefinitionError
from waitable._waiters.botocore_format import compile_waiter, compile_waiters
from waitable._waiters.spec import render_schema

jsonschema = pytest.importorskip("jsonschema")

GOOD_ACCEPTOR = {"matcher": "path", "argument": "A.B", "expected": "X", "state": "success"}


def good() -> dict[str, Any]:
    return copy.deepcopy(_GOOD)


_GOOD = waiter_doc(
    GOOD_ACCEPTOR,
    {"matcher": "pathAll", "argument": "L[].S", "expected": True, "state": "failure"},
    {"matcher": "pathAny", "argument": "L[].S", "expected": None, "state": "retry"},
    {"matcher": "error", "expected": "NotFound", "state": "retry"},
    {"matcher": "error", "expected": False, "state": "success"},
    {"matcher": "status", "expected": 404, "state": "failure"},
)


def mutate(path: str, value: Any = ..., *, delete: bool = False) -> dict[str, Any]:
    """The good document with the value at ``a/b/0/c`` replaced (or deleted)."""
    doc = good()
    parts = path.split("/")
    node: Any = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last: Any = int(parts[-1]) if isinstance(node, list) else parts[-1]
    if delete:
        del node[last]
    else:
        node[last] = value
    return doc


W = "waiters/Ready"
A0 = "waiters/Ready/acceptors/0"

# (document, the message expected for it, exactly; "<dict>" is the source name)
BAD: list[tuple[str, Any, str]] = [
    (
        "version 1",
        mutate("version", 1),
        "<dict>: unsupported version 1; waitable reads version "
        "2 (botocore's waiters-2.json format)",
    ),
    (
        "version string",
        mutate("version", "2"),
        "<dict>: 'version' must be an integer, not string ('2')",
    ),
    ("no version", mutate("version", delete=True), "<dict>: missing required field 'version'"),
    ("no waiters", mutate("waiters", delete=True), "<dict>: missing required field 'waiters'"),
    (
        "unknown top key",
        mutate("Waiters", {}),
        "<dict>: unknown field 'Waiters'; did you mean 'waiters'?; expected $schema, version, "
        "waiters",
    ),
    ("waiter not object", mutate(W, 3), "<dict>: waiter 'Ready': must be an object, not integer"),
    (
        "missing operation",
        mutate(f"{W}/operation", delete=True),
        "<dict>: waiter 'Ready': missing required field 'operation'",
    ),
    (
        "empty operation",
        mutate(f"{W}/operation", ""),
        "<dict>: waiter 'Ready': 'operation' must not be empty",
    ),
    (
        "delay bool",
        mutate(f"{W}/delay", True),
        "<dict>: waiter 'Ready': 'delay' must be a number, not boolean (True)",
    ),
    (
        "delay string",
        mutate(f"{W}/delay", "5"),
        "<dict>: waiter 'Ready': 'delay' must be a number, not string ('5')",
    ),
    (
        "negative delay",
        mutate(f"{W}/delay", -1),
        "<dict>: waiter 'Ready': 'delay' must be >= 0, got -1",
    ),
    (
        "maxAttempts 0",
        mutate(f"{W}/maxAttempts", 0),
        "<dict>: waiter 'Ready': 'maxAttempts' must be >= 1, got 0",
    ),
    (
        "maxAttempts float",
        mutate(f"{W}/maxAttempts", 2.5),
        "<dict>: waiter 'Ready': 'maxAttempts' must be an integer, not number (2.5)",
    ),
    (
        "typo key",
        mutate(f"{W}/dealy", 5),
        "<dict>: waiter 'Ready': unknown field 'dealy'; did you mean 'delay'?; expected operation, "
        "delay, maxAttempts, description, acceptors",
    ),
    (
        "no acceptors",
        mutate(f"{W}/acceptors", []),
        "<dict>: waiter 'Ready': 'acceptors' must have at least 1 item(s)",
    ),
    (
        "acceptors object",
        mutate(f"{W}/acceptors", {}),
        "<dict>: waiter 'Ready': 'acceptors' must be a list, not object ({})",
    ),
    (
        "description number",
        mutate(f"{W}/description", 1),
        "<dict>: waiter 'Ready': 'description' must be a string, not integer (1)",
    ),
    (
        "acceptor not object",
        mutate(A0, "x"),
        "<dict>: waiter 'Ready', acceptor 0: must be an object, not string",
    ),
    (
        "unknown matcher",
        mutate(f"{A0}/matcher", "paht"),
        "<dict>: waiter 'Ready', acceptor 0: matcher 'paht' is not one of path, pathAll, pathAny, "
        "error, status; did you mean 'path'?",
    ),
    (
        "unknown state",
        mutate(f"{A0}/state", "done"),
        "<dict>: waiter 'Ready', acceptor 0: state 'done' is not one of success, failure, retry",
    ),
    (
        "missing expected",
        mutate(f"{A0}/expected", delete=True),
        "<dict>: waiter 'Ready', acceptor 0: missing required field 'expected'",
    ),
    (
        "path without argument",
        mutate(f"{A0}/argument", delete=True),
        "<dict>: waiter 'Ready', acceptor 0: matcher 'path' needs an 'argument' (a JMESPath "
        "expression)",
    ),
    (
        "argument not string",
        mutate(f"{A0}/argument", 3),
        "<dict>: waiter 'Ready', acceptor 0: 'argument' must be a string, not integer (3)",
    ),
    (
        "status string",
        mutate("waiters/Ready/acceptors/5/expected", "404"),
        "<dict>: waiter 'Ready', acceptor 5: matcher 'status' expects an integer as 'expected', "
        "not string ('404')",
    ),
    (
        "status bool",
        mutate("waiters/Ready/acceptors/5/expected", True),
        "<dict>: waiter 'Ready', acceptor 5: matcher 'status' expects an integer as 'expected', "
        "not boolean (True)",
    ),
    (
        "error number",
        mutate("waiters/Ready/acceptors/3/expected", 5),
        "<dict>: waiter 'Ready', acceptor 3: matcher 'error' expects a string or a boolean as "
        "'expected', not integer (5)",
    ),
    (
        "acceptor typo",
        mutate(f"{A0}/argumnet", "x"),
        "<dict>: waiter 'Ready', acceptor 0: unknown field 'argumnet'; did you mean 'argument'?; "
        "expected state, matcher, argument, expected",
    ),
]

# Valid to the schema, invalid to the loader: what a JSON Schema cannot express.
SEMANTIC: list[tuple[str, Any, str]] = [
    (
        "bad jmespath",
        mutate(f"{A0}/argument", "A.[B"),
        "<dict>: waiter 'Ready', acceptor 0: argument 'A.[B' is not valid JMESPath: ",
    ),
]


@pytest.mark.parametrize(("name", "doc", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_definition_message(name: str, doc: Any, message: str) -> None:
    with pytest.raises(DefinitionError) as info:
        waitable.load(doc)
    assert str(info.value) == message
    assert info.value.problems == (message,)


def test_non_object_document_from_file(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text("[1, 2]")
    with pytest.raises(DefinitionError, match=r"w.json: the document must be a JSON object"):
        waitable.load(path)


def test_bad_jmespath_quotes_jmespath_reason() -> None:
    with pytest.raises(DefinitionError) as info:
        waitable.load(SEMANTIC[0][1])
    assert str(info.value).startswith(SEMANTIC[0][2])
    assert "Expecting" in str(info.value) or "invalid" in str(info.value).lower()


def test_every_problem_is_reported_at_once() -> None:
    doc = mutate(f"{W}/delay", -1)
    doc["waiters"]["Ready"]["acceptors"][1]["state"] = "nope"
    doc["waiters"]["Other"] = {"operation": "X", "delay": 1, "maxAttempts": 1, "acceptors": []}
    with pytest.raises(DefinitionError) as info:
        waitable.load(doc)
    assert len(info.value.problems) == 3
    assert str(info.value) == "\n".join(info.value.problems)
    assert "waiter 'Other'" in info.value.problems[2]


def test_definition_error_pickles() -> None:
    with pytest.raises(DefinitionError) as info:
        waitable.load(mutate(f"{W}/delay", -1))
    copy_ = pickle.loads(pickle.dumps(info.value))
    assert str(copy_) == str(info.value)
    assert copy_.problems == info.value.problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"version": 2,\n  "waiters": {,}}', "w.json: invalid JSON at line 2, column 15: "),
        ('{"version": 2, "version": 2, "waiters": {}}', "w.json: duplicate key 'version'"),
        ('{"version": 2, "waiters": {"A": {"delay": NaN}}}', "w.json: NaN is not valid JSON"),
        ("", "w.json: invalid JSON at line 1, column 1: Expecting value"),
    ],
)
def test_json_errors_name_file_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "w.json"
    path.write_text(text)
    with pytest.raises(DefinitionError) as info:
        waitable.load(str(path))
    assert str(info.value).startswith(str(tmp_path / message))


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(b'{"version": 2, "waiters": {"\xff": 1}}')
    with pytest.raises(DefinitionError, match=r"w\.json: not UTF-8 text"):
        waitable.load(path)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"missing\.json"):
        waitable.load(tmp_path / "missing.json")
    (tmp_path / "folder.json").mkdir()  # the OS opens a folder; reading it fails
    with pytest.raises(IsADirectoryError, match=r"folder\.json"):
        waitable.load(tmp_path / "folder.json")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_files_are_decoded_as_json_loads_decodes_bytes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(json.dumps(good()).encode(encoding))
    assert waitable.load(path).waiters == waitable.load(good()).waiters


def test_a_file_larger_than_its_size_said_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows between the size and the read (here: a size that lies) is read
    to its end, not cut at the size."""
    from waitable._core import documents

    path = tmp_path / "w.json"
    path.write_text(json.dumps({**good(), "$schema": "x" * 200_000}))
    real = os.fstat
    monkeypatch.setattr(documents.os, "fstat", lambda fd: os.stat_result((0,) * 10))
    assert documents.read_bytes(str(path)) == path.read_bytes()
    monkeypatch.setattr(documents.os, "fstat", real)


def test_load_rejects_other_sources() -> None:
    with pytest.raises(TypeError, match="takes a path or a dict"):
        waitable.load(42)  # type: ignore[arg-type]


def test_dict_source_must_be_json_data() -> None:
    doc = good()
    doc["waiters"]["Ready"]["acceptors"][0]["expected"] = {1, 2}
    with pytest.raises(DefinitionError, match=r"<dict>: not JSON data"):
        waitable.load(doc)
    doc["waiters"]["Ready"]["acceptors"][0]["expected"] = float("nan")
    with pytest.raises(DefinitionError, match=r"<dict>: NaN is not valid JSON"):
        waitable.load(doc)


def test_load_does_not_keep_or_change_the_callers_dict() -> None:
    doc = good()
    before = copy.deepcopy(doc)
    model = waitable.load(doc)
    doc["waiters"]["Ready"]["delay"] = 99
    assert doc != before
    assert model.definition("Ready").delay == 5


def test_model_contents() -> None:
    model = waitable.load(good())
    assert model.source == "<dict>"
    assert model.waiter_names == ["Ready"]
    definition = model.definition("Ready")
    assert definition.operation == "GetThing"
    assert (definition.delay, definition.max_attempts) == (5, 4)
    assert [a.state for a in definition.acceptors] == [
        "success",
        "failure",
        "retry",
        "retry",
        "success",
        "failure",
    ]
    assert [a.matcher.name for a in definition.acceptors] == [
        "path",
        "pathAll",
        "pathAny",
        "error",
        "error",
        "status",
    ]
    with pytest.raises(TypeError):
        model.waiters["X"] = definition  # type: ignore[index]
    assert pickle.loads(pickle.dumps(model)) == model


def test_integral_floats_are_integers_as_in_json_schema() -> None:
    doc = mutate(f"{W}/maxAttempts", 3.0)
    doc["version"] = 2.0
    doc["waiters"]["Ready"]["acceptors"][5]["expected"] = 404.0
    definition = waitable.load(doc).definition("Ready")
    assert definition.max_attempts == 3
    assert type(definition.max_attempts) is int
    assert definition.acceptors[5].matcher.expected == 404


def test_schema_key_is_allowed() -> None:
    doc = good()
    doc["$schema"] = "https://example.invalid/waiters-2.schema.json"
    waitable.load(doc)


# --- the shipped JSON Schema --------------------------------------------------------


def schema() -> dict[str, Any]:
    with open(waitable.schema_path(), encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def test_shipped_schema_is_generated_from_the_format_tables() -> None:
    with open(waitable.schema_path(), encoding="utf-8") as handle:
        assert handle.read() == render_schema(), (
            "regenerate: python -c 'from waitable._waiters.spec import render_schema as r; "
            'print(r(), end="")\' > src/waitable/schemas/waiters-2.schema.json'
        )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def schema_valid(doc: Any) -> bool:
    return bool(jsonschema.Draft202012Validator(schema()).is_valid(doc))


def loader_valid(doc: dict[str, Any]) -> bool:
    try:
        waitable.load(doc)
    except DefinitionError:
        return False
    return True


@pytest.mark.parametrize(("name", "doc", "message"), BAD, ids=[b[0] for b in BAD])
def test_schema_rejects_what_the_loader_rejects(name: str, doc: Any, message: str) -> None:
    assert not schema_valid(doc)
    assert not loader_valid(doc)


@pytest.mark.parametrize(("name", "doc", "message"), SEMANTIC, ids=[b[0] for b in SEMANTIC])
def test_schema_cannot_see_semantic_errors(name: str, doc: Any, message: str) -> None:
    assert schema_valid(doc)
    assert not loader_valid(doc)


def test_schema_and_loader_accept_the_good_document() -> None:
    assert schema_valid(good())
    assert loader_valid(good())


def botocore_files() -> list[str]:
    if BOTOCORE_DATA is None:
        return []
    return sorted(glob.glob(os.path.join(BOTOCORE_DATA, "*", "*", "waiters-2.json")))


@pytest.mark.skipif(BOTOCORE_DATA is None, reason="botocore not installed")
def test_every_botocore_waiter_file_loads_and_fits_the_schema() -> None:
    files = botocore_files()
    assert len(files) > 150
    validator = jsonschema.Draft202012Validator(schema())
    waiters = 0
    for path in files:
        model = waitable.load(path)
        waiters += len(model.waiter_names)
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
        assert validator.is_valid(doc), path
        assert model.waiter_names == sorted(doc["waiters"])
    assert waiters > 500


def test_the_reader_gives_definitions_by_name_and_compiles_one_alone() -> None:
    found = compile_waiters(good(), "<dict>")
    assert list(found) == list(good()["waiters"])
    name, data = next(iter(good()["waiters"].items()))
    assert compile_waiter(name, data, "<dict>") == found[name]
    with pytest.raises(DefinitionError) as info:
        compile_waiter(name, {**data, "delay": -1}, "<f>")
    assert info.value.problems == (f"<f>: waiter {name!r}: 'delay' must be >= 0, got -1",)


def test_an_argument_on_an_error_or_status_acceptor_is_ignored_with_a_warning() -> None:
    """Airflow's and Prefect's waiter files put an ``argument`` on every acceptor;
    botocore ignores it on ``error`` and ``status``, and waitable refused the whole file
    (issue 17)."""
    document = {
        "version": 2,
        "waiters": {
            "ClusterGone": {
                "operation": "DescribeClusters",
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [
                    {
                        "matcher": "error",
                        "argument": "Clusters[]",
                        "expected": "NotFound",
                        "state": "success",
                    },
                    {"matcher": "status", "argument": "x", "expected": 404, "state": "success"},
                ],
            }
        },
    }
    with pytest.warns(UserWarning, match="takes no 'argument'") as caught:
        model = waitable.load(document)
    messages = [str(w.message) for w in caught]
    assert messages == [
        "<dict>: waiter 'ClusterGone', acceptor 0: matcher 'error' takes no 'argument': "
        "ignored, as botocore ignores it",
        "<dict>: waiter 'ClusterGone', acceptor 1: matcher 'status' takes no 'argument': "
        "ignored, as botocore ignores it",
    ]
    assert [w.filename for w in caught] == [__file__] * 2  # the caller's line
    assert {w.category for w in caught} == {waitable.DefinitionWarning}
    with pytest.warns(UserWarning, match="takes no 'argument'") as again:
        waitable.load(document)  # warned at every load, not only the first
    assert len(again) == 2

    def gone() -> None:
        raise type("NotFound", (Exception,), {})()

    assert model.get_waiter("ClusterGone", {"DescribeClusters": gone}).wait().attempts == 1


def test_a_smithy_trait_file_may_name_its_schema() -> None:
    """README recommends ``$schema`` in trait files; the reader took it for an operation."""
    trait = {"Ready": {"acceptors": [{"state": "success", "matcher": {"success": True}}]}}
    model = waitable.load({"$schema": "smithy-waiters.schema.json", "GetThing": trait})
    assert model.waiter_names == ["Ready"]


def test_botocores_sdk_extras_file_is_named_for_what_it_is() -> None:
    extras = {"version": 1.0, "merge": {"pagination": {"ListThings": {"non_aggregate_keys": []}}}}
    with pytest.raises(waitable.DefinitionError, match="sdk-extras file") as info:
        waitable.load(extras)
    assert "waiters" not in str(info.value)


def test_a_lazy_load_lets_the_other_waiters_of_a_file_with_a_broken_one_load() -> None:
    """A waiter with no acceptors (a template filled in at run time) sank its whole file;
    botocore compiles only the waiter asked for (issue 17). Strict stays the default."""
    document = {
        "version": 2,
        "waiters": {
            "Template": {"operation": "Get", "delay": 1, "maxAttempts": 2, "acceptors": []},
            "Ready": {
                "operation": "Get",
                "delay": 1,
                "maxAttempts": 2,
                "acceptors": [
                    {"matcher": "path", "argument": "a", "expected": 1, "state": "success"}
                ],
            },
        },
    }
    with pytest.raises(waitable.DefinitionError, match="'Template'"):
        waitable.load(document)
    model = waitable.load(document, strict=False)
    assert model.waiter_names == ["Ready", "Template"]
    assert model.get_waiter("Ready", {"Get": lambda: {"a": 1}}).wait().attempts == 1
    with pytest.raises(waitable.DefinitionError, match="<dict>: waiter 'Template'"):
        model.definition("Template")
    with pytest.raises(waitable.DefinitionError, match="unsupported version"):
        waitable.load({"version": 3, "waiters": {}}, strict=False)


def test_equal_acceptors_are_compiled_once_and_shared() -> None:
    """AWS's files repeat the same acceptors: one compiled object serves every copy, in
    one document and across loads."""
    first = waitable.load(waiter_doc(GOOD_ACCEPTOR, GOOD_ACCEPTOR)).definition("Ready")
    again = waitable.load(waiter_doc(GOOD_ACCEPTOR)).definition("Ready")
    assert first.acceptors[0] is again.acceptors[0]
    assert first.acceptors[1].index == 1
    assert first.acceptors[1] is not first.acceptors[0]


@pytest.mark.parametrize(
    ("twin", "differs"),
    [
        ({"expected": 1}, "expected"),  # the same value as True to ==: not the same test
        ({"expected": "True"}, "expected"),
        ({"argument": "A.C"}, "argument"),
        ({"state": "failure"}, "state"),
        ({"matcher": "pathAny", "argument": "L[]"}, "matcher"),
    ],
)
def test_acceptors_are_shared_only_when_every_field_and_type_is_the_same(
    twin: dict[str, Any], differs: str
) -> None:
    base = {"matcher": "path", "argument": "A.B", "expected": True, "state": "success"}
    shared = waitable.load(waiter_doc(base)).definition("Ready").acceptors[0]
    other = waitable.load(waiter_doc({**base, **twin})).definition("Ready").acceptors[0]
    assert other is not shared
    assert other.state == base["state"] if differs != "state" else other.state == "failure"
    assert other.matcher.name == {**base, **twin}["matcher"]
    assert other.matcher.expected == {**base, **twin}["expected"]
    assert type(other.matcher.expected) is type({**base, **twin}["expected"])
    assert getattr(other.matcher, "argument", None) == {**base, **twin}["argument"]


def test_a_shared_acceptor_never_hides_a_problem() -> None:
    """Only an acceptor that compiled cleanly is shared, and the same fields with one more
    or one fewer key are another acceptor: their problems are still told."""
    null = {**GOOD_ACCEPTOR, "expected": None}  # null: a value, not a missing field
    waitable.load(waiter_doc(GOOD_ACCEPTOR))
    waitable.load(waiter_doc(null))  # (each at index 0, as the broken ones below)
    without = {k: v for k, v in GOOD_ACCEPTOR.items() if k != "expected"}
    for broken, problem in [
        ({**GOOD_ACCEPTOR, "extra": 1}, "unknown field 'extra'"),
        (without, "'expected'"),
        ({**without, "extra": None}, "unknown field 'extra'"),
        ({**GOOD_ACCEPTOR, "state": ["success"]}, "'state'"),
    ]:
        with pytest.raises(DefinitionError, match=problem):
            waitable.load(waiter_doc(broken))


def test_the_shared_acceptors_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from waitable._waiters import botocore_format

    monkeypatch.setattr(botocore_format, "_SHARED", {})
    monkeypatch.setattr(botocore_format, "_SHARED_MAX", 3)
    for n in range(10):
        acceptor = {**GOOD_ACCEPTOR, "expected": f"v{n}"}
        loaded = waitable.load(waiter_doc(acceptor)).definition("Ready").acceptors[0]
        assert loaded.matcher.expected == f"v{n}"
        assert len(botocore_format._SHARED) <= 3

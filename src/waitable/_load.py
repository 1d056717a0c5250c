"""``load()``: read a source, validate it, compile it. The first step of the pipeline::

load -> validate -> compile -> poll -> match -> result or error
_load   _validate   _compile   _waiter  _matchers  _waiter / _errors
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Union

from ._compile import InvalidDocumentError, compile_model
from ._errors import DefinitionError
from ._model import WaiterModel
from ._validate import check_document

Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


class _DuplicateKeyError(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json(text: str | bytes, source: str) -> Any:
    """JSON text to plain data; errors name the line and column."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DefinitionError(
            f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except _DuplicateKeyError as exc:
        raise DefinitionError(
            f"{source}: duplicate key {exc.args[0]!r} (JSON would keep only the last)"
        ) from None
    except UnicodeDecodeError as exc:
        raise DefinitionError(f"{source}: not UTF-8 text: {exc}") from None
    except ValueError as exc:  # NaN / Infinity
        raise DefinitionError(f"{source}: {exc}") from None


def is_smithy(document: Any) -> bool:
    """Smithy's shapes are a model; botocore's files have ``version`` and ``waiters``."""
    if not isinstance(document, Mapping):
        return False
    return "smithy" in document or not ({"version", "waiters"} & document.keys())


def load(source: Source) -> WaiterModel:
    """Load, validate and compile waiter definitions.

    ``source`` is a path to a JSON file, or the already-parsed dict: botocore's
    ``waiters-2.json`` format, a Smithy JSON AST model (its ``smithy.waiters#waitable``
    traits), or a file of such trait values keyed by operation. Raises
    ``DefinitionError`` listing every problem found, each naming the source, waiter,
    acceptor and field.
    """
    if isinstance(source, Mapping):
        # Definitions are data: a JSON round trip rejects anything else, and gives the
        # compiler the same plain types a file would.
        name = "<dict>"
        try:
            text = json.dumps(source)
        except (TypeError, ValueError) as exc:
            raise DefinitionError(f"{name}: not JSON data: {exc}") from None
        document = parse_json(text, name)
    elif isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        with open(name, "rb") as handle:  # json decodes UTF-8 itself, faster
            document = parse_json(handle.read(), name)
    else:
        raise TypeError(
            f"load() takes a path or a dict of waiter definitions, not {type(source).__name__}"
        )
    if is_smithy(document):
        from ._smithy import load_smithy  # only Smithy users pay for its import

        return load_smithy(document, name)
    try:
        return compile_model(document, name)
    except InvalidDocumentError:
        problems = check_document(document, name)
    if not problems:  # pragma: no cover - the two checks are tested to agree
        raise AssertionError(f"{name}: rejected by the compiler, but no problem found")
    raise DefinitionError("\n".join(problems), problems)

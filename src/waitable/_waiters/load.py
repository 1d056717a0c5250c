"""``load()``: a source to a compiled ``WaiterModel``, the first step of the pipeline::

    read -> compile -> bind -> poll: judge + match -> WaitResult or WaiterError

Compiling is optimistic; only a document it rejects is validated in detail, so that
every problem is listed at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.documents import Source, read_document
from .._core.errors import DefinitionError
from .botocore_format import InvalidDocumentError, check_document, compile_model
from .model import WaiterModel


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
    document, name = read_document(source)
    return compile_document(document, name)


def compile_document(document: Any, name: str) -> WaiterModel:
    """``load()`` for a document that is plain JSON data already (parsed by ``json``, as
    botocore's loader gives it): no copy is made, and the caller must not change it."""
    if is_smithy(document):
        from .smithy_format import load_smithy  # only Smithy users pay for its import

        return load_smithy(document, name)
    try:
        return compile_model(document, name)
    except InvalidDocumentError:
        problems = check_document(document, name)
    if not problems:  # pragma: no cover - the two checks are tested to agree
        raise AssertionError(f"{name}: rejected by the compiler, but no problem found")
    raise DefinitionError("\n".join(problems), problems)

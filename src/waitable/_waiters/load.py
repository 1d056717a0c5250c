"""``load()``: a source to a compiled ``WaiterModel``, the first step of the pipeline::

    read -> compile -> bind -> poll: judge + match -> WaitResult or WaiterError

Each format's reader gives ``{name: definition}`` and lists every problem at once;
the model is made here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core.documents import Source, read_document
from .botocore_format import compile_waiter, compile_waiters, top_waiters
from .model import CompiledOnUse, WaiterModel


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
        from .smithy_format import compile_smithy  # only Smithy users pay for its import

        return WaiterModel(name, compile_smithy(document, name))
    return WaiterModel(name, compile_waiters(document, name))


def compile_on_use(document: Mapping[str, Any], source: str) -> CompiledOnUse | None:
    """Waiters that compile at first use, or None if the document's top level is not
    valid botocore format (then compile it whole)."""
    problems: list[str] = []
    waiters = top_waiters(document, source, problems)
    if waiters is None or problems:
        return None
    return CompiledOnUse(waiters, source, compile_waiter)

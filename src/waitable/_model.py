"""``Model``: the waiters and paginators of one source, found by name and bound to a
client; ``load()`` makes one. The first steps of the pipeline::

    read -> compile -> bind -> poll: judge + match -> WaitResult or WaiterError

Format readers give plain ``{name: definition}`` maps. ``load()`` compiles every
definition at once, so that each problem of a file is reported there; a trusted file
read to bind one definition (botocore's shipped ``ec2`` has over 60) is compiled one
definition at a time, on first lookup (``OnFirstUse``), as botocore does.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from types import MappingProxyType

from ._core.documents import read_document
from ._core.frozen import Frozen, set_field
from ._core.hints import overload
from ._core.operations import (
    find_operation,
    is_async_client,
    is_coroutine_function,
    look_up,
    service_model,
)
from ._errors import DefinitionError, UnknownPaginatorError, UnknownWaiterError

TYPE_CHECKING = False
if TYPE_CHECKING:  # a model imports a kind's modules when one of its definitions is bound
    from typing import Any, Callable, Iterator, Literal, TypeVar

    from typing_extensions import Unpack

    from ._core.documents import Source
    from ._paginators.definitions import PaginatorDefinition
    from ._paginators.paginator import AsyncPaginator, Paginator
    from ._waiters.definitions import WaiterDefinition
    from ._waiters.options import AsyncWaiterOptions, WaiterOptions
    from ._waiters.waiter import AsyncWaiter, Waiter

    D = TypeVar("D")


class OnFirstUse(Mapping[str, "D"]):
    """Definitions by name, each compiled (and validated) when first looked up; one
    that is not valid raises ``DefinitionError`` then, naming only itself."""

    __slots__ = ("_compile", "_compiled", "_raw", "_source")

    def __init__(
        self, raw: Mapping[str, Any], source: str, compile_one: Callable[[str, Any, str], D]
    ) -> None:
        self._raw = raw
        self._source = source
        self._compile = compile_one
        self._compiled: dict[str, D] = {}

    def __getitem__(self, name: str) -> D:
        found = self._compiled.get(name)
        if found is None:
            found = self._compile(name, self._raw[name], self._source)
            self._compiled[name] = found  # a race compiles twice, to equal results
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


_NOTHING: Mapping[str, Any] = MappingProxyType({})


def _frozen(definitions: Mapping[str, D] | None) -> Mapping[str, D]:
    if not definitions:
        return _NOTHING
    if type(definitions) is not dict and isinstance(definitions, OnFirstUse):
        return definitions  # stays lazy: not copied
    return MappingProxyType(dict(definitions))


class Model(Frozen):
    """The waiters and paginators of one source (a file or a dict), ready to bind.

    Names are looked up as definitions spell them (``TableExists``) or in boto3's
    snake_case (``table_exists``); an unknown name is an ``UnknownWaiterError`` (or
    ``UnknownPaginatorError``) suggesting close names in the caller's spelling.
    """

    __slots__ = ("source", "waiters", "paginators")

    source: str
    """The file path as given, ``<dict>``, or ``botocore:<service>/<version>/...``."""
    waiters: Mapping[str, WaiterDefinition]
    """Compiled waiter definitions by name (read-only)."""
    paginators: Mapping[str, PaginatorDefinition]
    """Compiled paginator definitions by name (read-only)."""

    def __init__(
        self,
        source: str,
        waiters: Mapping[str, WaiterDefinition] | None = None,
        paginators: Mapping[str, PaginatorDefinition] | None = None,
    ) -> None:
        set_field(self, "source", source)
        set_field(self, "waiters", _frozen(waiters))
        set_field(self, "paginators", _frozen(paginators))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Model, (self.source, dict(self.waiters), dict(self.paginators)))

    @property
    def waiter_names(self) -> list[str]:
        """Waiter names, sorted (as botocore's ``WaiterModel.waiter_names``)."""
        return sorted(self.waiters)

    @property
    def paginator_names(self) -> list[str]:
        """Paginator names, sorted."""
        return sorted(self.paginators)

    def definition(self, name: str) -> WaiterDefinition:
        """The waiter called ``name`` (``TableExists``, or ``table_exists``)."""
        return self.waiters[look_up(self.waiters, name, UnknownWaiterError, self.source)]

    def paginator(self, name: str) -> PaginatorDefinition:
        """The paginator called ``name`` (``ListObjectsV2``, or ``list_objects_v2``)."""
        real = look_up(self.paginators, name, UnknownPaginatorError, self.source)
        return self.paginators[real]

    def get_waiter(self, name: str, client: Any, **options: Unpack[WaiterOptions]) -> Waiter:
        """Bind waiter ``name`` to ``client``'s blocking operation.

        ``client`` is an object whose methods are the operations (``describe_table``),
        or a mapping from operation name (``DescribeTable``) to a callable. The keyword
        options (``sleep``, ``clock``, ``wait``, ``stop``, ``random``, ``on_attempt``,
        ``cancel``, ``retry_after``) are ``WaiterOptions``. An asynchronous operation is
        a ``TypeError`` that points to ``get_async_waiter``.
        """
        return bind_waiter(self.definition(name), client, self.source, options)

    def get_async_waiter(
        self, name: str, client: Any, **options: Unpack[AsyncWaiterOptions]
    ) -> AsyncWaiter:
        """Bind waiter ``name`` to ``client``'s asynchronous operation: any callable whose
        result is awaitable (``async def``, aiobotocore's client methods).

        Takes ``get_waiter``'s options but ``cancel`` (cancel the task instead); ``sleep``
        must be awaitable (default ``asyncio.sleep``).
        """
        return bind_waiter(self.definition(name), client, self.source, options, awaited=True)

    def get_paginator(self, name: str, client: Any) -> Paginator:
        """Bind paginator ``name`` to ``client``'s blocking operation:
        ``model.get_paginator("ListObjectsV2", s3).paginate(Bucket="b")``."""
        return bind_paginator(self.paginator(name), client, self.source)

    def get_async_paginator(self, name: str, client: Any) -> AsyncPaginator:
        """Bind paginator ``name`` to an asynchronous operation (aiobotocore)."""
        return bind_paginator(self.paginator(name), client, self.source, awaited=True)


WaiterModel = Model
"""The name of ``Model`` before it held paginators too."""


@overload
def bind_waiter(
    definition: WaiterDefinition,
    client: Any,
    source: str,
    options: Mapping[str, Any],
    *,
    awaited: Literal[False] = False,
    operation: Callable[..., Any] | None = None,
    ref: Mapping[str, str] | None = None,
) -> Waiter: ...
@overload
def bind_waiter(
    definition: WaiterDefinition,
    client: Any,
    source: str,
    options: Mapping[str, Any],
    *,
    awaited: Literal[True],
    operation: Callable[..., Any] | None = None,
    ref: Mapping[str, str] | None = None,
) -> AsyncWaiter: ...
def bind_waiter(
    definition: WaiterDefinition,
    client: Any,
    source: str,
    options: Mapping[str, Any],
    *,
    awaited: bool = False,
    operation: Callable[..., Any] | None = None,
    ref: Mapping[str, str] | None = None,
) -> Waiter | AsyncWaiter:
    """``definition`` bound to ``client``'s operation: a ``Waiter``, or an
    ``AsyncWaiter`` when ``awaited``, with its options checked once (``operation``:
    the client's operation when the caller has found it already; ``ref``: how another
    process finds the waiter again, by default its file)."""
    from ._core.operations import accepted_parameters
    from ._waiters.options import Options
    from ._waiters.waiter import AsyncWaiter, Waiter

    where = f"{source}: waiter {definition.name!r}"
    if definition.deprecated:
        warnings.warn(f"{where} is deprecated", DeprecationWarning, stacklevel=3)
    if operation is None:
        operation = find_operation(client, definition.operation, where)
    if not awaited and (is_coroutine_function(operation) or is_async_client(client)):
        raise TypeError(
            f"{where}: {definition.operation} of {type(client).__name__} is asynchronous: "
            "use get_async_waiter() and await its wait()"
        )
    checked = Options.build(where, options, awaited=awaited)
    acceptor_only = definition.inputs
    if acceptor_only:  # parameters only acceptors read (input.X): not passed to the call
        takes = accepted_parameters(operation)
        acceptor_only = frozenset() if takes is None else acceptor_only - takes
    if ref is None:
        ref = waiter_ref(source, definition.name)
    if awaited:
        return AsyncWaiter(definition, operation, checked, acceptor_only, ref)
    return Waiter(definition, operation, checked, acceptor_only, ref)


def waiter_ref(
    source: str, name: str, service: str | None = None, aws: bool = False
) -> dict[str, str] | None:
    """How a process finds waiter ``name`` of ``source`` again (a durable wait's
    ``waiter``): a built-in service's bundled waiter, an AWS service's (botocore's or
    waitable's own), or a file (with its service, for a client's); None for a dict."""
    from ._core.documents import bundled_file

    if service is not None:
        kind = "aws" if aws else "service"
        if source.startswith("botocore:") or source in (
            bundled_file(f"{service}.json"),
            bundled_file("aws", f"{service}.json"),
        ):
            return {kind: service, "waiter": name}
        import os

        return {kind: service, "file": os.path.abspath(source), "waiter": name}
    if source.startswith("<"):
        return None
    import os

    from ._core.documents import bundled_dir

    path = os.path.abspath(source)
    folder, file = os.path.split(path)
    if folder == os.path.abspath(bundled_dir()) and file.endswith(".json"):
        return {"service": file[: -len(".json")], "waiter": name}  # a built-in service's
    return {"file": path, "waiter": name}


@overload
def bind_paginator(
    definition: PaginatorDefinition, client: Any, source: str, *, awaited: Literal[False] = False
) -> Paginator: ...
@overload
def bind_paginator(
    definition: PaginatorDefinition, client: Any, source: str, *, awaited: Literal[True]
) -> AsyncPaginator: ...
def bind_paginator(
    definition: PaginatorDefinition, client: Any, source: str, *, awaited: bool = False
) -> Paginator | AsyncPaginator:
    """``definition`` bound to ``client``'s operation: a ``Paginator``, or an
    ``AsyncPaginator`` when ``awaited``."""
    from ._paginators.paginator import AsyncPaginator, Paginator

    where = f"{source}: paginator {definition.name!r}"
    operation = find_operation(client, definition.operation, where)
    if not awaited and (is_coroutine_function(operation) or is_async_client(client)):
        raise TypeError(f"{where}: the operation is asynchronous: use get_async_paginator()")
    limit_is_string = _limit_is_string(client, definition)
    if awaited:
        return AsyncPaginator(definition, operation, limit_is_string=limit_is_string)
    return Paginator(definition, operation, limit_is_string=limit_is_string)


def _limit_is_string(client: Any, definition: PaginatorDefinition) -> bool:
    """Whether a botocore client's model types the limit parameter as a string."""
    model = service_model(client)
    if model is None or definition.limit_key is None:
        return False
    try:
        shape = model.operation_model(definition.operation).input_shape
        return bool(shape.members[definition.limit_key].type_name == "string")
    except Exception:  # an operation or member the model lacks: send the number
        return False


def load(source: Source, *, strict: bool = True) -> Model:
    """Load, validate and compile definitions: waiters or paginators.

    ``source`` is a path to a JSON file, or the already-parsed dict: botocore's
    ``waiters-2.json`` or ``paginators-1.json``, a Smithy JSON AST model (its
    ``smithy.waiters#waitable`` traits), or a file of such trait values keyed by
    operation. Raises ``DefinitionError`` listing every problem found, each naming the
    source, the waiter or paginator, the acceptor and the field.

    ``strict=False`` is botocore's way for a botocore-format file: only its top level is
    checked now, and each waiter is compiled (and checked) when first looked up, so one
    broken waiter (a template filled in at run time) does not sink the others.
    """
    document, name = read_document(source, what="waiter or paginator definitions")
    if (
        not strict
        and isinstance(document, Mapping)
        and not is_smithy(document)
        and "pagination" not in document
    ):
        from ._waiters.botocore_format import compile_waiter, top_waiters

        problems: list[str] = []
        raw = top_waiters(document, name, problems)
        if raw is None or problems:
            problems = problems or [f"{name}: 'waiters' must be an object"]
            raise DefinitionError("\n".join(problems), problems)
        return Model(name, OnFirstUse(raw, name, compile_waiter))
    return load_document(document, name)


def load_document(document: Any, name: str) -> Model:
    """``load()`` for a document already read (plain JSON data, as ``json`` or botocore's
    loader gives it): no copy is made, and the caller must not change it."""
    mapping = type(document) is dict or isinstance(document, Mapping)  # (ABC checks are slow)
    if mapping and "merge" in document and "waiters" not in document:
        raise DefinitionError(
            f"{name}: botocore's sdk-extras file (its 'merge' patches the paginators-1.json "
            "beside it): load that paginators-1.json; for_client() merges the extras into "
            "it, as botocore does"
        )
    if mapping and "pagination" in document:  # botocore's paginators
        from ._paginators.format import compile_paginators

        return Model(name, None, compile_paginators(document, name))
    if is_smithy(document):
        from ._waiters.smithy_format import compile_smithy  # only Smithy users pay for it

        return Model(name, compile_smithy(document, name))
    from ._waiters.botocore_format import compile_waiters

    return Model(name, compile_waiters(document, name))


def is_smithy(document: Any) -> bool:
    """Smithy's shapes are a model; botocore's files have ``version`` and ``waiters``."""
    if type(document) is not dict and not isinstance(document, Mapping):
        return False
    return "smithy" in document or not ({"version", "waiters"} & document.keys())

"""Compiled, immutable paginator definitions, not yet bound to a client."""

from __future__ import annotations

from typing import Any, Callable

from .._core.frozen import Frozen, set_field
from .._core.paths import getter

Getter = Callable[[Any], Any]
"""A compiled expression: evaluates it over a page."""


class PaginatorDefinition(Frozen):
    """One paginator: how a listing's pages chain, and which results they carry.

    ``output_tokens[i]`` (JMESPath over a page) gives the value for the request
    parameter ``input_tokens[i]`` of the next call. ``result_keys`` and
    ``non_aggregate_keys`` are dotted paths (``a.b``): results merge across pages there.
    """

    __slots__ = (
        "name",
        "operation",
        "input_tokens",
        "output_tokens",
        "result_keys",
        "limit_key",
        "more_results",
        "non_aggregate_keys",
        "_output_getters",
        "_result_getters",
        "_more_getter",
        "_non_aggregate_getters",
    )

    name: str
    operation: str
    """The operation it calls: in botocore's files, the paginator's own name."""
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    result_keys: tuple[str, ...]
    limit_key: str | None
    more_results: str | None
    non_aggregate_keys: tuple[str, ...]
    _output_getters: tuple[Getter, ...]
    _result_getters: tuple[Getter, ...]
    _more_getter: Getter | None
    _non_aggregate_getters: tuple[Getter, ...]

    def __init__(
        self,
        name: str,
        input_tokens: tuple[str, ...],
        output_tokens: tuple[str, ...],
        result_keys: tuple[str, ...],
        *,
        limit_key: str | None = None,
        more_results: str | None = None,
        non_aggregate_keys: tuple[str, ...] = (),
        operation: str | None = None,
    ) -> None:
        """Compiles the expressions: jmespath's ParseError propagates for the loader."""
        set_field(self, "name", name)
        set_field(self, "operation", name if operation is None else operation)
        set_field(self, "input_tokens", input_tokens)
        set_field(self, "output_tokens", output_tokens)
        set_field(self, "result_keys", result_keys)
        set_field(self, "limit_key", limit_key)
        set_field(self, "more_results", more_results)
        set_field(self, "non_aggregate_keys", non_aggregate_keys)
        set_field(self, "_output_getters", tuple(getter(e) for e in output_tokens))
        set_field(self, "_result_getters", tuple(getter(e) for e in result_keys))
        set_field(self, "_more_getter", None if more_results is None else getter(more_results))
        set_field(self, "_non_aggregate_getters", tuple(getter(e) for e in non_aggregate_keys))

    def describe(self) -> str:
        """The paginator in words."""
        pairs = ", ".join(f"{o} -> {i}" for o, i in zip(self.output_tokens, self.input_tokens))
        lines = [
            f"{self.name}: calls {self.operation}, passing {pairs} to the next call; "
            f"results: {', '.join(self.result_keys)}."
        ]
        if self.limit_key:
            lines.append(f"PageSize is sent as {self.limit_key}.")
        if self.more_results:
            lines.append(f"Stops when `{self.more_results}` is false.")
        if self.non_aggregate_keys:
            lines.append(f"Kept from the first page: {', '.join(self.non_aggregate_keys)}.")
        return "\n".join(lines)


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, making the objects on the way."""
    *parents, last = path.split(".")
    for name in parents:
        data = data.setdefault(name, {})
    data[last] = value

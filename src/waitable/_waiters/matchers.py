"""Compiled matchers: one small immutable object per acceptor's test.

Every matcher answers ``matches(response, codes, params)``:

* ``response`` is what the operation returned (or the error response it raised);
* ``codes`` is ``None`` for a normal response, or, for an error response, the tuple of
  codes it answers to: ``(Error.Code,)`` for a service error, the exception's class
  names (its MRO) for a raised exception that an ``error`` acceptor names;
* ``params`` are the call's parameters (Smithy's ``inputOutput`` reads them).

Each matcher also states its own facts, so nothing outside switches on its name:
``reads_response`` (runs JMESPath over responses), ``error_name`` (the error code or
exception class it names, ``"*"`` for any error, else None) and ``inputs`` (the wait's
parameters it reads).

botocore's matchers: path matchers never see errors; ``status`` and ``error`` see
everything; comparison is Python ``==``. Smithy's: ``output`` / ``inputOutput`` compare
strictly by type through a comparator, ``success`` and ``errorType`` test the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from .._core.frozen import Frozen, set_field
from .._core.paths import CompiledPath, fields_under, getter, parse_jmespath
from .._core.text import brief, shape_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Union


class _PathBase(Frozen):
    """A JMESPath ``argument`` compared with ``expected``; skips error responses."""

    __slots__ = ("argument", "expected", "_get")

    argument: str
    expected: Any
    _get: CompiledPath  # the compiled expression, as a function of a value
    epoch = False  # Smithy's matchers read timestamps as epoch seconds
    reads_response = True
    caution: str | None = None
    error_name: str | None = None
    inputs: frozenset[str] = frozenset()

    def __init__(self, argument: str, expected: Any) -> None:
        """Compiles ``argument``: jmespath's ParseError propagates for the loader to place."""
        set_field(self, "_get", getter(argument, epoch=self.epoch))
        set_field(self, "argument", argument)
        set_field(self, "expected", expected)

    def search(self, response: Any) -> Any:
        """The value ``argument`` selects from ``response``."""
        return self._get(response)

    def subject(self, response: Any, params: Any) -> Any:
        """What the path runs over: the response (``inputOutput``: input and output)."""
        return response

    def selected(self, response: Any, params: Any) -> Any:
        """The value ``argument`` selects for a response of a wait with ``params``."""
        return self._get(self.subject(response, params))

    def shown(self, response: Any, params: Any) -> list[tuple[str, Any]]:
        """What a summary or progress line shows of a response: ``(path, value)`` pairs,
        here what ``argument`` selects."""
        return [(self.argument, self.selected(response, params))]

    @property
    def plain_path(self) -> CompiledPath | None:
        """The compiled path, when what it shows is what it selects from the response
        itself and ``test(value)`` is ``matches`` on a successful response: a wait reads
        each such path once per call, for its acceptors and its summary alike; else None
        (``inputOutput``: another subject)."""
        return self._get

    def test(self, found: Any) -> bool:
        """``matches`` of a successful response, given what the path selected from it."""
        raise NotImplementedError


class PathMatcher(_PathBase):
    __slots__ = ()
    name = "path"

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is None and self._get(response) == self.expected

    def test(self, found: Any) -> bool:
        equal: bool = found == self.expected  # botocore's ==, its result as it is
        return equal

    @property
    def explanation(self) -> str:
        return f'For expression "{self.argument}" we matched expected path: "{self.expected}"'

    def describe(self) -> str:
        return f"`{self.argument}` == {brief(self.expected)}"


class PathAllMatcher(_PathBase):
    __slots__ = ()
    name = "pathAll"

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is None and self.test(self._get(response))

    def test(self, found: Any) -> bool:
        if not isinstance(found, list) or not found:
            return False
        expected = self.expected
        return all(item == expected for item in found)

    @property
    def explanation(self) -> str:
        return (
            f'For expression "{self.argument}" all members matched expected path: "{self.expected}"'
        )

    def describe(self) -> str:
        return f"every `{self.argument}` == {brief(self.expected)} (and there is at least one)"


class PathAnyMatcher(_PathBase):
    __slots__ = ()
    name = "pathAny"

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is None and self.test(self._get(response))

    def test(self, found: Any) -> bool:
        return isinstance(found, list) and self.expected in found

    @property
    def explanation(self) -> str:
        return (
            f'For expression "{self.argument}" we matched expected '
            f'path: "{self.expected}" at least once'
        )

    def describe(self) -> str:
        return f"any `{self.argument}` == {brief(self.expected)}"


class StatusMatcher(Frozen):
    """``ResponseMetadata.HTTPStatusCode`` equals ``expected``; sees every response."""

    __slots__ = ("expected",)
    name = "status"
    argument = None
    reads_response = False
    caution: str | None = None
    error_name = None
    inputs: frozenset[str] = frozenset()

    expected: int

    def __init__(self, expected: int) -> None:
        set_field(self, "expected", expected)

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        if not isinstance(response, Mapping):
            return False
        metadata = response.get("ResponseMetadata")
        return isinstance(metadata, Mapping) and metadata.get("HTTPStatusCode") == self.expected

    @property
    def explanation(self) -> str:
        return f"Matched expected HTTP status code: {self.expected}"

    def describe(self) -> str:
        return f"HTTP status is {self.expected}"


class ErrorMatcher(Frozen):
    """An error code (or exception class name); ``true`` any error; ``false`` no error."""

    __slots__ = ("expected", "_code")
    name = "error"
    argument = None
    reads_response = False
    inputs: frozenset[str] = frozenset()

    expected: Union[str, bool]
    _code: Union[str, bool]

    def __init__(self, expected: Union[str, bool]) -> None:
        set_field(self, "expected", expected)
        set_field(self, "_code", shape_name(expected) if isinstance(expected, str) else expected)

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        expected = self._code
        if expected == "":  # botocore compares Error.Code, "" when there is none
            return codes is None or "" in codes
        if expected is True:
            return codes is not None
        if expected is False:
            # botocore: no "Error" key at all (an Error without a Code still counts).
            return codes is None and not (isinstance(response, Mapping) and "Error" in response)
        return codes is not None and expected in codes

    @property
    def error_name(self) -> str | None:
        return self._code if isinstance(self._code, str) and self._code else None

    @property
    def caution(self) -> str | None:
        """What a reader of the file should know of this matcher (warned at load)."""
        if self._code == "":
            return (
                "error '' matches every response that has no error code, a successful one "
                "too, as botocore compares it (write true for any error)"
            )
        return None

    @property
    def explanation(self) -> str:
        return f"Matched expected service error code: {self.expected}"

    def describe(self) -> str:
        if self.expected is True:
            return "any error"
        if self.expected is False:
            return "no error"
        return f"error {self.expected}"


def _string_equals(found: Any, expected: Any) -> bool:
    return type(found) is str and found == expected


def _boolean_equals(found: Any, expected: Any) -> bool:
    return type(found) is bool and found is (expected == "true")


def _all_string_equals(found: Any, expected: Any) -> bool:
    return (
        isinstance(found, list)
        and len(found) > 0
        and all(type(item) is str and item == expected for item in found)
    )


def _any_string_equals(found: Any, expected: Any) -> bool:
    return isinstance(found, list) and any(type(item) is str and item == expected for item in found)


COMPARATORS = {
    "stringEquals": _string_equals,
    "booleanEquals": _boolean_equals,
    "allStringEquals": _all_string_equals,
    "anyStringEquals": _any_string_equals,
}


class OutputMatcher(_PathBase):
    """Smithy ``output``: ``argument`` over a successful response, through ``comparator``."""

    __slots__ = ("comparator", "_compare")
    name = "output"
    epoch = True

    comparator: str
    _compare: Callable[[Any, Any], bool]

    def __init__(self, argument: str, expected: Any, comparator: str) -> None:
        super().__init__(argument, expected)
        set_field(self, "comparator", comparator)
        set_field(self, "_compare", COMPARATORS[comparator])

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        if codes is not None:
            return False
        return self._compare(self._get(self.subject(response, params)), self.expected)

    def test(self, found: Any) -> bool:
        return self._compare(found, self.expected)

    @property
    def explanation(self) -> str:
        return (
            f'For expression "{self.argument}" we matched expected path: "{self.expected}" '
            f"({self.comparator})"
        )

    def describe(self) -> str:
        return f"`{self.argument}` {self.comparator} {brief(self.expected)}"


class InputOutputMatcher(OutputMatcher):
    """Smithy ``inputOutput``: the path runs over ``{"input": params, "output": response}``."""

    __slots__ = ()
    name = "inputOutput"

    def subject(self, response: Any, params: Any) -> Any:
        return {"input": params, "output": response}

    @property
    def inputs(self) -> frozenset[str]:  # type: ignore[override]
        """The wait's parameters this path reads (``input.X``)."""
        return fields_under(parse_jmespath(self.argument), "input")

    def describe(self) -> str:
        return f"`{self.argument}` {self.comparator} {brief(self.expected)} (input and output)"

    @property
    def plain_path(self) -> CompiledPath | None:
        return None

    def shown(self, response: Any, params: Any) -> list[tuple[str, Any]]:
        """The output values the path compares with the input (`output.Result` = 0): the
        truth of ``output.Result == input.Expected`` says nothing a reader can act on.
        Fields the response lacks are left out (``output.BodyMatched``, there only when
        ``BodyMatches`` was given), unless it lacks them all (each shown as null)."""
        names = _output_fields(self.argument)
        if not names:
            return super().shown(response, params)  # its subject is new each time
        got = response if isinstance(response, Mapping) else {}
        present = [name for name in names if name in got] or names
        return [(f"output.{name}", got.get(name)) for name in present]


@lru_cache(maxsize=256)
def _output_fields(argument: str) -> tuple[str, ...]:
    """The output fields an ``inputOutput`` path reads, when it also reads the input."""
    tree = parse_jmespath(argument)
    if not fields_under(tree, "input"):
        return ()
    return tuple(sorted(fields_under(tree, "output")))


class SuccessMatcher(Frozen):
    """Smithy ``success``: true when the call succeeded, false when it failed with an error."""

    __slots__ = ("expected",)
    name = "success"
    argument = None
    reads_response = False
    caution: str | None = None
    inputs: frozenset[str] = frozenset()

    expected: bool

    def __init__(self, expected: bool) -> None:
        set_field(self, "expected", expected)

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return (codes is None) is self.expected

    @property
    def error_name(self) -> str | None:
        return None if self.expected else "*"  # "any error"

    @property
    def explanation(self) -> str:
        return "Matched success" if self.expected else "Matched an error"

    def describe(self) -> str:
        return "the call succeeds" if self.expected else "the call fails with any error"


class ErrorTypeMatcher(Frozen):
    """Smithy ``errorType``: the error's code (or exception class) is the shape's name."""

    __slots__ = ("expected", "_shape_name")
    name = "errorType"
    argument = None
    reads_response = False
    caution: str | None = None
    inputs: frozenset[str] = frozenset()

    expected: str
    _shape_name: str

    def __init__(self, expected: str) -> None:
        set_field(self, "expected", expected)
        set_field(self, "_shape_name", shape_name(expected))  # an absolute shape id: its name

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is not None and self._shape_name in codes

    @property
    def error_name(self) -> str:
        return self._shape_name

    @property
    def explanation(self) -> str:
        return f"Matched expected service error code: {self._shape_name}"

    def describe(self) -> str:
        return f"error {self._shape_name}"


def _truthy(value: Any) -> bool:
    """JMESPath's truth: false, null, "", [] and {} are false; anything else (0 too) true."""
    return not (value is None or value is False or value in ("", [], {}))


class ReadyMatcher(_PathBase):
    """``waitable.until``'s JMESPath ``ready=``: the value selected is true (as
    JMESPath's ``&&`` and filters read it); skips error outcomes."""

    __slots__ = ()
    name = "ready"

    def __init__(self, argument: str) -> None:
        super().__init__(argument, True)

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is None and _truthy(self._get(response))

    def test(self, found: Any) -> bool:
        return _truthy(found)

    @property
    def explanation(self) -> str:
        return f'For expression "{self.argument}" we matched a true value'

    def describe(self) -> str:
        return f"`{self.argument}` is true"


class PredicateMatcher(Frozen):
    """``waitable.until``'s ``ready=`` function: true for the function's result; skips
    error outcomes (a retried exception). A summary shows the result itself."""

    __slots__ = ("predicate", "label")
    name = "predicate"
    argument = "result"  # what a summary or progress line calls the value it shows
    reads_response = False  # any Python object: nothing is searched
    caution: str | None = None
    error_name = None
    inputs: frozenset[str] = frozenset()
    plain_path = None

    predicate: Callable[[Any], Any]
    label: str
    """How the predicate is named in words (``ready(result)``)."""

    def __init__(self, predicate: Callable[[Any], Any], label: str) -> None:
        set_field(self, "predicate", predicate)
        set_field(self, "label", label)

    def matches(self, response: Any, codes: tuple[Any, ...] | None, params: Any = None) -> bool:
        return codes is None and bool(self.predicate(response))

    def test(self, found: Any) -> bool:
        return bool(self.predicate(found))

    def shown(self, response: Any, params: Any) -> list[tuple[str, Any]]:
        return [("result", response)]

    @property
    def explanation(self) -> str:
        return f"Matched {self.label}"

    def describe(self) -> str:
        return f"{self.label} is true"


if TYPE_CHECKING:
    Matcher = Union[
        PathMatcher,
        PathAllMatcher,
        PathAnyMatcher,
        StatusMatcher,
        ErrorMatcher,
        OutputMatcher,
        SuccessMatcher,
        ErrorTypeMatcher,
        ReadyMatcher,
        PredicateMatcher,
    ]


BOTOCORE_MATCHERS: Mapping[str, Callable[[Any, Any], Matcher]] = {
    "path": PathMatcher,
    "pathAll": PathAllMatcher,
    "pathAny": PathAnyMatcher,
    "status": lambda argument, expected: StatusMatcher(int(expected)),
    "error": lambda argument, expected: ErrorMatcher(expected),
}
"""botocore's matchers by name, each made from an acceptor's ``argument`` (None where
the matcher takes none) and ``expected``, both already checked."""

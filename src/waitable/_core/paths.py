"""JMESPath, compiled once per expression text into Python functions.

``jmespath.compile()`` builds a Parser per call even when its own cache hits, and its
``search()`` walks the tree with a new interpreter per call: both are avoided here. A
plain dotted path (``Table.TableStatus``, ``Open``: most paths) needs no parser at all:
it is looked up directly, as jmespath would, and jmespath is imported only for an
expression that needs it, whose tree ``jmes`` turns into closures.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from .lookup import lookup, seconds
from .text import TOO_DEEP, counted, did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable


@lru_cache(maxsize=4096)
def parse_jmespath(expression: str) -> Any:
    """The compiled tree of ``expression``; jmespath's ParseError propagates.

    Cached: the same few expressions recur across definitions and files; trees are
    never mutated.
    """
    import jmespath

    return jmespath.compile(expression).parsed


def is_jmespath_error(exc: BaseException) -> bool:
    """Whether ``exc`` is jmespath's (a parse or a run-time error), without importing
    jmespath: when it was never imported, no error can be its."""
    # (a module another thread is still importing may not have the class yet: then no
    # error can be one)
    error = getattr(sys.modules.get("jmespath.exceptions"), "JMESPathError", None)
    return error is not None and isinstance(exc, error)


def is_dotted(expression: str) -> bool:
    """A plain path of names, ``a.b.c``: JMESPath that needs no parser to evaluate.
    (Each name is JMESPath's unquoted identifier, ``[A-Za-z_][A-Za-z0-9_]*``: an ASCII
    Python identifier.)"""
    return expression.isascii() and all(name.isidentifier() for name in expression.split("."))


def getter(expression: str, *, epoch: bool = False) -> CompiledPath:
    """A function evaluating ``expression`` over a value, as JMESPath would (``epoch``:
    timestamps as epoch seconds, as Smithy's paths read them); it pickles as its text.

    A plain path of names (most acceptor paths, paginator tokens and keys) is looked up
    directly, about ten times faster than the interpreter and with no parse; anything
    else is compiled (jmespath's ParseError propagates) and searched.
    """
    return _compiled(expression, epoch)


@lru_cache(maxsize=4096)
def _compiled(expression: str, epoch: bool) -> CompiledPath:
    """Shared per expression: the same paths recur across waiters and files (a compiled
    path is immutable once made)."""
    return (_Lookup if is_dotted(expression) else _Search)(expression, epoch)


class CompiledPath:
    """A compiled expression that pickles as its text. ``evaluate`` evaluates it; a loop
    that keeps it takes ``function()``, the bare function (a page iterator's, a wait's)."""

    __slots__ = ("epoch", "expression", "evaluate")

    epoch: bool
    expression: str
    evaluate: Callable[[Any], Any]

    def __call__(self, value: Any) -> Any:
        raise NotImplementedError

    def __init__(self, expression: str, epoch: bool) -> None:
        self.expression, self.epoch = expression, epoch

    def function(self) -> Callable[[Any], Any]:
        """The bare function evaluating the expression."""
        return self.evaluate

    def __reduce__(self) -> tuple[Any, ...]:
        return (_compiled, (self.expression, self.epoch))  # shared again where unpickled


class _Lookup(CompiledPath):
    """A plain dotted path, looked up as jmespath's ``visit_field`` does: ``.get``, and
    None for a value without one."""

    __slots__ = ("names",)

    def __init__(self, expression: str, epoch: bool) -> None:
        self.expression, self.epoch = expression, epoch
        self.names = tuple(expression.split("."))
        self.evaluate = lookup(self.names, epoch)

    def __call__(self, value: Any) -> Any:
        for name in self.names:
            try:
                value = value.get(name)
            except AttributeError:
                return None
        return seconds(value) if self.epoch else value


class _Search(CompiledPath):
    """Any other expression: parsed (and so checked) when made, as botocore parses its
    paths at load; compiled into closures (``jmes``) that evaluate it as jmespath's
    interpreter does at its first use. A file's many waiters build only what runs."""

    __slots__ = ("_closures",)

    def __init__(self, expression: str, epoch: bool) -> None:
        parse_jmespath(expression)  # jmespath's ParseError, now
        self.expression, self.epoch = expression, epoch
        self._closures: Callable[[Any], Any] | None = None
        self.evaluate = self._first_use

    def function(self) -> Callable[[Any], Any]:
        closures = self._closures
        if closures is None:  # (two threads may both build it: the same closures)
            from .jmes import compile_tree  # imports jmespath

            closures = compile_tree(parse_jmespath(self.expression), epoch=self.epoch)
            self._closures = self.evaluate = closures
        return closures

    def _first_use(self, value: Any) -> Any:
        return self.function()(value)

    def __call__(self, value: Any) -> Any:
        return self.evaluate(value)


@lru_cache(maxsize=4096)
def jmespath_problem(expression: str) -> str:
    """Why ``expression`` can only fail: jmespath's reason it does not compile, or a call
    of an unknown function or with the wrong number of arguments; else ``""``. Cached:
    loading checks the same few paths in many files."""
    if is_dotted(expression):  # valid, and needs no parser
        return ""
    try:
        tree = parse_jmespath(expression)
    except RecursionError:  # jmespath's parser recurses once per nesting level
        return TOO_DEEP
    except Exception as exc:
        if not is_jmespath_error(exc):
            raise
        return " ".join(str(exc).split())
    if _depth(tree) > MAX_DEPTH:
        return f"nested deeper than {MAX_DEPTH} levels: JMESPath's evaluator would run out of stack"
    return function_problem(tree) if "(" in expression else ""


MAX_DEPTH = 100
"""The deepest expression tree accepted: jmespath evaluates it recursively, a few Python
frames a level; no real path comes near."""


def _depth(tree: Any) -> int:
    """How deep a jmespath tree nests (counted without recursion)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        for child in node.get("children", ()) if isinstance(node, dict) else ():
            stack.append((child, level + 1))
    return deepest


@lru_cache(maxsize=1)
def _signatures() -> dict[str, tuple[int, bool]]:
    """``{function: (arguments, variadic)}`` of jmespath's built-in functions."""
    from jmespath.functions import Functions

    table = Functions().FUNCTION_TABLE
    return {
        name: (len(entry["signature"]), any(s.get("variadic") for s in entry["signature"]))
        for name, entry in table.items()
    }


def function_problem(tree: Any) -> str:
    """The first call in ``tree`` of an unknown function or with a wrong argument count."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("type") == "function_expression":
            name, count = node["value"], len(node["children"])
            known = _signatures().get(name)
            if known is None:
                return f"unknown function {name}(){did_you_mean(name, _signatures())}"
            wanted, variadic = known
            if count < wanted or (count > wanted and not variadic):
                least = "at least " if variadic else ""
                return f"{name}() takes {least}{counted(wanted, 'argument')}, not {count}"
        stack.extend(child for child in node.get("children", ()) if isinstance(child, dict))
    return ""


_NUMBER_FUNCTIONS = frozenset({"abs", "avg", "ceil", "floor", "length", "sum", "to_number"})
_BOOLEAN_NODES = frozenset({"comparator", "not_expression", "and_expression", "or_expression"})


def result_kind(tree: Any) -> str:
    """``number`` or ``boolean`` when an expression can only give one; else ``""``."""
    kind = tree.get("type")
    if kind == "function_expression" and tree["value"] in _NUMBER_FUNCTIONS:
        return "number"
    if kind in _BOOLEAN_NODES:
        return "boolean" if kind != "and_expression" and kind != "or_expression" else ""
    if kind == "literal":
        value = tree.get("value")
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, (int, float)):
            return "number"
    return ""


def fields_under(tree: Any, root: str) -> frozenset[str]:
    """The names an expression reads directly below the top-level field ``root``.

    ``fields_under(parse_jmespath("output.A == input.B && input.C"), "input")`` is
    ``{"B", "C"}``: which of a wait's parameters a Smithy ``inputOutput`` path reads.
    """
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        children = node.get("children", ())
        if (
            node.get("type") == "subexpression"
            and len(children) >= 2
            and children[0] == {"type": "field", "children": [], "value": root}
        ):
            below = children[1]
            if below.get("type") == "field":
                found.add(below["value"])
            elif below.get("type") == "multi_select_list":
                found.update(c["value"] for c in below["children"] if c.get("type") == "field")
        stack.extend(child for child in children if isinstance(child, dict))
    return frozenset(found)

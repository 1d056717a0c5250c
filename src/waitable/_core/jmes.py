"""JMESPath compiled into Python closures, node for node.

jmespath's ``TreeInterpreter`` dispatches every node through ``visit`` (a dict lookup
and two calls per node, per evaluation): over half of an attempt's time went there. Here
a parsed tree becomes one closure per node, once, that does what the interpreter's
``visit_<node>`` does with the same semantics, reusing jmespath's own pieces where
they carry meaning: its equality (``COMPARATOR_FUNC``, 0/1 against booleans), its
truth (``_is_false``), ``!`` (the interpreter's ``visit_not_expression`` itself, whose
rule for zero changed between releases) and its ``Functions`` (argument checks, errors,
``expref``). A node type this module does not know is handed to the interpreter.

``tests/core/test_jmes_differential.py`` holds this to jmespath: the same value or the
same exception type, type-exact, over every expression botocore ships and generated ones.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from .lookup import lookup, seconds

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .lookup import Evaluate


def compile_tree(tree: Any, *, epoch: bool = False) -> Evaluate:
    """A function of a value evaluating ``tree`` (a jmespath AST) as jmespath's
    interpreter would (``epoch``: fields read a datetime as its epoch seconds, as
    Smithy's paths do)."""
    return _Compiler(interpreter(epoch), epoch).node(tree)


@lru_cache(maxsize=2)
def interpreter(epoch: bool) -> Any:
    """The shared interpreter (one per kind), for nodes not compiled here and the
    pieces reused: it keeps only a method cache, so sharing it across threads is safe.
    ``epoch``: Smithy's, reading timestamps as numbers."""
    from jmespath.visitor import TreeInterpreter

    class EpochInterpreter(TreeInterpreter):
        """JMESPath as Smithy specifies it: a timestamp is its epoch seconds, so that it
        compares with numbers (``output.UpdatedAt > input.Since``)."""

        def visit_field(self, node: Any, value: Any) -> Any:
            return seconds(super().visit_field(node, value))

    return (EpochInterpreter if epoch else TreeInterpreter)()


class _Expression:
    """An ``&expr`` argument, as jmespath's ``_Expression`` (functions tell it by this
    class name, and evaluate it with ``visit(expression, value)``)."""

    __slots__ = ("expression", "_run")

    def __init__(self, expression: Any, run: Evaluate) -> None:
        self.expression = expression
        self._run = run

    def visit(self, node: Any, value: Any) -> Any:
        return self._run(value)


class _Compiler:
    __slots__ = ("interpreter", "epoch", "is_false", "call_function", "equality", "ordering")

    def __init__(self, interpreter: Any, epoch: bool) -> None:
        from jmespath import visitor

        self.interpreter = interpreter
        self.epoch = epoch
        self.is_false = interpreter._is_false
        self.call_function = interpreter._functions.call_function
        self.equality = type(interpreter).COMPARATOR_FUNC
        self.ordering = getattr(visitor, "_is_comparable")  # noqa: B009 - not in the stubs

    def node(self, node: Any) -> Evaluate:
        make = _MAKERS.get(str(node.get("type"))) if isinstance(node, dict) else None
        if make is None:  # a node this module does not know: the interpreter's
            visit = self.interpreter.visit
            return lambda value: visit(node, value)
        return make(self, node)

    def children(self, node: Any) -> list[Evaluate]:
        return [self.node(child) for child in node["children"]]

    # -- paths -----------------------------------------------------------------------

    def field(self, node: Any) -> Evaluate:
        return self.fields([node["value"]])

    def fields(self, names: list[str]) -> Evaluate:
        return lookup(tuple(names), self.epoch)

    def chained(self, node: Any) -> Evaluate:
        """``subexpression``, ``index_expression``, ``pipe``: each child over the last."""
        children = node["children"]
        if all(isinstance(c, dict) and c.get("type") == "field" for c in children):
            return self.fields([c["value"] for c in children])
        steps = self.children(node)
        if len(steps) == 2:
            first, second = steps
            return lambda value: second(first(value))

        def chain(value: Any) -> Any:
            for step in steps:
                value = step(value)
            return value

        return chain

    def current(self, node: Any) -> Evaluate:
        return lambda value: value

    def literal(self, node: Any) -> Evaluate:
        constant = node["value"]  # the tree's own object, as the interpreter returns it
        return lambda value: constant

    def index(self, node: Any) -> Evaluate:
        at = node["value"]

        def index(value: Any) -> Any:
            if not isinstance(value, list):
                return None
            try:
                return value[at]
            except IndexError:
                return None

        return index

    def slice(self, node: Any) -> Evaluate:
        bounds = node["children"]

        def sliced(value: Any) -> Any:
            if not isinstance(value, list):
                return None
            return value[slice(*bounds)]  # a zero step raises as jmespath's does

        return sliced

    # -- projections -----------------------------------------------------------------

    def projection(self, node: Any) -> Evaluate:
        left_node, right_node = node["children"]
        left = self.node(left_node)
        kind = right_node.get("type") if isinstance(right_node, dict) else None
        if kind == "identity" or kind == "current":

            def kept(value: Any) -> Any:
                base = left(value)
                if not isinstance(base, list):
                    return None
                return [element for element in base if element is not None]

            return kept
        if kind == "field" and not self.epoch and left_node.get("type") == "flatten":
            return self._flat_plucked(left_node, right_node["value"])
        if kind == "field" and not self.epoch:
            name = right_node["value"]

            def plucked(value: Any) -> Any:
                base = left(value)
                if not isinstance(base, list):
                    return None
                collected = []
                for element in base:
                    try:
                        found = element.get(name)
                    except AttributeError:
                        continue
                    if found is not None:
                        collected.append(found)
                return collected

            return plucked
        right = self.node(right_node)

        def projected(value: Any) -> Any:
            base = left(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                found = right(element)
                if found is not None:
                    collected.append(found)
            return collected

        return projected

    def _flat_plucked(self, flatten: Any, name: str) -> Evaluate:
        """``a[].b`` in one pass: ``flatten``'s list and the field plucked from each
        member (what ``projection`` over ``flatten`` gives, without the list between)."""
        (inner,) = self.children(flatten)

        def flat_plucked(value: Any) -> Any:
            base = inner(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                if isinstance(element, list):  # flattened one level, as ``flatten``
                    for member in element:
                        try:
                            found = member.get(name)
                        except AttributeError:
                            continue
                        if found is not None:
                            collected.append(found)
                    continue
                try:
                    found = element.get(name)
                except AttributeError:
                    continue
                if found is not None:
                    collected.append(found)
            return collected

        return flat_plucked

    def value_projection(self, node: Any) -> Evaluate:
        left, right = self.children(node)

        def projected(value: Any) -> Any:
            base = left(value)
            try:
                base = base.values()
            except AttributeError:
                return None
            collected = []
            for element in base:
                found = right(element)
                if found is not None:
                    collected.append(found)
            return collected

        return projected

    def filter_projection(self, node: Any) -> Evaluate:
        left, right, condition = self.children(node)
        is_false = self.is_false

        def filtered(value: Any) -> Any:
            base = left(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                if not is_false(condition(element)):
                    found = right(element)
                    if found is not None:
                        collected.append(found)
            return collected

        return filtered

    def flatten(self, node: Any) -> Evaluate:
        (inner,) = self.children(node)

        def flattened(value: Any) -> Any:
            base = inner(value)
            if not isinstance(base, list):
                return None
            merged: list[Any] = []
            for element in base:
                if isinstance(element, list):
                    merged.extend(element)
                else:
                    merged.append(element)
            return merged

        return flattened

    # -- multi-selects ---------------------------------------------------------------

    def multi_select_list(self, node: Any) -> Evaluate:
        items = self.children(node)

        def selected(value: Any) -> Any:
            if value is None:
                return None
            return [item(value) for item in items]

        return selected

    def multi_select_dict(self, node: Any) -> Evaluate:
        pairs = [(child["value"], self.node(child)) for child in node["children"]]
        make_dict = self.interpreter._dict_cls

        def selected(value: Any) -> Any:
            if value is None:
                return None
            collected = make_dict()
            for key, item in pairs:
                collected[key] = item(value)
            return collected

        return selected

    def key_val_pair(self, node: Any) -> Evaluate:
        (inner,) = self.children(node)
        return inner

    # -- logic and comparison --------------------------------------------------------

    def or_expression(self, node: Any) -> Evaluate:
        left, right = self.children(node)
        is_false = self.is_false

        def either(value: Any) -> Any:
            matched = left(value)
            return right(value) if is_false(matched) else matched

        return either

    def and_expression(self, node: Any) -> Evaluate:
        left, right = self.children(node)
        is_false = self.is_false

        def both(value: Any) -> Any:
            matched = left(value)
            return matched if is_false(matched) else right(value)

        return both

    def not_expression(self, node: Any) -> Evaluate:
        (inner,) = self.children(node)
        negate = self.interpreter.visit_not_expression

        def negated(value: Any) -> Any:
            # the interpreter's own rule (!0 changed between releases), given the value
            return negate({"children": [{"type": "literal", "value": inner(value)}]}, None)

        return negated

    def comparator(self, node: Any) -> Evaluate:
        left, right = self.children(node)
        compare = self.equality[node["value"]]
        if node["value"] in ("eq", "ne"):
            return lambda value: compare(left(value), right(value))
        comparable = self.ordering

        def ordered(value: Any) -> Any:
            first, second = left(value), right(value)
            if not (comparable(first) and comparable(second)):
                return None  # ordering is only for numbers and strings
            return compare(first, second)

        return ordered

    def function_expression(self, node: Any) -> Evaluate:
        name, arguments = node["value"], self.children(node)
        call = self.call_function  # checks the name, arity and types as jmespath does
        if len(arguments) == 1:
            (only,) = arguments
            return lambda value: call(name, [only(value)])
        return lambda value: call(name, [argument(value) for argument in arguments])

    def expref(self, node: Any) -> Evaluate:
        expression = node["children"][0]
        reference = _Expression(expression, self.node(expression))
        return lambda value: reference


_MAKERS: dict[str, Callable[[_Compiler, Any], Evaluate]] = {
    "field": _Compiler.field,
    "subexpression": _Compiler.chained,
    "index_expression": _Compiler.chained,
    "pipe": _Compiler.chained,
    "current": _Compiler.current,
    "identity": _Compiler.current,
    "literal": _Compiler.literal,
    "index": _Compiler.index,
    "slice": _Compiler.slice,
    "projection": _Compiler.projection,
    "value_projection": _Compiler.value_projection,
    "filter_projection": _Compiler.filter_projection,
    "flatten": _Compiler.flatten,
    "multi_select_list": _Compiler.multi_select_list,
    "multi_select_dict": _Compiler.multi_select_dict,
    "key_val_pair": _Compiler.key_val_pair,
    "or_expression": _Compiler.or_expression,
    "and_expression": _Compiler.and_expression,
    "not_expression": _Compiler.not_expression,
    "comparator": _Compiler.comparator,
    "function_expression": _Compiler.function_expression,
    "expref": _Compiler.expref,
}

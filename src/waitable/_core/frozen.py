"""Immutable, slotted records without ``dataclasses``.

``@dataclass`` builds each class with ``exec`` (about 1-2 ms a class at import) and its
frozen ``__init__`` is slow to call; waitable builds thousands of records when it loads
botocore's files. A ``Frozen`` subclass lists its fields in ``__slots__`` and assigns
them in a typed ``__init__`` through ``set_field``; this base adds immutability, ``repr``,
equality, hashing and pickling, all from the slots.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

set_field = object.__setattr__
"""Assign a field of a record in its ``__init__``: ``set_field(self, "name", value)``."""


class Frozen:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        for klass in reversed(cls.__mro__):
            slots = klass.__dict__.get("__slots__", ())
            fields.extend((slots,) if isinstance(slots, str) else slots)
        cls._fields = tuple(fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        """The public fields' values; private ones (``_ast``) are derived from them."""
        return tuple(getattr(self, name) for name in self._fields if name[0] != "_")

    def __repr__(self) -> str:
        shown = (n for n in self._fields if n[0] != "_")
        return (
            f"{type(self).__name__}({', '.join(f'{n}={_show(getattr(self, n))}' for n in shown)})"
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __reduce__(self) -> tuple[Any, ...]:
        state = {name: getattr(self, name) for name in self._fields}
        return (_rebuild, (type(self), state))


def _show(value: Any) -> str:
    """A field in a repr: data (a response) bounded, anything else as it is."""
    if isinstance(value, (dict, list)):
        from .text import brief

        return brief(value, 200, as_json=False)
    return repr(value)


def _rebuild(cls: type[Frozen], state: dict[str, Any]) -> Frozen:
    obj = cls.__new__(cls)
    for name, value in state.items():
        set_field(obj, name, value)
    return obj

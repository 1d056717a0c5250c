"""Small helpers that keep messages short and helpful."""

from __future__ import annotations

import reprlib
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable

TOO_DEEP = "nested too deeply (deeper than Python's recursion limit allows)"
"""Why a document, path or token that nests past the recursion limit is refused."""


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """A ``; did you mean ...?`` suffix naming the closest candidates, or ``""``."""
    import difflib  # only when there is a mistake to explain: it is slow to import

    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=cutoff)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


_BOUNDED = reprlib.Repr()
_BOUNDED.maxlevel = 4
_BOUNDED.maxstring = _BOUNDED.maxother = 80


_SCALARS = frozenset({str, int, bool, type(None)})  # floats: NaN needs its own spelling


def brief(value: Any, limit: int = 60, *, as_json: bool = True) -> str:
    """``value`` for a message: JSON (or ``repr``), cut to ``limit`` characters.

    Bounded for any value: one too deep for JSON, or whose ``repr`` fails, is shown by
    ``reprlib`` (four levels, long parts cut).
    """
    import json  # (not at start-up: a short command may never need it)

    if as_json and type(value) in _SCALARS:  # json's shared encoder: no encoder made
        text = json.dumps(value)
        return text if len(text) <= limit else text[: limit - 3] + "..."
    try:
        text = json.dumps(value, default=repr) if as_json else _BOUNDED.repr(value)
    except Exception:  # too deep, circular, or a repr that raises
        try:
            text = _BOUNDED.repr(value)
        except Exception:
            text = f"<{type(value).__name__}>"
    return cut(text, limit)


def cut(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters (``...`` says it was)."""
    text = " ".join(text.split()) if "\n" in text or "\r" in text else text
    return text if len(text) <= limit else text[: limit - 3] + "..."


def seconds(value: float) -> str:
    """``5 s``, ``0.5 s``."""
    return f"{value:g} s"


def shape_name(shape_id: str) -> str:
    """The name part of a Smithy shape id: ``ns.example#NotFound`` -> ``NotFound``."""
    return shape_id.rpartition("#")[2]


def counted(number: int, word: str) -> str:
    """``1 attempt``, ``3 attempts``: a count in words."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def caller_level() -> int:
    """The ``stacklevel`` for a ``warnings.warn`` made by the caller of this function
    that points at the first frame outside waitable: the user's line, however the call
    came in (``load``, ``for_client``, the command)."""
    level, frame = 1, sys._getframe(1)
    while frame.f_back is not None and _inside(frame.f_globals.get("__name__", "")):
        level, frame = level + 1, frame.f_back
    return level


def _inside(module: str) -> bool:
    return module == "waitable" or module.startswith("waitable.")

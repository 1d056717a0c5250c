"""Reading a definition document: a JSON file or already-parsed data, as plain data.

Errors name the source and, for JSON text, the line and column. Duplicate keys and
``NaN``/``Infinity`` are rejected: JSON would silently keep the last key, and neither
constant is JSON. The bundled files (waiter files, the JSON Schemas) are found here too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from .._errors import DefinitionError
from .text import TOO_DEEP

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Union

    Source = Union[str, os.PathLike[str], Mapping[str, Any]]
    """A path to a JSON file, or the already-parsed document."""


class _DuplicateKeyError(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


@lru_cache(maxsize=1)
def _decoder() -> Any:
    """One decoder for every document: ``json.loads`` with a hook builds a decoder and
    its scanner per call (~0.3 ms of loading botocore's 205 waiter files)."""
    import json  # on first use: the command's bundled waiters need none

    return json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def parse_json(text: str | bytes, source: str) -> Any:
    """JSON text to plain data; errors name the line and column. Bytes are decoded as
    ``json.loads`` decodes them (UTF-8, a BOM allowed; UTF-16 and UTF-32 detected)."""
    decoder = _decoder()
    import json

    try:
        if not isinstance(text, str):
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        return decoder.decode(text)
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
    except RecursionError:
        raise DefinitionError(f"{source}: {TOO_DEEP}") from None


def read_bytes(path: str) -> bytes:
    """A file's bytes through the OS calls themselves: ``open()`` builds a buffered file
    object per file, a third of the time of reading botocore's small waiter files."""
    fd = os.open(path, _READ)
    try:
        size = os.fstat(fd).st_size
        parts = [os.read(fd, size + 1)]  # one byte more: a file that grew is read on
        while parts[-1]:
            parts.append(os.read(fd, max(size, 1 << 16)))
    except IsADirectoryError as exc:  # (the read's error names no file)
        raise IsADirectoryError(exc.errno, exc.strerror, path) from None
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 2 else b"".join(parts)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (Windows: no newline translation)


def plain(data: Any) -> Any:
    """``data`` with every mapping a ``dict`` (botocore's loader gives ``OrderedDict``):
    the compiler's fast path checks exact types."""
    if isinstance(data, Mapping):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


def read_document(
    source: Source, caller: str = "load()", what: str = "waiter definitions"
) -> tuple[Any, str]:
    """``(plain data, name for messages)`` of a path or a mapping.

    A mapping goes through a JSON round trip: definitions are data, and the caller gets
    the same plain types a file would give (and keeps no reference to the caller's dict).
    """
    if type(source) is not str and isinstance(source, Mapping):
        name = "<dict>"
        try:
            import json

            text = json.dumps(source)
        except (TypeError, ValueError) as exc:
            raise DefinitionError(f"{name}: not JSON data: {exc}") from None
        except RecursionError:
            raise DefinitionError(f"{name}: {TOO_DEEP}") from None
        return parse_json(text, name), name
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        if "\0" in (name if isinstance(name, str) else name.decode(errors="replace")):
            raise DefinitionError(f"{name!r}: not a file path: it holds a NUL byte")
        return parse_json(read_bytes(name), name), name
    raise TypeError(f"{caller} takes a path or a dict of {what}, not {type(source).__name__}")


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@lru_cache(maxsize=1)
def bundled_dir() -> str:
    """The bundled ``waiters/`` folder: inside the installed package, or, in a source
    checkout (an editable install), at the top of the repository."""
    for candidate in (
        os.path.join(_PACKAGE, "waiters"),
        os.path.join(_PACKAGE, os.pardir, os.pardir, "waiters"),
    ):
        if os.path.isdir(candidate):
            return os.path.normpath(candidate)
    raise FileNotFoundError("waitable's bundled waiters/ folder is missing from this install")


def bundled_file(*parts: str) -> str:
    """The path of a bundled file, such as ``bundled_file("http.json")``."""
    return os.path.join(bundled_dir(), *parts)


SCHEMAS = ("waiters-2", "paginators-1", "smithy-waiters")


def schema_path(name: str = "waiters-2") -> str:
    """Path of a JSON Schema shipped in this package, for an editor (``"$schema"``) or a
    CI check: ``waiters-2`` (botocore's waiter files), ``paginators-1`` (botocore's
    paginator files) or ``smithy-waiters`` (Smithy trait values keyed by operation)."""
    if name not in SCHEMAS:
        raise ValueError(f"no schema named {name!r}; schemas: {', '.join(SCHEMAS)}")
    return os.path.join(_PACKAGE, "schemas", f"{name}.schema.json")

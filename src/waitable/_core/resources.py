"""Where the bundled JSON files are: one lookup for an install and a source checkout.

The files live in the repository's top-level ``waiters/`` folder; the wheel ships that
folder as ``waitable/waiters``. This is the only place that knows both.
"""

from __future__ import annotations

import os
from functools import lru_cache

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

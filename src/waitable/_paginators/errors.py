"""How a listing goes wrong: ``PaginationError`` (a ``WaitableError``)."""

from __future__ import annotations

from .._core.errors import WaitableError


class PaginationError(WaitableError):
    """A listing cannot go on: the service returned a token it had returned before,
    which would page forever."""

"""A wait's end as JSON data: the response, and the ``WaiterError`` re-created in the
process that reads the result (Celery's JSON serializer stores an exception by module,
class name and ``args``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from .._errors import (
    FailureStateError as _FailureStateError,
)
from .._errors import (
    UnexpectedResponseError as _UnexpectedResponseError,
)
from .._errors import (
    WaitCancelledError as _WaitCancelledError,
)
from .._errors import (
    WaiterError,
    add_note,
)
from .._errors import (
    WaiterTimeoutError as _WaiterTimeoutError,
)
from .._resume import error_details
from .._waiters.jsondata import jsonable as jsonable  # re-exported: waitable.celery.jsonable

PUBLIC_MODULE = "waitable.celery"
"""Where Celery finds the classes again (they are exported there)."""

# --- errors that survive Celery's JSON result serializer -------------------------------
#
# With the JSON serializer Celery stores an exception as its class's module and qualified
# name and its ``args``, and re-creates it as ``cls(*args)`` when the class's module is
# imported in the reading process. These classes take (message, details) as their args;
# details is JSON: name, reason, last_response (JSON-encoded), attempts, elapsed,
# observed (a timeout's counters) and the notes. The acceptor object does not survive.


class _RemoteError(WaiterError):
    """A ``WaiterError`` re-created from JSON: ``str()`` is botocore's message."""

    observed: Mapping[str, int]

    def __init__(self, message: str, details: Optional[Mapping[str, Any]] = None) -> None:
        info = dict(details or {})
        super().__init__(
            str(info.get("name", "")),
            str(info.get("reason", message)),
            info.get("last_response"),
            attempts=int(info.get("attempts", 0)),
            elapsed=float(info.get("elapsed", 0.0)),
        )
        self.args = (message, info)
        observed = info.get("observed")
        if isinstance(observed, Mapping):
            self.observed = {str(k): int(v) for k, v in observed.items()}
        for note in info.get("notes") or ():
            add_note(self, str(note))

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self.args)


class FailureStateError(_RemoteError, _FailureStateError):
    """``waitable.FailureStateError``, as ``res.get()`` raises it."""


class WaiterTimeoutError(_RemoteError, _WaiterTimeoutError):
    """``waitable.WaiterTimeoutError``, as ``res.get()`` raises it (``observed`` kept)."""


class UnexpectedResponseError(_RemoteError, _UnexpectedResponseError):
    """``waitable.UnexpectedResponseError``, as ``res.get()`` raises it."""


class WaitCancelledError(_RemoteError, _WaitCancelledError):
    """``waitable.WaitCancelledError``, as ``res.get()`` raises it."""


_REMOTE: tuple[tuple[type[WaiterError], type[_RemoteError]], ...] = (
    (_WaiterTimeoutError, WaiterTimeoutError),
    (_FailureStateError, FailureStateError),
    (_UnexpectedResponseError, UnexpectedResponseError),
    (_WaitCancelledError, WaitCancelledError),
)

for _cls in (FailureStateError, WaiterTimeoutError, UnexpectedResponseError, WaitCancelledError):
    _cls.__module__ = PUBLIC_MODULE  # Celery finds the class again by module and name


def remote_error(error: WaiterError) -> _RemoteError:
    """``error`` as the class of this module that Celery's JSON serializer re-creates."""
    if isinstance(error, _RemoteError):
        return error
    cls = next((remote for local, remote in _REMOTE if isinstance(error, local)), _RemoteError)
    return cls(str(error), error_details(error))

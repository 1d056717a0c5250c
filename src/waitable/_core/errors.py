"""Every exception waitable raises; this module defines the root and the errors any
capability may raise, ``waitable._waiters.errors`` the ``WaiterError`` branch.

::

    Exception
     +-- WaitableError                 base of everything below
          +-- DefinitionError          (also ValueError) a waiter definition is malformed
          +-- ConfigError              (also ValueError) a per-call option is malformed
          +-- UnknownWaiterError       (also LookupError) no waiter of that name
          +-- OperationNotFoundError   (also LookupError) the client lacks the operation
          +-- WaiterError              a wait ended without reaching success
               +-- FailureStateError        an acceptor with state "failure" matched
               +-- WaiterTimeoutError       attempts (or time) ran out first
               +-- UnexpectedResponseError  an error response no acceptor expected
               +-- WaitCancelledError       the caller's cancel event was set

Exceptions raised by the operation itself, that no acceptor names, propagate unchanged.
"""

from __future__ import annotations

from typing import Any, Sequence


class WaitableError(Exception):
    """Base class of every error raised by waitable itself."""


class DefinitionError(WaitableError, ValueError):
    """A waiter definition is malformed.

    The message names the source (file path or ``<dict>``), the waiter, the acceptor
    index (counting from 0) and the field. ``problems`` lists every problem found, one
    message each; the message is those lines joined.
    """

    def __init__(self, message: str, problems: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) if problems else (message,)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self.args[0]), self.problems))


class ConfigError(WaitableError, ValueError):
    """A per-call option, such as ``WaiterConfig``, is malformed."""


class UnknownWaiterError(WaitableError, LookupError):
    """The model has no waiter of the requested name."""

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0]) if self.args else ""


class OperationNotFoundError(WaitableError, LookupError):
    """The client offers no callable for the waiter's operation."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def add_note(error: BaseException, note: str) -> None:
    """PEP 678 ``add_note``, also on Pythons before 3.11 (there: ``__notes__`` only)."""
    if hasattr(error, "add_note"):
        error.add_note(note)
    else:  # pragma: no cover - Python < 3.11
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]

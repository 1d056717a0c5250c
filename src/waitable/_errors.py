"""Every exception waitable raises.

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

``WaiterError`` keeps botocore's ``str()`` (``Waiter {name} failed: {reason}``) and
reason texts, so log scrapers and tests written against botocore keep working.
Exceptions raised by the operation itself, that no acceptor names, propagate unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from ._model import Acceptor


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


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A ``; did you mean ...?`` suffix naming the closest candidates, or ``""``."""
    import difflib  # only when there is a mistake to explain: it is slow to import

    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


class WaiterError(WaitableError):
    """A wait ended without reaching a success state.

    Attributes:
        name: the waiter's name.
        reason: why it ended, in botocore's words.
        last_response: the last response seen (an error response for errors).
        attempts: how many times the operation was called.
        elapsed: seconds from the first call to the end.
        acceptor: the acceptor behind the reason: the failure acceptor that matched,
            or for a timeout the retry acceptor that matched last (None if none did).
    """

    def __init__(
        self,
        name: str,
        reason: str,
        last_response: Any,
        *,
        attempts: int = 0,
        elapsed: float = 0.0,
        acceptor: Acceptor | None = None,
    ) -> None:
        super().__init__(f"Waiter {name} failed: {reason}")
        self.name = name
        self.reason = reason
        self.last_response = last_response
        self.attempts = attempts
        self.elapsed = elapsed
        self.acceptor = acceptor

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields are not restored by Exception's default pickling.
        return (
            _rebuild_waiter_error,
            (type(self), self.name, self.reason, self.last_response),
            self.__dict__,
        )


def _rebuild_waiter_error(
    cls: type[WaiterError], name: str, reason: str, last_response: Any
) -> WaiterError:
    return cls(name, reason, last_response)


class FailureStateError(WaiterError):
    """An acceptor whose state is ``failure`` matched: the resource will not get ready."""


class WaiterTimeoutError(WaiterError):
    """The waiter ran out of attempts (or time) before any success or failure matched.

    ``observed`` counts what the last attempts saw (error codes, HTTP statuses, the
    values of the acceptors' paths); the same summary is added as an exception note,
    which tracebacks show below botocore's message.
    """

    observed: Mapping[str, int] = MappingProxyType({})  # set per instance on a timeout


def add_note(error: BaseException, note: str) -> None:
    """PEP 678 ``add_note``, also on Pythons before 3.11 (there: ``__notes__`` only)."""
    if hasattr(error, "add_note"):
        error.add_note(note)
    else:  # pragma: no cover - Python < 3.11
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]


class UnexpectedResponseError(WaiterError):
    """The operation answered with an error response that no acceptor expected."""


class WaitCancelledError(WaiterError):
    """The caller set the waiter's ``cancel`` event: no further calls were made."""

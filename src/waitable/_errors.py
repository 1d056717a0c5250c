"""Every exception waitable raises, in one place (the model: httpx's ``_exceptions``).

::

    Exception
     +-- WaitableError                    base of everything below
          +-- DefinitionError             (also ValueError) a definition is malformed
          +-- ConfigError                 (also ValueError) an option or WaiterConfig is malformed
          +-- NotFoundError               (also LookupError) nothing of that name
          |    +-- UnknownWaiterError          no waiter of that name
          |    +-- UnknownPaginatorError       no paginator of that name
          |    +-- UnknownServiceError         no service of that name
          |    +-- OperationNotFoundError      the client lacks the operation
          +-- PaginationError             a listing cannot go on (a repeated token, a bad page)
          +-- StateError                  (also ValueError) a wait state is invalid
          |    +-- DefinitionChangedError      the state was made for another definition
          +-- WaiterError                 a wait ended without reaching success
               +-- FailureStateError           an acceptor with state "failure" matched
               +-- WaiterTimeoutError          attempts (or time) ran out first
               +-- UnexpectedResponseError     an error response no acceptor expected
               +-- WaitCancelledError          the caller's cancel event was set

    UserWarning
     +-- DefinitionWarning                a definition loads, but has something to know

Exceptions raised by the operation itself, that no acceptor names, propagate unchanged.
``WaiterError`` keeps botocore's ``str()`` (``Waiter {name} failed: {reason}``) and
reason texts, so log scrapers and tests written against botocore keep working. A waiter
bound to a botocore (or aiobotocore) client raises its ``WaiterError`` as also an
instance of ``botocore.exceptions.WaiterError`` (``as_botocore``), so an
``except botocore.exceptions.WaiterError`` written for boto3's waiters still catches it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType

TYPE_CHECKING = False
if TYPE_CHECKING:  # a type only (allowed upward by the import contract)
    from typing import Any, ClassVar, Sequence

    from ._waiters.definitions import Acceptor


class WaitableError(Exception):
    """Base class of every error raised by waitable itself."""


class DefinitionError(WaitableError, ValueError):
    """A waiter or paginator definition is malformed.

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
    """An option of a waiter, or a per-call ``WaiterConfig``, is malformed."""


class NotFoundError(WaitableError, LookupError):
    """Nothing of the requested name: the message suggests close names."""

    kind: ClassVar[str] = "name"
    """What was looked for: ``waiter``, ``paginator``, ``service`` or ``operation``."""

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0]) if self.args else ""


class UnknownWaiterError(NotFoundError):
    """The model (or client) has no waiter of the requested name."""

    kind = "waiter"


class UnknownPaginatorError(NotFoundError):
    """The model (or client) has no paginator of the requested name."""

    kind = "paginator"


class UnknownServiceError(NotFoundError):
    """No built-in (or AWS) service of the requested name.

    ``known`` holds the names that exist, for a caller that suggests from more sources.
    """

    kind = "service"

    def __init__(self, message: str, known: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.known: tuple[str, ...] = tuple(known)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self.args[0]), self.known))


class OperationNotFoundError(NotFoundError):
    """The client offers no callable for the waiter's (or paginator's) operation."""

    kind = "operation"


class PaginationError(WaitableError):
    """A listing cannot go on: the service returned a token it had returned before,
    which would page forever, or a page that cannot be read (a number where the result
    list should be, a circular next token)."""


class StateError(WaitableError, ValueError):
    """A ``WaitState`` cannot be used: not JSON, another schema version, a missing or
    mistyped field, or polled before its result exists."""


class DefinitionChangedError(StateError):
    """A ``WaitState`` was made for another version of its waiter's definition: its
    acceptor indexes and limits mean nothing against this one (poll with
    ``adopt=True`` to go on under the new definition)."""


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
        # Exception's, not super()'s: as_botocore's classes put botocore's WaiterError,
        # with another signature, next in the method order
        Exception.__init__(self, f"Waiter {name} failed: {reason}")
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


class UnexpectedResponseError(WaiterError):
    """The operation answered with an error response that no acceptor expected."""


class WaitCancelledError(WaiterError):
    """The caller set the waiter's ``cancel`` event: no further calls were made."""


class DefinitionWarning(UserWarning):
    """A definition loads, with something its author should know (an ``argument`` that
    botocore ignores, a member Smithy does not know, an ``error`` acceptor of ``""``).
    It names the file, waiter and acceptor, and points at the line that loaded it."""


def as_botocore(error: WaiterError) -> WaiterError:
    """``error``, now also an instance of ``botocore.exceptions.WaiterError`` (with its
    ``kwargs``): the same object (traceback, notes, attributes kept), its class swapped
    for a subclass of both, made once per class. Only for a waiter on a botocore client,
    so botocore is loaded already (this module never imports it). It pickles as
    waitable's own class."""
    botocore = sys.modules.get("botocore.exceptions")
    cls = type(error)
    if botocore is None or globals().get(cls.__name__) is not cls:
        return error  # botocore not loaded, or a class of someone else's: as it is
    made = _BOTOCORE_CLASSES.get(cls)
    if made is None:
        made = type(
            cls.__name__,
            (cls, botocore.WaiterError),
            {
                "__module__": cls.__module__,
                "__qualname__": cls.__qualname__,
                "__doc__": cls.__doc__,
                "__reduce__": _reduce_as_waitable,
            },
        )
        made = _BOTOCORE_CLASSES.setdefault(cls, made)  # one class, whichever thread made it
    error.__class__ = made
    error.kwargs = {"name": error.name, "reason": error.reason}  # type: ignore[attr-defined]
    return error


_BOTOCORE_CLASSES: dict[type[WaiterError], type[WaiterError]] = {}


def _reduce_as_waitable(error: WaiterError) -> tuple[Any, ...]:
    """Pickled as waitable's class it was made from (the reader may lack botocore)."""
    base = type(error).__mro__[1]
    return (
        _rebuild_waiter_error,
        (base, error.name, error.reason, error.last_response),
        error.__dict__,
    )


def add_note(error: BaseException, note: str) -> None:
    """PEP 678 ``add_note``, also on Pythons before 3.11 (there: ``__notes__`` only)."""
    if hasattr(error, "add_note"):
        error.add_note(note)
    else:  # pragma: no cover - Python < 3.11
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]

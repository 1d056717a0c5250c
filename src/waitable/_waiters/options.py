"""A waiter's options: one record, built and checked once, when the waiter is made.

``get_waiter(name, client, **options)`` and ``get_async_waiter`` take the keyword
options typed below (``WaiterOptions``, ``AsyncWaiterOptions``); ``Options.build``
checks them and applies the defaults, and the waiter, its policy and its plan read the
record. An option is added in two places: the ``_CommonOptions`` TypedDict (or one of
its two subclasses) and the ``Options`` record (its slot and type; for a function, its
``CALLABLES`` entry, which is its check). A test keeps the two in step.

A wrong option (``wait=5``, ``time.sleep`` given to an async waiter, an ``async def``
hook that would never be awaited, a misspelt name) is a ``TypeError`` naming the option
and what it takes.
"""

from __future__ import annotations

from types import BuiltinFunctionType

from .._core.frozen import Frozen, set_field
from .._core.operations import is_coroutine_function
from .._core.text import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:  # keyword options, for ``**options: Unpack[...]`` (types only)
    from collections.abc import Iterable
    from random import Random
    from typing import Any, Awaitable, Callable, ClassVar, Mapping, Protocol

    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT
    from typing_extensions import TypedDict

    from .attempts import Attempt

    class _CommonOptions(TypedDict, total=False):
        clock: Callable[[], float] | None
        """Replaces ``time.monotonic`` for ``elapsed``, the deadline and tenacity's stops."""
        wait: WaitBaseT | None
        """A tenacity wait strategy replacing the definition's delay rule."""
        stop: StopBaseT | None
        """A tenacity stop strategy, combined with the limits: the first to fire ends it."""
        random: Random | None
        """The random source of backoff jitter (``random.Random(seed)`` in tests)."""
        on_attempt: Callable[[Attempt], object] | None
        """Called with an ``Attempt`` after every call of the operation."""
        retry_after: Callable[[Any], float | None] | None
        """The least seconds a response asks before the next call (``Retry-After``)."""
        transient: bool | Iterable[str] | None
        """Error codes retried without spending an attempt (under a deadline) when no
        acceptor names them; True: throttling and transient server errors."""

    class WaiterOptions(_CommonOptions, total=False):
        """``get_waiter``'s keyword options."""

        sleep: Callable[[float], object] | None
        """Replaces ``time.sleep`` (never called with 0)."""
        cancel: Cancel | None
        """A ``threading.Event``: set, it ends the wait at once with WaitCancelledError."""

    class AsyncWaiterOptions(_CommonOptions, total=False):
        """``get_async_waiter``'s keyword options."""

        sleep: Callable[[float], Awaitable[object]] | None
        """Replaces ``asyncio.sleep``."""

    class WaiterConfig(TypedDict, total=False):
        """``wait(WaiterConfig=...)``: botocore's per-call limits and waitable's own (the
        keys ``policy.WAITER_CONFIG_KEYS`` checks at run time), so a type checker
        catches ``MaxAttemps``."""

        Delay: float
        MaxAttempts: int
        MinDelay: float
        MaxDelay: float
        MaxWaitTime: float


if TYPE_CHECKING:

    class Cancel(Protocol):
        """What ``cancel=`` takes: a ``threading.Event`` or anything that acts like one."""

        def is_set(self) -> bool: ...

        def wait(self, timeout: float | None = None) -> bool: ...


_SYNC_SLEEP = "a blocking function of seconds (such as time.sleep)"
_ASYNC_SLEEP = "an async function of seconds (such as asyncio.sleep)"


class Options(Frozen):
    """A waiter's options, checked, with their defaults applied.

    ``CALLABLES`` names the options that take a plain function (or tenacity strategy)
    and what each takes; ``build`` checks them all alike. ``sleep``, ``random`` and
    ``cancel`` have their own checks and defaults.
    """

    CALLABLES: ClassVar[Mapping[str, str]] = {
        "clock": "a function returning seconds (such as time.monotonic)",
        "wait": "a tenacity wait strategy (such as tenacity.wait_fixed(5))",
        "stop": "a tenacity stop strategy (such as tenacity.stop_after_delay(60))",
        "on_attempt": "a plain function of one Attempt",
        "retry_after": "a plain function of a response giving seconds or None",
    }
    NAMES: ClassVar[frozenset[str]]
    """Every option's keyword (``random`` makes the ``uniform`` field)."""

    __slots__ = (
        "sleep",
        "clock",
        "wait",
        "stop",
        "uniform",
        "on_attempt",
        "cancel",
        "retry_after",
        "transient",
    )

    sleep: Callable[[float], Any]
    clock: Callable[[], float]
    wait: WaitBaseT | None
    stop: StopBaseT | None
    uniform: Callable[[float, float], float]
    """The jitter's source: ``random.uniform``, or the given ``Random``'s."""
    on_attempt: Callable[[Attempt], object] | None
    cancel: Cancel | None
    retry_after: Callable[[Any], float | None] | None
    transient: frozenset[str | int]
    """Error codes (and, for ``transient=True``, HTTP statuses) retried without spending
    an attempt; empty: none (botocore's way: an error no acceptor names fails)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        for name in self._fields:
            set_field(self, name, values[name])

    def seeded(self, uniform: Callable[[float, float], float]) -> Options:
        """These options with another source of jitter (a durable wait's, from its seed)."""
        values = {name: getattr(self, name) for name in self._fields}
        values["uniform"] = uniform
        return Options(values)

    @classmethod
    def build(cls, where: str, given: Mapping[str, Any], *, awaited: bool = False) -> Options:
        """The options of a waiter (``awaited``: an ``AsyncWaiter``) from the keyword
        options given; ``where`` starts every message."""
        names = cls.NAMES
        unknown = sorted(set(given) - names)
        if unknown or (awaited and given.get("cancel") is not None):
            name = unknown[0] if unknown else "cancel"
            if name == "cancel":
                raise TypeError(f"{where}: cancel= is for threads; cancel an async wait's task")
            raise TypeError(
                f"{where}: no option {name!r}{did_you_mean(name, names)}; options: "
                f"{', '.join(sorted(names - ({'cancel'} if awaited else set())))}"
            )
        for name, takes in cls.CALLABLES.items():
            _check_callable(where, name, given.get(name), takes)
        values = {name: given.get(name) for name in cls._fields if name != "uniform"}
        random = given.get("random")
        if random is not None and not callable(getattr(random, "uniform", None)):
            raise _refuse(where, "random", random, _RANDOM)
        values["uniform"] = _uniform if random is None else random.uniform
        values["transient"] = _transient(where, values["transient"])
        if values["clock"] is None:
            from time import monotonic

            values["clock"] = monotonic
        if awaited:
            values["sleep"] = _async_sleep(where, values["sleep"])
        else:
            values["sleep"] = _sync_sleep(where, values["sleep"], values["cancel"])
        return cls(values)


Options.NAMES = frozenset({*(n for n in Options._fields if n != "uniform"), "random"})
_RANDOM = "a random.Random (anything with a uniform(a, b) method)"

TRANSIENT_ERRORS: frozenset[str | int] = frozenset(
    {
        # botocore's standard retry mode: its throttling codes ...
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
        # ... its transient codes, and its transient HTTP statuses
        "RequestTimeout",
        "RequestTimeoutException",
        500,
        502,
        503,
        504,
    }
)
"""What ``transient=True`` retries without spending attempts."""
_TRANSIENT = "True (throttling and transient server errors) or a list of error codes"


def _transient(where: str, value: Any) -> frozenset[str | int]:
    if value is None or value is False:
        return frozenset()
    if value is True:
        return TRANSIENT_ERRORS
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise _refuse(where, "transient", value, _TRANSIENT)
    codes = tuple(value)
    if not all(isinstance(code, str) and code for code in codes):
        raise _refuse(where, "transient", value, _TRANSIENT)
    return frozenset(codes)


def _refuse(where: str, option: str, value: Any, takes: str) -> TypeError:
    return TypeError(f"{where}: {option}= takes {takes}, not {value!r}")


def _check_callable(where: str, option: str, value: Any, takes: str, *, sync: bool = True) -> None:
    if value is None:
        return
    if not callable(value):
        raise _refuse(where, option, value, takes)
    if sync and is_coroutine_function(value):
        raise TypeError(
            f"{where}: {option}= is called without await, so an async def would never run; "
            f"give {takes}"
        )


def _sync_sleep(where: str, sleep: Any, cancel: Any) -> Callable[[float], Any]:
    """A blocking sleep; a cancellable one (the event's ``wait``) for a cancel event."""
    _check_callable(where, "sleep", sleep, _SYNC_SLEEP)
    if cancel is not None and not (
        callable(getattr(cancel, "is_set", None)) and callable(getattr(cancel, "wait", None))
    ):
        raise _refuse(where, "cancel", cancel, "a threading.Event")
    if sleep is not None:
        return sleep  # type: ignore[no-any-return]
    if cancel is not None:
        return cancel.wait  # type: ignore[no-any-return]
    from time import sleep as blocking

    return blocking


def _async_sleep(where: str, sleep: Any) -> Callable[[float], Any]:
    """A sleep that gives something to await (checked again when used)."""
    if sleep is None:
        import asyncio  # only async users pay for importing asyncio

        return asyncio.sleep
    _check_callable(where, "sleep", sleep, _ASYNC_SLEEP, sync=False)
    if isinstance(sleep, (BuiltinFunctionType, type)):  # time.sleep, a class
        raise TypeError(
            f"{where}: sleep= takes {_ASYNC_SLEEP}; {sleep!r} would block the event loop"
        )
    return sleep  # type: ignore[no-any-return]


def _uniform(low: float, high: float) -> float:
    """``random.uniform``, imported when a wait first backs off (most short waits never
    do, and ``random`` is a good part of the command's start-up)."""
    from random import uniform

    return uniform(low, high)

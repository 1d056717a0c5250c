"""Checking a waiter's options when it is made, not in the middle of a wait.

A wrong option (``wait=5``, ``time.sleep`` given to an async waiter, an ``async def``
hook that would never be awaited) is a ``TypeError`` naming the option and what it
takes.
"""

from __future__ import annotations

from types import BuiltinFunctionType
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Protocol

from .._core.operations import is_coroutine_function

if TYPE_CHECKING:  # keyword options, for ``**options: Unpack[...]`` (types only)
    from random import Random

    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT
    from typing_extensions import TypedDict

    from .events import Attempt

    class _CommonOptions(TypedDict, total=False):
        clock: Callable[[], float] | None
        wait: WaitBaseT | None
        stop: StopBaseT | None
        random: Random | None
        on_attempt: Callable[[Attempt], object] | None
        retry_after: Callable[[Any], float | None] | None

    class WaiterOptions(_CommonOptions, total=False):
        """``get_waiter``'s keyword options."""

        sleep: Callable[[float], object] | None
        cancel: Cancel | None

    class AsyncWaiterOptions(_CommonOptions, total=False):
        """``get_async_waiter``'s keyword options."""

        sleep: Callable[[float], Awaitable[object]] | None


class Cancel(Protocol):
    """What ``cancel=`` takes: a ``threading.Event`` or anything that acts like one."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


def _refuse(where: str, option: str, value: Any, takes: str) -> TypeError:
    return TypeError(f"{where}: {option}= takes {takes}, not {value!r}")


def _callable(where: str, option: str, value: Any, takes: str, *, sync: bool = True) -> None:
    if value is None:
        return
    if not callable(value):
        raise _refuse(where, option, value, takes)
    if sync and is_coroutine_function(value):
        raise TypeError(
            f"{where}: {option}= is called without await, so an async def would never run; "
            f"give {takes}"
        )


def check_common_options(
    where: str, *, clock: Any, wait: Any, stop: Any, on_attempt: Any, retry_after: Any = None
) -> None:
    """The options every waiter takes."""
    _callable(where, "clock", clock, "a function returning seconds (such as time.monotonic)")
    _callable(where, "wait", wait, "a tenacity wait strategy (such as tenacity.wait_fixed(5))")
    _callable(
        where, "stop", stop, "a tenacity stop strategy (such as tenacity.stop_after_delay(60))"
    )
    _callable(where, "on_attempt", on_attempt, "a plain function of one Attempt")
    _callable(
        where, "retry_after", retry_after, "a plain function of a response giving seconds or None"
    )


def check_sync_options(where: str, *, sleep: Any, cancel: Any) -> None:
    """``Waiter``'s own options: a blocking sleep, a thread-safe cancel event."""
    _callable(where, "sleep", sleep, "a blocking function of seconds (such as time.sleep)")
    if cancel is not None and not (
        callable(getattr(cancel, "is_set", None)) and callable(getattr(cancel, "wait", None))
    ):
        raise _refuse(where, "cancel", cancel, "a threading.Event")


def check_async_options(where: str, *, sleep: Any) -> None:
    """``AsyncWaiter``'s sleep must give something to await (checked again when used)."""
    takes = "an async function of seconds (such as asyncio.sleep)"
    _callable(where, "sleep", sleep, takes, sync=False)
    if isinstance(sleep, (BuiltinFunctionType, type)):  # time.sleep, a class
        raise TypeError(f"{where}: sleep= takes {takes}; {sleep!r} would block the event loop")

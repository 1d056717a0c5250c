"""Waiting on a plain Python function: ``until``, ``until_async`` and the ``waits`` decorator.

No JSON: the arguments become a one-operation ``WaiterDefinition`` (a success acceptor
for ``ready=``, a retry acceptor per ``retry_on`` class) and the wait runs on the same
``Waiter`` / ``AsyncWaiter`` and judge as any declarative waiter, so the deadline,
backoff, hooks, cancelling, errors and ``WaitResult`` are theirs, not a second loop's.
"""

from __future__ import annotations

import functools
import math
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Coroutine,
    TypeVar,
    Union,
    overload,
)

from .._core.operations import is_coroutine_function
from .._core.paths import jmespath_problem
from .._errors import ConfigError
from .attempts import WaitResult
from .definitions import Acceptor, WaiterDefinition
from .matchers import ErrorTypeMatcher, PredicateMatcher, ReadyMatcher
from .options import Options

if TYPE_CHECKING:
    from random import Random

    from typing_extensions import ParamSpec

    from .attempts import Attempt
    from .matchers import Matcher
    from .options import Cancel

    P = ParamSpec("P")
    R = TypeVar("R")

Ready = Union[Callable[[Any], Any], str, None]
"""``ready=``: a predicate over the result, a JMESPath condition, or None (truthy)."""
RetryOn = Union[type[BaseException], tuple[type[BaseException], ...]]


class _Plan:
    """One ``until`` call's checked arguments: the definition, its ``WaiterConfig`` and
    the options, made once per decorated function (``waits``) or per call."""

    __slots__ = ("definition", "config", "options")

    def __init__(
        self,
        name: str,
        ready: Ready,
        timeout: float | None,
        delay: float,
        min_delay: float | None,
        max_delay: float | None,
        max_attempts: int | None,
        retry_on: Any,
        options: dict[str, Any],
        *,
        awaited: bool,
    ) -> None:
        where = f"until({name})"
        delay = _seconds(where, "delay", delay, allow_zero=True)
        low = None if min_delay is None else _seconds(where, "min_delay", min_delay, True)
        high = None if max_delay is None else _seconds(where, "max_delay", max_delay, False)
        if high is not None and (delay if low is None else low) > high:
            raise ConfigError(
                f"{where}: max_delay ({high:g}) must be at least the delay backoff starts "
                f"from ({delay if low is None else low:g}: min_delay, else delay)"
            )
        if timeout is not None and not (isinstance(timeout, (int, float)) and timeout == math.inf):
            timeout = _seconds(where, "timeout", timeout, allow_zero=False)
        else:
            timeout = None
        if max_attempts is not None and (
            not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1
        ):
            raise ConfigError(
                f"{where}: max_attempts must be an integer >= 1, got {max_attempts!r}"
            )
        if timeout is None and max_attempts is None:
            raise ConfigError(
                f"{where}: timeout=None waits for ever: give a timeout in seconds or max_attempts"
            )
        acceptors = [Acceptor(0, "success", _matcher(where, ready))]
        for index, kind in enumerate(_exceptions(where, retry_on), start=1):
            acceptors.append(Acceptor(index, "retry", ErrorTypeMatcher(kind.__name__)))
        self.definition = WaiterDefinition(
            name,
            name,
            delay,
            max_attempts,
            "",
            tuple(acceptors),
            min_delay=low,
            max_delay=high,
            style="function",
        )
        config: dict[str, Any] = {}
        if timeout is not None:
            config["MaxWaitTime"] = timeout
        if max_attempts is not None:
            config["MaxAttempts"] = max_attempts  # with a timeout: whichever comes first
        self.config = config
        self.options = Options.build(where, options, awaited=awaited)


def _seconds(where: str, name: str, value: Any, allow_zero: bool) -> float:
    ok = (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value >= 0 if allow_zero else value > 0)
    )
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ConfigError(
            f"{where}: {name} must be a finite number of seconds {bound}, got {value!r}"
        )
    return float(value)


def _matcher(where: str, ready: Ready) -> Matcher:
    if ready is None:
        return PredicateMatcher(bool, "the result")
    if isinstance(ready, str):
        problem = jmespath_problem(ready)
        if problem:
            raise ConfigError(f"{where}: ready={ready!r} is not valid JMESPath: {problem}")
        return ReadyMatcher(ready)
    if not callable(ready):
        raise TypeError(
            f"{where}: ready= takes a function of the result or a JMESPath string, not {ready!r}"
        )
    if is_coroutine_function(ready):
        raise TypeError(f"{where}: ready= is called without await; give a plain function")
    label = getattr(ready, "__name__", None) or type(ready).__name__
    return PredicateMatcher(ready, "ready(result)" if label == "<lambda>" else f"{label}(result)")


def _exceptions(where: str, retry_on: Any) -> tuple[type[BaseException], ...]:
    if retry_on is None:
        return ()
    kinds = retry_on if isinstance(retry_on, tuple) else (retry_on,)
    for kind in kinds:
        if not (isinstance(kind, type) and issubclass(kind, Exception)):
            raise TypeError(
                f"{where}: retry_on= takes an exception class or a tuple of them, not {kind!r}"
            )
        if kind is Exception:
            raise TypeError(
                f"{where}: retry_on=Exception would retry every bug; name the exceptions "
                "a not-ready call raises (ConnectionError, ...)"
            )
    return kinds


def _name(fn: Any) -> str:
    name = getattr(fn, "__name__", None)
    if not isinstance(name, str) or name == "<lambda>":
        inner = getattr(fn, "func", None)  # functools.partial
        name = getattr(inner, "__name__", None) if inner is not None else None
    return name if isinstance(name, str) and name != "<lambda>" else "lambda"


def _bind(plan: _Plan, fn: Callable[..., Any], args: Any, kwargs: Any, awaited: bool) -> Any:
    from .waiter import AsyncWaiter, Waiter

    def operation() -> Any:
        return fn(*args, **kwargs)

    kind = AsyncWaiter if awaited else Waiter
    return kind(plan.definition, operation, plan.options)


def _check_kind(fn: Any, awaited: bool) -> None:
    if not callable(fn):
        raise TypeError(f"until: the first argument is the function to call, not {fn!r}")
    if not awaited and is_coroutine_function(fn):
        raise TypeError(
            f"until({_name(fn)}): it is an async function: await waitable.until_async(...)"
        )


def until(
    fn: Callable[..., Any],
    /,
    *args: Any,
    ready: Ready = None,
    timeout: float | None = 300,
    delay: float = 5,
    min_delay: float | None = None,
    max_delay: float | None = None,
    max_attempts: int | None = None,
    retry_on: RetryOn = (),
    on_attempt: Callable[[Attempt], object] | None = None,
    cancel: Cancel | None = None,
    sleep: Callable[[float], object] | None = None,
    clock: Callable[[], float] | None = None,
    random: Random | None = None,
    **kwargs: Any,
) -> WaitResult:
    """Call ``fn(*args, **kwargs)`` until ``ready`` holds for its result; a ``WaitResult``
    whose ``.response`` is that result.

    ``ready``: a predicate, a JMESPath condition over the result (true as JMESPath reads
    it), or None: a truthy result. Every ``delay`` seconds (``min_delay``/``max_delay``:
    Smithy's jittered backoff) for at most ``timeout`` seconds (None or ``math.inf``: no
    deadline, then ``max_attempts`` is needed) and ``max_attempts`` calls. Exceptions of
    ``retry_on`` classes retry, others propagate. Raises what a waiter raises:
    ``WaiterTimeoutError`` (with its summary), ``WaitCancelledError``...
    """
    _check_kind(fn, awaited=False)
    options: dict[str, Any] = {"on_attempt": on_attempt, "cancel": cancel, "sleep": sleep}
    options.update(clock=clock, random=random)
    numbers = (timeout, delay, min_delay, max_delay, max_attempts)
    plan = _Plan(_name(fn), ready, *numbers, retry_on, options, awaited=False)
    waiter = _bind(plan, fn, args, kwargs, awaited=False)
    return waiter.wait(WaiterConfig=plan.config)  # type: ignore[no-any-return]


async def until_async(
    fn: Callable[..., Awaitable[Any]],
    /,
    *args: Any,
    ready: Ready = None,
    timeout: float | None = 300,
    delay: float = 5,
    min_delay: float | None = None,
    max_delay: float | None = None,
    max_attempts: int | None = None,
    retry_on: RetryOn = (),
    on_attempt: Callable[[Attempt], object] | None = None,
    sleep: Callable[[float], Awaitable[object]] | None = None,
    clock: Callable[[], float] | None = None,
    random: Random | None = None,
    **kwargs: Any,
) -> WaitResult:
    """``until`` for an async function (or one returning an awaitable): awaits it
    until ``ready`` holds. Cancel the task to stop it (no ``cancel=``)."""
    _check_kind(fn, awaited=True)
    options = {"on_attempt": on_attempt, "sleep": sleep, "clock": clock, "random": random}
    numbers = (timeout, delay, min_delay, max_delay, max_attempts)
    plan = _Plan(_name(fn), ready, *numbers, retry_on, options, awaited=True)
    waiter = _bind(plan, fn, args, kwargs, awaited=True)
    return await waiter.wait(WaiterConfig=plan.config)  # type: ignore[no-any-return]


class _Decorator:
    """What ``waits(...)`` returns: applied to a function, a function that waits."""

    __slots__ = ("settings",)

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        settings = dict(self.settings)
        awaited = is_coroutine_function(fn)
        if not callable(fn):
            raise TypeError(f"waits(...) decorates a function, not {fn!r}")
        if awaited and settings.get("cancel") is not None:
            raise TypeError(
                f"until({_name(fn)}): cancel= is for threads; cancel an async wait's task"
            )
        cancel = settings.pop("cancel", None)
        options = {k: settings.pop(k) for k in ("on_attempt", "sleep", "clock", "random")}
        if not awaited:
            options["cancel"] = cancel
        plan = _Plan(
            _name(fn),
            settings["ready"],
            settings["timeout"],
            settings["delay"],
            settings["min_delay"],
            settings["max_delay"],
            settings["max_attempts"],
            settings["retry_on"],
            options,
            awaited=awaited,
        )  # checked now, once

        if awaited:

            @functools.wraps(fn)
            async def waiting_async(*args: Any, **kwargs: Any) -> WaitResult:
                waiter = _bind(plan, fn, args, kwargs, awaited=True)
                return await waiter.wait(WaiterConfig=plan.config)  # type: ignore[no-any-return]

            return waiting_async

        @functools.wraps(fn)
        def waiting(*args: Any, **kwargs: Any) -> WaitResult:
            waiter = _bind(plan, fn, args, kwargs, awaited=False)
            return waiter.wait(WaiterConfig=plan.config)  # type: ignore[no-any-return]

        return waiting


if TYPE_CHECKING:

    class _Waits:
        @overload
        def __call__(
            self, fn: Callable[P, Coroutine[Any, Any, Any]]
        ) -> Callable[P, Coroutine[Any, Any, WaitResult]]: ...
        @overload
        def __call__(self, fn: Callable[P, Any]) -> Callable[P, WaitResult]: ...
        def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]: ...


def waits(
    *,
    ready: Ready = None,
    timeout: float | None = 300,
    delay: float = 5,
    min_delay: float | None = None,
    max_delay: float | None = None,
    max_attempts: int | None = None,
    retry_on: RetryOn = (),
    on_attempt: Callable[[Attempt], object] | None = None,
    cancel: Cancel | None = None,
    sleep: Callable[[float], Any] | None = None,
    clock: Callable[[], float] | None = None,
    random: Random | None = None,
) -> _Waits:
    """A decorator: calling the decorated function waits, as ``until`` (or, for an
    ``async def``, ``until_async``) with these settings, and returns the ``WaitResult``.
    Settings are checked when it decorates; the original is ``__wrapped__``."""
    settings = {
        "ready": ready,
        "timeout": timeout,
        "delay": delay,
        "min_delay": min_delay,
        "max_delay": max_delay,
        "max_attempts": max_attempts,
        "retry_on": retry_on,
        "on_attempt": on_attempt,
        "cancel": cancel,
        "sleep": sleep,
        "clock": clock,
        "random": random,
    }
    return _Decorator(settings)  # type: ignore[return-value]

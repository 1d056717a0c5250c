"""The waits of one command: each checked before any call, then run alone or together.

``waitable wait tcp PortOpen -p ... -- http UrlReady -p ...`` names several waits,
separated by ``--``. Every one is checked (service, waiter, parameters) before the first
call; then they run in parallel threads under the command's one deadline, each with its
own row of progress. With ``--all`` (the default) the command succeeds once every wait
has, and stops at the first that fails; with ``--any`` it succeeds at the first success,
and fails only when every wait has. Waits that are still running then are cancelled,
and what their clients started (a ``command`` probe's process group) is killed.
"""

from __future__ import annotations

import argparse
import math
import sys

from .._core.frozen import Frozen, set_field
from .._core.text import counted
from .._errors import WaitCancelledError, WaiterError, WaiterTimeoutError
from .._model import bind_waiter
from ..services import SERVICES
from .exits import BadInput, ExitStatus, say
from .targets import target

TYPE_CHECKING = False
if TYPE_CHECKING:
    import queue
    import threading
    from typing import Any, Callable, Sequence

    from .progress import Board

DEFAULT_MAX_WAIT = 300.0  # seconds, for Smithy waiters (they have no attempt limit)


class Ending(Frozen):
    """How one wait ended: its exit code, what to say, and the last response (a record,
    not a ``NamedTuple``: building that class costs every start-up a tenth of a ms)."""

    __slots__ = ("code", "message", "notes", "response", "cancelled")

    code: int
    message: str
    notes: Sequence[str]
    response: Any
    cancelled: bool

    def __init__(
        self,
        code: int,
        message: str,
        notes: Sequence[str],
        response: Any,
        cancelled: bool = False,
    ) -> None:
        set_field(self, "code", code)
        set_field(self, "message", message)
        set_field(self, "notes", notes)
        set_field(self, "response", response)
        set_field(self, "cancelled", cancelled)


class Wait:
    """One wait named on the command line, checked and bound, ready to run."""

    def __init__(
        self,
        label: str,
        waiter: Any,
        params: dict[str, Any],
        config: dict[str, Any],
        client: Any,
        cancel: threading.Event | None,
    ) -> None:
        self.label = label
        self.waiter = waiter
        self.title = waiter.name + (" --invert" if label.endswith(" --invert") else "")
        self.params = params
        self.config = config
        self.client = client
        self.cancel = cancel

    def run(self) -> Ending:
        try:
            result = self.waiter.wait(**self.params, WaiterConfig=self.config)
        except WaiterTimeoutError as exc:
            return Ending(
                ExitStatus.TIMEOUT, str(exc), getattr(exc, "__notes__", ()), exc.last_response
            )
        except WaitCancelledError as exc:
            return Ending(ExitStatus.FAILED, "cancelled", (), exc.last_response, cancelled=True)
        except WaiterError as exc:
            return Ending(ExitStatus.FAILED, str(exc), (), exc.last_response)
        took = f"{counted(result.attempts, 'attempt')}, {result.elapsed:.1f}s"
        return Ending(ExitStatus.OK, f"{self.title} succeeded after {took}", (), result.response)

    def stop(self) -> None:
        """Cancel the wait and end what its client started (a command's processes)."""
        if self.cancel is not None:
            self.cancel.set()
        close = getattr(self.client, "close", None)
        if callable(close):
            close()


def prepare(
    args: argparse.Namespace,
    max_wait: float | None,
    board: Board | None,
    row: int,
    prefix: str,
    *,
    together: bool = False,
) -> Wait:
    """The wait ``args`` names (one ``--`` segment), checked before any call; ``together``
    (several waits run in threads), with an event that cancels it from another."""
    found = target(
        args.service,
        args.file,
        region=args.region,
        profile=args.profile,
        endpoint_url=args.endpoint_url,
    )
    waiter_name, pairs = args.waiter, list(args.param)
    short = None
    if args.service in SERVICES and args.file is None:  # a built-in service's own waiters
        from .short import short_target

        short = short_target(args.service, waiter_name)
    if short is not None:  # tcp db:5432: the service's usual waiter, with the target's params
        waiter_name, implied = short
        given = {pair.partition("=")[0].partition(":")[0] for pair in pairs}
        for key in implied:
            if key in given:
                raise BadInput(
                    f"--param {key}: {args.waiter!r} gives it already; give the waiter "
                    f"({waiter_name}) and every parameter with -p instead"
                )
        pairs = [*(f"{key}={value}" for key, value in implied.items()), *pairs]
    source, definition = found.find(waiter_name)
    install = found.missing()
    if install:  # a driver to install: said before any call
        raise BadInput(install)
    params = found.parameters(definition, pairs)
    missing = found.required(definition) - params.keys()
    if missing:
        raise BadInput(
            f"{definition.name} needs {', '.join(f'--param {m}=...' for m in sorted(missing))}"
        )
    config: dict[str, Any] = {}
    if args.delay is not None and args.backoff is not None:
        raise BadInput("--delay (a fixed delay) and --backoff MIN:MAX: give one or the other")
    if args.delay is not None:
        smithy = definition.min_delay is not None
        config.update(
            {"MinDelay": args.delay, "MaxDelay": args.delay} if smithy else {"Delay": args.delay}
        )
    if args.backoff is not None:
        config["MinDelay"], config["MaxDelay"] = args.backoff
    if args.max_attempts is not None:
        config["MaxAttempts"] = args.max_attempts
    if max_wait is not None and max_wait != math.inf:
        config["MaxWaitTime"] = max_wait
    elif max_wait == math.inf and (
        definition.needs_deadline or (definition.max_attempts is None and args.max_attempts is None)
    ):
        raise BadInput(
            f"--max-wait: {definition.name} needs a time limit ("
            + (
                "its format has no attempt limit"
                if definition.needs_deadline
                else "it has no attempt limit of its own"
            )
            + f"): give a duration such as --max-wait {DEFAULT_MAX_WAIT:g}s, not 0 or inf"
        )
    elif max_wait is None and definition.needs_deadline:
        config["MaxWaitTime"] = DEFAULT_MAX_WAIT
    if args.invert:
        definition = definition.inverted()
    waiters = found.bound(config)
    describe = found.progress_words(definition, params)
    progress = None
    if board is not None:
        from .progress import Progress

        progress = Progress(board, describe, row, prefix)
    cancel = None
    if together:
        import threading

        cancel = threading.Event()
    options = {
        "on_attempt": None if progress is None else progress.show,
        "cancel": cancel,
        "retry_after": found.retry_after(),
    }
    same_client = waiters.client is found.waiters.client
    operation = found.operation(definition) if same_client else None
    waiter = bind_waiter(definition, waiters.client, source, options, operation=operation)
    label = f"{args.service} {definition.name}" + (" --invert" if args.invert else "")
    return Wait(label, waiter, params, config, waiters.client, cancel)  # its close() ends all


def run_together(waits: Sequence[Wait], first_success: bool) -> dict[int, Ending]:
    """Run ``waits`` in parallel until the outcome is known: the first success with
    ``first_success`` (``--any``), else the first failure or every success. Returns the
    endings seen by then, by index; an error no wait expected is raised here."""
    import queue
    import threading

    ended: queue.SimpleQueue[tuple[int, Ending | BaseException]] = queue.SimpleQueue()
    for index, wait in enumerate(waits):
        threading.Thread(
            target=_report, args=(index, wait.run, ended), name=wait.label, daemon=True
        ).start()
    endings: dict[int, Ending] = {}
    try:
        while len(endings) < len(waits):
            index, got = ended.get()
            if isinstance(got, BaseException):
                raise got
            endings[index] = got
            if (got.code == ExitStatus.OK) == first_success:  # decisive: the rest need not finish
                break
    finally:
        for wait in waits:
            wait.stop()
    return endings


def _report(
    index: int,
    run: Callable[[], Ending],
    ended: queue.SimpleQueue[tuple[int, Ending | BaseException]],
) -> None:
    try:
        ended.put((index, run()))
    except BaseException as exc:  # handed to the main thread, which raises it
        ended.put((index, exc))


def overall(endings: dict[int, Ending], count: int, first_success: bool) -> int:
    """The command's exit code for several waits' endings."""
    codes = [ending.code for ending in endings.values() if not ending.cancelled]
    if first_success:
        if ExitStatus.OK in codes:
            return ExitStatus.OK
        return ExitStatus.FAILED if ExitStatus.FAILED in codes else ExitStatus.TIMEOUT
    failed = [code for code in codes if code != ExitStatus.OK]
    if failed:
        return failed[0] if failed[0] != ExitStatus.BAD_INPUT else ExitStatus.FAILED
    return ExitStatus.OK if len(codes) == count else ExitStatus.FAILED


def print_json(waits: Sequence[Wait], endings: dict[int, Ending], query: str | None = None) -> None:
    """``--json`` on stdout: one wait's final response (``null`` when it got none), or,
    for several, a list of ``{"wait", "exit", "response"}`` (both null for a wait still
    running when the outcome was known, and cancelled). Responses as the aws CLI prints
    them: no top-level ``ResponseMetadata``, times in ISO 8601, bytes in base64; with
    ``query`` (``--query``), what that JMESPath expression selects from it, as the aws
    CLI's ``--query`` (over the JSON text's values: times as ISO strings)."""
    import json

    if len(waits) == 1:
        shown: Any = _shown(endings[0].response)
    else:
        shown = [
            {
                "wait": each.label,
                "exit": int(endings[n].code),
                "response": _shown(endings[n].response),
            }
            if n in endings
            else {"wait": each.label, "exit": None, "response": None}
            for n, each in enumerate(waits)
        ]
    text = json.dumps(shown, indent=2, default=_json_default)
    if query is not None:
        from .._core.paths import getter

        try:
            found = getter(query)(json.loads(text))
        except Exception as exc:  # a runtime JMESPath error (length(null)): said, exit as is
            say(f"waitable: --query {query!r}: {exc}")
            found = None
        text = json.dumps(found, indent=2)
    try:
        print(text, flush=True)
    except BrokenPipeError:  # the reader left (``| head``): quietly, as Python's docs say
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit's flush fails no more


def _shown(response: Any) -> Any:
    if isinstance(response, dict) and "ResponseMetadata" in response:
        return {key: value for key, value in response.items() if key != "ResponseMetadata"}
    return response


def _json_default(value: Any) -> Any:
    """What JSON lacks: a datetime (botocore's timestamps) in ISO 8601, bytes in base64,
    anything else as its ``repr``."""
    if callable(getattr(value, "isoformat", None)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        import base64

        return base64.b64encode(value).decode("ascii")
    return repr(value)

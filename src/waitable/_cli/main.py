"""The command's entry: parse, run, and map every way it can end to an ``ExitStatus``.

Errors are one line on stderr, never a traceback; botocore's own errors (parameters,
credentials, a connection) are judged by the AWS target.
"""

from __future__ import annotations

import sys

from .._errors import DefinitionError
from . import commands
from .commands import ONE_LINE
from .exits import ExitStatus, Terminated, one_line, say
from .parser import Mistake, parse
from .targets import AwsTarget

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Sequence


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


def _handle_sigterm() -> None:
    """Stop on SIGTERM, also as a container's PID 1 (which ignores it by default).
    (``_signal`` is ``signal``'s C core: ``signal`` builds enums of every signal, about
    1.5 ms of each start.)"""
    import _signal  # type: ignore[import-not-found]  # (no stub: signal's is the API)

    if hasattr(_signal, "SIGTERM"):
        _signal.signal(_signal.SIGTERM, _on_sigterm)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (the console script exits with it)."""
    _handle_sigterm()
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse(argv)
    except Mistake as exc:
        say(exc.line())
        return ExitStatus.BAD_INPUT
    return int(_run(args))


def _run(args: Any) -> int:
    try:
        with commands.notices(getattr(args, "quiet", False)):
            return commands.RUNS[args.command](args)
    except DefinitionError as exc:
        more = len(exc.problems) - 1
        tail = f" (and {more} more: run waitable validate)" if more else ""
        say(f"waitable: {exc.problems[0]}{tail}")
        return ExitStatus.BAD_INPUT
    except ONE_LINE as exc:
        say(f"waitable: {exc}")
        return ExitStatus.BAD_INPUT
    except OSError as exc:  # a file that cannot be read
        say(f"waitable: {exc}")
        return ExitStatus.BAD_INPUT
    except KeyboardInterrupt:
        say("\nwaitable: interrupted")
        return ExitStatus.INTERRUPTED
    except Terminated:
        say("\nwaitable: terminated")
        return ExitStatus.TERMINATED
    except Exception as exc:  # botocore's own errors: parameters, credentials, connection
        verdict = AwsTarget.is_bad_input(exc)
        if verdict is None:
            raise
        say(f"waitable: {type(exc).__name__}: {one_line(str(exc))}")
        return ExitStatus.BAD_INPUT if verdict else ExitStatus.FAILED

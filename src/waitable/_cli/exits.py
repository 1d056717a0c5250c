"""The command's exit statuses, the signals that pick one, and what every part of it
writes with: one-line messages on stderr, the terminal's width."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, TextIO


class ExitStatus:
    """The command's exit codes, plain ints (an ``IntEnum`` costs every start ~0.4 ms)."""

    OK: Final = 0
    FAILED: Final = 1  # a failure state, or an error response no acceptor expected
    BAD_INPUT: Final = 2  # usage, unknown service or waiter, bad parameter, bad file
    TIMEOUT: Final = 3
    CANNOT_EXECUTE: Final = 126  # ``-- exec``: as a shell says it
    NOT_FOUND: Final = 127
    INTERRUPTED: Final = 130  # Ctrl-C
    TERMINATED: Final = 143  # SIGTERM


class BadInput(Exception):  # noqa: N818 - a private signal for exit code 2
    """The command line or a file names something wrong; the message is one line."""


class Terminated(BaseException):
    """SIGTERM arrived (``docker stop``): stop the wait at once, as Ctrl-C does."""


def say(text: str) -> None:
    """One line on stderr, at once: errors, and what a wait ended with."""
    print(text, file=sys.stderr, flush=True)


def one_line(text: str) -> str:
    """A library's message of several lines (botocore's ``Parameter validation
    failed:`` and one line a problem) as one: after a colon a space, else ``; ``."""
    out = ""
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if out:
            out += " " if out.endswith(":") else "; "
        out += line
    return out


def terminal_columns(stream: TextIO) -> int:
    """The width of the terminal ``stream`` writes to (``COLUMNS`` first), or 0 when it
    is not known."""
    text = os.environ.get("COLUMNS", "")
    if text.isdigit():
        return int(text)
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0

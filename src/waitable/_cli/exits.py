"""The command's exit statuses, the signals that pick one, and its one-line messages."""

from __future__ import annotations

import enum
import sys


class ExitStatus(enum.IntEnum):
    """The command's exit codes (``enum`` is imported at start-up anyway, by ``re``)."""

    OK = 0
    FAILED = 1  # a failure state, or an error response no acceptor expected
    BAD_INPUT = 2  # usage, unknown service or waiter, bad parameter, bad file
    TIMEOUT = 3
    CANNOT_EXECUTE = 126  # ``-- exec``: as a shell says it
    NOT_FOUND = 127
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM


class BadInput(Exception):  # noqa: N818 - a private signal for exit code 2
    """The command line or a file names something wrong; the message is one line."""


class Terminated(BaseException):
    """SIGTERM arrived (``docker stop``): stop the wait at once, as Ctrl-C does."""


def say(text: str) -> None:
    """One line on stderr, at once: errors, and what a wait ended with."""
    print(text, file=sys.stderr, flush=True)

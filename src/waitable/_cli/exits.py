"""The command's exit codes and the signals that pick one."""

from __future__ import annotations

OK, FAILED, BAD_INPUT, TIMED_OUT = 0, 1, 2, 3
CANNOT_EXECUTE, NOT_FOUND = 126, 127  # ``-- exec``: as a shell says it
INTERRUPTED, TERMINATED = 130, 143


class BadInput(Exception):  # noqa: N818 - a private signal for exit code 2
    """The command line or a file names something wrong; the message is one line."""


class Terminated(BaseException):
    """SIGTERM arrived (``docker stop``): stop the wait at once, as Ctrl-C does."""

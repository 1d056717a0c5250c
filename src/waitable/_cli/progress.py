"""The command's progress on stderr: one live line on a terminal, plain lines otherwise."""

from __future__ import annotations

import os
from typing import Any, Callable, TextIO

from .._waiters.events import Attempt


class Progress:
    """An ``on_attempt`` hook that prints each attempt; ``describe`` says a few words
    about a response (the service knows what matters: an HTTP status, an exit code)."""

    def __init__(self, stream: TextIO, describe: Callable[[Any], str]) -> None:
        self.stream = stream
        self.describe = describe
        self.live = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.width = 0

    def show(self, attempt: Attempt) -> None:
        then = "" if attempt.next_delay is None else f", next in {attempt.next_delay:.1f}s"
        label = self.describe(attempt.response)
        what = f" ({label})" if label else ""
        line = (
            f"{attempt.waiter}: attempt {attempt.number}: {attempt.state}{what}, "
            f"{attempt.elapsed:.1f}s elapsed{then}"
        )
        if self.live:  # one line, never wider than the terminal: no wrapping, no stale rows
            columns = self._columns()
            if columns:
                line = line[: max(columns - 1, 10)]
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _columns(self) -> int:
        """The terminal's width (``COLUMNS`` first), or 0 when it is not known."""
        text = os.environ.get("COLUMNS", "")
        if text.isdigit():
            return int(text)
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            return 0

    def finish(self) -> None:
        if self.live and self.width:
            self.stream.write("\n")
            self.stream.flush()

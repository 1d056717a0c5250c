"""The command's progress on stderr: live rows on a terminal, plain lines otherwise.

A ``Board`` is the stream: one row per wait, redrawn in place on a terminal (never wider
than it, so nothing wraps or leaves stale rows), or one plain line per attempt when
stderr is a file or a pipe. A ``Progress`` is one wait's ``on_attempt`` hook, writing
its row.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any, Callable, TextIO

from .._waiters.attempts import Attempt
from .exits import terminal_columns


class Board:
    """Rows of progress on one stream, shared by the waits of one command (thread-safe)."""

    def __init__(self, stream: TextIO, rows: int = 1) -> None:
        self.stream = stream
        self.rows = rows
        self.live = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.shown = [""] * rows
        self.started = False
        self.lock: Any = contextlib.nullcontext()  # one row: one thread writes
        if rows > 1:
            import threading

            self.lock = threading.Lock()

    def update(self, row: int, line: str) -> None:
        with self.lock:
            if not self.live:
                self.stream.write(line + "\n")
            else:
                columns = terminal_columns(self.stream)
                if columns:
                    line = line[: max(columns - 1, 10)]
                self._draw(row, line)
            self.stream.flush()

    def _draw(self, row: int, line: str) -> None:
        if self.rows == 1:  # one row: rewrite it in place
            self.stream.write("\r" + line.ljust(len(self.shown[0])))
        else:  # several: the rows sit above the cursor; go up to this one and back
            if not self.started:
                self.stream.write("\n" * self.rows)
            up = self.rows - row
            self.stream.write(f"\x1b[{up}F{line}\x1b[K\x1b[{up}E")
        self.started = True
        self.shown[row] = line

    def finish(self) -> None:
        """Leave the cursor below the rows, for the lines that follow."""
        with self.lock:
            if self.live and self.started and self.rows == 1:
                self.stream.write("\n")
                self.stream.flush()
            self.started = False


class Progress:
    """An ``on_attempt`` hook that shows each attempt in its row of a board; ``describe``
    says a few words about a response (the service knows what matters: an HTTP status,
    an exit code)."""

    def __init__(
        self, board: Board, describe: Callable[[Any], str], row: int = 0, prefix: str = ""
    ) -> None:
        self.board = board
        self.describe = describe
        self.row = row
        self.prefix = prefix

    def show(self, attempt: Attempt) -> None:
        then = "" if attempt.next_delay is None else f", next in {attempt.next_delay:.1f}s"
        label = self.describe(attempt.response)
        if attempt.next_delay is None and attempt.state != "success":  # the last words
            label = _with_reason(label, attempt.response)
        what = f" ({label})" if label else ""
        self.board.update(
            self.row,
            f"{self.prefix}{attempt.waiter}: attempt {attempt.number}: {attempt.state}{what}, "
            f"{attempt.elapsed:.1f}s elapsed{then}",
        )


def _with_reason(label: str, response: Any) -> str:
    """The last attempt's words with its error's message, which says why (the query's
    error, the TLS check that failed), where other lines give only the code."""
    from collections.abc import Mapping

    error = response.get("Error") if isinstance(response, Mapping) else None
    message = error.get("Message") if isinstance(error, Mapping) else None
    if not message:
        return label
    from .._core.text import cut

    reason = cut(str(message), 160)
    return f"{label}: {reason}" if label else reason

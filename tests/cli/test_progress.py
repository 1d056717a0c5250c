"""The command's progress on stderr: live rows redrawn in place on a terminal, never wider
than it."""

from __future__ import annotations

import io

import pytest

from waitable import Attempt
from waitable._cli.progress import Board, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_live_progress_line_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    progress = Progress(
        Board(screen), lambda response: "HTTP 503 Service Unavailable, again and again"
    )
    progress.show(Attempt("AVeryLongWaiterNameIndeed", 1, {}, None, None, "retry", 0.5, 2.0))
    assert all(len(row) < 40 for row in screen.getvalue().split("\r"))


def test_several_live_rows_each_redrawn_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    board = Board(screen, rows=2)
    first = Progress(board, lambda response: "", 0, "[1] ")
    second = Progress(board, lambda response: "", 1, "[2] ")
    second.show(Attempt("WaiterNumberTwo", 1, {}, None, None, "retry", 0.5, 2.0))
    first.show(Attempt("WaiterNumberOne", 3, {}, None, None, "success", 4.0, None))
    board.finish()
    text = screen.getvalue()
    assert text.startswith("\n\n")  # the rows, made once
    assert "\x1b[1F[2] WaiterNumberTwo: attempt" in text  # row 2: one line up, and back
    assert "\x1b[2F[1] WaiterNumberOne: attempt" in text  # row 1: two lines up
    drawn = [part.split("\x1b[K")[0] for part in text.split("F")[1:]]
    assert all(len(row) < 30 for row in drawn)

"""Ports for the command's tests: one that listens (and never answers), one that is closed."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections (the kernel does) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


def tcp(port: int) -> list[str]:
    """``tcp PortOpen`` on 127.0.0.1:``port``, as command words."""
    return ["tcp", "PortOpen", "-p", "Host=127.0.0.1", "-p", f"Port={port}"]

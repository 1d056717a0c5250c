"""A wait resolves its names once: the waiter, the operation, the bundled file."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Cli


def test_a_wait_looks_its_waiter_up_once(
    cli: Cli, closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import waitable._cli.waits as waits
    import waitable._core.operations as operations
    import waitable._model as model
    import waitable._registry as registry

    counts = {"look_up": 0, "find_operation": 0}

    def counting(name: str, real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return counted

    monkeypatch.setattr(registry, "look_up", counting("look_up", operations.look_up))
    find = counting("find_operation", operations.find_operation)
    for module in (model, waits):
        if hasattr(module, "find_operation"):
            monkeypatch.setattr(module, "find_operation", find)
    import waitable._cli.targets as targets

    monkeypatch.setattr(targets, "find_operation", find)
    ran = cli(
        "wait", "-q", "tcp", "PortClosed", "-p", "Host=127.0.0.1", "-p", f"Port={closed_port}"
    )
    assert ran.returncode == 0, ran.stderr
    assert counts["look_up"] == 1
    # the operation on the service's client; then on the client that cuts calls to the deadline
    assert counts["find_operation"] <= 2

"""What a command line names: a built-in service, or an AWS service when boto3 is there.

Either way the command gets a ``Target``: the client, every waiter it can use (a
``ClientWaiters``), how a progress line describes a response, and which parameters an
operation requires.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from .._core.errors import UnknownWaiterError
from .._core.operations import accepted_parameters, find_operation
from .._core.resources import bundled_dir, bundled_file
from .._core.text import did_you_mean
from .._load import Model, load
from .._registry import ClientWaiters
from .._waiters.definitions import WaiterDefinition
from ..aws import for_client
from ..aws.clients import (
    describe_response,
    make_client,
    required_parameters,
)
from ..services import SERVICES


class Target:
    """A service named on the command line, ready to wait on."""

    def __init__(self, name: str, waiters: ClientWaiters, describe: Callable[[Any], str]) -> None:
        self.name = name
        self.waiters = waiters
        self.describe = describe

    def required(self, definition: WaiterDefinition) -> set[str]:
        """The operation's required parameters, and every ``input.X`` acceptors read."""
        client = self.waiters.client
        needed = required_parameters(client, definition.operation)
        if needed is None:
            operation = find_operation(client, definition.operation, f"waiter {definition.name!r}")
            needed = set(accepted_parameters(operation, required_only=True) or ())
        return needed | definition.inputs


def target(
    service: str,
    file: str | None,
    *,
    region: str | None = None,
    profile: str | None = None,
    endpoint_url: str | None = None,
) -> Target:
    """The built-in service ``service``, else the AWS service of that name.

    With ``file``, its waiters replace a built-in service's bundled ones, or join an AWS
    service's.
    """
    builtin = SERVICES.get(service)
    if builtin is not None:
        source = file or bundled_file(f"{builtin.name}.json")
        waiters = for_client(builtin.client(), source, service=builtin.name)
        return Target(service, waiters, builtin.describe_response)
    try:
        client = make_client(service, region=region, profile=profile, endpoint_url=endpoint_url)
    except ImportError as exc:
        raise UnknownWaiterError(
            f"no built-in service named {service!r}{did_you_mean(service, SERVICES)}; "
            f"services: {', '.join(SERVICES)}; {exc}"
        ) from None
    except UnknownWaiterError as exc:
        known = [*SERVICES, *getattr(exc, "known", ())]
        raise UnknownWaiterError(
            f"no service named {service!r}{did_you_mean(service, known)}; "
            f"services: {', '.join(SERVICES)} and AWS's"
        ) from None
    return Target(service, for_client(client, *([file] if file else [])), describe_response)


def bundled_aws_waiters() -> list[tuple[str, Model]]:
    """The waiters waitable adds for AWS services that have none, by service."""
    folder = os.path.join(bundled_dir(), "aws")
    return [
        (name[: -len(".json")], load(os.path.join(folder, name)))
        for name in sorted(os.listdir(folder))
        if name.endswith(".json")
    ]

"""What a command line names: a built-in service, or an AWS service when boto3 is there.

Either way the command gets a ``Target``: the client, every waiter it can use (a
``ClientWaiters``), how a progress line describes a response, and which parameters an
operation requires.
"""

from __future__ import annotations

import os
import typing
from typing import Any, Callable

from .._core.documents import bundled_dir, bundled_file
from .._core.operations import accepted_parameters, find_operation, xform_name
from .._core.text import did_you_mean
from .._errors import OperationNotFoundError, UnknownWaiterError
from .._model import Model, load
from .._registry import ClientWaiters, for_client
from .._waiters.definitions import WaiterDefinition
from ..aws.clients import (
    describe_response,
    make_client,
    required_parameters,
)
from ..services import SERVICES, Service
from .params import convert, parse_pairs


def _hints(operation: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(operation)
    except Exception:  # annotations that do not evaluate: no types to show
        return {}


def _admits_none(hint: Any) -> bool:
    return type(None) in typing.get_args(hint)


def _type_words(hint: Any) -> str:
    if hint is None:
        return "any"
    text = hint.__name__ if isinstance(hint, type) else str(hint)
    return text.replace("typing.", "").replace("NoneType", "None")


class Target:
    """A service named on the command line, ready to wait on."""

    def __init__(
        self,
        name: str,
        waiters: ClientWaiters,
        describe: Callable[[Any], str],
        builtin: Service | None = None,
    ) -> None:
        self.name = name
        self.waiters = waiters
        self.describe = describe
        self.builtin = builtin

    def parameters(self, definition: WaiterDefinition, pairs: list[str]) -> dict[str, Any]:
        """The ``-p`` pairs as the operation takes them: checked and converted for a
        built-in service; for an AWS service, botocore's own validation applies."""
        raw = parse_pairs(pairs)
        if self.builtin is None:
            return {key: value for key, (value, _) in raw.items()}
        return convert(
            raw,
            self.operation(definition),
            definition.operation,
            self.builtin.acceptor_parameters(),
            self.builtin.parameter_checks(),
        )

    def operation(self, definition: WaiterDefinition) -> Any:
        """The waiter's operation on this target's client; a clear error naming the file,
        and the built-in service that has the operation, when this one lacks it."""
        where = f"{self.waiters.source_of(definition.name)}: waiter {definition.name!r}"
        try:
            return find_operation(self.waiters.client, definition.operation, where)
        except OperationNotFoundError as exc:
            owners = [
                name
                for name, service in SERVICES.items()
                if callable(getattr(service.client(), xform_name(definition.operation), None))
            ]
            hint = f"; the {' and '.join(owners)} service has it" if owners else ""
            raise OperationNotFoundError(f"{exc}{hint}") from None

    def required(self, definition: WaiterDefinition) -> set[str]:
        """The operation's required parameters, and the ``input.X`` acceptors read,
        but those a built-in service declares optional (``Optional[str]``)."""
        needed = required_parameters(self.waiters.client, definition.operation)
        if needed is None:
            operation = self.operation(definition)
            needed = set(accepted_parameters(operation, required_only=True) or ())
        declared = {} if self.builtin is None else self.builtin.acceptor_parameters()
        optional = {name for name, kind in declared.items() if _admits_none(kind)}
        return needed | (definition.inputs - optional)

    def parameter_lines(self, definition: WaiterDefinition) -> list[str]:
        """Every parameter the wait takes, a line each: required or not, type, default."""
        model = getattr(getattr(self.waiters.client, "meta", None), "service_model", None)
        if model is not None:
            shape = model.operation_model(definition.operation).input_shape
            required = set(shape.required_members) if shape is not None else set()
            members = shape.members if shape is not None else {}
            return [
                f"{name} ({'required, ' if name in required else ''}{member.type_name})"
                for name, member in members.items()
            ] or ["none"]
        import inspect  # only for show

        operation = self.operation(definition)
        lines = []
        hints = _hints(operation)
        for name, parameter in inspect.signature(operation).parameters.items():
            if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                continue
            kind = _type_words(hints.get(name))
            if parameter.default is parameter.empty:
                lines.append(f"{name} (required, {kind})")
            else:
                lines.append(f"{name} ({kind}, default {parameter.default!r})")
        required = self.required(definition)
        for name in sorted(definition.inputs - set(inspect.signature(operation).parameters)):
            need = "required" if name in required else "optional"
            lines.append(f"{name} ({need}: compared by the acceptors)")
        return lines or ["none"]


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
        return Target(service, waiters, builtin.describe_response, builtin)
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

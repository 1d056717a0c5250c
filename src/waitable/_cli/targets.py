"""What a command line names: a built-in service, or an AWS service when botocore is there.

Either way the command gets a ``Target``: the client and every waiter it can use (a
``ClientWaiters``), and what a wait on it needs: its parameters checked, the ones it
requires, how a progress line describes a response. ``BuiltinTarget`` asks its
``Service``; ``AwsTarget`` asks botocore's service model (through ``waitable.aws``), so
a built-in service's wait never consults AWS code. A ``Deadline`` wraps a built-in
client so that every call's own ``Timeout`` is cut to the time the wait has left.
"""

from __future__ import annotations

import functools
import math
import os
import time
from collections.abc import Mapping

from .._core.documents import bundled_dir
from .._core.operations import (
    REQUIRED,
    accepted_parameters,
    find_operation,
    keyword_parameters,
    xform_name,
)
from .._core.text import did_you_mean
from .._errors import OperationNotFoundError, UnknownServiceError
from .._model import Model, load
from .._registry import ClientWaiters, for_client
from .._waiters.attempts import Seen
from .._waiters.definitions import WaiterDefinition
from ..services import SERVICES, Service
from .params import (
    ANYTHING,
    ParameterError,
    admits_none,
    convert,
    convert_to,
    hints_of,
    parse_pairs,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    from ..aws.clients import ClientMaker


class Target:
    """A service named on the command line, ready to wait on."""

    def __init__(self, name: str, waiters: ClientWaiters) -> None:
        self.name = name
        self.waiters = waiters
        self._operations: dict[str, Any] = {}  # by waiter name: looked up once
        self._sources: dict[str, str] = {}

    def find(self, name: str) -> tuple[str, WaiterDefinition]:
        """The waiter ``name`` (either spelling) and the file it comes from."""
        source, definition = self.waiters.find(name)
        self._sources[definition.name] = source
        return source, definition

    def describe(self, response: Any) -> str:
        """A few words on a response for a progress line."""
        raise NotImplementedError

    def parameters(self, definition: WaiterDefinition, pairs: list[str]) -> dict[str, Any]:
        """The ``-p`` pairs as the operation takes them."""
        raise NotImplementedError

    def required(self, definition: WaiterDefinition) -> set[str]:
        """The parameters a wait with ``definition`` needs."""
        raise NotImplementedError

    def parameter_lines(self, definition: WaiterDefinition) -> list[str]:
        """Every parameter the wait takes, a line each: required or not, type, default."""
        raise NotImplementedError

    def missing(self) -> str:
        """What the wait lacks before the first call (a driver to install, an AWS
        region), or ``""``."""
        return ""

    def retry_after(self) -> Callable[[Any], float | None] | None:
        """The waiter's ``retry_after=``: how long a response asks the next call to wait."""
        return None

    def bound(self, config: Mapping[str, Any]) -> ClientWaiters:
        """The waiters, on a client fit for a wait with ``config``."""
        return self.waiters

    def progress_words(
        self, definition: WaiterDefinition, params: Mapping[str, Any]
    ) -> Callable[[Any], str]:
        """How this wait's progress lines describe a response."""
        return self.describe

    def operation(self, definition: WaiterDefinition) -> Any:
        """The waiter's operation on this target's client; a clear error naming the file,
        and the built-in service that has the operation, when this one lacks it."""
        found = self._operations.get(definition.name)
        if found is not None:
            return found
        source = self._sources.get(definition.name) or self.waiters.source_of(definition.name)
        where = f"{source}: waiter {definition.name!r}"
        try:
            found = find_operation(self.waiters.client, definition.operation, where)
        except OperationNotFoundError as exc:
            owners = [
                name
                for name, service in SERVICES.items()
                if callable(getattr(service.client(), xform_name(definition.operation), None))
            ]
            hint = f"; the {' and '.join(owners)} service has it" if owners else ""
            raise OperationNotFoundError(f"{exc}{hint}") from None
        self._operations[definition.name] = found
        return found

    def _operation_required(self, definition: WaiterDefinition) -> set[str]:
        return set(accepted_parameters(self.operation(definition), required_only=True) or ())


class BuiltinTarget(Target):
    """A built-in service: typed ``-p`` values, its checks, driver and ``Retry-After``;
    every call cut to the deadline."""

    def __init__(self, service: Service, file: str | None) -> None:
        source = file or service.waiters()
        waiters = for_client(service.client(), source, service=service.name)  # no AWS code
        super().__init__(service.name, waiters)
        self.service = service

    def describe(self, response: Any) -> str:
        return self.service.describe_response(response)

    def parameters(self, definition: WaiterDefinition, pairs: list[str]) -> dict[str, Any]:
        """Checked and converted to the operation's types and the service's checks; a
        parameter only the service's other waiters compare (``Expected``, or
        ``BodyMatches``, which the operation takes and ``UrlGone`` does not read) is
        refused."""
        given = parse_pairs(pairs)
        declared = self.service.acceptor_parameters
        operation = self.operation(definition)
        for key in given:
            if key in declared and key not in definition.inputs:
                raise ParameterError(
                    f"--param {key}: {definition.name} does not read it (the waiters that "
                    f"compare {key} do: `waitable list {self.service.name}`)"
                )
        read = {k: v for k, v in declared.items() if k in definition.inputs}
        out = convert(given, operation, definition.operation, read, self.service.checks())
        problem = self.service.check_together(out)
        if problem:
            raise ParameterError(f"--param {problem}")
        return out

    def required(self, definition: WaiterDefinition) -> set[str]:
        """The operation's required parameters, and the ``input.X`` acceptors read, but
        those the service declares optional (``Optional[str]``)."""
        declared = self.service.acceptor_parameters
        optional = {name for name, kind in declared.items() if admits_none(kind)}
        return self._operation_required(definition) | (definition.inputs - optional)

    def parameter_lines(self, definition: WaiterDefinition) -> list[str]:
        import inspect  # only for show

        operation = self.operation(definition)
        lines = []
        hints = hints_of(operation)
        taken = inspect.signature(operation).parameters
        for name, parameter in taken.items():
            if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                continue
            kind = _type_words(hints.get(name))
            if parameter.default is parameter.empty:
                lines.append(f"{name} (required, {kind})")
            else:
                lines.append(f"{name} ({kind}, default {parameter.default!r})")
        required = self.required(definition)
        for name in sorted(definition.inputs - set(taken)):
            need = "required" if name in required else "optional"
            lines.append(f"{name} ({need}: compared by the acceptors)")
        return lines or ["none"]

    def missing(self) -> str:
        return self.service.missing()

    def retry_after(self) -> Callable[[Any], float | None] | None:
        return self.service.retry_after_hook()

    def bound(self, config: Mapping[str, Any]) -> ClientWaiters:
        """With a deadline, every call's own ``Timeout`` is cut to the time left."""
        if "MaxWaitTime" not in config:
            return self.waiters
        return self.waiters.with_client(Deadline(self.waiters.client, config["MaxWaitTime"]))


class AwsTarget(Target):
    """An AWS service through botocore: its service model says which parameters there
    are, of what types, and which are required; botocore validates what is nested."""

    def __init__(self, name: str, waiters: ClientWaiters, make: ClientMaker | None = None) -> None:
        super().__init__(name, waiters)
        self._make = make  # a client of the same service with another botocore Config

    def missing(self) -> str:
        """A region, when none is configured: the aws CLI refuses to guess one too."""
        return "" if self._make is None else self._make.missing_region()

    def find(self, name: str) -> tuple[str, WaiterDefinition]:
        """The waiter, with a last acceptor retrying a call that got no answer (refused,
        timed out): an endpoint that is not up yet is waited for, as built-in services
        wait for theirs, until the deadline."""
        from .._waiters.definitions import Acceptor
        from .._waiters.matchers import ErrorMatcher
        from ..aws.clients import CONNECTION_ERRORS

        source, definition = super().find(name)
        count = len(definition.acceptors)
        extra = tuple(
            Acceptor(count + n, "retry", ErrorMatcher(error))
            for n, error in enumerate(CONNECTION_ERRORS)
        )
        return source, definition.with_acceptors(extra)

    def describe(self, response: Any) -> str:
        from ..aws.clients import describe_response

        return describe_response(response)

    def parameters(self, definition: WaiterDefinition, pairs: list[str]) -> dict[str, Any]:
        """Checked against the operation's input shape before any call (names, and the
        types of top-level members; botocore validates what is nested), converted as for
        a built-in service; parameters only acceptors read pass as given."""
        from ..aws.clients import parameter_types

        types = parameter_types(self.waiters.client, definition.operation)
        acceptor_only = dict.fromkeys(definition.inputs - set(types or ()), ANYTHING)
        return convert_to(
            types or {}, types is None, parse_pairs(pairs), definition.operation, acceptor_only
        )

    def required(self, definition: WaiterDefinition) -> set[str]:
        """The input shape's required members, and the ``input.X`` acceptors read."""
        from ..aws.clients import required_parameters

        needed = required_parameters(self.waiters.client, definition.operation)
        if needed is None:  # an operation the model lacks: as the client has it
            needed = self._operation_required(definition)
        return needed | definition.inputs

    def parameter_lines(self, definition: WaiterDefinition) -> list[str]:
        from .._core.operations import service_model

        model = service_model(self.waiters.client)
        shape = model.operation_model(definition.operation).input_shape
        required = set(shape.required_members) if shape is not None else set()
        members = shape.members if shape is not None else {}
        return [
            f"{name} ({'required, ' if name in required else ''}{member.type_name})"
            for name, member in members.items()
        ] or ["none"]

    def bound(self, config: Mapping[str, Any]) -> ClientWaiters:
        """Calls with botocore's standard retries (3 tries, not legacy mode's 5 and ~26 s
        on a refused call: the waiter retries); with a deadline, every call's tries and
        timeouts are cut to the time left."""
        if self._make is None:
            return self.waiters
        if "MaxWaitTime" not in config:
            from ..aws.clients import ATTEMPTS, FULL_TIMEOUT, call_config

            return self.waiters.with_client(self._make(call_config(FULL_TIMEOUT, ATTEMPTS)))
        client = AwsDeadline(self.waiters.client, config["MaxWaitTime"], self._make)
        return self.waiters.with_client(client)

    def progress_words(
        self, definition: WaiterDefinition, params: Mapping[str, Any]
    ) -> Callable[[Any], str]:
        """The values the acceptors' paths read (`Table.TableStatus` = "CREATING") say
        more than ``HTTP 200``; an error response, or one no path reads, as ``describe``."""
        seen = Seen(definition)

        def describe(response: Any) -> str:
            if isinstance(response, Mapping) and "Error" in response:
                return self.describe(response)
            return ", ".join(seen.path_labels(response, params)) or self.describe(response)

        return describe

    @staticmethod
    def is_bad_input(exc: BaseException) -> bool | None:
        """For an error botocore raised outside a service response: True when the input
        or setup is at fault, False for other botocore errors, None when not botocore's."""
        from ..aws.clients import is_bad_input

        return is_bad_input(exc)


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
        return BuiltinTarget(builtin, file)
    from ..aws.clients import ClientMaker

    try:
        make = ClientMaker(service, region=region, profile=profile, endpoint_url=endpoint_url)
        client = make(None)
    except ImportError as exc:
        raise UnknownServiceError(
            f"no built-in service named {service!r}{did_you_mean(service, SERVICES)}; "
            f"services: {', '.join(SERVICES)}; {exc}",
            list(SERVICES),
        ) from None
    except UnknownServiceError as exc:
        known = [*SERVICES, *exc.known]
        raise UnknownServiceError(
            f"no service named {service!r}{did_you_mean(service, known)}; "
            f"services: {', '.join(SERVICES)} and AWS's",
            known,
        ) from None
    return AwsTarget(service, for_client(client, *([file] if file else [])), make)


def bundled_aws_waiters() -> list[tuple[str, Model]]:
    """The waiters waitable adds for AWS services that have none, by service."""
    folder = os.path.join(bundled_dir(), "aws")
    return [
        (name[: -len(".json")], load(os.path.join(folder, name)))
        for name in sorted(os.listdir(folder))
        if name.endswith(".json")
    ]


def _type_words(hint: Any) -> str:
    if hint is None:
        return "any"
    text = hint.__name__ if isinstance(hint, type) else str(hint)
    return text.replace("typing.", "").replace("NoneType", "None")


SHORTEST = 0.05  # seconds: a call is never given less (a zero timeout means "none" to some)


class Deadline:
    """A client whose operations taking ``Timeout`` are bounded by a deadline."""

    def __init__(self, client: Any, seconds: float, clock: Callable[[], float] = time.monotonic):
        self._client = client
        self._clock = clock
        self._at = clock() + seconds

    def __dir__(self) -> list[str]:
        return dir(self._client)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._client, name)
        if name.startswith("_") or not callable(found):
            return found
        taken = keyword_parameters(found)
        timeout = next((p for p in taken[0] if p.name == "Timeout"), None) if taken else None
        if timeout is None:
            return found
        default = None if timeout.default is REQUIRED else timeout.default

        @functools.wraps(found)
        def bounded(**params: Any) -> Any:
            left = max(self._at - self._clock(), SHORTEST)
            given = params.get("Timeout", default)
            params["Timeout"] = left if given is None else min(float(given), left)
            return found(**params)

        return bounded


class AwsDeadline:
    """A botocore client whose calls end by a deadline: each operation runs on a client
    of the same service whose tries and timeouts fit the time left (``call_budget``),
    made when the budget changes (on one session: ~6 ms), the last one kept. Calls are
    made one after the other (a wait is one thread)."""

    def __init__(
        self,
        client: Any,
        seconds: float,
        make: Callable[[Any], Any],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._make = make
        self._clock = clock
        self._at = clock() + seconds
        self._made: tuple[tuple[float, int], Any] | None = None

    def __dir__(self) -> list[str]:
        return dir(self._client)

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._client, name)
        mapping = getattr(self._client.meta, "method_to_api_mapping", {})
        if name not in mapping:
            return found

        @functools.wraps(found)
        def bounded(**params: Any) -> Any:
            return getattr(self._current(), name)(**params)

        return bounded

    def _current(self) -> Any:
        from ..aws.clients import call_budget, call_config

        budget = call_budget(_stepped(self._at - self._clock()))
        made = self._made
        if made is not None and made[0] == budget:
            return made[1]
        client = self._make(call_config(*budget))
        self._made = (budget, client)
        if made is not None:
            made[1].close()  # its connections: one client's are enough
        return client

    def close(self) -> None:
        """Close the client made last and the one it stands for."""
        if self._made is not None:
            self._made[1].close()
            self._made = None
        self._client.close()


_STEP = 1.25


def _stepped(left: float) -> float:
    """``left`` rounded down to a power of 1.25: a budget (so a client) changes a few
    dozen times over a wait, not at every call, and never outlasts the time left."""
    if left <= 0.05:
        return left
    return float(_STEP ** math.floor(math.log(left, _STEP)))


def process_age() -> float:
    """Seconds since this process started (interpreter and imports included), so that
    ``--max-wait`` counts from the command's start; 0 where the OS does not say (Linux's
    ``/proc`` does, to a clock tick)."""
    try:
        with open("/proc/self/stat", "rb") as stat:  # field 22: start, in ticks since boot
            start = int(stat.read().rsplit(b")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return max(time.clock_gettime(time.CLOCK_BOOTTIME) - start, 0.0)
    except (OSError, ValueError, AttributeError, IndexError):
        return 0.0

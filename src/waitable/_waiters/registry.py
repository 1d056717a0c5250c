"""A client's waiters by name, from several sources, bound to it on request.

``ClientWaiters`` holds compiled ``WaiterModel`` objects in order; a later waiter with
the name of an earlier one overrides it, with a warning naming both files. The search
path (``WAITABLE_PATH``: directories, ``os.pathsep``-separated) adds ``<service>.json``
from each directory that has one; nothing outside those directories is read.
"""

from __future__ import annotations

import os
import re
import warnings
from random import Random
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable

from .._core.errors import UnknownWaiterError
from .._core.operations import xform_name
from .._core.text import did_you_mean
from .definitions import WaiterDefinition
from .model import WaiterModel
from .waiter import AsyncWaiter, Waiter

if TYPE_CHECKING:
    from tenacity.stop import StopBaseT
    from tenacity.wait import WaitBaseT

    from .events import Attempt
    from .options import Cancel

SEARCH_PATH = "WAITABLE_PATH"
"""The environment variable of the search path: directories, ``os.pathsep``-separated."""

_SERVICE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\Z")  # a file name, never a path


class ClientWaiters:
    """The waiters available to one client, by name (``TableExists`` or ``table_exists``)."""

    __slots__ = ("_by_name", "client", "service")

    client: Any
    service: str | None
    """The service name (``dynamodb``), or None for a client that names none."""
    _by_name: dict[str, WaiterModel]

    def __init__(self, client: Any, service: str | None, models: Iterable[WaiterModel]) -> None:
        self.client = client
        self.service = service
        self._by_name = {}
        for model in models:
            for name in model.waiters:
                earlier = self._by_name.get(name)
                if earlier is not None:
                    warnings.warn(
                        f"waiter {name!r} of {model.source} overrides the one of {earlier.source}",
                        stacklevel=3,
                    )
                self._by_name[name] = model

    def __repr__(self) -> str:
        name = self.service or type(self.client).__name__
        return f"<ClientWaiters {name}: {len(self._by_name)} waiters>"

    @property
    def waiter_names(self) -> list[str]:
        """Every waiter's name as its file writes it, sorted."""
        return sorted(self._by_name)

    def source_of(self, name: str) -> str:
        """The file (or ``botocore:...`` model) the waiter ``name`` comes from."""
        return self._model(name)[0].source

    def definition(self, name: str) -> WaiterDefinition:
        model, real = self._model(name)
        return model.waiters[real]

    def get_waiter(
        self,
        name: str,
        *,
        sleep: Callable[[float], object] | None = None,
        clock: Callable[[], float] | None = None,
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
        random: Random | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
        cancel: Cancel | None = None,
    ) -> Waiter:
        """``WaiterModel.get_waiter`` for this client: the same options."""
        model, real = self._model(name)
        return model.get_waiter(
            real,
            self.client,
            sleep=sleep,
            clock=clock,
            wait=wait,
            stop=stop,
            random=random,
            on_attempt=on_attempt,
            cancel=cancel,
        )

    def get_async_waiter(
        self,
        name: str,
        *,
        sleep: Callable[[float], Awaitable[object]] | None = None,
        clock: Callable[[], float] | None = None,
        wait: WaitBaseT | None = None,
        stop: StopBaseT | None = None,
        random: Random | None = None,
        on_attempt: Callable[[Attempt], object] | None = None,
    ) -> AsyncWaiter:
        """``WaiterModel.get_async_waiter`` for this client (aiobotocore): the same options."""
        model, real = self._model(name)
        return model.get_async_waiter(
            real,
            self.client,
            sleep=sleep,
            clock=clock,
            wait=wait,
            stop=stop,
            random=random,
            on_attempt=on_attempt,
        )

    def _model(self, name: str) -> tuple[WaiterModel, str]:
        found = self._by_name.get(name)
        if found is not None:
            return found, name
        for real, model in self._by_name.items():
            if xform_name(real) == name:
                return model, real
        snake = name.islower()  # suggest names in the spelling the caller used
        spellings = [xform_name(n) if snake else n for n in self._by_name]
        raise UnknownWaiterError(
            f"{self.service or type(self.client).__name__}: no waiter named {name!r}"
            f"{did_you_mean(name, spellings)}; waiters: {', '.join(self.waiter_names) or 'none'}"
        )


def search_path_files(service: str) -> list[str]:
    """``<service>.json`` in each directory of ``WAITABLE_PATH`` that has one, in order.

    ``service`` must be a plain service name: nothing outside those directories is read.
    """
    if not _SERVICE_NAME.match(service):
        raise ValueError(f"not a service name: {service!r} (lower-case letters, digits, -)")
    found = []
    for directory in os.environ.get(SEARCH_PATH, "").split(os.pathsep):
        if directory:
            path = os.path.join(directory, f"{service}.json")
            if os.path.isfile(path):
                found.append(path)
    return found

"""What the engines that run durable waits share: finding a wait's waiter again in
another process, from the reference its state carries, with a client from a resolver,
made once per process (not per poll); and a wait's error as JSON data
(``error_details``), for an engine stores results as JSON.

A reference is ``{"service": "http", "waiter": ...}`` (a built-in service),
``{"aws": "glue", "waiter": ...}`` (botocore's waiters, or waitable's own for AWS),
either with ``"file"`` (a waiter file joined to that service's), ``{"file": path,
"waiter": ...}`` or ``{"registered": name}`` (``register``). Options a state names
(``module:qualname``) are imported. Files are read only when the caller allows them
(``files=``): a state is data, and data does not choose what a worker reads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Callable, Union

from ._core.operations import import_name
from ._errors import ConfigError, StateError, WaiterError
from ._waiters.durable import HOOKS
from ._waiters.jsondata import jsonable
from ._waiters.state import WaitState
from ._waiters.waiter import AsyncWaiter, Waiter

Resolver = Callable[[Mapping[str, str]], Any]
"""Gives the client for a waiter reference (``{"aws": "glue", ...}``)."""

AnyWaiter = Union[Waiter, AsyncWaiter]

_registered: dict[str, AnyWaiter] = {}
_cache: dict[tuple[Any, ...], AnyWaiter] = {}
_lock = threading.Lock()


def register(name: str, waiter: AnyWaiter) -> AnyWaiter:
    """Make ``waiter`` findable by ``name`` in this process, and return it with the
    reference ``{"registered": name}``: its states then name it so. Every process that
    polls such a state registers the same name (a waiter of your own client, a waiter
    from a dict)."""
    if not isinstance(name, str) or not name:
        raise ConfigError(f"register() takes a non-empty name, not {name!r}")
    named: AnyWaiter = waiter.with_ref({"registered": name})
    with _lock:
        _registered[name] = named
    return named


def resume(
    state: WaitState,
    *,
    resolver: Resolver | None = None,
    files: Iterable[str] = (),
    awaited: bool = False,
) -> AnyWaiter:
    """The waiter ``state`` names, bound to a client, with the options it names: a
    ``Waiter`` (an ``AsyncWaiter`` when ``awaited``). Made once per process for each
    reference and resolver (an ``AsyncWaiter`` once per event loop: async clients are
    bound to theirs), then shared (waiters are immutable)."""
    ref = dict(state.waiter)
    loop = None
    if awaited:
        import asyncio

        try:
            loop = id(asyncio.get_running_loop())
        except RuntimeError:
            loop = None
    key = (tuple(sorted(ref.items())), tuple(sorted(state.hooks.items())), resolver, awaited, loop)
    found = _cache.get(key)
    if found is None:
        found = _bind(ref, dict(state.hooks), resolver, frozenset(files), awaited)
        with _lock:
            found = _cache.setdefault(key, found)
    return found


def _bind(
    ref: dict[str, str],
    hooks: dict[str, str],
    resolver: Resolver | None,
    files: frozenset[str],
    awaited: bool,
) -> AnyWaiter:
    if "registered" in ref:
        return _registered_waiter(ref)
    check_ref(ref, files)
    client = resolver(ref) if resolver is not None else default_client(ref)
    return bind(ref, hooks, client, files, awaited)


def _registered_waiter(ref: Mapping[str, str]) -> AnyWaiter:
    waiter = _registered.get(ref["registered"])
    if waiter is None:
        raise StateError(
            f"the wait's waiter was registered as {ref['registered']!r} in the process "
            "that started it: register it in this process too (waitable.register)"
        )
    return waiter


def check_ref(ref: Mapping[str, str], files: Iterable[str]) -> None:
    """Refuse a reference that names no waiter, or a file ``files`` does not allow."""
    if "registered" in ref:
        return
    if not isinstance(ref.get("waiter"), str):
        raise StateError(f"the wait's waiter reference names no waiter: {dict(ref)}")
    path = ref.get("file")
    if path is not None and os.path.abspath(path) not in {os.path.abspath(f) for f in files}:
        raise StateError(
            f"the wait's waiter comes from {path!r}: allow that file (files=[...]) to read it"
        )
    if "service" not in ref and "aws" not in ref and path is None:
        raise StateError(f"the wait's waiter reference is not one waitable makes: {dict(ref)}")


def bind(
    ref: Mapping[str, str],
    hooks: Mapping[str, str],
    client: Any,
    files: Iterable[str],
    awaited: bool,
) -> AnyWaiter:
    """The waiter ``ref`` names, bound to ``client`` with the options ``hooks`` name: an
    ``AsyncWaiter`` when ``awaited``, whose calls of a blocking client run in a thread
    (asyncio's default executor), so an event loop polls any client without blocking."""
    if "registered" in ref:
        return _registered_waiter(ref)
    check_ref(ref, files)
    options = {option: _imported(name) for option, name in hooks.items() if option in HOOKS}
    name, path = ref["waiter"], ref.get("file")
    from ._registry import for_client

    service, aws = ref.get("service"), ref.get("aws")
    if service is not None:
        from ._core.documents import bundled_file

        waiters = for_client(client, path or bundled_file(f"{service}.json"), service=service)
    elif aws is not None:
        waiters = for_client(client, *([path] if path else []))
    else:
        assert path is not None  # check_ref
        waiters = for_client(client, path)
    if not awaited:
        return waiters.get_waiter(name, **options)
    from ._core.operations import find_operation, is_async_client, is_coroutine_function

    definition = waiters.definition(name)
    operation = find_operation(client, definition.operation, f"waiter {name!r}")
    if is_coroutine_function(operation) or is_async_client(client):
        return waiters.get_async_waiter(name, **options)
    threaded = waiters.with_client({definition.operation: _in_thread(operation)})
    found: AsyncWaiter = threaded.get_async_waiter(name, **options).with_ref(ref)
    return found


def _in_thread(operation: Callable[..., Any]) -> Callable[..., Any]:
    """``operation`` as a coroutine function that runs it in the loop's default
    executor; its signature (for the parameters only acceptors read) is kept."""
    import asyncio
    import functools

    @functools.wraps(operation)
    async def call(**params: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(operation, **params))

    return call


_clients: dict[tuple[str, str], Any] = {}


def default_client(ref: Mapping[str, str]) -> Any:
    """A built-in service's client, or a boto3 client of the default session, made once
    per process; any other reference needs a resolver."""
    if "service" in ref:
        key = ("service", ref["service"])
    elif "aws" in ref:
        key = ("aws", ref["aws"])
    else:
        raise StateError(f"no client for {ref}: give a resolver")
    client = _clients.get(key)
    if client is None:
        if key[0] == "service":
            from .services import client as builtin_client

            client = builtin_client(key[1])
        else:
            from .aws.clients import session_client

            client = session_client(key[1])
        with _lock:
            client = _clients.setdefault(key, client)
    return client


def _imported(name: str) -> Any:
    try:
        return import_name(name)
    except Exception as exc:
        raise StateError(f"the wait names {name!r}, which does not import here: {exc}") from None


def error_details(error: WaiterError) -> dict[str, Any]:
    """A ``WaiterError``'s fields as JSON data: ``name``, ``reason``, ``last_response``,
    ``attempts``, ``elapsed``, ``observed`` (a timeout's counters) and ``notes``. The
    acceptor object is left out (it means nothing without the definition)."""
    return {
        "name": error.name,
        "reason": error.reason,
        "last_response": jsonable(error.last_response),
        "attempts": error.attempts,
        "elapsed": error.elapsed,
        "observed": jsonable(dict(getattr(error, "observed", {}) or {})),
        "notes": [str(n) for n in getattr(error, "__notes__", ())],
    }

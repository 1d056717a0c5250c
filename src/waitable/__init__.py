"""waitable: declarative waiters, compiled from JSON, polled with tenacity.

Describe *what ready means* as JSON (botocore's ``waiters-2.json`` format, or Smithy's
waiter trait); waitable validates and compiles it, binds it to any client, and polls::

    import waitable

    model = waitable.load("my_waiters.json")       # every problem reported here
    result = model.get_waiter("TableExists", client).wait(TableName="t")
    result.response, result.attempts, result.elapsed

    waiter = model.get_async_waiter("TableExists", aiobotocore_client)
    result = await waiter.wait(TableName="t", WaiterConfig={"MaxWaitTime": 300})

``for_client(boto3.client("dynamodb"))`` holds every waiter botocore ships for that
client, waitable's own for services AWS never gave waiters, and yours; its
``get_waiter(name)`` binds one (botocore is imported only for a botocore client).

A client is an object whose methods are the operations (``describe_table`` for
``DescribeTable``: boto3, aiobotocore, your own class) or a mapping from operation name
to a callable. ``WaiterConfig`` takes ``Delay``, ``MaxAttempts``, and waitable's
``MinDelay``/``MaxDelay`` (jittered backoff) and ``MaxWaitTime`` (a deadline in seconds).
``get_waiter`` options: ``sleep``, ``clock``, ``wait``/``stop`` (tenacity strategies),
``random``, ``on_attempt`` (called with each ``Attempt``), ``cancel`` (a
``threading.Event``), ``retry_after`` (a response's least delay, as HTTP's
``Retry-After``) and ``transient`` (throttling and transient server errors retried
without spending attempts, under a deadline); a test keeps this list complete.

A wait returns a ``WaitResult`` or raises a ``WaiterError``: ``FailureStateError``,
``WaiterTimeoutError`` (with ``.observed``, what the last attempts saw),
``UnexpectedResponseError`` or ``WaitCancelledError``. A malformed file raises
``DefinitionError`` listing every problem with its file, waiter, acceptor and field;
an unknown name a ``NotFoundError`` (``UnknownWaiterError``, ``UnknownPaginatorError``,
``UnknownServiceError``, ``OperationNotFoundError``). Every error derives from
``WaitableError``; the whole tree is drawn in ``waitable._errors``.

Built-in services (``command``, ``dns``, ``file``, ``grpc``, ``http``, ``mysql``,
``postgres``, ``rabbitmq``, ``redis``, ``tcp``) and their waiters: ``waitable.services``;
from a shell: ``waitable wait http UrlReady -p Url=http://localhost:8080/``. The manual is
the project's documentation site (``docs/``; README.md is its front page).
"""

from ._version import __version__

TYPE_CHECKING = False  # (not typing's: importing typing is a good part of the command's start-up)
if TYPE_CHECKING:  # the names, for type checkers; at run time each is imported on first use
    from ._core.documents import schema_path
    from ._core.operations import xform_name
    from ._errors import (
        ConfigError,
        DefinitionChangedError,
        DefinitionError,
        DefinitionWarning,
        FailureStateError,
        NotFoundError,
        OperationNotFoundError,
        PaginationError,
        StateError,
        UnexpectedResponseError,
        UnknownPaginatorError,
        UnknownServiceError,
        UnknownWaiterError,
        WaitableError,
        WaitCancelledError,
        WaiterError,
        WaiterTimeoutError,
    )
    from ._model import Model, WaiterModel, load
    from ._registry import ClientWaiters, for_client
    from ._resume import register, resume
    from ._waiters.attempts import Attempt, WaitResult
    from ._waiters.definitions import Acceptor, WaiterDefinition
    from ._waiters.durable import Step
    from ._waiters.state import WaitState
    from ._waiters.until import until, until_async, waits
    from ._waiters.waiter import AsyncWaiter, BaseWaiter, Waiter

# Where each public name lives. Importing waitable costs next to nothing: a module is
# imported when one of its names is first used (the command starts in milliseconds).
_HOMES = {
    "Acceptor": "._waiters.definitions",
    "AsyncWaiter": "._waiters.waiter",
    "Attempt": "._waiters.attempts",
    "BaseWaiter": "._waiters.waiter",
    "ClientWaiters": "._registry",
    "ConfigError": "._errors",
    "DefinitionChangedError": "._errors",
    "DefinitionError": "._errors",
    "DefinitionWarning": "._errors",
    "FailureStateError": "._errors",
    "Model": "._model",
    "NotFoundError": "._errors",
    "OperationNotFoundError": "._errors",
    "PaginationError": "._errors",
    "StateError": "._errors",
    "Step": "._waiters.durable",
    "UnexpectedResponseError": "._errors",
    "UnknownPaginatorError": "._errors",
    "UnknownServiceError": "._errors",
    "UnknownWaiterError": "._errors",
    "WaitCancelledError": "._errors",
    "WaitResult": "._waiters.attempts",
    "WaitState": "._waiters.state",
    "WaitableError": "._errors",
    "Waiter": "._waiters.waiter",
    "WaiterDefinition": "._waiters.definitions",
    "WaiterError": "._errors",
    "WaiterModel": "._model",
    "WaiterTimeoutError": "._errors",
    "for_client": "._registry",
    "load": "._model",
    "register": "._resume",
    "resume": "._resume",
    "schema_path": "._core.documents",
    "until": "._waiters.until",
    "until_async": "._waiters.until",
    "waits": "._waiters.until",
    "xform_name": "._core.operations",
}

__all__ = [
    "Acceptor",
    "AsyncWaiter",
    "Attempt",
    "BaseWaiter",
    "ClientWaiters",
    "ConfigError",
    "DefinitionChangedError",
    "DefinitionError",
    "DefinitionWarning",
    "FailureStateError",
    "Model",
    "NotFoundError",
    "OperationNotFoundError",
    "PaginationError",
    "StateError",
    "Step",
    "UnexpectedResponseError",
    "UnknownPaginatorError",
    "UnknownServiceError",
    "UnknownWaiterError",
    "WaitCancelledError",
    "WaitResult",
    "WaitState",
    "WaitableError",
    "Waiter",
    "WaiterDefinition",
    "WaiterError",
    "WaiterModel",
    "WaiterTimeoutError",
    "__version__",
    "for_client",
    "load",
    "register",
    "resume",
    "schema_path",
    "until",
    "until_async",
    "waits",
    "xform_name",
]


# Hidden from type checkers, which then see the names above and report a misspelt one.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        """Import a public name on first use. Every public name imported so far then shows
        as ``waitable.X`` in reprs and tracebacks, wherever it is defined."""
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import sys
        from importlib import import_module

        import_module(home, __name__)
        for public, where in _HOMES.items():
            module = sys.modules.get(__name__ + where)
            if module is not None and public not in globals():
                found = getattr(module, public)
                if hasattr(found, "__module__"):
                    found.__module__ = __name__
                globals()[public] = found
        return globals()[name]

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del TYPE_CHECKING  # nothing but waitable's own names in the namespace

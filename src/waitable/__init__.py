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
``random``, ``on_attempt`` (called with each ``Attempt``) and ``cancel`` (a
``threading.Event``).

A wait returns a ``WaitResult`` or raises a ``WaiterError``: ``FailureStateError``,
``WaiterTimeoutError`` (with ``.observed``, what the last attempts saw),
``UnexpectedResponseError`` or ``WaitCancelledError``; a malformed file raises
``DefinitionError`` listing every problem with its file, waiter, acceptor and field.

Built-in services (HTTP, TCP, files, commands) and their waiters: ``waitable.services``;
from a shell: ``waitable wait http UrlReady -p Url=http://localhost:8080/``.
The manual is the project's README.
"""

from ._core.errors import (
    ConfigError,
    DefinitionError,
    OperationNotFoundError,
    UnknownWaiterError,
    WaitableError,
)
from ._core.operations import xform_name
from ._core.resources import schema_path
from ._load import Model, load
from ._registry import ClientWaiters
from ._version import __version__
from ._waiters.definitions import Acceptor, WaiterDefinition
from ._waiters.errors import (
    FailureStateError,
    UnexpectedResponseError,
    WaitCancelledError,
    WaiterError,
    WaiterTimeoutError,
)
from ._waiters.events import Attempt
from ._waiters.model import WaiterModel
from ._waiters.results import WaitResult
from ._waiters.waiter import AsyncWaiter, BaseWaiter, Waiter
from .aws import for_client

__all__ = [
    "Acceptor",
    "AsyncWaiter",
    "Attempt",
    "BaseWaiter",
    "ClientWaiters",
    "ConfigError",
    "DefinitionError",
    "FailureStateError",
    "Model",
    "OperationNotFoundError",
    "UnexpectedResponseError",
    "UnknownWaiterError",
    "WaitCancelledError",
    "WaitResult",
    "WaitableError",
    "Waiter",
    "WaiterDefinition",
    "WaiterError",
    "WaiterModel",
    "WaiterTimeoutError",
    "__version__",
    "for_client",
    "load",
    "schema_path",
    "xform_name",
]

# Public names show as waitable.X in reprs and tracebacks, wherever they are defined.
for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__") and not isinstance(_obj, str):
        _obj.__module__ = __name__
del _name, _obj

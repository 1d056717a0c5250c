"""waitable: declarative waiters, compiled from JSON, polled with tenacity.

::

    import waitable
    model = waitable.load("my_waiters.json")          # botocore's waiters-2.json format
    result = model.get_waiter("TableExists", client).wait(TableName="t")
    result.response, result.attempts, result.elapsed

See README.md for the manual.
"""

from __future__ import annotations

import os

from ._clients import xform_name
from ._errors import (
    ConfigError,
    DefinitionError,
    FailureStateError,
    OperationNotFoundError,
    UnexpectedResponseError,
    UnknownWaiterError,
    WaitableError,
    WaitCancelledError,
    WaiterError,
    WaiterTimeoutError,
)
from ._events import Attempt
from ._load import load
from ._model import Acceptor, WaiterDefinition, WaiterModel
from ._waiter import AsyncWaiter, Waiter, WaitResult

__version__ = "0.1.0"


def schema_path() -> str:
    """Path of the JSON Schema of the waiter file format shipped in this package."""
    return os.path.join(os.path.dirname(__file__), "waiters-2.schema.json")


__all__ = [
    "Acceptor",
    "AsyncWaiter",
    "Attempt",
    "ConfigError",
    "DefinitionError",
    "FailureStateError",
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
    "load",
    "schema_path",
    "xform_name",
]

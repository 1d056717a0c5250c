"""AWS: every waiter botocore ships, on a real boto3 or aiobotocore client, in one line,
plus the waiters AWS never shipped::

    waiters = waitable.for_client(boto3.client("dynamodb"))
    waiters.waiter_names
    waiters.get_waiter("table_exists").wait(TableName="t", WaiterConfig={"MaxWaitTime": 300})

The only part of waitable that imports botocore, and only once a botocore client is
given (``pip install 'waitable[aws]'``).
"""

import typing as _typing

from .._registry import SEARCH_PATH, ClientWaiters, for_client, search_path_files

if _typing.TYPE_CHECKING:
    from .model_check import check_against_service

__all__ = [
    "SEARCH_PATH",
    "ClientWaiters",
    "check_against_service",
    "for_client",
    "search_path_files",
]


if not _typing.TYPE_CHECKING:  # the shape checker, imported on first use

    def __getattr__(name: str) -> object:
        if name != "check_against_service":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from .model_check import check_against_service

        globals()[name] = check_against_service
        return check_against_service

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


del _typing

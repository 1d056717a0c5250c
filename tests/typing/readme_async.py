"""docs/async.md's example, as written there (tests/core/test_docs.py keeps them equal);
.ci/run type-checks it with ``mypy --strict``."""

import asyncio

from aiobotocore.session import get_session

import waitable


async def main() -> None:
    model = waitable.load("dynamodb_waiters.json")
    async with get_session().create_client("dynamodb") as client:
        waiter = model.get_async_waiter("TableExists", client)
        result = await waiter.wait(TableName="t", WaiterConfig={"MaxWaitTime": 300})
        print(result.attempts, result.response["Table"]["TableStatus"])


asyncio.run(main())

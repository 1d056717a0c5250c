"""A workflow of the tests' own that runs a wait with ``waitable.temporal.wait``, as a
user's workflow would (its own module: the workflow sandbox imports it afresh)."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    import waitable.temporal as wt


@workflow.defn(name="tests.Parent")
class Parent:
    @workflow.run
    async def run(self, state_json: str, variant: str) -> Any:
        response = await wt.wait(state_json, variant=variant)
        return {"status": response["Status"]}

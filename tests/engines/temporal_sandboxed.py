"""A workflow that imports ``waitable.temporal`` plainly, as a user's workflow module may
(no ``imports_passed_through``): it reports the waitable modules its sandbox holds."""

from __future__ import annotations

import sys

from temporalio import workflow

import waitable.temporal  # noqa: F401 - what the sandbox loads for it is the point


@workflow.defn(name="tests.SandboxModules")
class SandboxModules:
    @workflow.run
    async def run(self) -> dict[str, int]:
        return {name: id(module) for name, module in sys.modules.items() if "waitable" in name}

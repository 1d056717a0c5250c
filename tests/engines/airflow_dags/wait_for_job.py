"""A DAG the tests run with ``dag.test()``: wait for the job at $WAITABLE_JOB_URL through
the http service's JobDone waiter (tests/engines/job.json), then record its response."""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

from airflow.sdk import DAG, task

from waitable.airflow import WaitOperator

JOB_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "job.json")

with DAG("waitable_wait_for_job", schedule=None, start_date=datetime.datetime(2024, 1, 1)) as dag:
    wait = WaitOperator(
        task_id="wait",
        service="http",
        file=JOB_FILE,
        waiter="JobDone",
        parameters={"Url": os.environ.get("WAITABLE_JOB_URL", "http://127.0.0.1:9/none")},
        waiter_config={"MinDelay": 0.3, "MaxDelay": 0.3, "MaxWaitTime": 30},
    )

    @task
    def record(response: Any) -> None:
        with open(os.environ["WAITABLE_OUT"], "w") as out:
            json.dump(response, out)

    record(wait.output)


if __name__ == "__main__":
    run = dag.test()
    print(json.dumps({"state": str(run.state)}), flush=True)

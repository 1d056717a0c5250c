"""The Celery app the tests' real ``celery worker`` subprocesses run (``-A
engines.celery_worker_app``), configured by environment variables: the Redis URL (broker
and result backend) and the visibility timeout with a fast restore sweep."""

from __future__ import annotations

import json
import os
from typing import Any

from celery import Celery

import waitable.celery

REDIS = os.environ.get("WAITABLE_TEST_REDIS", "redis://127.0.0.1:6379/0")
VISIBILITY = float(os.environ.get("WAITABLE_TEST_VISIBILITY", "3600"))
JOB_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "job.json")


def make_app(redis: str, visibility: float) -> Celery:
    """An app on ``redis`` (broker and backend) whose messages come back after
    ``visibility`` seconds unacknowledged, swept for every quarter of that.

    The sweep holds a Redis lock (``unacked_mutex``) that expires after
    ``unacked_mutex_expire`` seconds, 300 by default: a worker SIGKILLed inside a sweep
    blocks every other worker's sweeps that long (seen here in about one run in ten),
    so it is short here too."""
    made = Celery("waitable_tests", broker=redis, backend=redis)
    made.conf.update(
        broker_transport_options={
            "visibility_timeout": visibility,
            "unacked_restore_interval": min(visibility / 4, 10.0),
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": max(visibility / 4, 0.5),
        },
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        result_expires=3600,
    )
    # a hop not run 1.5 visibility timeouts past its ETA is re-sent (the default, two
    # timeouts and a sweep, is for busy production queues)
    waitable.celery.register(made, files=[JOB_FILE], rescue_after=visibility * 1.5)
    return made


app = make_app(REDIS, VISIBILITY)

poll = waitable.celery.register(app)  # the same task make_app registered


@app.task(name="tests.record")
def record(result: Any, key: str) -> None:
    """A ``link``: pushes the wait's result on the list ``key``."""
    app.backend.client.rpush(key, json.dumps(result))


@app.task(name="tests.record_error")
def record_error(request: Any, exc: BaseException, traceback: Any, key: str) -> None:
    """A ``link_error``: pushes the failed task's id and error on the list ``key``."""
    entry = {"id": request.id, "type": type(exc).__name__, "message": str(exc)}
    app.backend.client.rpush(key, json.dumps(entry))

"""Durable waits on Airflow's triggerer: ``WaitOperator`` starts a wait and defers to
``WaitTrigger``, which polls it on the triggerer's event loop, one call per poll, and
fires one event at its end. No worker slot is held while it waits.

::

    from waitable.airflow import WaitOperator

    WaitOperator(
        task_id="wait_for_job",
        service="http",
        waiter="UrlReady",
        parameters={"Url": "https://jobs.example.com/42"},
        waiter_config={"MaxWaitTime": 6 * 3600},  # also the deferral's timeout
    )

The trigger's serialized form is the wait's ``WaitState`` (JSON); after a triggerer
restart Airflow re-creates it from the state it was deferred with, and the trigger
catches that up to its schedule: the deadline, attempts and backoff go on, never reset.
Clients and waiters are made once per event loop, off the loop, and shared by every
trigger on it. The manual: docs/airflow.md.
"""

from ._deferred import CLASSPATH, WaitOperator, WaitTrigger, raise_for, trigger_of, waiter_for

__all__ = ["CLASSPATH", "WaitOperator", "WaitTrigger", "raise_for", "trigger_of", "waiter_for"]

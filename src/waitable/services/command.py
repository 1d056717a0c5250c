"""The ``command`` service: run a command per attempt (never through a shell)."""

from __future__ import annotations

import contextlib
import json
import shlex
import subprocess
from typing import Any, Union

from ._responses import check_query, error_response, query

Command = Union[str, "list[str]"]


class CommandClient:
    """``Run``: run a command (a list, or a string split like a shell would, never run by
    a shell): ``{"ExitCode", "Stdout", "Stderr", "Json"}`` (``Json`` when stdout is JSON);
    with ``Query`` (JMESPath over ``Json``), ``QueryResult``."""

    def run(
        self,
        Command: Command,  # noqa: N803
        Timeout: float | None = None,  # noqa: N803
        Query: str | None = None,  # noqa: N803
    ) -> dict[str, Any]:
        argv = shlex.split(Command) if isinstance(Command, str) else [str(a) for a in Command]
        if not argv:
            return error_response("CommandNotFound", "empty command")
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=Timeout, check=False
            )
        except FileNotFoundError as exc:
            return error_response("CommandNotFound", str(exc))
        except subprocess.TimeoutExpired as exc:
            return error_response("Timeout", str(exc))
        except OSError as exc:
            return error_response("CommandError", f"{type(exc).__name__}: {exc}")
        response: dict[str, Any] = {
            "ExitCode": done.returncode,
            "Stdout": done.stdout,
            "Stderr": done.stderr,
        }
        with contextlib.suppress(ValueError):
            response["Json"] = json.loads(done.stdout)
        if Query is not None:
            response["QueryResult"] = query(response.get("Json"), Query)
        return response


def describe_response(response: Any) -> str:
    return f"exit {response['ExitCode']}" if "ExitCode" in response else ""


PARAMETER_CHECKS = {"Query": check_query}
ACCEPTOR_PARAMETERS = {"Expected": Any}

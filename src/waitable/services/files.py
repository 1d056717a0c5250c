"""The ``file`` service: whether a path exists, and what a file contains."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, final

from . import Service, error_response


class FileClient:
    """``Stat``: whether ``Path`` exists, its kind and size. ``Search``: whether the file
    at ``Path`` contains ``Text`` (``Contains``)."""

    def stat(self, Path: str) -> dict[str, Any]:  # noqa: N803
        try:
            info = os.stat(Path)
        except FileNotFoundError:
            return {"Exists": False, "Path": Path}
        except OSError as exc:
            return error_response("FileError", f"{type(exc).__name__}: {exc}")
        return {"Exists": True, "Path": Path, "IsFile": os.path.isfile(Path), "Size": info.st_size}

    def search(self, Path: str, Text: str) -> dict[str, Any]:  # noqa: N803
        try:
            with open(Path, encoding="utf-8", errors="replace") as handle:
                return {"Exists": True, "Path": Path, "Contains": Text in handle.read()}
        except FileNotFoundError:
            return {"Exists": False, "Path": Path, "Contains": False}
        except OSError as exc:
            return error_response("FileError", f"{type(exc).__name__}: {exc}")


@final
class FileService(Service):
    name = "file"
    summary = "a path on this machine"

    def client(self) -> FileClient:
        return FileClient()

    def describe_result(self, response: Mapping[str, Any]) -> str:
        if "Exists" not in response:
            return ""
        return "exists" if response["Exists"] else "missing"

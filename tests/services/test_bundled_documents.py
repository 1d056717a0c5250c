"""``services/_bundled.py`` holds the bundled waiter files (``waiters/*.json``) as Python
data, so a short command reads its service's waiters without importing ``json``: it
must stay equal to the files. After changing a file, regenerate it::

    python tests/services/test_bundled_documents.py && ruff format src/waitable/services/_bundled.py
"""

from __future__ import annotations

import json
import os
import pprint
import sys

from waitable._core.documents import bundled_dir
from waitable.services import SERVICES
from waitable.services._bundled import DOCUMENTS

MODULE = os.path.join(os.path.dirname(__file__), *[os.pardir] * 2, "src", "waitable", "services")


def files() -> dict[str, object]:
    folder = bundled_dir()
    found = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as file:
                found[name[: -len(".json")]] = json.load(file)
    return found


def test_the_bundled_module_is_the_bundled_files() -> None:
    assert files() == DOCUMENTS, "regenerate it: see this module's docstring"
    assert list(DOCUMENTS) == sorted(SERVICES)  # one file per built-in service


def render() -> str:
    return (
        '"""The bundled waiter files (``waiters/*.json``) as Python data: a short command\n'
        "reads its service's waiters without importing ``json``. Generated from the files by\n"
        'tests/services/test_bundled_documents.py, which checks they are equal."""\n\n'
        "from __future__ import annotations\n\n"
        "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from typing import Any\n\n"
        f"DOCUMENTS: dict[str, Any] = {pprint.pformat(files(), sort_dicts=False, width=100)}\n"
    )


if __name__ == "__main__":
    with open(os.path.join(MODULE, "_bundled.py"), "w", encoding="utf-8") as out:
        out.write(render())
    sys.exit(0)

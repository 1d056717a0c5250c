"""The code blocks of README.md and docs/*.md, and how each is run by the tests.

A fenced block in ``python``, ``sh`` or ``json`` is an example. HTML comments on the lines
right before its fence (invisible on GitHub and in the built site) say how it runs:

``<!-- example: slow NAME... -->``
    it needs local servers, which the test starts: ``moto``, ``http``, ``redis``,
    ``postgres`` (see ``environments`` in test_examples.py); the page's test is slow.
``<!-- example: file NAME -->``
    the block is a file that later blocks of the page read: written as NAME.
``<!-- example: aws -->``
    it needs real AWS (an account, credentials): skipped, saying so.
``<!-- example: needs MODULE... -->``
    it needs packages of an extra that the main test venv does not install (Airflow):
    where one does not import, its page is skipped, saying which; CI runs the page in the
    venv that has them.
``<!-- example: ci -->``
    a command CI runs as it is: every line of the block is in ``.ci/run``.
``<!-- example: repo -->``
    a command run from a checkout: it runs in a copy of the repository's files.
``<!-- setup: ... -->``
    code run just before the block, in the same namespace (Python) or script (shell):
    what a reader has already (a client, a URL), kept out of the example's way.

Blocks of one page run in order, in one namespace and one working folder, as a reader
would run them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"python", "sh", "json"}
KINDS = {"slow", "file", "aws", "ci", "repo", "needs"}
NEEDED = {"airflow", "boto3"}
"""Modules an example may name after ``needs``."""
SERVERS = {"moto", "http", "redis", "postgres"}

_FENCE = re.compile(r"^```(\S*)\s*$")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


class Example(NamedTuple):
    page: str  # relative to the repository: README.md, docs/waiting.md
    line: int  # the fence's line, counting from 1
    language: str
    code: str
    words: tuple[str, ...]  # from <!-- example: ... -->
    setup: str  # from <!-- setup: ... -->

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def slow(self) -> bool:
        return "slow" in self.words or "repo" in self.words

    @property
    def servers(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if word in SERVERS)

    @property
    def needs(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if word in NEEDED)

    @property
    def file_name(self) -> str | None:
        if "file" not in self.words:
            return None
        return self.words[self.words.index("file") + 1]


def pages() -> list[Path]:
    docs = sorted((ROOT / "docs").rglob("*.md"))
    return [ROOT / "README.md", *docs]


def _comments_before(lines: list[str], index: int) -> list[str]:
    """The HTML comments that end on the lines just above ``lines[index]``."""
    end = index
    while end > 0 and lines[end - 1].rstrip().endswith("-->"):
        start = end - 1
        while "<!--" not in lines[start]:
            start -= 1
            if start < 0:
                raise ValueError(f"unclosed comment above line {index + 1}")
        end = start
    text = "\n".join(lines[end:index])
    return [match.group(1) for match in _COMMENT.finditer(text)]


def examples(path: Path) -> list[Example]:
    """Every example block of one page, with what its comments say."""
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[Example] = []
    index = 0
    page = path.relative_to(ROOT).as_posix()
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        language = match.group(1)
        close = index + 1
        while close < len(lines) and lines[close].rstrip() != "```":
            close += 1
        if close == len(lines):
            raise ValueError(f"{page}:{index + 1}: a code block that is never closed")
        if language in LANGUAGES:
            words: tuple[str, ...] = ()
            setup = ""
            for comment in _comments_before(lines, index):
                body = comment.strip()
                if body.startswith("example:"):
                    words = tuple(body[len("example:") :].split())
                elif body.startswith("setup:"):
                    setup = body[len("setup:") :].strip("\n") + "\n"
            unknown = [w for w in words if w not in KINDS | SERVERS | NEEDED]
            if "file" in words:
                unknown = [w for w in unknown if w != words[words.index("file") + 1]]
            if unknown:
                raise ValueError(f"{page}:{index + 1}: unknown example words {unknown}")
            code = "\n".join(lines[index + 1 : close]) + "\n"
            found.append(Example(page, index + 1, language, code, words, setup))
        index = close + 1
    return found


def all_examples() -> dict[str, list[Example]]:
    """Page -> its examples, for the pages that have any."""
    result = {}
    for path in pages():
        found = examples(path)
        if found:
            result[path.relative_to(ROOT).as_posix()] = found
    return result


def ci_script() -> str:
    return (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def repo_files() -> list[str]:
    """The repository's files, for a copy: what ``git ls-files`` would list, without git."""
    skip = {".git", ".venv", "site", "__pycache__", ".mypy_cache", ".ruff_cache"}
    skip |= {".pytest_cache", ".hypothesis"}
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".egg-info")]
        for name in names:
            files.append(os.path.relpath(os.path.join(folder, name), ROOT))
    return files

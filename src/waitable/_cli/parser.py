"""The command line: argparse, built for the one command named; ``wait``'s words split at
``--`` into several waits (and ``-- exec``), with ``--from FILE``'s waits read in."""

from __future__ import annotations

import argparse
import contextlib
import math
import sys

from .._version import __version__
from ..services import SERVICES
from .exits import ExitStatus, say, terminal_columns
from .waits import DEFAULT_MAX_WAIT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, NoReturn

RUN_WIDE = ("--all", "--any", "--max-wait", "--quiet", "-q", "--json", "--query", "--from")
"""Options of the whole ``wait`` command, given before the first ``--``."""


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, fitted to the terminal without importing ``shutil`` (as
    argparse's own sizing does: a few milliseconds of every short command)."""

    def __init__(self, prog: str, **options: Any) -> None:
        options.setdefault("width", (terminal_columns(sys.stdout) or 80) - 2)
        super().__init__(prog, **options)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is a ``Mistake``: one line (``waitable wait: ...``),
    exit 2, said by ``main`` or with the wait it is in."""

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str) -> NoReturn:
        raise Mistake(self.prog, message)


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line parsed (``wait``'s by ``parse_wait``): its parser is built for
    the one command named, with argparse's words untranslated."""
    command = next((word for word in argv if not word.startswith("-")), None)
    with untranslated():
        parsing = parser(command)
        return parse_wait(parsing, argv) if command == "wait" else parsing.parse_args(argv)


@contextlib.contextmanager
def untranslated() -> Iterator[None]:
    """argparse's own words ("options", "usage: ") as they are, while the command line
    is parsed. argparse asks gettext for each one as it builds a parser: every ask
    searches for catalogues on disk, and the first imports ``locale`` (its table of a
    thousand aliases), about 2.5 ms of every start. No catalogue translates them (Python
    ships none, and the domain is the program's own: waitable has none)."""
    names = vars(argparse)
    translate = names["_"]
    names["_"] = str
    try:
        yield
    finally:
        names["_"] = translate


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command`` named, only that command is built (argparse's
    setup is a good part of a short command's run), else every command. The command's
    name is ``args.command``."""
    top = _Parser(
        prog="waitable",
        description=(
            "Wait for HTTP endpoints, ports, DNS names, files, commands, PostgreSQL, Redis "
            "and AWS resources, declaratively."
        ),
        epilog=(
            "Exit codes: 0 success, 1 failure state, 2 bad input, 3 timeout, 130 Ctrl-C, "
            "143 SIGTERM."
        ),
    )
    top.add_argument("--version", action="version", version=f"waitable {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    every = command not in COMMANDS  # --help, --version, a mistake: all of them
    for name, (words, arguments, takes_aws) in COMMANDS.items():
        if every or name == command:
            sub = commands.add_parser(name, help=words)
            if takes_aws:
                _aws_arguments(sub)
            arguments(sub)
    return top


def _aws_arguments(sub: argparse.ArgumentParser) -> None:
    group = sub.add_argument_group("AWS services (with botocore installed)")
    group.add_argument(
        "--region", help="the AWS region (default: AWS_REGION, else your AWS configuration)"
    )
    group.add_argument("--profile", help="a profile of your AWS configuration")
    group.add_argument("--endpoint-url", metavar="URL", help="the service endpoint to call")


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("service", nargs="?", help="only this service's waiters")
    listing.add_argument("--file", help="list this waiter file")


def _show_arguments(show: argparse.ArgumentParser) -> None:
    show.add_argument("service")
    show.add_argument("waiter", nargs="?", help="without it: the service's waiters")
    show.add_argument("--file", help="a waiter file to read instead of the bundled one")


def _validate_arguments(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for stdin")


def _wait_arguments(wait: argparse.ArgumentParser) -> None:
    wait.epilog = (
        "Several waits: separate them with --, each with its own -p, --file, --delay and "
        "--max-attempts; they run in parallel under one --max-wait. Run a command after "
        "success, in place of waitable: -- exec COMMAND [ARG ...] (last)."
    )
    wait.add_argument(
        "--from",
        metavar="FILE",
        dest="listing",
        help="wait for the waits FILE (- for stdin) lists: one a line, SERVICE WAITER [options]; "
        "# comments",
    )
    together = wait.add_mutually_exclusive_group()
    together.add_argument(
        "--all", action="store_true", help="several waits: succeed when all do (the default)"
    )
    together.add_argument(
        "--any", action="store_true", help="several waits: succeed when the first one does"
    )
    wait.add_argument(
        "service", help=f"the client: {', '.join(SERVICES)}, or an AWS service (dynamodb, ...)"
    )
    wait.add_argument(
        "waiter",
        help="a waiter name, or a short target for the service's usual waiter: tcp HOST:PORT, "
        "http URL, postgres URL, redis URL, mysql URL, rabbitmq amqp:// URL, "
        "grpc HOST:PORT, file PATH",
    )
    wait.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE|KEY:=JSON",
        help="an operation parameter (a string, or JSON with :=)",
    )
    wait.add_argument("--file", help="a waiter file to read instead of the bundled one")
    wait.add_argument(
        "--max-wait",
        type=_duration(no_limit=True),
        metavar="DURATION",
        help=f"give up after DURATION: 30s, 2m, 1h30m, 500ms or plain seconds (default "
        f"{DEFAULT_MAX_WAIT:g}s for waiters with no attempt limit); 0 or inf: no limit, for "
        "waiters that have their own attempt limit",
    )
    wait.add_argument(
        "--delay",
        type=_duration(no_limit=False),
        metavar="DURATION",
        help="a fixed delay between attempts",
    )
    wait.add_argument(
        "--backoff",
        type=_backoff,
        metavar="MIN:MAX",
        help="jittered exponential backoff between attempts, from MIN to MAX (Smithy's): 1s:30s",
    )
    wait.add_argument("--max-attempts", type=_count, metavar="N", help="give up after N calls")
    wait.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    wait.add_argument("--json", action="store_true", help="print the final response as JSON")
    wait.add_argument(
        "--query",
        metavar="EXPR",
        type=_jmespath,
        help="a JMESPath expression over what --json prints, printed instead (implies --json)",
    )
    wait.add_argument(
        "--invert",
        action="store_true",
        help="succeed when the waiter's condition does not hold (a port closed, a page gone); "
        "its failure states and unexpected errors still fail",
    )


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], bool]] = {
    "list": ("services and waiters, one line each", _list_arguments, True),
    "show": ("a waiter in words", _show_arguments, True),
    "validate": ("check waiter files (exit 0 if valid)", _validate_arguments, False),
    "wait": ("wait until a waiter succeeds", _wait_arguments, True),
}
"""Each command: its help, its options, whether it takes the AWS options."""


class Mistake(Exception):  # noqa: N818 - a usage mistake, said where it is known
    """argparse's one-line complaint, raised rather than printed, so that a wait's own
    mistakes are told with where the wait comes from (``waits.txt:3``)."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog

    def line(self, where: str = "") -> str:
        return f"{self.prog}: {where}{self.args[0]} (see {self.prog} --help)"


def parse_wait(parsing: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``wait``'s words parsed: the first wait, ``args.later`` (those after ``--`` and
    the further lines of ``--from FILE``; each wait's ``origin`` is its file and line, or
    None) and ``args.then`` (``-- exec``). Every wait is checked: each mistake is said with
    its file and line, then the command exits 2."""
    first, later_words, then = _segments(argv)
    first, listed = _from_file(first)
    mistakes: list[str] = []
    waits: list[tuple[list[str], str | None]] = []
    for words, line in listed:
        if isinstance(words, str):  # the line does not split
            mistakes.append(f"waitable wait: {line}: {words} (see waitable wait --help)")
            continue
        mistake = _check_wait(parsing, words, f"{line}: ", "")
        if mistake is None:
            waits.append((words, line))
        else:
            mistakes.append(mistake)
    origin = listed[0][1] if listed else None
    if listed and not mistakes:  # the file's waits first: its first takes the command's options
        first = [*first, *waits.pop(0)[0]]
    ahead = len(waits)
    for number, words in enumerate(later_words, 2 + ahead):
        mistake = _check_wait(parsing, words, "", f" (wait {number} has it)")
        waits.append((words, None))
        if mistake is not None:
            mistakes.append(mistake)
    for mistake in mistakes:
        say(mistake)
    if mistakes:
        raise SystemExit(ExitStatus.BAD_INPUT)
    args = parsing.parse_args(first)
    args.origin = origin
    args.later = [_parsed(parsing, words, where) for words, where in waits]
    args.then = then
    return args


def _parsed(
    parsing: argparse.ArgumentParser, words: list[str], origin: str | None
) -> argparse.Namespace:
    args = parsing.parse_args(["wait", *words])
    args.origin = origin
    return args


def _check_wait(
    parsing: argparse.ArgumentParser, words: list[str], where: str, which: str
) -> str | None:
    """The mistake of one wait's words (a line), or None."""
    for word in words:
        option = word.split("=")[0]
        if option in RUN_WIDE:
            return (
                f"waitable wait: {where}{option} applies to the whole command: give it on "
                f"the command line, before the first --{which}"
            )
    try:
        parsing.parse_args(["wait", *words])
    except Mistake as exc:
        return exc.line(where)
    return None


def _segments(argv: list[str]) -> tuple[list[str], list[list[str]], list[str] | None]:
    """``wait`` words split at ``--``: the first wait (with the options of the whole
    command), the later waits, and the command after ``-- exec`` (all words after it,
    taken as they are)."""
    parts: list[list[str]] = [[]]
    then = None
    for position, word in enumerate(argv):
        if word != "--":
            parts[-1].append(word)
            continue
        rest = argv[position + 1 :]
        if rest[:1] == ["exec"]:
            then = rest[1:]
            break
        parts.append([])
    if then == []:
        raise SystemExit(_usage("-- exec needs a command to run"))
    if any(not part for part in parts[1:]):
        raise SystemExit(_usage("-- must be followed by SERVICE WAITER, or exec COMMAND"))
    return parts[0], parts[1:], then


def _from_file(words: list[str]) -> tuple[list[str], list[tuple[list[str] | str, str]]]:
    """``--from FILE`` taken out of the first wait's words, and the waits FILE (``-``:
    standard input) lists, each with its ``FILE:LINE``: one a line, ``SERVICE WAITER
    [options]`` split as a POSIX shell does, ``#`` comments."""
    for position, word in enumerate(words):
        if word == "--from" or word.startswith("--from="):
            path = word[len("--from=") :] if "=" in word else None
            rest = words[position + 1 :] if path is not None else words[position + 2 :]
            if path is None:
                if position + 1 >= len(words):
                    raise SystemExit(_usage("--from needs a file listing waits"))
                path = words[position + 1]
            return [*words[:position], *rest], _listed(path)
    return words, []


def _listed(path: str) -> list[tuple[list[str] | str, str]]:
    """The waits of a ``--from`` file, each with its ``FILE:LINE``: its words, or why the
    line does not split (a string)."""
    import shlex

    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as listing:
                data = listing.read()
    except OSError as exc:
        raise SystemExit(_usage(f"--from {path}: {exc.strerror or exc}")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SystemExit(
            _usage(f"{name}:{line}: not UTF-8 text (byte {data[exc.start]:#04x}): save it as UTF-8")
        ) from None
    waits: list[tuple[list[str] | str, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            waits.append((str(exc), f"{name}:{number}"))
            continue
        if words:
            waits.append((words, f"{name}:{number}"))
    if not waits:
        raise SystemExit(_usage(f"--from {path}: lists no waits (SERVICE WAITER ... a line)"))
    return waits


def _usage(message: str) -> int:
    say(f"waitable wait: {message} (see waitable wait --help)")
    return ExitStatus.BAD_INPUT


_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_LONGEST = 10**9  # seconds (31 years): any more is a mistake


def duration(text: str) -> float | None:
    """Seconds from ``30s``, ``2m``, ``1h30m``, ``500ms``, ``1.5`` (seconds) or ``2d``:
    numbers each followed by a unit, largest first; None when ``text`` is none of these."""
    text = text.strip()
    try:
        return float(text) if text and text[-1].isdigit() else _units(text)
    except ValueError:
        return _units(text)


def _units(text: str) -> float | None:
    total, number, unit, order = 0.0, "", "", math.inf
    pieces: list[tuple[str, str]] = []
    for char in text + "\0":
        if char.isdigit() or char == ".":
            if unit:
                pieces.append((number, unit))
                number, unit = "", ""
            number += char
        elif char.isalpha():
            if not number:
                return None
            unit += char
        elif char == "\0" and number and unit:
            pieces.append((number, unit))
        else:
            return None
    if not pieces:
        return None
    for number, unit in pieces:
        scale = _UNITS.get(unit)
        if scale is None or scale >= order or number.count(".") > 1 or number == ".":
            return None  # an unknown unit, units out of order or repeated, a bad number
        order = scale
        total += float(number) * scale
    return total


def _duration(*, no_limit: bool) -> Any:
    """An argparse type: a duration (``duration``) >= 0; with ``no_limit``, > 0, and
    ``0``, ``inf`` or ``none`` as ``math.inf``: no limit."""

    def parse(text: str) -> float:
        if no_limit and text.strip().lower() in ("inf", "infinity", "none", "never"):
            return math.inf
        value = duration(text)
        if value is None or not math.isfinite(value) or value < 0 or value > _LONGEST:
            limit = "; 0 or inf: no limit" if no_limit else ""
            raise argparse.ArgumentTypeError(
                f"must be a duration (30s, 2m, 1h30m, 500ms, or seconds){limit}, got {text!r}"
            )
        if no_limit and value == 0:
            return math.inf
        return value

    return parse


def _backoff(text: str) -> tuple[float, float]:
    """``MIN:MAX``, two durations, 0 < MIN <= MAX."""
    low_text, colon, high_text = text.partition(":")
    low, high = duration(low_text), duration(high_text)
    if not colon or low is None or high is None or not 0 < low <= high <= _LONGEST:
        raise argparse.ArgumentTypeError(
            f"must be MIN:MAX, two durations with 0 < MIN <= MAX (1s:30s, 0.5:10), got {text!r}"
        )
    return low, high


def _jmespath(text: str) -> str:
    from .._core.paths import jmespath_problem

    problem = jmespath_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(f"{text!r} is not valid JMESPath: {problem}")
    return text


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value

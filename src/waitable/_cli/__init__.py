"""``waitable``: declarative waiters from a shell.

    waitable list [SERVICE] [--file F]
    waitable show SERVICE [WAITER] [--file F]
    waitable validate FILE... (- for stdin)
    waitable wait [--all | --any] [--max-wait S] [--quiet] [--json] [--from FILE]
                  SERVICE WAITER [--param K=V | K:=JSON ...] [--file F]
                  [--delay S] [--max-attempts N]
                  [-- SERVICE WAITER [...] ...] [-- exec COMMAND [ARG ...]]
    (AWS services also take --region, --profile and --endpoint-url)

Exit codes: 0 success, 1 a failure state (or an error response no acceptor expected),
2 bad input (usage, unknown service or waiter, bad parameter, bad file), 3 timeout,
126/127 the command after ``-- exec`` cannot run / is not found, 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, NoReturn, Sequence

from .._core.documents import parse_json
from .._core.text import counted
from .._errors import ConfigError, DefinitionError, OperationNotFoundError, UnknownWaiterError
from .._model import Model, load, load_document
from .._version import __version__
from ..aws.clients import is_bad_input
from ..services import SERVICES
from .deadline import process_age
from .exits import (
    BAD_INPUT,
    CANNOT_EXECUTE,
    FAILED,
    INTERRUPTED,
    NOT_FOUND,
    OK,
    TERMINATED,
    BadInput,
    Terminated,
)
from .params import ParameterError
from .progress import Board, terminal_columns
from .targets import Target, bundled_aws_waiters, target
from .waits import DEFAULT_MAX_WAIT, Ending, Wait, overall, prepare, run_together

ONE_LINE = (BadInput, ConfigError, UnknownWaiterError, OperationNotFoundError, ParameterError)
"""Mistakes in what the command was given: each is one line on stderr, exit 2."""

RUN_WIDE = ("--all", "--any", "--max-wait", "--quiet", "-q", "--json", "--from")
"""Options of the whole ``wait`` command, given before the first ``--``."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


def _handle_sigterm() -> None:
    """Stop on SIGTERM, also as a container's PID 1 (which ignores it by default)."""
    import signal

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _on_sigterm)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (the console script exits with it)."""
    _handle_sigterm()
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((word for word in argv if not word.startswith("-")), None)
    parser = _parser(command)
    argv, later, then = _segments(argv) if command == "wait" else (argv, [], None)
    args = parser.parse_args(argv)
    try:
        if command == "wait":
            args.later = [_later(parser, words, n) for n, words in enumerate(later, 2)]
            args.then = then
        return int(args.run(args))
    except DefinitionError as exc:
        more = len(exc.problems) - 1
        tail = f" (and {more} more: run waitable validate)" if more else ""
        _say(f"waitable: {exc.problems[0]}{tail}")
        return BAD_INPUT
    except ONE_LINE as exc:
        _say(f"waitable: {exc}")
        return BAD_INPUT
    except OSError as exc:  # a file that cannot be read
        _say(f"waitable: {exc}")
        return BAD_INPUT
    except KeyboardInterrupt:
        _say("\nwaitable: interrupted")
        return INTERRUPTED
    except Terminated:
        _say("\nwaitable: terminated")
        return TERMINATED
    except Exception as exc:  # botocore's own errors: parameters, credentials, connection
        verdict = is_bad_input(exc)
        if verdict is None:
            raise
        _say(f"waitable: {type(exc).__name__}: {exc}")
        return BAD_INPUT if verdict else FAILED


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, fitted to the terminal without importing ``shutil`` (as
    argparse's own sizing does: a few milliseconds of every short command)."""

    def __init__(self, prog: str, **options: Any) -> None:
        options.setdefault("width", (terminal_columns(sys.stdout) or 80) - 2)
        super().__init__(prog, **options)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (``waitable wait: ...``), exit 2."""

    def __init__(self, *args: Any, **options: Any) -> None:
        options.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **options)

    def error(self, message: str) -> NoReturn:
        self.exit(BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command`` named, only that command is built (argparse's
    setup is a good part of a short command's run), else every command."""
    parser = _Parser(
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
    parser.add_argument("--version", action="version", version=f"waitable {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    aws = _Parser(add_help=False)
    group = aws.add_argument_group("AWS services (with botocore installed)")
    group.add_argument("--region", help="the AWS region (default: your AWS configuration)")
    group.add_argument("--profile", help="a profile of your AWS configuration")
    group.add_argument("--endpoint-url", metavar="URL", help="the service endpoint to call")

    every = command not in COMMANDS  # --help, --version, a mistake: all of them
    for name, (words, run, arguments, takes_aws) in COMMANDS.items():
        if every or name == command:
            sub = commands.add_parser(name, parents=[aws] if takes_aws else [], help=words)
            sub.set_defaults(run=run)
            arguments(sub)
    return parser


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
        help="wait for the waits FILE lists: one a line, SERVICE WAITER [options]; # comments",
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
    wait.add_argument("waiter")
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
        type=_seconds(above_zero=True),
        metavar="S",
        help=f"give up after S seconds (default {DEFAULT_MAX_WAIT:g} for waiters with no "
        "attempt limit)",
    )
    wait.add_argument(
        "--delay",
        type=_seconds(above_zero=False),
        metavar="S",
        help="a fixed delay between attempts",
    )
    wait.add_argument("--max-attempts", type=_count, metavar="N", help="give up after N calls")
    wait.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    wait.add_argument("--json", action="store_true", help="print the final response as JSON")


def _segments(argv: list[str]) -> tuple[list[str], list[list[str]], list[str] | None]:
    """``wait`` words split at ``--``: the first wait (with the options of the whole
    command), the later waits, and the command after ``-- exec`` (all words after it,
    taken as they are)."""
    segments: list[list[str]] = [[]]
    then = None
    for position, word in enumerate(argv):
        if word != "--":
            segments[-1].append(word)
            continue
        rest = argv[position + 1 :]
        if rest[:1] == ["exec"]:
            then = rest[1:]
            break
        segments.append([])
    if then == []:
        raise SystemExit(_usage("-- exec needs a command to run"))
    if any(not segment for segment in segments[1:]):
        raise SystemExit(_usage("-- must be followed by SERVICE WAITER, or exec COMMAND"))
    first, listed = _from_file(segments[0])
    if listed:  # the file's waits first: its first joins the whole command's options
        return [*first, *listed[0]], [*listed[1:], *segments[1:]], then
    return first, segments[1:], then


def _from_file(words: list[str]) -> tuple[list[str], list[list[str]]]:
    """``--from FILE`` taken out of the first wait's words, and the waits FILE lists:
    one a line, ``SERVICE WAITER [options]`` split as a POSIX shell does, ``#`` comments."""
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


def _listed(path: str) -> list[list[str]]:
    import shlex

    try:
        with open(path, encoding="utf-8") as listing:
            lines = listing.read().splitlines()
    except OSError as exc:
        raise SystemExit(_usage(f"--from {path}: {exc.strerror or exc}")) from None
    waits = []
    for number, line in enumerate(lines, 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:
            raise SystemExit(_usage(f"{path}:{number}: {exc}")) from None
        if words:
            waits.append(words)
    if not waits:
        raise SystemExit(_usage(f"--from {path}: lists no waits (SERVICE WAITER ... a line)"))
    return waits


def _later(parser: argparse.ArgumentParser, words: list[str], number: int) -> argparse.Namespace:
    """A later wait's options: its own; the whole command's go before the first ``--``."""
    for word in words:
        if word.split("=")[0] in RUN_WIDE:
            raise BadInput(
                f"{word.split('=')[0]} applies to the whole command: give it before the "
                f"first -- (wait {number} has it)"
            )
    return parser.parse_args(["wait", *words])


def _usage(message: str) -> int:
    _say(f"waitable wait: {message} (see waitable wait --help)")
    return BAD_INPUT


def _seconds(*, above_zero: bool) -> Any:
    """An argparse type: a finite number of seconds (> 0 or >= 0)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or (above_zero and value == 0):
            bound = "> 0" if above_zero else ">= 0"
            raise argparse.ArgumentTypeError(f"must be a number of seconds {bound}, got {text!r}")
        return value

    return parse


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _target(args: argparse.Namespace) -> Target:
    return target(
        args.service,
        args.file,
        region=args.region,
        profile=args.profile,
        endpoint_url=args.endpoint_url,
    )


def _print_waiters(label: str, names: Sequence[str], describe: Any) -> None:
    for name in names:
        first = describe(name).description.split(". ")[0].rstrip(".")
        print(f"{(label + ' ' + name).strip():40} {first}")


def _cmd_list(args: argparse.Namespace) -> int:
    if args.service:
        found = _target(args).waiters
        _print_waiters(args.service, found.waiter_names, found.definition)
    elif args.file:
        model = load(args.file)
        _print_waiters("", model.waiter_names, model.definition)
    else:
        for name, builtin in SERVICES.items():
            model = builtin.waiters()
            _print_waiters(name, model.waiter_names, model.definition)
        for name, model in bundled_aws_waiters():
            _print_waiters(name, model.waiter_names, model.definition)
    return OK


def _cmd_show(args: argparse.Namespace) -> int:
    found = _target(args)
    if args.waiter is None:
        _print_waiters(args.service, found.waiters.waiter_names, found.waiters.definition)
        return OK
    definition = found.waiters.definition(args.waiter)
    print(definition.describe(deadline=f"--max-wait (default {DEFAULT_MAX_WAIT:g} s)"))
    print(f"From: {found.waiters.source_of(args.waiter)}")
    print("Parameters:")
    for line in found.parameter_lines(definition):
        print(f"  {line}")
    return OK


def _cmd_validate(args: argparse.Namespace) -> int:
    status = OK
    for path in args.files:
        try:
            model = _stdin_model() if path == "-" else load(path)
        except DefinitionError as exc:
            for problem in exc.problems:
                _say(problem)
            status = BAD_INPUT
        except OSError as exc:
            _say(f"{path}: {exc.strerror or exc}")
            status = BAD_INPUT
        else:
            name = "<stdin>" if path == "-" else path
            print(f"{name}: valid ({_counted(model)})")
    return status


def _stdin_model() -> Model:
    return load_document(parse_json(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")


def _counted(model: Model) -> str:
    parts = [
        counted(len(names), kind)
        for kind, names in (("waiter", model.waiter_names), ("paginator", model.paginator_names))
        if names or kind == "waiter"
    ]
    return ", ".join(parts)


def _cmd_wait(args: argparse.Namespace) -> int:
    named = [args, *args.later]
    board = None if args.quiet else Board(sys.stderr, rows=len(named))
    several = len(named) > 1
    waits: list[Wait] = []
    for row, wanted in enumerate(named):  # every wait checked before the first call
        prefix = f"[{row + 1}] " if several else ""
        try:
            waits.append(
                prepare(wanted, _left(args.max_wait), board, row, prefix, together=several)
            )
        except ONE_LINE as exc:
            if not several:
                raise
            raise BadInput(f"{prefix}{exc}") from None  # which wait it is
    try:
        endings = run_together(waits, first_success=args.any) if several else {0: waits[0].run()}
    finally:
        if board is not None:
            board.finish()
        for wait in waits:
            wait.stop()
    for index, ending in sorted(endings.items()):
        if ending.code != OK or not args.quiet:
            prefix = f"[{index + 1}] {waits[index].label}: " if several else ""
            _say(f"waitable: {prefix}{ending.message}")
            for note in ending.notes:
                _say(note)
    _dump(args, waits, endings)
    code = overall(endings, len(waits), args.any) if several else endings[0].code
    if code == OK and args.then is not None:
        return _exec(args.then)
    return code


def _left(max_wait: float | None) -> float | None:
    """``--max-wait`` less what the command has spent since its process started."""
    return None if max_wait is None else max(max_wait - process_age(), 0.001)


def _dump(args: argparse.Namespace, waits: list[Wait], endings: dict[int, Ending]) -> None:
    if not args.json:
        return
    if len(waits) == 1:
        shown: Any = endings[0].response
    else:
        shown = [
            {"wait": wait.label, "exit": endings[n].code, "response": endings[n].response}
            if n in endings
            else {"wait": wait.label, "exit": None, "response": None}
            for n, wait in enumerate(waits)
        ]
    print(json.dumps(shown, indent=2, default=repr), flush=True)


def _exec(command: list[str]) -> int:
    """Replace this process with ``command`` (``-- exec``): a container's entry point
    waits, then becomes the app, which gets its signals directly."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvp(command[0], command)
    except FileNotFoundError:
        _say(f"waitable: -- exec {command[0]}: command not found")
        return NOT_FOUND
    except OSError as exc:
        _say(f"waitable: -- exec {command[0]}: {exc.strerror or exc}")
        return CANNOT_EXECUTE
    return CANNOT_EXECUTE  # pragma: no cover - execvp returns only by raising


COMMANDS: dict[str, tuple[str, Any, Any, bool]] = {
    "list": ("services and waiters, one line each", _cmd_list, _list_arguments, True),
    "show": ("a waiter in words", _cmd_show, _show_arguments, True),
    "validate": ("check waiter files (exit 0 if valid)", _cmd_validate, _validate_arguments, False),
    "wait": ("wait until a waiter succeeds", _cmd_wait, _wait_arguments, True),
}
"""Each command: its help, what runs it, its options, whether it takes the AWS options."""

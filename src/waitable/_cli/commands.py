"""The commands: ``list``, ``show``, ``validate`` and ``wait``, each a function of the
parsed command line returning the exit status."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import warnings

from .._core.documents import parse_json
from .._core.text import counted
from .._errors import ConfigError, DefinitionError, DefinitionWarning, NotFoundError
from .._model import Model, load, load_document
from .._registry import OverrideWarning
from ..services import SERVICES
from .exits import BadInput, ExitStatus, say
from .params import ParameterError
from .targets import Target, bundled_aws_waiters, process_age, target
from .waits import DEFAULT_MAX_WAIT, Wait, overall, prepare, print_json, run_together

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator, Sequence

ONE_LINE = (BadInput, ConfigError, NotFoundError, ParameterError)
"""Mistakes in what the command was given: each is one line on stderr, exit 2."""


@contextlib.contextmanager
def notices(quiet: bool) -> Iterator[None]:
    """waitable's own warnings as the command's lines (``waitable: note: ...`` for an
    override, ``waitable: warning: ...`` for a definition's, each once; none with
    ``--quiet``), not as Python warnings with a source line; other libraries' warnings
    are shown as Python shows them."""
    said: set[str] = set()
    with warnings.catch_warnings():
        show = warnings.showwarning

        def note(message: Any, category: Any, filename: Any, *where: Any, **more: Any) -> None:
            override = issubclass(category, OverrideWarning)
            ours = issubclass(category, DefinitionWarning) or str(filename).startswith(_PACKAGE)
            if not override and not ours:
                show(message, category, filename, *where, **more)
            elif not quiet and str(message) not in said:
                said.add(str(message))
                say(f"waitable: {'note' if override else 'warning'}: {message}")

        warnings.simplefilter("always", OverrideWarning)
        warnings.simplefilter("always", DefinitionWarning)
        warnings.filterwarnings("always", module=r"waitable(\.|$)")
        warnings.showwarning = note
        yield


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
"""waitable's folder: a warning attributed to a file in it is waitable's own."""


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


def list_waiters(args: argparse.Namespace) -> int:
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
    return ExitStatus.OK


def show(args: argparse.Namespace) -> int:
    found = _target(args)
    if args.waiter is None:
        _print_waiters(args.service, found.waiters.waiter_names, found.waiters.definition)
        return ExitStatus.OK
    definition = found.waiters.definition(args.waiter)
    print(definition.describe(deadline=f"--max-wait (default {DEFAULT_MAX_WAIT:g} s)"))
    print(f"From: {found.waiters.source_of(args.waiter)}")
    print("Parameters:")
    for line in found.parameter_lines(definition):
        print(f"  {line}")
    return ExitStatus.OK


def validate(args: argparse.Namespace) -> int:
    """Every problem of each file on stderr (exit 2 if any), and its warnings, one line
    each (``warning: ...``): they do not change the exit status."""
    status = ExitStatus.OK
    for path in args.files:
        try:
            with warnings.catch_warnings(record=True) as told:
                warnings.simplefilter("always")
                try:
                    model = _stdin_model() if path == "-" else load(path)
                finally:
                    for warning in told:
                        say(f"warning: {warning.message}")
        except DefinitionError as exc:
            for problem in exc.problems:
                say(problem)
            status = ExitStatus.BAD_INPUT
        except OSError as exc:
            say(f"{path}: {exc.strerror or exc}")
            status = ExitStatus.BAD_INPUT
        else:
            name = "<stdin>" if path == "-" else path
            for waiter in model.waiter_names:  # botocore runs it; it is seldom meant
                if all(a.state != "success" for a in model.definition(waiter).acceptors):
                    say(
                        f"warning: {name}: waiter {waiter!r}: no acceptor has state "
                        "'success': it can only fail or time out"
                    )
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


def wait(args: argparse.Namespace) -> int:
    """The waits ``args`` names (``args.later``: those after ``--``), checked, then run;
    after success, ``args.then`` (``-- exec``) replaces this process."""
    named = [args, *args.later]
    board = None
    if not args.quiet:  # a quiet wait imports no progress code
        from .progress import Board

        board = Board(sys.stderr, rows=len(named))
    several = len(named) > 1
    waits: list[Wait] = []
    mistakes: list[str] = []
    for row, wanted in enumerate(named):  # every wait checked before the first call
        prefix = f"[{row + 1}] " if several else ""
        origin = getattr(wanted, "origin", None)  # a --from line: its FILE:LINE
        try:
            waits.append(
                prepare(wanted, _left(args.max_wait), board, row, prefix, together=several)
            )
        except ONE_LINE as exc:
            where = f"{prefix}{origin}: " if origin else prefix  # which wait it is
            if not where:
                raise
            mistakes.append(f"waitable: {where}{exc}")
    if mistakes:  # every wait's mistake, then exit 2 before any call
        for each in waits:
            each.stop()
        for mistake in mistakes:
            say(mistake)
        return ExitStatus.BAD_INPUT
    try:
        endings = run_together(waits, first_success=args.any) if several else {0: waits[0].run()}
    finally:
        if board is not None:
            board.finish()
        for each in waits:
            each.stop()
    for index, ending in sorted(endings.items()):
        if ending.code != ExitStatus.OK or not args.quiet:
            prefix = f"[{index + 1}] {waits[index].label}: " if several else ""
            say(f"waitable: {prefix}{ending.message}")
            for note in ending.notes:
                say(note)
    if args.json or args.query is not None:
        print_json(waits, endings, args.query)
    code = overall(endings, len(waits), args.any) if several else endings[0].code
    if code == ExitStatus.OK and args.then is not None:
        return _exec(args.then)
    return code


def _left(max_wait: float | None) -> float | None:
    """``--max-wait`` less what the command has spent since its process started."""
    if max_wait is None or max_wait == math.inf:  # not given, or no limit (0, inf)
        return max_wait
    return max(max_wait - process_age(), 0.001)


def _exec(command: list[str]) -> int:
    """Replace this process with ``command`` (``-- exec``): a container's entry point
    waits, then becomes the app, which gets its signals directly."""
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvp(command[0], command)
    except FileNotFoundError:
        say(f"waitable: -- exec {command[0]}: command not found")
        return ExitStatus.NOT_FOUND
    except OSError as exc:
        say(f"waitable: -- exec {command[0]}: {exc.strerror or exc}")
        return ExitStatus.CANNOT_EXECUTE
    return ExitStatus.CANNOT_EXECUTE  # pragma: no cover - execvp returns only by raising


RUNS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": list_waiters,
    "show": show,
    "validate": validate,
    "wait": wait,
}
"""What runs each command."""

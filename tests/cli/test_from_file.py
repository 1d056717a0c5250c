"""``--from FILE``: errors name the file and line, every bad line is reported before the
exit 2, ``-`` reads standard input, and a file that is not UTF-8 is one line."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli


def _problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("waitable")]


def test_a_listed_wait_s_error_names_its_file_and_line(tmp_path: Path, cli: Cli) -> None:
    listing = tmp_path / "waits.txt"
    listing.write_text(
        "# comment\n"
        f"file PathExists -p Path={tmp_path}\n"
        "\n"
        "tcp PortOpen -p Host=127.0.0.1 -p Port=http\n"
    )
    done = cli("wait", "--from", str(listing))
    assert done.returncode == 2
    [problem] = _problems(done.stderr)
    assert problem.startswith(f"waitable: [2] {listing}:4: "), problem


def test_every_bad_line_is_reported_then_exit_2(tmp_path: Path, cli: Cli) -> None:
    listing = tmp_path / "waits.txt"
    listing.write_text(
        'tcp "PortOpen\n'  # 1: no closing quotation
        f"file PathExists -p Path={tmp_path}\n"  # 2: fine
        "tcp PortOpen --max-wait 5\n"  # 3: a whole-command option
        "tcp PortOpen --bogus\n"  # 4: no such option
        "tcp\n"  # 5: no waiter
    )
    done = cli("wait", "--from", str(listing))
    assert done.returncode == 2
    problems = _problems(done.stderr)
    assert [p.split(": ")[1] for p in problems] == [
        f"{listing}:1",
        f"{listing}:3",
        f"{listing}:4",
        f"{listing}:5",
    ], done.stderr
    assert "Traceback" not in done.stderr


def test_every_wait_a_listing_gets_wrong_is_reported(tmp_path: Path, cli: Cli) -> None:
    listing = tmp_path / "waits.txt"
    listing.write_text(
        "tcp PortOpen -p Host=127.0.0.1 -p Port=http\n"
        f"file PathExists -p Path={tmp_path}\n"
        "tcp PortOpen -p Host=127.0.0.1 -p Port=-1\n"
    )
    done = cli("wait", "--from", str(listing))
    assert done.returncode == 2
    problems = _problems(done.stderr)
    assert len(problems) == 2, done.stderr
    assert problems[0].startswith(f"waitable: [1] {listing}:1: ")
    assert problems[1].startswith(f"waitable: [3] {listing}:3: ")


def test_from_standard_input(tmp_path: Path, cli: Cli) -> None:
    done = cli(
        "wait",
        "--from",
        "-",
        stdin=f"file PathExists -p Path={tmp_path}\nfile PathGone -p Path={tmp_path / 'x'}\n",
    )
    assert done.returncode == 0, done.stderr
    assert "[2] file PathGone: PathGone succeeded" in done.stderr


def test_a_listing_that_is_not_utf8_is_one_line_naming_file_and_line(
    tmp_path: Path, cli: Cli
) -> None:
    listing = tmp_path / "waits.txt"
    listing.write_bytes(b"file PathExists -p Path=/tmp\nfile PathExists -p Path=/caf\xe9\n")
    done = cli("wait", "--from", str(listing))
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert f"{listing}:2: " in line
    assert "UTF-8" in line

"""The harness against ports that attack it (tests/doubles/hostile/): each run ends in bounded time and memory
with one clear message, nothing the port started outlives it, and what a port says cannot forge the console.
The readers' bounds are checked here directly, on pipes; the ports themselves run with ``-m slow``."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness import port_output
from mlp_spec.harness.process import PortFailure, ProcessBackend
from tests.doubles.processes import LIMITS, processes_with

HOSTILE = Path(__file__).parent / "doubles" / "hostile"
MEASURED = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)"
)
"""Runs a command and prints, last on its standard error, the most memory it (or a process it waited for) held,
in kilobytes: the test's own process has other children, whose peaks would count."""


def peak(done: subprocess.CompletedProcess[Any]) -> int:
    return int(done.stderr.splitlines()[-1])


def read_all(data: bytes, limit: int) -> list[bytes | int | None]:
    """What :func:`port_output.read_lines` makes of ``data``, written at once (one read) by a port that ends."""
    read, write = os.pipe()
    os.write(write, data)
    os.close(write)
    lines: queue.Queue[bytes | int | None] = queue.Queue()
    port_output.read_lines(read, lines, limit)
    os.close(read)
    return [lines.get_nowait() for _ in range(lines.qsize())]


def test_a_line_past_the_limit_stops_the_reading_and_says_so() -> None:
    read, write = os.pipe()
    lines: queue.Queue[bytes | int | None] = queue.Queue()
    reader = threading.Thread(target=port_output.read_lines, args=(read, lines, 100))
    reader.start()
    os.write(write, b'{"seq": 1}\n\n' + b"x" * 250)  # and the port's output stays open
    reader.join(timeout=5)
    assert [lines.get_nowait() for _ in range(2)] == [b'{"seq": 1}', b""]  # a blank line is a line
    assert lines.get_nowait() > 100 and lines.empty()  # how far it read: past the limit, and no further
    os.close(read)
    os.close(write)
    # The limit is a line's: it counts afresh after each end of line, and a line of the limit itself is read.
    assert read_all(b"y" * 10 + b"\n" + b"x" * 10, 10) == [b"y" * 10, None]  # the unended last line is dropped
    assert read_all(b"x" * 11, 10) == [11]


def test_a_descriptor_closed_under_its_reader_ends_it_quietly() -> None:
    """Stopping a port closes its pipes: a reader still on one ends as at the pipe's end, raising nothing in its
    thread (pytest would report that as an error of the harness)."""
    read, write = os.pipe()
    os.close(read)
    os.close(write)
    lines: queue.Queue[bytes | int | None] = queue.Queue()
    port_output.read_lines(read, lines)
    tail: deque[str] = deque()
    port_output.read_tail(read, tail)
    assert lines.get_nowait() is None and not tail


def test_standard_error_keeps_its_last_lines_printable_and_short() -> None:
    read, write = os.pipe()
    said = b"".join(b"line %d\n" % n for n in range(49)) + b"\xff" + b"l" * 300 + b"\n"
    os.write(write, said + b"\xff\x1b[2Jforged\rline" + b"e" * 300)  # the last line has no end
    os.close(write)
    tail: deque[str] = deque(maxlen=port_output.KEPT_STDERR)
    port_output.read_tail(read, tail)
    os.close(read)
    assert list(tail)[:-2] == [f"line {n}" for n in range(31, 49)]
    assert tail[-2] == "\ufffd" + "l" * 199 + "… (301 characters in all)"  # not UTF-8: shown all the same
    assert tail[-1] == "\ufffd\\x1b[2Jforged\\rline" + "e" * 184 + "… (316 characters in all)"


def test_what_a_port_says_is_escaped_and_cut() -> None:
    assert port_output.printable("a\nb\x1b[2J\x07c\tü") == "a\\nb\\x1b[2J\\x07c\\tü"
    assert port_output.printable("y" * 300, 200) == "y" * 200 + "… (300 characters in all)"


def run(port: str, *more: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """``mlp-spec run`` against a hostile port, bounded at a minute; what it printed, and the port's token."""
    token = f"hostile-{uuid.uuid4().hex}"
    command = f"{sys.executable} {HOSTILE / port} {token}"
    argv = [sys.executable, "-c", MEASURED, sys.executable, "-m", "mlp_spec", "run", "--impl", command]
    argv += ["--impl-timeout", "2", *more]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=HOSTILE)
    return done, token


@pytest.mark.slow
@pytest.mark.parametrize("port", ["child_holds_output.py", "detached_helper.py"])
def test_a_port_that_leaves_a_child_behind_ends_the_run_and_the_child(port: str) -> None:
    done, token = run(port, "--id", "sigmoid.article/1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not processes_with(token), "a process the port started outlived the run"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("port", "said"),
    [
        ("floods_output.py", "is longer than the protocol's 33,554,432 bytes"),
        ("floods_stderr.py", "no answer to seq 1 (op sigmoid) within 2 s (--impl-timeout changes it)"),
        ("stops_reading.py", "no answer to seq 1 (op sigmoid) within 2 s (--impl-timeout changes it)"),
    ],
)
def test_a_port_that_floods_or_stops_fails_with_one_message_in_bounded_memory(port: str, said: str) -> None:
    done, token = run(port, "--id", "sigmoid.article/1", "--impl-restarts", "0")
    assert done.returncode == 1 and said in done.stdout, done.stdout + done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) < 2_000
    assert peak(done) < 500 * 1024, "kilobytes"
    assert not processes_with(token)


@pytest.mark.slow
def test_a_port_that_stops_reading_fails_within_the_request_timeout() -> None:
    token = f"hostile-{uuid.uuid4().hex}"
    backend = ProcessBackend(f"{sys.executable} {HOSTILE / 'stops_reading.py'} {token}", **(LIMITS | {"timeout": 1.0}))
    said = r"^the port did not read seq 1 \(op sigmoid\) within 1 s \(--impl-timeout changes it\)$"
    with closing(backend), pytest.raises(PortFailure, match=said):
        backend.call("sigmoid", {"x": [0.5] * 1_000_000})  # megabytes: more than a pipe holds
    assert not processes_with(token)


@pytest.mark.slow
def test_a_port_cannot_forge_a_line_of_the_console() -> None:
    done, _ = run("forged_name.py", "--id", "sigmoid.article/1")
    assert done.returncode == 0 and "\x1b" not in done.stdout and "\r" not in done.stdout
    verdicts = [line for line in done.stdout.splitlines() if line.startswith("mlp-spec: ")]
    assert len(verdicts) == 1 and verdicts[0].startswith("mlp-spec: \\x1b[2J\\x1b]0;title\\x07hostile\\nmlp-spec")


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_stopping_the_harness_stops_every_process_the_port_started(stop: signal.Signals, tmp_path: Path) -> None:
    token = f"hostile-{uuid.uuid4().hex}"
    command = f"{sys.executable} {HOSTILE / 'stops_reading.py'} {token}"
    argv = [sys.executable, "-m", "mlp_spec", "run", "--impl", command, "--html", str(tmp_path / "page.html")]
    harness = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    started = f"stops_reading.py\0{token}"  # the port's own process, not the harness's --impl holding the token
    while not processes_with(started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(started), "the port never started"
    time.sleep(0.3)  # into the first request, which is never answered
    harness.send_signal(stop)
    out, err = harness.communicate(timeout=30)
    assert harness.returncode == 130 and "interrupted (exit 130)" in out.rstrip().splitlines()[-1], out + err
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err
    assert not processes_with(token) and not (tmp_path / "page.html").exists()


@pytest.mark.slow
def test_serve_answers_any_bytes_in_any_locale_and_a_huge_line_in_bounded_memory() -> None:
    """200 MB on one line is refused unread past the limit; bytes that are not UTF-8, under a UTF-8 locale,
    are answered; the server keeps serving."""
    import json

    huge = b'{"cmd":"run","seq":4,"op":"sigmoid","args":{"x":[' + b"0," * 100_000_000 + b"0]}}\n"
    lines = [b'{"cmd":"run","seq":3,"op":"sigmoid","args":{"x":[0]}} \xff\xfe\n', huge]
    lines.append(b'{"cmd":"run","seq":5,"op":"sigmoid","args":{"x":[0]}}\n')
    environment = os.environ | {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-c", MEASURED, sys.executable, "-m", "mlp_spec", "serve"]
    done = subprocess.run(argv, input=b"".join(lines), capture_output=True, timeout=120, env=environment)
    del huge, lines
    assert done.returncode == 0, done.stderr
    assert peak(done) < 500 * 1024, "kilobytes"
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"seq": None, "error": "line: not UTF-8 (byte 54)"},  # no JSON: docs/protocol.md
        {"seq": 4, "error": "line: longer than the protocol's 33,554,432 bytes"},
        {"seq": 5, "result": {"y": [0.5]}},
    ]


def test_an_answer_where_a_rejection_is_due_is_shown_cut_short() -> None:
    """A fit that returns the 64-100-10 digits' weights where it must reject rule printed a line of 15,000
    characters: the console shows its first 200."""
    from mlp_spec.steps.rejection import then_rejected
    from mlp_spec.steps.world import Request, World

    from mlp_spec.harness.backends import ReferenceBackend

    world = World(ReferenceBackend(), "digits.article-rule", frozenset())
    world.last = Request("digits.article-rule/fit", "fit", {}, result={"wih": [[0.5] * 64] * 100})
    with pytest.raises(pytest.fail.Exception) as failed:
        then_rejected(world, "rule")
    said = str(failed.value)
    assert said.startswith("fit answered {'wih': [[0.5, 0.5") and "characters in all) where it must reject rule" in said
    assert len(said) < 300

"""A backend that speaks Protocol 1 to another program: how mlp-spec checks a port in any language.

The port is started once and kept for the run. The harness never hangs and always explains: a start-up
and a per-request timeout, a port that exits or closes its output (reported with its exit status and the
last lines of its standard error, then started again), and answers that break the protocol (not JSON, the
wrong ``seq``, a missing field, the wrong shape) are each reported by what was wrong. After
``max_restarts`` restarts the port is given up on, and the remaining scenarios are not run. Every timeout
and the give-up name the option that changes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import threading
from collections import deque
from collections.abc import Mapping
from typing import IO, Any, NoReturn

from mlp_spec.harness.backends import Rejected, Unsupported
from mlp_spec.harness.shapes import shape_problems

PROTOCOL = 1


class PortFailure(Exception):
    """The port broke the protocol, timed out, or died; the message says which, and how."""


class PortGaveUp(PortFailure):
    """The port failed too often to be started again."""


# The options that change each limit (harness/plugin.py defines them), named in every message about a limit.
OPTIONS = {"start_timeout": "--impl-start-timeout", "timeout": "--impl-timeout", "max_restarts": "--impl-restarts"}


def _encode(value: Any) -> Any:
    # JSON has no NaN or infinity: the protocol spells them as strings.
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


SAID = 1000
"""Characters of a port's error or skip message that are kept: a port's message goes to the console and every
report, and one of 50 MB would fill a CI log."""


def shortened(text: str) -> str:
    return text if len(text) <= SAID else f"{text[:SAID]}… ({len(text):,} characters in all)"


def handshake_problems(hello: Mapping[str, Any]) -> list[str]:
    """What is wrong with a port's handshake: the protocol's number, an implementation of strings (they are
    the verdict's words), and ops and rules as lists of names; nothing if it is right."""
    problems = []
    protocol = hello.get("protocol")
    if type(protocol) is not int or protocol != PROTOCOL:  # True == 1, and 1.0 == 1, but neither is a number 1
        problems.append(f"protocol is {json.dumps(protocol)}, not {PROTOCOL}")
    implementation = hello.get("implementation")
    if not isinstance(implementation, dict):
        problems.append("implementation is not an object")
    else:
        problems += [
            f"implementation's {key} is not a string"
            for key, value in implementation.items()
            if not isinstance(value, str)
        ]
    for key in ("ops", "rules"):
        names = hello.get(key)
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            problems.append(f"{key} is not a list of names")
    return problems


class ProcessBackend:
    """A port, run as ``command`` (a shell command line) and spoken to over its stdin and stdout."""

    exact = False

    def __init__(self, command: str, start_timeout: float = 30.0, timeout: float = 10.0, max_restarts: int = 3) -> None:
        self.command = command
        self.start_timeout = start_timeout
        self.timeout = timeout
        self.max_restarts = max_restarts
        self.starts = 0
        self.seq = 0
        self.process: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=20)
        self.hello: dict[str, Any] | None = None
        self.declared: dict[str, Any] | None = None
        """The first handshake's answer: what the port said of itself stays said, through restarts."""
        self.given_up = False
        self.readers: list[threading.Thread] = []  # of its output and of its standard error

    # The handshake decides what runs, so it is made before the first scenario asks.
    @property
    def name(self) -> str:
        return str(self.describe().get("name", self.command))

    @property
    def ops(self) -> frozenset[str]:
        return frozenset(self._declaration().get("ops", ()))

    @property
    def rules(self) -> frozenset[str]:
        return frozenset(self._declaration().get("rules", ()))

    def describe(self) -> dict[str, str]:
        implementation = self._declaration().get("implementation", {})
        return {k: str(v) for k, v in implementation.items()} | {"command": self.command}

    def _declaration(self) -> dict[str, Any]:
        return self.declared if self.declared is not None else self._handshake()

    def _handshake(self) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None or self.hello is None:
            self._start()
        assert self.hello is not None
        return self.hello

    def _start(self) -> None:
        self._stop()
        if self.starts > self.max_restarts:
            self.given_up = True
            raise PortGaveUp(
                f"the port failed {self.starts} times and is not started again "
                f"({OPTIONS['max_restarts']} changes how often it is restarted)"
            )
        self.starts += 1
        self.lines = queue.Queue()
        self.stderr.clear()
        self.process = subprocess.Popen(
            self.command,
            shell=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.readers = [
            threading.Thread(target=self._pump, args=(self.process.stdout, self.lines), daemon=True),
            threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        self._send({"cmd": "start", "protocol": PROTOCOL}, "the handshake")
        line = self._receive(self.start_timeout, "the handshake", OPTIONS["start_timeout"])
        hello = self._parse(line, "the handshake", exiting=True)
        problems = handshake_problems(hello)
        if problems:
            self._fail(f"bad handshake ({'; '.join(problems)}): {line.strip()[:200]}", exiting=True)
        self.hello = hello
        if self.declared is None:
            self.declared = hello

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        # A stream closed under the reader (the port was stopped while it still wrote) ends it as its end would.
        with contextlib.suppress(ValueError, OSError):
            for line in stream:
                lines.put(line)
        lines.put(None)

    def _drain(self, stream: IO[str]) -> None:
        with contextlib.suppress(ValueError, OSError):
            for line in stream:
                self.stderr.append(line.rstrip("\n"))

    def _send(self, message: Mapping[str, Any], what: str = "the request") -> None:
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(_encode(message), allow_nan=False) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            printed = self._printed()
            said = f", having printed {printed!r}" if printed else ""
            self._fail(f"the port closed its input before {what}{said}", exiting=True)

    def _printed(self) -> str:
        """The first line a port that stopped reading wrote to its output (``echo hello`` as a port), if it
        wrote one: it usually says what went wrong."""
        try:
            line = self.lines.get(timeout=0.5)
        except queue.Empty:
            return ""
        return (line or "").strip()[:200]

    def _receive(self, timeout: float, what: str, option: str) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self._fail(f"no answer to {what} within {timeout:g} s ({option} changes it)")
        if line is None:
            self._fail(f"the port closed its output before answering {what}", exiting=True)
        return line

    def _parse(self, line: str, what: str, exiting: bool = False) -> dict[str, Any]:
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            self._fail(f"the answer to {what} is not JSON: {line.strip()[:200]!r}", exiting)
        except (ValueError, RecursionError) as error:
            # JSON past what Python reads: an integer of over 4,300 digits, arrays nested a thousand deep.
            self._fail(f"the answer to {what} cannot be read ({str(error)[:80]}): {line.strip()[:200]!r}", exiting)
        if not isinstance(message, dict):
            self._fail(f"the answer to {what} is not a JSON object: {line.strip()[:200]!r}", exiting)
        return message

    def _fail(self, message: str, exiting: bool = False) -> NoReturn:
        """Stop the port (it is started again on the next request) and report what happened. A port that
        closed its output, or broke its handshake, is usually exiting: give it a moment, so that its exit
        status and last words can be told."""
        status = self._stop(grace=0.5 if exiting else 0.0)  # with its last lines of standard error read
        details = [message]
        if status is not None:
            details.append(f"the port's exit status: {status}")
        if self.stderr:
            details.append("its last lines of standard error:\n    " + "\n    ".join(s[:200] for s in self.stderr))
        raise PortFailure("\n".join(details))

    def _stop(self, grace: float = 0.0) -> int | None:
        """End the port; its exit status if it exits within ``grace`` seconds of its input being closed (a
        port that is exiting anyway is not hurried, and one still reading ends at once, as at ``stop``)."""
        process, self.process, self.hello = self.process, None, None
        if process is None:
            return None
        status: int | None = process.poll()
        if status is None and grace:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = process.wait(timeout=grace)
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        for reader in self.readers:  # the port has ended: they read to its end, then the streams are closed
            reader.join(timeout=1)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return status

    def _exchange(self, message: Mapping[str, Any], what: str) -> tuple[dict[str, Any], str]:
        """Send one numbered message and read its answer; raise :class:`Rejected` or :class:`Unsupported`
        for an ``error`` or ``skipped`` answer."""
        self._send(message)
        line = self._receive(self.timeout, what, OPTIONS["timeout"])
        answer = self._parse(line, what)
        if answer.get("seq") != message["seq"]:
            self._fail(f"the answer to {what} carries seq {answer.get('seq')!r}: {line.strip()[:200]}")
        if "error" in answer:
            raise Rejected(shortened(str(answer["error"])))
        if answer.get("skipped") is True:
            raise Unsupported(f"unsupported: {shortened(str(answer.get('message') or what))}")
        return answer, line

    def converse(self, cmd: str) -> dict[str, Any]:
        """Send a bare ``cmd`` (one the protocol does not define, to check that it is rejected)."""
        self._handshake()
        self.seq += 1
        answer, _ = self._exchange({"cmd": cmd, "seq": self.seq}, f"seq {self.seq} (cmd {cmd})")
        return answer

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        self._handshake()
        self.seq += 1
        seq = self.seq
        what = f"seq {seq} (op {op})"
        answer, line = self._exchange({"cmd": "run", "seq": seq, "id": case, "op": op, "args": args}, what)
        result = answer.get("result")
        if not isinstance(result, dict):
            self._fail(f"the answer to {what} has no result, error or skipped: {line.strip()[:200]}")
        problems = shape_problems(op, args, result)
        if problems:
            raise PortFailure(f"the answer to {what} breaks the protocol: {'; '.join(problems)}")
        return result

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self._send({"cmd": "stop"})
                self.process.wait(timeout=2)
            except (PortFailure, subprocess.TimeoutExpired):
                pass
        self._stop()

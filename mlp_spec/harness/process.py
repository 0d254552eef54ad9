"""A backend that speaks Protocol 1 to another program: how mlp-spec checks a port in any language.

The port is code the harness does not trust: every wait on it and every read is bounded, what it says is shown
as escaped text, it runs in a process group of its own that stopping it ends, and a port that keeps dying is
given up on (docs/protocol.md says how, and what each failure is told as).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import select
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping
from typing import Any, NoReturn

from mlp_spec.harness.backends import Rejected, Unsupported
from mlp_spec.harness.port_output import KEPT_STDERR, printable, read_lines, read_tail
from mlp_spec.harness.protocol import LINE_LIMIT
from mlp_spec.harness.protocol import VERSION as PROTOCOL
from mlp_spec.harness.shapes import answer_problems


class PortFailure(Exception):
    """The port broke the protocol, timed out, or died; the message says which, and how."""


class PortGaveUp(PortFailure):
    """The port failed too often to be started again."""


def _encode(value: Any) -> Any:
    # JSON has no NaN or infinity: the protocol spells them as strings.
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def handshake_problems(hello: Mapping[str, Any]) -> list[str]:
    """What is wrong with a port's handshake, which the verdict's words are read from; nothing if it is right."""
    problems = []
    protocol = hello.get("protocol")
    if type(protocol) is not int or protocol != PROTOCOL:  # True == 1, and 1.0 == 1, but neither is a number 1
        problems.append(f"protocol is {json.dumps(protocol)}, not {PROTOCOL}")
    implementation = hello.get("implementation")
    if not isinstance(implementation, dict):
        problems.append("implementation is not an object")
    else:
        problems += [
            f"implementation's {k} is not a string" for k, v in implementation.items() if not isinstance(v, str)
        ]
    for key in ("ops", "rules"):
        names = hello.get(key)
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            problems.append(f"{key} is not a list of names")
    return problems


class ProcessBackend:
    """A port, run as ``command`` (a shell command line) and spoken to over its stdin and stdout."""

    exact = False

    def __init__(self, command: str, start_timeout: float, timeout: float, max_restarts: int) -> None:
        """The limits are the command's options: --impl-start-timeout, --impl-timeout, --impl-restarts."""
        self.command = command
        self.start_timeout = start_timeout
        self.timeout = timeout
        self.max_restarts = max_restarts
        self.starts = 0
        self.seq = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.lines: queue.Queue[bytes | int | None] = queue.Queue()
        self.stderr: deque[str] = deque(maxlen=KEPT_STDERR)
        self.hello: dict[str, Any] | None = None
        self.declared: dict[str, Any] | None = None  # the first handshake's: it stays said through restarts
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
        said = {printable(str(k), 50): printable(str(v), 200) for k, v in implementation.items()}
        return said | {"command": self.command}

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
                "(--impl-restarts changes how often it is restarted)"
            )
        self.starts += 1
        self.lines = queue.Queue()
        self.stderr.clear()
        # Bytes, read and written by this process's own bounded loops, never by Python's buffered streams.
        pipe = subprocess.PIPE
        self.process = subprocess.Popen(
            self.command, shell=True, stdin=pipe, stdout=pipe, stderr=pipe, bufsize=0, start_new_session=True
        )
        assert self.process.stdin is not None and self.process.stdout is not None and self.process.stderr is not None
        os.set_blocking(self.process.stdin.fileno(), False)
        self.readers = [
            threading.Thread(target=read_lines, args=(self.process.stdout.fileno(), self.lines), daemon=True),
            threading.Thread(target=read_tail, args=(self.process.stderr.fileno(), self.stderr), daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        self._send({"cmd": "start", "protocol": PROTOCOL}, "the handshake", self.start_timeout, "--impl-start-timeout")
        line = self._receive(self.start_timeout, "the handshake", "--impl-start-timeout")
        hello = self._parse(line, "the handshake", exiting=True)
        problems = handshake_problems(hello)
        if problems:
            self._fail(f"bad handshake ({'; '.join(problems)}): {printable(line.strip(), 200)}", exiting=True)
        self.hello = hello
        if self.declared is None:
            self.declared = hello

    def _send(self, message: dict[str, Any] | bytes, what: str, timeout: float, option: str) -> None:
        """Write one message, or bytes as they are, within ``timeout`` seconds: a port that stops reading fails."""
        assert self.process is not None and self.process.stdin is not None
        fd = self.process.stdin.fileno()
        if not isinstance(message, bytes):
            message = (json.dumps(_encode(message), allow_nan=False) + "\n").encode("utf-8")
        data = memoryview(message)
        deadline = time.monotonic() + timeout
        while data:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([], [fd], [], left)[1]:
                self._fail(f"the port did not read {what} within {timeout:g} s ({option} changes it)")
            try:
                data = data[os.write(fd, data) :]
            except BlockingIOError:
                continue
            except OSError:
                # The first line a port that stopped reading wrote (``echo hello`` as a port) usually says why.
                with contextlib.suppress(queue.Empty):
                    first = self.lines.get(timeout=0.5)
                    if isinstance(first, bytes) and first.strip():
                        what += f", having printed {printable(first.decode('utf-8', 'replace').strip(), 200)!r}"
                self._fail(f"the port closed its input before {what}", exiting=True)

    def _receive(self, timeout: float, what: str, option: str) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self._fail(f"no answer to {what} within {timeout:g} s ({option} changes it)")
        if line is None:
            self._fail(f"the port closed its output before answering {what}", exiting=True)
        if isinstance(line, int):
            self._fail(f"the answer to {what} is longer than the protocol's {LINE_LIMIT:,} bytes")
        return line.decode("utf-8", "replace")

    def _parse(self, line: str, what: str, exiting: bool = False) -> dict[str, Any]:
        wrong = "is not a JSON object"
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            message, wrong = None, "is not JSON"
        except (ValueError, RecursionError) as error:
            # JSON past what Python reads: an integer of over 4,300 digits, arrays nested a thousand deep.
            message, wrong = None, f"cannot be read ({str(error)[:80]})"
        if not isinstance(message, dict):
            # Most often a debugging line printed by the port: say where such lines belong.
            hint = " (standard output is for the protocol's messages; write debugging output to standard error)"
            self._fail(f"the answer to {what} {wrong}: {printable(line.strip(), 200)!r}{hint}", exiting)
        return message

    def _fail(self, message: str, exiting: bool = False) -> NoReturn:
        """Stop the port (it is started again on the next request) and report what happened; one that is
        ``exiting`` is given a moment, so that its exit status and last words can be told."""
        status = self._stop(grace=0.5 if exiting else 0.0)
        details = [message]
        if status is not None:
            details.append(f"the port's exit status: {status}")
        if self.stderr:
            details.append("its last lines of standard error:\n    " + "\n    ".join(self.stderr))
        raise PortFailure("\n".join(details))

    def _stop(self, grace: float = 0.0) -> int | None:
        """End the port and every process it started: its exit status if it exits within ``grace`` seconds of
        its input being closed; then SIGTERM and SIGKILL to its whole process group, whether or not its first
        process is still there (a child it left behind would hold its output open for ever)."""
        process, self.process, self.hello = self.process, None, None
        if process is None:
            return None
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        with contextlib.suppress(OSError):
            process.stdin.close()
        status: int | None = process.poll()
        if status is None and grace:
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = process.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.5)
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)
        for reader in self.readers:  # they read to the group's end; one held up by an escaped helper is left
            reader.join(timeout=1)
        for stream in (process.stdout, process.stderr):
            with contextlib.suppress(OSError):
                stream.close()
        return status

    def _exchange(self, message: dict[str, Any] | bytes, what: str, seq: int | None) -> tuple[dict[str, Any], str]:
        """Send one message (starting the port if need be): its answer, which must carry ``seq``, and the line it
        came on; :class:`Rejected` or :class:`Unsupported` for an ``error`` or ``skipped`` answer."""
        self._handshake()
        self._send(message, what, self.timeout, "--impl-timeout")
        line = self._receive(self.timeout, what, "--impl-timeout")
        answer = self._parse(line, what)
        if "seq" not in answer or answer["seq"] != seq:
            self._fail(f"the answer to {what} carries seq {answer.get('seq')!r}: {printable(line.strip(), 200)}")
        problems = answer_problems(answer, message if isinstance(message, dict) else {})
        if problems:
            raise PortFailure(f"the answer to {what} breaks the protocol: {printable('; '.join(problems), 400)}")
        if "error" in answer:
            raise Rejected(printable(str(answer["error"])))
        if answer.get("skipped") is True:
            raise Unsupported(f"unsupported: {printable(str(answer.get('message') or what))}")
        return answer, line

    def _numbered(self, cmd: str, said: str, **fields: Any) -> tuple[dict[str, Any], str, str]:
        """:meth:`_exchange` of the next numbered message, and how messages name it."""
        self.seq += 1
        what = f"seq {self.seq} ({said})"
        return (*self._exchange({"cmd": cmd, "seq": self.seq, **fields}, what, self.seq), what)

    def converse(self, cmd: str) -> dict[str, Any]:
        """Send a bare ``cmd`` (one the protocol does not define, to check that it is rejected)."""
        return self._numbered(cmd, f"cmd {cmd}")[0]

    def send_line(self, line: bytes, seq: int | None) -> dict[str, Any]:
        """Send ``line`` as it is (not JSON, not UTF-8, no seq) to check that it is rejected: its answer, which must
        carry ``seq`` (None: ``"seq": null``)."""
        shown = printable(line.decode("utf-8", "replace"), 80)
        return self._exchange(line + b"\n", f"the line {shown!r}", seq)[0]

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        answer, line, what = self._numbered("run", f"op {op}", id=case, op=op, args=args)
        result = answer.get("result")
        if not isinstance(result, dict):
            self._fail(f"the answer to {what} has no result, error or skipped: {printable(line.strip(), 200)}")
        return result

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(PortFailure, subprocess.TimeoutExpired):
                self._send({"cmd": "stop"}, "stop", self.timeout, "--impl-timeout")
                self.process.wait(timeout=2)
        self._stop()

"""``mlp-spec serve``: the reference as a Protocol 1 adapter on standard input and output.

The model for porters (see docs/protocol.md), and the harness's own test fixture for the process backend.
Standard output carries answers only, one JSON object a line, flushed; anything else goes to standard error.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

import mlp_ref
from mlp_spec import adapter

IMPLEMENTATION = {"name": "mlp_ref", "language": "Python", "version": mlp_ref.__version__}


def _finite_json(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


STOP: dict[str, Any] = {}
"""What :func:`answer` returns for ``stop``: no answer, and the end of the conversation."""


def answer(line: str) -> dict[str, Any] | None:
    """The answer to one line of input; None for a blank line, :data:`STOP` for ``stop``."""
    if not line.strip():
        return None
    try:
        message = json.loads(line)
    except json.JSONDecodeError as error:
        return {"seq": None, "error": f"line: not JSON ({error.msg} at column {error.colno})"}
    if not isinstance(message, dict):
        return {"seq": None, "error": f"line: not a JSON object (got {type(message).__name__})"}
    seq = message.get("seq")
    cmd = message.get("cmd")
    if cmd == "stop":
        return STOP
    if cmd == "start":
        if message.get("protocol") != 1:
            return {"seq": seq, "error": f"protocol: only protocol 1 is spoken (got {message.get('protocol')!r})"}
        return {"protocol": 1, "implementation": IMPLEMENTATION, "ops": list(adapter.OPS), "rules": list(adapter.RULES)}
    if cmd != "run":
        return {"seq": seq, "error": f"cmd: unknown command {cmd!r} (known: start, run, stop)"}
    if not isinstance(seq, int) or isinstance(seq, bool):
        return {"seq": None, "error": f"seq: must be an integer (got {seq!r})"}
    try:
        return {"seq": seq, "result": adapter.handle(message.get("op"), message.get("args"))}
    except mlp_ref.InputError as error:
        return {"seq": seq, "error": str(error)}


def serve(stdin: IO[str] = sys.stdin, stdout: IO[str] = sys.stdout) -> int:
    """Answer lines until ``stop`` or the end of input; 0 when done."""
    for line in stdin:
        reply = answer(line)
        if reply is STOP:
            return 0
        if reply is None:
            continue
        try:
            text = _finite_json(reply)
        except ValueError:  # a non-finite number slipped through: say so rather than emit invalid JSON
            text = _finite_json({"seq": reply.get("seq"), "error": "result: not finite"})
        stdout.write(text + "\n")
        stdout.flush()
    return 0

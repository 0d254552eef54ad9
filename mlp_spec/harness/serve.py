"""``mlp-spec serve``: the reference as a Protocol 1 adapter on standard input and output (docs/protocol.md),
optionally with one classic porting bug planted (:mod:`mlp_spec.harness.defects`). Input is read as bytes,
whatever the locale: a line that is not UTF-8 or not JSON is answered with an error under "seq": null, and one
longer than the protocol's limit is refused before it is read whole, under the seq among its first 4,096 bytes.
"""

from __future__ import annotations

import json
import re
import sys
from typing import IO, Any

import mlp_ref
from mlp_ref import validate
from mlp_spec.harness import adapter
from mlp_spec.harness.defects import DEFECTS, Handle
from mlp_spec.harness.protocol import LINE_LIMIT


def _finite_json(value: Any) -> str:
    return json.dumps(value, allow_nan=False, separators=(",", ":"))


STOP: dict[str, Any] = {}
"""What :func:`answer` returns for ``stop``: no answer, and the end of the conversation."""


def answer(line: str, handle: Handle = adapter.handle) -> dict[str, Any] | None:
    """The answer to one line of input, a ``run`` answered by ``handle``; None for a blank line, :data:`STOP`
    for ``stop``."""
    if not line.strip():
        return None
    try:
        message = json.loads(line)
    except json.JSONDecodeError as error:
        return {"seq": None, "error": f"line: not JSON ({error.msg} at column {error.colno})"}
    except (ValueError, RecursionError) as error:  # JSON, but an integer of over 4,300 digits or nesting too deep
        return {"seq": _seq(line.encode()), "error": f"line: not readable JSON ({type(error).__name__})"}
    if not isinstance(message, dict):
        return {"seq": None, "error": f"line: not a JSON object (got {type(message).__name__})"}
    given = message.get("seq")
    seq = given if isinstance(given, int) and not isinstance(given, bool) else None  # else "seq": null
    cmd = message.get("cmd")
    if cmd == "stop":
        return STOP
    if cmd == "start":
        if message.get("protocol") != 1 or isinstance(message.get("protocol"), bool):
            got = validate.show(message.get("protocol"))
            return {"seq": seq, "error": f"protocol: only protocol 1 is spoken (got {got})"}
        ops, rules = list(adapter.OPS), list(adapter.RULES)
        return {"protocol": 1, "implementation": adapter.IMPLEMENTATION, "ops": ops, "rules": rules}
    if cmd != "run":
        return {"seq": seq, "error": f"cmd: unknown command {validate.show(cmd)} (known: start, run, stop)"}
    if seq is None:
        return {"seq": None, "error": f"seq: must be an integer (got {validate.show(given)})"}
    try:
        return {"seq": seq, "result": handle(message.get("op"), message.get("args"))}
    except mlp_ref.InputError as error:
        return {"seq": seq, "error": str(error)}
    except (RecursionError, MemoryError) as error:  # arguments nested or sized beyond reason
        return {"seq": seq, "error": f"args: too large to take ({type(error).__name__})"}
    except Exception as error:  # a fault of the reference's own, or a planted defect's: say so, and keep serving
        return {"seq": seq, "error": f"internal: {type(error).__name__}: {error}"}


SEQ = re.compile(rb'"seq"\s*:\s*(\d{1,18})(?=\s*[,}])')  # an integer, whole: not 1 of 12 cut off, nor of 1e3


def _seq(line: bytes) -> int | None:
    """The seq of a line of JSON too long or too deep to read: the first ``"seq": N`` in its first 4,096 bytes, or
    None."""
    found = SEQ.search(line[:4096])
    return int(found[1]) if found else None


def _reply(line: bytes, handle: Handle) -> dict[str, Any] | None:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return {"seq": None, "error": f"line: not UTF-8 (byte {error.start})"}
    return answer(text, handle)


def serve(stdin: IO[bytes] | None = None, stdout: IO[str] = sys.stdout, defect: str | None = None) -> int:
    """Answer lines until ``stop`` or the end of input, with one ``defect`` planted or none; 0 when done."""
    stdin = stdin or sys.stdin.buffer
    handle = DEFECTS[defect].handle if defect else adapter.handle
    while line := stdin.readline(LINE_LIMIT + 1):
        reply: dict[str, Any] | None
        if len(line) > LINE_LIMIT:
            reply = {"seq": _seq(line), "error": f"line: longer than the protocol's {LINE_LIMIT:,} bytes"}
            while line and not line.endswith(b"\n"):  # the rest of it, read and dropped a piece at a time
                line = stdin.readline(65536)
        else:
            reply = _reply(line, handle)
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

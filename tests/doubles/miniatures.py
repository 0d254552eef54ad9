"""Miniatures: the reference in process with one fault planted, for checking the verdict in a fraction of the
time a port's process costs. Faults of conduct (a port that hangs or crashes) need a real one: ``port.py``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import pytest

import mlp_ref
from mlp_spec.harness import protocol
from mlp_spec.harness.backends import ReferenceBackend, Rejected, Unsupported
from mlp_spec.harness.defects import DEFECTS, Plain
from mlp_spec.harness.process import PortFailure
from mlp_spec.harness.run import run_of
from mlp_spec.harness.serve import serve

FAULTS = {
    "none": "a correct port",
    "declares-nothing": "declares no op and no rule",
    "skips-declared": "declares everything, then answers skipped to every request",
    "skips-unknown-op": "answers skipped, not an error, to an op the protocol does not define",
    "skips-unknown-cmd": "answers skipped, not an error, to a command the protocol does not define",
    "no-book": "does not declare the book's rule",
    "no-rules": "declares the ops but no rule",
    "lying": "its second final output off by 1e-3, and no gradient rule (as port.py's lying double)",
    "plain": "the plain port that most classic bugs are planted in, with none planted",
} | {name: defect.description for name, defect in DEFECTS.items()}
"""The faults of conduct and declaration, and every classic bug of :mod:`mlp_spec.harness.defects`."""

HANDLES = {name: defect.handle for name, defect in DEFECTS.items()}
HANDLES |= {"plain": Plain().handle}
"""How a miniature whose fault is in its answers answers a request."""


class Miniature:
    """The reference with one fault (a key of :data:`FAULTS`)."""

    exact = False
    given_up = False

    def __init__(self, fault: str = "none") -> None:
        assert fault in FAULTS, fault
        self.fault = fault
        self.reference = ReferenceBackend()
        self.name = f"miniature-{fault}"
        self.ops = frozenset() if fault == "declares-nothing" else frozenset(protocol.OPS)
        rules = {"no-book": ("article", "gradient"), "lying": ("article", "book")}
        self.rules = frozenset(() if fault in ("declares-nothing", "no-rules") else rules.get(fault, protocol.RULES))

    def describe(self) -> dict[str, str]:
        return {"name": self.name, "language": "Python", "version": "0.1", "command": f"miniature {self.fault}"}

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        if self.fault == "skips-declared" or (self.fault == "skips-unknown-op" and op not in protocol.OPS):
            raise Unsupported(f"{op} is not implemented yet")
        if self.fault in HANDLES:
            try:
                return HANDLES[self.fault](op, args)
            except mlp_ref.InputError as error:
                raise Rejected(str(error)) from None
            except (ValueError, OverflowError) as error:  # the defect's own fault, answered as serve answers it
                raise Rejected(f"internal: {type(error).__name__}: {error}") from None
        result = self.reference.call(op, args, case)
        if self.fault == "lying" and "hidden_outputs" in result:
            outputs = result["final_outputs"]
            outputs[min(1, len(outputs) - 1)] += 1e-3  # a network of one output has no second
        return result

    def send_line(self, line: bytes, seq: int | None) -> dict[str, Any]:
        """A line as it is: through serve's own loop with the miniature's defect planted, if it has one."""
        if self.fault == "skips-declared":
            raise Unsupported("lines are not implemented yet")
        if self.fault not in DEFECTS:
            return self.reference.send_line(line, seq)
        out = io.StringIO()
        serve(io.BytesIO(line + b"\n"), out, self.fault)
        (answer,) = [json.loads(text) for text in out.getvalue().splitlines()]
        if "error" in answer:
            raise Rejected(str(answer["error"]))
        return dict(answer)

    def converse(self, cmd: str) -> dict[str, Any]:
        if self.fault in ("skips-declared", "skips-unknown-cmd"):
            raise Unsupported(f"{cmd} is not implemented yet")
        return self.reference.converse(cmd)

    def close(self) -> None:
        pass


class Unstartable(Miniature):
    """A port that cannot start: its handshake fails as a missing command's does."""

    command = "mlp-spec-no-such-port"

    def describe(self) -> dict[str, str]:
        raise PortFailure(
            "the port closed its output before answering the handshake\nthe port's exit status: 127\n"
            "its last lines of standard error:\n    /bin/sh: 1: mlp-spec-no-such-port: not found"
        )


class Inject:
    """A pytest plugin that puts a backend under test in place of the reference, in the session's run."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend

    def pytest_configure(self, config: pytest.Config) -> None:
        run_of(config).backend = self.backend

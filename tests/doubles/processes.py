"""Ports as processes, for the tests of how the harness meets one: the double (``port.py``) started with a
defect, and a port of the shell that prints a handshake and answers written out."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness.options import OPTIONS
from mlp_spec.harness.process import PortFailure, ProcessBackend

ARGS = {"x": [0.0]}
"""The arguments of the sigmoid request a test sends to see how a port fails."""
DEFAULT = {option.flag: option.default for option in OPTIONS}
LIMITS: dict[str, Any] = {
    "start_timeout": DEFAULT["--impl-start-timeout"],
    "timeout": DEFAULT["--impl-timeout"],
    "max_restarts": DEFAULT["--impl-restarts"],
}
"""A port's limits as the command gives them by default."""


def command(defect: str) -> str:
    """The shell command that starts the double with ``defect`` (see port.py)."""
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).with_name('port.py')))} {defect}"


def port(defect: str, **limits: float) -> ProcessBackend:
    return ProcessBackend(command(defect), **(LIMITS | limits))


def fault(backend: ProcessBackend) -> str:
    """What the harness says of ``backend`` when it is asked a sigmoid; the port is stopped after."""
    try:
        with pytest.raises(PortFailure) as failure:
            backend.call("sigmoid", ARGS)
        return str(failure.value)
    finally:
        backend.close()


def scripted(*lines: str) -> ProcessBackend:
    """A port of the shell that prints ``lines`` in turn, reading one request before each after the first: a
    handshake and answers written out, for what the double's defects do not say."""
    said = "; read line; ".join(f"printf '%s\\n' {shlex.quote(line)}" for line in lines)
    return ProcessBackend(f"{said}; read line", **LIMITS)


def processes_with(token: str) -> list[int]:
    """The processes alive whose command line holds ``token``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and token.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found

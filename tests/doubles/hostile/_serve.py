"""What the hostile ports share: their handshake, a child that sleeps with the test's token, and the reference."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

HELLO: dict[str, Any] = {
    "protocol": 1,
    "implementation": {"name": "hostile", "language": "Python", "version": "0"},
    "ops": ["sigmoid", "forward"],
    "rules": [],
}


def sleeper(**streams: Any) -> None:
    """A child that sleeps ten minutes, with the test's token among its arguments."""
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", *sys.argv[1:]], **streams)


def shake_hands(hello: dict[str, Any] = HELLO) -> None:
    sys.stdin.readline()
    print(json.dumps(hello), flush=True)


def serve_the_rest() -> None:
    from mlp_spec.harness.serve import serve

    serve()

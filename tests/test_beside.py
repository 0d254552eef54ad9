"""sympy's process beside a run: it ignores Ctrl-C (the run's own process reports the interruption and ends
it), and a step is given only the result of exactly the work it asks for."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mlp_spec.steps import beside

ASK_HANDLER = """
import signal
from mlp_spec.steps import beside
beside.warm()
print(beside.call(signal.getsignal, signal.SIGINT).name, beside.call(signal.getsignal, signal.SIGTERM).name)
beside.stop()
"""


def test_the_second_process_ignores_ctrl_c() -> None:
    done = subprocess.run([sys.executable, "-c", ASK_HANDLER], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["SIG_IGN", "SIG_DFL"], done.stderr


def test_a_result_is_kept_for_its_arguments_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(beside, "_pool", None)  # in this process, so that the calls can be counted
    monkeypatch.setattr(beside, "_known", {})
    calls: list[int] = []

    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    assert beside.call(double, 3) == 6 and beside.call(double, 3) == 6
    assert beside.call(double, 4) == 8
    assert calls == [3, 4]

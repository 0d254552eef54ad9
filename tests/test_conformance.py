"""The harness against test-double ports: each fault is caught with a clear message, never a hang, and
each planted arithmetic defect fails the scenarios that should catch it, while a correct port passes."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from mlp_spec.cli import QUIET_PLUGINS
from mlp_spec.harness.backends import Rejected
from mlp_spec.harness.process import PortFailure, PortGaveUp, ProcessBackend

ROOT = Path(__file__).resolve().parent.parent
DOUBLE = f"{shlex.quote(sys.executable)} {shlex.quote(str(ROOT / 'tests' / 'doubles' / 'port.py'))}"
SPEC = ROOT / "tests" / "test_features.py"
ARGS = {"x": [0.0]}

pytest_plugins = ["pytester"]


def port(defect: str, **options: float) -> ProcessBackend:
    return ProcessBackend(f"{DOUBLE} {defect}", **options)  # type: ignore[arg-type]


def fault(backend: ProcessBackend) -> str:
    try:
        with pytest.raises(PortFailure) as failure:
            backend.call("sigmoid", ARGS)
        return str(failure.value)
    finally:
        backend.close()


def test_a_correct_port_answers_rejects_and_describes_itself() -> None:
    backend = port("none")
    try:
        assert backend.call("sigmoid", ARGS) == {"y": [0.5]}
        with pytest.raises(Rejected, match=r"^x: entry \[0\] is NaN$"):
            backend.call("sigmoid", {"x": [float("nan")]})
        assert backend.describe()["name"] == "mlp_ref"
        assert backend.rules == {"article", "book", "gradient"}
    finally:
        backend.close()


def test_a_port_that_hangs_is_timed_out_and_started_again() -> None:
    backend = port("hang", timeout=0.3)
    message = fault(backend)
    assert message.startswith("no answer to seq 1 (op sigmoid) within 0.3 s")
    assert backend.starts == 1


def test_a_port_that_never_shakes_hands_is_timed_out() -> None:
    assert fault(port("hang-start", start_timeout=0.3)).startswith("no answer to the handshake within 0.3 s")


def test_a_port_that_crashes_is_reported_with_its_status_and_stderr() -> None:
    message = fault(port("crash"))
    assert "the port closed its output before answering seq 1 (op sigmoid)" in message
    assert "the port's exit status: 3" in message
    assert "adapter: cannot allocate the weights" in message


def test_a_port_that_prints_garbage_is_named_by_its_line() -> None:
    assert "is not JSON: 'Hello from the port!'" in fault(port("garbage"))


def test_a_port_that_echoes_the_wrong_seq() -> None:
    assert fault(port("wrong-seq")).startswith("the answer to seq 1 (op sigmoid) carries seq 2")


def test_a_result_missing_a_field_is_a_protocol_failure() -> None:
    backend = port("missing-field")
    try:
        with pytest.raises(PortFailure, match=r"field 'final_outputs' is missing"):
            backend.call("forward", {"wih": [[1.0]], "who": [[1.0]], "inputs": [1.0]})
    finally:
        backend.close()


def test_a_port_that_keeps_dying_is_given_up() -> None:
    backend = port("crash", max_restarts=1)
    for _ in range(2):
        with pytest.raises(PortFailure):
            backend.call("sigmoid", ARGS)
    with pytest.raises(PortGaveUp, match="failed 2 times"):
        backend.call("sigmoid", ARGS)
    assert backend.given_up


def spec(pytester: pytest.Pytester, defect: str, *ids: str) -> pytest.RunResult:
    """The features, run against a double, as a nested pytest session."""
    options = [f"--id={i}" for i in ids]
    return pytester.runpytest_inprocess(
        str(SPEC),
        "--rootdir",
        str(ROOT),
        "-c",
        str(ROOT / "pyproject.toml"),
        "--impl",
        f"{DOUBLE} {defect}",
        "-rs",
        *QUIET_PLUGINS,
        *options,
    )


@pytest.mark.parametrize(
    ("defect", "ids", "caught_by"),
    [
        ("transpose", ["train-step.book", "matmul"], "updated who: MISMATCH"),
        ("ignore-lr", ["train-step.learning-rate"], "MISMATCH"),
        ("no-output-slope", ["train-step.gradient"], "updated who: MISMATCH"),
        ("float32", ["forward.article"], "hidden inputs: MISMATCH"),
    ],
)
def test_a_planted_defect_fails_the_spec(
    pytester: pytest.Pytester, defect: str, ids: list[str], caught_by: str
) -> None:
    result = spec(pytester, defect, *ids)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*{caught_by}*"])


def test_a_port_without_the_article_rule_passes_with_those_scenarios_skipped(pytester: pytest.Pytester) -> None:
    result = spec(pytester, "no-article", "train-step", "backward.article")
    result.assert_outcomes(passed=9, skipped=4)
    result.stdout.fnmatch_lines(["*unsupported: rule article*"])

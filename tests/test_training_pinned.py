"""Training is pinned beyond one step: an implementation whose learning rate drifts fails `mlp-spec run`.

The implementation here is the reference behind a miniature backend that trains one step at a time and
lets the learning rate decay by 0.01% a step (step k uses learning_rate·(1 − 10⁻⁴)^(k − 1)). Its first step
is honest, so every one-step scenario passes; from the second step on its weights drift, and the scenarios
that pin the weights after 2, 10 and 10,000 steps must catch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from mlp_spec.cli import QUIET_PLUGINS, ROOT, SPEC
from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.harness.plugin import BACKEND

pytest_plugins = ["pytester"]

DECAY = 1e-4
PINNED = ["train-repeat.converges", "train-repeat.article-stalls"]


class DriftingBackend(ReferenceBackend):
    """The reference, except that its learning rate decays by ``DECAY`` at every step after the first."""

    name = "drifting"

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        if op != "train":
            return super().call(op, args, case)
        weights = {"wih": args["wih"], "who": args["who"]}
        for k in range(int(args.get("steps", 1))):
            rate = args["learning_rate"] * (1 - DECAY) ** k
            weights = super().call(op, {**args, **weights, "learning_rate": rate, "steps": 1}, case)
        return weights


class Use:
    """A plugin that puts a backend under test in place of the reference."""

    def __init__(self, backend: object) -> None:
        self.backend = backend

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[BACKEND] = self.backend  # type: ignore[assignment]


def run(pytester: pytest.Pytester, *ids: str) -> pytest.RunResult:
    """What `mlp-spec run --id …` runs (the same arguments), in this process, with the drifting backend."""
    options = [f"--id={i}" for i in ids]
    return pytester.runpytest_inprocess(
        str(SPEC),
        "--rootdir",
        str(ROOT),
        "-c",
        str(ROOT / "pyproject.toml"),
        "-p",
        "mlp_spec.report.console",
        *QUIET_PLUGINS,
        *options,
        plugins=[Use(DriftingBackend())],
    )


def test_a_drifting_learning_rate_fails_mlp_spec_run_only_where_weights_are_pinned_beyond_one_step(
    pytester: pytest.Pytester,
) -> None:
    result = run(pytester, "train-step.book", "train-step.gradient", *PINNED)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*✓ The book's step: outer products*",
            "*✓ The gradient step: outer products*",
            "*✗ The book's rule after 2, 10 and 10,000 steps*",
            "*✗ The gradient's rule after 2, 10 and 10,000 steps*",
            "*✗ The article's rule after 2, 10 and 10,000 steps*",
            "*scenarios: 2 passed, 3 failed*",
        ]
    )

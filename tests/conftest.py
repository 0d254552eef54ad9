"""What the suite's modules share, made once per session in this process: a run of a few scenarios against a
backend that lies, with every machine output written; and the report's two runs (tests/report_runs.py), one
against the reference and one against the lying miniature, read by the page's and the messages' tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from mlp_spec.harness import adapter
from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.session import ROOT, session_args
from tests.doubles.miniatures import Inject, Miniature
from tests.report_runs import LYING_IDS as REPORT_LYING_IDS
from tests.report_runs import REFERENCE_IDS, run_spec

LYING_IDS = ["matmul.article-2x2", "matmul.order", "forward.article", "train-step.gradient"]
"""One passes with data tables, one passes a must-differ check, one fails on its first Then (the three
after it are skipped), one is skipped (the liar has no gradient rule)."""


class LyingBackend(ReferenceBackend):
    """The reference, except that its first hidden input is off by 1e-3 and it knows no gradient rule."""

    name = "lying"
    rules = frozenset(adapter.RULES) - {"gradient"}

    def describe(self) -> dict[str, str]:
        return {"name": "lying-port", "language": "Python", "version": "0.0.1", "command": "python lying.py"}

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        result = super().call(op, args, case)
        if op == "forward":
            result["hidden_inputs"] = [result["hidden_inputs"][0] + 1e-3, *result["hidden_inputs"][1:]]
        return result


@pytest.fixture(scope="session")
def lying_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The exit status, the Cucumber Messages (a list of envelopes) and the Cucumber JSON of the lying run."""
    out = tmp_path_factory.mktemp("lying-outputs")
    messages, cucumber_json = out / "run.ndjson", out / "run.json"
    selection = [a for i in LYING_IDS for a in ("--id", i)]
    written = ["--messages", str(messages), "--cucumberjson", str(cucumber_json)]
    args = session_args("-q", "--assert=plain", "-p", "no:unraisableexception", *selection, *written)
    status = pytest.main(args, plugins=[Inject(LyingBackend())])
    return {
        "status": int(status),
        "messages": [json.loads(line) for line in messages.read_text(encoding="utf-8").splitlines()],
        "json": json.loads(cucumber_json.read_text(encoding="utf-8")),
        "root": ROOT,
    }


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A run of a few scenarios against the reference, every output written (tests/report_runs.py)."""
    return run_spec(tmp_path_factory.mktemp("reference"), REFERENCE_IDS)


@pytest.fixture(scope="session")
def lying(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same against the miniature that lies: one scenario passes, one fails, one is skipped."""
    return run_spec(tmp_path_factory.mktemp("lying"), REPORT_LYING_IDS, Inject(Miniature("lying")))

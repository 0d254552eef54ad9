"""What the suite's modules share: a cache of its own for the figures and sympy's results, filled by a process
beside the suite (tests/beside.py), its objects frozen after collection, and, made once per session, a run of
a few scenarios in this process against a backend that lies, with every machine output written."""

from __future__ import annotations

import atexit
import gc
import json
import os
import shutil
from collections.abc import Mapping
from typing import Any

import pytest
from mlp_spec.steps import beside as spec_beside
from mlp_spec.steps.ahead import work_ahead

from mlp_spec.harness import adapter
from mlp_spec.harness.backends import ReferenceBackend
from mlp_spec.harness.plugin import BACKEND
from mlp_spec.session import ROOT, session_args
from tests import beside

# The suite draws the report's figures and does sympy's work afresh every time, into a cache of its own, never
# the user's: the process beside the suite makes them (tests/beside.py), and the suite's runs of the spec read
# them, as a user's second run does. tests/test_figures.py and tests/test_beside.py check the cache itself.
os.environ["MLP_SPEC_CACHE"] = beside.cache()
atexit.register(shutil.rmtree, beside.cache(), ignore_errors=True)
# sympy's work for the spec's runs is done once, beside the suite, into that cache (tests/beside.py): the runs
# read it there and fork no processes of their own (tests/test_beside.py checks those, in processes of theirs).
spec_beside.work_elsewhere()

LYING_IDS = ["matmul.article-2x2", "matmul.order", "forward.article", "train-step.gradient"]
"""One passes with data tables, one passes a must-differ check, one fails on its first Then (the three
after it are skipped), one is skipped (the liar has no gradient rule)."""


DRAWN = ("formulas", "digits")
"""The figures of the suite's pages (the report's and test_train's), drawn beside the suite."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection built (the items, the parsed features, the imported modules) lives to the end: frozen,
    it is no longer walked by every full garbage collection of the run, nor by the interpreter's closing
    ones (about 1.5 s of the suite's time, with the half-million objects its nested runs leave). When the
    suite's own collection ends, the work beside it starts (tests/beside.py)."""
    gc.freeze()
    if session.config.option.collectonly or beside.SUITE.asked:  # asked once, by the suite's own session
        return
    modules = dict.fromkeys(item.module for item in session.items if isinstance(item, pytest.Function))
    work = work_ahead(session.items)
    drawn = DRAWN if any("drawn" in getattr(item, "fixturenames", ()) for item in session.items) else ()
    if beside.SUITE.start(modules, work, drawn):
        spec_beside.work_elsewhere(work, beside.SUITE.wait)
        session.config.add_cleanup(beside.SUITE.stop)


def pytest_unconfigure() -> None:
    gc.freeze()  # at the end of every session, the nested ones too: what they leave lives to the end as well


@pytest.fixture(scope="session")
def drawn() -> None:
    """The page's figures, in the suite's cache before a test draws a page: drawn beside the suite, so that the
    page's run reads them instead of starting their processes again and waiting for them."""
    problems = beside.SUITE.draw()
    assert not problems, problems


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


class _Answering:
    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[BACKEND] = LyingBackend()


@pytest.fixture(scope="session")
def lying_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The exit status, the Cucumber Messages (a list of envelopes) and the Cucumber JSON of the lying run."""
    out = tmp_path_factory.mktemp("lying-outputs")
    selection = [a for i in LYING_IDS for a in ("--id", i)]
    messages, cucumber_json = out / "run.ndjson", out / "run.json"
    status = pytest.main(
        session_args(
            "-q",
            "--assert=plain",
            "-p",
            "no:unraisableexception",
            *selection,
            "--messages",
            str(messages),
            "--cucumberjson",
            str(cucumber_json),
        ),
        plugins=[_Answering()],
    )
    return {
        "status": int(status),
        "messages": [json.loads(line) for line in messages.read_text(encoding="utf-8").splitlines()],
        "json": json.loads(cucumber_json.read_text(encoding="utf-8")),
        "root": ROOT,
    }

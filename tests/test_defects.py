"""The classic porting bugs of ``mlp-spec serve --defect``: each is caught, and by the scenarios
``mlp-spec defects`` names. The spec runs in this process against miniatures with the defects planted, which
answer as ``serve --defect`` does (tests/test_serve.py checks serve itself)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest

from mlp_spec.harness import verdict as grading
from mlp_spec.harness.defects import DEFECTS
from mlp_spec.harness.run import Run
from mlp_spec.harness.serve import serve
from tests.doubles.miniatures import Miniature
from tests.nested import BASE, nested

LONG = ("digits.learns", "digits.article-rule", "train-repeat")
"""Scenarios that train for seconds: left to the slow check."""


def picked(case: str, selection: str) -> bool:
    """Whether ``--id selection`` picks the scenario ``case`` (as the harness's plugin picks)."""
    return case == selection or case.startswith((selection + "/", selection + "."))


def selections(failed: list[str], cases: list[str]) -> list[str]:
    """The fewest ``--id`` selections that pick exactly ``failed`` among ``cases``: for each failed scenario
    not yet picked, the shortest start of its id (up to a dot or slash) that picks failed scenarios only."""
    chosen: list[str] = []
    for case in cases:
        if case in failed and not any(picked(case, s) for s in chosen):
            starts = [case[: cut.start()] for cut in re.finditer(r"[./]", case)] + [case]
            chosen.append(next(s for s in starts if all(c in failed for c in cases if picked(c, s))))
    return chosen


class Planted(Miniature):
    """Every defect at once, each planted in the scenarios of one quick selection it names, a selection that
    picks no scenario of another defect's: one session checks them all."""

    def __init__(self) -> None:
        super().__init__("plain")
        self.defects: dict[str, Miniature] = {}
        """By selection."""
        for name, defect in DEFECTS.items():
            free = (s for s in defect.caught_by if not s.startswith(LONG) and not self.planted(s))
            selection = next(free, None)
            assert selection is not None, f"{name}: no quick selection of its own to be checked on"
            self.defects[selection] = Miniature(name)

    def planted(self, scenario: str) -> str | None:
        """The selection whose scenarios include ``scenario``'s, or that is picked by it."""
        return next((s for s in self.defects if picked(scenario, s) or picked(s, scenario)), None)

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        selection = self.planted(case.rpartition("/")[0])  # a request's id is its scenario's, then its op
        assert selection is not None, case
        return self.defects[selection].call(op, args, case)


def test_each_defect_fails_a_scenario_it_names() -> None:
    """A quick selection of each defect's runs with it planted, and fails; the slow test below checks every
    scenario."""
    planted = Planted()
    code, verdict = nested(planted, *(f"--id={s}" for s in planted.defects))
    assert code == grading.NOT_CONFORMANT
    missed = [
        f"{defect.fault} on {selection}"
        for selection, defect in planted.defects.items()
        if not any(picked(case, selection) for case in verdict.failed)
    ]
    assert missed == []


def test_the_plain_port_defects_are_planted_in_passes_without_one() -> None:
    """So a scenario that fails under a defect of the plain port fails for that defect alone."""
    ids = "backward.article backward.gradient train-step.article train-step.book train-step.gradient forward matmul"
    code, verdict = nested(Miniature("plain"), *(f"--id={i}" for i in ids.split()))
    assert code == grading.CONFORMANT, verdict.failed


def test_the_naive_sigmoid_overflows_where_the_reference_does_not() -> None:
    """The defect is real: σ(−710) is a number, 4.47e-309, and the naive σ answers it with an error, which
    sigmoid.far catches."""
    line = b'{"cmd":"run","seq":1,"op":"sigmoid","args":{"x":[-710]}}\n'
    answers = []
    for defect in (None, "naive-sigmoid"):
        out = io.StringIO()
        serve(io.BytesIO(line), out, defect)
        answers.append(json.loads(out.getvalue()))
    assert answers[0]["result"]["y"][0] == pytest.approx(4.47e-309, rel=1e-3)
    assert answers[1] == {"seq": 1, "error": "internal: OverflowError: math range error"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", *DEFECTS])
def test_each_defect_fails_exactly_the_scenarios_it_names(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole spec, with the console: each defect fails what it names, and no console line passes 300
    characters (a long value is cut to its size and first entries)."""
    run = Run(backend=Miniature(name))
    code = run.exit_status(pytest.main([*BASE, "-p", "mlp_spec.report.console"], plugins=[run]))
    assert run.verdict is not None
    verdict = run.verdict
    console = capsys.readouterr().out
    longest = max(console.splitlines(), key=len)
    assert "verdict by capability:" in console and len(longest) <= 300, longest
    caught_by = DEFECTS[name].caught_by if name in DEFECTS else ()
    cases = [o.case for o in verdict.outcomes]
    assert [s for s in caught_by if not any(picked(c, s) for c in cases)] == [], "selections that pick nothing"
    measured = " ".join(selections(verdict.failed, cases))
    assert verdict.failed == [c for c in cases if any(picked(c, s) for s in caught_by)], f"measured: {measured}"
    assert code == (grading.NOT_CONFORMANT if caught_by else grading.CONFORMANT)

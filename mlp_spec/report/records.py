"""What a run observed, scenario by scenario: plain data that every writer of the report reads and none owns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The features whose sections show the loss plot and the digits' learning curves, by file name.
PLOT_FEATURE = "06_repeated_training"
DIGITS_FEATURE = "07_handwritten_digits"


@dataclass
class StepRecord:
    keyword: str
    text: str
    line: int
    outcome: str = "skipped"
    """passed, failed, undefined, or skipped (also for the steps after a failure, which never ran)."""
    started: int = 0
    duration: int = 0
    definition: Any = None
    """The pytest-bdd step definition (``StepFunctionContext``) that ran the step, if it ran."""
    error: str = ""
    error_type: str = ""
    rows: list[list[str]] = field(default_factory=list)
    # How many values and comparisons the scenario had once this step ran or failed (None if it did not run):
    # the step's own are those between the previous step's counts and its own.
    given: int | None = None
    checks: int | None = None
    measured: list[tuple[str, Any]] = field(default_factory=list)
    """The numbers a Then-step kept by name, beyond any comparison (the digits recognised)."""


@dataclass
class CaseRecord:
    """One scenario, or one example of an outline, as the run saw it."""

    nodeid: str
    case: str
    name: str
    description: str
    feature: Any
    line: int
    example: int
    tags: list[str]
    steps: list[StepRecord]
    status: str = ""
    reason: str = ""
    message: str = ""
    traceback: str = ""
    started: int = 0
    finished: int = 0
    given: list[tuple[str, Any]] = field(default_factory=list)
    checks: list[Any] = field(default_factory=list)  # the World's Checks: a Comparison, and whether it must differ
    requests: list[Any] = field(default_factory=list)

    def made_by(self) -> list[tuple[int, StepRecord | None]]:
        """Each comparison's step, by place and record; (-1, None) where no step's count covers it."""
        made: list[tuple[int, StepRecord | None]] = [(-1, None)] * len(self.checks)
        before = 0
        for place, step in enumerate(self.steps):
            if step.checks is None:
                continue
            for k in range(before, min(step.checks, len(made))):
                made[k] = (place, step)
            before = max(before, step.checks)
        return made

    def compared(self, place: int) -> list[str]:
        """What the step at ``place`` compared, whole, as JSON texts (the field, both values, the tolerance): a
        failure's message cuts a long value short, and the Cucumber outputs attach these beside it."""
        out = []
        for check, (where, _) in zip(self.checks, self.made_by(), strict=True):
            if where == place:
                c = check.comparison
                body = {"field": c.field, "expected": c.expected, "actual": c.actual}
                body["tolerance"] = {"atol": c.tolerance.atol, "rtol": c.tolerance.rtol}
                out.append(json.dumps(body, ensure_ascii=False, default=_plain))
        return out

    def step_outcomes(self) -> list[str]:
        """Each step's outcome as the Cucumber outputs give it (both, so that they agree): a failure outside any
        step (a fixture, say) is pinned on the first step, so that the case reads as failed."""
        blame_first = self.status == "failed" and not any(step.outcome == "failed" for step in self.steps)
        return ["failed" if blame_first and i == 0 else step.outcome for i, step in enumerate(self.steps)]


@dataclass
class Recording:
    started: datetime
    args: list[str]
    cases: dict[str, CaseRecord] = field(default_factory=dict)
    implementations: dict[str, dict[str, str]] = field(default_factory=dict)
    """Each backend's handshake (and the command that started a port), by backend name."""
    verdicts: list[Any] = field(default_factory=list)
    """The graded verdicts (mlp_spec.harness.verdict.Verdict) on every implementation checked, this one last."""
    finished: datetime | None = None
    deselected: int = 0
    """How many scenarios the selection (``--id``, ``-k``) left out."""

    def reported(self) -> list[CaseRecord]:
        """The cases that ran (or were skipped), in the order of the features."""
        return [case for case in self.cases.values() if case.status]


def _plain(value: Any) -> Any:
    """A numpy array or number as JSON reads it."""
    return value.tolist() if hasattr(value, "tolist") else str(value)

"""The one comparison of the spec: |actual − expected| ≤ atol + rtol·|expected|, element by element.

Every expected number in the features is checked through :func:`compare`, with the tolerance its scenario
states; a failure reports the worst element (index, absolute and relative error) so a port's author can see
at once whether a value is slightly off or entirely wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    atol: float
    rtol: float

    def __str__(self) -> str:
        return f"atol {self.atol:g}, rtol {self.rtol:g}"


EXACT = Tolerance(0.0, 0.0)


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing one field; ``worst`` is (index, |a − e|, |a − e|/|e|) of the worst element."""

    field: str
    expected: Any
    actual: Any
    tolerance: Tolerance
    ok: bool
    problem: str = ""
    worst: tuple[tuple[int, ...], float, float] | None = None

    def explain(self) -> str:
        lines = [
            f"{self.field}: {'ok' if self.ok else 'MISMATCH'}",
            f"  expected {self.expected}",
            f"  actual   {self.actual}",
            f"  rule     |a − e| ≤ atol + rtol·|e| with {self.tolerance}",
        ]
        if self.problem:
            lines.append(f"  problem  {self.problem}")
        if self.worst is not None:
            index, abs_err, rel_err = self.worst
            lines.append(f"  worst    at {list(index)}: |a − e| = {abs_err:.3g}, relative {rel_err:.3g}")
        return "\n".join(lines)


def _as_array(value: Any) -> np.ndarray | None:
    if _has_non_number(value):
        return None
    try:
        return np.array(value, dtype=np.float64)
    except (ValueError, OverflowError):  # ragged, or an integer beyond float64
        return None


def compare(field: str, actual: Any, expected: Any, tolerance: Tolerance) -> Comparison:
    """Compare ``actual`` with ``expected`` (numbers, vectors or matrices) under ``tolerance``."""
    e = np.array(expected, dtype=np.float64)
    a = _as_array(actual)

    def fail(problem: str, worst: tuple[tuple[int, ...], float, float] | None = None) -> Comparison:
        return Comparison(field, expected, actual, tolerance, False, problem, worst)

    if a is None:
        return fail("not a number, vector or matrix of numbers")
    if a.shape != e.shape:
        return fail(f"shape {list(a.shape)} where {list(e.shape)} is expected")
    abs_err = np.abs(a - e)
    bound = tolerance.atol + tolerance.rtol * np.abs(e)
    # NaN in actual compares false everywhere, so treat "not within" rather than "exceeds" as the failure.
    bad = ~(abs_err <= bound)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_err = np.where(e != 0, abs_err / np.abs(e), np.where(abs_err == 0, 0.0, np.inf))
    score = np.where(np.isnan(abs_err), np.inf, abs_err - bound)
    index = np.unravel_index(int(np.argmax(score)), e.shape) if e.ndim else ()
    worst = (tuple(int(i) for i in index), float(abs_err[index]), float(rel_err[index]))
    if bad.any():
        return fail(f"{int(bad.sum())} of {e.size} elements outside the tolerance", worst)
    return Comparison(field, expected, actual, tolerance, True, "", worst)


def _has_non_number(value: Any) -> bool:
    # np.array(["0.5"], dtype=float) parses text, and True counts as 1.0: a port's answer must be numbers.
    if isinstance(value, list):
        return any(_has_non_number(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fiu"
    return isinstance(value, bool) or not isinstance(value, int | float)

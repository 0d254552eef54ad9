"""The one comparison of the spec: |actual − expected| ≤ atol + rtol·|expected|, element by element.

Every expected number in the features is checked through :func:`compare`, with the tolerance its scenario
states; a failure reports the worst element (index, absolute and relative error) so a port's author can see
at once whether a value is slightly off or entirely wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Tolerance:
    atol: float
    rtol: float

    def __post_init__(self) -> None:
        # A NaN tolerance would pass every answer, an infinite one every finite answer, a negative one none.
        for name, value in (("atol", self.atol), ("rtol", self.rtol)):
            if not 0 <= value < math.inf:
                raise ValueError(f"{name}: a tolerance must be a finite number ≥ 0 (got {value!r})")

    def __str__(self) -> str:
        return f"atol {self.atol:g}, rtol {self.rtol:g}"


EXACT = Tolerance(0.0, 0.0)

Element = tuple[tuple[int, ...], float, float]
"""One element of a comparison: its index, |a − e| and |a − e|/|e|."""


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing one field. ``worst`` is (index, |a − e|, |a − e|/|e|) of the element nearest to
    (or furthest beyond) its bound atol + rtol·|e|; ``largest``, the same of the element with the largest
    |a − e|. They differ where rtol gives larger numbers more room."""

    field: str
    expected: Any
    actual: Any
    tolerance: Tolerance
    ok: bool
    problem: str = ""
    worst: Element | None = None
    largest: Element | None = None

    def explain(self) -> str:
        """The comparison in a few lines, each short enough for a console: a long value is cut to its size and
        first entries (the page and the Cucumber outputs keep it whole), and the worst element is quoted."""
        lines = [
            f"{self.field}: {'ok' if self.ok else 'MISMATCH'}",
            f"  expected {brief(self.expected)}",
            f"  actual   {brief(self.actual)}",
            f"  rule     |a − e| ≤ atol + rtol·|e| with {self.tolerance}",
        ]
        if self.problem:
            lines.append(f"  problem  {brief(self.problem)}")
        if self.worst is not None:
            index, abs_err, rel_err = self.worst
            where = f"at {list(index)}"
            if index and max(len(str(self.expected)), len(str(self.actual))) > SHORT:  # cut: quote the element
                where += f" ({_at(self.expected, index)!r} expected, {_at(self.actual, index)!r} actual)"
            lines.append(f"  worst    {where}: |a − e| = {abs_err:.3g}, relative {rel_err:.3g}")
        return "\n".join(lines)


SHORT = 160
"""Characters of a value a console line shows whole; a longer one is cut to its size and first entries."""


def brief(value: Any, first: int = 3) -> str:
    """``value`` as one short text: whole if it is short, else its size and first entries, e.g.
    ``a 10×64 matrix [[0.0794, 0.0472, 0.0301, …], …]`` (each number as Python prints it)."""
    text = str(value)
    if len(text) <= SHORT:
        return text
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        rows, columns = len(value), {len(row) for row in value}
        size = f"a {rows}×{columns.pop()} matrix" if len(columns) == 1 else f"{rows} rows"
        head = ", ".join(repr(v) for v in value[0][:first])
        return f"{size} [[{head}{', …' if len(value[0]) > first else ''}], …]"
    if isinstance(value, list):
        return f"a vector of {len(value)} [{', '.join(repr(v) for v in value[:first])}, …]"
    return f"{text[:SHORT]}… ({len(text):,} characters in all)"


def _at(value: Any, index: tuple[int, ...]) -> Any:
    for i in index:
        value = value[i]
    return value


def _numbers(value: Any) -> np.ndarray | str:
    """``value`` as float64 numbers, or the reason it is not a number, vector or matrix of numbers."""
    if not _only_numbers(value):
        return "not a number, vector or matrix of numbers"
    try:
        return np.array(value, dtype=np.float64)
    except OverflowError:
        return "a number beyond float64's range"
    except ValueError:  # numbers only, so the nesting is uneven
        return "ragged: rows of different lengths or depths"


def plain_number(value: object) -> bool:
    """An int or a float, and not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _only_numbers(value: Any) -> bool:
    # np.array(["0.5"], dtype=float) parses text, and True counts as 1.0: a port's answer must be numbers.
    if isinstance(value, list):
        return all(_only_numbers(v) for v in value)
    if isinstance(value, np.ndarray | np.generic):
        return value.dtype.kind in ("f", "i", "u")
    return plain_number(value)


def compare(field: str, actual: Any, expected: Any, tolerance: Tolerance) -> Comparison:
    """Compare ``actual`` with ``expected`` (numbers, vectors or matrices) under ``tolerance``.

    Anything that is not finite numbers of the expected shape fails with the reason; nothing raises. Either
    side may be a port's answer (``check_differs`` compares two), so both are checked."""

    def fail(problem: str, worst: Element | None = None, largest: Element | None = None) -> Comparison:
        return Comparison(field, expected, actual, tolerance, False, problem, worst, largest)

    e, a = _numbers(expected), _numbers(actual)
    if isinstance(e, str):
        return fail(f"expected value: {e}")
    if not np.isfinite(e).all():
        return fail("expected value: not finite")
    if isinstance(a, str):
        return fail(a)
    if a.shape != e.shape:
        return fail(f"shape {list(a.shape)} where {list(e.shape)} is expected")
    if e.size == 0:  # both empty, of one shape: nothing is off, and there is no worst element
        return Comparison(field, expected, actual, tolerance, True, "", None)
    not_finite = ~np.isfinite(a)
    with np.errstate(all="ignore"):  # overflow, x/0, 0/0 and ∞ − ∞ are meant here: they give ∞ or NaN
        abs_err = np.abs(a - e)
        bound = tolerance.atol + tolerance.rtol * np.abs(e)
        rel_err = np.where(e != 0, abs_err / np.abs(e), np.where(abs_err == 0, 0.0, np.inf))
        # argmax takes the first NaN for the largest: a NaN answer is reported before any number.
        index = np.unravel_index(int(np.argmax(abs_err - bound)), e.shape)
        biggest = np.unravel_index(int(np.argmax(abs_err)), e.shape)
        bad = (abs_err > bound) | not_finite  # no tolerance, not even an infinite one, admits NaN or ±∞

    def element(at: tuple[Any, ...]) -> Element:
        return tuple(int(i) for i in at), float(abs_err[at]), float(rel_err[at])

    worst, largest = element(index), element(biggest)
    if bad.any():
        also = f", {int(not_finite.sum())} of them NaN or infinite" if not_finite.any() else ""
        return fail(f"{int(bad.sum())} of {e.size} elements outside the tolerance{also}", worst, largest)
    return Comparison(field, expected, actual, tolerance, True, "", worst, largest)

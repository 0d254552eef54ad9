"""The least loss the article's rule can reach, at 50 digits (mpmath): the floor its training stalls above.

Every step of the ``article`` rule adds one number to all of who and one number to all of wih, so after any
number of steps the weights are who₀ + c·J and wih₀ + d·J (J the all-ones matrix). On that family

    E(c, d) = ½ Σₐ (tₐ − oₐ)²,   o = σ((who₀ + c·J)·σ((wih₀ + d·J)·I)).

When the inputs sum to more than 0, d → ∞ drives every hidden output to 1, and the final inputs become
rowsum(who₀)ₐ + m·c: the loss falls towards

    E∞ = min over c of ½ Σₐ (tₐ − σ(rowsum(who₀)ₐ + m·c))²,

a minimum in one variable, found as the root of its derivative; the least loss over c at d = 1, 2, 4, 8 and 16
shows it falling towards E∞ from above. No numpy: nothing is shared with the implementations under test.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import mpmath
from mpmath import mpf

DIGITS = 50
DEPTHS = (1, 2, 4, 8, 16)  # the values of d at which the least loss over c is computed


def _sigmoid(x: Any) -> Any:
    return 1 / (1 + mpmath.exp(-x))


def _least(loss: Callable[[Any], Any]) -> tuple[Any, Any]:
    """(c, loss(c)) at the least value of a smooth loss of one variable that tends to constants at ±∞.

    The derivative's root nearest the best point of a coarse scan is polished by Newton's method; the scan
    (−20 to 20 in steps of 1/4) must find nothing lower, or the root is not the global minimum."""
    grid = [mpf(i) / 4 for i in range(-80, 81)]
    start = min(grid, key=loss)
    c = mpmath.findroot(lambda x: mpmath.diff(loss, x), start)
    best = loss(c)
    if any(loss(x) < best for x in grid) or mpmath.diff(loss, c, 2) <= 0:
        raise ArithmeticError(f"no global minimum found near c = {mpmath.nstr(c, 10)}")
    return c, best


@dataclass(frozen=True)
class Floor:
    c: mpf
    """The number added to every entry of who at the limit."""
    least_loss: mpf
    """E∞, the least loss over c in the limit d → ∞: the floor of the family."""
    by_depth: tuple[tuple[int, mpf], ...]
    """(d, least loss over c at that d), for d in :data:`DEPTHS`."""


def article_floor(
    wih: Sequence[Sequence[float]], who: Sequence[Sequence[float]], inputs: Sequence[float], targets: Sequence[float]
) -> Floor:
    """The limit as d → ∞ of the least E over c on who₀ + c·J, wih₀ + d·J (the inputs must sum to more than 0)."""
    return _floor(tuple(map(tuple, wih)), tuple(map(tuple, who)), tuple(inputs), tuple(targets))


Row = tuple[float, ...]


@cache  # runs of the spec nested in one process (the report's, the vectors' tests) ask for the same floor
def _floor(wih: tuple[Row, ...], who: tuple[Row, ...], inputs: Row, targets: Row) -> Floor:
    with mpmath.workdps(DIGITS):
        w_ih = [[mpf(x) for x in row] for row in wih]
        w_ho = [[mpf(x) for x in row] for row in who]
        i_n, t = [mpf(x) for x in inputs], [mpf(x) for x in targets]
        if mpmath.fsum(i_n) <= 0:
            raise ValueError("inputs: the hidden layer saturates at 1 only if the inputs sum to more than 0")
        m, rowsums = len(w_ih), [mpmath.fsum(row) for row in w_ho]

        def at_limit(c: Any) -> Any:
            return mpmath.fsum((ta - _sigmoid(s + m * c)) ** 2 for ta, s in zip(t, rowsums, strict=True)) / 2

        def at_depth(d: Any) -> Callable[[Any], Any]:
            h = [_sigmoid(mpmath.fsum((w + d) * x for w, x in zip(row, i_n, strict=True))) for row in w_ih]

            def loss(c: Any) -> Any:
                o = [_sigmoid(mpmath.fsum((w + c) * hb for w, hb in zip(row, h, strict=True))) for row in w_ho]
                return mpmath.fsum((ta - oa) ** 2 for ta, oa in zip(t, o, strict=True)) / 2

            return loss

        c, least = _least(at_limit)
        by_depth = tuple((d, _least(at_depth(mpf(d)))[1]) for d in DEPTHS)
        return Floor(c, least, by_depth)

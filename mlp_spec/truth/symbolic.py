"""The loss gradient of a concrete network, by sympy: the mathematics the update rules are judged against.

sympy builds the network from symbols — every weight, input and target its own symbol — writes
E = ½Σₐ(tₐ − oₐ)² with o = σ(who·σ(wih·I)), and differentiates E with respect to each weight. The
derivatives are then evaluated at a point with mpmath at 50 digits. No numpy, no code shared with the
implementation: this is the independent answer to "what is −learning_rate·∂E/∂W here?".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import mpmath
import sympy

from mlp_spec.truth.rules import sigmoid_definition as sigma

DIGITS = 50


def sigmoid_difference() -> str:
    """σ′ − σ(1 − σ) as sympy derives it and then cancels it, as text."""
    x = sympy.Symbol("x", real=True)
    difference = sympy.diff(sigma(x), x) - sigma(x) * (1 - sigma(x))
    # A rational function of e^(−x): bringing it over one denominator and cancelling is a proof, and fast.
    return str(sympy.cancel(sympy.together(difference)))


@lru_cache(maxsize=8)
def _gradient_function(n: int, m: int, k: int) -> Callable[..., Any]:
    wih = sympy.Matrix(m, n, lambda b, c: sympy.Symbol(f"wih_{b}_{c}"))
    who = sympy.Matrix(k, m, lambda a, b: sympy.Symbol(f"who_{a}_{b}"))
    inputs = sympy.Matrix(n, 1, lambda c, _: sympy.Symbol(f"I_{c}"))
    targets = sympy.Matrix(k, 1, lambda a, _: sympy.Symbol(f"t_{a}"))
    hidden = (wih * inputs).applyfunc(sigma)
    outputs = (who * hidden).applyfunc(sigma)
    loss = sum(((targets[a] - outputs[a]) ** 2 for a in range(k)), sympy.Integer(0)) / 2
    weights = [*wih, *who]
    gradient = [sympy.diff(loss, w) for w in weights]
    function: Callable[..., Any] = sympy.lambdify([*weights, *inputs, *targets], gradient, modules="mpmath", cse=True)
    return function


def loss_gradient(
    wih: Sequence[Sequence[float]], who: Sequence[Sequence[float]], inputs: Sequence[float], targets: Sequence[float]
) -> tuple[list[list[float]], list[list[float]]]:
    """(∂E/∂wih, ∂E/∂who) at the given point, each entry the float64 nearest its 50-digit value."""
    m, n, k = len(wih), len(inputs), len(who)
    point = [*(x for row in wih for x in row), *(x for row in who for x in row), *inputs, *targets]
    with mpmath.workdps(DIGITS):
        flat = [float(g) for g in _gradient_function(n, m, k)(*map(mpmath.mpf, point))]
    d_wih, d_who = flat[: m * n], flat[m * n :]
    return [d_wih[b * n : (b + 1) * n] for b in range(m)], [d_who[a * m : (a + 1) * m] for a in range(k)]

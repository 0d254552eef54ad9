"""The numbers of ``mlp-spec derive``, from the derivation's own expressions (:mod:`.rules`), no numpy: its
worked example, one step of each rule at the article's point by mpmath at 50 digits, and its exact
counterexample, where the book's hidden errors are not 4 times the gradient's once the outputs' terms are summed.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import mpmath
import sympy as sp

from mlp_spec.truth import rules
from mlp_spec.truth.rules import Network, a, b, c
from mlp_spec.truth.typeset import ERR, O, abbreviate

SHOWN_RULES = (rules.ARTICLE, rules.BOOK, rules.GRADIENT)


def fixed(x: Any, digits: int = 8) -> str:
    """``x`` rounded to ``digits`` decimals, as text; a string (one of the article's decimals) as it is."""
    if isinstance(x, str):
        return x
    with mpmath.workdps(50):
        x = mpmath.mpf(x)
        scaled = int(mpmath.nint(abs(x) * 10**digits))
    sign = "-" if x < 0 and scaled else ""
    return f"{sign}{scaled // 10**digits}.{scaled % 10**digits:0{digits}d}"


def counterexample() -> tuple[list[sp.Expr], list[sp.Expr]]:
    """The book's and the gradient's hidden error b with two outputs, e = (1/10, −1/10), o = (1/2, 9/10) and
    who[·,b] = (1, 1), exactly: each as [the sum, written out, its value]."""
    two = Network(k=sp.Integer(2))
    values = {ERR[0]: sp.Rational(1, 10), ERR[1]: -sp.Rational(1, 10), O[0]: sp.Rational(1, 2)}
    values |= {O[1]: sp.Rational(9, 10), two.who[0, b]: 1, two.who[1, b]: 1}
    out = []
    for hidden_errors in (rules.hidden_errors_transpose, rules.hidden_errors_gradient):
        expr = abbreviate(hidden_errors(two, b), two)
        written = expr.doit()
        out.append([expr, written, written.xreplace(values)])
    return out[0], out[1]


POINT: dict[str, Any] = {
    "I": ("0.8", "0.2", "0.7"),
    "t": ("0.5", "0.99", "0.6"),
    "wih": (("0.8", "0.2", "0.3"), ("0.3", "0.5", "0.1"), ("0.2", "0.4", "0.5")),
    "who": (("0.1", "0.3", "0.5"), ("0.2", "0.9", "0.5"), ("0.5", "0.3", "0.1")),
    "lr": "0.1",
}
"""The article's inputs, targets, weights and learning rate (features/03–06), as the decimals it writes."""


@cache
def worked_example() -> dict[str, Any]:
    """The derivation's expressions at :data:`POINT`, by mpmath at 50 digits: h, o, e, each rule's hidden
    errors, what one step of each rule adds to who and to wih, and E before and after that step."""
    net = Network()
    with mpmath.workdps(50):
        wih, who = (mpmath.matrix([[mpmath.mpf(x) for x in row] for row in POINT[n]]) for n in ("wih", "who"))
        inputs, targets = (mpmath.matrix([mpmath.mpf(x) for x in POINT[n]]) for n in ("I", "t"))
        lr = mpmath.mpf(POINT["lr"])

        def at(expr: sp.Expr, rows: sp.Symbol, cols: sp.Symbol | None = None) -> list[Any]:
            """expr's values over the free index ``rows`` (and ``cols``, a 3×3 matrix), at the article's point."""
            f = rules.mpmath_function(expr)

            def value(x: int, y: int = 0) -> Any:
                index = {a: 0, b: 0, c: 0, rows: x} | ({} if cols is None else {cols: y})
                return f(3, 3, 3, index[a], index[b], index[c], wih, who, inputs, targets, lr)

            return [value(x) for x in range(3)] if cols is None else [[value(x, y) for y in range(3)] for x in range(3)]

        loss = rules.mpmath_function(net.mse())
        result: dict[str, Any] = {
            "h": at(net.hidden_outputs(b), b),
            "o": at(net.final_outputs(a), a),
            "e": at(net.output_errors(a), a),
            "E": loss(3, 3, 3, 0, 0, 0, wih, who, inputs, targets, lr),
        }
        for rule in SHOWN_RULES:
            dwho, dwih = at(rule.who_update(net, a, b), a, b), at(rule.wih_update(net, b, c), b, c)
            after = (wih + mpmath.matrix(dwih), who + mpmath.matrix(dwho))
            result[rule.name] = {
                "hidden errors": at(rule.hidden_errors(net, b), b),
                "who": dwho,
                "wih": dwih,
                "E": loss(3, 3, 3, 0, 0, 0, *after, inputs, targets, lr),
            }
        return result

"""The formulas each feature rests on, as MathML from sympy's presentation printer, built unevaluated in the
order the features write them, indices counting from 0. A figure of the page (:mod:`.figures`): typeset once
and kept, so that a warm run with ``--html`` never imports sympy.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from typing import Any

from mlp_spec.report import figures

Table = dict[str, list[tuple[str, str]]]
"""Each feature's formulas, by its file name: a caption and MathML."""


def _math(*parts: Any, partial: bool = False, **settings: Any) -> str:
    """One ``<math>`` block: sympy expressions printed in order (a str is an operator), so nothing is reordered.

    Named entities become characters, so the page needs no DTD; ``partial`` prints derivatives with ∂."""
    printer = _printer()
    spacing = {",": '<mo separator="true">,</mo><mspace width="1.5em"/>'}
    body = "".join(
        spacing.get(p, f"<mo>{html.escape(p)}</mo>")
        if isinstance(p, str)
        else printer({"order": "old", **settings}).doprint(p)
        for p in parts
    )
    body = body.replace("<mo>-</mo>", "<mo>−</mo>")
    if partial:
        body = body.replace("&dd;", "&#x2202;")
    body = re.sub(r"&([A-Za-z]+);", lambda m: m[0] if m[1] in ("lt", "gt", "amp") else html.unescape(m[0]), body)
    # HTML knows <math> as MathML without its namespace.
    return f'<math display="block"><mrow>{body}</mrow></math>'


@functools.cache
def _printer() -> Any:
    from sympy.printing.mathml import MathMLPresentationPrinter

    class InOrder(MathMLPresentationPrinter):  # type: ignore[misc]
        """sympy's presentation printer, keeping the terms of a sum (and, with order "old", the factors of a
        product) in the order they were built: the formulas read as the features write them."""

        def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
            return list(expr.args)

    return InOrder


@functools.cache
def kept() -> Table:
    """The table, from the figures' cache, else typeset here (and kept)."""
    text = figures.kept("formulas", lambda: json.dumps(typeset(), ensure_ascii=False))
    try:
        return {stem: [(caption, math) for caption, math in rows] for stem, rows in json.loads(text).items()}
    except (ValueError, AttributeError, TypeError):  # an entry that cannot be read: typeset again
        return typeset()


def typeset() -> Table:
    import sympy as sp

    # Built unevaluated, so that sympy neither reorders the factors nor loads its algebra to simplify them.
    def mul(*factors: Any) -> Any:
        return sp.Mul(*factors, evaluate=False)

    def minus(x: Any, y: Any = 1) -> Any:  # y − x
        return sp.Add(y, mul(-1, x), evaluate=False)

    def sub(name: str, *indices: Any) -> Any:  # who_ab, printed with the indices as a subscript
        return sp.Symbol(f"{name}_{''.join(str(i) for i in indices)}")

    def total(term: Any, index: Any) -> Any:  # over the three nodes of a layer, counted from 0 as numpy counts
        return sp.Sum(term, (index, 0, 2))

    def nc(name: str) -> Any:  # a matrix in a product, which keeps its order
        return sp.Symbol(name, commutative=False)

    def indexed(name: str) -> Callable[[Any], Any]:  # e(a) is e_a
        return functools.partial(sub, name)

    a, b, c, d, j, l, q, x = sp.symbols("a b c d j l q x")
    e, o, h, t, I = (indexed(n) for n in "eohtI")
    s, lr, E, C = sp.Function("σ"), sp.Symbol("lr"), sp.Symbol("E"), sp.Symbol("C")
    wih, who, J, wih0, who0 = (sp.MatrixSymbol(n, 3, 3) for n in ("wih", "who", "J", "wih_0", "who_0"))
    vectors = ("I", "e", "o", "t", "hidden_inputs", "hidden_outputs", "final_inputs", "final_outputs", "hidden_errors")
    v = {n: sp.MatrixSymbol(n, 3, 1) for n in vectors}
    hi, ho, fi, he = v["hidden_inputs"], v["hidden_outputs"], v["final_inputs"], v["hidden_errors"]
    names = {"disable_split_super_sub": True}  # hidden_inputs is a name, not hidden with a subscript

    def who_e(k: Any) -> Any:  # (whoᵀ·e)_k
        return total(mul(sub("who", a, k), e(a)), a)

    delta = total(mul(sub("who", a, b), e(a), o(a), minus(o(a))), a)  # (whoᵀ·(e∘o∘(1−o)))_b
    loss = _math(E, "=", sp.Rational(1, 2), total(sp.Pow(minus(o(a), t(a)), 2), a))
    dwho, dwih = sub("Δwho", a, b), sub("Δwih", b, c)
    entropy = total(sp.Add(mul(t(a), sp.log(o(a))), mul(minus(t(a)), sp.log(minus(o(a)))), evaluate=False), a)
    dE, dC = sp.Derivative(E, sub("z", a)), sp.Derivative(C, sub("z", a))
    sigmoid = sp.Pow(sp.Add(1, sp.exp(mul(-1, x)), evaluate=False), -1, evaluate=False)
    last = sp.Add(q, -1, evaluate=False)  # q − 1, not sympy's −1 + q
    return {
        "01_matrix_product": [
            (
                "Entry (i, j) of a·b: row i of a against column j of b (a has q columns).",
                _math(sub("c", "i", "j"), "=", sp.Sum(mul(sub("a", "i", "l"), sub("b", "l", "j")), (l, 0, last))),
            ),
        ],
        "02_sigmoid": [
            ("The logistic sigmoid.", _math(s(x), "=", sigmoid)),
            ("Its slope, written with its own value.", _math(sp.Derivative(s(x), x), "=", mul(s(x), minus(s(x))))),
        ],
        "03_forward_propagation": [
            ("The hidden layer.", _math(hi, "=", wih, "·", v["I"], ",", ho, "=", s(hi), **names)),
            ("The output layer.", _math(fi, "=", who, "·", ho, ",", v["final_outputs"], "=", s(fi), **names)),
        ],
        "04_backpropagation": [
            ("The output errors: targets t minus final outputs o.", _math(v["e"], "=", v["t"], "−", v["o"])),
            ("The hidden errors of the article and book rules.", _math(he, "=", who.T, "·", v["e"], **names)),
            (
                "The gradient rule's hidden errors: σ′ = o(1 − o) inside, by the chain rule (∘: element-wise).",
                _math(he, "=", who.T, "·", "(", v["e"], "∘", v["o"], "∘", "(", 1, "−", v["o"], ")", ")", **names),
            ),
        ],
        "05_training_step": [
            ("The loss, which every rule's step lowers.", loss),
            (
                "article: one number added to every entry of who …",
                _math(dwho, "=", lr, "·", total(mul(e(j), o(j), minus(o(j)), h(j)), j)),
            ),
            (
                "… and one to every entry of wih.",
                _math(dwih, "=", lr, "·", total(mul(who_e(j), h(j), minus(h(j)), I(j)), j)),
            ),
            (
                "book and gradient: outer products for who.",
                _math(dwho, "=", lr, "·", mul(e(a), o(a), minus(o(a)), h(b))),
            ),
            ("book: the hidden errors whoᵀ·e.", _math(dwih, "=", lr, "·", mul(who_e(b), h(b), minus(h(b)), I(c)))),
            (
                "gradient: the hidden errors whoᵀ·(e∘o∘(1−o)).",
                _math(dwih, "=", lr, "·", mul(delta, h(b), minus(h(b)), I(c))),
            ),
        ],
        "06_repeated_training": [
            (
                "All that the article's rule can reach: two numbers c and d, with J the matrix of ones.",
                _math(who, "=", who0, "+", c, "·", J, ",", wih, "=", wih0, "+", d, "·", J),
            ),
            ("The loss, which book and gradient drive towards 0.", loss),
        ],
        "08_gradient": [
            ("The loss, as a function of all eighteen weights …", loss),
            ("… through the outputs.", _math(v["o"], "=", s(nc("who") * s(nc("wih") * nc("I"))), mul_symbol="dot")),
            (
                "The gradient for who, which every rule but the article's follows.",
                _math(sp.Derivative(E, sub("who", a, b)), "=", "−", mul(e(a), o(a), minus(o(a)), h(b)), partial=True),
            ),
            (
                "The gradient for wih: the output's σ′ sits inside the sum.",
                _math(sp.Derivative(E, sub("wih", b, c)), "=", "−", mul(delta, h(b), minus(h(b)), I(c)), partial=True),
            ),
        ],
        "09_proofs": [
            ("The two losses: squared error E and binary cross-entropy C.", _math(C, "=", "−", entropy)),
            (
                "At the output, E keeps σ′ = o(1 − o); C cancels it.",
                _math(dE, "=", "−", mul(e(a), o(a), minus(o(a))), ",", dC, "=", "−", e(a), partial=True),
            ),
            (
                "So the book's hidden step is larger, per output, by a factor of at least 4.",
                _math(sp.Pow(mul(o(a), minus(o(a))), -1, evaluate=False), "≥", 4),
            ),
        ],
    }

"""The symbolic proofs of mlp_spec.truth.proofs hold, fail for mutated rules, and agree with finite differences.

The proofs and the mutants' proofs are sympy's longest work in the suite: they are made once, by the fixture
:func:`proved`, and the tests below check what it returns.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import mpmath as mp
import pytest
import sympy as sp

from mlp_spec.cache import memo
from mlp_spec.truth import proofs, rules
from mlp_spec.truth.rules import Network, Rule, a, b, c

PROOFS = ("prove_sigmoid_derivative", "prove_gradient_rule", "prove_book_rule", "prove_article_rule")


@pytest.mark.parametrize("prove", PROOFS)
def test_proof_holds(prove: str, proved: dict[str, Any]) -> None:
    result = proved[prove]
    assert isinstance(result, proofs.Proof) and result.title
    assert result.holds, [check.claim for check in result.checks if not check.holds]


def test_the_article_proof_has_a_rational_counterexample(proved: dict[str, Any]) -> None:
    check = proved["prove_article_rule"]["Δwho ≠ −lr·∂E/∂who at the point"]
    assert check.lhs == sp.zeros(3, 3)  # the article does not move who at all here ...
    assert all(entry / rules.Network().lr in (sp.Rational(1, 32), -sp.Rational(1, 32), 0) for entry in check.rhs)


def _who_without_derivative(net: Network, x: sp.Expr, y: sp.Expr) -> sp.Expr:
    return net.lr * net.output_errors(x) * net.hidden_outputs(y)


GRADIENT_WITHOUT_SIGMA_PRIME = Rule(
    "gradient without o(1−o)",
    rules.hidden_errors_transpose,
    _who_without_derivative,
    rules.outer_wih(rules.hidden_errors_transpose),
)
BOOK_WITH_GRADIENT_HIDDEN_ERRORS = Rule(
    "book with whoᵀ(e∘o∘(1−o))",
    rules.hidden_errors_gradient,
    rules.outer_who,
    rules.outer_wih(rules.hidden_errors_gradient),
)
BOOK_WITHOUT_SIGMA_PRIME_IN_WHO = Rule(
    "book, who without o(1−o)", rules.hidden_errors_transpose, _who_without_derivative, rules.BOOK.wih_update
)
MUTANTS: dict[str, Callable[[], proofs.Proof]] = {
    "gradient without σ′": lambda: proofs.prove_gradient_rule(GRADIENT_WITHOUT_SIGMA_PRIME),
    "gradient with the book's hidden errors": lambda: proofs.prove_gradient_rule(rules.BOOK),
    "book with the gradient's hidden errors": lambda: proofs.prove_book_rule(BOOK_WITH_GRADIENT_HIDDEN_ERRORS),
    "book without σ′ in who": lambda: proofs.prove_book_rule(BOOK_WITHOUT_SIGMA_PRIME_IN_WHO),
    "the gradient as the article": lambda: proofs.prove_article_rule(rules.GRADIENT),
}


@pytest.fixture(scope="module")
def proved() -> dict[str, Any]:
    """Every proof the tests read, by name: the spec's four and the five mutants'."""
    done: dict[str, Any] = {name: memo(f"proofs.{name}") for name in PROOFS}  # the spec's, kept on disk
    return done | {name: prove() for name, prove in MUTANTS.items()}


def _failing(result: proofs.Proof) -> set[str]:
    return {check.claim for check in result.checks if not check.holds}


@pytest.mark.parametrize(
    ("mutant", "failing"),
    [
        ("gradient without σ′", {"Δwho = −lr·∂E/∂who", "Δwih = −lr·∂E/∂wih"}),
        ("gradient with the book's hidden errors", {"Δwih = −lr·∂E/∂wih"}),  # fails only for wih
        (
            "book with the gradient's hidden errors",
            {"Δwih = −lr·∂C/∂wih", "hidden-error ratio", "ratio at o = ½", "ratio − 4 ≥ 0"},
        ),
        ("book without σ′ in who", {"Δwho = −lr·∂E/∂who"}),
    ],
)
def test_a_changed_rule_makes_its_proof_fail(mutant: str, failing: set[str], proved: dict[str, Any]) -> None:
    assert _failing(proved[mutant]) == failing


def test_gradient_rule_is_not_the_article(proved: dict[str, Any]) -> None:
    failing = _failing(proved["the gradient as the article"])
    assert {"Δwho ≠ −lr·∂E/∂who at the point", "Δwih ≠ −lr·∂E/∂wih at the point"} <= failing
    assert "e = 0 ⇒ Δwho = 0" not in failing  # the gradient, too, stands still without error


def _loss(wih: mp.matrix, who: mp.matrix, inputs: mp.matrix, targets: mp.matrix, kind: str) -> Any:
    sig = lambda x: 1 / (1 + mp.exp(-x))  # noqa: E731
    h = [sig(mp.fsum(wih[r, q] * inputs[q] for q in range(wih.cols))) for r in range(wih.rows)]
    o = [sig(mp.fsum(who[r, q] * h[q] for q in range(who.cols))) for r in range(who.rows)]
    if kind == "E":
        return mp.fsum((targets[r] - o[r]) ** 2 for r in range(who.rows)) / 2
    return -mp.fsum(targets[r] * mp.log(o[r]) + (1 - targets[r]) * mp.log(1 - o[r]) for r in range(who.rows))


@pytest.fixture(scope="module")
def closed_forms(proved: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    grad, book = proved["prove_gradient_rule"], proved["prove_book_rule"]
    net = Network()
    return {
        "E who derivative": rules.mpmath_function(grad["∂E/∂who"].lhs),
        "E who closed": rules.mpmath_function(grad["∂E/∂who"].rhs),
        "E wih derivative": rules.mpmath_function(grad["∂E/∂wih"].lhs),
        "E wih closed": rules.mpmath_function(grad["∂E/∂wih"].rhs),
        "E who gradient rule": rules.mpmath_function(rules.GRADIENT.who_update(net, a, b) / -net.lr),
        "E wih gradient rule": rules.mpmath_function(rules.GRADIENT.wih_update(net, b, c) / -net.lr),
        "C wih derivative": rules.mpmath_function(book["Δwih = −lr·∂C/∂wih"].lhs),
        "C wih book rule": rules.mpmath_function(rules.BOOK.wih_update(net, b, c) / -net.lr),
    }


CLOSED_FORMS = {
    "who": [("E", ("derivative", "closed", "gradient rule"))],
    "wih": [("E", ("derivative", "closed", "gradient rule")), ("C", ("derivative", "book rule"))],
}


@pytest.mark.parametrize("seed", range(6))
@mp.workdps(50)
def test_closed_forms_match_central_differences(seed: int, closed_forms: dict[str, Callable[..., Any]]) -> None:
    rng = random.Random(seed)
    n, m, k = (rng.randint(1, 5) for _ in range(3))
    rand = lambda lo, hi: mp.mpf(rng.uniform(lo, hi))  # noqa: E731
    wih = mp.matrix([[rand(-2, 2) for _ in range(n)] for _ in range(m)])
    who = mp.matrix([[rand(-2, 2) for _ in range(m)] for _ in range(k)])
    inputs, targets = mp.matrix([rand(-1, 1) for _ in range(n)]), mp.matrix([rand(0.05, 0.95) for _ in range(k)])
    mismatches: list[bool] = []
    step = mp.mpf(10) ** -17  # truncation ~step² ≈ 1e-34, rounding ~1e-50/step ≈ 1e-33
    for layer, weights, (rows, cols) in (("who", who, (k, m)), ("wih", wih, (m, n))):
        for r in range(rows):
            for q in range(cols):
                for loss, names in CLOSED_FORMS[layer]:
                    saved = weights[r, q]
                    weights[r, q] = saved + step
                    up = _loss(wih, who, inputs, targets, loss)
                    weights[r, q] = saved - step
                    down = _loss(wih, who, inputs, targets, loss)
                    weights[r, q] = saved
                    numeric = (up - down) / (2 * step)
                    free = (r, q, 0) if layer == "who" else (0, r, q)
                    for name in names:
                        value = closed_forms[f"{loss} {layer} {name}"](n, m, k, *free, wih, who, inputs, targets, 1)
                        assert abs(value - numeric) < mp.mpf(10) ** -25, (seed, layer, loss, name, r, q)
                    if loss == "E" and layer == "wih":  # the book's wih step is not −lr·∂E/∂wih
                        book = closed_forms["C wih book rule"](n, m, k, 0, r, q, wih, who, inputs, targets, 1)
                        mismatches.append(abs(book - numeric) > mp.mpf(10) ** -10)
    assert any(mismatches)

"""The symbolic proofs of mlp_spec.truth.proofs hold, fail for mutated rules, and agree with finite differences.

The proofs, the mutants' proofs and the derivation are sympy's longest work in the suite: they are made once, by
the fixture :func:`proved`, and the tests below check what it returns.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpmath as mp
import pytest
import sympy as sp

from mlp_spec.cache import memo
from mlp_spec.truth import derive, proofs, rules
from mlp_spec.truth.rules import Network, Rule, a, b, c

PROOFS = ("prove_sigmoid_derivative", "prove_gradient_rule", "prove_book_rule", "prove_article_rule")


@pytest.mark.parametrize("prove", PROOFS)
def test_proof_holds(prove: str, proved: dict[str, Any]) -> None:
    result = proved[prove]
    assert isinstance(result, proofs.Proof) and result.title
    assert result.holds, [check.claim for check in result.checks if not check.holds]


def test_the_article_proof_has_a_rational_counterexample_and_a_nonzero_determinant(proved: dict[str, Any]) -> None:
    article = proved["prove_article_rule"]
    check = article["Δwho ≠ −lr·∂E/∂who at the point"]
    assert check.lhs == sp.zeros(3, 3)  # the article does not move who at all here ...
    assert all(entry / rules.Network().lr in (sp.Rational(1, 32), -sp.Rational(1, 32), 0) for entry in check.rhs)
    # Its "only if" rests on a determinant that is never zero.
    for s in (2, 3, 4):
        check = article[f"det ≠ 0 for h > 0, s = {s}"]
        assert check.holds and check.value.is_zero is False
        assert article[f"det(diag(h) − 1·hᵀ) = (1 − s)·Πh, s = {s}"].holds


def test_ratio_is_four_at_one_half(proved: dict[str, Any]) -> None:
    book = proved["prove_book_rule"]
    assert book["ratio at o = ½"].holds
    assert book["o(1−o)′ = 0 only at ½"].holds


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
    """Every proof the tests read, by name: the spec's four, the five mutants', and the derivation (text, LaTeX)."""
    done: dict[str, Any] = {name: memo(f"proofs.{name}") for name in PROOFS}  # the spec's, kept on disk
    done |= {name: prove() for name, prove in MUTANTS.items()}
    done["derivation"] = {latex: memo("derive.derivation", latex) for latex in (False, True)}
    return done


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


def _compile(expr: sp.Expr) -> Callable[..., Any]:
    net = Network()
    args = (net.n, net.m, net.k, a, b, c, net.wih, net.who, net.inputs, net.targets, net.lr)
    return sp.lambdify(args, expr, modules=[{"sigma": lambda x: 1 / (1 + mp.exp(-x))}, "mpmath"])


@pytest.fixture(scope="module")
def closed_forms(proved: dict[str, Any]) -> dict[str, Callable[..., Any]]:
    grad, book = proved["prove_gradient_rule"], proved["prove_book_rule"]
    net = Network()
    return {
        "E who derivative": _compile(grad["∂E/∂who"].lhs),
        "E who closed": _compile(grad["∂E/∂who"].rhs),
        "E wih derivative": _compile(grad["∂E/∂wih"].lhs),
        "E wih closed": _compile(grad["∂E/∂wih"].rhs),
        "E who gradient rule": _compile(rules.GRADIENT.who_update(net, a, b) / -net.lr),
        "E wih gradient rule": _compile(rules.GRADIENT.wih_update(net, b, c) / -net.lr),
        "C wih derivative": _compile(book["Δwih = −lr·∂C/∂wih"].lhs),
        "C wih book rule": _compile(rules.BOOK.wih_update(net, b, c) / -net.lr),
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


def test_derivation_renders_with_every_proof_holding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, proved: dict[str, Any]
) -> None:
    derivation: dict[bool, str] = proved["derivation"]
    text = derivation[False]
    assert "NOT PROVED" not in text
    assert "σ'(x)" in text and "∂E/∂who[a,b]" in text and "gradient:" in text
    assert r"\frac{\partial E}{\partial who_{a,b}}" in derivation[True]
    assert r"\begin{align*}" in derivation[True]
    document = derivation[True]  # an ASCII document
    assert document.startswith("\\documentclass{article}") and document.rstrip().endswith("\\end{document}")
    assert document.isascii(), sorted({ch for ch in document if not ch.isascii()})
    # `mlp-spec derive` prints the derivation it is asked for (rendered beside the suite, not again here).
    monkeypatch.setattr(derive, "derivation", lambda latex=False: derivation[latex])
    for argv, latex in (([], False), (["--latex"], True)):
        assert derive.main(argv) == 0
        assert capsys.readouterr().out == derivation[latex]
    # It says what hidden errors are, in the article's order.
    assert "∂E/∂h[b]" in text and "∂C/∂h[b]" in text and "are −∂E/∂h" in text
    assert "e[a] = t[a] - o[a]" in text and "-e[a]⋅o[a]⋅(1 - o[a])" in text
    assert "lr⋅hidden_errors[b]⋅h[b]⋅(1 - h[b])⋅I[c]" in text
    assert "-o[a] + t[a]" not in text and "2⋅o[a] - 2" not in text


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex (apt-get install texlive-latex-base)")
def test_the_latex_derivation_compiles(tmp_path: Path, proved: dict[str, Any]) -> None:
    (tmp_path / "derive.tex").write_text(proved["derivation"][True], encoding="ascii")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "derive.tex"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "derive.pdf").stat().st_size > 0

"""Steps of the size-generic proofs: sympy proves, the feature lists the claims that must hold."""

from __future__ import annotations

import numpy as np
import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.compare import Tolerance
from steps.world import World

PROOFS = {
    "the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))": "prove_sigmoid_derivative",
    "the gradient rule for symbolic sizes n, m and k": "prove_gradient_rule",
    "the book rule for symbolic sizes n, m and k": "prove_book_rule",
    "the article rule for symbolic sizes n, m and k": "prove_article_rule",
}


@when(parsers.re(r"sympy proves (?P<what>.+)"))
def when_proof(world: World, what: str) -> None:
    from mlp_spec import proofs  # sympy is slow to import; only the scenarios that prove pay for it

    if what not in PROOFS:
        pytest.fail(f"no proof of {what!r}; known: {', '.join(PROOFS)}")
    world.values["proof"] = getattr(proofs, PROOFS[what])()


@then("each of these claims holds:")
def then_claims_hold(world: World, datatable: list[list[str]]) -> None:
    proof = world.values["proof"]
    by_claim = {check.claim: check for check in proof.checks}
    listed = [row[0].strip() for row in datatable[1:]]
    unknown = [claim for claim in listed if claim not in by_claim]
    assert not unknown, f"the proof makes no claim {unknown}; it makes {list(by_claim)}"
    failing = [claim for claim, check in by_claim.items() if not check.holds]
    assert not failing, f"these claims of {proof.title!r} do not hold: {failing}"


@then("the book's hidden errors are 1/(o(1 − o)) times the gradient's, and 1/(o(1 − o)) is at least 4")
def then_book_factor(world: World) -> None:
    (o,), _ = world.result("final outputs")
    book, _ = world.result("hidden errors (book)")
    gradient, request = world.result("hidden errors (gradient)")
    factor = 1.0 / (o * (1.0 - o))
    world.check(
        "book ÷ gradient hidden errors",
        (np.asarray(book) / np.asarray(gradient)).tolist(),
        [factor] * len(book),
        request,
        derived=True,
        tolerance=Tolerance(0.0, 1e-12),
    )
    assert factor >= 4.0, f"1/(o(1 − o)) = {factor!r} is below 4"

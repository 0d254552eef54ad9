"""The work a run does beside itself (:mod:`.beside`): sympy's (σ′, the loss gradient, the proofs and their
expressions on random networks) and the article rule's floor at 50 digits. Each function returns plain values
(text, floats, booleans, mpmath numbers), never a sympy object, so that the run's process does not import sympy.

This module imports nothing heavy itself: the processes beside are started before the run imports pytest or
numpy, and they import only sympy, mpmath and :mod:`mlp_spec.truth` for this work (:func:`.beside.warm`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlp_spec.truth.family import Floor


@dataclass(frozen=True)
class Proved:
    """What the run needs of a proof: its title and whether each claim holds (no sympy object to unpickle)."""

    title: str
    claims: dict[str, bool]


RULE_PROOFS = ("prove_gradient_rule", "prove_book_rule", "prove_article_rule")
"""The proofs that rest on one another (the article's on the book's and the gradient's): proved in one process."""


def prepare() -> None:
    """Import what the work below needs, so that it is done while the run starts."""
    from mlp_spec.truth import family, proofs, rules, symbolic  # noqa: F401


def sigmoid_difference() -> str:
    """σ′ − σ(1 − σ) as sympy derives it and then cancels it, as text."""
    import sympy

    x = sympy.Symbol("x", real=True)
    sigma = 1 / (1 + sympy.exp(-x))
    difference = sympy.diff(sigma, x) - sigma * (1 - sigma)
    # A rational function of e^(−x): bringing it over one denominator and cancelling is a proof, and fast.
    return str(sympy.cancel(sympy.together(difference)))


def loss_gradient(*values: Any) -> tuple[list[list[float]], list[list[float]]]:
    """(∂E/∂wih, ∂E/∂who) by :mod:`mlp_spec.truth.symbolic` at (wih, who, inputs, targets)."""
    from mlp_spec.truth import symbolic

    return symbolic.loss_gradient(*values)


def prove(function: str) -> Proved:
    """The proof :mod:`mlp_spec.truth.proofs` gives by ``function``, as its title and its claims' truth."""
    from mlp_spec.truth import proofs

    proof = getattr(proofs, function)()
    return Proved(proof.title, {check.claim: check.holds for check in proof.checks})


def rule_steps(rule: str, cases: list[tuple[dict[str, Any], float]]) -> list[dict[str, Any]]:
    """The proofs' own expressions for ``rule`` at 50 digits, at each (network, learning rate) of ``cases``."""
    from mlp_spec.truth import rules

    return [rules.rule_step(rule, **net, lr=lr) for net, lr in cases]


def article_floor(*values: Any) -> Floor:
    """The floor of the article rule's family at (wih, who, inputs, targets), by
    :func:`mlp_spec.truth.family.article_floor`."""
    from mlp_spec.truth import family

    return family.article_floor(*values)

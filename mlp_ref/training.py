"""The weight update: one step of training, and many.

    book, gradient:  who += learning_rate · output_deltas · hidden_outputsᵀ     (outer products)
                     wih += learning_rate · hidden_deltas · inputsᵀ
    article:         who += learning_rate · (output_deltas · hidden_outputs)   (inner products: one number)
                     wih += learning_rate · (hidden_deltas · inputs)

The article's arrays are 1-D, and ``np.dot`` of two 1-D arrays is their inner product, so its code adds one
number to every weight of a layer. The book means column vectors, whose product is the outer product.
"""

from __future__ import annotations

import numpy as np

from mlp_ref import validate
from mlp_ref.backprop import RULES, Backward, _backward, check_rule_fits
from mlp_ref.network import _forward
from mlp_ref.validate import Array


def update(
    wih: Array, who: Array, inputs: Array, back: Backward, learning_rate: float, rule: str
) -> tuple[Array, Array]:
    """New (wih, who) after one step from the errors in ``back``; the arguments are not modified."""
    with validate.overflow_checked():
        return _update(wih, who, inputs, back, learning_rate, rule)


def _update(
    wih: Array, who: Array, inputs: Array, back: Backward, learning_rate: float, rule: str
) -> tuple[Array, Array]:
    h = back.forward.hidden_outputs
    if rule == "article":
        # What np.dot does with the article's 1-D arrays: Σ_j a_j b_j, broadcast onto every weight.
        return (
            wih + learning_rate * float(np.dot(back.hidden_deltas, inputs)),
            who + learning_rate * float(np.dot(back.output_deltas, h)),
        )
    return (
        wih + learning_rate * np.outer(back.hidden_deltas, inputs),
        who + learning_rate * np.outer(back.output_deltas, h),
    )


def train(
    wih: object,
    who: object,
    inputs: object,
    targets: object,
    learning_rate: object,
    rule: object,
    steps: object = 1,
) -> tuple[Array, Array]:
    """(wih, who) after ``steps`` steps of ``rule`` on the one sample (``inputs``, ``targets``)."""
    wih_a, who_a, inputs_a = validate.network(wih, who, inputs)
    targets_a = validate.targets(targets, who_a.shape[0])
    lr = validate.learning_rate(learning_rate)
    rule_s = validate.rule(rule, RULES)
    n = validate.steps(steps)
    check_rule_fits(rule_s, wih_a, who_a)
    with validate.overflow_checked():
        for _ in range(n):
            back = _backward(who_a, targets_a, _forward(wih_a, who_a, inputs_a), rule_s)
            wih_a, who_a = _update(wih_a, who_a, inputs_a, back, lr, rule_s)
    # Once a weight is infinite it stays non-finite, so one check after the loop catches any step's overflow.
    validate.finite("learning_rate", wih_a, "training (wih)")
    validate.finite("learning_rate", who_a, "training (who)")
    return wih_a, who_a

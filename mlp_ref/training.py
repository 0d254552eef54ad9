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
from mlp_ref.validate import Array, InputError


def update(
    wih: Array, who: Array, inputs: Array, back: Backward, learning_rate: float, rule: str
) -> tuple[Array, Array]:
    """New (wih, who) after one step from the errors in ``back``; the arguments are not modified."""
    wih_a, who_a, inputs_a = validate.network(wih, who, inputs)
    lr, rule_s = validate.learning_rate(learning_rate), validate.rule(rule, RULES)
    check_rule_fits(rule_s, wih_a, who_a)
    with validate.overflow_checked():
        return _update(wih_a, who_a, inputs_a, back, lr, rule_s)


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
        for step in range(1, n + 1):
            fwd = _forward(wih_a, who_a, inputs_a)
            # An overflowed sum saturates σ and silences the deltas, so the weights alone would not show it.
            # At the first step the given weights are to blame; later, the steps the learning rate made.
            for layer, signal, what in (
                ("wih", fwd.hidden_inputs, "wih · inputs"),
                ("who", fwd.final_inputs, "who · hidden_outputs"),
            ):
                if not np.isfinite(signal).all():
                    blame = layer if step == 1 else "learning_rate"
                    raise InputError(blame, f"{what} overflows float64 at step {step}")
            back = _backward(who_a, targets_a, fwd, rule_s)
            wih_a, who_a = _update(wih_a, who_a, inputs_a, back, lr, rule_s)
    validate.finite("learning_rate", wih_a, "training (wih)")
    validate.finite("learning_rate", who_a, "training (who)")
    return wih_a, who_a

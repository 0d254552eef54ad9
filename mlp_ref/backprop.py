"""Backpropagation: how much each output and hidden node is in error, under each of the three rules.

With e = targets − final_outputs, o = final_outputs, h = hidden_outputs, ∘ the element-wise product:

    output_errors = e
    output_deltas = e ∘ o ∘ (1 − o)                      (σ′ at the output, written with σ's own values)
    hidden_errors = whoᵀ · e                             rules ``article`` and ``book`` (the book's way)
                  = whoᵀ · (e ∘ o ∘ (1 − o))             rule ``gradient`` (the chain rule, exactly)
    hidden_deltas = hidden_errors ∘ h ∘ (1 − h)

Only ``gradient`` makes −hidden_deltas·inputsᵀ the derivative of E = ½Σ(t − o)² with respect to ``wih``;
the book's hidden errors skip the output's σ′ (docs/rules.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlp_ref import validate
from mlp_ref.network import Forward, _forward
from mlp_ref.validate import Array, InputError

RULES = ("article", "book", "gradient")  # the blog post's code, Rashid's column vectors, exact descent


@dataclass(frozen=True)
class Backward:
    """The errors and deltas of one backward pass, the forward pass they came from, and the rule they follow."""

    forward: Forward
    output_errors: Array
    hidden_errors: Array
    output_deltas: Array
    hidden_deltas: Array
    rule: str


def _backward(who: Array, targets: Array, fwd: Forward, rule: str) -> Backward:
    o, h = fwd.final_outputs, fwd.hidden_outputs
    output_errors = targets - o
    output_deltas = output_errors * o * (1.0 - o)
    hidden_errors = who.T @ (output_deltas if rule == "gradient" else output_errors)
    return Backward(fwd, output_errors, hidden_errors, output_deltas, hidden_errors * h * (1.0 - h), rule)


def check_rule_fits(rule: str, wih: Array, who: Array) -> None:
    """The article's inner products need as many hidden as output nodes and as many inputs as hidden nodes."""
    if rule != "article":
        return
    (hidden, inputs), outputs = wih.shape, who.shape[0]
    if outputs != hidden:
        raise InputError("rule", f"article needs as many hidden as output nodes ({hidden} hidden, {outputs} output)")
    if inputs != hidden:
        raise InputError("rule", f"article needs as many inputs as hidden nodes ({inputs} inputs, {hidden} hidden)")


def backward(wih: object, who: object, inputs: object, targets: object, rule: object) -> Backward:
    """Forward pass, then the errors of every node under ``rule``."""
    wih_a, who_a, inputs_a = validate.network(wih, who, inputs)
    targets_a = validate.targets(targets, who_a.shape[0])
    rule_s = validate.rule(rule, RULES)
    check_rule_fits(rule_s, wih_a, who_a)
    with validate.overflow_checked():
        back = _backward(who_a, targets_a, _forward(wih_a, who_a, inputs_a), rule_s)
    validate.finite("wih", back.forward.hidden_inputs, "wih · inputs")
    validate.finite("who", back.forward.final_inputs, "who · hidden_outputs")
    validate.finite("who", back.hidden_errors, "the hidden errors' sum")
    return back

"""The network's forward pass, the matrix product it is built on, and the book's initial weights.

    hidden_inputs  = wih · inputs            hidden_outputs = σ(hidden_inputs)
    final_inputs   = who · hidden_outputs    final_outputs  = σ(final_inputs)

The order of the product matters: ``wih · inputs`` weighs input c into hidden node b by ``wih[b, c]``;
``inputs · wih`` would weigh it by ``wih[c, b]`` (the article warns against ``np.dot(I, wih)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlp_ref import validate
from mlp_ref.activation import _sigmoid
from mlp_ref.validate import Array, InputError


def matmul(a: object, b: object) -> Array:
    """The matrix product a·b of a p×q matrix ``a`` and a q×r matrix (or q-vector) ``b``.

    Entry (i, j) is Σ_l a[i, l]·b[l, j]: for the article's example, c11 = 1×5 + 2×7 = 19.
    """
    a_m, b_m = validate.matrix("a", a), validate.matrix_or_vector("b", b)
    if b_m.shape[0] != a_m.shape[1]:
        what = f"length {b_m.shape[0]} does not" if b_m.ndim == 1 else f"{b_m.shape[0]} rows do not"
        raise InputError("b", f"{what} match a's {a_m.shape[1]} columns")
    with validate.overflow_checked():
        return validate.finite("a", a_m @ b_m, "a · b")


MAX_WEIGHTS = 10_000_000  # one layer's weights for init_weights (80 MB of float64)


@dataclass(frozen=True)
class Forward:
    """Every signal of one forward pass, named as in the article."""

    hidden_inputs: Array
    hidden_outputs: Array
    final_inputs: Array
    final_outputs: Array


def _forward(wih: Array, who: Array, inputs: Array) -> Forward:
    hidden_inputs = wih @ inputs
    hidden_outputs = _sigmoid(hidden_inputs)
    final_inputs = who @ hidden_outputs
    return Forward(hidden_inputs, hidden_outputs, final_inputs, _sigmoid(final_inputs))


def forward(wih: object, who: object, inputs: object) -> Forward:
    """Propagate ``inputs`` (n) through ``wih`` (m×n) and ``who`` (k×m)."""
    net = validate.network(wih, who, inputs)
    with validate.overflow_checked():
        fwd = _forward(*net)
    validate.finite("wih", fwd.hidden_inputs, "wih · inputs")
    validate.finite("who", fwd.final_inputs, "who · hidden_outputs")
    return fwd


def query(wih: object, who: object, inputs: object) -> Array:
    """The final outputs for many samples at once: ``inputs`` is N×n, one sample a row; the result is N×k,
    row i the final outputs of sample i (as :func:`forward` gives them, up to the order of the sums)."""
    wih_a, who_a = validate.matrix("wih", wih), validate.matrix("who", who)
    inputs_a = validate.samples(inputs, wih_a, who_a)
    with validate.overflow_checked():
        hidden_inputs = inputs_a @ wih_a.T
        final_inputs = _sigmoid(hidden_inputs) @ who_a.T
    validate.finite("wih", hidden_inputs, "wih · inputs")
    validate.finite("who", final_inputs, "who · hidden_outputs")
    return _sigmoid(final_inputs)


def init_weights(inputs: int, hidden: int, outputs: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """The book's initial weights: each drawn from a normal distribution with mean 0 and standard deviation
    fan-in^(−1/2), so that a node's summed input starts neither tiny nor saturating. Returns (wih, who)."""
    for name, size in (("inputs", inputs), ("hidden", hidden), ("outputs", outputs)):
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or not 1 <= size <= validate.MAX_ENTRIES:
            limit, got = validate.MAX_ENTRIES, validate.show(size)
            raise InputError(name, f"must be a whole number from 1 to {limit} (got {got})")
    inputs, hidden, outputs = int(inputs), int(hidden), int(outputs)  # numpy's integers overflow in a product
    for name, count in (("hidden", hidden * inputs), ("outputs", outputs * hidden)):
        if count > MAX_WEIGHTS:
            raise InputError(name, f"makes a layer of {count} weights, more than the {MAX_WEIGHTS} allowed")
    if not isinstance(rng, np.random.Generator):
        raise InputError("rng", f"must be a numpy.random.Generator (got {type(rng).__name__})")
    wih = rng.normal(0.0, inputs**-0.5, (hidden, inputs))
    who = rng.normal(0.0, hidden**-0.5, (outputs, hidden))
    return wih, who

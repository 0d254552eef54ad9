"""The reference's refusals, called directly: each names the argument and the problem, with data whose rows
and columns cannot be told apart by accident (no square matrices), at the edges of every bound, and for every
sum that can overflow float64, in every pass and at every step of training."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import mlp_ref
from tests.uneven import INPUTS, TARGETS, WHO, WIH, message

BIG = 1.7e308  # two of them overflow float64 (largest 1.797e308)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([[1, 2], [3]], [1, 2], "a: ragged matrix: row 1 has 1 entries, row 0 has 2"),
        ([[1, 2, 3]], [[1, 2], [3]], "b: ragged matrix: row 1 has 1 entries, row 0 has 2"),
        ([[1, 2, 3]], [1, "x", 3], "b: entry [1] is not a number (got 'x')"),
        ([[1, 2, 3]], [], "b: must not be empty"),
        ([[1, 2, 3]], [np.array(0.5), 1, 3], "b: entry [0] is not a number (got array(0.5))"),
        ([[1, 2, 3]], [np.array([1, 2]), 3.0], "b: row 1 must be a list, got float"),
    ],
)
def test_each_argument_of_matmul_is_named(a: Any, b: Any, expected: str) -> None:
    assert message(mlp_ref.matmul, a, b) == expected


def test_the_bounds_are_inclusive_and_a_value_is_quoted_short() -> None:
    assert mlp_ref.sigmoid([0.0] * 100_000).shape == (100_000,)
    assert message(mlp_ref.sigmoid, [0.0] * 100_001) == "x: has 100001 entries, more than the 100000 allowed"
    # The largest number of steps is allowed: the refusal comes from the first step's sum, not from steps.
    wih = [[1e308, 1e308, 1e308], *WIH[1:]]
    args = (wih, WHO, [1.0, 1.0, 1.0], TARGETS, 0.1, "book")
    assert message(mlp_ref.train, *args, 1_000_000) == "wih: wih · inputs overflows float64 at step 1"
    assert message(mlp_ref.train, *args, 1_000_001).startswith("steps: must be a whole number from 1 to 1000000")
    # A value is quoted short.
    known, args = "(known: article, book, gradient)", (WIH, WHO, INPUTS, TARGETS, 0.1)
    assert message(mlp_ref.train, *args, "r" * 58) == f"rule: unknown rule '{'r' * 58}' {known}"
    assert message(mlp_ref.train, *args, "r" * 59) == f"rule: unknown rule '{'r' * 56}... {known}"
    assert message(mlp_ref.init_weights, 10**20 - 1, 1, 1, None).endswith("(got 99999999999999999999)")
    assert message(mlp_ref.init_weights, 10**20, 1, 1, None).endswith("(got an integer of 67 bits)")


# Overflow. σ saturates to exactly 1.0 beyond about 37, so a hidden layer fed 50 outputs h = 1 and passes
# no delta back (h(1 − h) = 0): the who layer alone decides what happens.
SATURATING = [[50.0, 0.0, 0.0]] * 2  # 2 hidden × 3 inputs, both h = 1 for INPUTS_1
INPUTS_1 = [1.0, 0.0, 0.0]
CANCELLING = [[BIG, -BIG]] * 3  # 3 outputs × 2 hidden: who·h = BIG − BIG = 0, but whoᵀ·e sums three BIGs


def test_each_pass_names_the_layer_whose_sum_overflows_and_training_blames_it_at_the_first_step() -> None:
    assert message(mlp_ref.forward, [[BIG, BIG, 0.0]] * 4, WHO, [1.0, 1.0, 0.0]) == (
        "wih: wih · inputs overflows float64 (a result is infinite or NaN)"
    )
    assert message(mlp_ref.forward, WIH, [[BIG, BIG, BIG, BIG]] * 2, INPUTS) == (
        "who: who · hidden_outputs overflows float64 (a result is infinite or NaN)"
    )
    assert message(mlp_ref.backward, [[BIG, BIG, 0.0]] * 4, WHO, [1.0, 1.0, 0.0], TARGETS, "book") == (
        "wih: wih · inputs overflows float64 (a result is infinite or NaN)"
    )
    # o = σ(0) = ½ and e = 0.4 at each of 3 outputs: whoᵀ·e = 3 · 0.4 · BIG overflows, though who·h did not.
    assert message(mlp_ref.backward, SATURATING, CANCELLING, INPUTS_1, [0.9] * 3, "book") == (
        "who: the hidden errors' sum overflows float64 (a result is infinite or NaN)"
    )
    # Training blames the given weights at the first step.
    assert message(mlp_ref.train, WIH, [[BIG, BIG, BIG, BIG]] * 2, INPUTS, TARGETS, 0.1, "book") == (
        "who: who · hidden_outputs overflows float64 at step 1"
    )
    # The same network as backward's above, whose hidden errors overflow before any step is taken: the given
    # who is to blame, as backward says (docs/protocol.md: learning_rate is for a later training step).
    expected = "who: the hidden errors' sum overflows float64 at step 1"
    assert message(mlp_ref.train, SATURATING, CANCELLING, INPUTS_1, [0.9] * 3, 0.1, "book") == expected
    assert message(mlp_ref.fit, SATURATING, CANCELLING, [INPUTS_1], [[0.9] * 3], 0.1, "book") == expected
    # And under the gradient's rule alone: outputs at o = ½ (e = 0.49, δ = 0.1225) take turns with outputs at
    # o = σ(1e307) = 1 (e = −0.49, δ = 0) and outputs of no weight, so whoᵀ·e cancels as it goes, in whatever
    # order BLAS adds (in turn, or every 2nd, 4th or 8th term first), but whoᵀ·δ sums ten 0.1225 · BIG (2.08e308).
    who, targets = [[BIG, -BIG], [BIG, -1.6e308], [0.0, 0.0]] * 10, [0.99, 0.51, 0.5] * 10
    assert np.isfinite(mlp_ref.backward(SATURATING, who, INPUTS_1, targets, "book").hidden_errors).all()
    assert message(mlp_ref.train, SATURATING, who, INPUTS_1, targets, 0.1, "gradient") == expected


def test_training_blames_the_learning_rate_for_later_steps_and_weights_that_overflow() -> None:
    # Step 1 is finite but moves wih by lr·δ·I ≈ 1e308 an entry: step 2's wih · inputs overflows.
    big_step = (WIH, [[5.0] * 4] * 2, INPUTS, [0.3, 0.4], 1e308, "book", 2)
    assert message(mlp_ref.train, *big_step) == "learning_rate: wih · inputs overflows float64 at step 2"
    # wih cannot move (h = 1); who·h = BIG − BIG = 0, so o = ½, δ = 0.1, and step 1 adds lr·δ = 1e307 to
    # every weight of who: BIG + 1e307 is past float64, and step 2's who · hidden_outputs is not a number.
    args = (SATURATING, CANCELLING[:2], INPUTS_1, [0.9, 0.9], 1e308, "book", 3)
    assert message(mlp_ref.train, *args) == "learning_rate: who · hidden_outputs overflows float64 at step 2"
    # In one step: the weights themselves are past float64 when training ends.
    assert message(mlp_ref.train, SATURATING, CANCELLING[:2], INPUTS_1, [0.9, 0.1], 1e308, "book") == (
        "learning_rate: training (who) overflows float64 (a result is infinite or NaN)"
    )
    # The article's step that overflows blames the learning rate, not the weights it overwrote.
    # wih · inputs is 0 for these weights (inputs [0, 1, 1]), but the article adds lr·(δ·I) ≈ 1e308 to every
    # weight of wih, and 1.7e308 + that is past float64: numpy writes inf into wih before it raises.
    wih, who = [[1.7e308, 0, 0], [0, 0, 0], [0, 0, 0]], [[0.1, 0.2, 0.3]] * 3
    expected = "learning_rate: the weights' update overflows float64 at step 1"
    assert message(mlp_ref.train, wih, who, [0, 1, 1], [0.9] * 3, 1e308, "article") == expected
    assert message(mlp_ref.fit, wih, who, [[0, 1, 1]], [[0.9] * 3], 1e308, "article") == expected


def test_the_edges_a_hostile_caller_finds_are_named() -> None:
    """Null targets for fit (a query's data set has none), a matrix wider than the limit, numpy integer sizes
    whose product would overflow, and a masked array whose hidden entries would be used; rows that are numpy
    arrays are fine, and so is a caller whose numpy raises on underflow."""
    data = [[0.8, 0.2, 0.7]]
    assert message(mlp_ref.fit, WIH, WHO, data, None, 0.1, "book") == "targets: must be a list, got NoneType"
    wide = [[0.1] * 100_001]
    assert message(mlp_ref.forward, wide, WHO, [0.5] * 100_001) == (
        "wih: row 0 has 100001 entries, more than the 100000 allowed"
    )
    assert message(mlp_ref.forward, np.full((1, 100_001), 0.1), WHO, [0.5] * 100_001).startswith("wih: row 0 has")
    # A row that is a tuple takes the careful path, where the bound is inclusive too: 100,000 halves make 50,000.
    assert mlp_ref.matmul([(1.0,) * 100_000], [0.5] * 100_000).tolist() == [50_000.0]
    size = np.int16(4000)
    assert message(mlp_ref.init_weights, size, size, 3, np.random.default_rng(0)) == (
        "hidden: makes a layer of 16000000 weights, more than the 10000000 allowed"
    )
    masked = np.ma.masked_array(WIH, mask=np.eye(len(WIH), len(WIH[0]), dtype=bool))
    assert message(mlp_ref.forward, masked, WHO, INPUTS) == (
        "wih: is a masked array: fill its masked entries first (numpy.ma.filled)"
    )
    assert message(mlp_ref.forward, WIH, WHO, np.ma.masked_array(INPUTS, mask=[0, 1, 0])) == (
        "inputs: is a masked array: fill its masked entries first (numpy.ma.filled)"
    )
    rows = [np.array(row) for row in WIH]  # but rows may be numpy arrays
    assert np.array_equal(
        mlp_ref.forward(rows, WHO, INPUTS).final_outputs, mlp_ref.forward(WIH, WHO, INPUTS).final_outputs
    )
    # h = σ(−708) ≈ 3.3e-308, and who · h underflows to subnormal numbers: neither a pass nor training may take
    # that for an error, even where the caller has numpy raise on underflow.
    tiny = ([[-708.0, 0.0, 0.0]] * 4, WHO, [1.0, 0.0, 0.0], TARGETS, 0.1, "book")
    with np.errstate(under="raise"):
        trained = mlp_ref.train(*tiny)
        forward = mlp_ref.forward(*tiny[:3])
    assert all(np.array_equal(a, b) for a, b in zip(trained, mlp_ref.train(*tiny), strict=True))
    assert np.array_equal(forward.final_outputs, mlp_ref.forward(*tiny[:3]).final_outputs)


def test_a_request_of_more_work_than_the_budget_is_refused_by_the_argument_that_asks_for_it() -> None:
    wih, who = np.full((300, 300), 0.01), np.full((300, 300), 0.01)
    sample, target = [0.5] * 300, [0.5] * 300
    assert message(mlp_ref.train, wih, who, sample, target, 0.1, "book", 55_556) == (
        "steps: asks for 10,000,080,000 weight updates, more than the 10,000,000,000 allowed"
    )
    assert message(mlp_ref.fit, wih, who, [sample] * 100, [target] * 100, 0.1, "book", 556) == (
        "epochs: asks for 10,008,000,000 weight updates, more than the 10,000,000,000 allowed"
    )
    # Exactly the budget (a million steps of 5,000 + 5,000 weights) is allowed: step 1's sum refuses it.
    wih, who = np.full((50, 100), 1e308), np.full((100, 50), 0.01)
    assert message(mlp_ref.train, wih, who, [1.0] * 100, [0.5] * 100, 0.1, "book", 1_000_000) == (
        "wih: wih · inputs overflows float64 at step 1"
    )

"""The reference's messages, word for word: each names the argument and the problem."""

from __future__ import annotations

import sys
from typing import Any

import mpmath
import numpy as np
import pytest

import mlp_ref
from mlp_spec.harness import adapter, protocol
from tests.uneven import OUTSIDE, message

WIH = [[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]]
WHO = [[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]]
I = [0.8, 0.2, 0.7]
T = [0.5, 0.99, 0.6]
TRAIN = {"wih": WIH, "who": WHO, "inputs": I, "targets": T, "learning_rate": 0.1, "rule": "book"}


def rejected(op: str, **change: Any) -> str:
    """The message for ``op`` on a valid request with ``change`` made to it."""
    given = {**TRAIN, "a": WIH, "b": I, "x": I} | change
    args = {name: value for name, value in given.items() if name in protocol.ARGS.get(op, ()) or name in change}
    return message(adapter.handle, op, args)


@pytest.mark.parametrize(
    ("op", "change", "message"),
    [
        ("forward", {"wih": []}, "wih: must not be empty"),
        ("forward", {"who": [[], [], []]}, "who: row 0 is empty"),
        ("forward", {"who": 0.5}, "who: must be a list, got float"),
        ("forward", {"who": [0.1, 0.2, 0.3]}, "who: row 0 must be a list, got float"),
        ("forward", {"who": [[0.1, 0.3], [0.2, 0.9]]}, "who: 2 columns do not match wih's 3 rows"),
        ("forward", {"inputs": [0.8, "NaN", 0.7]}, "inputs: entry [1] is NaN"),
        (
            "forward",
            {"wih": [[0.8, 0.2, 0.3], [0.3, "Infinity", 0.1], [0.2, 0.4, 0.5]]},
            "wih: entry [1][1] is infinite",
        ),
        ("forward", {"inputs": [0.8, "0.2", 0.7]}, "inputs: entry [1] is not a number (got '0.2')"),
        ("forward", {"inputs": [0.8, None, 0.7]}, "inputs: entry [1] is not a number (got None)"),
        ("sigmoid", {"x": [True]}, "x: entry [0] is not a number (got True)"),
        ("sigmoid", {"x": [0, "-Infinity"]}, "x: entry [1] is infinite"),
        ("matmul", {"b": [1, 2]}, "b: length 2 does not match a's 3 columns"),
        ("matmul", {"b": [[1, 2, 3, 4], [5, 6, 7, 8]]}, "b: 2 rows do not match a's 3 columns"),
        ("backward", {"targets": [0.5, 0.99]}, "targets: length 2 does not match who's 3 rows"),
        ("backward", {"targets": [0.5, None, 0.6]}, "targets: entry [1] is not a number (got None)"),
        ("train", {"targets": [0.5, 1, 0.6]}, f"targets: entry [1] is 1.0{OUTSIDE}"),
        ("train", {"learning_rate": 0}, "learning_rate: must be a finite number > 0 (got 0)"),
        ("train", {"learning_rate": "0.1"}, "learning_rate: must be a finite number > 0 (got '0.1')"),
        ("train", {"learning_rate": "NaN"}, "learning_rate: must be a finite number > 0 (got 'NaN')"),
        ("train", {"steps": 2.5}, "steps: must be a whole number from 1 to 1000000 (got 2.5)"),
        ("train", {"steps": True}, "steps: must be a whole number from 1 to 1000000 (got True)"),
        ("train", {"steps": 10**6 + 1}, "steps: must be a whole number from 1 to 1000000 (got 1000001)"),
        ("train", {"rule": None}, "rule: unknown rule None (known: article, book, gradient)"),
        ("predict", {}, "op: unknown op 'predict' (known: matmul, sigmoid, forward, backward, train, query, fit)"),
        (
            "train",
            {"step": 10},
            "step: unknown argument of train (known: wih, who, inputs, targets, learning_rate, rule, steps)",
        ),
        ("sigmoid", {"x": [10**400]}, "x: entry [0] is too large for float64"),
        (
            "train",
            {"learning_rate": 10**400},
            "learning_rate: must be a finite number > 0 (got an integer of 1329 bits)",
        ),
        (
            "train",
            {"steps": 10**5000},
            "steps: must be a whole number from 1 to 1000000 (got an integer of 16610 bits)",
        ),
        ("sigmoid", {"x": [0.0] * 100_001}, "x: has 100001 entries, more than the 100000 allowed"),
        (
            "backward",
            {"who": [[1e308] * 3] * 3, "rule": "gradient"},
            "who: who · hidden_outputs overflows float64 (a result is infinite or NaN)",
        ),
        (
            "train",
            {"wih": [[1e308] * 3, [0.1] * 3, [0.1] * 3], "inputs": [1.0, 1.0, 1.0]},
            "wih: wih · inputs overflows float64 at step 1",
        ),
        (
            "train",
            {"wih": [[0.0] * 3] * 3, "who": [[1.0] * 3] * 3, "inputs": [1.7e308, 0, 0], "learning_rate": 1e10},
            "learning_rate: training (wih) overflows float64 (a result is infinite or NaN)",
        ),
        (
            "train",
            {"wih": [[0.8, 0.2]] * 3, "inputs": [0.8, 0.2], "rule": "article"},
            "rule: article needs as many inputs as hidden nodes (2 inputs, 3 hidden)",
        ),
    ],
)
def test_message(op: str, change: dict[str, Any], message: str) -> None:
    assert rejected(op, **change) == message


def test_missing_arguments_whole_steps_as_floats_overflow_and_numpy_input() -> None:
    # A missing argument is named, and whole steps written as floats are accepted.
    with pytest.raises(mlp_ref.InputError, match=r"^learning_rate: missing$"):
        adapter.handle("train", {k: v for k, v in TRAIN.items() if k != "learning_rate"})
    assert adapter.handle("train", TRAIN | {"steps": 2.0}) == adapter.handle("train", TRAIN | {"steps": 2})
    # Left out, steps and epochs are 1; args that are no object are named.
    once, twice = adapter.handle("train", TRAIN | {"steps": 1}), adapter.handle("train", TRAIN | {"steps": 2})
    assert adapter.handle("train", TRAIN) == once != twice
    fit = TRAIN | {"inputs": [I], "targets": [T]}
    assert adapter.handle("fit", fit) == adapter.handle("fit", fit | {"epochs": 1}) == once
    with pytest.raises(mlp_ref.InputError, match=r"^args: must be an object, got list$"):
        adapter.handle("sigmoid", [I])
    # Overflow is an error, not a number.
    with pytest.raises(mlp_ref.InputError, match=r"^wih: wih · inputs overflows float64"):
        mlp_ref.forward([[1e308, 1e308, -1e308, -1e308]], [[1.0]], [1, 1, 1, 1])
    with pytest.raises(mlp_ref.InputError, match=r"^a: a · b overflows float64"):
        mlp_ref.matmul([[1e308, 1e308]], [1.0, 1.0])
    # numpy input is accepted, and numpy's bools are not numbers
    assert mlp_ref.sigmoid(np.array([0.0])).tolist() == [0.5]
    with pytest.raises(mlp_ref.InputError, match=r"^x: entry \[0\] is not a number"):
        mlp_ref.sigmoid([np.bool_(True)])


def test_the_arithmetic_of_the_overflow_examples_holds_at_50_digits() -> None:
    """What the prose of features/20's reject.training-overflow says of its numbers, computed with mpmath."""
    with mpmath.workdps(50):
        largest, big = mpmath.mpf(sys.float_info.max), mpmath.mpf(1.7e308)
        assert big < largest < 2 * big, "two of them add past float64's largest number"
        assert float(1 / (1 + mpmath.exp(-50))) == 1.0, "σ(50) is 1 in float64, so h(1 − h) = 0"
        e = mpmath.mpf(0.99) - mpmath.mpf(0.5)  # exact in float64 too: 0.99 and ½ are within a factor of two
        assert 10 * big * e > largest, "ten terms of whoᵀ·e pass it"
        assert 10 * big * (e / 4) > largest, "and ten of whoᵀ·(e∘o∘(1−o)), with o = ½"
        assert 3 * big * (e / 4) < largest, "three would not: the gradient's rule needs the ten outputs"

"""Checks that need no algebra, over many networks: hypothesis draws the shapes and values (derandomized,
so every run draws the same), and each rule is held to what it claims to be.

- gradient: its step is −lr·∂E/∂W, by central finite differences of E;
- book: its who step is −lr·∂E/∂who and its wih step is −lr·∂C/∂wih (C the binary cross-entropy);
- input validation: whatever is passed, the answer is a result or an ``InputError`` naming an argument.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mlp_ref
from mlp_spec.harness import adapter
from mlp_spec.truth.compare import Tolerance, compare

PROFILE = settings(derandomize=True, max_examples=40, deadline=None, database=None)
size = st.integers(1, 4)
weight = st.floats(-2.0, 2.0, allow_nan=False, allow_subnormal=False)
unit = st.floats(0.05, 0.95)


@st.composite
def networks(draw: st.DrawFn, square: bool = False) -> dict[str, Any]:
    n = draw(size)
    m, k = (n, n) if square else (draw(size), draw(size))
    return {
        "wih": draw(st.lists(st.lists(weight, min_size=n, max_size=n), min_size=m, max_size=m)),
        "who": draw(st.lists(st.lists(weight, min_size=m, max_size=m), min_size=k, max_size=k)),
        "inputs": draw(st.lists(weight, min_size=n, max_size=n)),
        "targets": draw(st.lists(unit, min_size=k, max_size=k)),
    }


def squared_error(net: dict[str, Any]) -> float:
    o = mlp_ref.forward(net["wih"], net["who"], net["inputs"]).final_outputs
    return float(0.5 * np.sum((np.asarray(net["targets"]) - o) ** 2))


def cross_entropy(net: dict[str, Any]) -> float:
    o = mlp_ref.forward(net["wih"], net["who"], net["inputs"]).final_outputs
    t = np.asarray(net["targets"])
    return float(-np.sum(t * np.log(o) + (1 - t) * np.log(1 - o)))


def central_differences(loss: Callable[[dict[str, Any]], float], net: dict[str, Any], layer: str) -> np.ndarray:
    """∂loss/∂layer, each entry (loss(w + h) − loss(w − h)) / 2h."""
    weights = np.asarray(net[layer], dtype=float)
    gradient = np.zeros_like(weights)
    h = 1e-6
    for index in np.ndindex(weights.shape):
        around = []
        for sign in (1, -1):
            moved = weights.copy()
            moved[index] += sign * h
            around.append(loss(net | {layer: moved.tolist()}))
        gradient[index] = (around[0] - around[1]) / (2 * h)
    return gradient


def step(net: dict[str, Any], rule: str, lr: float = 0.5) -> dict[str, np.ndarray]:
    wih, who = mlp_ref.train(net["wih"], net["who"], net["inputs"], net["targets"], lr, rule)
    return {"wih": (wih - np.asarray(net["wih"])) / -lr, "who": (who - np.asarray(net["who"])) / -lr}


# Central differences at h = 1e-6 are good to about 1e-9 here (truncation h², rounding 1e-16/h).
FINITE_DIFFERENCE = Tolerance(atol=1e-8, rtol=1e-6)


@PROFILE
@given(networks())
def test_the_gradient_rule_steps_down_the_squared_error(net: dict[str, Any]) -> None:
    descent = step(net, "gradient")
    for layer in ("wih", "who"):
        fd = central_differences(squared_error, net, layer)
        assert compare(layer, descent[layer], fd, FINITE_DIFFERENCE).ok, layer


@PROFILE
@given(networks())
def test_the_book_rule_steps_down_E_in_who_and_the_cross_entropy_in_wih(net: dict[str, Any]) -> None:
    descent = step(net, "book")
    assert compare("who", descent["who"], central_differences(squared_error, net, "who"), FINITE_DIFFERENCE).ok
    assert compare("wih", descent["wih"], central_differences(cross_entropy, net, "wih"), FINITE_DIFFERENCE).ok


@PROFILE
@given(networks(square=True))
def test_the_article_rule_adds_one_number_to_every_weight_of_a_layer(net: dict[str, Any]) -> None:
    descent = step(net, "article")
    for layer in ("wih", "who"):
        assert np.ptp(descent[layer]) <= 1e-12 * max(1.0, float(np.abs(descent[layer]).max())), layer


junk = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-3, 3) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=8,
)
ARGUMENTS = ("a", "b", "x", "wih", "who", "inputs", "targets", "learning_rate", "rule", "steps")


@settings(derandomize=True, max_examples=150, deadline=None, database=None)
@given(st.sampled_from(adapter.OPS), st.dictionaries(st.sampled_from(ARGUMENTS), junk, max_size=7))
def test_any_input_gets_a_result_or_an_error_naming_an_argument(op: str, args: dict[str, Any]) -> None:
    rejection: mlp_ref.InputError | None = None
    try:
        result = adapter.handle(op, args | {"steps": 1} if op == "train" and "steps" not in args else args)
    except mlp_ref.InputError as error:
        rejection = error
    if rejection is not None:
        assert rejection.argument in ARGUMENTS, str(rejection)
        assert str(rejection).startswith(f"{rejection.argument}: ")
        return
    flat = np.concatenate([np.ravel(v) for v in result.values()])
    assert all(math.isfinite(x) for x in flat), "a result must be finite numbers"

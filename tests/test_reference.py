"""The reference beyond the article's one network: any layer sizes, the book's initialisation, and its
answers against the 50-digit engine (which shares no code with it)."""

from __future__ import annotations

import numpy as np
import pytest

import mlp_ref
from mlp_spec.truth import exact
from mlp_spec.truth.compare import Tolerance, compare

SHAPES = [(1, 1, 1), (4, 3, 2), (2, 5, 3), (6, 6, 6)]


def network(
    rng: np.random.Generator, n: int, m: int, k: int
) -> tuple[np.ndarray, np.ndarray, list[float], list[float]]:
    wih, who = mlp_ref.init_weights(n, m, k, rng)
    return wih, who, rng.uniform(-1, 1, n).tolist(), rng.uniform(0.05, 0.95, k).tolist()


CASES = [(rule, *shape) for rule in ("book", "gradient") for shape in SHAPES] + [
    ("article", n, n, n)
    for n in (1, 3, 6)  # the article's inner products need n = m = k; see below
]


@pytest.mark.parametrize(("rule", "n", "m", "k"), CASES)
def test_any_size_against_the_exact_engine(rule: str, n: int, m: int, k: int) -> None:
    rng = np.random.default_rng(n * 100 + m * 10 + k)
    wih, who, inputs, targets = network(rng, n, m, k)
    args = {
        "wih": wih.tolist(),
        "who": who.tolist(),
        "inputs": inputs,
        "targets": targets,
        "learning_rate": 0.3,
        "rule": rule,
        "steps": 5,
    }
    want = exact.to_float(exact.handle("train", args))
    got_wih, got_who = mlp_ref.train(wih, who, inputs, targets, 0.3, rule, 5)
    tolerance = Tolerance(1e-15, 1e-13)
    assert compare("wih", got_wih, want["wih"], tolerance).ok
    assert compare("who", got_who, want["who"], tolerance).ok
    fwd = mlp_ref.forward(wih, who, inputs)
    want_fwd = exact.to_float(exact.handle("forward", args))
    for name, value in want_fwd.items():
        assert compare(name, getattr(fwd, name), value, tolerance).ok, name


def test_article_rule_needs_a_square_network() -> None:
    wih, who, inputs, targets = network(np.random.default_rng(1), 4, 3, 2)
    with pytest.raises(mlp_ref.InputError, match=r"^rule: article needs as many hidden as output nodes"):
        mlp_ref.train(wih, who, inputs, targets, 0.1, "article")
    wih, who, inputs, targets = network(np.random.default_rng(1), 4, 3, 3)
    with pytest.raises(mlp_ref.InputError, match=r"^rule: article needs as many inputs as hidden nodes"):
        mlp_ref.backward(wih, who, inputs, targets, "article")


def test_init_weights_follows_the_book() -> None:
    wih, who = mlp_ref.init_weights(400, 100, 10, np.random.default_rng(7))
    assert wih.shape == (100, 400) and who.shape == (10, 100)
    # Standard deviation fan-in^(-1/2): 1/20 and 1/10, within sampling error of 40,000 and 1,000 draws.
    assert abs(wih.std() - 400**-0.5) < 0.002
    assert abs(who.std() - 100**-0.5) < 0.01
    again, _ = mlp_ref.init_weights(400, 100, 10, np.random.default_rng(7))
    assert np.array_equal(wih, again), "the same seed gives the same weights"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 3, 3), "inputs: must be a whole number from 1 to 100000 (got 0)"),
        ((3, 2.0, 3), "hidden: must be a whole number from 1 to 100000 (got 2.0)"),
        ((3, 3, True), "outputs: must be a whole number from 1 to 100000 (got True)"),
        ((10**400, 3, 3), "inputs: must be a whole number from 1 to 100000 (got an integer of 1329 bits)"),
        ((100_000, 100_000, 3), "hidden: makes a layer of 10000000000 weights, more than the 10000000 allowed"),
    ],
)
def test_init_weights_rejects_bad_sizes(args: tuple[object, object, object], message: str) -> None:
    with pytest.raises(mlp_ref.InputError) as error:
        mlp_ref.init_weights(*args, np.random.default_rng(0))  # type: ignore[arg-type]
    assert str(error.value) == message


def test_init_weights_rejects_a_legacy_seed() -> None:
    with pytest.raises(mlp_ref.InputError, match=r"^rng: must be a numpy.random.Generator"):
        mlp_ref.init_weights(3, 3, 3, 42)  # type: ignore[arg-type]


def test_functions_do_not_modify_their_arguments() -> None:
    wih = np.array([[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]])
    who = np.array([[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]])
    before = wih.copy(), who.copy()
    mlp_ref.train(wih, who, [0.8, 0.2, 0.7], [0.5, 0.99, 0.6], 0.1, "book", 3)
    assert np.array_equal(wih, before[0]) and np.array_equal(who, before[1])

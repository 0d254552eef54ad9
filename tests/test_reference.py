"""The reference beyond the article's one network: any layer sizes, the book's initialisation, and its
answers against the 50-digit engine (which shares no code with it)."""

from __future__ import annotations

import numpy as np
import pytest

import mlp_ref
from mlp_spec.truth import exact
from mlp_spec.truth.compare import Tolerance, compare
from tests.uneven import INPUTS, TARGETS, WHO, WIH, message

SHAPES = [(1, 1, 1), (4, 3, 2), (2, 5, 3), (6, 6, 6)]
CLOSE = Tolerance(1e-15, 1e-13)


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
    args = {"wih": wih.tolist(), "who": who.tolist(), "inputs": inputs, "targets": targets}
    args |= {"learning_rate": 0.3, "rule": rule, "steps": 5}
    want = exact.to_float(exact.handle("train", args))
    got_wih, got_who = mlp_ref.train(wih, who, inputs, targets, 0.3, rule, 5)
    assert compare("wih", got_wih, want["wih"], CLOSE).ok
    assert compare("who", got_who, want["who"], CLOSE).ok
    fwd = mlp_ref.forward(wih, who, inputs)
    want_fwd = exact.to_float(exact.handle("forward", args))
    for name, value in want_fwd.items():
        assert compare(name, getattr(fwd, name), value, CLOSE).ok, name


def test_article_rule_needs_a_square_network() -> None:
    wih, who, inputs, targets = network(np.random.default_rng(1), 4, 3, 2)
    with pytest.raises(mlp_ref.InputError, match=r"^rule: article needs as many hidden as output nodes"):
        mlp_ref.train(wih, who, inputs, targets, 0.1, "article")
    wih, who, inputs, targets = network(np.random.default_rng(1), 4, 3, 3)
    with pytest.raises(mlp_ref.InputError, match=r"^rule: article needs as many inputs as hidden nodes"):
        mlp_ref.backward(wih, who, inputs, targets, "article")


def test_init_weights_follows_the_book_within_its_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    wih, who = mlp_ref.init_weights(400, 100, 10, np.random.default_rng(7))
    assert wih.shape == (100, 400) and who.shape == (10, 100)
    # Standard deviation fan-in^(-1/2): 1/20 and 1/10, within sampling error of 40,000 and 1,000 draws.
    assert abs(wih.std() - 400**-0.5) < 0.002
    assert abs(who.std() - 100**-0.5) < 0.01
    # Mean 0: within 8 standard errors (fan-in^(-1/2) / √draws) of 40,000 and 1,000 draws.
    assert abs(wih.mean()) < 8 * 400**-0.5 / 200 and abs(who.mean()) < 8 * 100**-0.5 / 1000**0.5
    again, _ = mlp_ref.init_weights(400, 100, 10, np.random.default_rng(7))
    assert np.array_equal(wih, again), "the same seed gives the same weights"
    # A layer of exactly the bound is allowed; one more weight is not. (Drawn under a bound of 12: at the real
    # one, ten million draws cost a quarter of a second and tell nothing more.)
    with monkeypatch.context() as bound:
        bound.setattr(mlp_ref.network, "MAX_WEIGHTS", 12)
        wih, who = mlp_ref.init_weights(4, 3, 4, np.random.default_rng(0))
        assert wih.shape == (3, 4) and who.shape == (4, 3)
        with pytest.raises(mlp_ref.InputError, match=r"^hidden: makes a layer of 15 weights, more than the 12 "):
            mlp_ref.init_weights(5, 3, 1, np.random.default_rng(0))
        with pytest.raises(mlp_ref.InputError, match=r"^outputs: makes a layer of 13 weights, more than the 12 "):
            mlp_ref.init_weights(1, 1, 13, np.random.default_rng(0))
    assert message(mlp_ref.init_weights, 3, 3, 3, 42) == "rng: must be a numpy.random.Generator (got int)"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((0, 3, 3), "inputs: must be a whole number from 1 to 100000 (got 0)"),
        ((3, 2.0, 3), "hidden: must be a whole number from 1 to 100000 (got 2.0)"),
        ((3, 3, True), "outputs: must be a whole number from 1 to 100000 (got True)"),
        ((10**400, 3, 3), "inputs: must be a whole number from 1 to 100000 (got an integer of 1329 bits)"),
        ((100_000, 100_000, 3), "hidden: makes a layer of 10000000000 weights, more than the 10000000 allowed"),
        ((1, 100_000, 101), "outputs: makes a layer of 10100000 weights, more than the 10000000 allowed"),
    ],
)
def test_init_weights_rejects_bad_sizes(args: tuple[object, object, object], said: str) -> None:
    assert message(mlp_ref.init_weights, *args, np.random.default_rng(0)) == said


def test_functions_do_not_modify_their_arguments() -> None:
    wih = np.array([[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]])
    who = np.array([[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]])
    before = wih.copy(), who.copy()
    mlp_ref.train(wih, who, [0.8, 0.2, 0.7], [0.5, 0.99, 0.6], 0.1, "book", 3)
    assert np.array_equal(wih, before[0]) and np.array_equal(who, before[1])


def test_sigmoid_derivative_is_sigma_times_one_minus_sigma() -> None:
    import mpmath

    x = [-30.0, -2.5, 0.0, 0.75, 4.0]
    with mpmath.workdps(50):
        want = [float(s * (1 - s)) for s in (1 / (1 + mpmath.exp(-mpmath.mpf(v))) for v in x)]
    got = mlp_ref.sigmoid_derivative(x)
    assert got.dtype == np.float64 and got.shape == (5,)
    assert compare("σ′", got, want, Tolerance(1e-17, 1e-13)).ok, (got.tolist(), want)
    assert mlp_ref.sigmoid_derivative([0.0]).tolist() == [0.25]
    assert message(mlp_ref.sigmoid_derivative, []) == "x: must not be empty"


def test_backward_gives_every_error_and_delta_of_a_non_square_network() -> None:
    for rule in ("book", "gradient"):
        args = {"wih": WIH, "who": WHO, "inputs": INPUTS, "targets": TARGETS, "rule": rule}
        want = exact.to_float(exact.handle("backward", args))
        fwd = exact.to_float(exact.handle("forward", args))
        back = mlp_ref.backward(WIH, WHO, INPUTS, TARGETS, rule)
        assert back.output_errors.shape == (2,) and back.hidden_errors.shape == (4,)
        assert compare("output_errors", back.output_errors, want["output_errors"], CLOSE).ok
        assert compare("hidden_errors", back.hidden_errors, want["hidden_errors"], CLOSE).ok
        o, h = np.array(fwd["final_outputs"]), np.array(fwd["hidden_outputs"])
        deltas = np.array(want["output_errors"]) * o * (1 - o)
        assert compare("output_deltas", back.output_deltas, deltas, CLOSE).ok
        hidden = np.array(want["hidden_errors"]) * h * (1 - h)
        assert compare("hidden_deltas", back.hidden_deltas, hidden, CLOSE).ok
        assert compare("final_outputs", back.forward.final_outputs, o, CLOSE).ok


@pytest.mark.parametrize(("rule", "shape"), [("book", (3, 4, 2)), ("gradient", (3, 4, 2)), ("article", (3, 3, 3))])
def test_update_is_one_training_step(rule: str, shape: tuple[int, int, int]) -> None:
    wih, who, inputs, targets = network(np.random.default_rng(sum(shape)), *shape)
    if shape == (3, 4, 2):
        wih, who, inputs, targets = np.array(WIH), np.array(WHO), INPUTS, TARGETS
    before = wih.copy(), who.copy()
    back = mlp_ref.backward(wih, who, inputs, targets, rule)
    new_wih, new_who = mlp_ref.update(wih, who, inputs, back, 0.3, rule)
    args = {"wih": wih.tolist(), "who": who.tolist(), "inputs": list(inputs), "targets": list(targets)}
    want = exact.to_float(exact.handle("train", args | {"learning_rate": 0.3, "rule": rule, "steps": 1}))
    assert new_wih.shape == wih.shape and new_who.shape == who.shape
    assert compare("wih", new_wih, want["wih"], CLOSE).ok and compare("who", new_who, want["who"], CLOSE).ok
    # The same step as train's, to within its rounding.
    trained = mlp_ref.train(wih, who, inputs, targets, 0.3, rule)
    assert compare("wih", new_wih, trained[0], CLOSE).ok and compare("who", new_who, trained[1], CLOSE).ok
    assert not np.array_equal(new_wih, wih) and not np.array_equal(new_who, who)
    assert np.array_equal(wih, before[0]) and np.array_equal(who, before[1]), "update modified its arguments"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"wih": [[0.9, -0.3, 0.4], [0.2, 0.8]]}, "wih: ragged matrix: row 1 has 2 entries, row 0 has 3"),
        ({"who": [[0.5, -0.4, 0.3], [-0.7, 0.2, 0.6]]}, "who: 3 columns do not match wih's 4 rows"),
        ({"inputs": [0.8, -0.2]}, "inputs: length 2 does not match wih's 3 columns"),
        ({"learning_rate": 0.0}, "learning_rate: must be a finite number > 0 (got 0.0)"),
        ({"rule": "Book"}, "rule: unknown rule 'Book' (known: article, book, gradient)"),
        ({"rule": "article"}, "rule: article needs as many hidden as output nodes (4 hidden, 2 output)"),
    ],
)
def test_update_rejects_bad_input_by_name(change: dict[str, object], said: str) -> None:
    back = mlp_ref.backward(WIH, WHO, INPUTS, TARGETS, "book")
    args = {"wih": WIH, "who": WHO, "inputs": INPUTS, "back": back, "learning_rate": 0.1, "rule": "book"} | change
    assert message(mlp_ref.update, *args.values()) == said


def test_update_takes_only_the_backward_pass_of_its_own_network_and_rule_and_names_an_overflow() -> None:
    """A ``back`` of a smaller network would be broadcast onto the weights by numpy, and one of another rule
    would give that rule's step under this one's name: both look like a step, so both are refused."""
    book = mlp_ref.backward(WIH, WHO, INPUTS, TARGETS, "book")
    one_hidden = mlp_ref.backward([WIH[0]], [[0.5], [-0.7]], INPUTS, TARGETS, "book")
    refusals = [
        (book, "gradient", "back: is the book rule's backward pass, not the gradient rule's"),
        (one_hidden, "book", "back: is for 1 hidden and 2 output nodes, not wih's 4 and who's 2"),
        ("book", "book", "back: must be what backward() returns, got str"),
    ]
    for back, rule, said in refusals:
        assert message(mlp_ref.update, WIH, WHO, INPUTS, back, 0.3, rule) == said
    # An update that overflows names the learning rate. Tiny weights on huge inputs make an ordinary forward
    # pass (wih · inputs = 3), and a step of 1e10 times a delta times 1e300 goes past float64: no weight may
    # come back infinite.
    wih, inputs = [[1e-300] * 3] * 4, [1e300] * 3
    back = mlp_ref.backward(wih, WHO, inputs, TARGETS, "book")
    said = "learning_rate: the weights' update overflows float64 (a result is infinite or NaN)"
    assert message(mlp_ref.update, wih, WHO, inputs, back, 1e10, "book") == said
    assert np.isfinite(mlp_ref.update(wih, WHO, inputs, back, 1e-10, "book")[0]).all()
    # who alone: inputs of 0 leave wih as it is, and a weight near float64's largest is pushed past it.
    who, zeros = [[1.79e308, -1.79e308, 0.0, 0.0], [0.1, 0.2, 0.3, 0.4]], [0.0, 0.0, 0.0]
    back = mlp_ref.backward(WIH, who, zeros, [0.99, 0.5], "book")
    assert message(mlp_ref.update, WIH, who, zeros, back, 1.7e308, "book") == said

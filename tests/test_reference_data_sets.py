"""The reference on data sets, called directly: query and fit against the 50-digit engine, every refusal by
name with shapes that cannot be confused (3 inputs, 4 hidden, 2 outputs, 2 or 3 samples), and the forms a
matrix may take (lists, numpy arrays in either memory order, whole numbers) giving one answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import mlp_ref
from mlp_ref import validate
from mlp_spec.truth import exact
from mlp_spec.truth.compare import Tolerance, compare
from tests.uneven import OUTSIDE, WHO, WIH, message

INPUTS = [[0.8, -0.2, 0.7], [0.1, 0.9, 0.4]]  # 2 samples
TARGETS = [[0.3, 0.9], [0.6, 0.2]]
CLOSE = Tolerance(1e-15, 1e-13)


def test_query_answers_each_sample_as_forward_does() -> None:
    got = mlp_ref.query(WIH, WHO, INPUTS)
    want = exact.to_float(exact.handle("query", {"wih": WIH, "who": WHO, "inputs": INPUTS}))["final_outputs"]
    assert got.shape == (2, 2) and compare("final_outputs", got, want, CLOSE).ok


@pytest.mark.parametrize(("rule", "epochs"), [("book", 1), ("gradient", 3), ("article", 2)])
def test_fit_is_epochs_passes_of_one_step_a_sample(rule: str, epochs: int) -> None:
    wih, who, inputs, targets = WIH, WHO, [*INPUTS, [0.5, 0.5, -0.5]], [*TARGETS, [0.1, 0.8]]
    if rule == "article":  # its inner products need a square network
        wih, who, targets = WIH[:3], [row[:3] for row in WHO] + [[0.1, 0.2, 0.3]], [[*t, 0.5] for t in targets]
    args = {"wih": wih, "who": who, "inputs": inputs, "targets": targets, "learning_rate": 0.3, "rule": rule}
    want = exact.to_float(exact.handle("fit", args | {"epochs": epochs}))
    got_wih, got_who = mlp_ref.fit(wih, who, inputs, targets, 0.3, rule, epochs)
    assert compare("wih", got_wih, want["wih"], CLOSE).ok and compare("who", got_who, want["who"], CLOSE).ok
    assert mlp_ref.fit(wih, who, inputs, targets, 0.3, rule, float(epochs))[0].tolist() == got_wih.tolist()
    if epochs == 1:  # and one pass when epochs is not given
        assert mlp_ref.fit(wih, who, inputs, targets, 0.3, rule)[0].tolist() == got_wih.tolist()


def test_every_form_of_a_matrix_gives_one_answer() -> None:
    whole = [[1, 0, -1], [0, 2, 1], [1, 1, 0], [-1, 0, 1]]
    floats = [[float(x) for x in row] for row in whole]
    forms = [whole, floats, np.array(whole), np.asfortranarray(np.array(whole, dtype=float))]
    product = [mlp_ref.matmul(form, [[1, 2], [3, 4], [5, 6]]) for form in forms]
    assert all(p.dtype == np.float64 and p.tolist() == product[1].tolist() for p in product)
    # So for b, whose rows may be numpy arrays as wih's may: it is a matrix, not a vector of arrays.
    rows = [np.array(row, dtype=float) for row in ([1, 2], [3, 4], [5, 6])]
    assert mlp_ref.matmul(whole, rows).tolist() == product[1].tolist()
    # Training updates the weights where they lie: every memory order of either layer must be trained alike.
    trained = mlp_ref.train(floats, WHO, INPUTS[0], TARGETS[0], 0.3, "book", 2)
    fitted = mlp_ref.fit(floats, WHO, INPUTS, TARGETS, 0.3, "gradient")
    assert trained[0].tolist() != floats and trained[1].tolist() != WHO, "training moved nothing"
    for form in forms:
        for who in (WHO, np.asfortranarray(WHO), np.array(WHO)):
            got = mlp_ref.train(form, who, INPUTS[0], TARGETS[0], 0.3, "book", 2)
            assert all(g.dtype == np.float64 and g.tolist() == w.tolist() for g, w in zip(got, trained, strict=True))
            got = mlp_ref.fit(form, who, INPUTS, TARGETS, 0.3, "gradient")
            assert all(g.tolist() == w.tolist() for g, w in zip(got, fitted, strict=True))


@pytest.mark.parametrize(
    ("wih", "expected"),
    [
        ([[0.9, "0.5", 0.4]] * 4, "wih: entry [0][1] is not a number (got '0.5')"),
        ([[0.9, True, 0.4]] * 4, "wih: entry [0][1] is not a number (got True)"),
        ([[0.9, float("nan"), 0.4]] * 4, "wih: entry [0][1] is NaN"),
        (np.array([[True, False, True]] * 4), "wih: entry [0][0] is not a number (got True)"),
        (np.array([0.9, -0.3, 0.4]), "wih: row 0 must be a list, got float"),
        (np.ones((4, 3, 1)), "wih: entry [0][0] is not a number (got [1.0])"),
        (np.empty((4, 0)), "wih: row 0 is empty"),
        (np.empty((0, 3)), "wih: must not be empty"),
    ],
)
def test_a_matrix_of_anything_but_numbers_is_refused(wih: Any, expected: str) -> None:
    assert message(mlp_ref.query, wih, WHO, INPUTS) == expected


RAGGED = [[0.9, -0.3, 0.4], [0.2, 0.8]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"wih": RAGGED}, "wih: ragged matrix: row 1 has 2 entries, row 0 has 3"),
        ({"who": RAGGED}, "who: ragged matrix: row 1 has 2 entries, row 0 has 3"),
        ({"who": [row[:3] for row in WHO]}, "who: 3 columns do not match wih's 4 rows"),
        ({"inputs": [[0.8, -0.2], [0.1, 0.9]]}, "inputs: rows of 2 entries do not match wih's 3 columns"),
        ({"inputs": [0.8, -0.2, 0.7]}, "inputs: row 0 must be a list, got float"),
        ({"targets": RAGGED}, "targets: ragged matrix: row 1 has 2 entries, row 0 has 3"),
        ({"targets": [[0.3, 0.9]] * 3}, "targets: is 3×2 where 2×2 is needed (one row of 2 per sample)"),
        ({"targets": [[0.3, 0.9, 0.5]] * 2}, "targets: is 2×3 where 2×2 is needed (one row of 2 per sample)"),
        ({"targets": [[0.3, 0.9], [1.0, 0.2]]}, f"targets: entry [1][0] is 1.0{OUTSIDE}"),
        ({"targets": [[0.3, 1.5], [0.0, 0.2]]}, f"targets: entry [0][1] is 1.5{OUTSIDE}"),
        ({"targets": [[0.3, 0.9], [0.6, 0.0]]}, f"targets: entry [1][1] is 0.0{OUTSIDE}"),
        ({"rule": "article"}, "rule: article needs as many hidden as output nodes (4 hidden, 2 output)"),
        ({"epochs": 0}, "epochs: must be a whole number from 1 to 1000 (got 0)"),
        ({"epochs": 2.5}, "epochs: must be a whole number from 1 to 1000 (got 2.5)"),
        ({"epochs": "2"}, "epochs: must be a whole number from 1 to 1000 (got '2')"),
        ({"epochs": 1001}, "epochs: must be a whole number from 1 to 1000 (got 1001)"),
        ({"epochs": float("inf")}, "epochs: must be a whole number from 1 to 1000 (got inf)"),
    ],
)
def test_fit_names_what_it_refuses(change: dict[str, Any], expected: str) -> None:
    args = {"wih": WIH, "who": WHO, "inputs": INPUTS, "targets": TARGETS, "learning_rate": 0.1, "rule": "book"}
    args |= {"epochs": 1} | change
    assert message(mlp_ref.fit, *args.values()) == expected
    if not {"targets", "rule", "epochs"} & change.keys():
        assert message(mlp_ref.query, args["wih"], args["who"], args["inputs"]) == expected


def test_the_bounds_of_a_data_set_are_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    # A thousand passes over two samples are allowed (and quick); 1001 were refused above.
    assert mlp_ref.fit(WIH, WHO, INPUTS, TARGETS, 0.1, "book", 1000)[0].shape == (4, 3)
    monkeypatch.setattr(validate, "MAX_SAMPLE_NUMBERS", 6)
    assert mlp_ref.query(WIH, WHO, INPUTS).shape == (2, 2)
    assert message(mlp_ref.query, WIH, WHO, [*INPUTS, [0.0, 0.0, 0.0]]) == (
        "inputs: holds 9 numbers, more than the 6 allowed"
    )


BIG = 1.7e308


def test_query_names_the_layer_and_fit_the_step_whose_sum_overflows() -> None:
    assert message(mlp_ref.query, [[BIG, BIG, 0.0]] * 4, WHO, [[1.0, 1.0, 0.0]]) == (
        "wih: wih · inputs overflows float64 (a result is infinite or NaN)"
    )
    assert message(mlp_ref.query, WIH, [[BIG] * 4] * 2, INPUTS) == (
        "who: who · hidden_outputs overflows float64 (a result is infinite or NaN)"
    )
    # The second of three samples overflows wih · inputs: the message gives its step, 2.
    inputs = [[0.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    targets = [[0.3, 0.9]] * 3
    assert message(mlp_ref.fit, [[BIG, BIG, 0.1]] * 4, WHO, inputs, targets, 0.1, "book") == (
        "learning_rate: wih · inputs overflows float64 at step 2"
    )
    # σ saturates (h = 1 exactly, so wih never moves) and who·h = BIG − BIG = 0: o = ½, e = 0.01, and
    # whoᵀ·e = 3 · 0.01 · BIG is finite. Step 1 adds lr·δ = 2.5e297 to who: at step 2 who·h = 5e297, o = 1,
    # e = −0.49, and whoᵀ·e = 3 · 0.49 · BIG is not a number, though both sums of the forward pass are.
    args = ([[50.0, 0.0, 0.0]] * 2, [[BIG, -BIG]] * 3, [[1.0, 0.0, 0.0]] * 2, [[0.51] * 3] * 2, 1e300, "book")
    assert message(mlp_ref.fit, *args) == "learning_rate: the hidden errors' sum overflows float64 at step 2"

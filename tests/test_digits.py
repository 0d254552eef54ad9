"""The digits: their source, the stated baseline, what query and fit must leave alone or refuse, and that a
data set's absence cannot pass for conformance (fit against the 50-digit engine: tests/test_reference_data_sets.py;
a training loop that forgets ``epochs``: the defect ignore-epochs, tests/test_defects.py)."""

from __future__ import annotations

import gzip
import hashlib
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

import mlp_ref
from mlp_spec import digits
from mlp_spec.harness import shapes
from tests.nested import BASE
from tests.uneven import message

pytest_plugins = ["pytester"]


@pytest.mark.slow  # importing scikit-learn's loader takes over half a second; the digest is checked on every read
def test_the_digits_are_what_load_digits_gives_and_have_the_stated_digest() -> None:
    from sklearn.datasets import load_digits

    pixels, labels = digits.raw()
    bunch = load_digits()
    assert np.array_equal(pixels, bunch.data) and np.array_equal(labels, bunch.target)
    assert digits.digest(bunch.data, bunch.target) == digits.DIGEST


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (None, [r"are not the ones the spec's numbers were measured on", r": they are of SHA-256 [0-9a-f]{64}$"]),
        ("0,1,2\n", [r"have 3 columns, not 64 pixels and a label$"]),
        (",".join(["0"] * 65) + "\n", [r"they are of another shape: pixels \(1, 64\), labels \(1,\)$"]),
        (",".join(["0"] * 64 + ["x"]) + "\n", [r"cannot be read: "]),
        (",".join(["0"] * 65) + "\n" + ",".join(["0"] * 3) + "\n", [r"cannot be read: "]),
    ],
    ids=["other-digits", "one-short-row", "one-image", "a-word", "ragged"],
)
def test_a_file_that_is_not_the_digits_is_refused_with_the_reason(
    text: str | None, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if text is None:  # the digits, but one pixel of one image changed
        lines = gzip.decompress(digits.source().read_bytes()).decode().splitlines()
        pixels = lines[1000].split(",")
        pixels[5] = str(16 - int(float(pixels[5])))
        lines[1000] = ",".join(pixels)
        text = "\n".join(lines)
    changed = tmp_path / "digits.csv.gz"
    changed.write_bytes(gzip.compress(text.encode()))
    monkeypatch.setattr(digits, "source", lambda: changed)
    digits.raw.cache_clear()
    try:
        for match in said:
            with pytest.raises(digits.NoDigits, match=match):
                digits.raw()
    finally:
        digits.raw.cache_clear()


def test_the_digest_names_what_is_not_a_copy_of_the_digits() -> None:
    # The file read without raw() (which refuses another copy), and its digest computed here, byte by byte.
    table = np.loadtxt(digits.source(), delimiter=",")
    pixels, labels = table[:, : digits.PIXELS], table[:, digits.PIXELS].astype(np.int64)
    by_hand = hashlib.sha256(bytes(int(v) for v in pixels.ravel()) + bytes(int(v) for v in labels)).hexdigest()
    assert digits.digest(pixels, labels) == by_hand == digits.DIGEST
    assert digits.digest(pixels[:-1], labels) == "of another shape: pixels (1796, 64), labels (1797,)"
    assert digits.digest(pixels, labels[:-1]).startswith("of another shape")
    assert digits.digest(pixels + 0.5, labels) == "of values that are not counts from 0 to 255"
    assert digits.digest(pixels, labels + 0.5) == "of values that are not counts from 0 to 255"  # type: ignore[arg-type]
    assert digits.digest(pixels, labels + 256).startswith("of values")


def test_the_split_and_the_scaling_are_the_documented_ones() -> None:
    # Read and prepared afresh (__wrapped__), not from what earlier tests left in the functions' caches.
    pixels, labels = digits.raw.__wrapped__()
    data = digits.load.__wrapped__()
    order = np.random.default_rng(0).permutation(1797)
    assert np.array_equal(data.train_labels, labels[order[:1347]])
    assert np.array_equal(data.test_pixels, pixels[order[1347:]])
    assert np.array_equal(data.train_inputs, (pixels[order[:1347]] / 16.0) * 0.99 + 0.01)
    assert np.array_equal(data.test_inputs, (pixels[order[1347:]] / 16.0) * 0.99 + 0.01)
    assert np.array_equal(data.test_labels, labels[order[1347:]])
    expected = np.where(np.arange(10) == labels[order[:1347], None], 0.99, 0.01)
    assert np.array_equal(data.train_targets, expected)


@pytest.mark.slow  # scikit-learn's import (0.6 s) and 200 passes of its MLPClassifier (0.5 s)
def test_the_stated_baseline_is_what_scikit_learn_measures() -> None:
    """MLPClassifier(hidden_layer_sizes=(100,), random_state=0) on the feature's split, on one BLAS thread so
    that its sums run in one order: 446 of 450."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    from threadpoolctl import threadpool_limits

    data = digits.load()
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 200 passes, its default, end before its tolerance
        model = MLPClassifier(hidden_layer_sizes=(100,), random_state=0).fit(data.train_inputs, data.train_labels)
    assert int((model.predict(data.test_inputs) == data.test_labels).sum()) == digits.BASELINE


def _network() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    wih, who = mlp_ref.init_weights(4, 3, 2, rng)
    return wih, who, rng.random((5, 4)) * 0.99 + 0.01, rng.random((5, 2)) * 0.98 + 0.01


def test_fit_leaves_its_arguments_alone_and_query_answers_row_by_row() -> None:
    wih, who, inputs, targets = _network()
    before = wih.copy(), who.copy()
    mlp_ref.fit(wih, who, inputs, targets, 0.3, "book", epochs=3)
    assert np.array_equal(wih, before[0]) and np.array_equal(who, before[1])
    outputs = mlp_ref.query(wih, who, inputs)
    rows = [mlp_ref.forward(wih, who, x).final_outputs for x in inputs]
    np.testing.assert_allclose(outputs, rows, rtol=0, atol=1e-15)
    assert shapes.expected_shapes("query", {"wih": wih, "who": who, "inputs": inputs}) == {"final_outputs": (5, 2)}


def test_a_data_set_beyond_the_size_limit_or_with_nan_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    wih, who, inputs, targets = _network()
    with monkeypatch.context() as limit:
        limit.setattr(mlp_ref.validate, "MAX_SAMPLE_NUMBERS", 19)
        said = message(mlp_ref.fit, wih, who, inputs, targets, 0.3, "book")
    assert said == "inputs: holds 20 numbers, more than the 19 allowed"
    inputs[2, 1] = np.nan  # a numpy matrix with NaN gets the careful message
    assert message(mlp_ref.query, wih, who, inputs) == "inputs: entry [2][1] is NaN"


def test_without_scikit_learn_every_digits_scenario_fails_with_the_reason(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digits.importlib.util, "find_spec", lambda name: None)  # the digits' file cannot be found
    digits.raw.cache_clear()  # a failure is not kept: afterwards the digits are read again
    digits.load.cache_clear()
    result = pytester.runpytest_inprocess(*BASE, "--id=digits")
    result.assert_outcomes(failed=6)
    result.stdout.fnmatch_lines(["*scikit-learn is not installed*"])


def test_where_the_digits_cannot_be_had_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digits.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(digits.NoDigits, match=r"^scikit-learn is not installed, and the digits ship inside it"):
        digits.source()
    elsewhere = SimpleNamespace(origin=str(tmp_path / "sklearn" / "__init__.py"))
    monkeypatch.setattr(digits.importlib.util, "find_spec", lambda name: elsewhere)
    with pytest.raises(digits.NoDigits, match=r"^scikit-learn is installed but its digits are not at .*digits.csv.gz$"):
        digits.source()


def test_recognised_counts_the_largest_output_at_the_label_the_first_on_a_tie() -> None:
    outputs = [[0.1, 0.9, 0.0], [0.5, 0.5, 0.0], [0.2, 0.1, 0.7], [0.3, 0.3, 0.1]]
    assert digits.recognised(outputs, np.array([1, 0, 2, 1])) == 3  # the last: a tie read as 0, not its label 1

"""The handwritten digits (docs/digits.md): scikit-learn's bundled copy of the UCI 8×8 digits, read from its
file (``sklearn/datasets/data/digits.csv.gz``; importing ``sklearn.datasets`` costs over half a second), and
scaled as the book scales MNIST, in float64 in this order:

    inputs  = (pixels / 16) · 0.99 + 0.01       from 0.01 (no ink) to 1.0 (full ink), never 0
    targets = 0.01 everywhere, 0.99 at the label's place

The split is ``numpy.random.default_rng(seed).permutation(1797)``: the first 1,347 train, in that order, and
the last 450 are held out.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

IMAGES = 1797
TRAIN = 1347
HELD_OUT = IMAGES - TRAIN
PIXELS = 64
CLASSES = 10
SEED = 0
DIGEST = "87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826"
"""SHA-256 (:func:`digest`) of ``load_digits()``, on which the features' counts were measured (scikit-learn
1.3.2 to 1.9.1 ship the same). Another copy would change those counts, so it is refused rather than measured."""
BASELINE = 446
"""Held-out digits that scikit-learn's ``MLPClassifier(hidden_layer_sizes=(100,), random_state=0)`` recognises
after training on the 1,347 (one BLAS thread; tests/test_digits.py measures it again)."""

MISSING = (
    "scikit-learn is not installed, and the digits ship inside it: pip install scikit-learn "
    "(a dependency of mlp-spec; an install without it cannot check the digits)"
)


class NoDigits(RuntimeError):
    """scikit-learn is missing, or its copy of the digits is not the one the spec's numbers were measured on."""


@dataclass(frozen=True)
class Digits:
    """The split data set, preprocessed, a sample a row."""

    train_inputs: NDArray[np.float64]
    train_targets: NDArray[np.float64]
    train_labels: NDArray[np.int64]
    test_inputs: NDArray[np.float64]
    test_labels: NDArray[np.int64]
    test_pixels: NDArray[np.float64]
    """The held-out images as raw counts 0–16, to draw them."""


def source() -> Path:
    """The CSV file inside scikit-learn, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise NoDigits(MISSING)
    path = Path(spec.origin).parent / "datasets" / "data" / "digits.csv.gz"
    if not path.exists():
        raise NoDigits(f"scikit-learn is installed but its digits are not at {path}")
    return path


@cache
def raw() -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """(pixels 1797×64 as counts 0–16, labels 1797), in the file's order."""
    path = source()
    try:
        table = np.loadtxt(path, delimiter=",", ndmin=2)
    except ValueError as error:  # a cell that is not a number, rows of different lengths
        raise NoDigits(f"the digits at {path} cannot be read: {error}") from None
    if table.shape[1] != PIXELS + 1:
        raise NoDigits(f"the digits at {path} have {table.shape[1]} columns, not {PIXELS} pixels and a label")
    pixels, labels = table[:, :PIXELS], table[:, PIXELS].astype(np.int64)
    found = digest(pixels, labels)
    if found != DIGEST:
        what = found if found.startswith("of ") else f"of SHA-256 {found}"
        raise NoDigits(
            f"the digits at {path} are not the ones the spec's numbers were measured on (SHA-256 {DIGEST}): "
            f"they are {what}"
        )
    return pixels, labels


def digest(pixels: NDArray[np.float64], labels: NDArray[np.int64]) -> str:
    """SHA-256 of the pixel counts and then the labels, one byte each, in the file's order."""
    if pixels.shape != (IMAGES, PIXELS) or labels.shape != (IMAGES,):
        return f"of another shape: pixels {pixels.shape}, labels {labels.shape}"
    counts = pixels.astype(np.uint8)
    if not np.array_equal(counts, pixels) or not np.array_equal(labels.astype(np.uint8), labels):
        return "of values that are not counts from 0 to 255"
    return hashlib.sha256(counts.tobytes() + labels.astype(np.uint8).tobytes()).hexdigest()


def scale(pixels: NDArray[np.float64]) -> NDArray[np.float64]:
    return (pixels / 16.0) * 0.99 + 0.01


def one_hot(labels: NDArray[np.int64]) -> NDArray[np.float64]:
    targets = np.full((len(labels), CLASSES), 0.01)
    targets[np.arange(len(labels)), labels] = 0.99
    return targets


@cache
def load() -> Digits:
    pixels, labels = raw()
    order = np.random.default_rng(SEED).permutation(IMAGES)
    train, test = order[:TRAIN], order[TRAIN:]
    return Digits(
        scale(pixels[train]), one_hot(labels[train]), labels[train], scale(pixels[test]), labels[test], pixels[test]
    )


def recognised(final_outputs: object, labels: NDArray[np.int64]) -> int:
    """How many samples' largest final output stands at their label (the first, on a tie, as numpy's argmax)."""
    outputs = np.asarray(final_outputs, dtype=np.float64)
    return int((outputs.argmax(axis=1) == labels).sum())

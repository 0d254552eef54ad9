"""The handwritten digits: scikit-learn's bundled copy of the UCI 8×8 digits, scaled as the book scales MNIST.

1,797 images of 8×8 pixels, each pixel a count from 0 to 16, with their labels 0–9. The data ship inside
scikit-learn (``sklearn/datasets/data/digits.csv.gz``, what ``sklearn.datasets.load_digits`` reads), so
nothing is downloaded. This module reads that file directly: importing ``sklearn.datasets`` costs over half
a second, the file a twentieth; ``tests/test_digits.py`` checks that both give the same numbers.

The book's preprocessing, computed in float64 in this order:

    inputs  = (pixels / 16) · 0.99 + 0.01       from 0.01 (no ink) to 1.0 (full ink), never 0
    targets = 0.01 everywhere, 0.99 at the label's place

The split is fixed: ``numpy.random.default_rng(seed).permutation(1797)``; its first 1,347 indices train, the
last 450 are held out. Training goes through the 1,347 in that order.
"""

from __future__ import annotations

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
BASELINE = 446
"""Held-out digits that scikit-learn's ``MLPClassifier(hidden_layer_sizes=(100,), random_state=0)`` recognises
after training on the 1,347 (one BLAS thread; tests/test_digits.py measures it again)."""

MISSING = (
    "scikit-learn is not installed, and the digits ship inside it: pip install scikit-learn "
    "(a dependency of mlp-spec; an install without it cannot check the digits)"
)


class NoDigits(RuntimeError):
    """The data set cannot be had (scikit-learn is missing)."""


@dataclass(frozen=True)
class Digits:
    """The split data set, preprocessed: rows are samples."""

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
    table = np.loadtxt(source(), delimiter=",")
    return table[:, :PIXELS], table[:, PIXELS].astype(np.int64)


def scale(pixels: NDArray[np.float64]) -> NDArray[np.float64]:
    """The book's inputs: (x / 16) · 0.99 + 0.01."""
    return (pixels / 16.0) * 0.99 + 0.01


def one_hot(labels: NDArray[np.int64]) -> NDArray[np.float64]:
    """The book's targets: 0.99 at the label's place, 0.01 elsewhere."""
    targets = np.full((len(labels), CLASSES), 0.01)
    targets[np.arange(len(labels)), labels] = 0.99
    return targets


@cache
def load(seed: int = SEED) -> Digits:
    """The digits, split by the permutation of ``seed`` and preprocessed."""
    pixels, labels = raw()
    order = np.random.default_rng(seed).permutation(IMAGES)
    train, test = order[:TRAIN], order[TRAIN:]
    return Digits(
        scale(pixels[train]), one_hot(labels[train]), labels[train], scale(pixels[test]), labels[test], pixels[test]
    )


def recognised(final_outputs: object, labels: NDArray[np.int64]) -> int:
    """How many samples' largest final output stands at their label (the first, on a tie, as numpy's argmax)."""
    outputs = np.asarray(final_outputs, dtype=np.float64)
    return int((outputs.argmax(axis=1) == labels).sum())

"""The activation function: the logistic sigmoid and its derivative.

    σ(x) = 1 / (1 + e^(−x))        σ′(x) = σ(x)·(1 − σ(x))

``scipy.special.expit`` is the article's own choice. It returns σ(100) = 1.0 (the nearest float64) and
σ(−100) = 3.7200759760208356e-44 with full relative precision, and never overflows.
"""

from __future__ import annotations

import numpy as np
import scipy.special

from mlp_ref import validate
from mlp_ref.validate import Array


def _sigmoid(x: Array) -> Array:
    return np.asarray(scipy.special.expit(x), dtype=np.float64)


def sigmoid(x: object) -> Array:
    """σ(x) = 1 / (1 + e^(−x)), element-wise over a vector ``x``."""
    return _sigmoid(validate.vector("x", x))


def sigmoid_derivative(x: object) -> Array:
    """σ′(x) = σ(x)·(1 − σ(x)), element-wise over a vector ``x``."""
    y = sigmoid(x)
    return y * (1.0 - y)

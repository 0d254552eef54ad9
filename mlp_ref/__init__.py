"""mlp_ref — the reference implementation of the article's three-layer perceptron (docs/reference.md).

A network of sigmoid neurons with no biases: ``inputs`` (n) → ``wih`` (m×n) → hidden (m) → ``who`` (k×m) →
outputs (k). Every function is pure over float64 arrays and checks its arguments at the boundary, raising
:class:`InputError` that names the argument and the problem.
"""

from mlp_ref.activation import sigmoid, sigmoid_derivative
from mlp_ref.backprop import RULES, Backward, backward
from mlp_ref.network import Forward, forward, init_weights, matmul, query
from mlp_ref.training import fit, train, update
from mlp_ref.validate import InputError

__all__ = [
    "RULES",
    "Backward",
    "Forward",
    "InputError",
    "backward",
    "fit",
    "forward",
    "init_weights",
    "matmul",
    "query",
    "sigmoid",
    "sigmoid_derivative",
    "train",
    "update",
]

__version__ = "1.0.0"

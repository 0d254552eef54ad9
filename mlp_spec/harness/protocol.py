"""Protocol 1's names (docs/protocol.md): its ops, its update rules, and the arguments of each op.

Fixed by the protocol — later versions may add to them, never change them — and shared by the reference's
adapter, the steps and the harness, so that none of them spells the protocol on its own.
"""

VERSION = 1
OPS = ("matmul", "sigmoid", "forward", "backward", "train", "query", "fit")
RULES = ("article", "book", "gradient")
ARGS = {
    "matmul": ("a", "b"),
    "sigmoid": ("x",),
    "forward": ("wih", "who", "inputs"),
    "backward": ("wih", "who", "inputs", "targets", "rule"),
    "train": ("wih", "who", "inputs", "targets", "learning_rate", "rule", "steps"),
    "query": ("wih", "who", "inputs"),
    "fit": ("wih", "who", "inputs", "targets", "learning_rate", "rule", "epochs"),
}
"""Every argument of each op; all are required but ``steps`` and ``epochs`` (default 1). For ``query`` and
``fit``, ``inputs`` and ``targets`` are data sets: matrices with one sample a row."""
OPTIONAL = {"steps": 1, "epochs": 1}

LINE_LIMIT = 32 * 1024 * 1024
"""The longest line, in bytes, either side may send (docs/protocol.md): over ten times the largest request
or answer a scenario makes. A line past it is refused unread, by its seq when that comes first."""

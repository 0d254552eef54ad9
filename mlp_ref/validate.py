"""Checks at the boundary: what a caller passed as float64 arrays, or an :class:`InputError` whose message,
``<argument>: <problem>``, names the argument and the problem, so that a learner reads the cause, not a
numpy traceback.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# Bounds that refuse a mistaken request instead of letting it exhaust the machine (docs/protocol.md).
MAX_ENTRIES = 100_000  # the length of any vector or matrix side
MAX_STEPS = 1_000_000  # a million steps of a small network take seconds
MAX_EPOCHS = 1_000  # the book learns MNIST in 5
MAX_WORK = 10_000_000_000  # weight updates: steps (every sample of every epoch) times the weights
MAX_SAMPLE_NUMBERS = 10_000_000  # numbers in a data set's inputs (80 MB); the 1,797 digits hold 115,008

# JSON has no NaN or infinity; Protocol 1 spells them as these strings so that they can be sent and rejected.
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class InputError(ValueError):
    """An argument was rejected. ``argument`` names it; ``problem`` says what is wrong with it."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(f"{argument}: {problem}")
        self.argument = argument
        self.problem = problem


def show(value: object) -> str:
    """``value`` as a message quotes it: short, and safe for an integer too long for Python to print."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        return f"an integer of {value.bit_length()} bits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _real(value: object) -> float | None:
    """The float a number stands for (the protocol's names for NaN and the infinities included), or None
    for what is not a number. An integer too large for float64 stands for infinity."""
    if isinstance(value, str) and value in _NON_FINITE:
        return _NON_FINITE[value]
    # bool is an int subclass, and numpy scalars are not Python floats: accept real numbers, nothing else.
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf  # type: ignore[operator]


def _number(argument: str, where: str, value: object) -> float:
    number = _real(value)
    if number is None:
        raise InputError(argument, f"entry {where} is not a number (got {show(value)})")
    if math.isnan(number):
        raise InputError(argument, f"entry {where} is NaN")
    if math.isinf(number):
        problem = "infinite" if isinstance(value, float | str) else "too large for float64"
        raise InputError(argument, f"entry {where} is {problem}")
    return number


def _unmasked(argument: str, value: object) -> None:
    if isinstance(value, np.ma.MaskedArray):  # np.array would use its hidden entries without a word
        raise InputError(argument, "is a masked array: fill its masked entries first (numpy.ma.filled)")


def _rows(argument: str, value: object) -> list[Sequence[object]]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, list | tuple):
        raise InputError(argument, f"must be a list, got {type(value).__name__}")
    if len(value) > MAX_ENTRIES:
        raise InputError(argument, f"has {len(value)} entries, more than the {MAX_ENTRIES} allowed")
    if len(value) == 0:
        raise InputError(argument, "must not be empty")
    return list(value)


def vector(argument: str, value: object) -> Array:
    """A non-empty list of finite numbers, as a 1-D float64 array."""
    _unmasked(argument, value)
    items = _rows(argument, value)
    return np.array([_number(argument, f"[{i}]", x) for i, x in enumerate(items)], dtype=np.float64)


def _plain(rows: list[Sequence[object]]) -> Array | None:
    """The matrix at numpy's speed (milliseconds for a data set, not a tenth of a second) when every row is a
    list of one length of Python floats or ints with finite float64s; else None, for the careful path."""
    if not all(type(row) is list for row in rows):
        return None
    width = len(rows[0])
    if not 0 < width <= MAX_ENTRIES or any(len(row) != width for row in rows):
        return None
    if not all(type(x) is float or type(x) is int for row in rows for x in row):
        return None
    try:
        array = np.array(rows, dtype=np.float64)
    except OverflowError:  # an integer beyond float64
        return None
    return array if bool(np.isfinite(array).all()) else None


def matrix(argument: str, value: object) -> Array:
    """A non-empty list of equally long, non-empty rows of finite numbers, as a 2-D float64 array."""
    _unmasked(argument, value)
    if isinstance(value, np.ndarray) and value.ndim == 2 and value.dtype.kind in "fiu" and value.size > 0:
        # A numeric numpy matrix (mlp-spec train's data) needs no walk through its entries.
        array = np.array(value, dtype=np.float64)
        if np.isfinite(array).all() and max(array.shape) <= MAX_ENTRIES:
            return array
    rows = _rows(argument, value)
    plain = _plain(rows)
    if plain is not None:
        return plain
    out: list[list[float]] = []
    for r, row in enumerate(rows):
        if isinstance(row, np.ndarray):
            row = row.tolist()
        if not isinstance(row, list | tuple):
            raise InputError(argument, f"row {r} must be a list, got {type(row).__name__}")
        if len(row) == 0:
            raise InputError(argument, f"row {r} is empty")
        if len(row) > MAX_ENTRIES:
            raise InputError(argument, f"row {r} has {len(row)} entries, more than the {MAX_ENTRIES} allowed")
        if out and len(row) != len(out[0]):
            raise InputError(argument, f"ragged matrix: row {r} has {len(row)} entries, row 0 has {len(out[0])}")
        out.append([_number(argument, f"[{r}][{c}]", x) for c, x in enumerate(row)])
    return np.array(out, dtype=np.float64)


def matrix_or_vector(argument: str, value: object) -> Array:
    """A matrix if the first item is a row (a list, or a numpy array as :func:`matrix` takes), else a vector."""
    items = _rows(argument, value)
    row = isinstance(items[0], list | tuple) or (isinstance(items[0], np.ndarray) and items[0].ndim > 0)
    return matrix(argument, items) if row else vector(argument, items)


def layers(wih: Array, who: Array) -> None:
    """``who``'s columns must be ``wih``'s rows: one for each hidden node."""
    if who.shape[1] != wih.shape[0]:
        raise InputError("who", f"{who.shape[1]} columns do not match wih's {wih.shape[0]} rows")


def network(wih: object, who: object, inputs: object) -> tuple[Array, Array, Array]:
    """``wih`` (m×n), ``who`` (k×m) and ``inputs`` (n), checked against each other."""
    wih_a, who_a, inputs_a = matrix("wih", wih), matrix("who", who), vector("inputs", inputs)
    layers(wih_a, who_a)
    if inputs_a.shape[0] != wih_a.shape[1]:
        raise InputError("inputs", f"length {inputs_a.shape[0]} does not match wih's {wih_a.shape[1]} columns")
    return wih_a, who_a, inputs_a


def _inside(t: Array) -> Array:
    """``t`` unchanged if its entries lie strictly between 0 and 1, which the sigmoid never reaches."""
    outside = np.argwhere(~((t > 0.0) & (t < 1.0)))
    if len(outside):
        at = tuple(int(i) for i in outside[0])
        where, x = "".join(f"[{i}]" for i in at), float(t[at])
        raise InputError(
            "targets", f"entry {where} is {x!r}, outside the open interval (0, 1): the sigmoid never reaches 0 or 1"
        )
    return t


def targets(value: object, outputs: int) -> Array:
    """``outputs`` numbers strictly between 0 and 1."""
    t = vector("targets", value)
    if t.shape[0] != outputs:
        raise InputError("targets", f"length {t.shape[0]} does not match who's {outputs} rows")
    return _inside(t)


def samples(inputs: object, wih: Array, who: Array) -> Array:
    """A data set's ``inputs`` (N×n, one sample a row), checked against the network's n inputs."""
    inputs_a = matrix("inputs", inputs)
    layers(wih, who)
    n = wih.shape[1]
    if inputs_a.size > MAX_SAMPLE_NUMBERS:
        raise InputError("inputs", f"holds {inputs_a.size} numbers, more than the {MAX_SAMPLE_NUMBERS} allowed")
    if inputs_a.shape[1] != n:
        raise InputError("inputs", f"rows of {inputs_a.shape[1]} entries do not match wih's {n} columns")
    return inputs_a


def sample_targets(targets: object, inputs_a: Array, who: Array) -> Array:
    """A data set's ``targets``: N×k for the N samples of ``inputs_a`` and the k outputs, each in (0, 1)."""
    k = who.shape[0]
    targets_a = matrix("targets", targets)
    if targets_a.shape != (inputs_a.shape[0], k):
        rows, width = targets_a.shape
        raise InputError(
            "targets", f"is {rows}×{width} where {inputs_a.shape[0]}×{k} is needed (one row of {k} per sample)"
        )
    return _inside(targets_a)


def work(argument: str, steps: int, wih: Array, who: Array) -> None:
    """Refuse more weight updates than :data:`MAX_WORK`, naming ``steps`` or ``epochs``."""
    updates = steps * (wih.size + who.size)
    if updates > MAX_WORK:
        raise InputError(argument, f"asks for {updates:,} weight updates, more than the {MAX_WORK:,} allowed")


def learning_rate(value: object) -> float:
    """A finite number > 0."""
    number = _real(value)
    if number is None or not 0.0 < number < math.inf:
        raise InputError("learning_rate", f"must be a finite number > 0 (got {show(value)})")
    return number


def whole(argument: str, value: object, limit: int) -> int:
    """A whole number from 1 to ``limit`` (``3.0`` counts: JSON does not tell 3 from 3.0)."""
    number = None if isinstance(value, str) else _real(value)
    if number is None or not (math.isfinite(number) and number.is_integer() and 1 <= number <= limit):
        raise InputError(argument, f"must be a whole number from 1 to {limit} (got {show(value)})")
    return int(number)


def rule(value: object, known: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in known:
        raise InputError("rule", f"unknown rule {show(value)} (known: {', '.join(known)})")
    return value


def overflow_checked() -> np.errstate:
    """Silence numpy's overflow warnings: the callers check results with :func:`finite` and name the argument.
    An underflow to a tiny or zero number is no error, whatever the caller has told numpy (``np.seterr``)."""
    return np.errstate(over="ignore", invalid="ignore", under="ignore")


def finite(argument: str, value: Array, what: str) -> Array:
    """``value`` unchanged, unless float64 overflowed computing it: then blame ``argument``."""
    if not np.isfinite(value).all():
        raise InputError(argument, f"{what} overflows float64 (a result is infinite or NaN)")
    return value

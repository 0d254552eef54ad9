"""An independent engine for certifying numbers: the same network, computed with mpmath at 50 digits.

It shares no code with :mod:`mlp_ref` (no numpy, no scipy): lists of ``mpf``, loops written from the formulas.
Arguments are float64 values and are taken exactly (``mpf(0.8)`` is the double nearest 0.8, all its digits),
so a result rounded to float64 is the correctly rounded answer that an exact float64 port should approach.
It checks nothing: it is only ever given the spec's valid inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import mpmath
from mpmath import mpf

DIGITS = 50
Vec = list[mpf]
Mat = list[list[mpf]]


def _vec(x: Sequence[float]) -> Vec:
    return [mpf(v) for v in x]


def _mat(a: Sequence[Sequence[float]]) -> Mat:
    return [_vec(row) for row in a]


def _matvec(a: Mat, x: Vec) -> Vec:
    return [mpmath.fsum(a_il * x_l for a_il, x_l in zip(row, x, strict=True)) for row in a]


def _sigmoid(x: Vec) -> Vec:
    return [1 / (1 + mpmath.exp(-v)) for v in x]


def _forward(wih: Mat, who: Mat, inputs: Vec) -> dict[str, Vec]:
    fwd = {"hidden_inputs": _matvec(wih, inputs)}
    fwd["hidden_outputs"] = _sigmoid(fwd["hidden_inputs"])
    fwd["final_inputs"] = _matvec(who, fwd["hidden_outputs"])
    fwd["final_outputs"] = _sigmoid(fwd["final_inputs"])
    return fwd


def _transpose(a: Mat) -> Mat:
    return [list(col) for col in zip(*a, strict=True)]


def _backward(who: Mat, targets: Vec, fwd: Mapping[str, Vec], rule: str) -> tuple[Vec, Vec, Vec, Vec]:
    """The output errors e, the hidden errors (whoᵀ·(e∘o∘(1−o)) for the gradient, whoᵀ·e otherwise), and the
    output and hidden deltas e∘o∘(1−o) and hidden_errors∘h∘(1−h)."""
    o, h = fwd["final_outputs"], fwd["hidden_outputs"]
    errors = [t - y for t, y in zip(targets, o, strict=True)]
    output_deltas = [e * y * (1 - y) for e, y in zip(errors, o, strict=True)]
    hidden_errors = _matvec(_transpose(who), output_deltas if rule == "gradient" else errors)
    return errors, hidden_errors, output_deltas, [e * y * (1 - y) for e, y in zip(hidden_errors, h, strict=True)]


def _step(wih: Mat, who: Mat, inputs: Vec, targets: Vec, lr: mpf, rule: str) -> tuple[Mat, Mat]:
    fwd = _forward(wih, who, inputs)
    _, _, do, dh = _backward(who, targets, fwd, rule)
    h = fwd["hidden_outputs"]
    if rule == "article":
        s_who = lr * mpmath.fsum(a * b for a, b in zip(do, h, strict=True))
        s_wih = lr * mpmath.fsum(a * b for a, b in zip(dh, inputs, strict=True))
        return [[w + s_wih for w in row] for row in wih], [[w + s_who for w in row] for row in who]
    return (
        [[w + lr * dh[b] * inputs[c] for c, w in enumerate(row)] for b, row in enumerate(wih)],
        [[w + lr * do[a] * h[b] for b, w in enumerate(row)] for a, row in enumerate(who)],
    )


def handle(op: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one Protocol 1 request with ``mpf`` values (lists of them), at :data:`DIGITS` digits."""
    with mpmath.workdps(DIGITS):
        if op == "matmul":
            a, b = _mat(args["a"]), args["b"]
            if b and isinstance(b[0], list | tuple):
                bt = _transpose(_mat(b))
                return {"product": [_matvec(bt, row) for row in a]}
            return {"product": _matvec(a, _vec(b))}
        if op == "sigmoid":
            return {"y": _sigmoid(_vec(args["x"]))}
        wih, who = _mat(args["wih"]), _mat(args["who"])
        if op == "query":
            return {"final_outputs": [_forward(wih, who, x)["final_outputs"] for x in _mat(args["inputs"])]}
        if op == "forward":
            return _forward(wih, who, _vec(args["inputs"]))
        if op == "backward":
            inputs, targets = _vec(args["inputs"]), _vec(args["targets"])
            errors, hidden_errors, _, _ = _backward(who, targets, _forward(wih, who, inputs), args["rule"])
            return {"output_errors": errors, "hidden_errors": hidden_errors}
        if op in ("train", "fit"):  # train takes `steps` on one sample, fit `epochs` over many, a step each
            samples, labels = (_mat(args[n] if op == "fit" else [args[n]]) for n in ("inputs", "targets"))
            lr = mpf(args["learning_rate"])
            for _ in range(int(args.get("epochs" if op == "fit" else "steps", 1))):
                for x, t in zip(samples, labels, strict=True):
                    wih, who = _step(wih, who, x, t, lr, args["rule"])
            return {"wih": wih, "who": who}
    raise KeyError(f"unknown op {op!r}")


def to_float(value: Any) -> Any:
    """The float64 nearest each ``mpf`` (mpmath rounds to nearest), keeping the nesting of dicts and lists."""
    if isinstance(value, dict):
        return {k: to_float(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_float(v) for v in value]
    return float(value)

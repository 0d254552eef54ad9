"""Classic porting bugs, planted one at a time in the reference: ``mlp-spec serve --defect NAME`` shows a porter
what a bug written from the article or the book looks like. ``caught_by`` holds the ``--id`` selections of the
scenarios that fail, and no other (tests/test_defects.py).

A defect changes an argument of the request, the reference's answer, or the arithmetic (:class:`Plain`, a
plain port right in every way but one). All but ``accepts-anything`` leave the reference's validation alone.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.special
from numpy.typing import NDArray

from mlp_ref import InputError
from mlp_spec.harness import adapter, protocol, shapes

Array = NDArray[np.floating[Any]]  # float32 for the defect that computes in single precision
Handle = Callable[[Any, Any], dict[str, Any]]
"""Answers a request's op and args, as sent (:func:`mlp_spec.harness.adapter.handle`), or raises
:class:`mlp_ref.InputError`."""


@dataclass(frozen=True)
class Defect:
    """One classic bug: what it is, the scenarios that catch it, and how a request is answered with it."""

    description: str
    caught_by: tuple[str, ...]
    """The scenarios that fail, as ``--id`` selections: an id, or the start of ids (``reject.argument`` picks
    every ``reject.argument/…``)."""
    handle: Handle


def _changed_arg(name: str, change: Callable[[Any], Any]) -> Handle:
    """The reference, sent the argument ``name`` as ``change`` makes it once the request as sent has passed
    its checks."""

    def handle(op: str, args: Mapping[str, Any]) -> dict[str, Any]:
        answer = adapter.handle(op, args)
        if name not in protocol.ARGS[op]:
            return answer
        return adapter.handle(op, {**args, name: change(args.get(name, protocol.OPTIONAL.get(name)))})

    return handle


def _changed_answer(change: Callable[[Any], Any]) -> Handle:
    def handle(op: str, args: Mapping[str, Any]) -> dict[str, Any]:
        return {name: change(value) for name, value in adapter.handle(op, args).items()}

    return handle


def _rounded(value: Any) -> Any:
    """Numbers at 15 significant digits, as ``%.15g`` prints them: what the harness reads from such a port."""
    return [_rounded(v) for v in value] if isinstance(value, list) else float(f"{value:.15g}")


def _transposed(value: list[Any]) -> list[Any]:
    return np.transpose(value).tolist() if isinstance(value[0], list) else value


def _accepts_anything(op: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """The reference's answer; for bad input, 0.5s of the shape a good answer would have (or ``{"y": [0.5]}``)."""
    try:
        return adapter.handle(op, args)
    except InputError:
        pass
    try:
        wanted = shapes.expected_shapes(op, args)
    except (KeyError, IndexError, TypeError):
        wanted = {}
    return {name: np.full(shape, 0.5).tolist() for name, shape in wanted.items()} or {"y": [0.5]}


def _naive_sigmoid(x: Array) -> Array:
    # math.exp raises OverflowError past e^709.78, so σ(x) fails for x < −709.78 where expit gives 0.
    return np.array([1.0 / (1.0 + math.exp(-v)) for v in x])


@dataclass(frozen=True)
class Plain:
    """A plain port of the network, one sample at a time, right in every way its fields leave alone."""

    dtype: type = np.float64
    sigmoid: Callable[[Array], Array] = scipy.special.expit
    error_sign: float = 1.0
    """e = error_sign · (targets − final_outputs)."""
    slope_of_final_inputs: bool = False
    """σ′ at the output written with final_inputs, the sums, where final_outputs (σ of them) is meant."""
    back_through_who: bool = False
    """Errors carried back through who, where whoᵀ is meant."""

    def handle(self, op: str, args: Mapping[str, Any]) -> dict[str, Any]:
        adapter.handle(op, args)  # the reference validates: its answer is replaced, its rejection stands
        a: dict[str, Array] = {
            name: np.asarray(value, dtype=self.dtype) for name, value in args.items() if name != "rule"
        }
        if op == "matmul":
            return {"product": (a["a"] @ a["b"]).tolist()}
        if op == "sigmoid":
            return {"y": self.sigmoid(a["x"]).tolist()}
        if op == "forward":
            names = ("hidden_inputs", "hidden_outputs", "final_inputs", "final_outputs")
            return dict(zip(names, (s.tolist() for s in self._forward(a["wih"], a["who"], a["inputs"])), strict=True))
        if op == "query":
            return {"final_outputs": [self._forward(a["wih"], a["who"], row)[3].tolist() for row in a["inputs"]]}
        if op == "backward":
            fwd = self._forward(a["wih"], a["who"], a["inputs"])
            errors, hidden_errors, _ = self._backward(a["who"], a["targets"], fwd, args["rule"])
            return {"output_errors": errors.tolist(), "hidden_errors": hidden_errors.tolist()}
        wih, who, lr = a["wih"], a["who"], a["learning_rate"]
        if op == "train":
            samples = [(a["inputs"], a["targets"])] * int(args.get("steps", 1))
        else:
            samples = list(zip(a["inputs"], a["targets"], strict=True)) * int(args.get("epochs", 1))
        for inputs, targets in samples:
            wih, who = self._step(wih, who, inputs, targets, lr, args["rule"])
        return {"wih": wih.tolist(), "who": who.tolist()}

    def _forward(self, wih: Array, who: Array, inputs: Array) -> tuple[Array, Array, Array, Array]:
        hidden_inputs = wih @ inputs
        hidden_outputs = self.sigmoid(hidden_inputs)
        final_inputs = who @ hidden_outputs
        return hidden_inputs, hidden_outputs, final_inputs, self.sigmoid(final_inputs)

    def _backward(
        self, who: Array, targets: Array, fwd: tuple[Array, Array, Array, Array], rule: str
    ) -> tuple[Array, Array, Array]:
        """The output errors, the hidden errors and the output deltas under ``rule``."""
        _, _, final_inputs, final_outputs = fwd
        errors = self.error_sign * (targets - final_outputs)
        slope_at = final_inputs if self.slope_of_final_inputs else final_outputs
        deltas = errors * slope_at * (1 - slope_at)
        back = who if self.back_through_who else who.T
        return errors, back @ (deltas if rule == "gradient" else errors), deltas

    def _step(self, wih: Array, who: Array, inputs: Array, targets: Array, lr: Array, rule: str) -> tuple[Array, Array]:
        fwd = self._forward(wih, who, inputs)
        hidden_outputs = fwd[1]
        _, hidden_errors, output_deltas = self._backward(who, targets, fwd, rule)
        hidden_deltas = hidden_errors * hidden_outputs * (1 - hidden_outputs)
        # The article's 1-D arrays make np.dot an inner product: one number added to every weight of a layer.
        product = np.dot if rule == "article" else np.outer
        return wih + lr * product(hidden_deltas, inputs), who + lr * product(output_deltas, hidden_outputs)


def _rule_for(asked: str, used: str) -> Callable[[Any], Any]:
    return lambda rule: used if rule == asked else rule


def _defect(description: str, caught_by: str, handle: Handle) -> Defect:
    return Defect(description, tuple(caught_by.split()), handle)


# In the order `mlp-spec defects` lists them.
DEFECTS: dict[str, Defect] = {
    "transposed-who": _defect(
        "carries the errors back through who, not whoᵀ (backward, train, fit)",
        "backward.article backward.gradient train-step.article train-step.book train-step.gradient "
        "train-step.overshoot/20 train-step.overshoot/50 train-repeat digits.learns digits.one-epoch "
        "digits.two-epochs gradient.rules/gradient proof.book-factor proof.code train-step.non-square",
        Plain(back_through_who=True).handle,
    ),
    "slope-of-final-inputs": _defect(
        "takes σ′ of final_inputs, not final_outputs: output deltas e∘x∘(1 − x) with x the sums",
        "backward.gradient train-step.article train-step.book train-step.gradient train-step.overshoot "
        "train-repeat digits.learns digits.one-epoch digits.two-epochs gradient.rules/gradient gradient.rules/book "
        "proof.book-factor proof.code train-step.non-square",
        Plain(slope_of_final_inputs=True).handle,
    ),
    "error-sign": _defect(
        "computes the error the wrong way round: e = final_outputs − targets",
        "backward.article backward.gradient train-step.article train-step.article-direction train-step.book "
        "train-step.gradient train-step.overshoot train-repeat digits.learns digits.one-epoch digits.two-epochs "
        "gradient.rules/gradient gradient.rules/book proof.book-factor proof.code train-step.non-square",
        Plain(error_sign=-1.0).handle,
    ),
    "ignore-lr": _defect(
        "trains with no learning rate: every step as if learning_rate were 1",
        "train-step.article train-step.book train-step.gradient train-step.learning-rate train-step.overshoot "
        "train-repeat digits.one-epoch digits.two-epochs gradient.rules/gradient gradient.rules/book proof.code "
        "train-step.non-square",
        _changed_arg("learning_rate", lambda _: 1.0),
    ),
    "steps-off-by-one": _defect(
        "train takes one step more than steps asks (a loop to ≤ steps)",
        "train-step.article train-step.book train-step.gradient train-step.learning-rate train-step.overshoot "
        "train-repeat gradient.rules/gradient gradient.rules/book proof.code train-step.non-square",
        _changed_arg("steps", lambda steps: steps + 1),
    ),
    "ignore-epochs": _defect(
        "fit makes one pass over the samples, whatever epochs asks (the loop over epochs forgotten)",
        "digits.learns digits.two-epochs",
        _changed_arg("epochs", lambda _: 1),
    ),
    "book-for-gradient": _defect(
        "trains with the book's rule when the gradient's is asked (hidden errors whoᵀ·e, no σ′)",
        "backward.gradient train-step.gradient train-step.overshoot train-repeat.converges/gradient "
        "train-repeat.book-beats-gradient gradient.rules/gradient proof.book-factor proof.code/gradient "
        "train-step.non-square",
        _changed_arg("rule", _rule_for("gradient", "book")),
    ),
    "outer-for-article": _defect(
        "uses outer products for the article's rule, whose np.dot of 1-D arrays is an inner product",
        "train-step.article train-repeat.article-stalls gradient.rules/article proof.code/article",
        _changed_arg("rule", _rule_for("article", "book")),
    ),
    "float32": _defect(
        "computes in float32, single precision",
        "matmul.order sigmoid.article/1 sigmoid.article/2 sigmoid.article/-1 sigmoid.article/-2 "
        "sigmoid.article/-100 sigmoid.correctly-rounded sigmoid.slope forward backward.article backward.gradient "
        "train-step.article train-step.book train-step.gradient train-step.learning-rate train-repeat.converges "
        "train-repeat.article-stalls digits.one-epoch digits.two-epochs gradient.rules/gradient gradient.rules/book "
        "proof.book-factor proof.code train-step.non-square",
        Plain(dtype=np.float32).handle,
    ),
    "naive-sigmoid": _defect(
        "computes σ(x) as 1/(1 + math.exp(−x)), which overflows for x below −709.78",
        "sigmoid.far/-710 sigmoid.far/-1000",
        Plain(sigmoid=_naive_sigmoid).handle,
    ),
    "print-15-digits": _defect(
        "prints numbers with 15 significant digits (%.15g), too few to round-trip a float64",
        "sigmoid.article/-2 sigmoid.article/-100 sigmoid.correctly-rounded/-2 sigmoid.correctly-rounded/-100",
        _changed_answer(_rounded),
    ),
    "column-major": _defect(
        "writes matrices column by column, as Fortran, Julia, MATLAB and R store them",
        "matmul forward.without-sigmoid train-step.article train-step.book train-step.gradient "
        "train-step.learning-rate train-step.overshoot train-repeat digits.learns digits.one-epoch "
        "digits.two-epochs gradient.rules/gradient gradient.rules/book proof.code train-step.non-square",
        _changed_answer(_transposed),
    ),
    "accepts-anything": _defect(
        "validates nothing: bad input gets a result, not an error naming the argument",
        "digits.article-rule reject.argument reject.training-overflow reject.side-limit reject.missing "
        "reject.article-shape reject.op reject.data-set reject.data-set-missing "
        "reject.data-set-article conduct.bad-line/op-missing conduct.bad-line/args-missing "
        "conduct.bad-line/args-not-an-object",
        _accepts_anything,
    ),
}


def listing(as_json: bool = False) -> str:
    """What ``mlp-spec defects`` prints: each defect's name, description and the scenarios that catch it."""
    if as_json:
        rows = [{"name": n, "description": d.description, "caught_by": list(d.caught_by)} for n, d in DEFECTS.items()]
        return json.dumps(rows, indent=1, ensure_ascii=False)
    lines = []
    for name, defect in DEFECTS.items():
        caught = ", ".join(defect.caught_by) or "no scenario yet"
        lines += [
            f"{name}: {defect.description}",
            *textwrap.wrap(
                caught, 100, initial_indent="  caught by: ", subsequent_indent="    ", break_on_hyphens=False
            ),
        ]
    return "\n".join(lines)

"""The weight update: one step of training, many steps on one sample, and passes over a data set.

    book, gradient:  who += learning_rate · output_deltas · hidden_outputsᵀ     (outer products)
                     wih += learning_rate · hidden_deltas · inputsᵀ
    article:         who += learning_rate · (output_deltas · hidden_outputs)   (inner products: one number)
                     wih += learning_rate · (hidden_deltas · inputs)

The article's ``np.dot`` of two 1-D arrays is their inner product, so its code adds one number to every
weight of a layer; the book means column vectors, whose product is the outer product. :func:`train` and
:func:`fit` check their arguments once, then update copies of the weights in place with BLAS ``dger``
(docs/training-speed.md), rounding as (learning_rate · δ_b) · I_c: within the last bit of each step.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.linalg.blas import dger as _dger
from scipy.special import expit as _expit
from threadpoolctl import ThreadpoolController

from mlp_ref import validate
from mlp_ref.backprop import RULES, Backward, _backward, check_rule_fits
from mlp_ref.network import _forward
from mlp_ref.validate import Array, InputError

UPDATE = "the weights' update"
UPDATE_OVERFLOWS = f"{UPDATE} overflows float64"


def update(
    wih: Array, who: Array, inputs: Array, back: Backward, learning_rate: float, rule: str
) -> tuple[Array, Array]:
    """New (wih, who) after one step from the errors in ``back``; the arguments are not modified.

    ``back`` must be what :func:`~mlp_ref.backprop.backward` gave for these weights and inputs under this
    rule: its rule and its sizes are checked (numpy would broadcast another network's deltas), and a step
    that overflows float64 is refused, naming the learning rate."""
    wih_a, who_a, inputs_a = validate.network(wih, who, inputs)
    lr, rule_s = validate.learning_rate(learning_rate), validate.rule(rule, RULES)
    check_rule_fits(rule_s, wih_a, who_a)
    _check_back(back, wih_a, who_a, rule_s)
    h = back.forward.hidden_outputs
    with validate.overflow_checked():
        if rule_s == "article":
            new_wih = wih_a + lr * float(np.dot(back.hidden_deltas, inputs_a))
            new_who = who_a + lr * float(np.dot(back.output_deltas, h))
        else:
            new_wih = wih_a + lr * np.outer(back.hidden_deltas, inputs_a)
            new_who = who_a + lr * np.outer(back.output_deltas, h)
    return validate.finite("learning_rate", new_wih, UPDATE), validate.finite("learning_rate", new_who, UPDATE)


def _check_back(back: object, wih: Array, who: Array, rule: str) -> None:
    if not isinstance(back, Backward):
        raise InputError("back", f"must be what backward() returns, got {type(back).__name__}")
    if back.rule != rule:
        raise InputError("back", f"is the {back.rule} rule's backward pass, not the {rule} rule's")
    sizes = len(back.hidden_deltas), len(back.output_deltas), len(back.forward.hidden_outputs)
    if sizes != (wih.shape[0], who.shape[0], wih.shape[0]):
        raise InputError(
            "back",
            f"is for {sizes[0]} hidden and {sizes[1]} output nodes, not wih's {wih.shape[0]} and who's {who.shape[0]}",
        )


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _train(
    wih: Array, who: Array, inputs: Array, targets: Array, learning_rate: float, rule: str, passes: int
) -> tuple[Array, Array]:
    """:func:`_steps` on one BLAS thread: a step's products are too small to share, and threads that wait for
    one another slow it down sixteenfold on a busy machine (benchmarks/timings.md)."""
    with _blas().limit(limits=1, user_api="blas"):
        return _steps(wih, who, inputs, targets, learning_rate, rule, passes)


def _steps(
    wih: Array, who: Array, inputs: Array, targets: Array, learning_rate: float, rule: str, passes: int
) -> tuple[Array, Array]:
    """``passes`` passes over the samples (rows of ``inputs`` and ``targets``), in order, one step each, on
    copies of the weights. Arguments are valid; only overflow is left to find.

    The step of :mod:`mlp_ref.backprop` and :func:`update` written out: on a small network numpy's cost per
    call, not arithmetic, is what a step spends, so each signal has one array written in place (numpy's
    ``out``, by position) and the weights are updated where they lie, keeping the bound ``dot`` methods valid."""
    wih, who = np.array(wih, order="C"), np.array(who, order="C")
    hidden = wih.shape[0]
    # The two layers side by side in one array each, [hidden | output], so that σ′ of both layers, and under
    # the book's rule both layers' deltas, take one numpy call where they would take two.
    size = hidden + who.shape[0]
    layer_outputs, errors, deltas, slopes = (np.empty(size) for _ in range(4))
    ones = np.ones(size)
    hidden_outputs, final_outputs = layer_outputs[:hidden], layer_outputs[hidden:]
    hidden_errors, output_errors = errors[:hidden], errors[hidden:]
    hidden_deltas, output_deltas = deltas[:hidden], deltas[hidden:]
    hidden_slope, final_slope = slopes[:hidden], slopes[hidden:]
    # A C-ordered matrix's transpose is the Fortran-ordered matrix BLAS updates in place: wᵀ += lr·x·δᵀ.
    wih_t, who_t = wih.T, who.T
    wih_dot, who_dot, who_t_dot = wih.dot, who.dot, who_t.dot
    gradient, article = rule == "gradient", rule == "article"
    sigmoid, multiply, subtract, dger = _expit, np.multiply, np.subtract, _dger
    samples = list(zip(inputs, targets, strict=True))
    step = 0
    try:
        # numpy raises at the first overflowing sum, so no step needs a check of its own.
        with np.errstate(over="raise", invalid="raise", under="ignore"):
            for _ in range(passes):
                for sample, sample_targets in samples:
                    step += 1
                    sigmoid(wih_dot(sample, hidden_outputs), hidden_outputs)  # h = σ(wih · I)
                    sigmoid(who_dot(hidden_outputs, final_outputs), final_outputs)  # o = σ(who · h)
                    subtract(sample_targets, final_outputs, output_errors)  # e = t − o
                    subtract(ones, layer_outputs, slopes)  # 1 − h and 1 − o
                    if gradient:
                        multiply(output_errors, final_outputs, output_deltas)
                        multiply(output_deltas, final_slope, output_deltas)  # e ∘ o ∘ (1 − o)
                        who_t_dot(output_deltas, hidden_errors)  # whoᵀ · (e ∘ o ∘ (1 − o))
                        multiply(hidden_errors, hidden_outputs, hidden_deltas)
                        multiply(hidden_deltas, hidden_slope, hidden_deltas)  # hidden_errors ∘ h ∘ (1 − h)
                    else:
                        who_t_dot(output_errors, hidden_errors)  # whoᵀ · e
                        multiply(errors, layer_outputs, deltas)
                        multiply(deltas, slopes, deltas)  # both layers' errors ∘ y ∘ (1 − y)
                    if article:
                        try:
                            wih += learning_rate * float(np.dot(hidden_deltas, sample))
                            who += learning_rate * float(np.dot(output_deltas, hidden_outputs))
                        except FloatingPointError:
                            # The sum is written (as inf) before numpy raises: a pass over these weights would
                            # blame them, where the step the learning rate made is what overflowed.
                            raise InputError("learning_rate", f"{UPDATE_OVERFLOWS} at step {step}") from None
                    else:
                        dger(learning_rate, hidden_outputs, output_deltas, a=who_t, overwrite_a=1)
                        dger(learning_rate, sample, hidden_deltas, a=wih_t, overwrite_a=1)
    except FloatingPointError:
        sample = (step - 1) % len(inputs)
        raise _overflow(wih, who, inputs[sample], targets[sample], rule, step) from None
    validate.finite("learning_rate", wih, "training (wih)")
    validate.finite("learning_rate", who, "training (who)")
    return wih, who


def _overflow(wih: Array, who: Array, inputs: Array, targets: Array, rule: str, step: int) -> InputError:
    """The error for an overflow at ``step``, found again by a careful pass over the step's weights: at the
    first step the given weights are to blame; later, the steps the learning rate made."""
    with validate.overflow_checked():
        fwd = _forward(wih, who, inputs)
        back = _backward(who, targets, fwd, rule)
    for layer, signal, what in (
        ("wih", fwd.hidden_inputs, "wih · inputs overflows"),
        ("who", fwd.final_inputs, "who · hidden_outputs overflows"),
        ("who", back.hidden_errors, "the hidden errors' sum overflows"),
    ):
        if not np.isfinite(signal).all():
            return InputError(layer if step == 1 else "learning_rate", f"{what} float64 at step {step}")
    return InputError("learning_rate", f"{UPDATE_OVERFLOWS} at step {step}")


def train(
    wih: object, who: object, inputs: object, targets: object, learning_rate: object, rule: object, steps: object = 1
) -> tuple[Array, Array]:
    """(wih, who) after ``steps`` steps of ``rule`` on the one sample (``inputs``, ``targets``)."""
    wih_a, who_a, inputs_a = validate.network(wih, who, inputs)
    targets_a = validate.targets(targets, who_a.shape[0])
    lr, rule_s = validate.learning_rate(learning_rate), validate.rule(rule, RULES)
    n = validate.whole("steps", steps, validate.MAX_STEPS)
    check_rule_fits(rule_s, wih_a, who_a)
    validate.work("steps", n, wih_a, who_a)
    return _train(wih_a, who_a, inputs_a[np.newaxis], targets_a[np.newaxis], lr, rule_s, n)


def fit(
    wih: object, who: object, inputs: object, targets: object, learning_rate: object, rule: object, epochs: object = 1
) -> tuple[Array, Array]:
    """(wih, who) after ``epochs`` passes over a data set, one step of ``rule`` per sample, in the given
    order: ``inputs`` is N×n and ``targets`` N×k, one sample a row."""
    wih_a, who_a = validate.matrix("wih", wih), validate.matrix("who", who)
    inputs_a = validate.samples(inputs, wih_a, who_a)
    targets_a = validate.sample_targets(targets, inputs_a, who_a)
    lr, rule_s = validate.learning_rate(learning_rate), validate.rule(rule, RULES)
    passes = validate.whole("epochs", epochs, validate.MAX_EPOCHS)
    check_rule_fits(rule_s, wih_a, who_a)
    validate.work("epochs", passes * len(inputs_a), wih_a, who_a)
    return _train(wih_a, who_a, inputs_a, targets_a, lr, rule_s, passes)

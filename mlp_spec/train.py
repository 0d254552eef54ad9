"""``mlp-spec train`` (docs/command.md): the reference learns the article's one sample step by step, printing
E = ½Σ(t − o)² after 0, 1, 10, … steps, or the handwritten digits of :mod:`mlp_spec.digits` epoch by epoch,
printing the held-out digits recognised, from the book's initial weights (``default_rng(seed)``: wih, then
who). ``--plot`` draws either as SVG or PNG.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

import mlp_ref
from mlp_ref.validate import MAX_EPOCHS, MAX_STEPS
from mlp_spec import digits, outputs
from mlp_spec.harness.backends import Rejected
from mlp_spec.harness.options import positive, whole
from mlp_spec.report import needs, plot

CHUNK = 64
"""Digits per call to :func:`mlp_ref.fit` between updates of the progress bar (the same steps, in order)."""


@dataclass
class Curve:
    """One rule's run: the held-out digits recognised after each epoch, and its final weights."""

    rule: str
    recognised: list[int]
    wih: Any
    who: Any


def learn(
    rule: str, epochs: int, hidden: int = 100, learning_rate: float = 0.3, seed: int = 0, progress: bool = False
) -> Curve:
    """Train from the book's initial weights for ``epochs`` epochs, counting the held-out digits after each."""
    data = digits.load()
    wih, who = mlp_ref.init_weights(digits.PIXELS, hidden, digits.CLASSES, np.random.default_rng(seed))
    counts = []
    with tqdm(total=epochs * digits.TRAIN, unit="digit", desc=rule, disable=not progress, file=sys.stderr) as bar:
        for epoch in range(1, epochs + 1):
            for start in range(0, digits.TRAIN, CHUNK):
                stop = min(start + CHUNK, digits.TRAIN)
                inputs, targets = data.train_inputs[start:stop], data.train_targets[start:stop]
                wih, who = mlp_ref.fit(wih, who, inputs, targets, learning_rate, rule)
                bar.update(stop - start)
            got = digits.recognised(mlp_ref.query(wih, who, data.test_inputs), data.test_labels)
            counts.append(got)
            if progress:
                bar.write(f"{rule:<9} epoch {epoch:>3}: {got} of {digits.HELD_OUT} held-out digits ({got / 4.5:.2f}%)")
    return Curve(rule, counts, wih, who)


def figure(curves: list[Curve], title: str = "") -> Any:
    """Held-out accuracy (%) after each epoch, one line per rule, and the baseline; ``title`` for a figure that
    stands alone (the page gives it a caption)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(6.4, 3.6))
    fig.subplots_adjust(left=0.12, right=0.97, top=0.9 if title else 0.95, bottom=0.14)
    axes = fig.add_subplot()
    for curve in curves:
        epochs = range(1, len(curve.recognised) + 1)
        percent = [100 * c / digits.HELD_OUT for c in curve.recognised]
        axes.plot(epochs, percent, "o-", color=plot.COLOURS.get(curve.rule), label=curve.rule, linewidth=1.8)
    baseline = 100 * digits.BASELINE / digits.HELD_OUT
    axes.axhline(baseline, color="#7f8c8d", linewidth=0.8, linestyle=":")
    axes.annotate(
        f"scikit-learn MLPClassifier: {baseline:.1f}%", (1, baseline), xytext=(2, -11), textcoords="offset points",
        fontsize=8, color="#5d6d7e",
    )  # fmt: skip
    if title:
        axes.set_title(title, fontsize=10)
    axes.set(xlabel="epochs (passes over the 1,347 training digits)", ylabel="held-out digits recognised (%)")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(True, color="#dddddd", linewidth=0.6)
    axes.legend(title="rule", frameon=False, loc="lower right")
    return fig


DEFAULTS = {
    "article": {"steps": 10_000, "learning_rate": 0.1, "rule": ["article", "book", "gradient"]},
    "digits": {"epochs": 5, "hidden": 100, "learning_rate": 0.3, "seed": 0, "rule": ["book"]},
}
"""Each data set's options, and what each is when not given; an option of the other data set is refused."""


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "train",
        help="train the reference on the article's sample (E per step) or on the handwritten digits (accuracy)",
    )
    parser.add_argument(
        "--data", choices=list(DEFAULTS), required=True,
        help="the article's one sample (features/05), or the data set of scikit-learn's 8×8 digits",
    )  # fmt: skip
    parser.add_argument(
        "--rule", nargs="+", action="extend", choices=["article", "book", "gradient"],
        help="rule(s) (article: all three; digits: book)",
    )  # fmt: skip
    parser.add_argument("--steps", type=whole(1, MAX_STEPS), help="article: training steps (10000)")
    parser.add_argument("--epochs", type=whole(1, MAX_EPOCHS), help="digits: passes (5)")
    parser.add_argument("--hidden", type=whole(1, 10_000), help="digits: hidden nodes (100)")
    parser.add_argument("--learning-rate", type=positive(), help="learning rate (article: 0.1; digits: 0.3)")
    parser.add_argument("--seed", type=whole(0, 2**32 - 1), help="digits: seed of the initial weights (0)")
    parser.add_argument(
        "--plot", type=Path, metavar="PATH", help="write E per step, or the learning curves (.svg, .png)"
    )
    parser.set_defaults(handler=main)


def main(options: argparse.Namespace) -> int:
    """Run ``train``; 0 when done, 2 for a usage error (said before any training where it can be)."""
    other = next(d for d in DEFAULTS if d != options.data)
    for name in DEFAULTS[other].keys() - DEFAULTS[options.data].keys():
        if getattr(options, name) is not None:
            return _usage(f"--{name.replace('_', '-')}: only with --data {other}")
    for name, default in DEFAULTS[options.data].items():
        if getattr(options, name) is None:
            setattr(options, name, default)
    options.rule = list(dict.fromkeys(options.rule))
    if options.plot is not None and (trouble := _plot_problem(options.plot)):
        return _usage(trouble)
    return _article(options) if options.data == "article" else _digits(options)


def _plot_problem(path: Path) -> str:
    if path.suffix.lower() not in (".svg", ".png"):
        return f"--plot: {path} must end in .svg or .png"
    if trouble := outputs.problem(path):
        return f"--plot: {trouble}"
    if missing := needs("matplotlib"):
        return f"--plot {missing}"
    return ""


def _article(options: argparse.Namespace) -> int:
    steps, rate = options.steps, options.learning_rate
    print(f"the article's sample (features/05), 3-3-3 network, learning rate {rate}, {steps:,} steps")
    try:
        data = plot.curves(steps, rules=options.rule, learning_rate=rate)
    except Rejected as error:
        return _usage(str(error))  # a learning rate whose updates overflow, named by the reference
    print("E = ½Σ(t − o)² after each number of steps:")
    print(f"{'steps':>8}" + "".join(f"{rule:>12}" for rule in data))
    for step in dict.fromkeys([0, *plot.decades(steps), steps]):  # each once: steps may be a power of ten
        print(f"{step:>8,}" + "".join(f"{dict(curve)[step]:>12.4e}" for curve in data.values()))
    if "article" in data:
        print(f"the article rule's floor (features/06): {plot.floor():.4e}, the least E its two numbers approach")
    if options.plot is not None:
        title = f"Loss per step on the article's sample, learning rate {rate}"
        plot.save(lambda: plot.figure(data, steps, title), options.plot)
        print(f"wrote {options.plot}")
    return 0


def _digits(options: argparse.Namespace) -> int:
    rules = options.rule
    if "article" in rules and not digits.PIXELS == options.hidden == digits.CLASSES:
        # Said before any training, so that no progress bar is left half-drawn above it.
        return _usage(
            f"--rule: article needs as many inputs as hidden and output nodes ({digits.PIXELS} inputs, "
            f"{options.hidden} hidden, {digits.CLASSES} outputs)"
        )
    print(
        f"64-{options.hidden}-10 network, learning rate {options.learning_rate}, seed {options.seed}: "
        f"{digits.TRAIN} training digits, {digits.HELD_OUT} held out (scikit-learn's load_digits)"
    )
    curves = []
    try:
        for rule in rules:
            curve = learn(rule, options.epochs, options.hidden, options.learning_rate, options.seed, progress=True)
            curves.append(curve)
            percents = ", ".join(f"{c / 4.5:.2f}%" for c in curve.recognised)
            print(f"{rule}: {percents} (final {curve.recognised[-1]} of 450)")
    except digits.NoDigits as error:
        print(f"mlp-spec train: {error}", file=sys.stderr)
        return 1
    except mlp_ref.InputError as error:
        return _usage(str(error))  # the rules were checked above: this names a number (an update that overflows)
    if options.plot is not None:
        rate, seed = options.learning_rate, options.seed
        title = f"Held-out digits recognised, 64-{options.hidden}-10, learning rate {rate}, seed {seed}"
        plot.save(lambda: figure(curves, title), options.plot)
        print(f"wrote {options.plot}")
    return 0


def _usage(message: str) -> int:
    print(f"mlp-spec train: {message}", file=sys.stderr)
    return 2

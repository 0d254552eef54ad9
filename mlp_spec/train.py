"""``mlp-spec train``: the reference learns the handwritten digits, epoch by epoch, as the book learns MNIST.

    mlp-spec train --data digits --rule book --epochs 5 [--hidden 100] [--learning-rate 0.3] [--seed 0]
                   [--plot curves.svg]

It trains :mod:`mlp_ref` on the 1,347 training digits of :mod:`mlp_spec.digits` (in the split's order, one
step per digit, with a progress bar) and prints, after each epoch, how many of the 450 held-out digits it
recognises. ``--rule`` takes several rules (``--rule book gradient``) to set their learning curves side by
side; ``--plot`` draws them (accuracy per epoch, per rule) with matplotlib, as SVG or PNG by the file's
suffix. The initial weights are the book's, drawn from ``numpy.random.default_rng(seed)``: wih, then who.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlp_spec import outputs
from mlp_spec.harness.options import positive, whole
from mlp_spec.report import needs

# numpy, scipy (by way of mlp_ref) and the digits are imported where they are used: cli.py declares this
# command for every `mlp-spec …`, and `mlp-spec --version` or `list` should not pay a quarter of a second for them.

CHUNK = 64
"""Digits per call to :func:`mlp_ref.fit` between updates of the progress bar (the same steps, in order)."""


@dataclass
class Curve:
    """One rule's run: the held-out digits recognised after each epoch, and the weights it ended with."""

    rule: str
    recognised: list[int]
    wih: Any
    who: Any


def learn(
    rule: str, epochs: int, hidden: int = 100, learning_rate: float = 0.3, seed: int = 0, progress: bool = False
) -> Curve:
    """Train from the book's initial weights for ``epochs`` epochs, counting the held-out digits after each."""
    # tqdm ships no type information; a module looked up by name is typed Any, as the untyped package is.
    import numpy as np

    import mlp_ref
    from mlp_spec import digits

    tqdm = importlib.import_module("tqdm").tqdm
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
            counts.append(digits.recognised(mlp_ref.query(wih, who, data.test_inputs), data.test_labels))
            if progress:
                got = counts[-1]
                bar.write(f"{rule:<9} epoch {epoch:>3}: {got} of {digits.HELD_OUT} held-out digits ({got / 4.5:.2f}%)")
    return Curve(rule, counts, wih, who)


def figure(curves: list[Curve]) -> Any:
    """The learning curves: held-out accuracy (%) after each epoch, one line per rule, and the baseline."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from mlp_spec import digits
    from mlp_spec.report.plot import COLOURS

    fig = Figure(figsize=(6.4, 3.6))
    fig.subplots_adjust(left=0.12, right=0.97, top=0.95, bottom=0.14)
    axes = fig.add_subplot()
    for curve in curves:
        epochs = range(1, len(curve.recognised) + 1)
        percent = [100 * c / digits.HELD_OUT for c in curve.recognised]
        axes.plot(epochs, percent, "o-", color=COLOURS.get(curve.rule), label=curve.rule, linewidth=1.8)
    baseline = 100 * digits.BASELINE / digits.HELD_OUT
    axes.axhline(baseline, color="#7f8c8d", linewidth=0.8, linestyle=":")
    axes.annotate(
        f"scikit-learn MLPClassifier: {baseline:.1f}%", (1, baseline), xytext=(2, -11), textcoords="offset points",
        fontsize=8, color="#5d6d7e",
    )  # fmt: skip
    axes.set(xlabel="epochs (passes over the 1,347 training digits)", ylabel="held-out digits recognised (%)")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(True, color="#dddddd", linewidth=0.6)
    axes.legend(title="rule", frameon=False, loc="lower right")
    return fig


def save(curves: list[Curve], path: Path) -> None:
    """Write the learning curves to ``path``: SVG (the same bytes for the same curves) or PNG."""
    if path.suffix.lower() == ".svg":
        outputs.write_text(path, svg(curves))
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = figure(curves)
    FigureCanvasAgg(fig)
    outputs.write(path, lambda temporary: fig.savefig(temporary, format="png", metadata={"Software": None}))


def svg(curves: list[Curve]) -> str:
    """The learning curves as an SVG document (text): fixed ids, text kept as text, no date."""
    from mlp_spec.report.plot import as_svg

    return as_svg(lambda: figure(curves))


def add_parser(commands: Any) -> None:
    """The ``train`` subcommand, for cli.py."""
    parser = commands.add_parser(
        "train", help="train the reference on the handwritten digits and print held-out accuracy per epoch"
    )
    parser.add_argument("--data", choices=["digits"], required=True, help="the data set (scikit-learn's 8×8 digits)")
    parser.add_argument(
        "--rule", nargs="+", action="extend", choices=["book", "gradient", "article"], help="rule(s) (book)"
    )
    parser.add_argument("--epochs", type=_epochs, default=5, help="passes (5)")
    parser.add_argument("--hidden", type=whole(1, 10_000), default=100, help="hidden nodes (100)")
    parser.add_argument("--learning-rate", type=positive(), default=0.3, help="learning rate (0.3)")
    parser.add_argument("--seed", type=whole(0, 2**32 - 1), default=0, help="seed of the initial weights (0)")
    parser.add_argument("--plot", type=Path, metavar="PATH", help="write the learning curves (.svg or .png)")
    parser.set_defaults(handler=main)


def main(options: argparse.Namespace) -> int:
    """Run ``train``; 0 when done, 2 for a usage error (a bad --plot path, a rule the network cannot take)."""
    import mlp_ref
    from mlp_spec import digits

    rules = list(dict.fromkeys(options.rule or ["book"]))
    if "article" in rules and not digits.PIXELS == options.hidden == digits.CLASSES:
        # Said before any training, so that no progress bar is left half-drawn above it.
        return _usage(
            f"--rule: article needs as many inputs as hidden and output nodes ({digits.PIXELS} inputs, "
            f"{options.hidden} hidden, {digits.CLASSES} outputs)"
        )
    if options.plot is not None:
        if options.plot.suffix.lower() not in (".svg", ".png"):
            return _usage(f"--plot: {options.plot} must end in .svg or .png")
        if not options.plot.parent.is_dir():
            return _usage(f"--plot: no folder {options.plot.parent} to write into")
        if trouble := outputs.problem(options.plot):  # a folder of that name, a file or folder not writable
            return _usage(f"--plot: {trouble}")
        if missing := needs("matplotlib"):
            return _usage(f"--plot {missing}")
    print(
        f"64-{options.hidden}-10 network, learning rate {options.learning_rate}, seed {options.seed}: "
        f"{digits.TRAIN} training digits, {digits.HELD_OUT} held out (scikit-learn's load_digits)"
    )
    curves = []
    try:
        for rule in rules:
            curve = learn(rule, options.epochs, options.hidden, options.learning_rate, options.seed, progress=True)
            curves.append(curve)
            got = curve.recognised[-1]
            print(f"{rule}: " + ", ".join(f"{c / 4.5:.2f}%" for c in curve.recognised) + f" (final {got} of 450)")
    except digits.NoDigits as error:
        print(f"mlp-spec train: {error}", file=sys.stderr)
        return 1
    except mlp_ref.InputError as error:
        return _usage(str(error))  # the rules were checked above: this names a number (an update that overflows)
    if options.plot is not None:
        save(curves, options.plot)
        print(f"wrote {options.plot}")
    return 0


def _usage(message: str) -> int:
    print(f"mlp-spec train: {message}", file=sys.stderr)
    return 2


def _epochs(text: str) -> int:
    from mlp_ref.validate import MAX_EPOCHS

    return whole(1, MAX_EPOCHS)(text)

"""How far the digits' held-out accuracy moves when the arithmetic moves by rounding: the basis of the margins
in features/07_handwritten_digits.feature.

    python benchmarks/digits_drift.py [--nudges 8] [--impl "node ports/javascript/adapter.js"]

For each rule, five passes at the learning rate 0.3 over the 1,347 training digits from the book's initial
weights (seed 0), then the 450 held out: the reference as it is; the same with every initial weight moved
by one unit in the last place, up or down at random (``--nudges`` draws), which stands for any port that
sums in another order; and a port, if given. It prints the digits recognised, least and most.
"""

from __future__ import annotations

import argparse

import numpy as np

from mlp_spec import digits
from mlp_spec.harness.backends import Backend, ReferenceBackend
from mlp_spec.harness.process import ProcessBackend


def recognised(backend: Backend, wih: np.ndarray, who: np.ndarray, rule: str) -> int:
    data = digits.load()
    fit = backend.call(
        "fit",
        {
            "wih": wih.tolist(),
            "who": who.tolist(),
            "inputs": data.train_inputs.tolist(),
            "targets": data.train_targets.tolist(),
            "learning_rate": 0.3,
            "rule": rule,
            "epochs": 5,
        },
    )
    outputs = backend.call("query", {"wih": fit["wih"], "who": fit["who"], "inputs": data.test_inputs.tolist()})
    return digits.recognised(outputs["final_outputs"], data.test_labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nudges", type=int, default=8)
    parser.add_argument("--impl", help="a port's command line, measured beside the reference")
    options = parser.parse_args()
    rng = np.random.default_rng(0)
    wih = rng.normal(0.0, 64**-0.5, (100, 64))
    who = rng.normal(0.0, 100**-0.5, (10, 100))
    reference = ReferenceBackend()
    port = ProcessBackend(options.impl) if options.impl else None
    noise = np.random.default_rng(1)

    def nudge(w: np.ndarray) -> np.ndarray:
        return np.nextafter(w, np.where(noise.random(w.shape) < 0.5, -np.inf, np.inf))

    print(f"{'rule':<10} {'reference':>9} {'nudged, least–most':>20} {'port':>6}   (of 450)")
    for rule in ("book", "gradient"):
        base = recognised(reference, wih, who, rule)
        nudged = [recognised(reference, nudge(wih), nudge(who), rule) for _ in range(options.nudges)]
        other = str(recognised(port, wih, who, rule)) if port else "–"
        print(f"{rule:<10} {base:>9} {min(nudged):>10}–{max(nudged):<9} {other:>6}")
    if port:
        port.close()


if __name__ == "__main__":
    main()

"""How far honest float64 implementations drift from the 50-digit answers: the basis of the tolerances.

    python benchmarks/drift.py [--impl "node ports/javascript/adapter.js"]

For every case of the golden vectors that has an expected answer, it asks the reference (and a port, if
given) and prints, per kind of case, the largest absolute and relative difference from the 50-digit answer
(not from the article's printed digits), next to the tolerance the vectors allow.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from mlp_spec.harness.backends import Backend, ReferenceBackend
from mlp_spec.harness.process import ProcessBackend
from mlp_spec.truth import exact

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "mlp-spec-vectors.json"


def kind(case: dict) -> str:
    steps = int(case["args"].get("steps", 1))
    if case["op"] == "fit":
        return f"fit ({len(case['args']['inputs'])} samples × {case['args'].get('epochs', 1)})"
    return f"{case['op']} ({steps} steps)" if case["op"] == "train" else case["op"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", help="a port's command line, measured beside the reference")
    options = parser.parse_args()
    backends: list[Backend] = [ReferenceBackend()]
    if options.impl:
        backends.append(ProcessBackend(options.impl))
    cases = [c for c in json.loads(VECTORS.read_text())["cases"] if "expected" in c]
    worst: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for case in cases:
        truth = exact.to_float(exact.handle(case["op"], case["args"]))
        for backend in backends:
            answer = backend.call(case["op"], case["args"])
            for field, value in truth.items():
                e, a = np.asarray(value), np.asarray(answer[field])
                diff = np.abs(a - e)
                rel = np.max(diff / np.where(e == 0, 1, np.abs(e)))
                w = worst[(kind(case), backend.name)]
                w[0], w[1] = max(w[0], float(diff.max())), max(w[1], float(rel))
                w[2], w[3] = case["tolerance"]["atol"], case["tolerance"]["rtol"]
    print(f"{'case':<24} {'implementation':<28} {'max |a−e|':>10} {'max rel':>10}   allowed (atol, rtol)")
    for (name, impl), (abs_err, rel_err, atol, rtol) in sorted(worst.items()):
        print(f"{name:<24} {impl:<28} {abs_err:>10.2e} {rel_err:>10.2e}   {atol:g}, {rtol:g}")
    for backend in backends:
        backend.close()


if __name__ == "__main__":
    main()

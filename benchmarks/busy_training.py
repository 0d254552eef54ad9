"""How the reference's training fares on a busy machine: 1,000 steps of a 300-300-300 network, on a quiet
machine and beside ``--load`` processes that each keep a core busy, with the reference's one BLAS thread and
with as many as OpenBLAS starts by default.

    python benchmarks/busy_training.py [--load 4] [--runs 5]

A step's products are too small to share among threads: on a busy machine the threads wait for one another,
and each step slows down many times over. mlp_ref trains on one BLAS thread (mlp_ref/training.py); the
default's figures are measured by calling the loop without that limit. Medians of ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

import mlp_ref
from mlp_ref import training

BUSY = [sys.executable, "-c", "while True: pass"]


def seconds(runs: int, one_thread: bool) -> float:
    rng = np.random.default_rng(0)
    wih, who = mlp_ref.init_weights(300, 300, 300, rng)
    inputs, targets = rng.random((1, 300)), rng.random((1, 300)) * 0.98 + 0.01
    train = training._train if one_thread else training._steps
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        train(wih, who, inputs, targets, 0.1, "book", 1000)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load", type=int, default=4)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    rows = [("quiet", 0), (f"{options.load} busy processes", options.load)]
    print("| machine | one BLAS thread | OpenBLAS's default |\n| --- | --- | --- |")
    for name, load in rows:
        busy = [subprocess.Popen(BUSY) for _ in range(load)]
        try:
            time.sleep(0.5 if load else 0)
            one, default = seconds(options.runs, True), seconds(options.runs, False)
        finally:
            for process in busy:
                process.kill()
                process.wait()
        print(f"| {name} | {one:.3f} s | {default:.3f} s |")


if __name__ == "__main__":
    main()

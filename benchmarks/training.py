"""Training speed per sample: the reference (``mlp_ref.fit``) against the book's own code, side by side.

    python benchmarks/training.py [--repeats 7] [--samples 200]

The baseline is Tariq Rashid's ``neuralNetwork.train`` from *Make Your Own Neural Network*, written out
below as the book prints it (column vectors from ``numpy.array(…, ndmin=2).T``, ``numpy.dot``,
``self.wih += self.lr * numpy.dot(…)``), with ``scipy.special.expit`` as its activation. Both train the
same network from the same weights over the same ``--samples`` random samples (inputs in [0.01, 1],
one-hot targets 0.01/0.99, so that no delta decays to subnormal numbers as it would on one sample
repeated), one step per sample, in one process; each repeat runs both, interleaved, and the table gives
the median time per sample and the ratio. The reference is timed through ``mlp_ref.fit``, which checks its
arguments once per call, as a port's ``fit`` request does.

Both run on one BLAS thread unless ``--threads`` says otherwise: a step's products are too small to share,
and on a busy two-core machine a second thread waits more than it works.

numpy's BLAS reads OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE) when it loads; the script prints the kernel
and thread count it got (threadpoolctl).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import numpy
import scipy.special

import mlp_ref


class neuralNetwork:  # the book's name, kept
    """The book's class, as far as training goes (its __init__ takes the weights instead of drawing them)."""

    def __init__(self, wih: Any, who: Any, learningrate: float) -> None:
        self.wih = numpy.array(wih)
        self.who = numpy.array(who)
        self.lr = learningrate
        self.activation_function = lambda x: scipy.special.expit(x)

    def train(self, inputs_list: Any, targets_list: Any) -> None:
        inputs = numpy.array(inputs_list, ndmin=2).T
        targets = numpy.array(targets_list, ndmin=2).T

        hidden_inputs = numpy.dot(self.wih, inputs)
        hidden_outputs = self.activation_function(hidden_inputs)

        final_inputs = numpy.dot(self.who, hidden_outputs)
        final_outputs = self.activation_function(final_inputs)

        output_errors = targets - final_outputs
        hidden_errors = numpy.dot(self.who.T, output_errors)

        self.who += self.lr * numpy.dot(
            (output_errors * final_outputs * (1.0 - final_outputs)), numpy.transpose(hidden_outputs)
        )
        self.wih += self.lr * numpy.dot(
            (hidden_errors * hidden_outputs * (1.0 - hidden_outputs)), numpy.transpose(inputs)
        )


def measure(sizes: tuple[int, int, int], samples: int, repeats: int) -> tuple[float, float, float]:
    n, m, k = sizes
    rng = numpy.random.default_rng(0)
    wih, who = mlp_ref.init_weights(n, m, k, rng)
    inputs = rng.random((samples, n)) * 0.99 + 0.01
    targets = numpy.full((samples, k), 0.01)
    targets[numpy.arange(samples), rng.integers(0, k, samples)] = 0.99
    book, ref = [], []
    for _ in range(repeats):
        net = neuralNetwork(wih, who, 0.1)
        start = time.perf_counter()
        for i in range(samples):
            net.train(inputs[i], targets[i])
        book.append((time.perf_counter() - start) / samples)
        start = time.perf_counter()
        new_wih, new_who = mlp_ref.fit(wih, who, inputs, targets, 0.1, "book")
        ref.append((time.perf_counter() - start) / samples)
    drift = max(float(abs(new_wih - net.wih).max()), float(abs(new_who - net.who).max()))
    return statistics.median(book), statistics.median(ref), drift


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads for both (default 1)")
    options = parser.parse_args()
    from threadpoolctl import threadpool_info, threadpool_limits

    threadpool_limits(options.threads)
    blas = ", ".join(f"{i['internal_api']} {i.get('architecture')} ×{i['num_threads']}" for i in threadpool_info())
    print(f"BLAS: {blas}; {options.samples} samples, median of {options.repeats}")
    print(f"{'network':<12} {'book µs':>9} {'mlp_ref µs':>11} {'ratio':>6}   max |Δw| (book vs mlp_ref)")
    for sizes in ((784, 100, 10), (3, 3, 3)):
        book, ref, drift = measure(sizes, options.samples, options.repeats)
        name = "-".join(map(str, sizes))
        print(f"{name:<12} {book * 1e6:>9.1f} {ref * 1e6:>11.1f} {book / ref:>6.2f}   {drift:.1e}")


if __name__ == "__main__":
    main()

"""A port's `query` and `fit` against the reference, until the spec's own scenarios for them check every port.

    python ports/go/check_data_set_ops.py "PORT COMMAND"

The expected answers are the reference's: `forward` per row for `query`; `train`, one step per sample in
order, `epochs` times, for `fit`. They are compared by the spec's one comparison at the golden vectors'
tolerances. Every bad argument must be rejected by name. Exits 1 at the first problem.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

import mlp_ref
from mlp_spec.harness.backends import Rejected
from mlp_spec.harness.process import ProcessBackend
from mlp_spec.truth.compare import Tolerance, compare
from mlp_spec.truth.vectors import LONG_RUN, SHORT_RUN


def data_set(n: int, m: int, k: int, samples: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    wih, who = mlp_ref.init_weights(n, m, k, rng)
    return {
        "wih": wih.tolist(),
        "who": who.tolist(),
        "inputs": rng.uniform(0.01, 1.0, (samples, n)).tolist(),
        "targets": np.where(rng.random((samples, k)) < 0.5, 0.01, 0.99).tolist(),
    }


def expected_fit(args: dict[str, Any]) -> dict[str, Any]:
    wih, who = np.array(args["wih"]), np.array(args["who"])
    for _ in range(int(args.get("epochs", 1))):
        for inputs, targets in zip(args["inputs"], args["targets"], strict=True):
            wih, who = mlp_ref.train(wih, who, inputs, targets, args["learning_rate"], args["rule"])
    return {"wih": wih.tolist(), "who": who.tolist()}


def expected_query(args: dict[str, Any]) -> dict[str, Any]:
    rows = [mlp_ref.forward(args["wih"], args["who"], row).final_outputs.tolist() for row in args["inputs"]]
    return {"final_outputs": rows}


def check(port: ProcessBackend, op: str, args: dict[str, Any], expected: dict[str, Any], tol: Tolerance) -> None:
    result = port.call(op, args)
    for field, value in expected.items():
        comparison = compare(field, result.get(field), value, tol)
        if not comparison.ok:
            sys.exit(f"{op} {args.get('rule', '')}: {comparison.explain()}")
        assert comparison.worst is not None
        print(f"ok  {op:<5} {args.get('rule', ''):<8} {field:<13} worst relative {comparison.worst[2]:.1e}")


def rejects(port: ProcessBackend, op: str, args: dict[str, Any], argument: str) -> None:
    try:
        port.call(op, args)
    except Rejected as error:
        if str(error).startswith(f"{argument}: "):
            return
        sys.exit(f"{op}: rejected, but not by naming {argument}: {error}")
    sys.exit(f"{op}: accepted where {argument} must be rejected")


def main() -> None:
    port = ProcessBackend(sys.argv[1])
    if not {"query", "fit"} <= port.ops:
        sys.exit(f"the port does not declare query and fit: {sorted(port.ops)}")
    small, wide, square = data_set(3, 4, 2, 7, 1), data_set(64, 30, 10, 120, 2), data_set(3, 3, 3, 5, 3)
    for net in (small, wide):
        query = {k: net[k] for k in ("wih", "who", "inputs")}
        check(port, "query", query, expected_query(query), SHORT_RUN)
    for net, rule, epochs in ((small, "book", 1), (small, "gradient", 3), (wide, "book", 2), (square, "article", 2)):
        fit = net | {"learning_rate": 0.3, "rule": rule, "epochs": epochs}
        check(port, "fit", fit, expected_fit(fit), SHORT_RUN if epochs == 1 else LONG_RUN)
    fit = small | {"learning_rate": 0.1, "rule": "book"}  # epochs left out: one pass
    check(port, "fit", fit, expected_fit(fit), SHORT_RUN)

    query = {k: small[k] for k in ("wih", "who", "inputs")}
    bad_query: dict[str, list[Any]] = {
        "inputs": [[[0.5, 0.5]], [0.5, 0.5, 0.5], [[0.5, 0.5, "NaN"]], [[0.5, 0.5, 1e400]], [[0.5, 0.5, True]]],
        "wih": [[[0.1, 0.2], [0.3]], [], "Infinity"],
        "who": [[[0.1, 0.2, 0.3]] * 2],
    }
    for argument, values in bad_query.items():
        for value in values:
            rejects(port, "query", query | {argument: value}, argument)
    rejects(port, "query", query | {"rule": "book"}, "rule")
    rejects(port, "query", {k: v for k, v in query.items() if k != "inputs"}, "inputs")
    bad_fit: dict[str, list[Any]] = {
        "targets": [[[0.5, 1.0]] * 7, [[0.0, 0.5]] * 7, [[0.5, 0.5]] * 6, [[0.5, 0.5, 0.5]] * 7, [[0.5, "NaN"]] * 7],
        "learning_rate": [0, -0.1, "0.1", "Infinity", None],
        "epochs": [0, -1, 2.5, "3", True, None, 1001, 10**400],
        "rule": ["sgd", "article", None],  # article: the network is 3-4-2, not square
    }
    fit = small | {"learning_rate": 0.1, "rule": "book"}
    for argument, values in bad_fit.items():
        for value in values:
            rejects(port, "fit", fit | {argument: value}, argument)
    rejects(port, "fit", fit | {"steps": 2}, "steps")
    rejects(port, "fit", {k: v for k, v in fit.items() if k != "targets"}, "targets")
    check(port, "fit", fit | {"epochs": 2.0}, expected_fit(fit | {"epochs": 2}), LONG_RUN)
    print("ok  every bad argument rejected by name")
    port.close()


if __name__ == "__main__":
    main()

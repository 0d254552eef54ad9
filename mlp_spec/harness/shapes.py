"""What shape each op's answer must have, given its request: the harness's check of a port's answer before
any number is compared, so that a transposed or missing field is reported as such."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Shape = tuple[int, ...]


def _shape(value: Any) -> Shape | None:
    """The shape of a vector or rectangular matrix of numbers; None for anything else."""
    if not isinstance(value, list) or not value:
        return None
    if all(isinstance(x, int | float) and not isinstance(x, bool) for x in value):
        return (len(value),)
    rows = {_shape(row) for row in value}
    row = rows.pop() if len(rows) == 1 else None
    return (len(value), row[0]) if row is not None and len(row) == 1 else None


def expected_shapes(op: str, args: Mapping[str, Any]) -> dict[str, Shape]:
    """The fields of a valid request's result and their shapes."""
    if op == "matmul":
        a, b = args["a"], args["b"]
        return {"product": (len(a), len(b[0])) if isinstance(b[0], list) else (len(a),)}
    if op == "sigmoid":
        return {"y": (len(args["x"]),)}
    m, n, k = len(args["wih"]), len(args["inputs"]), len(args["who"])
    if op == "forward":
        return {"hidden_inputs": (m,), "hidden_outputs": (m,), "final_inputs": (k,), "final_outputs": (k,)}
    if op == "backward":
        return {"output_errors": (k,), "hidden_errors": (m,)}
    if op == "query":
        return {"final_outputs": (len(args["inputs"]), k)}
    if op in ("train", "fit"):
        n = len(args["wih"][0])
        return {"wih": (m, n), "who": (k, m)}
    return {}


def shape_problems(op: str, args: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """Each field that is missing or has the wrong shape, said plainly; empty when the answer is well formed."""
    try:
        wanted = expected_shapes(op, args)
    except (KeyError, IndexError, TypeError):
        return []  # the request itself was malformed: there is no shape to hold the answer to
    problems = []
    for name, shape in wanted.items():
        if name not in result:
            problems.append(f"field {name!r} is missing (got {sorted(result)})")
            continue
        got = _shape(result[name])
        if got is None:
            problems.append(f"field {name!r} is not a vector or matrix of numbers: {str(result[name])[:80]}")
        elif got != shape:
            problems.append(f"field {name!r} has shape {list(got)} where {list(shape)} is expected")
    return problems

"""What form each answer must have, given its request: the harness's check of a port's answer before any
number is compared, so that a transposed or missing field is reported as such, and every other breach of
Protocol 1's JSON Schema (``protocol.schema.json``) is named by where it is."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema

from mlp_spec.harness.protocol import OPS
from mlp_spec.truth.compare import plain_number

Shape = tuple[int, ...]


def _shape(value: Any) -> Shape | None:
    """The shape of a vector or rectangular matrix of numbers; None for anything else."""
    if not isinstance(value, list) or not value:
        return None
    if all(map(plain_number, value)):
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


SCHEMA = Path(__file__).with_name("protocol.schema.json")
"""Protocol 1 as a JSON Schema (draft 2020-12): every message, and each op's args and result."""

OUTLINE = 3
"""Entries of each list the schema is shown: it judges an answer's form at a cost that does not grow with the
answer's size, and :func:`shape_problems` checks every entry."""


@functools.cache
def _judge(form: str, op: str | None) -> jsonschema.Draft202012Validator:
    """The schema of an answer of ``form`` (result, error or skipped) to ``op``."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    del schema["anyOf"]  # any message of the protocol: an answer is held to its own form
    if form == "result" and op is not None:
        schema["allOf"] = [{"$ref": "#/$defs/result"}, {"properties": {"result": {"$ref": f"#/$defs/{op}.result"}}}]
    else:
        schema["$ref"] = f"#/$defs/{form}"
    return jsonschema.Draft202012Validator(schema)


def _outline(value: Any, depth: int = 6) -> Any:
    """``value`` with every list cut to its first :data:`OUTLINE` entries, and emptied below ``depth`` levels
    (deeper than the schema looks)."""
    if isinstance(value, list):
        return [_outline(v, depth - 1) for v in value[:OUTLINE]] if depth else []
    if isinstance(value, dict):
        return {k: _outline(v, depth - 1) for k, v in value.items()} if depth else {}
    return value


def answer_problems(answer: Mapping[str, Any], request: Mapping[str, Any]) -> list[str]:
    """What is wrong with the form of an answer to ``request``: a result's fields and their shapes first, then
    what Protocol 1's schema finds, naming where (``result.y[0]: 'a' is not of type 'number'``)."""
    form = "error" if "error" in answer else "skipped" if "skipped" in answer else "result"
    op = request.get("op") if request.get("op") in OPS else None
    if form == "result" and not isinstance(answer.get("result"), dict):
        return []  # said as such by the caller, who knows what it asked for
    if form == "result" and op is not None:
        problems = shape_problems(op, request.get("args", {}), answer["result"])
        if problems:
            return problems
    error = jsonschema.exceptions.best_match(_judge(form, op).iter_errors(_outline(answer)))
    if error is None:
        return []
    where = error.json_path.removeprefix("$").removeprefix(".") or "the answer"
    return [f"{where}: {error.message}"]

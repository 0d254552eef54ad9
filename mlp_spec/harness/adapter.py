"""Protocol 1 on top of :mod:`mlp_ref`: one request (op and JSON-like args) in, one JSON-like result out.

This is the reference's side of the protocol, shared by the in-process backend and ``mlp-spec serve``, so
the spec checks the reference through exactly the door a port uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mlp_ref
from mlp_ref import InputError, validate
from mlp_spec.harness import protocol

OPS, RULES = protocol.OPS, protocol.RULES
IMPLEMENTATION = {"name": "mlp_ref", "language": "Python", "version": mlp_ref.__version__}
"""What the reference says of itself in a handshake."""


def handle(op: object, args: object) -> dict[str, Any]:
    """Run one op; raises :class:`mlp_ref.InputError` when the request is rejected."""
    if not isinstance(op, str) or op not in OPS:
        raise InputError("op", f"unknown op {validate.show(op)} (known: {', '.join(OPS)})")
    if not isinstance(args, Mapping):
        raise InputError("args", f"must be an object, got {type(args).__name__}")
    for name in protocol.ARGS[op]:
        if name not in args and name not in protocol.OPTIONAL:
            raise InputError(name, "missing")
    for name in args:
        if name not in protocol.ARGS[op]:
            # A misspelt argument ("step") would otherwise be ignored, and its default used without a word.
            raise InputError(str(name)[:100], f"unknown argument of {op} (known: {', '.join(protocol.ARGS[op])})")
    if op == "matmul":
        return {"product": mlp_ref.matmul(args["a"], args["b"]).tolist()}
    if op == "sigmoid":
        return {"y": mlp_ref.sigmoid(args["x"]).tolist()}
    net = (args["wih"], args["who"], args["inputs"])
    if op == "query":
        return {"final_outputs": mlp_ref.query(*net).tolist()}
    if op in ("train", "fit"):
        learn, repeats = (mlp_ref.train, "steps") if op == "train" else (mlp_ref.fit, "epochs")
        count = args.get(repeats, protocol.OPTIONAL[repeats])
        wih, who = learn(*net, args["targets"], args["learning_rate"], args["rule"], count)
        return {"wih": wih.tolist(), "who": who.tolist()}
    if op == "forward":
        fwd = mlp_ref.forward(*net)
        return {
            name: getattr(fwd, name).tolist()
            for name in ("hidden_inputs", "hidden_outputs", "final_inputs", "final_outputs")
        }
    back = mlp_ref.backward(*net, args["targets"], args["rule"])
    return {"output_errors": back.output_errors.tolist(), "hidden_errors": back.hidden_errors.tolist()}

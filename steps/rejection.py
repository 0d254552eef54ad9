"""Steps of bad input: one argument of a valid request is changed or removed, and must be rejected by name."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.harness import protocol

from .world import MISSING, World


def request_args(world: World, op: str) -> dict[str, Any]:
    """A valid request for ``op`` from the scenario's values, with whatever the scenario set or removed —
    an argument the op does not have included, since that too must be rejected."""
    defaults = {
        "a": world.values.get("wih"),
        "b": world.values.get("inputs"),
        "x": world.values.get("inputs"),
        "rule": "book",
        "steps": 1,
        "epochs": 1,
    }
    args = {name: world.values.get(name, defaults.get(name)) for name in protocol.ARGS.get(op, ())}
    return {name: value for name, value in (args | world.overrides).items() if value is not MISSING}


@when(parsers.re(r'the op "?(?P<op>\w+)"? is requested'))
def when_op(world: World, op: str) -> None:
    world.run(op, request_args(world, op))


@then(parsers.re(r"the request is rejected, naming (?P<argument>\w+)"))
def then_rejected(world: World, argument: str) -> None:
    request = world.last
    assert request is not None, "no request was sent"
    request.must_reject = argument
    if request.error is None:
        pytest.fail(f"{request.op} answered {request.result!r} where it must reject {argument}", pytrace=False)
    if not request.error.startswith(f"{argument}: "):
        pytest.fail(
            f"{request.op} rejected the request, but its message does not begin '{argument}: ' as the protocol "
            f"asks: {request.error!r}",
            pytrace=False,
        )

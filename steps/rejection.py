"""Steps of bad input: one argument of a valid request is changed or removed, and must be rejected by name."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.harness import protocol
from mlp_spec.harness.plugin import REJECTION_STEP
from mlp_spec.harness.process import shortened

from .world import MISSING, World


def fitting_rule(world: World) -> str:
    """A rule the implementation declares that fits the scenario's network, so that a request is rejected
    for the one argument the scenario changed, and a port without ``book`` keeps its rejection checks.
    ``article`` fits only a network whose layers have one size (its inner products pair them)."""
    declared = world.backend.rules
    wih, who, inputs = (world.original.get(name, []) for name in ("wih", "who", "inputs"))
    try:
        square = len(inputs) == len(wih) == len(wih[0]) == len(who) == len(who[0])
    except TypeError:
        square = False
    for rule in ("book", "gradient", "article"):
        if rule in declared and (rule != "article" or square):
            return rule
    return "book"  # none fits: the request needs a rule the port lacks, and the scenario is skipped


def request_args(world: World, op: str) -> dict[str, Any]:
    """A valid request for ``op`` from the scenario's values, with whatever the scenario set or removed —
    an argument the op does not have included, since that too must be rejected."""
    defaults = {
        "a": world.values.get("wih"),
        "b": world.values.get("inputs"),
        "x": world.values.get("inputs"),
        "rule": fitting_rule(world) if "rule" in protocol.ARGS.get(op, ()) else None,
        "steps": 1,
        "epochs": 1,
    }
    args = {name: world.values.get(name, defaults.get(name)) for name in protocol.ARGS.get(op, ())}
    return {name: value for name, value in (args | world.overrides).items() if value is not MISSING}


@when(parsers.re(r'the op "?(?P<op>\w+)"? is requested'))
def when_op(world: World, op: str) -> None:
    world.run(op, request_args(world, op))


@when(parsers.re(r'the command "(?P<cmd>\w+)" is sent'))
def when_command(world: World, cmd: str) -> None:
    world.command(cmd)


@then(parsers.re(REJECTION_STEP + r"(?P<argument>\w+)"))
def then_rejected(world: World, argument: str) -> None:
    request = world.last
    assert request is not None, "no request was sent"
    request.must_reject = argument
    if request.error is None:
        answered = shortened(repr(request.result), 200)  # the 64-100-10 digits' weights are 15,000 characters
        pytest.fail(f"{request.op} answered {answered} where it must reject {argument}", pytrace=False)
    if not request.error.startswith(f"{argument}: "):
        pytest.fail(
            f"{request.op} rejected the request, but its message does not begin '{argument}: ' as the protocol "
            f"asks: {request.error!r}",
            pytrace=False,
        )

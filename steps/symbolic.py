"""Steps that hold the update rules against sympy's derivative of the loss."""

from __future__ import annotations

import numpy as np
from pytest_bdd import given, parsers, then

from mlp_spec.cache import memo

from .world import World


@given("sympy's derivative of E with respect to every weight, at these weights")
def given_gradient(world: World) -> None:
    values = [world.values[name] for name in ("wih", "who", "inputs", "targets")]
    world.values["∂E/∂wih"], world.values["∂E/∂who"] = memo("symbolic.loss_gradient", *values)


@then(parsers.re(r"the step in (?P<layer>wih|who) (?P<verdict>equals|differs from) −learning_rate·∂E/∂(?P=layer)"))
def then_step_is_gradient(world: World, layer: str, verdict: str) -> None:
    step = (np.asarray(world.values[layer]) - np.asarray(world.original[layer])).tolist()
    descent = (-world.values["learning_rate"] * np.asarray(world.values[f"∂E/∂{layer}"])).tolist()
    name = f"step in {layer} against −learning_rate·∂E/∂{layer}"
    if verdict == "equals":
        world.check(name, step, descent, world.result(f"updated {layer}")[1], derived=True)
    else:
        world.check_differs(name, step, descent, world.result(f"updated {layer}")[1])

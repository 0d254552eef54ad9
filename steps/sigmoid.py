"""Steps of the sigmoid: values the implementation computes, its slope, and σ′ derived by sympy."""

from __future__ import annotations

import math

import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.cache import memo
from mlp_spec.truth.compare import Tolerance

from .world import World, number


@when(parsers.re(r"σ is applied to (?P<x>[^ ]+)"))
def when_sigmoid(world: World, x: str) -> None:
    world.answer("sigmoid", {"x": [number(x)]}, {"y": f"σ({x})"})


@then(parsers.re(r"σ\((?P<x>[^)]+)\) is (?P<y>\S+)"))
def then_sigmoid(world: World, x: str, y: str) -> None:
    actual, request = world.result(f"σ({x})")
    world.check(f"σ({x})", actual, [number(y)], request)


@then(parsers.re(r"(?P<nearest>[-0-9.e]+) is the float64 next to (?P<printed>[-0-9.e]+)"))
def then_next_float(nearest: str, printed: str) -> None:
    """A claim about two numbers written in the feature: they are one unit in the last place apart."""
    a, b = number(nearest), number(printed)
    assert a != b and math.nextafter(b, a) == a, f"{nearest} and {printed} are not neighbouring float64 values"


@then(parsers.re(r"σ\(x\)·\(1 − σ\(x\)\) is (?P<slope>\S+) to the digits shown"))
def then_slope_value(world: World, slope: str) -> None:
    (_, at, _), request = world.result("σ(x − h), σ(x), σ(x + h)")
    world.check_written("σ(x)·(1 − σ(x))", at * (1 - at), slope, request)


@when(parsers.re(r"σ is applied to (?P<x>\S+) and to (?P=x) ± (?P<h>\S+)"))
def when_sigmoid_around(world: World, x: str, h: str) -> None:
    x0, step = number(x), number(h)
    world.values["h"] = step
    world.answer("sigmoid", {"x": [x0 - step, x0, x0 + step]}, {"y": "σ(x − h), σ(x), σ(x + h)"})


@then(
    parsers.re(r"the central difference \(σ\(x \+ h\) − σ\(x − h\)\) / 2h is σ\(x\)·\(1 − σ\(x\)\) within (?P<tol>\S+)")
)
def then_slope(world: World, tol: str) -> None:
    (below, at, above), request = world.result("σ(x − h), σ(x), σ(x + h)")
    slope = (above - below) / (2 * world.values["h"])
    world.check("slope of σ", [slope], [at * (1 - at)], request, derived=True, tolerance=Tolerance(number(tol), 0.0))


@when("sympy differentiates σ(x) = 1 / (1 + e^(−x))")
def when_sympy_sigmoid(world: World) -> None:
    world.values["σ′ − σ(1 − σ), cancelled"] = memo("symbolic.sigmoid_difference")


@then("σ′(x) − σ(x)·(1 − σ(x)) simplifies to 0")
def then_sympy_sigmoid(world: World) -> None:
    difference = world.values["σ′ − σ(1 − σ), cancelled"]
    if difference != "0":
        pytest.fail(f"σ′ − σ(1 − σ) simplifies to {difference}, not 0")

"""Steps of the network: forward pass, backward pass, training, and the claims made about their results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.cache import memo
from mlp_spec.truth.compare import Tolerance

from .world import World, number, table_matrix, table_vector

FORWARD = ("hidden_inputs", "hidden_outputs", "final_inputs", "final_outputs")


def network_args(world: World, *names: str) -> dict[str, Any]:
    missing = [n for n in ("wih", "who", "inputs", *names) if n not in world.values]
    if missing:
        pytest.fail(f"the scenario never gave {', '.join(missing)}")
    return {n: world.values[n] for n in ("wih", "who", "inputs", *names)}


def loss(outputs: Any, targets: Any) -> float:
    """E = ½Σ(t − o)², computed by the harness from the implementation's outputs."""
    return float(0.5 * np.sum((np.asarray(targets) - np.asarray(outputs)) ** 2))


@when("the network runs forward on I")
def when_forward(world: World) -> None:
    world.answer("forward", network_args(world), {f: f.replace("_", " ") for f in FORWARD})


@when(parsers.re(r'the errors are carried back under the rule "(?P<rule>\w+)"'))
def when_backward(world: World, rule: str) -> None:
    args = network_args(world, "targets") | {"rule": rule}
    world.answer("backward", args, {"output_errors": "output errors", "hidden_errors": "hidden errors"})
    world.answers[f"hidden errors ({rule})"] = world.answers["hidden errors"]


@when(parsers.re(r'the network is trained for (?P<steps>\d+) steps? under the rule "(?P<rule>\w+)"'))
def when_train(world: World, steps: str, rule: str) -> None:
    args = network_args(world, "targets", "learning_rate") | {"rule": rule, "steps": int(steps)}
    world.answer("train", args, {"wih": "updated wih", "who": "updated who"})
    world.values["wih"] = world.result("updated wih")[0]
    world.values["who"] = world.result("updated who")[0]


@when(parsers.re(r'the network is trained afresh for (?P<steps>\d+) steps? under the rule "(?P<rule>\w+)"'))
def when_train_afresh(world: World, steps: str, rule: str) -> None:
    """Training from the weights the scenario started with, whatever earlier steps did."""
    world.values["wih"], world.values["who"] = world.original["wih"], world.original["who"]
    when_train(world, steps, rule)


@when(
    parsers.re(r'the network is trained for 1 step under the rule "(?P<rule>\w+)" with the learning rate (?P<rate>\S+)')
)
def when_train_at_rate(world: World, rule: str, rate: str) -> None:
    """One step from the original weights at another learning rate; the weights given stay as they are."""
    start = {n: world.original[n] for n in ("wih", "who", "inputs", "targets")}
    args = start | {"learning_rate": number(rate), "rule": rule, "steps": 1}
    world.answer("train", args, {"wih": f"wih at {rate}", "who": f"who at {rate}"})


@then(
    parsers.re(
        r"the step at learning rate (?P<rate>\S+) is (?P<factor>\S+) times the step at learning rate (?P<base>\S+)"
    )
)
def then_step_scales(world: World, rate: str, factor: str, base: str) -> None:
    for layer in ("wih", "who"):
        start = np.asarray(world.original[layer])
        big, request = world.result(f"{layer} at {rate}")
        small, _ = world.result(f"{layer} at {base}")
        expected = (number(factor) * (np.asarray(small) - start)).tolist()
        world.check(f"step in {layer} at {rate}", (np.asarray(big) - start).tolist(), expected, request, derived=True)


@then(
    parsers.re(
        r"the (?P<name>hidden inputs|hidden outputs|final inputs|final outputs|output errors|hidden errors"
        r"|updated wih|updated who) (?:is|are):"
    )
)
def then_field(world: World, name: str, datatable: list[list[str]]) -> None:
    actual, request = world.result(name)
    expected = table_matrix(datatable) if name.startswith("updated") else table_vector(datatable)
    world.check(name, actual, expected, request)


@then("the final outputs are not:")
def then_outputs_differ(world: World, datatable: list[list[str]]) -> None:
    actual, request = world.result("final outputs")
    world.check_differs("final outputs", actual, table_vector(datatable), request)


@then(parsers.re(r"every entry of (?P<name>wih|who) grew by (?P<amount>\S+)"))
def then_grew_by(world: World, name: str, amount: str) -> None:
    step = np.asarray(world.values[name]) - np.asarray(world.original[name])
    expected = np.full(step.shape, number(amount)).tolist()
    world.check(f"{name} − original {name}", step.tolist(), expected, None, derived=True)


@then(parsers.re(r"(?P<name>wih|who) has moved by one number in every entry, not by 0"))
def then_moved_uniformly(world: World, name: str) -> None:
    step = np.asarray(world.values[name]) - np.asarray(world.original[name])
    expected = np.full(step.shape, step.flat[0]).tolist()
    world.check(f"{name} − original {name}", step.tolist(), expected, None, derived=True)
    assert world.tolerance is not None
    assert abs(step.flat[0]) > world.tolerance.atol, f"{name} has not moved: every entry moved by {step.flat[0]!r}"


@then(parsers.re(r"the loss E = ½Σ\(t − o\)² is (?P<verdict>lower|higher) than before (?:the step|training)"))
def then_loss_moves(world: World, verdict: str) -> None:
    after = loss(world.result("final outputs")[0], world.values["targets"])
    # E at the weights the scenario started from, from the implementation's own forward pass.
    start = world.run("forward", {n: world.original[n] for n in ("wih", "who", "inputs")})
    if start.result is None:
        pytest.fail(f"forward on the original weights was rejected: {start.error}")
    before = loss(start.result["final_outputs"], world.values["targets"])
    world.values["E before"], world.values["E after"] = before, after  # shown beside the step on the page
    if verdict == "lower":
        assert after < before, f"the loss rose from {before!r} to {after!r}"
    else:
        assert after > before, f"the loss fell from {before!r} to {after!r}"


@then(parsers.re(r"the loss E = ½Σ\(t − o\)² is (?P<value>[-0-9.e]+) to the digits shown"))
def then_loss_is(world: World, value: str) -> None:
    actual, request = world.result("final outputs")
    got = loss(actual, world.values["targets"])
    trained = [r for r in world.requests if r.op == "train"]
    if trained:
        world.values.setdefault("loss by rule", {})[trained[-1].args["rule"]] = got
    world.check_written("loss E = ½Σ(t − o)²", got, value, request)


@then(parsers.re(r"the loss E = ½Σ\(t − o\)² is above (?P<bound>[-0-9.e]+)(?:, (?P<note>.+))?"))
def then_loss_above(world: World, bound: str, note: str | None) -> None:
    value = world.values["E"] = loss(world.result("final outputs")[0], world.values["targets"])
    assert value > number(bound), f"the loss is {value!r}, not above {bound}"


@then(parsers.re(r"the loss after the (?P<low>\w+)'s rule is below the loss after the (?P<high>\w+)'s"))
def then_rule_lowers_more(world: World, low: str, high: str) -> None:
    losses = world.values.get("loss by rule", {})
    missing = [rule for rule in (low, high) if rule not in losses]
    if missing:
        pytest.fail(f"the scenario has not checked the loss after the rule {', '.join(missing)}")
    assert losses[low] < losses[high], f"E after {low}: {losses[low]!r}, not below E after {high}: {losses[high]!r}"


@then(
    parsers.re(
        r"(?P<value>[-0-9.e]+) is the limit as d → ∞ of the least loss over c, falling towards it at d = (?P<depths>.+)"
    )
)
def then_article_floor(world: World, value: str, depths: str) -> None:
    """The floor of who₀ + c·J, wih₀ + d·J, computed at 50 digits from the scenario's starting point (not by
    the implementation), is the number written, bit for bit; at each
    depth d named, the least loss over c lies above it, and falls as d grows."""
    start = [world.original[n] for n in ("wih", "who", "inputs", "targets")]
    floor = memo("family.article_floor", *start)
    named = [int(d) for d in depths.replace(" and ", ", ").split(", ")]
    assert named == [d for d, _ in floor.by_depth], f"the depths computed are {[d for d, _ in floor.by_depth]}"
    assert float(floor.least_loss) == number(value), f"the floor is {float(floor.least_loss)!r}, not {value}"
    above = [d for d, least in floor.by_depth if not least > floor.least_loss]
    assert not above, f"at d = {above} the least loss over c is not above the limit"
    falling = [least for _, least in floor.by_depth]
    assert falling == sorted(falling, reverse=True), "the least loss over c does not fall as d grows"


@then(parsers.re(r"every final output is within (?P<distance>\S+) of its target"))
def then_within_targets(world: World, distance: str) -> None:
    actual, request = world.result("final outputs")
    tolerance = Tolerance(number(distance), 0.0)
    world.check("final outputs", actual, world.values["targets"], request, derived=True, tolerance=tolerance)


@then(parsers.re(r"the terms eⱼ·oⱼ\(1 − oⱼ\)·hⱼ, one per output, are to the digits shown:"))
def then_article_terms(world: World, datatable: list[list[str]]) -> None:
    """Each output's share of the article's one who increment, from the implementation's own answers."""
    errors, _ = world.result("output errors")
    outputs, request = world.result("final outputs")
    hidden, _ = world.result("hidden outputs")
    terms = [e * o * (1 - o) * h for e, o, h in zip(errors, outputs, hidden, strict=True)]
    world.values["article terms"] = terms
    for j, (term, written) in enumerate(zip(terms, datatable[0], strict=True)):
        world.check_written(f"term {j}", term, written, request)


@then(
    parsers.re(
        r"their sum times the learning rate is (?P<value>[-0-9.e]+) to the digits shown, the article's increment of who"
    )
)
def then_article_increment(world: World, value: str) -> None:
    increment = world.values["learning_rate"] * sum(world.values["article terms"])
    world.check_written("lr·Σⱼ(e∘o∘(1−o))ⱼhⱼ", increment, value, None)

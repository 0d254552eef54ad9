"""Steps of the size-generic proofs: sympy proves, the feature lists the claims that must hold."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from pytest_bdd import parsers, then, when

from mlp_spec.cache import memo
from mlp_spec.truth.compare import Tolerance

from .world import World

PROOFS = {
    "the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))": "prove_sigmoid_derivative",
    "the gradient rule for symbolic sizes n, m and k": "prove_gradient_rule",
    "the book rule for symbolic sizes n, m and k": "prove_book_rule",
    "the article rule at an exact point and for square sizes": "prove_article_rule",
}


@when(parsers.re(r"sympy proves (?P<what>.+)"))
def when_proof(world: World, what: str) -> None:
    if what not in PROOFS:
        pytest.fail(f"no proof of {what!r}; known: {', '.join(PROOFS)}")
    world.values["proof"] = memo("proofs.proved", PROOFS[what])


@then("each of these claims holds:")
def then_claims_hold(world: World, datatable: list[list[str]]) -> None:
    title, by_claim = world.values["proof"]
    listed = [row[0].strip() for row in datatable[1:]]
    unknown = [claim for claim in listed if claim not in by_claim]
    assert not unknown, f"the proof makes no claim {unknown}; it makes {list(by_claim)}"
    unlisted = [claim for claim in by_claim if claim not in listed]
    assert not unlisted, f"the proof also claims {unlisted}: every claim it makes must be listed"
    failing = [claim for claim, holds in by_claim.items() if not holds]
    assert not failing, f"these claims of {title!r} do not hold: {failing}"


@then("the book's hidden errors are 1/(o(1 − o)) times the gradient's, and 1/(o(1 − o)) is at least 4")
def then_book_factor(world: World) -> None:
    (o,), _ = world.result("final outputs")
    book, _ = world.result("hidden errors (book)")
    gradient, request = world.result("hidden errors (gradient)")
    factor = 1.0 / (o * (1.0 - o))
    ratio, every = (np.asarray(book) / np.asarray(gradient)).tolist(), [factor] * len(book)
    world.check("book ÷ gradient hidden errors", ratio, every, request, derived=True, tolerance=Tolerance(0.0, 1e-12))
    assert factor >= 4.0, f"1/(o(1 − o)) = {factor!r} is below 4"


def random_networks(rule: str, count: int, seed: int) -> list[tuple[dict[str, Any], float]]:
    """Networks of 1 to 5 nodes a layer (square for the article's rule, which needs it) and learning rates."""
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        n, m, k = (rng.randint(1, 5),) * 3 if rule == "article" else (rng.randint(1, 5) for _ in range(3))
        net: dict[str, Any] = {
            "wih": [[rng.uniform(-2, 2) for _ in range(n)] for _ in range(m)],
            "who": [[rng.uniform(-2, 2) for _ in range(m)] for _ in range(k)],
            "inputs": [rng.uniform(-1, 1) for _ in range(n)],
            "targets": [rng.uniform(0.05, 0.95) for _ in range(k)],
        }
        cases.append((net, rng.choice([0.01, 0.1, 0.5])))
    return cases


@when(
    parsers.re(
        r"the proofs' (?P<rule>\w+) rule is evaluated on (?P<count>\d+) random networks drawn with seed (?P<seed>\d+)"
    )
)
def when_rule_on_random_networks(world: World, rule: str, count: str, seed: str) -> None:
    """Random networks, each sent to the implementation twice (backward, and train for one step), and the
    proofs' expressions at the same point."""
    cases = random_networks(rule, int(count), int(seed))
    sent = []
    for net, lr in cases:
        one_step = net | {"learning_rate": lr, "rule": rule, "steps": 1}
        sent.append((net, world.run("backward", net | {"rule": rule}), world.run("train", one_step)))
    expected = memo("rules.rule_steps", rule, cases)
    world.values["random networks"] = [(*requests, answer) for requests, answer in zip(sent, expected, strict=True)]


@then("the implementation's hidden errors and one-step updates are the proofs' expressions")
def then_rule_is_the_proofs(world: World) -> None:
    for number, (net, backward, train, expected) in enumerate(world.values["random networks"], 1):
        shape = f"network {number} ({len(net['inputs'])}-{len(net['wih'])}-{len(net['who'])})"
        for request in (backward, train):
            if request.result is None:
                pytest.fail(f"{shape}: {request.op} was rejected: {request.error}", pytrace=False)
        assert backward.result is not None and train.result is not None
        world.check(f"{shape}: hidden errors", backward.result["hidden_errors"], expected["hidden_errors"], backward)
        for layer in ("who", "wih"):
            step = (np.asarray(train.result[layer]) - np.asarray(net[layer])).tolist()
            world.check(f"{shape}: step in {layer}", step, expected[layer], train, derived=True)

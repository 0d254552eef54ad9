"""Steps of the size-generic proofs: sympy proves, the feature lists the claims that must hold."""

from __future__ import annotations

import random
import re
from typing import Any

import numpy as np
import pytest
from pytest_bdd import parsers, then, when
from pytest_bdd.scenario import scenario_wrapper_template_registry

from mlp_spec.truth.compare import Tolerance

from . import beside
from .beside_work import Proved, article_floor, loss_gradient, prove, rule_steps, sigmoid_difference
from .network import FLOOR_STEP
from .sigmoid import SIGMOID_STEP
from .symbolic import GRADIENT_STEP
from .world import ALIASES, World, table_matrix, table_vector

PROOFS = {
    "the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))": "prove_sigmoid_derivative",
    "the gradient rule for symbolic sizes n, m and k": "prove_gradient_rule",
    "the book rule for symbolic sizes n, m and k": "prove_book_rule",
    "the article rule at an exact point and for square sizes": "prove_article_rule",
}


PROVE = "sympy proves "
PROOFS_RULE = "the proofs' "
RANDOM_NETWORKS = (
    PROOFS_RULE + r"(?P<rule>\w+) rule is evaluated on (?P<count>\d+) random networks drawn with seed (?P<seed>\d+)"
)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A run of every scenario needs sympy: its import starts beside the collection (a third of a second)."""
    option = session.config.option
    if not (option.collectonly or option.keyword or option.markexpr or getattr(option, "id", None)):
        beside.warm()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start what the scenarios' own words give sympy to do, beside the run, as soon as the run knows it needs
    it, so that it is done by the time their steps come (see .beside)."""
    if not session.config.option.collectonly:
        beside.start(work_ahead(session.items))


def work_ahead(items: list[pytest.Item]) -> list[beside.Work]:
    """The work beside the run that these items' scenarios will ask for, in the order they will ask."""
    ahead: list[beside.Work] = []
    for item in items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        # Filling in a scenario's examples copies its data tables: only those with work beside are filled in.
        if template is not None and any(_works_beside(step.name) for step in template.steps):
            callspec = getattr(item, "callspec", None)
            example = callspec.params.get("_pytest_bdd_example", {}) if callspec is not None else {}
            ahead += _beside_work(template.render(example).steps)
    return ahead


def _works_beside(text: str) -> bool:
    """Whether a step's text, examples filled in or not, is one that :func:`_beside_work` looks for."""
    return (
        text in (SIGMOID_STEP, GRADIENT_STEP)
        or text.startswith((PROVE, PROOFS_RULE))
        or re.fullmatch(FLOOR_STEP, text) is not None
    )


def _beside_work(steps: list[Any]) -> list[beside.Work]:
    """The work these steps (a scenario's, examples filled in) will ask to be done beside the run, with the same
    arguments."""
    work: list[beside.Work] = []
    given = {}
    for step in steps:
        if (match := re.fullmatch(r"the (matrix|vector) (\w+)(?:, [^:]+)?:", step.name)) and step.datatable:
            parse = table_matrix if match[1] == "matrix" else table_vector
            try:
                given[ALIASES.get(match[2], match[2])] = parse([list(map(str, row)) for row in step.datatable.raw()])
            except ValueError:
                # A cell that is not a number fails its own step, in its scenario, with the step's message; read
                # here, at collection, it would end the whole run. Nothing is started ahead for that scenario.
                return []
        if step.name == SIGMOID_STEP:
            work.append((sigmoid_difference, ()))
        point = tuple(given[name] for name in ("wih", "who", "inputs", "targets") if name in given)
        if step.name == GRADIENT_STEP and len(point) == 4:
            work.append((loss_gradient, point))
        if re.fullmatch(FLOOR_STEP, step.name) and len(point) == 4:
            work.append((article_floor, point))
        if step.name.startswith(PROVE) and step.name.removeprefix(PROVE) in PROOFS:
            work.append((prove, (PROOFS[step.name.removeprefix(PROVE)],)))
        if match := re.fullmatch(RANDOM_NETWORKS, step.name):
            rule = match["rule"]
            work.append((rule_steps, (rule, random_networks(rule, int(match["count"]), int(match["seed"])))))
    return work


def pytest_sessionfinish() -> None:
    beside.stop()


@when(parsers.re(PROVE + r"(?P<what>.+)"))
def when_proof(world: World, what: str) -> None:
    if what not in PROOFS:
        pytest.fail(f"no proof of {what!r}; known: {', '.join(PROOFS)}")
    function = PROOFS[what]
    world.values["proof"] = beside.call(prove, function)


@then("each of these claims holds:")
def then_claims_hold(world: World, datatable: list[list[str]]) -> None:
    proof: Proved = world.values["proof"]
    by_claim = proof.claims
    listed = [row[0].strip() for row in datatable[1:]]
    unknown = [claim for claim in listed if claim not in by_claim]
    assert not unknown, f"the proof makes no claim {unknown}; it makes {list(by_claim)}"
    unlisted = [claim for claim in by_claim if claim not in listed]
    assert not unlisted, f"the proof also claims {unlisted}: every claim it makes must be listed"
    failing = [claim for claim, holds in by_claim.items() if not holds]
    assert not failing, f"these claims of {proof.title!r} do not hold: {failing}"


@then("the book's hidden errors are 1/(o(1 − o)) times the gradient's, and 1/(o(1 − o)) is at least 4")
def then_book_factor(world: World) -> None:
    (o,), _ = world.result("final outputs")
    book, _ = world.result("hidden errors (book)")
    gradient, request = world.result("hidden errors (gradient)")
    factor = 1.0 / (o * (1.0 - o))
    world.check(
        "book ÷ gradient hidden errors",
        (np.asarray(book) / np.asarray(gradient)).tolist(),
        [factor] * len(book),
        request,
        derived=True,
        tolerance=Tolerance(0.0, 1e-12),
    )
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


@when(parsers.re(RANDOM_NETWORKS))
def when_rule_on_random_networks(world: World, rule: str, count: str, seed: str) -> None:
    """Random networks, each sent to the implementation twice (backward, and train for one step), and the
    proofs' expressions at the same point."""
    cases = random_networks(rule, int(count), int(seed))
    requests = []
    for net, lr in cases:
        backward = world.run("backward", net | {"rule": rule})
        train = world.run("train", net | {"learning_rate": lr, "rule": rule, "steps": 1})
        requests.append((backward, train))
    expected = beside.call(rule_steps, rule, cases)
    world.values["random networks"] = [
        (net, backward, train, answer)
        for (net, _), (backward, train), answer in zip(cases, requests, expected, strict=True)
    ]


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

"""Steps of the size-generic proofs: sympy proves, the feature lists the claims that must hold."""

from __future__ import annotations

import multiprocessing
import random
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import numpy as np
import pytest
from pytest_bdd import parsers, then, when
from pytest_bdd.scenario import scenario_wrapper_template_registry

from mlp_spec.truth.compare import Tolerance

from .world import World

PROOFS = {
    "the sigmoid's derivative from σ(x) = 1/(1 + e^(−x))": "prove_sigmoid_derivative",
    "the gradient rule for symbolic sizes n, m and k": "prove_gradient_rule",
    "the book rule for symbolic sizes n, m and k": "prove_book_rule",
    "the article rule at an exact point and for square sizes": "prove_article_rule",
}


PROVE = "sympy proves "
_pool: ProcessPoolExecutor | None = None
_proving: dict[str, Future[Any]] = {}


def _prove(function: str) -> Any:
    from mlp_spec.truth import proofs  # sympy is slow to import; only the runs that prove pay for it

    return getattr(proofs, function)()


def pytest_collection_finish(session: pytest.Session) -> None:
    """The proofs take about a second of sympy: start them in a second process as soon as the run knows it
    needs them, so that they are done by the time their scenarios come (the machine has two cores)."""
    global _pool
    wanted: dict[str, None] = {}  # in the order the scenarios need them
    for item in session.items:
        template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))  # type: ignore[arg-type]
        for step in template.steps if template is not None else ():
            if step.name.startswith(PROVE) and step.name.removeprefix(PROVE) in PROOFS:
                wanted.setdefault(PROOFS[step.name.removeprefix(PROVE)])
    # Forking is fast, but unsafe where other threads run (a port's readers, in a nested run): then the proofs
    # run in this process, as they are needed.
    if wanted and threading.active_count() == 1 and not session.config.option.collectonly:
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        _proving.update({function: _pool.submit(_prove, function) for function in wanted})


def pytest_sessionfinish() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _proving.clear()


@when(parsers.re(PROVE + r"(?P<what>.+)"))
def when_proof(world: World, what: str) -> None:
    if what not in PROOFS:
        pytest.fail(f"no proof of {what!r}; known: {', '.join(PROOFS)}")
    function = PROOFS[what]
    future = _proving.get(function)
    world.values["proof"] = future.result() if future is not None else _prove(function)


@then("each of these claims holds:")
def then_claims_hold(world: World, datatable: list[list[str]]) -> None:
    proof = world.values["proof"]
    by_claim = {check.claim: check for check in proof.checks}
    listed = [row[0].strip() for row in datatable[1:]]
    unknown = [claim for claim in listed if claim not in by_claim]
    assert not unknown, f"the proof makes no claim {unknown}; it makes {list(by_claim)}"
    unlisted = [claim for claim in by_claim if claim not in listed]
    assert not unlisted, f"the proof also claims {unlisted}: every claim it makes must be listed"
    failing = [claim for claim, check in by_claim.items() if not check.holds]
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


@when(
    parsers.re(
        r"the proofs' (?P<rule>\w+) rule is evaluated on (?P<count>\d+) random networks drawn with seed (?P<seed>\d+)"
    )
)
def when_rule_on_random_networks(world: World, rule: str, count: str, seed: str) -> None:
    """Random networks (1 to 5 nodes a layer; square for the article's rule, which needs it), each sent to the
    implementation twice (backward, and train for one step), and the proofs' expressions at the same point."""
    from mlp_spec.truth import proofs

    rng = random.Random(int(seed))
    cases = []
    for _ in range(int(count)):
        n, m, k = (rng.randint(1, 5),) * 3 if rule == "article" else (rng.randint(1, 5) for _ in range(3))
        net: dict[str, Any] = {
            "wih": [[rng.uniform(-2, 2) for _ in range(n)] for _ in range(m)],
            "who": [[rng.uniform(-2, 2) for _ in range(m)] for _ in range(k)],
            "inputs": [rng.uniform(-1, 1) for _ in range(n)],
            "targets": [rng.uniform(0.05, 0.95) for _ in range(k)],
        }
        lr = rng.choice([0.01, 0.1, 0.5])
        backward = world.run("backward", net | {"rule": rule})
        train = world.run("train", net | {"learning_rate": lr, "rule": rule, "steps": 1})
        cases.append((net, backward, train, proofs.rule_step(rule, **net, lr=lr)))
    world.values["random networks"] = cases


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

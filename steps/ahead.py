"""The work a run's scenarios will ask of sympy and mpmath, read from their own words as soon as the run is
collected, and started beside it (:mod:`.beside`) so that it is done by the time their steps come.

The steps that ask are in four modules: σ′ (.sigmoid), the gradient (.symbolic), the article's floor
(.network), and the proofs and the rules' expressions (.proofs); this module knows their words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from mlp_spec.harness.plugin import example_of, template_of

from . import beside
from .beside_work import article_floor, loss_gradient, prove, rule_steps, sigmoid_difference
from .network import FLOOR_STEP
from .proofs import PROOFS, PROOFS_RULE, PROVE, RANDOM_NETWORKS, random_networks
from .sigmoid import SIGMOID_STEP
from .symbolic import GRADIENT_STEP
from .world import ALIASES, table_matrix, table_vector


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


def pytest_sessionfinish() -> None:
    beside.stop()


def work_ahead(items: list[pytest.Item]) -> list[beside.Work]:
    """The work beside the run that these items' scenarios will ask for, in the order they will ask."""
    ahead: list[beside.Work] = []
    for item in items:
        template = template_of(item)
        # Filling in a scenario's examples copies its data tables: only those with work beside are filled in.
        if template is not None and any(asks_beside(step.name) for step in template.steps):
            ahead += steps_work(template.render(example_of(item)[0]).steps)
    return ahead


def asks_beside(text: str) -> bool:
    """Whether a step's text, examples filled in or not, is one that :func:`steps_work` looks for."""
    return (
        text in (SIGMOID_STEP, GRADIENT_STEP)
        or text.startswith((PROVE, PROOFS_RULE))
        or re.fullmatch(FLOOR_STEP, text) is not None
    )


def steps_work(steps: list[Any]) -> list[beside.Work]:
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

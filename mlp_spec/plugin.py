"""The spec's pytest plugin, under one name: ``pytest -p mlp_spec.plugin`` (or ``pytest_plugins`` in a
conftest, as the repository's root ``conftest.py`` does).

It is never loaded by merely installing mlp-spec (no ``pytest11`` entry point), so other projects' pytest
runs stay as they were. It registers the harness (``--impl``, ``--id``, the backend fixture and the tags),
the step definitions, and the report recorder (``--html``, ``--messages``, ``--cucumberjson``); it makes
``-k`` match the words of a feature's and a scenario's name, which pytest-bdd's test names do not carry, and
lets ``-m`` name tags as the features write them (``-m @quoted`` is ``-m quoted``). It also remembers which
step definitions match a step's text (below).
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlp_spec.harness import options

PARTS = ("mlp_spec.harness.plugin", "mlp_spec.report.recorder")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Register the spec's parts: the harness, the report recorder and every module of step definitions.

    By module name, not through ``pytest_plugins``: pytest looks each name given there up among every installed
    distribution's entry points before importing it (a millisecond a name in a small environment), and a
    session of the spec names ten; the suite's nested sessions added half a second. This hook is the first
    that pytest calls with the plugin manager once this plugin is registered, before the command line is
    parsed, so the parts' options (``--impl``, ``--html`` …) are known in time."""
    from mlp_spec.steps import PARTS as STEPS

    for name in (*PARTS, *STEPS):
        pluginmanager.import_plugin(name)


def _remembered(find: Callable[[Any, Any, Any], Iterable[Any]]) -> Callable[[Any, Any, Any], Iterator[Any]]:
    """pytest-bdd looks up every step of every scenario by trying each step definition's pattern on its text:
    a tenth of a second in a run of the spec, for the same few hundred texts again and again. Which
    definitions match depends only on the text, the step's type and the module the scenario is in (the spec
    defines its steps at module level and registers none while it runs), so each answer is kept, for as
    long as the session's fixture manager lives."""
    known: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None, str], list[Any]]] = weakref.WeakKeyDictionary()

    def lookup(step: Any, fixturemanager: Any, node: Any) -> Iterator[Any]:
        answers = known.setdefault(fixturemanager, {})
        key = (node.nodeid.split("::")[0], step.type, step.name)
        if key not in answers:
            answers[key] = list(find(step, fixturemanager, node))
        return iter(answers[key])

    lookup.remembers = find  # type: ignore[attr-defined]  # so that it is wrapped once
    return lookup


def _shared(render: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """pytest-bdd renders a scenario's steps before it runs them, and deep-copies each data table to put its
    outline's values in the copy: a tenth of a second in a run of the spec, for tables that hold no ``<name>``
    at all, whose copy is the table itself. Those are given as they are (pytest-bdd hands a step function
    fresh lists of their cells, never the table); a table with a ``<name>`` is rendered as before."""

    def render_datatable(datatable: Any, context: Any) -> Any:
        if any("<" in cell.value for row in datatable.rows for cell in row.cells):
            return render(datatable, context)
        return datatable

    render_datatable.renders = render  # type: ignore[attr-defined]  # so that it is wrapped once
    return render_datatable


CACHED = ("lf", "failedfirst", "newfirst", "stepwise", "stepwise_skip", "stepwise_reset", "cacheshow")
"""pytest's options (by their names in its config) that read the cache the spec's sessions do not keep."""


def pytest_configure(config: pytest.Config) -> None:
    import pytest_bdd.scenario  # noqa: F401  # the module, which pytest_bdd's package hides behind a function
    from pytest_bdd.parser import Step

    scenario = sys.modules["pytest_bdd.scenario"]
    find = getattr(scenario, "find_fixturedefs_for_step", None)
    if find is not None and not hasattr(find, "remembers"):
        setattr(scenario, "find_fixturedefs_for_step", _remembered(find))  # noqa: B010
    render = getattr(Step, "render_datatable", None)
    if render is not None and not hasattr(render, "renders"):
        setattr(Step, "render_datatable", staticmethod(_shared(render)))  # noqa: B010
    cached = [name for name in CACHED if getattr(config.option, name, None)]
    if cached:  # from the command line, PYTEST_ADDOPTS or a config: pytest would quietly run everything
        said = f"--{cached[0].replace('_', '-')}"
        raise pytest.UsageError(f"{said}: {options.NO_CACHE}")
    markexpr = config.getoption("markexpr", "")
    if markexpr and "@" in markexpr:
        # pytest's marker expressions have no @; Gherkin's tags do.
        config.option.markexpr = markexpr.replace("@", "")


def pytest_itemcollected(item: pytest.Item) -> None:
    from mlp_spec.harness.plugin import template_of

    template = template_of(item)
    if template is not None:
        # -k matches any part of these (case-insensitively): `-k sigmoid`, `-k "forward and pass"`.
        feature = template.feature
        item.extra_keyword_matches.update({feature.name, template.name, Path(feature.filename).stem})

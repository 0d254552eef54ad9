"""The spec's plugin remembers pytest-bdd's step lookups (the same answers, asked for once per text) and
renders only the data tables that have something to render."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pytest_bdd.gherkin_parser import Cell, DataTable, Location, Row
from pytest_bdd.parser import Step

from mlp_spec.plugin import _remembered, _shared


class Manager:
    """A session's fixture manager (only its identity matters here)."""


def test_a_step_lookup_is_made_once_per_text_type_and_module() -> None:
    asked: list[tuple[str | None, str, str]] = []

    managers: list[Any] = []

    def find(step: Any, fixturemanager: Any, node: Any) -> list[str]:
        asked.append((step.type, step.name, node.nodeid))
        managers.append(fixturemanager)
        return [f"definition of {step.type} {step.name}"]

    lookup = _remembered(find)
    assert lookup.remembers is find  # type: ignore[attr-defined]
    manager, other = Manager(), Manager()
    given = SimpleNamespace(type="given", name="the matrix wih:")
    first, second = SimpleNamespace(nodeid="spec.py::test_a"), SimpleNamespace(nodeid="spec.py::test_b[1]")
    assert list(lookup(given, manager, first)) == ["definition of given the matrix wih:"]
    assert list(lookup(given, manager, second)) == ["definition of given the matrix wih:"]
    assert len(asked) == 1
    when = SimpleNamespace(type="when", name="the matrix wih:")
    assert list(lookup(when, manager, first)) == ["definition of when the matrix wih:"]
    lookup(given, manager, SimpleNamespace(nodeid="tests/other.py::test_c"))
    lookup(given, other, first)  # another session
    assert len(asked) == 4 and managers == [manager, manager, manager, other]


def _table(*rows: list[str]) -> DataTable:
    at = Location(line=1, column=1)
    return DataTable(at, [Row(str(i), at, [Cell(at, value) for value in row]) for i, row in enumerate(rows)])


def test_a_table_without_placeholders_is_given_as_it_is_and_one_with_them_is_rendered() -> None:
    calls: list[DataTable] = []

    def render(datatable: DataTable, context: Any) -> DataTable:
        calls.append(datatable)
        return _table(["rendered"])

    fast = _shared(render)
    assert fast.renders is render  # type: ignore[attr-defined]
    plain = _table(["0.9", "0.3"], ["0.2", "0.8"])
    assert fast(plain, {"rate": "0.1"}) is plain and calls == []
    outline = _table(["0.9", "<rate>"])
    assert fast(outline, {"rate": "0.1"}).raw() == [["rendered"]] and calls == [outline]


def test_a_table_is_rendered_as_pytest_bdd_renders_it() -> None:
    """With pytest-bdd's own rendering behind it: an outline's table gets its values, in a copy; the table itself
    is left as the feature wrote it; a table without a <name> is the table."""
    render = _shared(getattr(Step.render_datatable, "renders", Step.render_datatable))
    outline = _table(["<rate>", "<unknown>", "0.3"])
    rendered = render(outline, {"rate": 0.1})
    assert rendered.raw() == [["0.1", "<unknown>", "0.3"]]
    assert outline.raw() == [["<rate>", "<unknown>", "0.3"]]
    plain = _table(["0.1", "0.3"])
    assert render(plain, {"rate": 0.1}) is plain


def test_the_plugin_puts_it_in_place_once() -> None:
    """Registered in this session (the root conftest loads the plugin), and not wrapped twice by the nested ones."""
    installed = Step.render_datatable
    assert installed.renders.__module__ == "pytest_bdd.parser" and not hasattr(installed.renders, "renders")

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

    def find(step: Any, fixturemanager: Any, node: Any) -> list[str]:
        asked.append((step.type, step.name, node.nodeid))
        return [f"definition of {step.type} {step.name}"]

    lookup = _remembered(find)
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
    assert len(asked) == 4


def _table(*rows: list[str]) -> DataTable:
    at = Location(line=1, column=1)
    return DataTable(at, [Row(str(i), at, [Cell(at, value) for value in row]) for i, row in enumerate(rows)])


def test_a_table_without_placeholders_is_given_as_it_is_and_one_with_them_is_rendered() -> None:
    calls: list[DataTable] = []

    def render(datatable: DataTable, context: Any) -> DataTable:
        calls.append(datatable)
        return _table(["rendered"])

    fast = _shared(render)
    plain = _table(["0.9", "0.3"], ["0.2", "0.8"])
    assert fast(plain, {"rate": "0.1"}) is plain and calls == []
    outline = _table(["0.9", "<rate>"])
    assert fast(outline, {"rate": "0.1"}).raw() == [["rendered"]] and calls == [outline]


def test_the_plugin_renders_as_pytest_bdd_does() -> None:
    """Registered in this session (the root conftest loads the plugin): an outline's table gets its values, in a
    copy; the table itself is left as the feature wrote it."""
    assert hasattr(Step.render_datatable, "renders")
    outline = _table(["<rate>", "<unknown>", "0.3"])
    rendered = Step.render_datatable(outline, {"rate": 0.1})
    assert rendered.raw() == [["0.1", "<unknown>", "0.3"]]
    assert outline.raw() == [["<rate>", "<unknown>", "0.3"]]

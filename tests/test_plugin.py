"""The spec's plugin remembers pytest-bdd's step lookups: the same answers, asked for once per text."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from mlp_spec.plugin import _remembered


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

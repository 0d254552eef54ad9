"""Steps of the matrix product: a·b computed by the implementation, and the article's sums written out."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from pytest_bdd import parsers, then, when

from .world import ALIASES, World, table_matrix, table_vector

_ENTRY = re.compile(r"c(?P<i>\d)(?P<j>\d)")
_TERM = re.compile(r"\s*(?P<x>-?\d+)\s*x\s*(?P<y>-?\d+)\s*")


# An operand is a value given by name (wih, I) or an earlier product in parentheses: who·(wih·I).
_OPERAND = r"\w+|\(\w+·\w+\)"


def _operand(world: World, name: str) -> Any:
    if name.startswith("("):
        return world.result(name[1:-1])[0]
    name = ALIASES.get(name, name)
    if name not in world.values:
        pytest.fail(f"no value named {name!r} was given")
    return world.values[name]


@when(parsers.re(rf"(?P<left>{_OPERAND})·(?P<right>{_OPERAND}) is computed"))
def when_product(world: World, left: str, right: str) -> None:
    a = _operand(world, left)
    # A vector on the left is a row, as np.dot(I, wih) treats it.
    if not isinstance(a[0], list):
        a = [a]
    world.answer("matmul", {"a": a, "b": _operand(world, right)}, {"product": f"{left}·{right}"})


@then(parsers.re(rf"(?P<left>{_OPERAND})·(?P<right>{_OPERAND}) is the (?P<kind>vector|matrix):"))
def then_product(world: World, left: str, right: str, kind: str, datatable: list[list[str]]) -> None:
    name = f"{left}·{right}"
    actual, request = world.result(name)
    expected = table_vector(datatable) if kind == "vector" else table_matrix(datatable)
    world.check(name, actual, expected, request)


@then(parsers.re(r"each entry of (?P<left>\w+)·(?P<right>\w+) is the sum the article writes out:"))
def then_entry_sums(world: World, left: str, right: str, datatable: list[list[str]]) -> None:
    """Each written sum must use row i of the left factor and column j of the right one, in order, and add
    up (in exact integer arithmetic) to the written value and to the implementation's entry."""
    a, b = _operand(world, left), _operand(world, right)
    name = f"{left}·{right}"
    product, request = world.result(name)
    for entry, written in datatable[1:]:
        m = _ENTRY.fullmatch(entry.strip())
        assert m, f"entry {entry!r} is not of the form cIJ"
        i, j = int(m["i"]) - 1, int(m["j"]) - 1
        terms_text, total_text = written.split("=")
        terms = [_TERM.fullmatch(t) for t in terms_text.split("+")]
        assert all(terms), f"{written!r}: each term must be 'x × y'"
        pairs = [(int(t["x"]), int(t["y"])) for t in terms if t]
        wanted = [(a[i][k], b[k][j]) for k in range(len(b))]
        assert pairs == wanted, (
            f"{entry}: the terms {pairs} are not row {i + 1} of {left} times column {j + 1} of {right}"
        )
        total = int(total_text)
        assert sum(x * y for x, y in pairs) == total, f"{written!r} does not add up"
        world.check(f"{name}[{i}][{j}]", product[i][j], total, request)


@then(parsers.re(r"(?P<one>\w+·\w+) and (?P<other>\w+·\w+) differ"))
def then_products_differ(world: World, one: str, other: str) -> None:
    x, _ = world.result(one)
    y, _ = world.result(other)
    world.check_differs(f"{one} against {other}", np.ravel(x).tolist(), np.ravel(y).tolist())

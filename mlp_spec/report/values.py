"""How a value appears on the page: a given value as a matrix (or else as its JSON), a checked value as its
expected numbers as written beside the answer, or, where it fails, as a grid of expected against actual."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from mlp_spec.truth.compare import plain_number


def plain(value: float) -> str:
    """A number as Python prints it, without a trailing ".0"."""
    return repr(float(value)).removesuffix(".0")


def shown(value: Any) -> dict[str, Any]:
    """A value as the page shows it: a matrix as rows, a vector as one row, a number as one cell; anything
    else (empty, ragged, not numbers) as the JSON it travels as, with a word on what it is."""
    is_list = isinstance(value, list)  # a number is shown as a 1×1 matrix, a vector as a 1×n one
    rows = [[value]] if plain_number(value) else [value] if is_list and all(map(plain_number, value)) else value
    matrix = (
        isinstance(rows, list) and rows and all(isinstance(r, list) and r and all(map(plain_number, r)) for r in rows)
    )
    if matrix and len({len(row) for row in rows}) == 1:
        return {"rows": [[plain(v) for v in row] for row in rows]}
    note = "empty" if value == [] else f"{len(value)} empty rows" if is_list and all(r == [] for r in value) else ""
    return {"text": as_json(value) or repr(value), "note": note}


def aligned(rows: list[list[str]]) -> str:
    """Rows of numbers as a matrix is printed: a line a row, the columns aligned on the right."""
    widths = [max(len(row[j]) for row in rows) for j in range(len(rows[0]))] if rows and rows[0] else []
    return "\n".join("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)) for row in rows)


def as_json(value: Any) -> str | None:
    """The value as the JSON it travels as, or None if it cannot travel (NaN, infinities, not JSON at all)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None


def is_number(cell: str) -> bool:
    try:
        float(cell.strip().replace("−", "-"))
    except ValueError:
        return False
    return True


NUMBER = re.compile(r"[-−]?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?")
"""A number as a step writes it in its words (``σ(-2) is 0.11920292202211755``, ``grew by 0.00009555``)."""
FEW_ULP = 16
"""Answers at most this many units in the last place from the expected ones differ only in their rounding: the
page says so in words."""


def written(text: str, rows: list[list[str]]) -> list[str]:
    """The numbers a step writes, as it writes them: its table's cells, then the numbers in its words."""
    return [cell.strip() for row in rows for cell in row] + NUMBER.findall(text)


def grid(check: Any, numbers: list[str] | None = None, kind: str = "") -> dict[str, Any]:
    """One comparison as the page shows it. The expected values as the step writes them (``numbers``), named by
    the scenario's ``kind`` of numbers (``article`` for quoted ones, ``certified``) if the step writes them all;
    then, for a check that holds, the answers beside them and how far apart they are; else a cell per element."""
    c = check.comparison
    given = np.asarray(c.expected, dtype=np.float64)
    expected = np.atleast_2d(given)
    try:
        actual = np.atleast_2d(np.asarray(c.actual, dtype=np.float64)) if "not a number" not in c.problem else None
    except (TypeError, ValueError):
        actual = None
    shaped = actual is not None and actual.shape == expected.shape
    as_written, found = _as_written(expected, numbers or [])
    rows = []
    for i, row in enumerate(expected):
        cells = []
        for j, e in enumerate(row):
            if actual is None or not shaped:
                cells.append({"state": "expected", "expected": as_written[i][j]})
                continue
            a = float(actual[i, j])
            error = abs(a - e)
            within = bool(error <= c.tolerance.atol + c.tolerance.rtol * abs(e))
            state = ("same" if within else "differs") if check.must_differ else ("ok" if within else "bad")
            cells.append({"state": state, "expected": as_written[i][j], "actual": plain(a), "error": f"{error:.3g}"})
        rows.append(cells)
    view: dict[str, Any] = {
        "field": c.field,
        "must_differ": check.must_differ,
        "holds": c.ok != check.must_differ,
        "rows": rows,
        "size": expected.size,
        "label": kind if kind and found else "expected",
        # A comparison that holds shows its values side by side; one that fails, a grid of its cells.
        "evidence": c.ok != check.must_differ and shaped,
        "atol": f"{c.tolerance.atol:g}",
        "rtol": f"{c.tolerance.rtol:g}",
        "problem": c.problem,
        "actual": None if shaped else repr(c.actual),
        "worst": _element(c.worst, given, c.tolerance),
        "largest": _element(c.largest, given, c.tolerance),
    }
    if view["evidence"]:
        assert actual is not None
        view |= _evidence(expected, actual, as_written, "" if check.must_differ else view["label"])
    return view


def _as_written(expected: Any, numbers: list[str]) -> tuple[list[list[str]], bool]:
    """Each expected number as the step writes it, else as Python prints it; and whether the step wrote all."""
    by_value = {float(token.replace("−", "-")): token for token in numbers if is_number(token)}  # not words
    rows = [[by_value.get(float(e), "") for e in row] for row in expected]
    found = all(cell for row in rows for cell in row)
    return [
        [cell or plain(e) for cell, e in zip(row, values, strict=True)]
        for row, values in zip(rows, expected, strict=True)
    ], found


def _evidence(expected: Any, actual: Any, as_written: list[list[str]], label: str) -> dict[str, Any]:
    """What a comparison that holds shows beside the expected values (``label`` names them; "" for values the
    answer must differ from): the answers (docs/report.md), and in words how close rounding left them."""
    full = label in ("article", "")  # the article prints fewer digits; values that differ share none
    answers = [
        [_as_answer(a, w) if full else _tail(_as_answer(a, w), w, a == e) for a, e, w in zip(*row, strict=True)]
        for row in zip(actual, expected, as_written, strict=True)
    ]
    errors = [[f"{abs(a - e):.3g}" for a, e in zip(*row, strict=True)] for row in zip(actual, expected, strict=True)]
    return {
        "written": _once(as_written),
        "answers": answers,
        # Where every answer is its expected number, bit for bit (not beside the article's, printed short).
        "same": label not in ("article", "") and bool((actual == expected).all()),
        "errors": _once(errors) if label == "article" and (actual != expected).any() else [],
        "words": _rounding(expected, actual, label) if label else "",
    }


def _once(rows: list[list[str]]) -> list[list[str]]:
    """A matrix of one number repeated (every weight grew by 0.00009555) as that number alone, said once."""
    if len(rows) * len(rows[0]) > 1 and len({cell for row in rows for cell in row}) == 1:
        return [[f"{rows[0][0]} each"]]
    return rows


def _rounding(expected: Any, actual: Any, label: str) -> str:
    """In words, where answers that hold differ from the expected numbers only by rounding: by how many units
    in the last place (ulp); a certified number is correctly rounded, so an answer off it is not."""
    differ = actual != expected
    if not differ.any():
        return "Bit for bit."
    ulp = int(np.ceil((np.abs(actual - expected) / np.spacing(np.abs(expected)))[differ].max()))
    if ulp > FEW_ULP:
        return ""
    if expected.size == 1:
        return (
            f"Not correctly rounded: {ulp} ulp off, within the tolerance."
            if label == "certified"
            else f"{ulp} ulp off."
        )
    rounded = "not correctly rounded" if label == "certified" else "differ"
    return f"{int(differ.sum())} of {expected.size} {rounded}, by up to {ulp} ulp."


def _as_answer(answer: float, expected: str) -> str:
    """An answer as Python prints it, keeping its ".0" where the expected number is written with one (1.0)."""
    return repr(float(answer)) if expected.endswith(".0") else plain(answer)


def _tail(answer: str, expected: str, same: bool) -> str:
    """An answer beside the expected number: ``=`` if it is the same, ``…823`` if only its last three digits
    differ, else in full."""
    if same:
        return "="
    if len(answer) == len(expected) and answer[:-3] == expected[:-3]:
        return "…" + answer[-3:]
    return answer


def _element(element: Any, expected: Any, tolerance: Any) -> dict[str, Any] | None:
    """An element of a comparison (compare.Element) as the page names it: where, how far off, how far allowed."""
    if element is None:
        return None
    index, error, relative = element
    return {
        "index": "".join(f"[{i}]" for i in index),
        "error": f"{error:.3g}",
        "value": error,
        "relative": f"{relative:.3g}",
        "allowed": f"{tolerance.atol + tolerance.rtol * abs(float(expected[index])):.3g}",
    }

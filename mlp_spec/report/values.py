"""How a value appears on the page: a given value as a matrix (or, when it is no matrix, as the JSON it travels
as), and a checked value as an expected-versus-actual grid, a cell per element."""

from __future__ import annotations

import json
from typing import Any


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def shown(value: Any) -> dict[str, Any]:
    """A value as the page shows it: a matrix as rows, a vector as one row, a number as one cell; anything
    else (empty, ragged, not numbers) as the JSON it travels as, with a word on what it is."""
    is_list = isinstance(value, list)  # a number is shown as a 1×1 matrix, a vector as a 1×n one
    rows = [[value]] if _numeric(value) else [value] if is_list and all(map(_numeric, value)) else value
    matrix = isinstance(rows, list) and rows and all(isinstance(r, list) and r and all(map(_numeric, r)) for r in rows)
    if matrix and len({len(row) for row in rows}) == 1:
        return {"rows": [[_number(v) for v in row] for row in rows]}
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


def grid(check: Any) -> dict[str, Any]:
    """One comparison as an expected-vs-actual grid: a cell per element, with its error where it is outside."""
    import numpy as np

    c = check.comparison
    expected = np.atleast_2d(np.asarray(c.expected, dtype=np.float64))
    try:
        actual = np.atleast_2d(np.asarray(c.actual, dtype=np.float64)) if "not a number" not in c.problem else None
    except (TypeError, ValueError):
        actual = None
    shaped = actual is not None and actual.shape == expected.shape
    rows = []
    for i, row in enumerate(expected):
        cells = []
        for j, e in enumerate(row):
            if actual is None or not shaped:
                cells.append({"state": "expected", "expected": _number(e)})
                continue
            a = float(actual[i, j])
            error = abs(a - e)
            within = bool(error <= c.tolerance.atol + c.tolerance.rtol * abs(e))
            relative = error / abs(e) if e != 0 else (0.0 if error == 0 else float("inf"))
            state = ("same" if within else "differs") if check.must_differ else ("ok" if within else "bad")
            numbers = {"actual": _number(a), "error": f"{error:.3g}", "relative": f"{relative:.3g}"}
            cells.append({"state": state, "expected": _number(e), **numbers})
        rows.append(cells)
    holds_as_printed = c.ok and not check.must_differ and shaped
    return {
        "field": c.field,
        "must_differ": check.must_differ,
        "holds": c.ok != check.must_differ,
        "rows": rows,
        # The values of a grid that holds, as a matrix is printed: a table cell costs more bytes than its number.
        "text": aligned([[cell["actual"] for cell in row] for row in rows]) if holds_as_printed else "",
        "atol": f"{c.tolerance.atol:g}",
        "rtol": f"{c.tolerance.rtol:g}",
        "problem": c.problem,
        "actual": None if shaped else repr(c.actual),
        "worst": None
        if c.worst is None
        else {"index": list(c.worst[0]), "error": f"{c.worst[1]:.3g}", "relative": f"{c.worst[2]:.3g}"},
        "request": check.request.case if check.request is not None else "",
    }

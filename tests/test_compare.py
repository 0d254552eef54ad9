"""The judge itself: the one comparison |a − e| ≤ atol + rtol·|e|, its report, and the tolerances that must not
move. Every malformed answer a port can send fails the comparison with the reason; none raises."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

import numpy as np
import pytest
from mlp_spec.steps.world import DIFFERENT, World

from mlp_spec.truth.compare import EXACT, Comparison, Tolerance, brief, compare

LOOSE = Tolerance(1e-15, 1e-12)
BOUND = Tolerance(0.25, 0.25)
NOT_NUMBERS = "not a number, vector or matrix of numbers"


@pytest.mark.parametrize(
    ("name", "a", "e", "tol", "ok"),
    [
        ("x", 2.75, 2.0, BOUND, True),  # exactly atol + rtol·|e| = 0.25 + 0.25·2 away
        ("x", 1.25, 2.0, BOUND, True),
        ("x", math.nextafter(2.75, 3.0), 2.0, BOUND, False),
        ("x", math.nextafter(1.25, 1.0), 2.0, BOUND, False),
        ("x", -2.75, -2.0, BOUND, True),  # the bound uses |e|: a negative expectation has the same room
        ("x", math.nextafter(-2.75, -3.0), -2.0, BOUND, False),
        # atol alone and rtol alone
        ("x", 0.5, 0.0, Tolerance(0.5, 0.0), True),
        ("x", math.nextafter(0.5, 1.0), 0.0, Tolerance(0.5, 1e300), False),  # rtol·|0| gives no room
        ("x", 6.0, 4.0, Tolerance(0.0, 0.5), True),
        ("x", math.nextafter(6.0, 7.0), 4.0, Tolerance(0.0, 0.5), False),
        # Element by element: the second element alone is outside, and one element out of place fails the field.
        ("v", [1.0, 2.0 + 2**-20], [1.0, 2.0], Tolerance(2**-22, 0.0), False),
        ("m", [[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 4.0]], EXACT, True),
        # EXACT is bit for bit. One unit in the last place is a relative 2.2e-16: it would pass at rtol 1e-15.
        ("x", 1.0, 1.0, EXACT, True),
        ("x", [0.5, -3.25], [0.5, -3.25], EXACT, True),
        ("x", math.nextafter(1.0, 2.0), 1.0, EXACT, False),
        ("x", 5e-324, 0.0, EXACT, False),  # the smallest subnormal: no absolute room either
    ],
)
def test_the_rule_holds_up_to_its_bound_and_no_further(name: str, a: Any, e: Any, tol: Tolerance, ok: bool) -> None:
    assert compare(name, a, e, tol).ok is ok


def test_exact_is_zero_and_cannot_be_loosened_in_place() -> None:
    assert Tolerance(0.0, 0.0) == EXACT
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXACT.rtol = 1e-15  # type: ignore[misc]


def _differs(actual: list[float], other: list[float]) -> bool:
    # check_differs compares two answers already in hand: it never talks to a backend, so it is given none.
    world = World(object(), "case", frozenset(), tolerance=EXACT)  # type: ignore[arg-type]
    try:
        world.check_differs("who", actual, other)
    except pytest.fail.Exception:
        return False
    return True


def test_different_means_far_beyond_rounding() -> None:
    assert 1e-9 < DIFFERENT < 1e-4
    assert _differs([1.0, 2.0], [1.0, 2.0 * (1 + 1e-4)])
    assert _differs([1.0, 2.0], [1.0 * (1 - 1e-4), 2.0])
    # Apart by more than the tolerance, but only as rounding after many steps would be: they do not differ.
    assert not _differs([1.0, 2.0], [1.0, 2.0 * (1 + 1e-9)])
    assert not _differs([1.0, 2.0], [1.0, 2.0])
    assert not _differs([1.0, 2.0], [1.0, "2.0"])  # type: ignore[list-item]  # no evidence either way
    # A NaN or an infinity is not a difference: the relative error of NaN is NaN, which compared as "not small".
    assert not _differs([1.0, math.nan], [1.0, 2.0]) and not _differs([math.inf, 2.0], [1.0, 2.0])
    assert not _differs([], [])


def test_empty_values_of_one_shape_agree_and_have_no_worst_element() -> None:
    for empty in ([], [[]], [[], []]):
        assert compare("x", empty, empty, EXACT) == Comparison("x", empty, empty, EXACT, True)
    assert compare("x", [[]], [], EXACT).problem == "shape [1, 0] where [0] is expected"


def test_the_report_says_where_it_is_worst_and_by_how_much() -> None:
    # 100 is off by 0.5 but has room for 1; 1 is off by 0.25 with room for 0.01: the 1 is the worst.
    c = compare("who", [[100.5, 8.0], [1.25, 4.0]], [[100.0, 8.0], [1.0, 4.0]], Tolerance(0.0, 0.01))
    assert not c.ok
    assert c.problem == "1 of 4 elements outside the tolerance"
    assert c.worst == ((1, 0), 0.25, 0.25)
    # The largest |a − e| is the 100's, though it is within its bound: the report can say both.
    assert c.largest == ((0, 0), 0.5, 0.005)
    # Within the tolerance as well: the 8's error is the largest, the 1's the nearest its bound.
    c = compare("who", [1.0 + 2**-40, 8.0 + 2**-37], [1.0, 8.0], Tolerance(0.0, 1e-11))
    assert c.ok and c.largest is not None and c.worst is not None
    assert (c.largest[0], c.largest[1], c.worst[0]) == ((1,), 2**-37, (0,))
    # With atol alone every bound is the same, and the two are one element.
    assert compare("x", [0.5, 2.0], [0.0, 1.0], Tolerance(2.0, 0.0)).largest == ((1,), 1.0, 1.0)
    c = compare("slope", 0.25, 0.25, EXACT)  # a number reports no index
    assert (c.ok, c.worst) == (True, ((), 0.0, 0.0))
    assert c.explain().endswith("  worst    at []: |a − e| = 0, relative 0")
    # Nothing is relative to 0: any error there is infinitely relative, and none is 0. No warning either.
    c = compare("e", [0.0, 0.5, 2.25], [0.0, 0.0, 2.0], Tolerance(1.0, 0.0))
    assert c.worst == ((1,), 0.5, math.inf)
    assert compare("e", [0.0, 0.0], [0.0, 0.0], EXACT).worst == ((0,), 0.0, 0.0)
    c = compare("x", [1.0 + 1 / 3], [1.0], Tolerance(0.0, 0.0))  # the report rounds to three figures
    assert c.explain().splitlines()[-1] == "  worst    at [0]: |a − e| = 0.333, relative 0.333"
    assert str(Tolerance(1e-15, 1.5e-12)) == "atol 1e-15, rtol 1.5e-12"


def test_a_failure_is_explained_with_everything_needed_to_fix_it_and_a_pass_with_its_largest_error() -> None:
    c = compare("final_outputs", [0.5, 0.75, 3.0], [0.5, 0.5, 2.0], Tolerance(0.125, 0.0))
    assert c == Comparison(
        "final_outputs", [0.5, 0.5, 2.0], [0.5, 0.75, 3.0], Tolerance(0.125, 0.0), False,
        "2 of 3 elements outside the tolerance", ((2,), 1.0, 0.5), ((2,), 1.0, 0.5),
    )  # fmt: skip
    assert c.explain() == (
        "final_outputs: MISMATCH\n"
        "  expected [0.5, 0.5, 2.0]\n"
        "  actual   [0.5, 0.75, 3.0]\n"
        "  rule     |a − e| ≤ atol + rtol·|e| with atol 0.125, rtol 0\n"
        "  problem  2 of 3 elements outside the tolerance\n"
        "  worst    at [2]: |a − e| = 1, relative 0.5"
    )
    c = compare("y", [1.0, 2.5], [1.0, 2.0], Tolerance(1.0, 0.0))
    worst = ((1,), 0.5, 0.25)
    assert c == Comparison("y", [1.0, 2.0], [1.0, 2.5], Tolerance(1.0, 0.0), True, "", worst, worst)
    assert c.explain() == (
        "y: ok\n"
        "  expected [1.0, 2.0]\n"
        "  actual   [1.0, 2.5]\n"
        "  rule     |a − e| ≤ atol + rtol·|e| with atol 1, rtol 0\n"
        "  worst    at [1]: |a − e| = 0.5, relative 0.25"
    )


@pytest.mark.parametrize(
    ("actual", "problem"),
    [
        ("0.5", NOT_NUMBERS),
        (["0.5", 0.5], NOT_NUMBERS),  # numpy would parse the text
        ("NaN", NOT_NUMBERS),
        (True, NOT_NUMBERS),  # numpy would take it for 1.0
        ([0.5, False], NOT_NUMBERS),
        (None, NOT_NUMBERS),  # a missing field, read with .get
        ([None, 0.5], NOT_NUMBERS),
        ({"y": [0.5, 0.5]}, NOT_NUMBERS),
        ([{"a": 1}, 0.5], NOT_NUMBERS),
        ([[0.5], {"a": [0.5]}], NOT_NUMBERS),
        ([0.5, 1j], NOT_NUMBERS),
        ((0.5, 0.5), NOT_NUMBERS),  # JSON has no tuples
        (np.array(["0.5", "0.5"]), NOT_NUMBERS),
        (np.array([True, False]), NOT_NUMBERS),
        (np.bool_(True), NOT_NUMBERS),
        (10**400, "a number beyond float64's range"),
        ([0.5, -(10**400)], "a number beyond float64's range"),
        ([[0.5], [0.5, 0.5]], "ragged: rows of different lengths or depths"),
        ([0.5, [0.5]], "ragged: rows of different lengths or depths"),
        ([0.5, 0.5, 0.5], "shape [3] where [2] is expected"),
        ([[0.5, 0.5]], "shape [1, 2] where [2] is expected"),
        ([], "shape [0] where [2] is expected"),
        (0.5, "shape [] where [2] is expected"),
        (math.nan, "shape [] where [2] is expected"),
    ],
)
def test_a_malformed_answer_fails_with_the_reason(actual: Any, problem: str) -> None:
    c = compare("y", actual, [0.5, 0.5], LOOSE)
    assert (c.ok, c.problem, c.worst) == (False, problem, None)
    assert c.actual is actual
    assert c.explain().splitlines()[-1] == f"  problem  {problem}"


@pytest.mark.parametrize(
    ("actual", "index", "problem"),
    [
        ([math.nan, 0.5], 0, "1 of 2 elements outside the tolerance, 1 of them NaN or infinite"),
        ([0.5, math.inf], 1, "1 of 2 elements outside the tolerance, 1 of them NaN or infinite"),
        ([-math.inf, 0.5], 0, "1 of 2 elements outside the tolerance, 1 of them NaN or infinite"),
        ([100.0, math.nan], 1, "2 of 2 elements outside the tolerance, 1 of them NaN or infinite"),
        ([math.inf, math.nan], 1, "2 of 2 elements outside the tolerance, 2 of them NaN or infinite"),  # NaN first
    ],
)
def test_nan_and_infinity_fail_and_are_the_worst(actual: list[float], index: int, problem: str) -> None:
    c = compare("y", actual, [0.5, 0.5], LOOSE)
    assert (c.ok, c.problem) == (False, problem)
    assert c.worst is not None and c.worst[0] == (index,) and not math.isfinite(c.worst[1])


@pytest.mark.parametrize(
    ("atol", "rtol", "message"),
    [
        (math.nan, 0.0, "atol: a tolerance must be a finite number ≥ 0 (got nan)"),  # it would pass anything
        (0.0, math.inf, "rtol: a tolerance must be a finite number ≥ 0 (got inf)"),
        (math.inf, 0.0, "atol: a tolerance must be a finite number ≥ 0 (got inf)"),
        (-1e-15, 0.0, "atol: a tolerance must be a finite number ≥ 0 (got -1e-15)"),
        (0.0, -1e-12, "rtol: a tolerance must be a finite number ≥ 0 (got -1e-12)"),
    ],
)
def test_a_tolerance_is_finite_and_not_negative(atol: float, rtol: float, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Tolerance(atol, rtol)


def test_no_tolerance_admits_nan_or_infinity_they_are_counted_and_an_overflow_is_an_infinite_error() -> None:
    vast = Tolerance(1e308, 1e308)
    for actual in ([math.nan], [math.inf], [-math.inf]):
        c = compare("y", actual, [0.0], vast)
        assert (c.ok, c.problem) == (False, "1 of 1 elements outside the tolerance, 1 of them NaN or infinite")
    c = compare("y", [1.5e308], [-1.5e308], LOOSE)
    assert (c.ok, c.problem, c.worst) == (False, "1 of 1 elements outside the tolerance", ((0,), math.inf, math.inf))
    c = compare("y", [math.nan, math.inf, 0.75, 0.5], [0.5, 0.5, 0.5, 0.5], LOOSE)
    assert c.problem == "3 of 4 elements outside the tolerance, 2 of them NaN or infinite"
    assert c.worst is not None and c.worst[0] == (0,) and math.isnan(c.worst[1]) and math.isnan(c.worst[2])
    c = compare("y", [-math.inf], [2.0], LOOSE)
    assert c.worst == ((0,), math.inf, math.inf)


@pytest.mark.parametrize(
    "actual",
    [
        [1, 0],  # JSON's integers are numbers
        [np.float64(1.0), np.int64(0)],
        np.array([1.0, 0.0]),
        np.array([1, 0]),
        np.array([1, 0], dtype=np.uint8),
        np.array([1.0, 0.0], dtype=np.float32),
    ],
)
def test_numbers_of_any_numeric_type_are_numbers(actual: Any) -> None:
    assert compare("y", actual, [1.0, 0.0], EXACT).ok


@pytest.mark.parametrize(
    ("expected", "problem"),
    [
        ("0.5", f"expected value: {NOT_NUMBERS}"),
        ([True], f"expected value: {NOT_NUMBERS}"),
        ([10**400], "expected value: a number beyond float64's range"),
        ([[0.5], []], "expected value: ragged: rows of different lengths or depths"),
        ([math.inf], "expected value: not finite"),
        ([0.5, math.nan], "expected value: not finite"),
    ],
)
def test_a_malformed_expectation_fails_too(expected: Any, problem: str) -> None:
    # check_differs compares two answers of a port: the expected side can be malformed as well.
    c = compare("y", [0.5], expected, LOOSE)
    assert (c.ok, c.problem, c.worst, c.expected) == (False, problem, None, expected)


def test_a_long_value_is_cut_to_its_size_and_first_entries_and_the_worst_element_quoted() -> None:
    expected = [[0.5 + i / 1000 + j / 10 for j in range(64)] for i in range(10)]
    actual = [row[:] for row in expected]
    actual[3][7] += 0.25
    text = compare("who", actual, expected, Tolerance(1e-13, 0.0)).explain()
    assert max(len(line) for line in text.splitlines()) <= 200
    assert "  expected a 10×64 matrix [[0.5, 0.6, 0.7, …], …]" in text.splitlines()
    assert f"worst    at [3, 7] ({expected[3][7]!r} expected, {actual[3][7]!r} actual): |a − e| = 0.25" in text
    assert brief([0.25] * 100) == "a vector of 100 [0.25, 0.25, 0.25, …]"
    assert brief("x" * 500).endswith("… (500 characters in all)") and brief([1.0, 2.0]) == "[1.0, 2.0]"
    # 160 characters are shown whole, 161 are cut; rows of unequal length are counted; a row of three is whole.
    assert brief("x" * 160) == "x" * 160 and brief("x" * 161) == f"{'x' * 160}… (161 characters in all)"
    assert brief([[0.25] * 50, [0.25] * 40]) == "2 rows [[0.25, 0.25, 0.25, …], …]"
    assert brief([[0.123456789] * 3] * 20) == "a 20×3 matrix [[0.123456789, 0.123456789, 0.123456789], …]"
    # A vector written in exactly 160 characters is shown whole, so its worst element needs no quoting.
    whole, off = [0.5] * 32, [0.5] * 7 + [0.6] + [0.5] * 24
    assert len(str(whole)) == len(str(off)) == 160
    assert compare("x", off, whole, EXACT).explain().endswith("  worst    at [7]: |a − e| = 0.1, relative 0.2")

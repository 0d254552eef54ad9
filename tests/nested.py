"""Nested sessions of the spec in this process: the features run against a backend the test makes (a
miniature, a planted defect, a partial port), for the tests that read its verdict (tests/test_conformance.py,
test_coverage.py, test_defects.py)."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from mlp_spec.harness import verdict as grading
from mlp_spec.harness.run import Run
from mlp_spec.session import session_args
from tests.doubles.miniatures import Miniature

# A session as `mlp-spec run` starts it (mlp_spec.session), with no hunt for unraisable exceptions (two full
# garbage collections at its end, half of a short session's time): the outer session keeps it.
BASE = session_args("-p", "no:unraisableexception")
SILENT = [*BASE, "-p", "no:terminal"]
# One scenario or two of every kind, no long training and no proof: enough to grade each capability (every op,
# every rule, the rejections; digits.one-epoch is query and fit), and quick.
QUICK_IDS = """matmul.article-2x2 sigmoid.article/1 sigmoid.derivative forward.article backward.article/book
    backward.gradient train-step.article train-step.book train-step.gradient digits.one-epoch reject.op conduct
    reject.missing/forward-wih reject.missing/matmul-b reject.missing/train-lr reject.article-shape
    reject.argument/forward-rule reject.argument/targets-short reject.argument/lr-zero"""
QUICK = [f"--id={i}" for i in QUICK_IDS.split()]


def nested(backend: Any, *args: str) -> tuple[int, grading.Verdict]:
    """The features run against ``backend`` in a nested session: its exit status and its verdict."""
    run = Run(backend=backend)
    code = pytest.main([*SILENT, *args], plugins=[run])
    assert run.verdict is not None
    return run.exit_status(code), run.verdict


@functools.cache
def graded(fault: str, *args: str) -> tuple[int, grading.Verdict]:
    """:func:`nested` for the miniature with ``fault`` (on the quick selection unless ``args`` narrow it), run
    once in this process however many tests read its verdict."""
    return nested(Miniature(fault), *(args or QUICK))

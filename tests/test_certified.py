"""Certification: the spec's numbers against an independent 50-digit computation.

Every scenario tagged ``@quoted`` or ``@certified`` runs again here, with the mpmath engine of
:mod:`mlp_spec.truth.exact` as the implementation. A certified number must equal that engine's answer rounded
to float64, bit for bit; a number quoted from the article must lie within the scenario's stated tolerance
of it — so the article's printed digits are checked against mathematics too, not only against numpy.

Long training runs (10,000 steps, or many passes over a data set) take seconds at 50 digits. For those the
engine's answer is read from the committed golden vectors, which hold exactly that answer for the same
request: `mlp-spec vectors --check` (run by CI) computes every one of them again from nothing and fails if
any differs. A request the vectors do not hold yet is computed here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import scenario
from pytest_bdd.feature import get_features

from mlp_spec.harness import vectors
from mlp_spec.harness.backends import Backend, ExactBackend
from mlp_spec.truth import exact

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "features"


class LongRunsFromVectors(ExactBackend):
    """The 50-digit engine, with the answers to long training runs taken from the committed vectors."""

    def __init__(self) -> None:
        self.known = vectors.load_cache(ROOT / "vectors" / vectors.FILE)

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        key = json.dumps([op, args], sort_keys=True)
        if vectors.steps(op, args) >= vectors.LONG_RUN_STEPS and key in self.known:
            return dict(self.known[key])
        return super().call(op, args, case)


# Session-scoped: pytest interleaves these items with test_features' (the same scenarios), so a module-scoped
# fixture would load the vectors again at every switch.
@pytest.fixture(scope="session")
def backend() -> Backend:
    return LongRunsFromVectors()


def _bind(path: str, name: str) -> Callable[[], None]:
    @scenario(path, name, features_base_dir="/")
    def test() -> None:
        pass

    return test


for _feature in get_features([str(FEATURES)]):
    for _name, _template in _feature.scenarios.items():
        if _template.tags & {"quoted", "certified"}:
            _slug = re.sub(r"\W+", "_", _name.lower()).strip("_")
            globals()[f"test_certify_{_slug}"] = _bind(_feature.filename, _name)


def test_the_engine_takes_one_step_or_pass_where_none_is_said_and_names_an_op_it_does_not_know() -> None:
    """The protocol's default of ``steps`` and ``epochs``, 1, which the engine spells on its own (the truth imports
    nothing of the harness)."""
    net = {"wih": [[0.5, -0.25]], "who": [[1.5], [-0.75]], "learning_rate": 0.5, "rule": "gradient"}
    sample = {"inputs": [1.0, 0.5], "targets": [0.25, 0.75]}
    for op, count, args in (
        ("train", "steps", net | sample),
        ("fit", "epochs", net | {name: [value] for name, value in sample.items()}),
    ):
        assert exact.handle(op, args) == exact.handle(op, args | {count: 1}) != exact.handle(op, args | {count: 2})
    with pytest.raises(KeyError, match="unknown op 'nope'"):
        exact.handle("nope", net)

"""Certification: the spec's numbers against an independent 50-digit computation.

Every scenario tagged ``@quoted`` or ``@certified`` runs again here, with the mpmath engine of
:mod:`mlp_spec.truth.exact` as the implementation. A certified number must equal that engine's answer rounded
to float64, bit for bit; a number quoted from the article must lie within the scenario's stated tolerance
of it — so the article's printed digits are checked against mathematics too, not only against numpy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_bdd import scenario
from pytest_bdd.feature import get_features

from mlp_spec.harness.backends import Backend, ExactBackend

FEATURES = Path(__file__).resolve().parent.parent / "features"


@pytest.fixture(scope="module")
def backend() -> Backend:
    return ExactBackend()


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

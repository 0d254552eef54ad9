"""The spec's pytest plugin, under one name: ``pytest -p mlp_spec.plugin``. Never loaded by merely installing
mlp-spec (no ``pytest11`` entry point), so other projects' pytest runs stay as they were. It registers the
harness, the step definitions and the report recorder; it makes ``-k`` match the words of a feature's and a
scenario's name, which pytest-bdd's test names do not carry, and lets ``-m`` name tags as the features write
them (``-m @quoted`` is ``-m quoted``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlp_spec.harness.run import template_of
from mlp_spec.steps import PARTS as STEPS

PARTS = ("mlp_spec.harness.plugin", "mlp_spec.report.recorder")
"""The harness (the implementation under test, the outcomes, the verdict) and the report (the outputs)."""


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Register the spec's parts by module name: ``pytest_plugins`` would look each of its ten names up among
    every installed distribution's entry points first (half a second over the suite's nested sessions). This
    is the first hook called once this plugin is registered, before the command line is parsed, so the parts'
    options are known in time."""
    for name in (*PARTS, *STEPS):
        pluginmanager.import_plugin(name)


def pytest_configure(config: pytest.Config) -> None:
    markexpr = config.getoption("markexpr", "")
    if markexpr and "@" in markexpr:
        # pytest's marker expressions have no @; Gherkin's tags do.
        config.option.markexpr = markexpr.replace("@", "")


def pytest_itemcollected(item: pytest.Item) -> None:
    template = template_of(item)
    if template is not None:
        # -k matches any part of these (case-insensitively): `-k sigmoid`, `-k "forward and pass"`.
        feature = template.feature
        item.extra_keyword_matches.update({feature.name, template.name, Path(feature.filename).stem})

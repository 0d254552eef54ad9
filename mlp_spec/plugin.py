"""The spec's pytest plugin, under one name: ``pytest -p mlp_spec.plugin`` (or ``pytest_plugins`` in a
conftest, as the repository's root ``conftest.py`` does).

It is never loaded by merely installing mlp-spec (no ``pytest11`` entry point), so other projects' pytest
runs stay as they were. It registers the harness (``--impl``, ``--id``, the backend fixture and the tags),
the step definitions, and the report recorder (``--html``, ``--messages``, ``--cucumberjson``); it makes
``-k`` match the words of a feature's and a scenario's name, which pytest-bdd's test names do not carry, and
lets ``-m`` name tags as the features write them (``-m @quoted`` is ``-m quoted``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["mlp_spec.harness.plugin", "mlp_spec.report.recorder", "mlp_spec.steps"]


def pytest_configure(config: pytest.Config) -> None:
    markexpr = config.getoption("markexpr", "")
    if markexpr and "@" in markexpr:
        # pytest's marker expressions have no @; Gherkin's tags do.
        config.option.markexpr = markexpr.replace("@", "")


def pytest_itemcollected(item: pytest.Item) -> None:
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    function = getattr(item, "obj", None)
    template = scenario_wrapper_template_registry.get(function) if callable(function) else None
    if template is not None:
        # -k matches any part of these (case-insensitively): `-k sigmoid`, `-k "forward and pass"`.
        feature = template.feature
        item.extra_keyword_matches.update({feature.name, template.name, Path(feature.filename).stem})

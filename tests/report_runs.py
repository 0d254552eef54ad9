"""Runs of a few scenarios with every output written (the HTML page, the Cucumber Messages and JSON, the
summary), made in this process for the report's tests (tests/test_report.py) and read back as a person and a
tool would; and, beside the report, what each step compared, recorded by a plugin of the test's own."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.page_tree import parse

ROOT = Path(__file__).resolve().parent.parent
# Every scenario of the article's own (@quoted) numbers, a few certified ones and a few quick others
# (matrices, formulas, the network, an outline, a proof); against the port that lies, one passes (a must-differ
# check), one fails and one is skipped.
QUOTED_IDS = ["matmul.article-2x2", "sigmoid.article", "forward.article", "backward.article", "train-step.article"]
REFERENCE_IDS = [
    *QUOTED_IDS,
    "matmul.order",
    "sigmoid.correctly-rounded/2",
    "train-step.book",
    "reject.argument/wih-empty",
    "reject.argument/who-empty-row",
    "proof.sigmoid",
]
LYING_IDS = ["matmul.order", "forward.article", "train-step.gradient"]


def feature_of(case: str) -> str:
    """The feature file (its stem) that holds the scenario tagged ``@id:case`` (an example's id left off)."""
    tag = f"@id:{case.split('/')[0]}"
    found = [
        p.stem for p in sorted((ROOT / "features").glob("*.feature")) if tag in p.read_text(encoding="utf-8").split()
    ]
    assert len(found) == 1, f"{tag} is in {found}"
    return found[0]


FEATURES = sorted({feature_of(case) for case in REFERENCE_IDS + LYING_IDS})


class Compared:
    """What each step compared, by scenario id and step line: its words and table, the scenario's tags, and the
    World's comparisons (``Check``) it made. The report's recorder is not asked, so that this record of the run
    is the test's own."""

    def __init__(self) -> None:
        self.steps: dict[tuple[str, int], dict[str, Any]] = {}

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        from mlp_spec.harness.run import WORLD

        world = request.node.stash.get(WORLD, None)
        if world is None:
            return
        made = sum(len(record["checks"]) for (case, _), record in self.steps.items() if case == world.case)
        table = [cell.value for row in step.datatable.rows for cell in row.cells] if step.datatable else []
        self.steps[(world.case, step.line_number)] = {
            "scenario": world.scenario,
            "step": f"{step.keyword} {step.name}",
            "written": table + NUMBER.findall(step.name),
            "tags": set(world.tags),
            "checks": list(world.checks[made:]),
        }


NUMBER = re.compile(r"[-−]?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?")
"""A number as a step's words write it."""


def run_spec(directory: Path, ids: list[str], *plugins: object) -> dict[str, Any]:
    """Run the features (only ``ids``) in this process with every output; what was written, by name, and what
    each step compared."""
    spec = directory / f"test_{directory.name}_spec.py"
    files = [str(ROOT / "features" / f"{name}.feature") for name in FEATURES]
    spec.write_text(f"from pytest_bdd import scenarios\n\nscenarios(*{files!r})\n", encoding="utf-8")
    ini = directory / "pytest.ini"
    ini.write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    html, messages, cucumber_json, summary = (
        directory / name for name in ("report.html", "run.ndjson", "run.json", "summary.json")
    )
    written = ["--html", str(html), "--messages", str(messages), "--cucumberjson", str(cucumber_json)]
    written += ["--summary", str(summary)]
    compared = Compared()
    # no:unraisableexception: its closing garbage collections cost more than these runs.
    quiet = "--disable-plugin-autoload -p pytest_bdd.plugin -p mlp_spec.plugin -p no:cacheprovider --assert=plain -q"
    args = [str(spec), "-c", str(ini), "--rootdir", str(directory), *quiet.split(), "-p", "no:unraisableexception"]
    selection = [arg for i in ids for arg in ("--id", i)]
    status = pytest.main([*args, *selection, *written], plugins=[*plugins, compared])
    return {
        "status": int(status),
        "html": html.read_text(encoding="utf-8"),
        "page": parse(html),
        "messages": [json.loads(line) for line in messages.read_text(encoding="utf-8").splitlines()],
        "json": json.loads(cucumber_json.read_text(encoding="utf-8")),
        "summary": json.loads(summary.read_text(encoding="utf-8")),
        "compared": compared.steps,
    }


def scenario_count(features: list[str]) -> int:
    """How many scenarios the feature files hold, an outline counting once per example."""
    from pytest_bdd.parser import FeatureParser

    count = 0
    for name in features:
        feature = FeatureParser(str(ROOT / "features"), f"{name}.feature").parse()
        count += sum(max(1, sum(len(e.examples) for e in s.examples)) for s in feature.scenarios.values())
    return count

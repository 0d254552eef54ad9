"""Runs of a few scenarios with every output written (the HTML page, the Cucumber Messages and JSON), made
in this process for the report's tests (tests/test_report.py) and read back as a person and a tool would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.page_tree import parse

ROOT = Path(__file__).resolve().parent.parent
# A few quick scenarios of four features (matrices, formulas, the network); against the port that lies, one
# passes (a must-differ check), one fails and one is skipped.
REFERENCE_IDS = [
    "matmul.article-2x2",
    "sigmoid.article/1",
    "forward.article",
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


def run_spec(directory: Path, ids: list[str], *plugins: object) -> dict[str, Any]:
    """Run the features (only ``ids``) in this process with every output; what was written, by name."""
    spec = directory / f"test_{directory.name}_spec.py"
    files = [str(ROOT / "features" / f"{name}.feature") for name in FEATURES]
    spec.write_text(f"from pytest_bdd import scenarios\n\nscenarios(*{files!r})\n", encoding="utf-8")
    ini = directory / "pytest.ini"
    ini.write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    html, messages, cucumber_json = (directory / name for name in ("report.html", "run.ndjson", "run.json"))
    written = ["--html", str(html), "--messages", str(messages), "--cucumberjson", str(cucumber_json)]
    # no:unraisableexception: its closing garbage collections cost more than these runs.
    quiet = "--disable-plugin-autoload -p pytest_bdd.plugin -p mlp_spec.plugin -p no:cacheprovider --assert=plain -q"
    args = [str(spec), "-c", str(ini), "--rootdir", str(directory), *quiet.split(), "-p", "no:unraisableexception"]
    status = pytest.main([*args, *(arg for i in ids for arg in ("--id", i)), *written], plugins=list(plugins))
    return {
        "status": int(status),
        "html": html.read_text(encoding="utf-8"),
        "page": parse(html),
        "messages": [json.loads(line) for line in messages.read_text(encoding="utf-8").splitlines()],
        "json": json.loads(cucumber_json.read_text(encoding="utf-8")),
    }


def scenario_count(features: list[str]) -> int:
    """How many scenarios the feature files hold, an outline counting once per example."""
    from pytest_bdd.parser import FeatureParser

    count = 0
    for name in features:
        feature = FeatureParser(str(ROOT / "features"), f"{name}.feature").parse()
        count += sum(max(1, sum(len(e.examples) for e in s.examples)) for s in feature.scenarios.values())
    return count

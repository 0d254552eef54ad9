"""The Cucumber JSON of a run, for CI dashboards: made from the same records and step outcomes as the
Cucumber Messages, with each feature's ``implementations`` under test beyond the format's fields. It follows
``cucumber-json.schema.json`` beside this module, written after the JSON of cucumber-jvm and cucumber-js.
"""

from __future__ import annotations

import json
import re
from base64 import b64encode
from pathlib import Path
from typing import Any

from mlp_spec.report.messages import definition_source, uri
from mlp_spec.report.records import CaseRecord, Recording, StepRecord

SCHEMA = Path(__file__).with_name("cucumber-json.schema.json")


def write(path: Path, run: Recording, root: Path) -> None:
    """Write the run's Cucumber JSON to ``path``; file names in it are relative to ``root``."""
    path.write_text(json.dumps(document(run, root), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().lower())


def _step(step: StepRecord, outcome: str, case: CaseRecord, place: int, root: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"status": outcome, "duration": step.duration}
    extra: dict[str, Any] = {"rows": [{"cells": row} for row in step.rows]} if step.rows else {}
    if outcome == "failed":
        result["error_message"] = (case.message or step.error) + (f"\n\n{case.traceback}" if case.traceback else "")
        # The message cuts a long value short: what the step compared is embedded whole.
        embedded = [
            {"mime_type": "application/json", "data": b64encode(t.encode()).decode()} for t in case.compared(place)
        ]
        extra |= {"embeddings": embedded} if embedded else {}
    match = {"location": "{}:{}".format(*definition_source(step.definition, root)) if step.definition else ""}
    return {
        "keyword": step.keyword + " ",
        "name": step.text,
        "line": step.line,
        "match": match,
        "result": result,
    } | extra


def document(run: Recording, root: Path) -> list[dict[str, Any]]:
    """The run as Cucumber JSON: the features in the order they ran, each with the scenarios that ran."""
    implementations = list(run.implementations.values())
    features: dict[str, dict[str, Any]] = {}
    for case in run.reported():
        feature = case.feature
        if feature.filename not in features:
            features[feature.filename] = {
                "uri": uri(feature.filename, root),
                "id": _slug(feature.name),
                "keyword": feature.keyword,
                "name": feature.name,
                "description": feature.description,
                "line": feature.line_number,
                "tags": [{"name": f"@{tag}", "line": feature.line_number - 1} for tag in sorted(feature.tags)],
                "elements": [],
                "implementations": implementations,
            }
        outcomes = zip(case.steps, case.step_outcomes(), strict=True)
        features[feature.filename]["elements"].append(
            {
                "id": f"{_slug(feature.name)};{case.case}",
                "keyword": "Scenario",
                "type": "scenario",
                "name": case.name,
                "description": case.description,
                "line": case.line,
                "tags": [{"name": f"@{tag}", "line": case.line - 1} for tag in case.tags],
                "steps": [_step(step, outcome, case, place, root) for place, (step, outcome) in enumerate(outcomes)],
            }
        )
    return list(features.values())

"""What the page shows of each scenario and Background: its steps with the values they gave or their tables,
its grids of expected against actual, what is summed up in a line, and the features' narratives as HTML.
:mod:`.page` lays these out; the templates in ``templates/`` render them.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from mlp_spec.report.records import CaseRecord
from mlp_spec.report.values import as_json, grid, is_number, shown

MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}
LONG_SCENARIO = 4
"""More checks than this in a scenario, and those that hold are summed up in a line each, without their values."""
LARGE_VALUE = 16
"""A checked value of more numbers than this that holds is summed up in a line, without its numbers."""


def markdown(text: str) -> str:
    """A narrative as HTML (CommonMark, raw HTML off): quotes stay quotes, indented formula lines are code."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).render(_as_markdown(text)))


def _as_markdown(text: str) -> str:
    blocks = []
    for block in re.split(r"\n[ \t]*\n", textwrap.dedent(text).strip()):
        lines = block.splitlines()
        if all(line.lstrip().startswith(">") for line in lines):
            blocks.append("\n".join(line.lstrip() for line in lines))
        elif all(line.startswith((" ", "\t")) for line in lines):
            # Gherkin indents formulas and code by two spaces, which Markdown would run into the paragraph.
            blocks.append("```text\n" + textwrap.dedent(block) + "\n```")
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


def background_lines(feature: Any) -> frozenset[int]:
    background = getattr(feature, "background", None)
    return frozenset(step.line_number for step in background.steps) if background is not None else frozenset()


def _steps(case: CaseRecord, wanted: Any, failing: bool = False) -> list[dict[str, Any]]:
    """The steps ``wanted`` keeps, each with the values it gave or else its data table."""
    views, before = [], 0
    for step in case.steps:
        gave, before = (case.given[before : step.given], step.given) if step.given is not None else ([], before)
        if not wanted(step):
            continue
        table = step.rows
        # A table of numbers is on the page already (as the values a step gave, or in the grid of the values it
        # checked), or was never used (a step that did not run): it is shown only under a step that failed, and
        # not even there if a ``failing`` grid shows its numbers as expected against actual. A table of words (a
        # proof's claims and what they mean) is shown as written.
        numbers = bool(table) and all(is_number(cell) for row in table for cell in row)
        hidden = gave or (numbers and (failing or step.outcome != "failed"))
        views.append(
            {
                "record": step,
                "gave": [(name, shown(value)) for name, value in gave if not _in_text(value, step.text)],
                "table": table if table and not hidden else None,
                "header": bool(table) and not numbers,
            }
        )
    return views


def blocks(
    members: list[CaseRecord], views: dict[str, dict[str, Any]], background: frozenset[int]
) -> list[dict[str, Any]]:
    """The section's scenarios in order, each in full, except that the passing examples of an outline share
    one table under the outline's steps: a row each, with what it gave, what was refused, and each value it
    checked (a few numbers in full, more by their count) with its largest error."""
    blocks: list[dict[str, Any]] = []
    for case in members:
        view, template = views[case.nodeid], _outline(case)
        if template is None or case.status == "failed" or not all(g["text"] for g in view["grids"]):
            blocks.append({"scenario": view})
            continue
        last = blocks[-1] if blocks else {}
        if last.get("line") == case.line:
            last["rows"].append(view)
            continue
        steps = [s for s in template.steps if s.line_number not in background]
        blocks.append({"line": case.line, "name": template.name, "steps": steps, "rows": [view], "first": view})
    # An outline with one example here (a selection) reads better in full.
    return [{"scenario": b["rows"][0]} if "rows" in b and len(b["rows"]) == 1 else b for b in blocks]


def _outline(case: CaseRecord) -> Any:
    """The pytest-bdd template of ``case`` if it is an example of a Scenario Outline, else None."""
    template = next((t for t in getattr(case.feature, "scenarios", {}).values() if t.line_number == case.line), None)
    return template if template is not None and template.examples else None


def _in_text(value: Any, text: str) -> bool:
    """Whether the step's own words already show the value as written (``the learning rate 0.1``,
    ``wih is [[1, 2], [3, 4]]``); an empty value is shown anyway, with its note."""
    view = shown(value)
    if view.get("note"):
        return False
    one = "rows" in view and len(view["rows"]) == 1 and len(view["rows"][0]) == 1
    written = view["rows"][0][0] if one else view.get("text") or as_json(value)
    # Written as a whole: 1 is not in ``steps is 10``, 0.1 not in ``0.15``.
    return written is not None and re.search(rf"(?<![\w.]){re.escape(written)}(?!\w|\.\d)", text) is not None


def point_to_shown(
    steps: list[dict[str, Any]], seen: dict[str, tuple[str, str]], background: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Values that an earlier Background showed point to it instead (the article's network is the Background
    of most features, and the start of many scenarios); the new values of a ``background`` (its anchor and
    file) are registered."""
    for step in steps:
        for i, (name, view) in enumerate(step["gave"]):
            key = json.dumps([name, view])
            if key in seen:
                step["gave"][i] = (name, {"shown": seen[key]})
            elif background:
                seen[key] = background
    return steps


def background_view(members: list[CaseRecord], lines: frozenset[int]) -> list[dict[str, Any]]:
    """The Background's steps and values, once for the feature: from the first scenario that ran them all."""
    if not lines:
        return []
    ran = [c for c in members if all(s.outcome == "passed" for s in c.steps if s.line in lines)]
    return _steps((ran or members)[0], lambda step: step.line in lines)


def case_view(case: CaseRecord, background: frozenset[int]) -> dict[str, Any]:
    from markupsafe import Markup

    grids = [grid(check) for check in case.checks]
    for g in grids:  # the request by its op: the scenario's id stands above it
        g["request"] = g["request"].removeprefix(f"{case.case}/")
        # The numbers of a long scenario or a large value are in the feature and the golden vectors; a check
        # of them that holds says how close it came. The article's own (quoted) numbers are always shown.
        many = len(grids) > LONG_SCENARIO or sum(len(row) for row in g["rows"]) > LARGE_VALUE
        g["summary"] = bool(g["text"]) and many and "quoted" not in case.tags
    failing = next((g for g in grids if not g["holds"]), None)
    if failing is not None:  # say which value failed and by how much, rather than the message's first line
        summary = f"{failing['field']}: {failing['problem'] or 'they agree, but must differ'}"
        if failing["worst"] and not failing["must_differ"]:
            summary += f", largest error {failing['worst']['error']}"
    else:
        summary = case.message.strip().splitlines()[0] if case.message.strip() else ""
    return {
        "record": case,
        "anchor": f"case-{case.case}",
        "mark": MARKS[case.status],
        "summary": summary,
        "tags": [tag for tag in case.tags if not tag.startswith("id:")],
        "description": Markup(markdown(case.description)) if case.description.strip() else "",
        # The Background is shown once, above the feature's scenarios; a scenario repeats a step of it only
        # where the step did not pass there.
        "steps": _steps(
            case, lambda s: s.line not in background or s.outcome in ("failed", "undefined"), bool(failing)
        ),
        "grids": grids,
        "rejections": [(r.op, r.error) for r in case.requests if r.error is not None],
    }

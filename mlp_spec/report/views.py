"""What the page shows of each scenario and Background (its steps, the values they gave, their comparisons),
and the features' narratives as HTML; :mod:`.page` lays these out."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from mlp_spec.report.records import CaseRecord
from mlp_spec.report.values import as_json, grid, is_number, plain, shown, written

MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}
LARGE_VALUE = 16
"""A checked value of more numbers than this that holds is summed up in a line, without its numbers."""


JAPANESE = "\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef"
"""Japanese punctuation, kana, kanji and full-width forms."""
_IN_JAPANESE = re.compile(rf"「[^」<]*」|[{JAPANESE}](?:[^\s<]*[{JAPANESE}])?")
"""A quotation in 「」, or a run of Japanese (with the Latin letters and numbers it holds, not spaces)."""


def markdown(text: str) -> str:
    """A narrative as HTML (CommonMark, raw HTML off): quotes stay quotes, indented formula lines are code,
    and Japanese is marked as such."""
    return japanese(str(MarkdownIt("commonmark", {"html": False}).render(_as_markdown(text))))


def japanese(html: str) -> str:
    """``html`` with each run of Japanese in its text marked ``lang="ja"``: a browser sets it in a Japanese font,
    with Japanese forms of the characters Chinese shares (the style sheet names the fonts)."""
    parts = re.split(r"(<[^>]*>)", html)
    marked = (_IN_JAPANESE.sub(lambda m: f'<span lang="ja">{m[0]}</span>', part) for part in parts[::2])
    return "".join(text + tag for text, tag in zip(marked, [*parts[1::2], ""], strict=True))


def _as_markdown(text: str) -> str:
    blocks = []
    for block in re.split(r"\n[ \t]*\n", textwrap.dedent(text).strip()):
        lines = block.splitlines()
        if all(line.lstrip().startswith(">") for line in lines):
            blocks.append("\n".join(line.lstrip() for line in lines))
        elif all(line.startswith((" ", "\t")) for line in lines):
            # Gherkin indents formulas and code by two spaces, which Markdown would run into the paragraph.
            blocks.append("```\n" + textwrap.dedent(block) + "\n```")
        else:
            blocks.append(block)
    return "\n\n".join(blocks)


def background_lines(feature: Any) -> frozenset[int]:
    background = feature.background
    return frozenset(step.line_number for step in background.steps) if background is not None else frozenset()


def _steps(
    case: CaseRecord, wanted: Any, failing: bool = False, grids: dict[int, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """The steps ``wanted`` keeps, each with the values it gave or else its data table, the comparisons it made
    (``grids``, by the step's place in the scenario) and the numbers it measured."""
    views, before = [], 0
    for place, step in enumerate(case.steps):
        gave, before = (case.given[before : step.given], step.given) if step.given is not None else ([], before)
        if not wanted(step):
            continue
        table = step.rows
        # A table of numbers is on the page already (as the values a step gave, or as the expected values of the
        # comparison it made), or was never used (a step that did not run): it is shown only under a step that
        # failed, and not even there if a ``failing`` grid shows its numbers as expected against actual. A table of
        # words (a proof's claims and what they mean) is shown as written.
        numbers = bool(table) and all(is_number(cell) for row in table for cell in row)
        hidden = gave or (numbers and (failing or step.outcome != "failed"))
        views.append(
            {
                "record": step,
                "gave": [(name, shown(value)) for name, value in gave if not _in_text(value, step.text)],
                "table": table if table and not hidden else None,
                "header": bool(table) and not numbers,
                "checks": (grids or {}).get(place, []),
                "measured": [(name, plain(value)) for name, value in step.measured],
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
        if template is None or case.status == "failed" or not all(g["evidence"] for g in view["grids"]):
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
    template = next((t for t in case.feature.scenarios.values() if t.line_number == case.line), None)
    return template if template is not None and template.examples else None


def _in_text(value: Any, text: str) -> bool:
    """Whether the step's own words already show the value as written (``the learning rate 0.1``,
    ``wih is [[1, 2], [3, 4]]``); an empty value is shown anyway, with its note."""
    view = shown(value)
    if view.get("note"):
        return False
    one = "rows" in view and len(view["rows"]) == 1 and len(view["rows"][0]) == 1
    words = view["rows"][0][0] if one else view.get("text") or as_json(value)
    # Written as a whole: 1 is not in ``steps is 10``, 0.1 not in ``0.15``.
    return words is not None and re.search(rf"(?<![\w.]){re.escape(words)}(?!\w|\.\d)", text) is not None


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


def _request_note(args: dict[str, Any]) -> str:
    """How far a request trained: ``10 steps``, ``5 epochs`` (a training request's id alone does not say)."""
    for name in ("steps", "epochs"):
        count = args.get(name)
        if isinstance(count, int) and not isinstance(count, bool):
            return f"{count:,} {name.removesuffix('s') if count == 1 else name}"
    return ""


KINDS = {"quoted": "article", "certified": "certified"}
"""What a scenario's tag says its expected numbers are: the article's, or certified at 50 digits."""


def case_view(case: CaseRecord, background: frozenset[int]) -> dict[str, Any]:
    kind = next((label for tag, label in KINDS.items() if tag in case.tags), "")
    asked = Counter(request.op for request in case.requests)
    grids: list[dict[str, Any]] = []
    by_step: dict[int, list[dict[str, Any]]] = {}  # by the step's place; -1 where no step is known to have made it
    for check, (place, step) in zip(case.checks, case.made_by(), strict=True):
        g = grid(check, written(step.text, step.rows) if step is not None else None, kind)
        grids.append(g)
        by_step.setdefault(place, []).append(g)
        request = check.request  # by its op: the scenario's id stands above it
        g["request"] = request.case.removeprefix(f"{case.case}/") if request is not None else ""
        # Where the op was asked once, the step says which request; train-2 needs its number of steps.
        g["request_note"] = _request_note(request.args) if request is not None and asked[request.op] > 1 else ""
        # Quoted and certified numbers, as the feature writes them, are shown; numbers worked out along the way
        # (sympy's gradient, a proof's expressions, a difference of the answers) and a large value's (in the
        # feature and the golden vectors) are not: a comparison of them that holds says how close it came.
        g["summary"] = g["evidence"] and (g["label"] == "expected" or g["size"] > LARGE_VALUE)
    failing = next((g for g in grids if not g["holds"]), None)
    if failing is not None:  # say which value failed and by how much, rather than the message's first line
        summary = f"{failing['field']}: {failing['problem'] or 'they agree, but must differ'}"
        if failing["largest"] and not failing["must_differ"]:
            summary += f", largest |a − e| {failing['largest']['error']}"
    else:
        summary = case.message.strip().splitlines()[0] if case.message.strip() else ""
    return {
        "record": case,
        "anchor": f"case-{case.case}",
        "summary": summary,
        "explained": failing is not None,
        # What the numbers are (@quoted, @certified, @measured); the ids and ops are the harness's to read.
        "tags": [tag for tag in case.tags if not tag.startswith(("id:", "op:"))],
        "description": Markup(markdown(case.description)) if case.description.strip() else "",
        # The Background is shown once, above the feature's scenarios; a scenario repeats a step of it only
        # where the step did not pass there.
        "steps": _steps(
            case,
            lambda s: s.line not in background or s.outcome in ("failed", "undefined"),
            bool(failing),
            by_step,
        ),
        "grids": grids,
        # The comparison that came out furthest apart, for a row that sums up a long example in one line.
        "furthest": max(grids, key=lambda g: g["largest"]["value"] if g["largest"] else 0.0, default=None),
        # Comparisons no step is known to have made (the steps' records lost count) are shown after the steps.
        "unplaced": by_step.get(-1, []),
        "rejections": [(r.op, r.error) for r in case.requests if r.error is not None],
    }

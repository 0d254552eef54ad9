"""The page of ``--html``: the verdict, the run's facts, and every feature with its narrative, formulas,
scenarios and expected-versus-actual grids, rendered with the Jinja2 templates in ``templates/``.

Everything here runs once, when the session ends, and only with ``--html``.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from mlp_spec.report.digits import FEATURE as DIGITS_FEATURE
from mlp_spec.report.digits import section as digits_section
from mlp_spec.report.formulas import Table
from mlp_spec.report.formulas import formulas as shown_formulas
from mlp_spec.report.records import PLOT_FEATURE, CaseRecord, Run
from mlp_spec.report.values import aligned, grid, is_number, shown

MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}
LONG_SCENARIO = 4
"""More checks than this in a scenario, and those that hold are summed up in a line each, without their values."""
LARGE_VALUE = 16
"""A checked value of more numbers than this that holds is summed up in a line, without its numbers."""


def render(
    run: Run,
    plot: str | None = None,
    plot_problem: str = "",
    digits: dict[str, Any] | None = None,
    formulas: Table | None = None,
) -> str:
    """The HTML document of ``run``: the verdict, failures and facts, then every feature with its scenarios;
    ``digits`` and ``formulas``, the digits section and the formulas if they were computed already."""
    from markupsafe import Markup

    from mlp_spec.report.network_svg import diagram
    from mlp_spec.report.plot import compact, inline

    cases = run.reported()
    features: dict[str, list[CaseRecord]] = {}
    for case in cases:
        features.setdefault(case.feature.filename, []).append(case)
    views: dict[str, dict[str, Any]] = {}
    drawn: dict[str, tuple[str, str]] = {}
    seen: dict[str, tuple[str, str]] = {}
    sections = []
    for filename, members in features.items():
        stem, feature = Path(filename).stem, members[0].feature
        background = _background_lines(feature)
        shown_background = _seen(_background_view(members, background), seen, f"feature-{stem}", feature)
        views.update({case.nodeid: _case_view(case, background) for case in members})
        for case in members:  # a scenario's own values that a Background showed point to it as well
            _seen(views[case.nodeid]["steps"], seen, "", feature, register=False)
        given = dict(reversed(members[0].given))  # the first value of each name: the Background's
        inputs = given.get("inputs")
        if isinstance(inputs, list) and inputs and isinstance(inputs[0], list):
            inputs = None  # a data set (features/22): the diagram shows the network alone
        weights = json.dumps([given.get("wih"), given.get("who")])
        network = ""
        if {"wih", "who"} <= given.keys() and weights not in drawn:  # one drawing of each network on the page
            network = diagram(given["wih"], given["who"], inputs)
            drawn[weights] = (f"feature-{stem}", feature.rel_filename)
        sections.append(
            {
                "feature": feature,
                "anchor": f"feature-{stem}",
                "narrative": Markup(markdown(feature.description)),
                "formulas": shown_formulas(stem, formulas),
                "background": shown_background,
                "network": Markup(network),
                "network_drawn": None if network or not {"wih", "who"} <= given.keys() else drawn[weights],
                "plot": Markup(compact(inline(plot))) if plot and stem == PLOT_FEATURE else None,
                "plot_problem": plot_problem if stem == PLOT_FEATURE else "",
                "plotted_by": _plotted_by(run),
                "digits": _compact_digits(digits or digits_section()) if stem == DIGITS_FEATURE else None,
                "blocks": _blocks(members, views, background),
                "counts": _counts(members),
            }
        )
    used: set[str] = set()
    for view in views.values():  # a scenario bound twice (the certifying run binds them all again) keeps its id
        anchor, n = view["anchor"], 1
        while anchor in used:
            n += 1
            anchor = f"{view['anchor']}-{n}"
        used.add(anchor)
        view["anchor"] = anchor
    counts = _counts(cases) | {"not_run": run.deselected}
    return _tidy(
        _template().render(
            counts=counts,
            verdict=verdict(counts),
            facts=facts(run),
            sections=sections,
            marks=MARKS,
            failures=[views[case.nodeid] for case in cases if case.status == "failed"],
            verdicts=verdict_view(run),
        )
    )


def _tidy(html: str) -> str:
    """The page without the blank lines the templates leave (except inside ``<pre>``, where they are text),
    and its style sheet without comments and indentation."""
    parts = re.split(r"(<pre>.*?</pre>|<style>.*?</style>)", html, flags=re.S)
    return "".join(_tidy_part(part) for part in parts)


def _tidy_part(part: str) -> str:
    if part.startswith("<pre>"):
        return part
    if part.startswith("<style>"):
        return re.sub(r"\s*([{};,>])\s*|(:) ", r"\1\2", re.sub(r"/\*.*?\*/", "", part, flags=re.S))
    # Quotes in text need no escaping (autoescape writes them as &#34; and &#39; everywhere).
    part = re.sub(r">[^<]+<", lambda m: m.group(0).replace("&#34;", '"').replace("&#39;", "'"), part)
    return re.sub(r"\n\s*\n", "\n", part)


def _compact_digits(section: dict[str, Any]) -> dict[str, Any]:
    """The digits section's pictures in fewer bytes (the same pictures): see plot.compact."""
    from mlp_spec.report.plot import compact

    if section.get("curves"):
        section["curves"] = compact(section["curves"])
    for digit in section.get("misclassified", []):
        digit["image"] = _pixels(compact(digit["image"]))
    return section


_PIXEL = re.compile(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="\3" fill="(#[0-9a-f]{6})"/>')


def _pixels(svg: str) -> str:
    """A picture of square pixels that do not overlap, as one path per colour; white ones are left out (the
    page is white)."""
    shades: dict[str, list[str]] = {}
    for x, y, side, fill in _PIXEL.findall(svg):
        if fill != "#ffffff":
            shades.setdefault(fill, []).append(f"M{x} {y}h{side}v{side}h-{side}z")
    paths = "".join(f'<path fill="{fill}" d="{"".join(squares)}"/>' for fill, squares in shades.items())
    return _PIXEL.sub("", svg).replace("</svg>", paths + "</svg>", 1) if shades else svg


def _plotted_by(run: Run) -> str:
    """Whose answers the loss plot shows: the reference's, or the port's (its first, if several)."""
    ports = [impl for backend, impl in run.implementations.items() if backend != "reference"]
    if not ports:
        return "the reference, mlp_ref"
    return f"the port under test, {ports[0].get('name', '?')} {ports[0].get('version', '')}".rstrip()


@functools.cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mlp_spec.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["aligned"] = aligned
    return env.get_template("report.html.j2")


def _counts(cases: list[CaseRecord]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for case in cases:
        counts[case.status] += 1
    return counts | {"total": len(cases)}


def verdict_view(run: Run) -> dict[str, Any]:
    """The graded verdicts for templates/verdict.html.j2: the side-by-side grid and each port's title."""
    from mlp_spec.harness import verdict as grading

    return {"grid": grading.grid(run.verdicts), "titles": [(v.title(), v.status) for v in run.verdicts]}


def verdict(counts: dict[str, int]) -> str:
    """ "75 of 75 scenarios pass", what failed or was skipped, and how many the selection left out."""
    not_run = counts.get("not_run", 0)
    left_out = f"; {not_run} more not run (left out by the selection)" if not_run else ""
    if not counts["total"]:
        return "No scenario ran" + left_out
    text = f"{counts['passed']} of {counts['total']} scenarios pass"
    extra = [f"{counts[k]} {word}" for k, word in (("failed", "fail"), ("skipped", "skipped")) if counts[k]]
    return (f"{text}: {', '.join(extra)}" if extra else text) + left_out


def facts(run: Run) -> list[tuple[str, str]]:
    """The run's facts: which spec, checking which implementation, on what, when, by which command."""
    import importlib.metadata
    import platform

    import numpy

    try:
        version = importlib.metadata.version("mlp-spec")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown (not installed)"
    tested = (
        "; ".join(
            f"{impl.get('name', '?')} {impl.get('version', '?')} ({impl.get('language', '?')})"
            + (", the reference, in process" if backend == "reference" else f", backend {backend}")
            for backend, impl in run.implementations.items()
        )
        or "not asked anything"
    )
    finished = run.finished or run.started
    return [
        ("spec", f"mlp-spec {version}"),
        ("implementation under test", tested),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("numpy", numpy.__version__),
        ("platform", f"{platform.system()} {platform.machine()}"),
        ("date", run.started.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("duration", f"{(finished - run.started).total_seconds():.2f} s"),
        ("command", " ".join(run.args)),
    ]


def markdown(text: str) -> str:
    """A narrative as HTML (CommonMark, raw HTML off): quotes stay quotes, indented formula lines are code."""
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).render(_as_markdown(text)))


def _as_markdown(text: str) -> str:
    import re
    import textwrap

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


def _background_lines(feature: Any) -> frozenset[int]:
    background = getattr(feature, "background", None)
    return frozenset(step.line_number for step in background.steps) if background is not None else frozenset()


def _steps(case: CaseRecord, wanted: Any) -> list[dict[str, Any]]:
    """The steps ``wanted`` keeps, each with the values it gave or else its data table."""
    views, before = [], 0
    for step in case.steps:
        gave = case.given[before : step.given] if step.given is not None else []
        before = step.given if step.given is not None else before
        if not wanted(step):
            continue
        table = step.rows or None
        # A table of numbers is on the page already (as the values a step gave, or in the grid of the values it
        # checked), or was never used (a step that did not run): it is shown only under a step that failed.
        # A table of words (a proof's claims and what they mean) is shown as written.
        numbers = table is not None and all(is_number(cell) for row in table for cell in row)
        views.append(
            {
                "record": step,
                "gave": [(name, shown(value)) for name, value in gave if not _in_text(value, step.text)],
                "table": table if table and not gave and not (numbers and step.outcome != "failed") else None,
                "numbers": numbers,
                "header": bool(table) and not numbers,
            }
        )
    return views


def _blocks(
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
    scenarios = getattr(case.feature, "scenarios", {})
    template = next((t for t in scenarios.values() if t.line_number == case.line), None)
    return template if template is not None and template.examples else None


def _in_text(value: Any, text: str) -> bool:
    """Whether the step's own words already show the value as written (``the learning rate 0.1``,
    ``wih is [[1, 2], [3, 4]]``); an empty value is shown anyway, with its note."""
    view = shown(value)
    if view.get("note"):
        return False
    if "rows" in view and len(view["rows"]) == 1 and len(view["rows"][0]) == 1:
        return f" {view['rows'][0][0]}" in f" {text}"
    return ("text" in view and view["text"] in text) or _json(value) in text


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return "\0"  # in no step's text


def _seen(
    steps: list[dict[str, Any]], seen: dict[str, tuple[str, str]], anchor: str, feature: Any, register: bool = True
) -> list[dict[str, Any]]:
    """Values that an earlier Background showed point to it instead (the article's network is the Background
    of most features, and the start of many scenarios); a Background's new values are registered."""
    for step in steps:
        for i, (name, view) in enumerate(step["gave"]):
            key = json.dumps([name, view])
            if key in seen:
                step["gave"][i] = (name, {"shown": seen[key]})
            elif register:
                seen[key] = (anchor, feature.rel_filename)
    return steps


def _background_view(members: list[CaseRecord], lines: frozenset[int]) -> list[dict[str, Any]]:
    """The Background's steps and values, once for the feature: from the first scenario that ran them all."""
    if not lines:
        return []
    ran = [c for c in members if all(s.outcome == "passed" for s in c.steps if s.line in lines)]
    return _steps((ran or members)[0], lambda step: step.line in lines)


def _case_view(case: CaseRecord, background: frozenset[int] = frozenset()) -> dict[str, Any]:
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
    # The Background is shown once, above the feature's scenarios; a scenario repeats a step of it only where
    # the step did not pass there.
    own = _steps(case, lambda step: step.line not in background or step.outcome in ("failed", "undefined"))
    if failing is not None:  # the failed step's numbers are in the failing grid, as expected against actual
        for step in own:
            step["table"] = None if step["numbers"] else step["table"]
    return {
        "record": case,
        "anchor": f"case-{case.case}",
        "mark": MARKS[case.status],
        "summary": summary,
        "tags": [tag for tag in case.tags if not tag.startswith("id:")],
        "description": Markup(markdown(case.description)) if case.description.strip() else "",
        "background": bool(background),
        "steps": own,
        "grids": grids,
        "rejections": [(r.op, r.error) for r in case.requests if r.error is not None],
    }

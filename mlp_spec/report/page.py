"""The page of ``--html``: the verdict, the run's facts, and every feature with its narrative, formulas,
scenarios and expected-versus-actual grids, rendered with the Jinja2 templates in ``templates/``.

Everything here runs once, when the session ends, and only with ``--html``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from mlp_spec.report.digits import FEATURE as DIGITS_FEATURE
from mlp_spec.report.digits import section as digits_section
from mlp_spec.report.formulas import formulas
from mlp_spec.report.records import PLOT_FEATURE, CaseRecord, Run

MARKS = {"passed": "✓", "failed": "✗", "skipped": "–"}


def render(run: Run, plot: str | None = None, plot_problem: str = "", digits: dict[str, Any] | None = None) -> str:
    """The HTML document of ``run``: the verdict, failures and facts, then every feature with its scenarios;
    ``digits``, the digits section if it was computed already."""
    from markupsafe import Markup

    from mlp_spec.report.network_svg import diagram
    from mlp_spec.report.plot import inline

    cases = run.reported()
    views = {case.nodeid: _case_view(case) for case in cases}
    used: set[str] = set()
    for view in views.values():  # a scenario bound twice (the certifying run binds them all again) keeps its id
        anchor, n = view["anchor"], 1
        while anchor in used:
            n += 1
            anchor = f"{view['anchor']}-{n}"
        used.add(anchor)
        view["anchor"] = anchor
    features: dict[str, list[CaseRecord]] = {}
    for case in cases:
        features.setdefault(case.feature.filename, []).append(case)
    sections = []
    for filename, members in features.items():
        stem, feature = Path(filename).stem, members[0].feature
        given = dict(reversed(members[0].given))  # the first value of each name: the Background's
        inputs = given.get("inputs")
        if isinstance(inputs, list) and inputs and isinstance(inputs[0], list):
            inputs = None  # a data set (features/22): the diagram shows the network alone
        network = diagram(given["wih"], given["who"], inputs) if {"wih", "who"} <= given.keys() else ""
        sections.append(
            {
                "feature": feature,
                "anchor": f"feature-{stem}",
                "narrative": Markup(markdown(feature.description)),
                "formulas": formulas(stem),
                "network": Markup(network),
                "plot": Markup(inline(plot)) if plot and stem == PLOT_FEATURE else None,
                "plot_problem": plot_problem if stem == PLOT_FEATURE else "",
                "digits": (digits or digits_section()) if stem == DIGITS_FEATURE else None,
                "cases": [views[case.nodeid] for case in members],
                "counts": _counts(members),
            }
        )
    counts = _counts(cases)
    return str(
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
    return env.get_template("report.html.j2")


def _counts(cases: list[CaseRecord]) -> dict[str, int]:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for case in cases:
        counts[case.status] += 1
    return counts | {"total": len(cases)}


def verdict_view(run: Run) -> dict[str, Any]:
    """The graded verdicts for templates/verdict.html.j2: the side-by-side grid and each port's title."""
    from mlp_spec.report import verdict as grading

    return {"grid": grading.grid(run.verdicts), "titles": [(v.title(), v.status) for v in run.verdicts]}


def verdict(counts: dict[str, int]) -> str:
    """ "75 of 75 scenarios pass", and what failed or was skipped."""
    if not counts["total"]:
        return "No scenario ran"
    text = f"{counts['passed']} of {counts['total']} scenarios pass"
    extra = [f"{counts[k]} {word}" for k, word in (("failed", "fail"), ("skipped", "skipped")) if counts[k]]
    return f"{text}: {', '.join(extra)}" if extra else text


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


def _number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value)
    return repr(float(value)).removesuffix(".0")


def _rows(value: Any) -> list[list[str]]:
    """A value as rows of formatted numbers: a matrix as it is, a vector as one row, a number as one cell."""
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        return [[_number(v) for v in row] for row in value]
    return [[_number(v) for v in value]] if isinstance(value, list) else [[_number(value)]]


def _case_view(case: CaseRecord) -> dict[str, Any]:
    from markupsafe import Markup

    grids = [grid(check) for check in case.checks]
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
        "given": [(name, _rows(value)) for name, value in case.given],
        "grids": grids,
        "rejections": [(r.op, r.error) for r in case.requests if r.error is not None],
    }


def grid(check: Any) -> dict[str, Any]:
    """One comparison as an expected-vs-actual grid: a cell per element, with its error where it is outside."""
    import numpy as np

    c = check.comparison
    expected = np.atleast_2d(np.asarray(c.expected, dtype=np.float64))
    try:
        actual = np.atleast_2d(np.asarray(c.actual, dtype=np.float64)) if "not a number" not in c.problem else None
    except (TypeError, ValueError):
        actual = None
    shaped = actual is not None and actual.shape == expected.shape
    rows = []
    for i, row in enumerate(expected):
        cells = []
        for j, e in enumerate(row):
            if not shaped:
                cells.append({"state": "expected", "expected": _number(e)})
                continue
            assert actual is not None
            a = float(actual[i, j])
            error = abs(a - e)
            within = bool(error <= c.tolerance.atol + c.tolerance.rtol * abs(e))
            relative = error / abs(e) if e != 0 else (0.0 if error == 0 else float("inf"))
            state = ("same" if within else "differs") if check.must_differ else ("ok" if within else "bad")
            cells.append(
                {
                    "state": state,
                    "expected": _number(e),
                    "actual": _number(a),
                    "error": f"{error:.3g}",
                    "relative": f"{relative:.3g}",
                }
            )
        rows.append(cells)
    return {
        "field": c.field,
        "must_differ": check.must_differ,
        "holds": c.ok != check.must_differ,
        "rows": rows,
        "atol": f"{c.tolerance.atol:g}",
        "rtol": f"{c.tolerance.rtol:g}",
        "problem": c.problem,
        "actual": None if shaped else repr(c.actual),
        "worst": None
        if c.worst is None
        else {"index": list(c.worst[0]), "error": f"{c.worst[1]:.3g}", "relative": f"{c.worst[2]:.3g}"},
        "request": check.request.case if check.request is not None else "",
    }

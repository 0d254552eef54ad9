"""The page of ``--html`` (docs/report.md), rendered with the Jinja2 templates in ``templates/``: the article's
title, the verdict in a line, the story (features 01–09), then, folded, the run and the conformance features.
"""

from __future__ import annotations

import functools
import json
import platform
import re
from pathlib import Path
from typing import Any

import jinja2
import numpy
from markupsafe import Markup

import mlp_spec
from mlp_spec.harness import verdict as grading
from mlp_spec.harness import verdict_report
from mlp_spec.harness.suite import numbered
from mlp_spec.report import formulas
from mlp_spec.report.network_svg import diagram
from mlp_spec.report.plot import compact, inline
from mlp_spec.report.records import DIGITS_FEATURE, PLOT_FEATURE, CaseRecord, Recording
from mlp_spec.report.values import aligned
from mlp_spec.report.views import MARKS, background_lines, background_view, blocks, case_view, markdown, point_to_shown

ARTICLE = {
    "title": "(その2) Pythonでニューラルネットワークを構築しながらディープラーニングを勉強してみる",
    "title_en": "Part 2: studying deep learning by building a neural network in Python",
    "blog": "自分のキャリアをあれこれ考えながら、Pythonで様々なデータを分析していくブログです",
    "blog_en": "a blog that analyses all kinds of data in Python while thinking over my career",
}
"""The blog post, as its text names itself: its title, and the line its blog introduces itself with."""
CONFORMANCE = 20
"""The features numbered from this on are conformance, beyond the article's story: the page folds them."""


def render(
    run: Recording,
    plot: str | None = None,
    plot_problem: str = "",
    digits: dict[str, Any] | None = None,
    page_name: str = "",
) -> str:
    """The HTML document of ``run``. ``digits`` is the digits section (mlp_spec.report.digits); ``page_name``, the
    page's file name, which the earlier ports' pages of a run of several are named after."""
    cases = run.reported()
    features: dict[str, list[CaseRecord]] = {}
    for case in cases:
        features.setdefault(case.feature.filename, []).append(case)
    # Whose answers the loss plot shows: the reference's, or the port's (its first, if several).
    port = next((impl for backend, impl in run.implementations.items() if backend != "reference"), None)
    plotted_by = "the reference, mlp_ref"
    if port is not None:
        plotted_by = f"the port under test, {port.get('name', '?')} {port.get('version', '')}".rstrip()
    views: dict[str, dict[str, Any]] = {}
    drawn: dict[str, tuple[str, str]] = {}
    seen: dict[str, tuple[str, str]] = {}
    sections = []
    for filename, members in features.items():
        stem, feature = Path(filename).stem, members[0].feature
        anchor, background = f"feature-{stem}", background_lines(feature)
        shown_background = point_to_shown(background_view(members, background), seen, (anchor, feature.rel_filename))
        views.update({case.nodeid: case_view(case, background) for case in members})
        for case in members:  # a scenario's own values that a Background showed point to it as well
            point_to_shown(views[case.nodeid]["steps"], seen)
        given = dict(reversed(members[0].given))  # the first value of each name: the Background's
        inputs = given.get("inputs")
        if isinstance(inputs, list) and inputs and isinstance(inputs[0], list):
            inputs = None  # a data set (features/22): the diagram shows the network alone
        weights = json.dumps([given.get("wih"), given.get("who")])
        network, weighted = "", {"wih", "who"} <= given.keys()
        # One drawing of each network of the story on the page (the conformance features' go without).
        if weighted and weights not in drawn and _number(anchor) < CONFORMANCE:
            network = diagram(given["wih"], given["who"], inputs)
            drawn[weights] = (anchor, feature.rel_filename)
        sections.append(
            {
                "feature": feature,
                "anchor": anchor,
                "narrative": Markup(markdown(feature.description)),
                "formulas": formulas.kept().get(stem, []),
                "background": shown_background,
                "network": Markup(network),
                "network_drawn": drawn.get(weights) if weighted and not network else None,
                "plot": Markup(compact(inline(plot))) if plot and stem == PLOT_FEATURE else None,
                "plot_problem": plot_problem if stem == PLOT_FEATURE else "",
                "plotted_by": plotted_by,
                # The digits' curves in fewer bytes, the same picture (plot.compact).
                "digits": digits | {"curves": compact(digits["curves"])} if digits and stem == DIGITS_FEATURE else None,
                "blocks": blocks(members, views, background),
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
    counts = _counts(cases) | {"left_out": run.deselected}
    headline = verdict(counts, run.verdicts[-1] if run.verdicts else None)
    failures = [views[case.nodeid] for case in cases if case.status == "failed"]
    story = [s for s in sections if _number(s["anchor"]) < CONFORMANCE]
    conformance = [s for s in sections if s not in story]
    return _tidy(
        _template().render(
            article=ARTICLE,
            counts=counts,
            verdict=headline,
            facts=facts(run),
            story=story,
            conformance=conformance,
            # A fold is open where something in it failed: the reader is sent there first.
            open_conformance=any(s["counts"]["failed"] for s in conformance),
            marks=MARKS,
            failures=failures,
            # templates/verdict.html.j2: the side-by-side grid and each port's title.
            verdicts={
                "grid": verdict_report.grid(run.verdicts),
                "titles": [(v.title(), v.status) for v in run.verdicts],
            },
            several=several_view(run, page_name),
        )
    )


def _number(anchor: str) -> int:
    """A feature's number, from its section's anchor (``feature-20_bad_input`` is 20); 0 if it has none."""
    digits = re.match(r"feature-(\d+)", anchor)
    return int(digits[1]) if digits else 0


def _tidy(html: str) -> str:
    """The page without the blank lines the templates leave (except inside ``<pre>``, where they are text),
    and its style sheet without comments and indentation."""
    parts = re.split(r"(<pre>.*?</pre>|<style>.*?</style>)", html, flags=re.S)
    for i, part in enumerate(parts):
        if part.startswith("<style>"):
            parts[i] = re.sub(r"\s*([{};,>])\s*|(:) ", r"\1\2", re.sub(r"/\*.*?\*/", "", part, flags=re.S))
        elif not part.startswith("<pre>"):
            # Quotes in text need no escaping (autoescape writes them as &#34; and &#39; everywhere).
            part = re.sub(r">[^<]+<", lambda m: m.group(0).replace("&#34;", '"').replace("&#39;", "'"), part)
            parts[i] = re.sub(r"\n\s*\n", "\n", part)
    return "".join(parts)


@functools.cache
def _template() -> Any:
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
    statuses = [case.status for case in cases]
    return {status: statuses.count(status) for status in ("passed", "failed", "skipped")} | {"total": len(cases)}


def several_view(run: Recording, page_name: str) -> dict[str, Any] | None:
    """For a run of several ports, how many conform and the others' pages (``report-1.html`` …); else None. The
    last port's page is the one at the path given, so its headline must not speak for the others."""
    if len(run.verdicts) < 2:
        return None
    conform = sum(v.exit_code == grading.CONFORMANT for v in run.verdicts)
    return {
        "headline": f"{conform} of {len(run.verdicts)} implementations conform",
        "passed": conform == len(run.verdicts),
        "others": [
            (v.title(), v.status, numbered(page_name, number) if page_name else "")
            for number, v in enumerate(run.verdicts[:-1], start=1)
        ],
    }


def verdict(counts: dict[str, int], graded: Any = None) -> str:
    """The run in a line, as the console's closing line says it (``graded``, the harness's Verdict); without one,
    "75 of 75 scenarios pass" and what failed or was skipped. Then how many the selection left out."""
    # Not the verdict's "not run" (the harness gave up on a port): these the selection never asked for.
    left_out = f"; {counts['left_out']} more left out by the selection" if counts.get("left_out") else ""
    if graded is not None and graded.outcomes:
        return f"{graded.title()}: {graded.said()}; scenarios: {graded.counts()}{left_out}"
    if not counts["total"]:
        return "No scenario ran" + left_out
    text = f"{counts['passed']} of {counts['total']} scenarios pass"
    extra = [f"{counts[k]} {word}" for k, word in (("failed", "fail"), ("skipped", "skipped")) if counts[k]]
    return (f"{text}: {', '.join(extra)}" if extra else text) + left_out


def facts(run: Recording) -> list[tuple[str, str]]:
    """The run's facts: which spec, checking which implementation, on what, when, by which command."""
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
        ("spec", f"mlp-spec {mlp_spec.__version__}"),
        ("implementation under test", tested),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("numpy", numpy.__version__),
        ("platform", f"{platform.system()} {platform.machine()}"),
        ("date", run.started.strftime("%Y-%m-%d %H:%M:%S UTC")),
        ("duration", f"{(finished - run.started).total_seconds():.2f} s"),
        ("command", " ".join(run.args)),
    ]

"""The verdict told: a line per capability, several implementations side by side (rows of cells for the page,
lines of text for the console), and the JSON summary of a run (``verdict.schema.json``). It only reads the
grading (:mod:`mlp_spec.harness.verdict`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlp_spec.harness import protocol
from mlp_spec.harness.verdict import CONFORMANT, NOT_RUN, Capability, Verdict, exit_status


def cell(capability: Capability) -> str:
    """A capability in a few characters: ``✓ 12/12``, ``✗ 23/48``, ``– not declared``."""
    c = capability.counts
    ran = c["passed"] + c["failed"]
    if capability.status == "fail":
        return f"✗ {c['passed']}/{ran}"
    if capability.status == "pass":
        return f"✓ {c['passed']}/{ran}" + (f" ({c['skipped']} skipped)" if c["skipped"] else "")
    return f"– {capability.status}"


def lines(verdict: Verdict) -> list[str]:
    """The graded verdict of one implementation, a line per capability."""
    if verdict.unusable:
        return [f"{verdict.short()}: unusable"]
    width = max(len(c.name) for c in verdict.capabilities())
    return [f"  {c.name:<{width}}  {cell(c)}" for c in verdict.capabilities()]


def grid(verdicts: list[Verdict]) -> list[list[tuple[str, str]]]:
    """Several implementations side by side, as rows of (text, state) cells: a header row of the ports, a
    row per capability, then per feature, then the verdict. The state is pass, fail or none."""
    names = [v.short() for v in verdicts]
    if len(set(names)) < len(names):  # two ports that name themselves alike are told apart by their order
        names = [f"{n}. {name}" for n, name in enumerate(names, start=1)]
    rows = [[("", "none"), *((name, "none") for name in names)]]
    graded = [{c.name: c for c in v.capabilities()} if not v.unusable else {} for v in verdicts]
    state = {"pass": "pass", "fail": "fail"}
    for name in [c.name for c in Verdict({}, frozenset(), frozenset()).capabilities()]:
        cells = [(cell(g[name]), state.get(g[name].status, "none")) if name in g else ("–", "none") for g in graded]
        rows.append([(name, "none"), *cells])
    own = [Counter(o.status for o in v.own) for v in verdicts]
    rows.append([("the spec's own checks", "none"), *(_counted(c) for c in own)])
    for feature in dict.fromkeys(f for v in verdicts for f in v.features()):
        rows.append([(Path(feature).stem, "none"), *(_counted(v.features().get(feature)) for v in verdicts)])
    rows.append([("passed", "none"), *((_covered(v), "none") for v in verdicts)])
    rows.append([("verdict", "none"), *((v.status, "pass" if v.exit_code == 0 else "fail") for v in verdicts)])
    return rows


def _covered(verdict: Verdict) -> str:
    """How much of the protocol passed, in a table's cell: ``the whole protocol``, ``2/7 ops, 1/3 rules``."""
    if verdict.unusable:
        return "–"
    if verdict.coverage() == "the whole protocol":
        return "the whole protocol"
    passed = Counter(c.kind for c in verdict.capabilities() if c.status == "pass")
    return f"{passed['op']}/{len(protocol.OPS)} ops, {passed['rule']}/{len(protocol.RULES)} rules"


def _counted(counts: Mapping[str, int] | None) -> tuple[str, str]:
    """``✓ 12/12``, ``✗ 3/5 (2 skipped)`` or ``–`` from counts by status, and its state."""
    if not counts or not any(counts.values()):
        return ("–", "none")
    passed, failed = counts.get("passed", 0), counts.get("failed", 0)
    mark, state = ("✗", "fail") if failed else (("✓", "pass") if passed else ("–", "none"))
    extra = [f"{counts[s]} {s}" for s in ("skipped", NOT_RUN) if counts.get(s)]
    return (f"{mark} {passed}/{passed + failed}" + (f" ({', '.join(extra)})" if extra else ""), state)


def table(verdicts: list[Verdict]) -> list[str]:
    """:func:`grid` as lines of text, in columns."""
    rows = [[text for text, _ in row] for row in grid(verdicts)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def entry(verdict: Verdict) -> dict[str, Any]:
    """One implementation's part of the JSON summary."""
    port = Counter(o.status for o in verdict.port)
    own = Counter(o.status for o in verdict.own)
    return {
        "implementation": dict(verdict.implementation),
        "declared": {"ops": sorted(verdict.ops), "rules": sorted(verdict.rules)},
        "status": verdict.status,
        "exit_code": verdict.exit_code,
        "message": verdict.unusable or verdict.gave_up or verdict.nothing_to_check or verdict.short_of,
        "coverage": verdict.coverage() if not verdict.unusable else "",
        "required": verdict.required.text if verdict.required else "",
        "selection": verdict.selection,
        "scenarios": {s: port.get(s, 0) for s in ("passed", "failed", "skipped")} | {"not_run": verdict.not_run},
        "own_checks": {s: own.get(s, 0) for s in ("passed", "failed")},
        "capabilities": [
            {"name": c.name, "kind": c.kind, "status": c.status, **c.counts} for c in verdict.capabilities()
        ],
        "features": [
            {"file": name, **{s.replace(" ", "_"): n for s, n in counts.items()}}
            for name, counts in verdict.features().items()
        ],
        "failed": verdict.failed,
    }


def summary(verdicts: list[Verdict], spec_version: str) -> dict[str, Any]:
    """The JSON summary of a run over one or more implementations (schema: ``verdict.schema.json``)."""
    return {
        "$schema": "https://mlp-spec.invalid/verdict.schema.json",
        "spec": {"name": "mlp-spec", "version": spec_version, "protocol": protocol.VERSION},
        "conformant": all(v.exit_code == CONFORMANT for v in verdicts),
        "exit_code": exit_status(verdicts),
        "implementations": [entry(v) for v in verdicts],
    }

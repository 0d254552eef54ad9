"""The verdict on one implementation, graded by capability, and the exit status of a run of one or several.

A run observes each scenario as an :class:`Outcome`; a :class:`Verdict` grades them, a line for each op, each
rule and the rejection of bad input, and says whether the implementation conforms. The spec's own checks
(sympy's σ′, the proofs) ask it nothing and are never its passes. The console, the page, the JSON summary
and the side-by-side table (:mod:`mlp_spec.harness.verdict_report`) all read the same verdict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mlp_spec.harness import protocol

SCHEMA = Path(__file__).with_name("verdict.schema.json")
REJECTION = "rejection of bad input"
NOT_RUN = "not run"
STATUSES = ("passed", "failed", "skipped", NOT_RUN)

# What each exit status of ``mlp-spec run`` means (docs/command.md says the same); defined here alone.
CONFORMANT, NOT_CONFORMANT, USAGE, UNUSABLE, INTERRUPTED = 0, 1, 2, 3, 130
STATUS = {
    CONFORMANT: "conformant",
    NOT_CONFORMANT: "not conformant",
    USAGE: "nothing selected",
    UNUSABLE: "unusable",
    INTERRUPTED: "interrupted",
}


@dataclass(frozen=True)
class Requirement:
    """The ops and rules ``--require`` asks an implementation to pass, beyond what it declares."""

    ops: frozenset[str]
    rules: frozenset[str]
    text: str


def requirement(text: str) -> Requirement:
    """``all``, or ``ops=NAME,…`` and ``rules=NAME,…`` joined by commas (``ops=all`` is every op); a ValueError
    names what it cannot read."""
    known = {"ops": protocol.OPS, "rules": protocol.RULES}
    chosen: dict[str, set[str]] = {"ops": set(), "rules": set()}
    if text.strip() == "all":
        return Requirement(frozenset(protocol.OPS), frozenset(protocol.RULES), "all")
    kind = ""
    for word in (w.strip() for w in text.split(",")):
        if "=" in word:
            kind, _, word = (part.strip() for part in word.partition("="))
            if kind not in known:
                raise ValueError(f"{kind!r} is neither ops nor rules (write all, or ops=…,rules=…)")
        if not kind:
            raise ValueError(f"{word!r} comes before ops= or rules= (write all, or ops=…,rules=…)")
        if word not in (*known[kind], "all"):
            raise ValueError(f"no {kind[:-1]} {word!r}: the {kind} are {', '.join(known[kind])}")
        chosen[kind].update(known[kind] if word == "all" else (word,))
    return Requirement(frozenset(chosen["ops"]), frozenset(chosen["rules"]), text.strip())


@dataclass
class Outcome:
    """One scenario (or one example of an outline) as the run saw it."""

    case: str
    feature: str
    status: str
    """passed, failed, skipped, or not run (the harness gave up on the implementation before it)."""
    ops: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    rejection: bool = False
    """The scenario checks that bad input is rejected."""
    asked: bool = True
    """The scenario sent the implementation a request (or would have, had it declared what it needs)."""
    reason: str = ""
    under_test: tuple[str, ...] = ()
    """The ops whose answers the scenario judges: a failure counts against these alone."""
    lacking: tuple[str, ...] = ()
    """Each op and rule it was skipped for lacking (``op fit``, ``rule book``); the skip counts against each."""


@dataclass
class Capability:
    name: str
    kind: str
    """op, rule, or rejection."""
    status: str
    """pass, fail, not declared, not run (the harness gave up before its scenarios), or not checked."""
    counts: dict[str, int]


@dataclass
class Verdict:
    implementation: dict[str, str]
    """The handshake's name, language and version, and the command (none for the reference in process)."""
    ops: frozenset[str]
    rules: frozenset[str]
    outcomes: list[Outcome] = field(default_factory=list)
    unusable: str = ""
    """Why the implementation could not be used at all (it did not start, or broke the handshake)."""
    gave_up: str = ""
    """Why the harness stopped asking the implementation mid-run; the scenarios after it are not run."""
    selection: str = ""
    """How the scenarios were narrowed (a profile, -m, -k, --id), if they were."""
    interrupted: bool = False
    required: Requirement | None = None

    @property
    def port(self) -> list[Outcome]:
        """The scenarios that ask the implementation something: its verdict rests on these alone."""
        return [o for o in self.outcomes if o.asked and o.status != NOT_RUN]

    @property
    def own(self) -> list[Outcome]:
        """The spec's own checks: scenarios that never send a request."""
        return [o for o in self.outcomes if not o.asked and o.status != NOT_RUN]

    @property
    def not_run(self) -> int:
        return sum(o.status == NOT_RUN for o in self.outcomes)

    @property
    def failed(self) -> list[str]:
        return [o.case for o in self.outcomes if o.status == "failed"]

    @property
    def nothing_to_check(self) -> str:
        """One sentence if the run checked nothing of the implementation, else ''."""
        if self.unusable:
            return ""
        port, why = self.port, ""
        if not self.ops:
            why = "the implementation declares no op in its handshake"
        elif port and not any(o.status in ("passed", "failed") for o in port):
            why = "no selected scenario needs only what the implementation declares"
        # A port's CI job that selects only the spec's own checks (-k, -m, --id) asked the port nothing: that is
        # no pass. The reference in process keeps its exit 0 there: a learner reading a proof is not grading it.
        elif self.outcomes and not port and not self.gave_up and self.implementation.get("command"):
            why = "the selected scenarios are the spec's own checks, which ask the port nothing"
        return f"There was nothing to check: {why}." if why else ""

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return INTERRUPTED
        if self.unusable:
            return UNUSABLE
        if not self.outcomes:
            return USAGE  # the selection matched no scenario
        if self.failed or self.nothing_to_check or self.gave_up or self.short_of:
            return NOT_CONFORMANT
        return CONFORMANT

    @property
    def status(self) -> str:
        return STATUS[self.exit_code]

    @property
    def short_of(self) -> str:
        """What ``--require`` asks that did not pass, in one sentence; '' when it is met or not given."""
        if self.required is None or self.unusable:
            return ""
        wanted = {f"op {name}" for name in self.required.ops} | {f"rule {name}" for name in self.required.rules}
        missing = [f"{c.name} ({c.status})" for c in self.capabilities() if c.name in wanted and c.status != "pass"]
        return f"--require {self.required.text} is not met: {', '.join(missing)}." if missing else ""

    def coverage(self) -> str:
        """How much of the protocol passed: ``the whole protocol``, or ``2 of 7 ops and 1 of 3 rules``."""
        passed = Counter(c.kind for c in self.capabilities() if c.status == "pass")
        if passed == {"op": len(protocol.OPS), "rule": len(protocol.RULES), "rejection": 1}:
            return "the whole protocol"
        text = f"{passed['op']} of {len(protocol.OPS)} ops and {passed['rule']} of {len(protocol.RULES)} rules"
        return text if passed["rejection"] else f"{text}, without the rejection of bad input"

    def said(self) -> str:
        """The verdict in words, with how much a conformant implementation covers."""
        if self.exit_code != CONFORMANT:
            return self.status
        coverage = self.coverage()
        return f"conformant: {coverage}" if coverage == "the whole protocol" else f"conformant for {coverage}"

    def capabilities(self) -> list[Capability]:
        """One line per op, per rule, and for the rejection of bad input, in the protocol's order."""
        lines = []
        wanted = [("op", op) for op in protocol.OPS] + [("rule", rule) for rule in protocol.RULES]
        for kind, name in [*wanted, ("rejection", REJECTION)]:
            if kind == "rejection":
                members = [o for o in self.port if o.rejection]
                declared = bool(self.ops)
            elif kind == "op":  # the scenarios that judge it, rejections too, and those skipped for lacking it
                members = [o for o in self.port if name in o.under_test or f"op {name}" in o.lacking]
                declared = name in self.ops
            else:
                members = [o for o in self.port if not o.rejection and name in o.rules]
                declared = name in self.rules
            tally = {s: sum(o.status == s for o in members) for s in ("passed", "failed", "skipped")}
            if tally["failed"]:
                status = "fail"
            elif not declared:
                status = "not declared"
            elif tally["passed"]:
                status = "pass"
            elif self.gave_up:
                status = NOT_RUN  # the harness gave up on the implementation before it got there
            else:
                status = "not checked"
            lines.append(Capability(name if kind == "rejection" else f"{kind} {name}", kind, status, tally))
        return lines

    def features(self) -> dict[str, dict[str, int]]:
        """passed, failed, skipped and not run of the scenarios that ask the implementation something, by
        feature file, in the order the features run (the spec's own checks are counted apart)."""
        table: dict[str, dict[str, int]] = {}
        for o in self.outcomes:
            if o.asked or o.status == NOT_RUN:
                table.setdefault(o.feature, dict.fromkeys(STATUSES, 0))[o.status] += 1
        return table

    def title(self) -> str:
        """The implementation as its handshake names it, and the command that started it."""
        impl = self.implementation
        if "name" not in impl:
            return f"the port started by: {impl.get('command', '?')}"
        text = f"{impl['name']} {impl.get('version', '?')} ({impl.get('language', '?')})"
        return text + (f", command: {impl['command']}" if impl.get("command") else ", the reference, in process")

    def short(self) -> str:
        impl = self.implementation
        if "name" not in impl:
            return str(impl.get("command", "?"))[:30]
        return f"{impl['name']} {impl.get('version', '')}".strip()

    def counts(self) -> str:
        """``85 passed, 0 failed, 5 skipped`` for the implementation's scenarios, the rest said apart."""
        port = Counter(o.status for o in self.port)
        text = f"{port['passed']} passed, {port['failed']} failed, {port['skipped']} skipped"
        own = Counter(o.status for o in self.own)
        if own:
            text += f"; the spec's own checks: {own['passed']} passed"
            text += f", {own['failed']} failed" if own["failed"] else ""
        if self.not_run:
            text += f"; {self.not_run} not run"
        return text


PYTEST_STATUS = {2: INTERRUPTED, 4: USAGE, 5: USAGE}
"""pytest's own statuses that stop a run short of a verdict: interrupted, a usage error, nothing collected."""


def exit_status(verdicts: list[Verdict], pytest_status: int = 0) -> int:
    """The exit status of a run of one implementation or several: pytest's own where it stopped short, else the
    gravest verdict's (interrupted, nothing selected, unusable, not conformant), or 0 if every one conforms.
    pytest's failure inside (an internal error, its status 3) is no unusable port: not conformant."""
    codes = {v.exit_code for v in verdicts}
    if pytest_status in PYTEST_STATUS and UNUSABLE not in codes:  # an unusable port's run collects nothing
        return PYTEST_STATUS[pytest_status]
    if pytest_status not in (0, 1) and UNUSABLE not in codes:
        codes.add(NOT_CONFORMANT)
    gravest = (code for code in (INTERRUPTED, USAGE, UNUSABLE, NOT_CONFORMANT) if code in codes)
    return next(gravest, CONFORMANT if verdicts else USAGE)

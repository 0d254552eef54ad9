"""Cucumber Messages of a run: NDJSON, one envelope a line, for Cucumber's own tools.

``source``, ``gherkinDocument`` and ``pickle`` come from the gherkin-official parser (pytest-bdd's) for the
features whose scenarios ran (only those scenarios get a pickle and a test case); the rest from what
:mod:`.recorder` recorded. The envelopes follow ``cucumber-messages.schema.json`` beside this module, the
``messages.schema.json`` of the npm package @cucumber/messages 34.2.1 (MIT licence).
"""

from __future__ import annotations

import inspect
import json
import platform
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gherkin.stream.gherkin_events import GherkinEvents

import mlp_spec
from mlp_spec.report.records import CaseRecord, Recording

PROTOCOL_VERSION = "34.2.1"
SCHEMA = Path(__file__).with_name("cucumber-messages.schema.json")
Envelope = dict[str, Any]


def write(path: Path, run: Recording, root: Path) -> None:
    """Write the run's envelopes to ``path``; file names in them are relative to ``root``."""
    with path.open("w", encoding="utf-8") as out:
        for envelope in envelopes(run, root):
            out.write(json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n")


def _timestamp(ns: int) -> dict[str, int]:
    return {"seconds": ns // 1_000_000_000, "nanos": ns % 1_000_000_000}


def uri(filename: str, root: Path) -> str:
    """A feature's file name relative to ``root`` (as both Cucumber outputs give it), if it lies below it."""
    path = Path(filename)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def definition_source(definition: Any, root: Path) -> tuple[str, int]:
    """Where a step definition (pytest-bdd's ``StepFunctionContext``) is written: its file's :func:`uri` and line."""
    function = definition.step_func
    return uri(inspect.getsourcefile(function) or "", root), function.__code__.co_firstlineno


def _scenario_lines(document: dict[str, Any]) -> dict[str, int]:
    """The line of every scenario in a gherkinDocument, by its AST node id (a ``Rule:`` holds scenarios too)."""
    lines: dict[str, int] = {}
    children = list(document.get("feature", {}).get("children", []))
    while children:
        child = children.pop()
        if "scenario" in child:
            lines[child["scenario"]["id"]] = child["scenario"]["location"]["line"]
        children += child.get("rule", {}).get("children", [])
    return lines


def _documents(cases: list[CaseRecord], root: Path, events: Any) -> tuple[list[Envelope], dict[str, Any]]:
    """source and gherkinDocument envelopes of every feature file in the run, and its pickles by case."""
    out: list[Envelope] = []
    pickles: dict[tuple[str, int, int], Any] = {}
    for filename in dict.fromkeys(case.feature.filename for case in cases):
        data = Path(filename).read_text(encoding="utf-8")
        source = {"source": {"uri": uri(filename, root), "data": data, "mediaType": "text/x.cucumber.gherkin+plain"}}
        lines: dict[str, int] = {}
        seen: Counter[int] = Counter()
        for envelope in events.enum(source):
            if "pickle" in envelope:
                # pytest-bdd parametrizes an outline with its examples in the order gherkin compiles them.
                line = lines[envelope["pickle"]["astNodeIds"][0]]
                pickles[(filename, line, seen[line])] = envelope["pickle"]
                seen[line] += 1
                continue
            if "gherkinDocument" in envelope:
                lines = _scenario_lines(envelope["gherkinDocument"])
            out.append(envelope)
    chosen = {case.nodeid: pickles.get((case.feature.filename, case.line, case.example)) for case in cases}
    return out, chosen


def _definition(context: Any, root: Path, ids: Any) -> Envelope:
    regex = getattr(context.parser, "regex", None)  # a parsers.re step's; a plain string's is matched whole
    source = regex.pattern if regex is not None else "^" + re.escape(context.parser.name) + "$"
    file, line = definition_source(context, root)
    return {
        "stepDefinition": {
            "id": ids.get_next_id(),
            "pattern": {"source": source, "type": "REGULAR_EXPRESSION"},
            "sourceReference": {"uri": file, "location": {"line": line}},
        }
    }


def _arguments(context: Any, text: str) -> list[dict[str, Any]]:
    """The step's arguments as Cucumber marks them: each named group of the step's regular expression."""
    regex = getattr(context.parser, "regex", None)
    match = regex.fullmatch(text) if regex is not None else None
    if match is None:
        return []
    return [
        {"group": {"start": match.start(name), "value": value}}
        for name, value in match.groupdict().items()
        if value is not None
    ]


def envelopes(run: Recording, root: Path) -> Iterator[Envelope]:
    """Every envelope of the run, in the order Cucumber writes them."""
    events = GherkinEvents(GherkinEvents.Options(print_source=True, print_ast=True, print_pickles=True))
    ids = events.id_generator  # one sequence of ids for the documents and all that refers to them
    cases = run.reported()
    documents, pickles = _documents(cases, root, events)
    cases = [case for case in cases if pickles[case.nodeid] is not None]
    yield {
        "meta": {
            "protocolVersion": PROTOCOL_VERSION,
            "implementation": {"name": "mlp-spec", "version": mlp_spec.__version__},
            "runtime": {"name": platform.python_implementation(), "version": platform.python_version()},
            "os": {"name": platform.system(), "version": platform.release()},
            "cpu": {"name": platform.machine()},
        }
    }
    yield from documents
    for case in cases:
        yield {"pickle": pickles[case.nodeid]}
    definitions: dict[int, Envelope] = {}
    for case in cases:
        for step in case.steps:
            if step.definition is not None and id(step.definition) not in definitions:
                definitions[id(step.definition)] = _definition(step.definition, root, ids)
    yield from definitions.values()
    run_id = ids.get_next_id()
    yield {"testRunStarted": {"id": run_id, "timestamp": _timestamp(int(run.started.timestamp() * 1e9))}}
    # meta names the tool (mlp-spec); the implementation under test, as its handshake gives it, with its
    # command, is attached to the run.
    for implementation in run.implementations.values():
        body = json.dumps({"implementationUnderTest": implementation}, ensure_ascii=False)
        yield _attachment(body, "implementation-under-test.json", {"testRunStartedId": run_id})
    test_cases = []
    for case in cases:
        steps = []
        for step, pickle_step in zip(case.steps, pickles[case.nodeid]["steps"], strict=True):
            test_step: dict[str, Any] = {"id": ids.get_next_id(), "pickleStepId": pickle_step["id"]}
            if step.definition is not None:
                test_step["stepDefinitionIds"] = [definitions[id(step.definition)]["stepDefinition"]["id"]]
                test_step["stepMatchArgumentsLists"] = [{"stepMatchArguments": _arguments(step.definition, step.text)}]
            steps.append(test_step)
        pickle_id = pickles[case.nodeid]["id"]
        test_cases.append(
            {"id": ids.get_next_id(), "pickleId": pickle_id, "testSteps": steps, "testRunStartedId": run_id}
        )
        yield {"testCase": test_cases[-1]}
    for case, test_case in zip(cases, test_cases, strict=True):
        yield from _execution(case, test_case, ids)
    success = not any(c.status == "failed" for c in cases)
    finished = _timestamp(int((run.finished or run.started).timestamp() * 1e9))
    yield {"testRunFinished": {"success": success, "timestamp": finished, "testRunStartedId": run_id}}


def _execution(case: CaseRecord, test_case: dict[str, Any], ids: Any) -> Iterator[Envelope]:
    """testCaseStarted, each step's testStepStarted and testStepFinished, and testCaseFinished."""
    started = ids.get_next_id()
    begun = {"attempt": 0, "id": started, "testCaseId": test_case["id"], "timestamp": _timestamp(case.started)}
    yield {"testCaseStarted": begun}
    clock = case.started
    outcomes = zip(case.steps, test_case["testSteps"], case.step_outcomes(), strict=True)
    for place, (step, test_step, status) in enumerate(outcomes):
        begin = step.started or clock
        clock = begin + step.duration
        result: dict[str, Any] = {"status": status.upper(), "duration": _timestamp(step.duration)}
        if status == "failed":
            message = case.message or step.error
            result["message"] = message + (f"\n\n{case.traceback}" if case.traceback else "")
            result["exception"] = {"type": step.error_type or "Failed", "message": message}
        elif status == "skipped" and case.status == "skipped" and step.started:
            result["message"] = case.reason
        reference = {"testCaseStartedId": started, "testStepId": test_step["id"]}
        yield {"testStepStarted": reference | {"timestamp": _timestamp(begin)}}
        if status == "failed":  # the message cuts a long value short: the values compared are attached whole
            yield from (_attachment(text, "compared.json", reference) for text in case.compared(place))
        yield {"testStepFinished": reference | {"testStepResult": result, "timestamp": _timestamp(clock)}}
    finished = _timestamp(max(case.finished, clock))
    yield {"testCaseFinished": {"testCaseStartedId": started, "timestamp": finished, "willBeRetried": False}}


def _attachment(body: str, name: str, to: dict[str, str]) -> Envelope:
    """A JSON attachment named ``name``, attached ``to`` the run or a step."""
    attachment = {"body": body, "contentEncoding": "IDENTITY", "mediaType": "application/json", "fileName": name}
    return {"attachment": attachment | to}

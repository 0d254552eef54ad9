"""The verdict the harness gives, proven with test doubles: miniatures (in-process ports, one fault each)
for what a port answers, and real processes (tests/doubles/port.py) only where the verdict rests on how a
port behaves as a process (it cannot start, keeps dying). How the harness meets a process is in
tests/test_process.py."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import mlp_spec
from mlp_spec.harness import verdict as grading
from mlp_spec.harness.process import PortFailure, PortGaveUp
from mlp_spec.harness.suite import _numbered, check
from tests.doubles.miniatures import Inject, Miniature, Unstartable
from tests.doubles.processes import ARGS, command, port
from tests.nested import BASE, SILENT, graded, nested
from tests.test_coverage import SEND_NO_OP

pytest_plugins = ["pytester"]


def capability(verdict: grading.Verdict, name: str) -> grading.Capability:
    return next(c for c in verdict.capabilities() if c.name == name)


# Holding a port to its word.


def test_a_correct_port_conforms_for_the_whole_protocol() -> None:
    code, verdict = graded("none")
    assert code == grading.CONFORMANT, verdict.failed
    assert verdict.said() == "conformant: the whole protocol", verdict.capabilities()
    assert [o.case for o in verdict.own] == ["sigmoid.derivative"]


def test_a_port_that_declares_nothing_has_nothing_to_check() -> None:
    code, verdict = graded("declares-nothing")
    assert code == grading.NOT_CONFORMANT
    assert verdict.nothing_to_check.startswith("There was nothing to check: the implementation declares no op")
    # Only an unknown op and the conversation's lines are sent (every port must reject them); the spec's own
    # check is not the port's pass.
    passed = [o.case for o in verdict.port if o.status == "passed"]
    assert passed[0] == "reject.op" and "conduct.unknown-command" in passed
    assert all(case.startswith("conduct.") for case in passed[1:])
    assert [(o.case, o.status) for o in verdict.own] == [("sigmoid.derivative", "passed")]
    assert {c.status for c in verdict.capabilities() if c.kind != "rejection"} == {"not declared"}


@pytest.mark.parametrize(
    ("fault", "failing"),
    [
        ("skips-declared", ("train-step.book", "reject.op", "conduct.unknown-command")),
        ("skips-unknown-op", ("reject.op",)),
        ("skips-unknown-cmd", ("conduct.unknown-command",)),
    ],
)
def test_a_skip_of_what_a_port_declared_or_the_protocol_does_not_define_is_a_failure(
    fault: str, failing: tuple[str, ...]
) -> None:
    code, verdict = graded(fault, "--id=train-step.book", "--id=reject.op", "--id=conduct.unknown-command")
    assert code == grading.NOT_CONFORMANT
    assert verdict.failed == list(failing)


# Skipping only what a port lacks.


def test_a_port_without_book_skips_the_story_s_book_scenarios_alone() -> None:
    """Every rejection is sent with a rule the port declares (the overflows of training too, under the gradient's
    rule), and so is every line of the conversation: what a port without ``book`` skips is the story's own
    training with the book's rule, and nothing more."""
    code, verdict = nested(Miniature("no-book"))  # the whole spec
    assert code == grading.CONFORMANT, verdict.failed
    skipped = [o for o in verdict.outcomes if o.status == "skipped"]
    assert skipped and all(o.lacking == ("rule book",) for o in skipped), [(o.case, o.reason) for o in skipped]
    assert all(o.feature.startswith("features/0") for o in skipped), "the story is features/01–09"
    assert len(skipped) <= 11, [o.case for o in skipped]
    rejection = capability(verdict, grading.REJECTION)
    assert rejection.counts["skipped"] == 0 and rejection.counts["passed"] >= 100
    assert capability(verdict, "rule book").status == "not declared"
    assert {o.case for o in verdict.own} == SEND_NO_OP, "the spec's own checks are never the port's passes"
    overflow = [o for o in verdict.outcomes if o.case.startswith("reject.training-overflow/")]
    assert len(overflow) == 11 and {o.rules for o in overflow} == {("gradient",)}


def test_a_port_without_rules_still_has_forward_and_its_rejections_checked() -> None:
    code, verdict = graded("no-rules")
    assert code == grading.CONFORMANT
    assert capability(verdict, "op forward").status == "pass"
    assert capability(verdict, grading.REJECTION).counts["passed"] >= 5


# A graded verdict, and the maths alone.


def test_a_port_that_validates_nothing_passes_the_maths_and_fails_the_rejections() -> None:
    code, verdict = graded("accepts-anything")
    assert code == grading.NOT_CONFORMANT
    assert capability(verdict, grading.REJECTION).status == "fail"
    # Its rejections count in their ops' lines too; the rules' lines are the maths alone.
    assert {c.status for c in verdict.capabilities() if c.kind == "rule"} == {"pass"}
    assert capability(verdict, "op forward").status == "fail"


@pytest.mark.parametrize(
    ("narrowed", "said"), [(("--profile", "maths"), "--profile maths"), (("-m", "not rejection"), "-m 'not rejection'")]
)
def test_the_maths_alone_by_profile_or_by_tag(narrowed: tuple[str, str], said: str) -> None:
    code, verdict = graded("accepts-anything", "--id=forward.article", "--id=reject.op", *narrowed)
    assert code == grading.CONFORMANT, verdict.failed
    assert [o.case for o in verdict.outcomes] == ["forward.article"]
    assert capability(verdict, grading.REJECTION).status == "not checked"
    assert verdict.selection == f"{said} --id forward.article --id reject.op"


# Several ports side by side, and the JSON summary.


def side_by_side(ports: dict[str, Any]) -> Callable[[list[str], list[Any]], int]:
    """A way to run pytest for :func:`check` that answers each ``--impl NAME`` with ``ports[NAME]``."""

    def run_pytest(args: list[str], plugins: list[Any]) -> int:
        command = args[args.index("--impl") + 1]
        rest = [a for a in args if a not in ("--impl", command)]
        return int(pytest.main([*SILENT, *rest], plugins=[Inject(ports[command]), *plugins]))

    return run_pytest


def test_ports_side_by_side_give_one_table_and_a_valid_summary_and_an_unusable_one_ends_the_run_with_3(
    tmp_path: Path,
) -> None:
    ports = {"A": Miniature("none"), "B": Miniature("no-book"), "C": Unstartable()}
    summary = tmp_path / "verdict.json"
    lines: list[str] = []
    args = ["--impl", "A", "--impl", "B", "--impl", "C", "--summary", str(summary)]
    code = check([*args, "--id=train-step.article", "--id=train-step.book"], side_by_side(ports), lines.append)
    assert code == grading.UNUSABLE
    header, *rows = lines[2:]
    assert header.split() == ["miniature-none", "0.1", "miniature-no-book", "0.1", "mlp-spec-no-such-port"]
    assert any(row.split()[:2] == ["rule", "book"] and "not declared" in row for row in rows)
    assert rows[-1].split() == ["verdict", "conformant", "conformant", "unusable"]
    document = json.loads(summary.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(grading.SCHEMA.read_text(encoding="utf-8"))).validate(document)
    names = [i["implementation"].get("name") for i in document["implementations"]]
    assert names == ["miniature-none", "miniature-no-book", None]
    assert [i["status"] for i in document["implementations"]] == ["conformant", "conformant", "unusable"]
    said = document["implementations"][2]["message"]
    assert said.startswith("the port cannot be used: the port closed its output")
    assert "exit status: 127  (127: the shell found no such command)" in said


def test_the_page_of_several_ports_speaks_for_all_of_them_and_links_the_others(tmp_path: Path) -> None:
    """The last port's page is the one at the path given: its headline counts the ports that conform, not its
    own scenarios (a passing last port made an all-green page of a run that failed), and it links the others'.
    Theirs are their own alone (the middle one of three was headed "0 of 2 implementations conform")."""
    from tests.page_tree import parse, words

    ports = {"A": Miniature("lying"), "B": Miniature("none"), "C": Miniature("none")}
    page, messages = tmp_path / "page.html", tmp_path / "run.ndjson"
    args = ["--impl", "A", "--impl", "B", "--impl", "C", "--html", str(page), "--messages", str(messages)]
    assert check([*args, "--id=forward.article"], side_by_side(ports), [].append) == grading.NOT_CONFORMANT
    written = ["page-1.html", "page-2.html", "page.html", "run-1.ndjson", "run-2.ndjson", "run.ndjson"]
    assert sorted(p.name for p in tmp_path.iterdir()) == written
    top = parse(page)
    headline = top.find(cls="verdict")
    assert words(headline) == "✗ 2 of 3 implementations conform" and "failed" in headline.classes
    assert words(top.find("p", "detailed")).startswith("This page details miniature-none 0.1 (Python)")
    first, second = top.find("ul", "others").find_all("li")
    assert words(first).startswith("miniature-lying 0.1 (Python), command: miniature lying: not conformant")
    assert [li.find("a").attrs["href"] for li in (first, second)] == ["page-1.html", "page-2.html"]
    table = top.find("section", "verdicts")
    assert words(table.find("li")) == "miniature-lying 0.1 (Python), command: miniature lying: not conformant"
    rows = {words(tr.find("th")): [(words(td), td.classes) for td in tr.find_all("td")] for tr in table.find_all("tr")}
    passed = ("✓ 1/1", {"pass"})
    assert rows["op forward"] == rows["03_forward_propagation"] == [("✗ 0/1", {"fail"}), passed, passed]
    first_alone = words(parse(tmp_path / "page-1.html").find(cls="verdict"))
    assert first_alone.startswith("✗") and "miniature-none" not in first_alone
    assert words(parse(tmp_path / "page-2.html").find(cls="verdict")).startswith("✓")


def test_earlier_ports_write_numbered_reports_and_no_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A report that is no file takes every port's as it is: numbered beside it, /dev/null would have become a
    file /dev/null-1, and so would a pipe in ~."""
    args = ["--html", "out/r.html", "--messages=m.ndjson", "--summary", "v.json", "--summary=w.json", "-k", "x"]
    assert _numbered(args, 2) == ["--html", "out/r-2.html", "--messages=m-2.ndjson", "-k", "x"]
    monkeypatch.setenv("HOME", str(tmp_path))
    os.mkfifo(tmp_path / "pipe")
    numbered = _numbered(["--html", os.devnull, "--cucumber-json=run.json", "--cucumberjson=~/pipe"], 2)
    assert numbered == ["--html", os.devnull, "--cucumber-json=run-2.json", "--cucumberjson=~/pipe"]


def test_a_page_sent_to_standard_output_links_no_page_that_was_never_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Both ports' pages go to standard output (``--html -``), one after the other: the last cannot link a
    page-1.html, and no file is made."""
    from tests.page_tree import parse_text, words

    monkeypatch.chdir(tmp_path)
    ports = {"A": Miniature("lying"), "B": Miniature("none")}
    args = ["--impl", "A", "--impl", "B", "--html", "-", "--id=forward.article"]
    assert check(args, side_by_side(ports), [].append) == grading.NOT_CONFORMANT
    first, last = capfd.readouterr().out.split("<!DOCTYPE html>")[1:]
    assert not parse_text(first).find_all("ul", "others"), "the first port's page is its own alone"
    (other,) = parse_text(last).find("ul", "others").find_all("li")
    assert words(other).endswith(": not conformant") and not other.find_all("a")
    assert os.listdir(tmp_path) == []


@pytest.mark.slow
def test_a_port_that_keeps_dying_is_given_up_and_the_rest_is_not_run() -> None:
    backend = port("crash", max_restarts=1)
    for _ in range(2):
        with pytest.raises(PortFailure):
            backend.call("sigmoid", ARGS)
    gave_up = (
        r"^the port failed 2 times and is not started again \(--impl-restarts changes how often it is restarted\)$"
    )
    with pytest.raises(PortGaveUp, match=gave_up):
        backend.call("sigmoid", ARGS)
    assert backend.given_up
    code, verdict = nested(port("crash", max_restarts=0), "--id=matmul", "--id=sigmoid.article", "--id=proof.sigmoid")
    assert code == grading.NOT_CONFORMANT
    assert verdict.failed == ["matmul.article-2x2"]
    assert verdict.not_run == len(verdict.outcomes) - 1, "the rest, the spec's own checks included, is not run"
    assert next(o for o in verdict.outcomes if o.case == "proof.sigmoid").status == grading.NOT_RUN
    assert capability(verdict, "op sigmoid").status == grading.NOT_RUN, "never reached, though selected"
    assert capability(verdict, "op matmul").status == "fail"
    assert "--impl-restarts" in verdict.gave_up


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("mlp-spec-no-such-port", "exit status: 127"),
        ("echo 'adapter: no weights' >&2; exit 4", "adapter: no weights"),
        (command("garbage-start"), "the answer to the handshake is not JSON: 'Hello from the port!'"),
        # Whether echo has already exited when the handshake is written is a race: either message quotes its line.
        ("echo garbage", "'garbage'"),
    ],
    ids=["missing-command", "exits-at-once", "garbage-handshake", "prints-and-exits"],
)
def test_a_port_that_cannot_start_ends_the_run_at_once(pytester: pytest.Pytester, command: str, said: str) -> None:
    result = pytester.runpytest_inprocess(*BASE, "-p", "mlp_spec.report.console", "--impl", command)
    assert result.ret == grading.UNUSABLE
    out = result.stdout.str() + result.stderr.str()
    assert said in out
    assert len(out.splitlines()) < 40
    assert "Traceback" not in out and "PortFailure" not in out and "Exit:" not in out
    assert out.splitlines()[0] == f"mlp-spec {mlp_spec.__version__} checking the port started by: {command}"
    assert out.rstrip().splitlines()[-1].endswith("unusable (exit 3)")


def test_the_console_names_the_port_first_and_last_and_ends_with_the_ids_to_rerun(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess(
        *BASE, "-p", "mlp_spec.report.console", "--id=train-step.book", plugins=[Inject(Miniature("column-major"))]
    )
    lines = result.stdout.str().rstrip().splitlines()
    assert lines[0].endswith("checking miniature-column-major 0.1 (Python), command: miniature column-major")
    assert "  --id train-step.book" in lines
    assert lines[-1].startswith(
        "mlp-spec: miniature-column-major 0.1 (Python), command: miniature column-major: not conformant"
    )
    assert "  rule book               ✗ 0/1" in lines


class IgnoresEpochs(Miniature):
    """A port whose fit makes one pass whatever ``epochs`` asks, and validates first: it answers a request that
    overflows only in its second epoch."""

    def call(self, op: str, args: Mapping[str, Any], case: str = "") -> dict[str, Any]:
        if op == "fit":
            args = {name: value for name, value in args.items() if name != "epochs"}
        return super().call(op, args, case)


def test_a_result_where_a_rejection_is_due_says_what_was_sent(pytester: pytest.Pytester) -> None:
    """It once said only "fit answered {…} where it must reject learning_rate": the word epochs never appeared."""
    selected = "--id=reject.training-overflow/fit-later-epoch"
    port = Inject(IgnoresEpochs())
    result = pytester.runpytest_inprocess(*BASE, "-p", "mlp_spec.report.console", selected, plugins=[port])
    lines = result.stdout.str().splitlines()
    answered = next(i for i, line in enumerate(lines) if "where it must reject" in line)
    assert lines[answered].startswith("      fit answered {'wih': [[")
    assert lines[answered].endswith("where it must reject learning_rate")
    assert lines[answered + 1].startswith("        the request had `wih` = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], `who` = ")
    assert lines[answered + 1].endswith(" `learning_rate` = 0.1 and `epochs` = 2")
    assert max(len(line) for line in lines) <= 300

"""The harness's pytest plugin (loaded by :mod:`mlp_spec.plugin`): the backend under test and the spec's tags.

Scenario tags: ``@id:<stable id>`` names a scenario across releases (a port can skip a case by it);
``@quoted`` marks numbers quoted from the article as printed; ``@certified`` marks numbers certified by
the 50-digit engine, which the certification run checks bit for bit. Every scenario with a step "the
request is rejected, naming …" is marked ``rejection`` at collection, so ``-m "not rejection"`` (or
``--profile maths``) selects the maths alone.

The backend is made, and a port's handshake held, when the session starts: a port that cannot start ends
the run there, with nothing collected, one message and exit status 3 (:mod:`mlp_spec.harness.tally`
grades the run and sets its status).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from mlp_spec.harness import options
from mlp_spec.harness.backends import Backend, ReferenceBackend
from mlp_spec.harness.process import PortFailure, ProcessBackend

REJECTION_STEP = "the request is rejected, naming "
"""The step that makes a scenario a check of the rejection of bad input (steps/rejection.py matches it)."""
PROFILES = {"all": "every scenario (the default)", "maths": "every scenario but the rejection of bad input"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mlp-spec")
    group.addoption(
        "--impl",
        metavar="CMD",
        type=options.command,
        default=None,
        help="check a port: start the shell command CMD once and speak Protocol 1 to it",
    )
    group.addoption(
        "--impl-start-timeout",
        metavar="SECONDS",
        type=options.seconds,
        default=30.0,
        help="how long the port may take to answer the handshake (default 30)",
    )
    group.addoption(
        "--impl-timeout",
        metavar="SECONDS",
        type=options.seconds,
        default=10.0,
        help="how long the port may take to answer one request (default 10)",
    )
    group.addoption(
        "--impl-restarts",
        metavar="N",
        type=options.count,
        default=3,
        help="how often a port that dies is started again; after that the rest is not run (default 3)",
    )
    group.addoption(
        "--profile",
        choices=sorted(PROFILES),
        default="all",
        help="which scenarios run: " + "; ".join(f"{name}, {what}" for name, what in PROFILES.items()),
    )
    group.addoption(
        "--summary",
        metavar="PATH",
        type=options.given("path"),
        default=None,
        help="write the verdict, by capability, as JSON (schema: mlp_spec/harness/verdict.schema.json)",
    )
    group.addoption(
        "--id",
        action="append",
        type=options.given("id"),
        default=[],
        metavar="ID",
        help="run only the scenarios whose stable id is ID or starts with ID/ or ID. (repeatable)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spec_id(id): the stable id of a scenario (from its @id: tag)")
    config.addinivalue_line("markers", "quoted: the scenario's numbers are quoted from the article")
    config.addinivalue_line("markers", "certified: the scenario's numbers are certified at 50 digits")
    config.addinivalue_line("markers", "rejection: the scenario checks that bad input is rejected, by name")
    from mlp_spec.harness.tally import Tally

    config.pluginmanager.register(Tally(config), "mlp_spec_tally")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    if tag.startswith("id:"):
        pytest.mark.spec_id(tag.removeprefix("id:"))(function)
        return True
    return None


BACKEND = pytest.StashKey["Backend"]()
"""A backend put in the config's stash before the session starts replaces the reference and ``--impl``."""
WORLD = pytest.StashKey[Any]()
"""Each scenario's World (steps/world.py), on its item: what it asked and what came back."""
UNUSABLE = pytest.StashKey[str]()
"""Why the implementation under test cannot be used at all (set when its handshake fails)."""


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Make the implementation under test and hold its handshake now: what it declares decides what runs,
    and a port that cannot start should stop the run before anything else happens."""
    config = session.config
    if BACKEND not in config.stash:  # else set by a tool that runs the features itself (the vectors' recorder)
        command = config.getoption("impl")
        config.stash[BACKEND] = (
            ProcessBackend(
                command,
                start_timeout=config.getoption("impl_start_timeout"),
                timeout=config.getoption("impl_timeout"),
                max_restarts=config.getoption("impl_restarts"),
            )
            if command
            else ReferenceBackend()
        )
    try:
        config.stash[BACKEND].describe()
    except PortFailure as failure:
        config.stash[UNUSABLE] = unusable(getattr(config.stash[BACKEND], "command", "?"), str(failure))


def unusable(command: str, failure: str) -> str:
    """The one message for a port that cannot be used: what happened, the command, its status and stderr."""
    lines = failure.splitlines()
    status = next((line for line in lines if line.startswith("the port's exit status: ")), "")
    hint = "  (127: the shell found no such command)" if status.endswith(": 127") else ""
    return "\n".join(
        [
            f"the port cannot be used: {lines[0]}",
            f"  command: {command}",
            *(f"  {line}{hint if line == status else ''}" for line in lines[1:]),
        ]
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> bool | None:
    """Nothing is collected for a port that cannot be used: the run ends, and the tally makes its status 3."""
    return True if UNUSABLE in session.config.stash else None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if UNUSABLE in config.stash:
        for line in config.stash[UNUSABLE].splitlines():
            terminalreporter.write_line(line, red=not line.startswith(" "), bold=not line.startswith(" "))


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> Backend:
    """The implementation under test: the port given by ``--impl``, or else the reference in process."""
    return pytestconfig.stash[BACKEND]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    if BACKEND in session.config.stash:
        session.config.stash[BACKEND].close()


def template_of(item: pytest.Item) -> Any:
    """The pytest-bdd scenario (its ``ScenarioTemplate``) behind a test item; None for a test that is not one."""
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if callable(function) else None


def example_of(item: pytest.Item) -> tuple[dict[str, str], int]:
    """The example row of an outline's test item, and its index in the table; ``({}, 0)`` for a scenario."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return {}, 0
    return callspec.params.get("_pytest_bdd_example", {}), callspec.indices.get("_pytest_bdd_example", 0)


def _feature_order(item: pytest.Item) -> tuple[str, int]:
    template = template_of(item)
    if template is None:
        return ("~", 0)
    return (template.feature.filename, template.line_number)


def scenario_id(item: pytest.Item) -> str | None:
    """The stable id of a scenario's test: its ``@id:`` tag, plus the example's ``id`` column."""
    marker = item.get_closest_marker("spec_id")
    if marker is None:
        return None
    example, _ = example_of(item)
    return f"{marker.args[0]}/{example['id']}" if "id" in example else str(marker.args[0])


def _selected(case: str | None, prefixes: list[str]) -> bool:
    return case is not None and any(case == p or case.startswith((p + "/", p + ".")) for p in prefixes)


def _checks_rejection(item: pytest.Item) -> bool:
    template = template_of(item)
    return template is not None and any(step.name.startswith(REJECTION_STEP) for step in template.steps)


# tryfirst: the rejection marker must be on before pytest's own -m selection runs.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Scenarios in the order the features tell them (pytest-bdd sorts features by name; the sort is stable,
    so examples keep their table order), and only those picked by ``--id`` and ``--profile``."""
    items.sort(key=_feature_order)
    for item in items:
        if _checks_rejection(item):
            item.add_marker(pytest.mark.rejection)
    prefixes = config.getoption("id")
    maths = config.getoption("profile") == "maths"
    keep = [
        item
        for item in items
        if (not prefixes or _selected(scenario_id(item), prefixes))
        and not (maths and item.get_closest_marker("rejection"))
    ]
    if len(keep) < len(items):
        kept = set(map(id, keep))
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = keep

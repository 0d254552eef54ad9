"""The pytest plugin of mlp-spec (entry point ``pytest11``): the backend under test and the spec's tags.

Scenario tags: ``@id:<stable id>`` names a scenario across releases (a port can skip a case by it);
``@quoted`` marks numbers quoted from the article as printed; ``@certified`` marks numbers certified by
the 50-digit engine, which the certification run checks bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry

from mlp_spec.harness.backends import Backend, ReferenceBackend
from mlp_spec.harness.process import ProcessBackend


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mlp-spec")
    group.addoption(
        "--impl",
        metavar="CMD",
        default=None,
        help="check a port: start the shell command CMD once and speak Protocol 1 to it",
    )
    group.addoption(
        "--impl-start-timeout",
        metavar="SECONDS",
        type=float,
        default=30.0,
        help="how long the port may take to answer the handshake (default 30)",
    )
    group.addoption(
        "--impl-timeout",
        metavar="SECONDS",
        type=float,
        default=10.0,
        help="how long the port may take to answer one request (default 10)",
    )
    group.addoption(
        "--impl-restarts",
        metavar="N",
        type=int,
        default=3,
        help="how often a port that dies is started again before the rest errors (default 3)",
    )
    group.addoption(
        "--id",
        action="append",
        default=[],
        metavar="ID",
        help="run only the scenarios whose stable id is ID or starts with ID/ or ID. (repeatable)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spec_id(id): the stable id of a scenario (from its @id: tag)")
    config.addinivalue_line("markers", "quoted: the scenario's numbers are quoted from the article")
    config.addinivalue_line("markers", "certified: the scenario's numbers are certified at 50 digits")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> bool | None:
    if tag.startswith("id:"):
        pytest.mark.spec_id(tag.removeprefix("id:"))(function)
        return True
    return None


BACKEND = pytest.StashKey["Backend"]()
"""A backend put in the config's stash before collection replaces the reference and ``--impl``."""


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> Iterator[Backend]:
    """The implementation under test: the port given by ``--impl``, or else the reference in process."""
    command = pytestconfig.getoption("impl")
    implementation: Backend
    if BACKEND in pytestconfig.stash:  # set by a tool that runs the features itself (the vectors' recorder)
        implementation = pytestconfig.stash[BACKEND]
    elif command:
        implementation = ProcessBackend(
            command,
            start_timeout=pytestconfig.getoption("impl_start_timeout"),
            timeout=pytestconfig.getoption("impl_timeout"),
            max_restarts=pytestconfig.getoption("impl_restarts"),
        )
    else:
        implementation = ReferenceBackend()
    yield implementation
    implementation.close()


def _feature_order(item: pytest.Item) -> tuple[str, int]:
    function = getattr(item, "obj", None)
    template = scenario_wrapper_template_registry.get(function) if callable(function) else None
    if template is None:
        return ("~", 0)
    return (template.feature.filename, template.line_number)


def scenario_id(item: pytest.Item) -> str | None:
    """The stable id of a scenario's test: its ``@id:`` tag, plus the example's ``id`` column."""
    marker = item.get_closest_marker("spec_id")
    if marker is None:
        return None
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
    return f"{marker.args[0]}/{example['id']}" if "id" in example else str(marker.args[0])


def _selected(case: str | None, prefixes: list[str]) -> bool:
    return case is not None and any(case == p or case.startswith((p + "/", p + ".")) for p in prefixes)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Scenarios in the order the features tell them (pytest-bdd sorts features by name; the sort is stable,
    so examples keep their table order), and only those picked by ``--id`` when it is given."""
    items.sort(key=_feature_order)
    prefixes = config.getoption("id")
    if prefixes:
        deselected = [item for item in items if not _selected(scenario_id(item), prefixes)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if _selected(scenario_id(item), prefixes)]

"""The pytest plugin of mlp-spec (entry point ``pytest11``): the backend under test and the spec's tags.

Scenario tags: ``@id:<stable id>`` names a scenario across releases (a port can skip a case by it);
``@quoted`` marks numbers quoted from the article as printed; ``@certified`` marks numbers certified by
the 50-digit engine, which the certification run checks bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from mlp_spec.backends import Backend, ReferenceBackend


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


@pytest.fixture(scope="session")
def backend() -> Iterator[Backend]:
    """The implementation under test: the reference, in process."""
    implementation = ReferenceBackend()
    yield implementation
    implementation.close()

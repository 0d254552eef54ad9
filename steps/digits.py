"""Steps of the handwritten digits: the data set prepared as the book prepares MNIST, a network trained over it
with the protocol's ``fit``, and its held-out accuracy read from ``query``.

The data come from :mod:`mlp_spec.digits`; the steps compute only what a learner would check by hand (the
scaling, the argmax of each row of outputs). Without scikit-learn every step here fails with the reason: a
missing data set must never look like a pass.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from pytest_bdd import given, parsers, then, when

from mlp_spec import digits

from .world import World, number, table_matrix


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "measured: a figure measured by running (an accuracy), not certified; kept out of the vectors"
    )


@given(parsers.re(r"the handwritten digits of scikit-learn's load_digits, split by the permutation of seed 0"))
def given_digits(world: World) -> None:
    try:
        world.values["digits"] = digits.load()
    except digits.NoDigits as error:
        pytest.fail(str(error), pytrace=False)


@given(
    parsers.re(r"a (?P<n>\d+)-(?P<m>\d+)-(?P<k>\d+) network with the book's initial weights from seed (?P<seed>\d+)")
)
def given_network(world: World, n: str, m: str, k: str, seed: str) -> None:
    """The book's initialisation, normal with standard deviation fan-in^(−½): wih first, then who, from one
    ``numpy.random.default_rng(seed)``."""
    rng = np.random.default_rng(int(seed))
    inputs, hidden, outputs = int(n), int(m), int(k)
    # Set, not given: the report lists what a scenario gives, and thousands of weights would bury the story.
    world.values["wih"] = world.original["wih"] = rng.normal(0.0, inputs**-0.5, (hidden, inputs)).tolist()
    world.values["who"] = world.original["who"] = rng.normal(0.0, hidden**-0.5, (outputs, hidden)).tolist()


@when(
    parsers.re(
        r"the network is fitted to the (?:first (?P<count>[\d,]+) of the )?1,347 digits for (?P<epochs>\d+) "
        r'epochs? under the rule "(?P<rule>\w+)" with the learning rate (?P<rate>\S+)'
    )
)
def when_fit(world: World, count: str | None, epochs: str, rule: str, rate: str) -> None:
    data = world.values["digits"]
    size = int(count.replace(",", "")) if count else digits.TRAIN
    args: dict[str, Any] = {
        "wih": world.values["wih"],
        "who": world.values["who"],
        "inputs": data.train_inputs[:size].tolist(),
        "targets": data.train_targets[:size].tolist(),
        "learning_rate": number(rate),
        "rule": rule,
        "epochs": int(epochs),
    }
    request = world.answer("fit", args, {"wih": "updated wih", "who": "updated who"})
    if request.error is None:
        world.values["wih"] = world.result("updated wih")[0]
        world.values["who"] = world.result("updated who")[0]


@when(parsers.re(r"the network is queried on the (?:first (?P<count>\d+)|450) held-out digits"))
def when_query(world: World, count: str | None) -> None:
    data = world.values["digits"]
    size = int(count) if count else digits.HELD_OUT
    args = {"wih": world.values["wih"], "who": world.values["who"], "inputs": data.test_inputs[:size].tolist()}
    world.answer("query", args, {"final_outputs": "held-out outputs"})
    world.values["queried"] = size


@then(parsers.re(r"every input lies from 0\.01 \(no ink\) to 1\.0 \(full ink\), and each end is reached"))
def then_inputs_scaled(world: World) -> None:
    data = world.values["digits"]
    inputs = np.concatenate([data.train_inputs, data.test_inputs])
    assert inputs.min() == 0.01 and inputs.max() == 1.0, f"inputs run from {inputs.min()!r} to {inputs.max()!r}"
    pixels, _ = digits.raw()
    assert np.array_equal(digits.scale(np.array([0.0, 16.0])), [0.01, 1.0])
    assert len(np.unique(pixels)) == 17, "the pixels are not the counts 0 to 16"


@then(parsers.re(r"every target row holds one 0\.99, at the digit's own place, and nine 0\.01"))
def then_targets_one_hot(world: World) -> None:
    data = world.values["digits"]
    targets, labels = data.train_targets, data.train_labels
    assert set(np.unique(targets)) == {0.01, 0.99}
    assert (targets == 0.99).sum(axis=1).tolist() == [1] * len(targets)
    assert np.array_equal(targets.argmax(axis=1), labels)


@then(parsers.re(r"each of the ten digits is among the 1,347 and among the 450"))
def then_all_classes(world: World) -> None:
    data = world.values["digits"]
    assert len(data.train_labels) == digits.TRAIN and len(data.test_labels) == digits.HELD_OUT
    for name, labels in (("training", data.train_labels), ("held-out", data.test_labels)):
        missing = sorted(set(range(10)) - set(labels.tolist()))
        assert not missing, f"the {name} digits lack {missing}"


@then(parsers.re(r"at least (?P<least>\d+) of the 450 held-out digits are recognised"))
def then_recognised(world: World, least: str) -> None:
    outputs, _ = world.result("held-out outputs")
    data = world.values["digits"]
    got = digits.recognised(outputs, data.test_labels)
    world.values["recognised"] = got
    assert got >= int(least), f"{got} of 450 held-out digits recognised ({got / 4.5:.2f}%), fewer than {least}"


@then(
    parsers.re(
        r"that count is within (?P<gap>\d+) of the (?P<count>\d+) that scikit-learn's "
        r"MLPClassifier\(hidden_layer_sizes=\(100,\)\), random_state 0, was measured to recognise"
    )
)
def then_beside_baseline(world: World, count: str, gap: str) -> None:
    """The stated count against the measurement on record (tests/test_digits.py measures it again), and the
    port's count within ``gap`` of it."""
    assert int(count) == digits.BASELINE, f"the feature states {count}, the measurement {digits.BASELINE}"
    got = world.values["recognised"]
    assert abs(got - int(count)) <= int(gap), f"{got} recognised, more than {gap} from scikit-learn's {count}"


@then(parsers.re(r"the final outputs of the first (?P<count>\d+) held-out digits are:"))
def then_held_out_outputs(world: World, count: str, datatable: list[list[str]]) -> None:
    actual, request = world.result("held-out outputs")
    world.check("held-out outputs", actual, table_matrix(datatable), request)

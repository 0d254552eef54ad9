"""A network whose every side differs (3 inputs, 4 hidden, 2 outputs), for the reference's tests: a function
that confused rows with columns, or one size with another, cannot pass with it; and the message of a refusal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import mlp_ref

WIH = [[0.9, -0.3, 0.4], [0.2, 0.8, -0.5], [-0.6, 0.1, 0.7], [0.3, 0.3, -0.2]]  # 4 hidden × 3 inputs
WHO = [[0.5, -0.4, 0.3, 0.8], [-0.7, 0.2, 0.6, -0.1]]  # 2 outputs × 4 hidden
INPUTS = [0.8, -0.2, 0.7]
TARGETS = [0.3, 0.9]
OUTSIDE = ", outside the open interval (0, 1): the sigmoid never reaches 0 or 1"  # the end of a target's refusal


def message(call: Callable[..., Any], *args: Any) -> str:
    """What ``call(*args)`` says as it refuses them: an InputError, "argument: problem"."""
    with pytest.raises(mlp_ref.InputError) as error:
        call(*args)
    assert str(error.value) == f"{error.value.argument}: {error.value.problem}"
    return str(error.value)

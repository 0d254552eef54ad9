"""The executable spec: every scenario of ``features/``, run against the backend under test."""

from pytest_bdd import scenarios

scenarios("../features")

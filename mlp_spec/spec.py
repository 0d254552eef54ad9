"""The executable spec as a pytest test module: every scenario of the features, against the backend under test.

``mlp-spec run`` collects this module (see :mod:`mlp_spec.session`); in the repository, ``tests/test_features.py``
binds the same features for the suite.
"""

from pytest_bdd import scenarios

from mlp_spec.session import FEATURES

scenarios(str(FEATURES), features_base_dir=str(FEATURES))

"""mlp-spec: the executable specification of the article's perceptron — the harness around the features.

Four jobs, one subpackage each: :mod:`mlp_spec.harness` talks to implementations (the reference, a port);
:mod:`mlp_spec.truth` establishes what is true (the 50-digit engine, the comparison, the proofs);
:mod:`mlp_spec.report` tells the reader (console, HTML, Cucumber outputs); :mod:`mlp_spec.cli` is the
``mlp-spec`` command. The step definitions, kept at the repository's top in ``steps/``, are installed as
:mod:`mlp_spec.steps`.
"""

__version__ = "1.0.0"

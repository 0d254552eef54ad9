"""mlp-spec: the executable specification of the article's perceptron — the harness around the features.

Backends (the reference, the 50-digit engine, a port over Protocol 1), the one comparison, the symbolic
mathematics, the golden vectors, and the ``mlp-spec`` command.
"""

__version__ = "1.0.0"

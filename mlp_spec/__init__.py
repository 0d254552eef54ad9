"""mlp-spec: the executable specification of the article's perceptron — the harness around the features
(docs/layout.md: ``harness`` talks to implementations, ``truth`` establishes what is true, ``report`` tells the
reader, ``cli`` is the ``mlp-spec`` command)."""

__version__ = "1.0.0"

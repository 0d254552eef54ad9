"""``python -m mlp_spec``: the ``mlp-spec`` command."""

import sys

from mlp_spec.cli import main

sys.exit(main())

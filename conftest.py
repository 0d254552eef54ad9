# The spec's plugin (harness, steps, report), for the suite run from the repository.
pytest_plugins = ["mlp_spec.plugin"]

pytest_plugins = ["mlp_spec.steps"]

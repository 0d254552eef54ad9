pytest_plugins = ["steps"]

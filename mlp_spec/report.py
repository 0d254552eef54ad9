"""The HTML report of a run: added with the report issue."""

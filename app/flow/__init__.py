"""The diagnostic as a pure-Python flow: its steps, their completeness, what blocks signing."""

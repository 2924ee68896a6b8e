"""Use cases shared by the GUI and the CLI; each runs in one transaction given to it."""

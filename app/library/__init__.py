"""The scaffold library: built-in and user scaffolds, and recommendations drawn from it."""

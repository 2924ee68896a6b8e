"""Dialogs opened from the diagnostic pages."""

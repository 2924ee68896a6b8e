"""Charts drawn once, as SVG, for both the app and the printed reports (matplotlib's object API)."""

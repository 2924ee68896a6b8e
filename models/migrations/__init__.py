"""Alembic's script directory for Scaffold's schema (a package so that it ships with models)."""

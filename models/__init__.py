"""Persistence for Scaffold: SQLModel tables, the database engine and Alembic migrations."""

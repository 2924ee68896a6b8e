"""Scaffold's domain: services, validation, the exchange file and the command line."""

from app.version import __version__

__all__ = ["__version__"]

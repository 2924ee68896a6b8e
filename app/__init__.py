"""Scaffold's domain: services, validation, the exchange file and the command line."""

__version__ = "0.1.0"

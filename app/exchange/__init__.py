"""The exchange file: one engagement, or a bundle of several, as versioned JSON.

`app.exchange.document` writes it, `app.exchange.importer` reads it back through the services,
and `app.exchange.schema` holds the JSON Schema both kinds of document follow.
"""

from typing import Any

from app.exchange.errors import ExchangeError

FORMAT_ENGAGEMENT = "scaffold.engagement"
FORMAT_BUNDLE = "scaffold.bundle"
FORMAT_VERSION = 1

Json = dict[str, Any]
"""A JSON object as the exchange file holds it."""

__all__ = ["FORMAT_BUNDLE", "FORMAT_ENGAGEMENT", "FORMAT_VERSION", "ExchangeError", "Json"]

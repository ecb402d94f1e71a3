"""The geo stage: turn an event's Location (the name and hierarchy the text gives) into a gazetteer place.

This version is the interface and a text-only resolver; the offline gazetteer plugs in behind `Resolver`.
"""

from __future__ import annotations

from typing import Protocol

from .records import Location


class Resolver(Protocol):
    def resolve(self, location: Location) -> Location: ...


class TextOnlyResolver:
    """Keeps what the text says: name, enclosing place, admin areas and the text's precision, no coordinates."""

    def resolve(self, location: Location) -> Location:
        return location


def default_resolver() -> Resolver:
    return TextOnlyResolver()

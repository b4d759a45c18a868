"""Name -> implementation tables for readers, formats, styles and resolvers.

A registry is how a user plugs in their own reader or format without touching ours:
``refbridge.readers.REGISTRY.register("rtf", read_rtf, suffixes=(".rtf",))``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Implementations by name, findable also by file suffix or by a content sniffer."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._suffixes: dict[str, str] = {}
        self._sniffers: list[tuple[str, Callable[[bytes], bool]]] = []

    def register(
        self,
        name: str,
        item: T,
        *,
        suffixes: tuple[str, ...] = (),
        sniff: Callable[[bytes], bool] | None = None,
    ) -> T:
        """Add (or replace) ``name``; suffixes are matched case-insensitively."""
        self._items[name] = item
        for suffix in suffixes:
            self._suffixes[suffix.lower()] = name
        if sniff is not None:
            self._sniffers = [(n, s) for n, s in self._sniffers if n != name]
            self._sniffers.append((name, sniff))
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"unknown {self.kind} {name!r}; known: {known}") from None

    def name_for_suffix(self, suffix: str) -> str | None:
        return self._suffixes.get(suffix.lower())

    def sniff(self, head: bytes) -> str | None:
        """The first registered format whose sniffer accepts these leading bytes."""
        for name, sniffer in self._sniffers:
            if sniffer(head):
                return name
        return None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

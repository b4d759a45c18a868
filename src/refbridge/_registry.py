"""Name -> implementation tables for readers, formats, styles and resolvers.

A registry is how a user plugs in their own reader or format without touching ours:
``refbridge.readers.REGISTRY.register("rtf", read_rtf, suffixes=(".rtf",))``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """Implementations by name, findable also by file suffix or by a content sniffer.

    ``builtin_modules`` are modules (full dotted names) that register the built-in items when
    imported. They are imported on the first lookup, not when the registry is made, so that
    ``import refbridge`` stays cheap and a module may import its registry without a cycle. A
    built-in module that is not installed is skipped; any other import error is raised.
    """

    def __init__(self, kind: str, *, builtin_modules: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._suffixes: dict[str, str] = {}
        self._sniffers: list[tuple[str, Callable[[bytes], bool]]] = []
        self._pending = builtin_modules

    def _load_builtins(self) -> None:
        while self._pending:
            module, self._pending = self._pending[0], self._pending[1:]  # no re-entry loop
            try:
                importlib.import_module(module)
            except Exception as exc:
                if isinstance(exc, ModuleNotFoundError) and exc.name == module:
                    continue  # not installed: that built-in is simply absent
                self._pending = (module, *self._pending)  # tried again on the next lookup
                raise

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
        self._load_builtins()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(self.kind, name, sorted(self._items)) from None

    def name_for_suffix(self, suffix: str) -> str | None:
        self._load_builtins()
        return self._suffixes.get(suffix.lower())

    def sniff(self, head: bytes) -> str | None:
        """The first registered format whose sniffer accepts these leading bytes."""
        self._load_builtins()
        for name, sniffer in self._sniffers:
            if sniffer(head):
                return name
        return None

    def names(self) -> list[str]:
        self._load_builtins()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        self._load_builtins()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        self._load_builtins()
        return iter(sorted(self._items))

"""Public names of a package that load their module on first use (PEP 562).

``import refbridge`` must not pay for scipy, requests or lxml when the caller only wants a
transliteration; a package lists its names and where they live, and :func:`attach` gives it
the module-level ``__getattr__`` and ``__dir__`` that import them when first asked for.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def attach(
    package: str, names: Mapping[str, tuple[str, str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``; ``names`` maps a public name to
    ``(relative module, attribute)``. A loaded value is cached on the package."""

    def __getattr__(name: str) -> Any:
        try:
            module, attribute = names[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, package), attribute)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return __getattr__, __dir__

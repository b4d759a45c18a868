"""Sub-commands of the ``refbridge`` CLI, one module each.

A module here defines ``register(subparsers)``, which adds its parser and sets
``handler=function(args) -> int`` with ``parser.set_defaults``. Shared helpers for reading
inputs and writing outputs are in :mod:`refbridge.commands._io`.
"""

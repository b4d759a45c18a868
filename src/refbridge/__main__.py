"""``python -m refbridge``: the same command as ``refbridge``."""

import sys

from .cli import main

sys.exit(main())

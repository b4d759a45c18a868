"""doi — see docs/architecture.md."""

"""parsing — see docs/architecture.md."""

"""bilingual — see docs/architecture.md."""

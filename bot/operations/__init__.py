"""Operators' tools: SQLite backup and restore, and the `copro doctor` checks."""

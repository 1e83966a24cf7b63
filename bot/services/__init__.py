"""Use cases: join, answer, consultations, data rights. Storage and clock come in from outside."""

"""Telegram: shared chat logic, sender and button codec, and a thin adapter per framework."""

"""The aiogram adapter (the default): updates in, Bot API calls out, no state of its own."""

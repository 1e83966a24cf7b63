"""The python-telegram-bot adapter: the same chat, carried by PTB instead of aiogram."""

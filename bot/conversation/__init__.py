"""The conversation with one person, channel-neutral: inputs in, actions out.

Knows no chat framework, web server or database: services come in from `bot.bootstrap`.
"""

"""Printable QR posters: a consultation's web link and Telegram link, each as a code and as text."""

FORMATS = ("pdf", "svg", "png")
"""The files a poster can be written as, named by their suffix."""

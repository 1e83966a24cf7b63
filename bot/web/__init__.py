"""The web channel: residents answer a consultation in a browser, one question a page."""

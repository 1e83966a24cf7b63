"""Security: TOTP codes, sealed secrets, recovery codes, throttling, admin sessions, pseudonyms."""

"""Security: pseudonyms now; TOTP, secret encryption and the audit chain later."""

"""What Copro sends, whichever channel carries it: actions, button data, the outbox codec,
the sender (retries, 429s, 403s) and the rate limiter, behind a small API port."""

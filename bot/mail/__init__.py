"""E-mail notices for web participants: addresses (checked, sealed), SMTP, and the drainer."""

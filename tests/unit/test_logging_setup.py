"""Logs are JSON lines with the facts passed in, and never a secret or a person's words."""

from __future__ import annotations

import json
import logging

from bot.logging_setup import JsonFormatter, PlainFormatter


def record(**extra: object) -> logging.LogRecord:
    fields = {"name": "copro.test", "levelname": "INFO", "msg": "answer.stored"}
    entry = logging.makeLogRecord(fields)
    for key, value in extra.items():
        setattr(entry, key, value)
    return entry


def test_a_log_line_is_json_with_the_event_and_its_facts() -> None:
    line = json.loads(JsonFormatter().format(record(update_id=42, pseudonym="P-1a2b3c4d")))
    assert line["event"] == "answer.stored"
    assert line["update_id"] == 42 and line["pseudonym"] == "P-1a2b3c4d"


def test_secrets_codes_tokens_and_answer_text_never_reach_the_log() -> None:
    secrets = {"text": "ring me on 07700 900123", "code": "123456", "token": "123:abc",
               "secret": "JBSWY3DPEHPK3PXP", "answer": "my address"}
    for formatter in (JsonFormatter(), PlainFormatter()):
        line = formatter.format(record(**secrets))
        for value in secrets.values():
            assert value not in line

"""The catalogue keys the engine may say; every key has English and Welsh text in bot/i18n."""

from __future__ import annotations

from enum import StrEnum


class MessageKey(StrEnum):
    ROUND_INTRO = "round_intro"
    ROUND_NOT_OPEN = "round_not_open"
    ROUND_NOT_OPEN_UNDATED = "round_not_open_undated"
    ROUND_CLOSED = "round_closed"
    ROUND_FINISHED = "round_finished"
    ROUND_ALREADY_FINISHED = "round_already_finished"
    CONSENT_DECLINED = "consent_declined"
    CONSENT_NEEDED = "consent_needed"
    LANGUAGE_NOT_OFFERED = "language_not_offered"
    ROLE_NOT_OFFERED = "role_not_offered"
    PICK_AN_OPTION = "pick_an_option"
    PICK_OPTIONS = "pick_options"
    RANK_OPTIONS = "rank_options"
    TYPE_YOUR_ANSWER = "type_your_answer"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    TEXT_TOO_LONG = "text_too_long"
    TEXT_EMPTY = "text_empty"
    TOO_FEW_CHOICES = "too_few_choices"
    TOO_MANY_CHOICES = "too_many_choices"
    TEXT_EMPTY_OPTIONAL = "text_empty_optional"
    EXCLUSIVE_CHOICE = "exclusive_choice"
    ALREADY_RANKED = "already_ranked"
    QUESTION_REQUIRED = "question_required"
    NOTHING_BEFORE = "nothing_before"
    STALE_BUTTON = "stale_button"
    UNSUPPORTED_MESSAGE = "unsupported_message"
    NOTHING_TO_KEEP = "nothing_to_keep"

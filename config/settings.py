"""Copro's settings, read from COPRO_* environment variables and an optional .env file."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

CONFIG_DIR = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COPRO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite:///copro.db"
    timezone: str = "Europe/London"
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Root of every key (pseudonyms, sealing, webhook, audit), 32+ random "
        "bytes; `copro run`, `scheduler` and `nlp-worker` refuse to start without one.",
    )
    sealing_key: SecretStr = Field(
        default=SecretStr(""),
        description="Seals admins' 2FA secrets instead of COPRO_SECRET_KEY (`copro keys rotate`).",
    )
    host: str = Field(
        "127.0.0.1", description="Address every server binds (webhook, sandbox, health)."
    )
    audit_head_file: Path | None = Field(
        None,
        description="Where the signed audit head is kept; beside a SQLite database by default.",
    )
    bot_token: SecretStr = SecretStr("")
    telegram_api_url: str = "https://api.telegram.org"
    framework: Literal["aiogram", "ptb"] = "aiogram"
    webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Shared by every webhook worker; derived from the secret key when unset.",
    )
    sandbox_port: int = 8080
    public_url: str = Field(
        "http://127.0.0.1:8000",
        description="Where residents reach the web channel (links and QR codes point here). "
        "Cookies are Secure unless this is plain http on 127.0.0.1 or localhost.",
    )
    redis_url: SecretStr = Field(
        default=SecretStr(""),
        description="Redis that every `copro web` worker shares rate limits through "
        "(redis://host:6379/0); unset, each worker counts in its own memory.",
    )
    redis_prefix: str = Field(
        "copro", description="Start of every Redis key Copro writes (several sites, one Redis)."
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Proxies (addresses or CIDR ranges, comma-separated) whose "
        "X-Forwarded-For names the client; from any other peer the header is ignored.",
    )
    bot_username: str = Field(
        "",
        description="The bot's @username (from @BotFather), for the t.me join link on QR "
        "posters (`copro consultation poster`).",
    )
    smtp_url: SecretStr = Field(
        default=SecretStr(""),
        description="Where e-mail notices to web participants go: smtp://host:port (STARTTLS "
        "when offered), smtps://user:password@host:465 (TLS). Unset: no e-mail is queued.",
    )
    mail_from: str = Field(
        "Copro <noreply@localhost>",
        description="The From address of e-mail notices to web participants.",
    )
    admin_ids: list[int] = Field(
        default_factory=list, description="Telegram user ids made admins at start (must enrol)."
    )
    quiet_hours_start: int = Field(21, ge=0, le=23, description="No reminders from this hour.")
    quiet_hours_end: int = Field(8, ge=0, le=23, description="...until this hour (local time).")
    reminders_per_round: int = Field(2, ge=0, le=10)
    broadcast_rate: float = Field(25.0, gt=0, le=30, description="Messages a second at most.")
    retention_days_default: int = 365
    nlp_model: str | None = None
    nlp_classifier: Path | None = Field(
        None,
        description="Directory of a `copro nlp train` classifier; used only if it beat the rules.",
    )
    consultations_dir: Path = CONFIG_DIR / "consultations"
    themes_dir: Path = CONFIG_DIR / "themes"
    log_level: str = "INFO"
    metrics_port: int | None = Field(
        None,
        ge=0,
        le=65535,
        description="Port for /healthz and /metrics in the polling bot, scheduler and NLP worker.",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = [entry for entry in value.replace(",", " ").split() if entry]
        if isinstance(value, list):
            for entry in value:
                ipaddress.ip_network(str(entry).strip(), strict=False)  # ValueError names it
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as unknown:  # a KeyError subclass
            raise ValueError(f"unknown time zone {value!r}, e.g. Europe/London") from unknown
        return value

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings() -> Settings:
    return Settings()

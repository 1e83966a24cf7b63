"""Checks of the deployment files against the real `copro` CLI and Settings; each returns problems.

No Docker engine runs where the tests do, so these read compose.yaml, .env.example and the
Dockerfile as text and hold them against the code they name.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer.main
import yaml

from bot.cli.main import app
from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PREFIX = Settings.model_config["env_prefix"]
SETTING_NAME = re.compile(rf"\b{PREFIX}[A-Z0-9_]+")
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([^}]*)\}")
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def copro_cli() -> Any:
    """The click group behind `copro`, exactly as the installed entry point builds it.

    Duck-typed (a group has get_command, an option has opts): recent typer ships its own
    copy of click, so `click.Group` and `click.Option` are not the classes it uses."""
    return typer.main.get_command(app)


def interpolate(text: str, value: str = "https://example.invalid") -> str:
    """What compose would substitute, with every variable set to `value`."""
    return INTERPOLATION.sub(value, text)


def command_problems(args: list[str], where: str, cli: Any = None) -> list[str]:
    """Problems with `copro ARGS`: unknown command or option, or a value the CLI rejects."""
    command = cli or copro_cli()
    path, rest = ["copro"], [interpolate(arg) for arg in args]
    while hasattr(command, "get_command"):
        if not rest:
            return [f"{where}: `{' '.join(path)}` needs a sub-command"]
        word = rest.pop(0)
        if word.startswith("-"):
            option = _option(command, word)
            if option is None:
                return [f"{where}: `{' '.join(path)}` has no option {word.split('=')[0]}"]
            if not option.is_flag and "=" not in word and rest:
                rest.pop(0)
            continue
        sub = command.get_command(command.context_class(command), word)
        if sub is None:
            return [f"{where}: `{' '.join(path)}` has no command {word!r}"]
        path.append(word)
        command = sub
    unknown = [w.split("=")[0] for w in rest if w.startswith("--") and not _option(command, w)]
    if unknown:
        return [f"{where}: `{' '.join(path)}` has no option {name}" for name in unknown]
    try:
        command.make_context(" ".join(path), list(rest))
    except Exception as error:  # click's UsageError or BadParameter, whichever click it is
        if not hasattr(error, "format_message"):
            raise
        return [f"{where}: `{' '.join(path)}`: {error.format_message()}"]
    return []


def _option(command: Any, word: str) -> Any:
    name = word.split("=")[0]
    for param in command.params:
        if param.param_type_name == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def setting_names() -> set[str]:
    """Every COPRO_* variable Settings reads."""
    return {PREFIX + field.upper() for field in Settings.model_fields}


def unknown_settings(names: Iterable[str], where: str) -> list[str]:
    """COPRO_* names among `names` that Settings does not read (others are left alone)."""
    known = setting_names()
    return [f"{where}: {name} is not a setting" for name in sorted(set(names))
            if name.startswith(PREFIX) and name not in known]


def strings_in(value: Any) -> Iterator[str]:
    """Every key and string in a parsed YAML document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def load_compose(text: str | None = None) -> dict[str, Any]:
    return yaml.safe_load(text if text is not None else (ROOT / "compose.yaml").read_text())


def copro_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Services that run the Copro image (they build it, or use copro:*)."""
    return {name: service for name, service in compose["services"].items()
            if "build" in service or str(service.get("image", "")).startswith("copro")}


def service_args(service: dict[str, Any]) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(a) for a in command]


def compose_problems(compose: dict[str, Any]) -> list[str]:
    """Every Copro service's command against the CLI, every COPRO_* name against Settings."""
    cli = copro_cli()
    problems = [problem for name, service in copro_services(compose).items()
                for problem in command_problems(service_args(service), name, cli)]
    names = (m for s in strings_in(compose) for m in SETTING_NAME.findall(s))
    return problems + unknown_settings(names, "compose.yaml")


@dataclass(frozen=True)
class EnvLine:
    name: str
    value: str
    commented: bool


def env_example_lines(text: str | None = None) -> list[EnvLine]:
    """NAME=value lines of .env.example, set or commented out ("# NAME=value")."""
    text = text if text is not None else (ROOT / ".env.example").read_text()
    found = (ENV_LINE.match(line.strip()) for line in text.splitlines())
    return [EnvLine(m[2], m[3], bool(m[1])) for m in found if m]


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def dockerfile_stages(text: str | None = None) -> list[list[Instruction]]:
    """The Dockerfile's instructions, one list per stage (anything before FROM comes first)."""
    text = text if text is not None else (ROOT / "Dockerfile").read_text()
    stages: list[list[Instruction]] = [[]]
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending += " " + line.removesuffix("\\").strip()
        if line.endswith("\\"):
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        pending = ""
        if keyword.upper() == "FROM":
            stages.append([])
        stages[-1].append(Instruction(keyword.upper(), arguments.strip()))
    return stages


def exec_form(arguments: str) -> list[str]:
    """An instruction's JSON (exec) form, like ["copro"]; shell form is split like a shell."""
    try:
        parsed = json.loads(arguments)
    except json.JSONDecodeError:
        return shlex.split(arguments)
    return [str(part) for part in parsed]

"""The deployment files name only commands, options and settings that exist in the code.

No Docker engine runs here: these checks plus a careful read are what stands behind them.
"""

from __future__ import annotations

import copy
import ipaddress
import re
import shlex

import pytest
from compose_checks import (
    ROOT,
    command_problems,
    compose_problems,
    copro_services,
    dockerfile_stages,
    env_example_lines,
    exec_form,
    interpolate,
    load_compose,
    service_args,
    setting_names,
    unknown_settings,
)

from bot.telegram.webhook import WEBHOOK_PATH
from bot.web.server import STATIC
from config.settings import Settings

WORKERS = ("bot-1", "bot-2", "scheduler", "nlp-worker", "web")
REQUIRED_SETTINGS = ("COPRO_SECRET_KEY", "COPRO_BOT_TOKEN", "COPRO_DATABASE_URL")
DEVELOPMENT_ONLY = {"COPRO_SANDBOX_PORT"}  # `copro sandbox` is not run in production


# ---- compose.yaml against the CLI and the settings --------------------------------------


def test_every_command_option_and_setting_in_compose_exists() -> None:
    assert compose_problems(load_compose()) == []


def test_the_deployment_has_postgres_two_webhook_workers_a_scheduler_and_an_nlp_worker() -> None:
    services = load_compose()["services"]
    assert set(WORKERS) | {"postgres", "migrate"} <= set(services)
    assert service_args(services["migrate"]) == ["db", "upgrade"]
    assert service_args(services["scheduler"])[0] == "scheduler"
    assert service_args(services["nlp-worker"])[0] == "nlp-worker"
    for name in ("bot-1", "bot-2"):
        args = service_args(services[name])
        assert args[:2] == ["run", "--webhook"] and "--no-tagger" in args


def test_workers_start_after_postgres_is_healthy_and_the_schema_is_migrated() -> None:
    compose = load_compose()
    services = compose["services"]
    assert services["postgres"]["healthcheck"]["test"]
    volume = services["postgres"]["volumes"][0].split(":")[0]
    assert volume in compose["volumes"], "PostgreSQL's data must live in a named volume"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in WORKERS:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


def test_every_copro_service_reads_env_and_the_postgres_service() -> None:
    services = load_compose()["services"]
    for name, service in copro_services(load_compose()).items():
        assert service["env_file"] == ".env", name
        url = interpolate(service["environment"]["COPRO_DATABASE_URL"])
        assert url.startswith("postgresql+psycopg://") and "@postgres:5432/" in url, name
        assert services["postgres"]["environment"]["POSTGRES_DB"] in url.rsplit("/", 1)[1]


def test_one_webhook_worker_registers_the_public_url() -> None:
    services = load_compose()["services"]
    registering = [n for n in ("bot-1", "bot-2") if "--public-url" in service_args(services[n])]
    assert registering == ["bot-1"]


def test_the_load_balancer_spreads_the_webhook_path_over_both_workers() -> None:
    services = load_compose()["services"]
    caddyfile_mount = services["proxy"]["volumes"][0].split(":")[0]
    caddyfile = (ROOT / caddyfile_mount).read_text()
    assert f"handle {WEBHOOK_PATH}" in caddyfile
    for name in ("bot-1", "bot-2"):
        args = service_args(services[name])
        port = args[args.index("--port") + 1]
        assert f"{name}:{port}" in caddyfile


def caddyfile() -> str:
    mount = load_compose()["services"]["proxy"]["volumes"][0].split(":")[0]
    return (ROOT / mount).read_text()


def test_the_proxy_sends_residents_web_pages_and_their_files_to_the_web_service() -> None:
    services = load_compose()["services"]
    args = service_args(services["web"])
    assert args[0] == "web"
    port = args[args.index("--port") + 1]
    web_block = re.search(r"@web path ([^\n]+)\n\s*handle @web \{\s*reverse_proxy ([^\s{]+)",
                          caddyfile())  # fmt: skip
    assert web_block, "the Caddyfile has no `@web path ...` handled by a reverse_proxy"
    assert set(web_block[1].split()) == {"/c/*", "/static/*"}
    assert web_block[2] == f"web:{port}"
    assert "web" in services["proxy"]["depends_on"]
    assert "ports" not in services["web"], "residents reach the web channel only via the proxy"


def test_behind_the_proxy_links_point_at_the_https_public_url() -> None:
    compose = load_compose()
    for name, service in copro_services(compose).items():
        given = service["environment"]["COPRO_PUBLIC_URL"]
        assert given.startswith("${PUBLIC_URL:?"), name
        assert interpolate(given).startswith("https://"), name
    public = next(line for line in env_example_lines() if line.name == "PUBLIC_URL")
    assert public.value.startswith("https://") and not public.commented


def test_the_web_service_health_check_asks_for_a_file_copro_web_serves() -> None:
    check = " ".join(load_compose()["services"]["web"]["healthcheck"]["test"])
    port = service_args(load_compose()["services"]["web"])[-1]
    found = re.search(rf"http://127\.0\.0\.1:{port}/static/([\w.-]+)", check)
    assert found, check
    assert (STATIC / found[1]).is_file(), f"{found[1]} is not among bot/web/static's files"


# ---- the checker itself finds mistakes ----------------------------------------------------


def _broken(change) -> dict:
    compose = copy.deepcopy(load_compose())
    change(compose["services"])
    return compose


@pytest.mark.parametrize(
    ("change", "reported"),
    [
        (lambda s: s["scheduler"].update(command=["scheduler", "--metrics-prot", "9100"]),
         "scheduler: `copro scheduler` has no option --metrics-prot"),
        (lambda s: s["bot-2"].update(command=["run", "--webhok"]),
         "bot-2: `copro run` has no option --webhok"),
        (lambda s: s["scheduler"].update(command=["schedular"]),
         "scheduler: `copro` has no command 'schedular'"),
        (lambda s: s["migrate"].update(command=["db", "upgrad"]),
         "migrate: `copro db` has no command 'upgrad'"),
        (lambda s: s["migrate"].update(command=["db"]),
         "migrate: `copro db` needs a sub-command"),
        (lambda s: s["bot-1"].update(command=["run", "--webhook", "--port", "eighty"]),
         "bot-1: `copro run`: Invalid value for '--port'"),
        (lambda s: s["web"].update(command=["web", "--prot", "8000"]),
         "web: `copro web` has no option --prot"),
        (lambda s: s["web"].update(command=["web", "--port", "eight"]),
         "web: `copro web`: Invalid value for '--port'"),
        (lambda s: s["bot-1"]["environment"].update(COPRO_DATABSE_URL="sqlite://"),
         "compose.yaml: COPRO_DATABSE_URL is not a setting"),
    ],
)
def test_the_check_reports_a_misspelt_command_option_value_or_setting(change, reported) -> None:
    problems = compose_problems(_broken(change))
    assert any(problem.startswith(reported) for problem in problems), problems


def test_the_check_reads_a_command_written_as_one_string() -> None:
    compose = _broken(lambda s: s["bot-2"].update(command="run --webhook --prot 8443"))
    assert "bot-2: `copro run` has no option --prot" in compose_problems(compose)


# ---- .env.example ------------------------------------------------------------------------


def test_env_example_names_only_real_settings_and_variables_compose_uses() -> None:
    lines = env_example_lines()
    compose_text = (ROOT / "compose.yaml").read_text()
    assert unknown_settings((line.name for line in lines), ".env.example") == []
    others = [line.name for line in lines if not line.name.startswith("COPRO_")]
    assert others, "compose's own variables (POSTGRES_PASSWORD...) belong in .env.example too"
    for name in others:
        assert re.search(rf"\$\{{{name}\b", compose_text), f"{name} is not used by compose.yaml"


def test_env_example_documents_every_setting_a_council_would_set() -> None:
    documented = {line.name for line in env_example_lines()}
    assert setting_names() - DEVELOPMENT_ONLY - documented == set()
    assert set(REQUIRED_SETTINGS) <= documented


def test_what_compose_requires_is_set_in_env_example_not_commented_out() -> None:
    compose_text = (ROOT / "compose.yaml").read_text()
    required = {m[1] for m in re.finditer(r"\$\{(\w+):\?", compose_text)}
    assert {"COPRO_SECRET_KEY", "COPRO_BOT_TOKEN", "POSTGRES_PASSWORD", "PUBLIC_URL"} <= required
    set_lines = {line.name for line in env_example_lines() if not line.commented}
    assert required <= set_lines


def test_env_example_as_it_stands_loads_as_settings(tmp_path, monkeypatch) -> None:
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    env = tmp_path / ".env"
    env.write_text((ROOT / ".env.example").read_text())
    settings = Settings(_env_file=env)
    assert settings.timezone == "Europe/London"


# ---- the Dockerfile ----------------------------------------------------------------------


def test_the_image_builds_in_stages_and_runs_copro_as_a_user_that_is_not_root() -> None:
    stages = dockerfile_stages()[1:]
    assert len(stages) >= 2
    assert all(re.search(r"\s+AS\s+\w+", stage[0].arguments, re.I) for stage in stages)
    final = stages[-1]
    users = [i.arguments.split(":")[0] for i in final if i.keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    entrypoint = [i for i in final if i.keyword == "ENTRYPOINT"]
    assert exec_form(entrypoint[-1].arguments) == ["copro"]


def test_the_image_checks_healthz_and_its_default_command_exists() -> None:
    final = dockerfile_stages()[-1]
    health = [i.arguments for i in final if i.keyword == "HEALTHCHECK"]
    assert health and "/healthz" in health[-1] and "NONE" not in health[-1].upper()
    cmd = [i.arguments for i in final if i.keyword == "CMD"]
    assert command_problems(exec_form(cmd[-1]), "Dockerfile CMD") == []
    names = (m for i in final for m in re.findall(r"\bCOPRO_[A-Z0-9_]+", i.arguments))
    assert unknown_settings(names, "Dockerfile") == []


def test_the_image_takes_the_spacy_model_as_a_build_argument_pinned_by_hash() -> None:
    stages = dockerfile_stages()
    args = {i.arguments.split("=")[0] for stage in stages for i in stage if i.keyword == "ARG"}
    assert "SPACY_MODEL" in args
    runs = " ".join(i.arguments for stage in stages for i in stage if i.keyword == "RUN")
    assert "--require-hashes -r config/requirements-model.txt" in runs
    assert (ROOT / "config/requirements-model.txt").is_file()


def test_the_image_copies_every_package_pyproject_installs() -> None:
    copied = {i.arguments.split()[0] for stage in dockerfile_stages()
              for i in stage if i.keyword == "COPY" and not i.arguments.startswith("--")}
    pyproject = (ROOT / "pyproject.toml").read_text()
    packages = re.search(r'include = \[([^\]]*)\]', pyproject)[1]
    for package in re.findall(r'"(\w+)\*"', packages):
        assert package in copied, f"{package}/ is installed by pyproject but not copied"
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert not ({"pyproject.toml", "README.md"} | copied) & ignored


# ---- the README's production section -------------------------------------------------------


def test_the_copro_commands_in_the_readme_production_section_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production (Docker Compose)", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    lines = [line.split("  #")[0] for block in blocks for line in block.splitlines()]
    found = (re.search(r"(?:exec \S+ copro|copro:latest) (.+)", line) for line in lines)
    commands = [match[1] for match in found if match]
    assert len(commands) >= 3, commands
    problems = [p for c in commands for p in command_problems(shlex.split(c), "README")]
    assert problems == []


def test_the_web_service_trusts_only_the_proxy_and_shares_limits_through_redis() -> None:
    compose = load_compose()
    services = compose["services"]
    environment = services["web"]["environment"]
    proxy_address = services["proxy"]["networks"]["default"]["ipv4_address"]
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert environment["COPRO_TRUSTED_PROXIES"] == subnet  # our own network, nothing wider
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(subnet)
    assert "trusted_proxies static private_ranges" in caddyfile()
    redis_host = environment["COPRO_REDIS_URL"].split("//")[1].split(":")[0]
    assert redis_host in services and "redis" in services["web"]["depends_on"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )

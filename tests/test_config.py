"""The faces' settings (bot/config.py): read once from the environment, each mistake named with its fix."""

from __future__ import annotations

import ast
import logging

import pytest
from conftest import REPO
from fake_bot_api import TOKEN

from bot.config import Config, FaceSettings, ServeSettings
from retrieval.config import ConfigError


def test_without_a_token_there_is_no_bot_and_the_defaults_serve_locally():
    config = Config.from_env({})
    assert config.bot is None
    assert (config.serve.host, config.serve.port) == ("127.0.0.1", 8080)
    assert config.faces.retention_days == 90 and config.faces.reminder_days == 7


def test_a_token_brings_the_bot_settings_and_host_and_port_are_read():
    config = Config.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "GOVQA_HOST": "0.0.0.0", "GOVQA_PORT": "9000"})
    assert config.bot is not None and config.bot.token == TOKEN
    assert config.serve == ServeSettings("0.0.0.0", 9000)
    assert TOKEN not in repr(config)


@pytest.mark.parametrize(
    ("env", "fix"),
    [
        ({"GOVQA_PORT": "http"}, "GOVQA_PORT='http' is not a port number"),
        ({"GOVQA_PORT": "70000"}, "use e.g. 8080"),
        ({"GOVQA_RETENTION_DAYS": "ba tháng"}, "GOVQA_RETENTION_DAYS"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "copy it again from @BotFather"),
        ({"GOVQA_DATABASE_URL": "mysql://u:p@h/db"}, "use postgresql://user:pass@host/db"),
        ({"PROMETHEUS_MULTIPROC_DIR": "/no/such/folder"}, "create it \\(empty\\) before the workers start"),
        ({"GOVQA_LOG_LEVEL": "loud"}, "use e.g. INFO, WARNING or 20"),
    ],
)
def test_each_bad_value_is_named_with_what_to_fix(env, fix):
    with pytest.raises(ConfigError, match=fix):
        Config.from_env(env)


def test_a_command_that_needs_the_bot_says_how_to_get_a_token():
    with pytest.raises(ConfigError, match="create a bot with @BotFather"):
        Config.from_env({}, need_bot=True)


def test_the_cli_names_a_bad_port_before_starting_anything(tmp_path):
    from click.testing import CliRunner

    from bot.cli import main

    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path)], env={"GOVQA_PORT": "tám nghìn"})
    assert result.exit_code == 2 and "GOVQA_PORT='tám nghìn' is not a port number" in result.output


def test_the_state_database_the_install_secret_and_the_metrics_folder_are_read_here(tmp_path):
    url = "postgresql://govqa:s3cr3t@db.local:5432/govqa"
    faces = Config.from_env(
        {"GOVQA_DATABASE_URL": url, "GOVQA_ID_SECRET": "bí mật", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    ).faces
    assert (faces.database_url, faces.id_secret, faces.metrics_dir) == (url, "bí mật", tmp_path)
    assert "s3cr3t" not in repr(faces) and "bí mật" not in repr(faces)
    unset = FaceSettings.from_env({})  # SQLite files in the data dir, a generated key, one process's metrics
    assert (unset.database_url, unset.id_secret, unset.metrics_dir) == (None, None, None)


def test_the_log_level_govqa_serve_hands_its_workers_is_read_by_name_or_number():
    assert ServeSettings.from_env({}).log_level is None  # a worker started by hand keeps uvicorn's logging
    assert ServeSettings.from_env({"GOVQA_LOG_LEVEL": "20"}).log_level == logging.INFO
    assert ServeSettings.from_env({"GOVQA_LOG_LEVEL": "debug"}).log_level == logging.DEBUG


# The modules that read the environment: each setting has one place (issue 13). Anything else is handed
# what it needs by them (a store its URL, Metrics its folder, a worker's app its Config).
READS_ENVIRONMENT = {
    "bot/config.py": "the faces' settings (Config), and hand_to_workers for `govqa serve --workers N`",
    "retrieval/config.py": "the engine's settings (Settings)",
    "retrieval/threads.py": "sets the numeric libraries' thread variables once, before numpy loads",
}
ENVIRONMENT = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _environment_uses() -> dict[str, list[int]]:
    """Every use of os.environ / os.getenv / os.putenv (or the names imported from os) in bot/ and retrieval/."""
    found: dict[str, list[int]] = {}
    for path in sorted([*(REPO / "bot").rglob("*.py"), *(REPO / "retrieval").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = isinstance(node, ast.Attribute) and node.attr in ENVIRONMENT
            named |= isinstance(node, ast.Name) and node.id in ENVIRONMENT
            named |= (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and bool({a.name for a in node.names} & ENVIRONMENT)
            )
            if named:
                found.setdefault(path.relative_to(REPO).as_posix(), []).append(node.lineno)
    return found


def test_only_the_settings_modules_touch_the_environment():
    uses = _environment_uses()
    assert {"bot/config.py", "retrieval/config.py"} <= set(uses)  # the check sees them
    assert {path: lines for path, lines in uses.items() if path not in READS_ENVIRONMENT} == {}

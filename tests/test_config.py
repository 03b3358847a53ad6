"""The faces' settings (bot/config.py): read once from the environment, each mistake named with its fix."""

from __future__ import annotations

import pytest
from fake_bot_api import TOKEN

from bot.config import Config, ServeSettings
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

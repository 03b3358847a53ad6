"""Roles: settings, invite codes (expiry, use limits), API keys, and the role /start shows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from click.testing import CliRunner
from helpers import Clock, serving
from ops_corpus import ADMIN, CITIZEN, MARKER, OFFICIAL, make_services, run, say

from bot.access import INVITE_ROLES, Access
from bot.cli import main
from bot.service import FaceSettings
from bot.web import create_app
from retrieval.config import ConfigError

INTERNAL_QUESTION = "phương án sáp nhập kho lưu trữ hồ sơ giấy"


@pytest.fixture
def clock():
    return Clock(datetime(2026, 6, 20, 1, 0, tzinfo=UTC))


@pytest.fixture
def access(tmp_path, clock):
    return Access(tmp_path / "access.sqlite3", officials={11}, admins={12, 11}, clock=clock)


# --- settings ---------------------------------------------------------------------------------------


def test_roles_come_from_the_settings_admins_first(access):
    assert access.telegram_role(12) == "admin"
    assert access.telegram_role(11) == "admin"  # in both lists: the higher role
    assert access.telegram_role(13) == "citizen"
    assert access.telegram_role(None) == "citizen"


@pytest.mark.parametrize(
    ("env", "fix"),
    [
        ({"GOVQA_OFFICIALS": "123, @nguyenvana"}, "not a Telegram user id"),
        ({"GOVQA_ADMINS": "12a"}, "not a Telegram user id"),
        ({"GOVQA_RETENTION_DAYS": "ba tháng"}, "whole number of days"),
        ({"GOVQA_REMINDER_TIME": "7 giờ"}, "HH:MM"),
        ({"GOVQA_REMINDER_DAYS": "-1"}, "number of days"),
    ],
)
def test_bad_face_settings_say_what_to_fix(env, fix):
    with pytest.raises(ConfigError, match=fix):
        FaceSettings.from_env(env)


def test_face_settings_read_from_the_environment():
    s = FaceSettings.from_env(
        {
            "GOVQA_OFFICIALS": "1, 2;3",
            "GOVQA_ADMINS": "9",
            "GOVQA_RETENTION_DAYS": "30",
            "GOVQA_REMINDER_TIME": "6:05",
            "GOVQA_REMINDER_DAYS": "3",
            "GOVQA_ID_SECRET": "bí mật",
        }
    )
    assert s.officials == {1, 2, 3} and s.admins == {9} and s.retention_days == 30 and s.reminder_days == 3
    assert (s.reminder_time.hour, s.reminder_time.minute, str(s.reminder_time.tzinfo)) == (6, 5, "Asia/Ho_Chi_Minh")
    assert "bí mật" not in repr(s)
    default = FaceSettings.from_env({})
    assert default.retention_days == 90 and default.reminder_days == 7 and default.reminder_time.hour == 7


# --- invite codes -----------------------------------------------------------------------------------------


def test_an_invite_code_makes_an_official_until_its_uses_run_out(access):
    invite = access.create_invite(uses=2, days=7)
    assert invite.code.startswith("moi_") and len(invite.code) > 20
    assert access.redeem(invite.code, 101) == "official"
    assert access.redeem(invite.code, 102) == "official"
    assert access.redeem(invite.code, 103) is None  # third use of a 2-use code
    assert [access.telegram_role(u) for u in (101, 102, 103)] == ["official", "official", "citizen"]


def test_an_invite_grants_official_or_admin_and_the_cli_offers_the_same_roles(access):
    assert access.redeem(access.create_invite(role="admin").code, 101) == "admin"
    with pytest.raises(ValueError, match="official or admin"):
        access.create_invite(role="citizen")
    role_option = next(p for p in main.commands["invite"].params if p.name == "role")
    assert tuple(role_option.type.choices) == INVITE_ROLES


def test_an_invite_code_expires(access, clock):
    invite = access.create_invite(uses=5, days=1)
    clock.now += timedelta(days=1, seconds=1)
    assert access.redeem(invite.code, 101) is None
    assert access.telegram_role(101) == "citizen"


def test_redeeming_twice_or_as_a_higher_role_does_not_use_the_code_up(access):
    invite = access.create_invite(uses=1, days=7)
    assert access.redeem(invite.code, 12) == "admin"  # an admin keeps being admin; the use is not spent
    assert access.redeem(invite.code, 101) == "official"
    assert access.redeem(invite.code, 101) is None  # used up now, though 101 stays official
    assert access.telegram_role(101) == "official"


def test_codes_are_stored_hashed_and_unknown_codes_fail(access):
    invite = access.create_invite()
    db = sqlite3.connect(access.path)
    dump = "\n".join(db.iterdump())
    assert invite.code not in dump and invite.code[4:] not in dump
    assert access.redeem("moi_" + "x" * 22, 101) is None
    assert access.redeem("hoi_1", 101) is None


def test_a_revoked_official_is_a_citizen_again(access):
    access.redeem(access.create_invite().code, 101)
    assert access.revoke(101) and not access.revoke(101)
    assert access.telegram_role(101) == "citizen"


def test_start_with_a_code_grants_the_role_and_shows_the_real_one(api, tmp_path):
    services = make_services(tmp_path)

    async def scenario(app):
        (welcome,) = await say(api, "/start", CITIZEN)
        assert "Vai trò của bạn: người dân." in welcome["text"]
        (official,) = await say(api, "/start", OFFICIAL)
        assert "Vai trò của bạn: cán bộ." in official["text"]
        (admin,) = await say(api, "/start", ADMIN)
        assert "Vai trò của bạn: quản trị viên." in admin["text"]

        (code_message,) = await say(api, "/moima 1 3", ADMIN)
        code = next(w for w in code_message["text"].split() if w.startswith("moi_"))
        assert f"https://t.me/{api.username}?start={code}" in code_message["text"]
        assert "Dùng được 1 lần" in code_message["text"]
        granted, welcome = await say(api, f"/start {code}", 601, replies=2)
        assert "bạn có vai trò cán bộ" in granted["text"] and "Vai trò của bạn: cán bộ." in welcome["text"]
        refused, welcome = await say(api, f"/start {code}", 602, replies=2)  # the one use is spent
        assert "không dùng được" in refused["text"] and "Vai trò của bạn: người dân." in welcome["text"]

        # The new official's answers include internal documents; the citizen's do not.
        (answer,) = await say(api, INTERNAL_QUESTION, 601)
        assert MARKER in answer["text"]
        (answer,) = await say(api, INTERNAL_QUESTION, 602)
        assert MARKER not in answer["text"]

        (refusal,) = await say(api, "/moima", OFFICIAL)
        assert refusal["text"] == "Xin lỗi, lệnh /moima chỉ dành cho quản trị viên."
        (admin_help,) = await say(api, "/help", ADMIN)
        (citizen_help,) = await say(api, "/help", CITIZEN)
        assert "Lệnh quản trị" in admin_help["text"] and "/thongke" in admin_help["text"]
        assert "/theodoi" in citizen_help["text"] and "/thongke" not in citizen_help["text"]

    run(api, services, scenario)
    assert services.access.telegram_role(601) == "official"


def test_in_a_group_an_official_is_answered_as_a_citizen(api, tmp_path):
    services = make_services(tmp_path)
    group = api.group_chat()

    async def scenario(app):
        (answer,) = await say(api, f"/hoi {INTERNAL_QUESTION}", OFFICIAL, chat=group)
        assert MARKER not in answer["text"]
        (welcome,) = await say(api, "/start", OFFICIAL, chat=group)
        assert "Vai trò của bạn: cán bộ. Trong nhóm, mình trả lời như cho người dân" in welcome["text"]
        (refusal,) = await say(api, "/moima", ADMIN, chat=group)
        assert "chỉ dùng trong chat riêng" in refusal["text"]

    run(api, services, scenario)


# --- API keys ---------------------------------------------------------------------------------------------


def test_api_keys_are_shown_once_stored_hashed_and_revocable(access):
    key, record = access.create_api_key("official", "cổng nội bộ")
    assert key.startswith("gq_") and record.prefix == key[:8]
    assert access.api_key(key).role == "official" and access.api_key(key).last_used_at
    assert access.api_key(key + "x") is None and access.api_key("") is None
    assert key not in "\n".join(sqlite3.connect(access.path).iterdump())
    assert access.revoke_api_key(record.id) and not access.revoke_api_key(record.id)
    assert access.api_key(key) is None


def test_the_api_answers_by_the_role_of_its_key(tmp_path):
    services = make_services(tmp_path)
    official_key, _ = services.access.create_api_key("official", "tổ công tác")
    revoked_key, revoked = services.access.create_api_key("official")
    services.access.revoke_api_key(revoked.id)
    body = {"question": INTERNAL_QUESTION}
    with serving(lambda base: create_app(services)) as base:
        citizen = httpx.post(f"{base}/api/ask", json=body).json()
        official = httpx.post(f"{base}/api/ask", json=body, headers={"X-API-Key": official_key}).json()
        wrong = httpx.post(f"{base}/api/ask", json=body, headers={"X-API-Key": "gq_not-a-key"})
        gone = httpx.post(f"{base}/api/ask", json=body, headers={"X-API-Key": revoked_key})
        spec = httpx.get(f"{base}/openapi.json").json()
    assert MARKER not in citizen["answer"] and citizen["status"] == "not_found"
    assert MARKER in official["answer"] and official["sources"][0]["doc_id"] == "bien-ban-mat"
    for refused in (wrong, gone):
        assert refused.status_code == 401 and "không hợp lệ hoặc đã bị thu hồi" in refused.json()["error"]
        assert MARKER not in refused.text
    assert "X-API-Key" in str(spec["components"]["securitySchemes"])
    roles = [services.querylog.get(i)["role"] for i in (1, 2)]
    assert roles == ["citizen", "official"]


def test_cli_creates_lists_and_revokes_api_keys_and_invites(tmp_path):
    runner = CliRunner()
    env = {"GOVQA_DATA_DIR": str(tmp_path / "data"), "GOVQA_ADMINS": "77", "GOVQA_OFFICIALS": ""}
    created = runner.invoke(main, ["apikey", "create", "--role", "official", "--name", "cổng"], env=env)
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    access = Access.in_data_dir(tmp_path / "data")
    assert access.api_key(key).role == "official"
    listed = runner.invoke(main, ["apikey", "list"], env=env)
    assert "#1\tofficial\t" in listed.stdout and "cổng" in listed.stdout and key not in listed.stdout
    assert runner.invoke(main, ["apikey", "revoke", "1"], env=env).exit_code == 0
    assert access.api_key(key) is None
    assert runner.invoke(main, ["apikey", "revoke", "1"], env=env).exit_code == 2

    invited = runner.invoke(main, ["invite", "--uses", "3", "--days", "2"], env=env)
    code = invited.stdout.strip()
    assert invited.exit_code == 0 and code.startswith("moi_")
    assert access.redeem(code, 4242) == "official"
    roles = runner.invoke(main, ["roles", "list"], env=env).stdout
    assert "77\tadmin\tGOVQA_ADMINS" in roles and "4242\tofficial\tmã mời #1" in roles
    assert runner.invoke(main, ["roles", "revoke", "4242"], env=env).exit_code == 0
    assert access.telegram_role(4242) == "citizen"

"""Deadline reminders: following by name, the daily job (called with fixed dates, and fired by the real
JobQueue), once per task and window, never for finished tasks, and the role at send time."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime, timedelta

from fake_bot_api import FakeBotApi
from ops_corpus import CITIZEN, MARKER, OFFICIAL, TODAY, ZONE, make_services, press, run, say
from ops_corpus import buttons as buttons_of

from bot.reminders import Subscriptions
from bot.service import FaceSettings, Services
from bot.telegram import send_reminders
from retrieval.deadlines import Watch

TU_PHAP = Watch("agency", "Sở Tư pháp")
XUAN_DAI = Watch("commune", "Xã Xuân Đài")
OTHER_CITIZEN = 504


def known(api: FakeBotApi, *users: int) -> None:
    """Make the fake server know these private chats, as if each had written to the bot once."""
    for user in users:
        api.message("/start", user_id=user)


def tasks_in(text: str) -> list[str]:
    return [line.split("]")[0].lstrip("• [") for line in text.splitlines() if line.startswith("• [")]


def test_each_chat_gets_its_tasks_once_per_window_and_never_finished_ones(api, tmp_path):
    services = make_services(tmp_path)
    known(api, CITIZEN, OFFICIAL, OTHER_CITIZEN, 505)
    subs = services.subscriptions
    subs.add(CITIZEN, "private", CITIZEN, TU_PHAP)
    subs.add(OFFICIAL, "private", OFFICIAL, TU_PHAP)
    subs.add(OFFICIAL, "private", OFFICIAL, XUAN_DAI)
    subs.add(OTHER_CITIZEN, "private", OTHER_CITIZEN, XUAN_DAI)
    results = {}

    async def scenario(app):
        results["day1"] = await send_reminders(app.bot, services, today=TODAY)
        results["day1-again"] = await send_reminders(app.bot, services, today=TODAY)
        results["day4"] = await send_reminders(app.bot, services, today=date(2026, 6, 23))

    run(api, services, scenario)
    assert results["day1"] == {CITIZEN: 3, OFFICIAL: 5, OTHER_CITIZEN: 2}
    assert results["day1-again"] == {}
    assert results["day4"] == {CITIZEN: 1, OFFICIAL: 2, OTHER_CITIZEN: 1}
    assert api.sent(505) == []  # follows nothing

    citizen1, citizen4 = (m["text"] for m in api.sent(CITIZEN))
    assert citizen1.startswith("⏰ Nhắc hạn nhiệm vụ — ngày 20/06/2026\n\nSở Tư pháp (cơ quan chủ trì):")
    assert tasks_in(citizen1) == ["NV-03", "KT-01", "NV-01"]  # overdue first, then by date
    assert "[NV-03] Rà soát thủ tục hành chính — chủ trì: Sở Tư pháp; hạn 10/06/2026: quá hạn 10 ngày, " in citizen1
    assert "tình trạng: Chưa thực hiện (theo Sổ theo dõi nhiệm vụ chuyển đổi số)" in citizen1
    # A register that records no progress cannot say "overdue": it says the date has passed.
    assert "[KT-01] Báo cáo sơ kết sáu tháng — chủ trì: Sở Tư pháp; hạn 15/06/2026: đã đến hạn (chưa có dữ liệu" in (
        citizen1
    )
    assert "[NV-01] Số hóa hồ sơ hộ tịch — chủ trì: Sở Tư pháp; hạn 25/06/2026: còn 5 ngày" in citizen1
    assert "NV-04" not in citizen1 and "Tập huấn chữ ký số" not in citizen1  # finished: never reminded
    assert MARKER not in citizen1 and "NV-05" not in citizen1  # internal row, citizen's chat
    assert tasks_in(citizen4) == ["NV-02"]  # now within 7 days; nothing already sent comes again

    official1, official4 = (m["text"] for m in api.sent(OFFICIAL))
    assert tasks_in(official1) == ["NV-03", "KT-01", "NV-05", "NV-01", "NV-07"]  # NV-01 once, under the first follow
    assert MARKER in official1 and "\n\nXã Xuân Đài (xã/phường):\n" in official1
    assert tasks_in(official4) == ["NV-02", "NV-07"]
    assert "[NV-07] Xây dựng kho dữ liệu dùng chung — chủ trì: Sở Tài chính; hạn 21/06/2026: quá hạn 2 ngày" in (
        official4
    )
    other1, other4 = (m["text"] for m in api.sent(OTHER_CITIZEN))
    assert tasks_in(other1) == ["NV-07", "NV-01"] and "hạn 21/06/2026: còn 1 ngày" in other1
    assert tasks_in(other4) == ["NV-07"]  # the same task again, in its new window: overdue


def test_the_role_is_the_subscribers_role_when_the_reminder_is_sent(api, tmp_path):
    services = make_services(tmp_path)
    known(api, 601)
    services.access.redeem(services.access.create_invite().code, 601)
    services.subscriptions.add(601, "private", 601, TU_PHAP)
    group = api.group_chat()
    services.subscriptions.add(group["id"], "supergroup", OFFICIAL, TU_PHAP)  # an official's follow, in a group
    api.message("/start", chat=group, user_id=OFFICIAL)

    async def scenario(app):
        services.access.revoke(601)
        await send_reminders(app.bot, services, today=TODAY)
        services.access.grant(601, "official")
        await send_reminders(app.bot, services, today=date(2026, 6, 21))

    run(api, services, scenario)
    as_citizen, as_official = (m["text"] for m in api.sent(601))
    assert MARKER not in as_citizen and tasks_in(as_citizen) == ["NV-03", "KT-01", "NV-01"]
    assert tasks_in(as_official) == ["NV-05"]  # the internal task, now that the role allows it
    (in_group,) = api.sent(group["id"])
    assert MARKER not in in_group["text"]


def test_theodoi_confirms_the_canonical_name_asks_when_several_match_and_persists(api, tmp_path):
    services = make_services(tmp_path)

    async def scenario(app):
        (confirm,) = await say(api, "/theodoi so tu phap", CITIZEN)
        assert confirm["text"].startswith("Đã theo dõi Sở Tư pháp (cơ quan chủ trì). Hằng ngày lúc 07:30")
        assert "trong 7 ngày tới" in confirm["text"]
        (again,) = await say(api, "/theodoi Sở Tư Pháp", CITIZEN)
        assert again["text"] == "Bạn đã theo dõi Sở Tư pháp rồi."

        (choice,) = await say(api, "/theodoi sở", CITIZEN)
        assert choice["text"] == "Có mấy tên khớp. Bạn muốn theo dõi tên nào?"
        labels = [b["text"] for row in choice["reply_markup"]["inline_keyboard"] for b in row]
        assert labels == ["Sở Tư pháp (cơ quan chủ trì)", "Sở Tài chính (cơ quan chủ trì)"]
        (picked,) = await press(api, choice, "td:1", CITIZEN)
        assert picked["text"].startswith("Đã theo dõi Sở Tài chính (cơ quan chủ trì).")

        (confirm,) = await say(api, "/theodoi xuan dai", CITIZEN)
        assert confirm["text"].startswith("Đã theo dõi Xã Xuân Đài (xã/phường).")
        (missing,) = await say(api, "/theodoi Tân Mật", CITIZEN)  # only internal rows name it
        assert missing["text"].startswith("Mình không tìm thấy cơ quan chủ trì hay xã/phường nào")
        (usage,) = await say(api, "/theodoi", CITIZEN)
        assert "ví dụ: /theodoi Sở Khoa học và Công nghệ" in usage["text"]
        (listing,) = await say(api, "/dangtheodoi", CITIZEN)
        assert listing["text"].splitlines()[:4] == [
            "Đang theo dõi:",
            "• Sở Tư pháp (cơ quan chủ trì)",
            "• Sở Tài chính (cơ quan chủ trì)",
            "• Xã Xuân Đài (xã/phường)",
        ]
        (official,) = await say(api, "/theodoi Tân Mật", OFFICIAL)
        assert official["text"].startswith("Đã theo dõi Xã Tân Mật (xã/phường).")

        (removed,) = await say(api, "/huytheodoi tai chinh", CITIZEN)
        assert removed["text"] == "Đã thôi theo dõi Sở Tài chính."
        (choice,) = await say(api, "/huytheodoi", CITIZEN)
        assert buttons_of(choice) == ["ut:0", "ut:1", "ut:-1"]
        (done,) = await press(api, choice, "ut:0", CITIZEN)
        assert done["text"] == "Đã thôi theo dõi Sở Tư pháp."

    run(api, services, scenario)
    # A restart (new services over the same data dir) keeps the follows.
    restarted = Services.for_engine(services.engine, services.settings)
    assert restarted.subscriptions.of_chat(CITIZEN) == [XUAN_DAI]
    assert restarted.subscriptions.of_chat(OFFICIAL) == [Watch("commune", "Xã Tân Mật")]


def test_the_job_queue_fires_the_reminders_at_the_configured_time(api, tmp_path):
    fire_at = (datetime.now(ZONE) + timedelta(seconds=2)).timetz().replace(microsecond=0)
    services = make_services(tmp_path, reminder_time=fire_at)
    known(api, CITIZEN)
    services.subscriptions.add(CITIZEN, "private", CITIZEN, TU_PHAP)
    due = {}

    async def scenario(app):
        (job,) = app.job_queue.get_jobs_by_name("reminders")
        due["next"] = job.next_t
        await api.until(lambda a: a.sent(CITIZEN), timeout=15)
        due["arrived"] = datetime.now(ZONE)
        await asyncio.sleep(0.3)

    started = time.monotonic()
    run(api, services, scenario)
    (message,) = api.sent(CITIZEN)
    assert tasks_in(message["text"]) == ["NV-03", "KT-01", "NV-01"]
    assert due["next"].astimezone(ZONE).timetz().replace(tzinfo=None) == fire_at.replace(tzinfo=None)
    assert due["arrived"] >= due["next"]  # not before its time
    assert time.monotonic() - started < 10


def test_by_default_reminders_are_scheduled_daily_at_0730_vietnam_time(api, tmp_path):
    services = make_services(tmp_path, reminder_time=FaceSettings.from_env({}).reminder_time)

    async def scenario(app):
        (job,) = app.job_queue.get_jobs_by_name("reminders")
        moment = job.next_t.astimezone(ZONE)
        assert (moment.hour, moment.minute, moment.utcoffset()) == (7, 30, timedelta(hours=7))
        assert app.job_queue.get_jobs_by_name("retention")

    run(api, services, scenario)


def test_subscriptions_store_survives_reopening(tmp_path):
    subs = Subscriptions(tmp_path / "r.sqlite3")
    assert subs.add(1, "private", 1, TU_PHAP) and not subs.add(1, "private", 1, TU_PHAP)
    subs.mark_sent(1, [("k", "due")], TODAY)
    again = Subscriptions(tmp_path / "r.sqlite3")
    assert again.of_chat(1) == [TU_PHAP] and again.sent(1) == {("k", "due")}
    assert again.remove(1) == 1 and again.of_chat(1) == []


def test_a_choice_offered_before_a_restart_or_by_another_worker_is_still_taken(api, tmp_path):
    # The choices /theodoi and /huytheodoi offer live in one process; the press can reach a restarted bot or
    # another worker behind the same webhook, which reads what was offered from the pressed message itself.
    services = make_services(tmp_path)
    offered = {}

    async def offer(app):
        (offered["follow"],) = await say(api, "/theodoi sở", CITIZEN)
        await say(api, "/theodoi xuan dai", CITIZEN)
        await say(api, "/theodoi so tu phap", CITIZEN)
        (offered["unfollow"],) = await say(api, "/huytheodoi", CITIZEN)

    run(api, services, offer)
    restarted = Services.for_engine(services.engine, services.settings)

    async def press_elsewhere(app):
        (picked,) = await press(api, offered["follow"], "td:1", CITIZEN)
        assert picked["text"].startswith("Đã theo dõi Sở Tài chính (cơ quan chủ trì).")
        (done,) = await press(api, offered["unfollow"], "ut:0", CITIZEN)
        assert done["text"] == "Đã thôi theo dõi Xã Xuân Đài."
        assert await press(api, offered["unfollow"], "ut:7", CITIZEN, replies=0) == []  # never offered
        assert api.calls_to("answerCallbackQuery")[-1].params["text"].startswith("Lựa chọn này đã cũ.")

    run(api, restarted, press_elsewhere)
    assert restarted.subscriptions.of_chat(CITIZEN) == [TU_PHAP, Watch("agency", "Sở Tài chính")]

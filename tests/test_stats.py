"""Usage statistics from a seeded query log: the figures, the text, the chart, /thongke and `govqa stats`."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from fake_bot_api import FakeBotApi
from ops_corpus import ADMIN, CITIZEN, OFFICIAL, ZONE, make_services, run, say
from PIL import Image

from bot import stats
from bot.cli import main
from bot.privacy import Pseudonyms
from bot.querylog import QueryLog
from retrieval.models import Answer

TODAY = date(2026, 6, 20)
# (local day, local time, status, latency ms, feedback, text)
SEED = [
    ((5, 21), "20:00", "answered", 10, None, "Ngoài khoảng thời gian?"),
    ((5, 22), "00:30", "answered", 20, None, "Ngày đầu của khoảng?"),  # 21/05 17:30 UTC: a local day counts
    ((6, 1), "09:00", "answered", 5000, -1, "Câu hỏi chậm?"),
    ((6, 1), "10:00", "not_found", 30, None, "Câu cũ không tìm thấy?"),
    ((6, 19), "08:00", "not_found", 40, None, "Giá vàng hôm nay?"),
    ((6, 19), "09:00", "not_found", 50, None, "Thời tiết ngày mai?"),
    ((6, 19), "10:00", "rejected", 1, None, "???"),
    ((6, 19), "11:00", "error", 60, None, "Lỗi?"),
    ((6, 20), "08:00", "answered", 100, 1, "Nghị quyết 57?"),
    ((6, 20), "09:00", "answered", 200, 1, "Đề án 06?"),
    ((6, 20), "10:00", "answered", 300, None, "PII 2025?"),
    ((6, 20), "23:30", "not_found", 70, None, "gia vang hom nay"),  # the same question, typed without accents
    ((6, 21), "00:10", "answered", 80, None, "Ngày mai?"),  # after the period
]
EXPECTED = """\
Thống kê 30 ngày (22/05/2026–20/06/2026)
Câu hỏi: 11 (trung bình 0,4/ngày; nhiều nhất 4 ngày 20/06/2026)
7 ngày gần nhất: 14/06: 0 · 15/06: 0 · 16/06: 0 · 17/06: 0 · 18/06: 0 · 19/06: 4 · 20/06: 4
Không tìm thấy: 4/9 (44,4%); bị từ chối: 1; lỗi: 1
Góp ý: 👍 2 / 👎 1 (66,7% hài lòng)
Câu hỏi chưa trả lời được nhiều nhất:
  2× Giá vàng hôm nay?
  1× Thời tiết ngày mai?
  (và 1 câu đã xóa nội dung theo thời hạn lưu)
Trả lời chậm nhất:
  5.000 ms — (nội dung đã xóa theo thời hạn lưu) (01/06/2026)
  300 ms — PII 2025? (20/06/2026)
  200 ms — Đề án 06? (20/06/2026)"""


def seed(log: QueryLog, rows=SEED, year: int = 2026) -> None:
    for (month, day), clock, status, latency, feedback, text in rows:
        hour, minute = map(int, clock.split(":"))
        at = datetime(year, month, day, hour, minute, tzinfo=ZONE)
        answer = None if status == "error" else Answer(text, status, "…")
        qid = log.record(text, answer, face="telegram", latency_ms=latency, chat_id=1, at=at)
        if feedback:
            log.feedback(qid, feedback, chat_id=1)
    # Texts older than 10 days are gone, as after a purge with a 10-day retention.
    log.purge(datetime(2026, 6, 20, 12, 0, tzinfo=ZONE), days=10)


@pytest.fixture
def seeded(tmp_path) -> QueryLog:
    log = QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"k"))
    seed(log)
    return log


def test_figures_match_the_seeded_log(seeded):
    s = stats.compute(seeded, TODAY, days=30)
    assert (s.start, s.end, len(s.per_day)) == (date(2026, 5, 22), TODAY, 30)
    assert (s.total, s.answered, s.not_found, s.rejected, s.errors) == (11, 5, 4, 1, 1)
    assert round(s.not_found_rate, 4) == round(4 / 9, 4) and round(s.up_ratio, 4) == round(2 / 3, 4)
    per_day = {d: (n, m) for d, n, m in s.per_day if n}
    assert per_day == {
        date(2026, 5, 22): (1, 0),
        date(2026, 6, 1): (2, 1),
        date(2026, 6, 19): (4, 2),
        date(2026, 6, 20): (4, 1),
    }
    assert s.unanswered == (("Giá vàng hôm nay?", 2), ("Thời tiết ngày mai?", 1)) and s.unanswered_purged == 1
    assert [ms for ms, _, _ in s.slowest] == [5000, 300, 200] and s.slowest[0][1] is None


def test_the_report_text_states_those_figures(seeded):
    assert stats.text(stats.compute(seeded, TODAY, days=30)) == EXPECTED


def test_an_empty_log_reports_zeros_without_dividing_by_them(tmp_path):
    s = stats.compute(QueryLog(tmp_path / "q.sqlite3", Pseudonyms(b"k")), TODAY, days=7)
    text = stats.text(s)
    assert "Câu hỏi: 0 (trung bình 0,0/ngày)" in text and "Không tìm thấy: 0/0;" in text
    assert "Góp ý: 👍 0 / 👎 0" in text and "%" not in text


def test_the_chart_is_a_png(seeded):
    png = stats.chart_png(stats.compute(seeded, TODAY, days=30))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (800, 360)


def test_thongke_sends_the_report_and_the_chart_to_admins_only(tmp_path):
    services = make_services(tmp_path, clock_today=TODAY)
    seed(services.querylog)
    with FakeBotApi() as api:

        async def scenario(app):
            (report,) = await say(api, "/thongke", ADMIN)
            await api.until(lambda a: a.photos(ADMIN))
            for user in (OFFICIAL, CITIZEN):
                (refusal,) = await say(api, "/thongke", user)
                assert refusal["text"] == "Xin lỗi, lệnh /thongke chỉ dành cho quản trị viên."
            (refusal,) = await say(api, "/thongke", ADMIN, chat=api.group_chat())
            assert refusal["text"] == "Lệnh /thongke chỉ dùng trong chat riêng với mình."
            return report

        run(api, services, scenario)
        report = api.sent(ADMIN)[0]
        (photo,) = api.photos()
    assert report["text"] == EXPECTED
    assert report["raw_text"].startswith("<b>Thống kê 30 ngày (22/05/2026–20/06/2026)</b>\n")
    assert photo["chat_id"] == ADMIN and photo["filename"] == "thongke.png"
    assert Image.open(io.BytesIO(photo["photo"])).size == (800, 360)
    assert "30 ngày" in photo["caption"]


def test_govqa_stats_prints_the_report_and_writes_the_chart(tmp_path):
    data = tmp_path / "data"
    log = QueryLog.in_data_dir(data, pseudonyms=Pseudonyms(b"k"))
    now = datetime.now(UTC)
    for status in ("answered", "answered", "not_found"):
        log.record("Hỏi?", Answer("Hỏi?", status, "…"), face="api", latency_ms=5, at=now)
    log.record("Cũ?", Answer("Cũ?", "answered", "…"), face="api", latency_ms=5, at=now - timedelta(days=20))
    png = tmp_path / "chart.png"
    result = CliRunner().invoke(main, ["stats", "--days", "7", "--png", str(png), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Thống kê 7 ngày (")
    assert "Câu hỏi: 3 (" in result.stdout and "Không tìm thấy: 1/3 (33,3%)" in result.stdout
    assert Image.open(png).format == "PNG"

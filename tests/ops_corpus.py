"""A small corpus for roles, reminders and leak tests, and a helper that runs the real bot against the fake API.

Dates are fixed around TODAY (20/06/2026), so "due within 7 days" and "overdue" are known per task. Every
internal thing carries MARKER (or a name only internal rows use), so a leak is a plain substring search.
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import write
from fake_bot_api import FakeBotApi

from bot.service import FaceSettings, Services
from bot.telegram import BotSettings, build_application, polling
from retrieval.config import Settings
from retrieval.engine import Engine

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 20)
MARKER = "MẬT-7731"
# What must never reach a citizen: the marker (its digits survive any folding) and the names that only
# internal rows use.
SECRETS = ("7731", "Tân Mật", "tan mat", "Cơ yếu", "co yeu")
OFFICIAL, ADMIN, CITIZEN = 501, 502, 503

DIRECTIVE = """
---
id: kh-cds
title: Kế hoạch chuyển đổi số của tỉnh thử nghiệm
number: 21/KH-UBND
date: 2026-01-10
---
# Kế hoạch chuyển đổi số của tỉnh thử nghiệm

## I. Mục tiêu
Đến năm 2027, tỉnh thử nghiệm số hóa toàn bộ hồ sơ hộ tịch và cung cấp dịch vụ công trực tuyến toàn trình.
"""

INTERNAL = f"""
---
id: bien-ban-mat
title: Biên bản họp tổ công tác {MARKER}
access: internal
---
# Biên bản họp tổ công tác {MARKER}

Tổ công tác thống nhất phương án sáp nhập kho lưu trữ hồ sơ giấy, mã hồ sơ {MARKER}.
"""

TASKS = f"""\
Mã,Tên nhiệm vụ,Cơ quan chủ trì,Xã/phường,Thời hạn,Ngày đến hạn,Tình trạng,Truy cập
NV-01,Số hóa hồ sơ hộ tịch,Sở Tư pháp,Xã Xuân Đài,25/6/2026,2026-06-25,Đang thực hiện,public
NV-02,Nâng cấp cổng dịch vụ công,Sở Tư pháp,,30/6/2026,2026-06-30,Đang thực hiện,public
NV-03,Rà soát thủ tục hành chính,Sở Tư pháp,,10/6/2026,2026-06-10,Chưa thực hiện,public
NV-04,Tập huấn chữ ký số,Sở Tư pháp,Xã Xuân Đài,22/6/2026,2026-06-22,Hoàn thành,public
NV-05,Kiểm tra hồ sơ nhân sự {MARKER},Sở Tư pháp,Xã Tân Mật,24/6/2026,2026-06-24,Đang thực hiện,internal
NV-06,Bảo mật đường truyền {MARKER},Ban Cơ yếu tỉnh,Xã Tân Mật,23/6/2026,2026-06-23,Chưa thực hiện,internal
NV-07,Xây dựng kho dữ liệu dùng chung,Sở Tài chính,Xã Xuân Đài,21/6/2026,2026-06-21,Đang thực hiện,public
"""

TASKS_META = """
id: so-nhiem-vu
title: Sổ theo dõi nhiệm vụ chuyển đổi số
kind: register
"""

NO_STATUS = """\
Mã,Tên nhiệm vụ,Cơ quan chủ trì,Thời hạn,Ngày đến hạn,Truy cập
KT-01,Báo cáo sơ kết sáu tháng,Sở Tư pháp,15/6/2026,2026-06-15,public
"""

NO_STATUS_META = """
id: so-khong-tinh-trang
title: Danh mục báo cáo định kỳ
kind: register
"""


def write_corpus(root: Path) -> Path:
    write(root / "directives" / "kh-cds.md", DIRECTIVE)
    write(root / "internal" / "bien-ban.md", INTERNAL)
    write(root / "registers" / "nhiem-vu.csv", TASKS)
    write(root / "registers" / "nhiem-vu.csv.meta.yaml", TASKS_META)
    write(root / "registers" / "bao-cao.csv", NO_STATUS)
    write(root / "registers" / "bao-cao.csv.meta.yaml", NO_STATUS_META)
    return root


def make_services(tmp_path: Path, *, clock_today: date = TODAY, **face) -> Services:
    corpus = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    engine = Engine(Settings(data_dir=data, cache_dir=tmp_path / "cache", corpus=(corpus,), embeddings="none"))
    engine.index()
    settings = FaceSettings(officials=frozenset({OFFICIAL}), admins=frozenset({ADMIN}), **face)
    services = Services.for_engine(engine, settings)
    services.clock = lambda: datetime.combine(clock_today, datetime.now(ZONE).timetz())
    return services


@asynccontextmanager
async def running(api: FakeBotApi, services: Services, **bot):
    """The real Application, polling the fake server; yields it (its bot sends what jobs send)."""
    settings = BotSettings(token=api.token, api_url=api.url, **bot)
    app = build_application(settings, services)
    async with polling(app, timeout=1):
        yield app


def run(api: FakeBotApi, services: Services, scenario, **bot) -> None:
    async def main() -> None:
        async with running(api, services, **bot) as app:
            await scenario(app)

    asyncio.run(main())


async def say(api: FakeBotApi, text: str, user_id: int, *, chat: dict | None = None, replies: int = 1) -> list[dict]:
    """Send one message and wait for `replies` new messages in that chat; returns them."""
    chat_id = chat["id"] if chat else user_id
    before = len(api.sent(chat_id))
    api.push(api.message(text, user_id=user_id, chat=chat))
    await api.until(lambda a: len(a.sent(chat_id)) >= before + replies)
    return api.sent(chat_id)[before:]


async def press(api: FakeBotApi, message: dict, data: str, user_id: int, *, replies: int = 1) -> list[dict]:
    chat_id = message["chat"]["id"]
    before = len(api.sent(chat_id))
    api.push(api.click(message, data, user_id=user_id))
    if replies:
        await api.until(lambda a: len(a.sent(chat_id)) >= before + replies)
    else:
        await asyncio.sleep(0.3)
    return api.sent(chat_id)[before:]


def buttons(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def send_files(services, *files: tuple[int, bytes, str, str | None]) -> list[str]:
    """Run the real bot against the fake Bot API, send each (user, bytes, file name, caption), return the replies."""
    replies: list[str] = []

    async def scenario(app):
        for user_id, data, name, caption in files:
            before = len(api.sent(user_id))
            api.push(api.document(data, file_name=name, caption=caption, user_id=user_id))
            # An accepted file is acknowledged at once («Đã nhận tệp…») and reported when it is indexed.
            await api.until(lambda a, u=user_id, b=before: _outcomes(a.sent(u)[b:]), timeout=30)
            replies.append(_outcomes(api.sent(user_id)[before:])[-1])

    with FakeBotApi() as api:
        run(api, services, scenario)
    return replies


def _outcomes(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages if not m["text"].startswith("Đã nhận tệp")]

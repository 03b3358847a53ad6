"""Helpers several test modules use (test modules never import from each other): a real uvicorn server for
an app, one sample out of the Prometheus text /metrics serves, `govqa serve` in a child process with Telegram
delivering to its webhook, the DOCX an official sends, and the bot polling the fake Bot API (`run_bot`) with
what a chat shows after the bot's edits. Fixtures (`api`, `services`…) are in conftest.py."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from conftest import govqa_env
from fake_bot_api import TOKEN, FakeBotApi

from bot.service import Services
from bot.telegram import BotSettings, build_application, polling

REPO = Path(__file__).resolve().parent.parent


@contextmanager
def serving(make_app):
    """Run the app built by make_app(base_url) under uvicorn in a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(make_app(base), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)


_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$", re.M)
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def metric(text: str, name: str, **labels) -> float:
    """One sample's value from Prometheus text, labels in any order (0 when absent)."""
    for sample, raw, value in _SAMPLE.findall(text):
        if sample == name and dict(_LABEL.findall(raw or "")) == {k: str(v) for k, v in labels.items()}:
            return float(value)
    return 0.0


# --- govqa serve in a child process, and Telegram delivering to its webhook ----------------------------

SECRET = "webhook-Secret_123"


def answers_per_chat(api: FakeBotApi) -> Counter:
    """How many answers (messages with the feedback buttons) each chat got."""
    return Counter(m["chat"]["id"] for m in api.sent() if "fb:" in str(m.get("reply_markup")))


def deliver_webhook(url: str, updates: list[dict], concurrently: bool) -> list[int]:
    """POST updates to the webhook as Telegram does: one after another, or all at the same moment."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    def post(update: dict) -> int:
        with httpx.Client(timeout=30) as client:
            return client.post(url, json=update, headers=headers).status_code

    if not concurrently:
        return [post(u) for u in updates]
    with ThreadPoolExecutor(max_workers=len(updates)) as pool:
        return list(pool.map(post, updates))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_govqa(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            assert proc.poll() is None, proc.stderr.read()[-3000:]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)


def webhook_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/telegram/webhook"


def webhook_env(tmp_path: Path, corpus: Path, api: FakeBotApi, port: int, **extra: str) -> dict[str, str]:
    """The environment of a `govqa serve` on `port` to which Telegram (the fake Bot API) delivers by webhook."""
    return govqa_env(
        tmp_path,
        corpus,
        TELEGRAM_BOT_TOKEN=TOKEN,
        GOVQA_TELEGRAM_API_URL=api.url,
        GOVQA_PORT=str(port),
        GOVQA_WEBHOOK_URL=webhook_url(port),
        GOVQA_WEBHOOK_SECRET=SECRET,
        **extra,
    )


def start_serving(env: dict[str, str], *args: str) -> subprocess.Popen:
    """`govqa serve` (with `args`) in a child process on env's GOVQA_PORT, returned once its /healthz answers;
    one that does not start is killed."""
    proc = start_govqa(["serve", *args], env)
    try:
        wait_http(f"http://127.0.0.1:{env['GOVQA_PORT']}/healthz", proc)
    except BaseException:
        proc.kill()
        proc.wait(timeout=10)
        raise
    return proc


def stop_govqa(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode in (0, -signal.SIGTERM), stderr[-3000:]  # uvicorn re-raises the signal it handled
    return stderr


# --- files as officials send them -----------------------------------------------------------------------

BODY = (
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các xã, phường tập trung triển khai "
    "đồng bộ các nhiệm vụ phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; bảo đảm hạ tầng "
    "số an toàn, dữ liệu số được kết nối, chia sẻ thông suốt giữa các cơ quan nhà nước."
)
TASKS = [  # (TT, task, lead, partners, deadline)
    ("1", "Ban hành quy chế quản lý dữ liệu dùng chung của tỉnh", "Sở Tài chính", "Sở Nội vụ", "6/2025"),
    ("2", "Bố trí kinh phí chuyển đổi số năm 2025", "Sở Tài chính", "", "Quý II/2025"),
    ("3", "Rà soát thủ tục hành chính nội bộ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "30/6/2026"),
]


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    layout = d.add_table(rows=2, cols=2)
    layout.cell(0, 0).text = "BỘ CHÍNH TRỊ\n*"
    layout.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    layout.cell(1, 0).text = "Số 57-NQ/TW"
    layout.cell(1, 1).text = "Hà Nội, ngày 22 tháng 12 năm 2024"
    d.add_paragraph("NGHỊ QUYẾT")
    d.add_paragraph("VỀ ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ QUỐC GIA")
    d.add_paragraph("-----")
    d.add_heading("I. TÌNH HÌNH VÀ NGUYÊN NHÂN", level=1)
    d.add_paragraph("Khoa học, công nghệ và đổi mới sáng tạo đã có bước phát triển. " + BODY)
    d.add_heading("II. MỤC TIÊU", level=1)
    d.add_heading("1. Mục tiêu đến năm 2030", level=2)
    d.add_paragraph("a) Quy mô kinh tế số đạt tối thiểu 30% GDP.")
    d.add_paragraph("b) Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên 80%.")
    d.add_heading("III. CHỈ TIÊU VÙNG", level=1)
    figures = d.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("Vùng", "Chỉ tiêu", "Mốc"), ("Trung du", "Phủ 5G 100% xã", "2030"), ("Đồng bằng", "Cáp quang 100%", "2028")]
    ):
        for c, value in enumerate(row):
            figures.cell(r, c).text = value
    d.add_heading("IV. NHIỆM VỤ", level=1)
    tasks = d.add_table(rows=1 + len(TASKS), cols=5)
    for c, h in enumerate(("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn")):
        tasks.cell(0, c).text = h
    for r, task in enumerate(TASKS, start=1):
        for c, value in enumerate(task):
            tasks.cell(r, c).text = value
    d.save(path)
    return path


# --- the Telegram face against the fake Bot API ---------------------------------------------------------


def run_bot(api: FakeBotApi, services: Services, scenario, **settings) -> None:
    """Run the bot by long polling against the fake server while `scenario()` plays out."""
    bot = BotSettings(token=api.token, api_url=api.url, **settings)

    async def main() -> None:
        async with polling(build_application(bot, services), timeout=1):
            await scenario()

    asyncio.run(main())


def answered(api: FakeBotApi, chat_id: int) -> bool:
    """Whether the last message to a chat is a final answer: it carries the buttons (a streamed draft has none)."""
    sent = api.sent(chat_id)
    if not sent:
        return False
    last = int(sent[-1]["message_id"])
    edits = [
        c.params for c in api.calls_to("editMessageText") if c.status == 200 and int(c.params["message_id"]) == last
    ]
    return "inline_keyboard" in str((edits[-1] if edits else sent[-1]["params"]).get("reply_markup"))


def on_screen(api: FakeBotApi, chat_id: int) -> list[str]:
    """What each message the bot sent to a chat says now, after its edits."""
    edits = {int(c.params["message_id"]): c.params["text"] for c in api.calls_to("editMessageText") if c.status == 200}
    return [edits.get(int(m["message_id"]), m["raw_text"]) for m in api.sent(chat_id)]


# --- time and concurrency ---------------------------------------------------------------------------------


class Clock:
    """A clock the test sets by hand: a store reads `clock()`, the test moves `clock.now`."""

    def __init__(self, now) -> None:
        self.now = now

    def __call__(self):
        return self.now


def together(*calls):
    """Run the calls at the same moment in threads; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results

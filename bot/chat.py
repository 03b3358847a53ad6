"""The terminal chat (`govqa chat`, what `make run` opens without a token): questions, and a few commands.

/help lists them; /xemthem (or "xem thêm") shows the list items the last answer left out; /nguon the
passages it stands on; /thoat leaves. The role it answers as is said at the start. A question that reads
as English gets a one-line English hint until English answers exist.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import date

from retrieval import Answer, Engine, data, fold

from .format import plain, understood_line

log = logging.getLogger(__name__)

ROLES = {
    "citizen": "người dân (citizen) — văn bản công khai",
    "official": "cán bộ (official) — kể cả văn bản nội bộ",
    "admin": "quản trị viên (admin) — kể cả văn bản nội bộ",
}
HELP = """Cách dùng: gõ câu hỏi tiếng Việt rồi Enter, có dấu hay không dấu đều được, ví dụ
  Nghị quyết 57 đặt mục tiêu kinh tế số bao nhiêu phần trăm GDP?
  Sở Tài chính chủ trì bao nhiêu nhiệm vụ?
Lệnh:
  /help      cách dùng và các lệnh
  /xemthem   phần còn lại của danh sách trong câu trả lời vừa rồi (hoặc gõ "xem thêm")
  /nguon     các đoạn văn bản làm căn cứ cho câu trả lời vừa rồi
  /moi       câu hỏi mới: không nối với các câu trước (hỏi tiếp được: «còn Bộ Ngoại giao thì sao?»)
  /thoat     thoát (hoặc Ctrl-D)"""
ENGLISH_HINT = (
    "(English: govqa answers in Vietnamese for now; ask in Vietnamese, e.g. "
    '"Nghị quyết 57 mục tiêu kinh tế số", with or without diacritics.)'
)
LEAVE = {"/thoat", "/thoát", "/exit", "/quit"}
MORE = {"/xemthem", "/xem_them", "xem them", "/more"}


def run_chat(
    engine: Engine,
    role: str,
    read: Callable[[str], str],
    say: Callable[[str], None],
    conversations=None,
    name: str = "chat",
) -> None:
    """Answer lines from `read` until the user leaves; everything shown goes through `say`. With
    `conversations` (bot/conversations.py) the lines are one conversation: follow-ups are resolved."""
    say("govqa — hỏi đáp về Nghị quyết 57, Chương trình hành động của Chính phủ, Đề án 06, dịch vụ công…")
    say(f"Trả lời với vai trò: {ROLES[role]}. Gõ /help để xem cách dùng, /thoat hoặc Ctrl-D để thoát.\n")
    last: Answer | None = None
    while True:
        try:
            line = read("Bạn: ")
        except (EOFError, KeyboardInterrupt):
            say("")
            return
        command = fold(line.strip()).lower().rstrip(".!?")
        if command in LEAVE or command == "/thoat":
            return
        if command in ("/help", "/start", "/trogiup", "help", "?"):
            say(HELP + "\n")
        elif command in MORE:
            say(_more(last) + "\n")
        elif command == "/nguon":
            say(_sources(last) + "\n")
        elif command in ("/moi", "/new") and conversations is not None:
            last = _ask(engine, "câu hỏi mới", role, say, conversations, name) or last
        elif command.startswith("/"):
            say(f"Không có lệnh {line.strip()}. Gõ /help để xem các lệnh.\n")
        elif line.strip():
            last = _ask(engine, line, role, say, conversations, name) or last


def _ask(
    engine: Engine, question: str, role: str, say: Callable[[str], None], conversations=None, name: str = "chat"
) -> Answer | None:
    started = time.perf_counter()
    try:
        if conversations is not None:
            from .service import converse

            answer, _ = converse(engine, conversations, name, question, role, date.today())
        else:
            answer = engine.ask(question, role=role)
    except Exception:
        log.exception("question failed")
        say("\nXin lỗi, đã có lỗi khi trả lời câu hỏi này. Bạn thử lại hoặc hỏi cách khác.\n")
        return None
    text = understood_line(answer) + plain(answer)
    if answer.more:
        text += f"\n\n(Còn {len(answer.more)} mục nữa: gõ /xemthem để xem.)"
    if looks_english(question):
        text += "\n\n" + ENGLISH_HINT
    say("\n" + text + "\n")
    log.info("answered in %.0f ms", (time.perf_counter() - started) * 1000)
    return answer


def _more(answer: Answer | None) -> str:
    if answer is None or not answer.more:
        return "Câu trả lời vừa rồi không còn mục nào để xem thêm."
    items = [item if item[:1] in "-•*" else f"• {item}" for item in answer.more]
    return f"Xem thêm ({len(answer.more)} mục):\n" + "\n".join(items)


def _sources(answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return "Chưa có câu trả lời nào có nguồn để xem."
    return "\n\n".join(f"[{c.number}] {c.source.title}\n{c.passage.text}" for c in answer.citations)


_WORD = re.compile(r"[a-z']+")


def looks_english(text: str) -> bool:
    """No Vietnamese letters, and most words are common English ones ("how many tasks does …")."""
    if fold(text) != text:
        return False
    words = _WORD.findall(text.lower())
    known = sum(w in _english() for w in words)
    return len(words) >= 3 and known >= max(2, len(words) // 3)


_ENGLISH: set[str] = set()


def _english() -> set[str]:
    if not _ENGLISH:
        _ENGLISH.update(data.lines("english_words.txt"))
    return _ENGLISH

"""Every message the Telegram face writes to people, in one place (Vietnamese; English where it is given).

Telegram HTML: `esc()` whatever comes from users or the corpus. Templates with blanks are functions, so a
caller cannot forget one; fixed texts are constants.
"""

from __future__ import annotations

from retrieval import EXAMPLE_QUESTIONS, vn_date

from ..format import esc
from ..reminders import KIND_NAMES

EXAMPLES = EXAMPLE_QUESTIONS  # /start's buttons (retrieval/data/example_questions.txt); /start hoi_N asks line N
ROLE_NAMES = {"citizen": "người dân", "official": "cán bộ", "admin": "quản trị viên"}

# The command menu (setMyCommands) and /help.
COMMANDS = (
    ("hoi", "Đặt câu hỏi: /hoi <câu hỏi> (dùng được trong nhóm)"),
    ("moi", "Câu hỏi mới: quên ngữ cảnh các câu trước (cũng như gõ «câu hỏi mới»)"),
    ("nguon", "Xem các đoạn văn bản làm căn cứ cho câu trả lời gần nhất"),
    ("theodoi", "Nhắc hạn nhiệm vụ: /theodoi <cơ quan hoặc xã/phường>"),
    ("huytheodoi", "Thôi theo dõi: /huytheodoi [tên]"),
    ("dangtheodoi", "Xem danh sách đang theo dõi"),
    ("help", "Hướng dẫn sử dụng"),
    ("start", "Lời chào và câu hỏi mẫu"),
)
ADMIN_COMMANDS = (
    ("thongke", "Thống kê câu hỏi 30 ngày, kèm biểu đồ"),
    ("capnhat", "Cập nhật chỉ mục (bot vẫn trả lời trong lúc cập nhật)"),
    ("moima", "Tạo mã mời cán bộ: /moima [số lần] [số ngày]"),
    ("huy", "Dừng xử lý tệp đang tải lên"),
)
COMMAND_LIST = "\n".join(f"/{name} — {esc(text)}" for name, text in COMMANDS)
ADMIN_COMMAND_LIST = "\n".join(f"/{name} — {esc(text)}" for name, text in ADMIN_COMMANDS)

# --- greeting and help -----------------------------------------------------------------------------


def welcome_html(first_name: str | None, role: str = "citizen", in_group: bool = False) -> str:
    hello = f"Xin chào {esc(first_name)}!" if first_name else "Xin chào!"
    role_line = f"Vai trò của bạn: <b>{ROLE_NAMES[role]}</b>."
    if in_group and role != "citizen":
        role_line += " Trong nhóm, mình trả lời như cho người dân để tài liệu nội bộ không hiện với mọi người."
    return (
        f"<b>{hello}</b> Mình là trợ lý hỏi đáp về văn bản chỉ đạo, nhiệm vụ và số liệu tiến độ.\n\n"
        "Mình trả lời được câu hỏi về:\n"
        "• Nghị quyết 57-NQ/TW, Chương trình hành động của Chính phủ (03/NQ-CP, 71/NQ-CP), "
        "Quyết định 204-QĐ/TW, Đề án 06…\n"
        "• các nhiệm vụ được giao: cơ quan chủ trì, thời hạn, sản phẩm;\n"
        "• số liệu tiến độ và chỉ số (ví dụ PII 2025);\n"
        "• thông tin dịch vụ công cho người dân.\n"
        "Mỗi câu trả lời đều ghi nguồn; số liệu kèm ngày «tính đến».\n\n"
        f"{role_line}\n\n"
        "Cứ gõ câu hỏi (có dấu hay không dấu đều được), hoặc bấm một câu hỏi mẫu bên dưới. "
        "Trong nhóm, dùng /hoi &lt;câu hỏi&gt; hoặc trả lời (reply) tin nhắn của mình."
    )


HELP = (
    "<b>Cách dùng</b>\n"
    "Gõ câu hỏi bằng tiếng Việt, mỗi lần một ý, ví dụ: «Nghị quyết 57 có mục tiêu gì?». "
    "Nêu tên văn bản, cơ quan, địa phương hoặc năm để câu trả lời chính xác hơn.\n\n"
    f"<b>Lệnh</b>\n{COMMAND_LIST}\n\n"
    "Dưới mỗi câu trả lời: 👍/👎 để góp ý, «📄 Nguồn» để xem đoạn văn bản gốc.\n"
    "Hỏi tiếp được như khi trò chuyện («còn Bộ Ngoại giao thì sao?», «ai chủ trì?», «nhiệm vụ thứ 2»): "
    "mình ghi «Đang hiểu là: …» ở đầu câu trả lời để bạn sửa nếu hiểu sai; /moi để hỏi câu mới. "
    "Trong nhóm, trả lời (reply) tin nhắn của bot để hỏi tiếp.\n"
    "Bot chỉ đọc câu hỏi dạng chữ, không đọc ảnh hay tin nhắn thoại; tệp văn bản chỉ quản trị viên gửi được."
)
ADMIN_HELP = (
    f"\n\n<b>Lệnh quản trị</b> (trong chat riêng)\n{ADMIN_COMMAND_LIST}\n"
    "Gửi tệp PDF, DOCX, XLSX, CSV, HTML, MD hoặc TXT (≤ 20 MB) để thêm vào kho và cập nhật chỉ mục; "
    "tệp là nội bộ trừ khi chú thích ghi «công khai»."
)


def unknown_command(command: str) -> str:
    return f"Xin lỗi, mình không có lệnh /{esc(command)}. Các lệnh mình hiểu:\n{COMMAND_LIST}"


NOT_TEXT = (
    "Xin lỗi, mình chỉ đọc được câu hỏi dạng chữ. Bot chưa nhận tệp, ảnh, nhãn dán hay tin nhắn thoại; "
    "bạn vui lòng gõ câu hỏi bằng tiếng Việt nhé."
)
ERROR = "Xin lỗi, đã có lỗi khi trả lời. Bạn thử lại sau ít phút hoặc hỏi cách khác nhé."
STALE = (  # a message older than intake.MAX_AGE when handled (the bot was down): not answered
    "Xin lỗi, mình nhận được tin nhắn này quá muộn (hơn 10 phút, khi bot đang tạm ngừng) nên không trả lời nữa. "
    "Bạn gửi lại câu hỏi nếu vẫn cần nhé."
)

# --- invites ---------------------------------------------------------------------------------------

INVITE_IN_GROUP = "Mã mời chỉ dùng được trong chat riêng với mình: bạn mở chat riêng rồi gửi lại lệnh nhé."
INVITE_FAILED = (
    "Mã mời này không dùng được: mã sai, đã hết hạn hoặc đã dùng hết số lần. Bạn xin quản trị viên một mã mới nhé."
)

INVITE_THROTTLED = (  # .format(minutes=…)
    "Bạn đã nhập sai mã mời nhiều lần. Vì an toàn, bạn vui lòng đợi khoảng "
    "{minutes} phút rồi thử lại, hoặc xin quản trị viên một liên kết mời mới."
)

INVITE_GRANTED = "Mã mời hợp lệ: bạn có vai trò <b>{role}</b>."  # .format(role=ROLE_NAMES[…])

# --- asking ----------------------------------------------------------------------------------------

ASK_EMPTY = "Bạn gõ câu hỏi ngay sau lệnh, ví dụ: /hoi Nghị quyết 57 có mục tiêu gì?"
NEW_CONVERSATION = "Đã bắt đầu câu hỏi mới: mình sẽ hiểu câu tiếp theo như một câu hỏi riêng, không nối với câu trước."
INVITE_MOVED = "\nMã mời cán bộ nay dùng lệnh /moima [số lần] [số ngày] (quản trị viên, trong chat riêng)."

TOO_FAST = (  # .format(limit=questions per minute, wait=seconds)
    "Bạn đang hỏi hơi nhanh: mỗi người tối đa {limit} câu hỏi mỗi phút. "
    "Bạn vui lòng đợi khoảng {wait} giây rồi hỏi tiếp nhé."
)


def understood_html(understood_as: str | None) -> str:
    """ "Đang hiểu là: …", the first short line of a resolved follow-up's answer, so the user can correct it."""
    return f"<i>Đang hiểu là: {esc(understood_as)}</i>\n" if understood_as else ""


# --- the buttons under an answer, and /nguon -------------------------------------------------------

SOURCES = "📄 Nguồn"
NO_ANSWER_YET = "Chưa có câu trả lời nào để xem nguồn. Bạn hãy đặt câu hỏi trước."
SOURCES_GONE = "Câu trả lời này đã cũ, mình không còn giữ nguồn của nó. Bạn hỏi lại giúp mình nhé."
MORE_GONE = "Câu trả lời này đã cũ. Bạn hỏi lại giúp mình nhé."
ROLE_CHANGED = (
    "Câu trả lời này được soạn theo vai trò trước đây của bạn, nay đã thay đổi, nên mình không hiện lại "
    "nguồn của nó. Bạn hỏi lại để mình trả lời theo vai trò hiện tại nhé."
)
OLD_BUTTON = "Nút này không còn dùng được. Bạn gõ câu hỏi giúp mình nhé."
OLD_SUGGESTION = "Gợi ý này đã cũ. Bạn gõ câu hỏi giúp mình nhé."
THANKS = "Cảm ơn bạn đã góp ý!"
TOO_OLD_FOR_FEEDBACK = "Câu trả lời này đã quá cũ để góp ý."

MORE_BUTTON = "Xem thêm ({n})"  # .format(n=items left out)
CHOSEN = "{sign} ✓"  # a 👍/👎 button once chosen

# --- following deadlines ---------------------------------------------------------------------------

FOLLOW_EMPTY = (
    "Bạn gõ tên cơ quan chủ trì hoặc xã/phường ngay sau lệnh, ví dụ: /theodoi Sở Khoa học và Công nghệ "
    "hoặc /theodoi Xuân Đài. Mỗi sáng mình sẽ nhắc các nhiệm vụ sắp đến hạn và quá hạn."
)
FOLLOW_WHICH = "Có mấy tên khớp. Bạn muốn theo dõi tên nào?"
UNFOLLOW_WHICH = "Bạn muốn thôi theo dõi tên nào?"
UNFOLLOW_ALL_BUTTON = "Thôi theo dõi tất cả"
FOLLOWING_NOTHING = "Bạn chưa theo dõi cơ quan hay xã/phường nào."
FOLLOWING_NONE = "Bạn chưa theo dõi gì. Gõ /theodoi &lt;cơ quan hoặc xã/phường&gt; để được nhắc hạn nhiệm vụ."
OLD_FOLLOW_CHOICE = "Lựa chọn này đã cũ. Bạn gõ lại /theodoi giúp mình nhé."
OLD_UNFOLLOW_CHOICE = "Lựa chọn này đã cũ. Bạn gõ lại /huytheodoi giúp mình nhé."


def watch_label(name: str, kind: str) -> str:
    return f"{name} ({KIND_NAMES[kind]})"


def follow_not_found(text: str) -> str:
    return (
        f"Mình không tìm thấy cơ quan chủ trì hay xã/phường nào tên «{esc(text[:100])}» trong các sổ nhiệm vụ. "
        "Bạn thử gõ tên đầy đủ hơn, ví dụ «Sở Tài chính» hoặc «xã Xuân Đài»."
    )


def already_following(name: str) -> str:
    return f"Bạn đã theo dõi <b>{esc(name)}</b> rồi."


def now_following(name: str, kind: str, at: str, days: int) -> str:
    return (
        f"Đã theo dõi <b>{esc(name)}</b> ({KIND_NAMES[kind]}). Hằng ngày lúc "
        f"{at} mình sẽ nhắc các nhiệm vụ đến hạn trong "
        f"{days} ngày tới và các nhiệm vụ quá hạn chưa hoàn thành; mỗi nhiệm vụ một lần."
    )


def not_following(text: str, names: list[str]) -> str:
    listed = "\n".join(f"• {esc(n)}" for n in names)
    return f"Bạn không theo dõi «{esc(text[:100])}». Bạn đang theo dõi:\n{listed}"


def unfollowed(names: list[str] | None, removed: int = 0) -> str:
    if names is None:
        return f"Đã thôi theo dõi tất cả ({removed})."
    return "Đã thôi theo dõi " + ", ".join(f"<b>{esc(n)}</b>" for n in names) + "."


def following(labels: list[str], at: str, days: int) -> str:
    return (
        "<b>Đang theo dõi:</b>\n"
        + "\n".join(f"• {esc(label)}" for label in labels)
        + f"\n\nNhắc lúc {at} hằng ngày: nhiệm vụ đến hạn trong "
        f"{days} ngày tới và nhiệm vụ quá hạn chưa hoàn thành."
    )


# --- admin commands --------------------------------------------------------------------------------

ADMINS_ONLY = "Xin lỗi, lệnh /{command} chỉ dành cho quản trị viên."  # .format(command=…)
PRIVATE_ONLY = "Lệnh /{command} chỉ dùng trong chat riêng với mình."

STATS_CHART = "Câu hỏi mỗi ngày (xanh) và câu không tìm thấy (đỏ), 30 ngày"
REINDEX_RUNNING = "Chỉ mục đang được cập nhật rồi; mình sẽ báo khi xong."
REINDEX_STARTED = "Đang cập nhật chỉ mục… Trong lúc này mình vẫn trả lời câu hỏi bằng chỉ mục cũ."


def reindex_failed(error: BaseException) -> str:
    return (
        f"Cập nhật chỉ mục thất bại ({esc(type(error).__name__)}: {esc(str(error)[:300])}). "
        "Chỉ mục cũ vẫn đang phục vụ; xem nhật ký của bot để biết chi tiết."
    )


def reindexed(report) -> str:
    state = "Đã cập nhật chỉ mục" if report.changed else "Chỉ mục không có gì thay đổi"
    lines = [
        f"<b>{state}</b>: {report.documents} văn bản, {report.passages} đoạn, "
        f"{report.embedded} đoạn mới nhúng, {report.seconds:.1f} giây."
    ]
    if report.problems:
        lines.append(f"Bỏ qua {len(report.problems)} tệp:")
        lines += [f"• {esc(str(p))[:300]}" for p in report.problems[:10]]
    return "\n".join(lines)


INVITE_USAGE = "Cách dùng: /moima [số lần dùng, mặc định 1] [số ngày hiệu lực, mặc định 7]"
INVITE_BOUNDS = "Số lần dùng từ 1 đến 1000, số ngày từ 1 đến 365."


def invite_created(code: str, uses: int, expires, link: str) -> str:
    return (
        f"<b>Mã mời cán bộ</b>: <code>{code}</code>\n"
        f"Dùng được {uses} lần, hết hạn {expires:%H:%M} ngày {vn_date(expires)}.\n"
        f"Gửi cho người được mời liên kết {esc(link)} (hoặc để họ gõ /start {code}).\n"
        "<i>Mã chỉ hiện một lần: mình chỉ lưu dạng băm.</i>"
    )


# --- uploads (admins) ------------------------------------------------------------------------------

UPLOAD_ADMINS_ONLY = (
    "Xin lỗi, chỉ quản trị viên mới gửi được tệp để đưa vào kho văn bản. Bạn vui lòng gõ câu hỏi bằng chữ nhé."
)
CANCEL_ADMINS_ONLY = "Xin lỗi, lệnh /huy chỉ dành cho quản trị viên, trong chat riêng."
NOTHING_TO_CANCEL = "Không có tệp nào đang được xử lý."
CANCEL_HINT = " Gõ /huy để dừng."
UPLOAD_PUBLIC = "công khai (mọi người tra cứu được)"
UPLOAD_INTERNAL = "nội bộ (chỉ cán bộ, quản trị viên thấy; gửi lại kèm chú thích «công khai» để mở cho mọi người)"


def upload_too_big(name: str, mb: float) -> str:
    return f"Không nhận tệp {esc(name)}: tệp {mb:.1f} MB, vượt giới hạn 20 MB."


def upload_busy(running: str, name: str) -> str:
    return (
        f"Mình đang xử lý một tệp khác ({esc(running)}). Bạn đợi xong rồi gửi lại tệp {esc(name)}, "
        "hoặc gõ /huy để dừng tệp đang xử lý."
    )


def upload_received(name: str) -> str:
    return f"Đã nhận tệp {esc(name)}, đang đọc tệp… Trong lúc này mình vẫn trả lời câu hỏi; gõ /huy để dừng."


UPLOAD_READING = "Tệp {name}: đang đọc tệp…"  # plain text (the progress line): .format(name=…)
UPLOAD_PROGRESS = "Tệp {name}: đang xử lý {done}/{total} đoạn…"


def upload_stopped(reason: str, name: str, limit: float) -> str:
    """Why an upload stopped: "cancelled" (/huy), "timeout" (after `limit` seconds), "shutdown"."""
    name = esc(name)
    took = f"{limit:.0f} giây" if limit < 120 else f"{round(limit / 60)} phút"
    return {
        "cancelled": f"Đã dừng xử lý tệp {name} theo yêu cầu (/huy). Kho văn bản và chỉ mục không thay đổi.",
        "timeout": f"Tệp {name} xử lý quá {took} nên mình đã dừng; kho văn bản và chỉ mục không thay "
        "đổi. Bạn chia tệp thành các tệp nhỏ hơn rồi gửi lại nhé.",
        "shutdown": f"Bot đang khởi động lại nên tệp {name} chưa được đưa vào kho. Bạn gửi lại tệp sau ít phút nhé.",
    }[reason]


def upload_rejected(name: str, why: str) -> str:
    return f"Không nhận tệp {esc(name)}: {esc(why)}"


def upload_failed(name: str, error: BaseException) -> str:
    return (
        f"Xử lý tệp {esc(name)} thất bại ({esc(type(error).__name__)}). Kho văn bản và chỉ mục không thay đổi; "
        "xem nhật ký của bot để biết chi tiết."
    )


def upload_done(summary: str, public: bool) -> str:
    return f"{esc(summary)}\nPhạm vi: {UPLOAD_PUBLIC if public else UPLOAD_INTERNAL}."


def cancelling(name: str) -> str:
    return f"Đang dừng xử lý tệp {esc(name)}…"

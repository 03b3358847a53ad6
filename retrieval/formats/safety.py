"""What a file is by its content (magic bytes, zip parts, text), and the limits checked before parsing it.

DOCX and XLSX are zip archives: their members' declared sizes and compression ratios are checked before
any XML is read, so a zip bomb dressed as a workbook is refused in milliseconds. Python's zipfile stops
inflating a member at its declared size (and fails its CRC if it lied), so the declared sizes bound
what the readers can be made to inflate.
"""

from __future__ import annotations

import io
import zipfile

from . import Unreadable

MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all members of a DOCX/XLSX together, inflated
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # inflated/compressed for one member; real XML compresses 5–20 times
RATIO_FROM = 1024 * 1024  # small members may compress further (long runs of empty cells) and are harmless
NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "html": "HTML",
    "csv": "CSV",
    "markdown": "Markdown",
    "text": "văn bản thuần (TXT)",
}


def sniff(data: bytes) -> str:
    """The kind of a file by its content: pdf, docx, xlsx, zip, ole, html, text, utf16, legacy (text that is not
    UTF-8, as Excel's plain "CSV" saves Vietnamese), binary or empty."""
    if not data.strip():
        return "empty"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # .doc/.xls of Office 97–2003, or a DOCX/XLSX encrypted with a password
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf16"
    head = data[:4096]
    if b"\x00" in head:
        return "binary"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not merely a character cut at the 4 KB boundary
            printable = sum(b >= 32 or b in (9, 10, 13) for b in head)
            return "legacy" if printable > 0.95 * len(head) else "binary"
        text = head[: e.start].decode("utf-8-sig", errors="ignore")
    lowered = text.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in lowered or "<html" in lowered:
        return "html"
    return "text"


def check_content(data: bytes, kind: str) -> None:
    """Raise Unreadable unless `data` really is a file of `kind` that is safe to parse."""
    found = sniff(data)
    if found == "empty":
        raise Unreadable("tệp rỗng (empty file)")
    text_kinds = ("csv", "markdown", "text")
    if kind in text_kinds and found == "text":
        return
    if kind == "html" and found in ("html", "text"):
        return
    if found != kind:
        raise Unreadable(mismatch(kind, found))
    if kind in ("docx", "xlsx"):
        check_zip(data)


def mismatch(expected: str, found: str) -> str:
    want = NAMES.get(expected, expected)
    if found == "ole":
        return (
            f"không phải tệp {want}: đây là định dạng Office 97–2003 (.doc/.xls) hoặc tệp đặt mật khẩu — lưu lại "
            f"thành {want} không mật khẩu (an Office 97–2003 file or a password-protected one, not {want}: save it "
            f"as {want} without a password)"
        )
    if found == "legacy":
        return (
            "tệp văn bản không mã UTF-8 (thường do Excel lưu kiểu CSV thường) — lưu lại bằng «CSV UTF-8» "
            "(text not in UTF-8: save it as 'CSV UTF-8')"
        )
    if found == "utf16":
        return "tệp văn bản mã UTF-16 — lưu lại bằng UTF-8 (UTF-16 text: save it as UTF-8)"
    if found in ("binary", "zip"):
        return f"nội dung không phải {want} (the content is not {want})"
    return f"nội dung là {NAMES.get(found, found)}, không phải {want} (the content is {found}, not {expected})"


def check_zip(data: bytes) -> None:
    """Refuse archives that would inflate beyond the limits, before a reader opens them."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise Unreadable(f"tệp nén bị hỏng (corrupt zip archive: {e})") from None
    if len(infos) > MAX_MEMBERS:
        raise Unreadable(f"tệp chứa {len(infos)} thành phần, quá nhiều (too many archive members)")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Unreadable(
                f"thành phần {info.filename} nén {info.file_size // max(info.compress_size, 1)} lần — nghi là "
                f"bom nén, không đọc (member {info.filename} inflates {info.file_size} bytes from "
                f"{info.compress_size}: a zip bomb; refused)"
            )
    if total > MAX_UNCOMPRESSED:
        raise Unreadable(
            f"giải nén ra {total // 2**20} MB, vượt giới hạn {MAX_UNCOMPRESSED // 2**20} MB "
            f"(inflates to {total} bytes, over the {MAX_UNCOMPRESSED}-byte limit)"
        )

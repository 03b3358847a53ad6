"""The install's secret key and the keyed hashes made from it: user pseudonyms, invite codes, API keys.

The key is the configured one (GOVQA_ID_SECRET, read by bot/config.py as `FaceSettings.id_secret`) when it
is given; otherwise a random one is generated once and kept in `<data dir>/secret.key` (mode 0600). A
missing or unreadable configured value is never a start-up error. Each use gets its own derived key, so a
pseudonym can never be compared with a stored code hash.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

from retrieval import ConfigError

log = logging.getLogger(__name__)

SECRET_FILE = "secret.key"
MIN_SECRET = 32  # characters; a generated key has 64 hex digits


def install_secret(data_dir: Path) -> bytes:
    """The data dir's own random key, created on first use (atomically: two processes get the same key)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    if not path.exists():
        tmp = data_dir / f"{SECRET_FILE}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # fails if another process created it first: theirs is kept
            log.info("generated the install secret %s", path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o): set to 0600", path, mode)
        path.chmod(0o600)
    key = path.read_bytes().strip()
    if len(key) < MIN_SECRET:
        raise ConfigError(
            f"Tệp {path} chỉ có {len(key)} ký tự, khóa bí mật cần ít nhất {MIN_SECRET}: với khóa rỗng hoặc ngắn, "
            "bí danh người dùng đoán ra được. Cách sửa: nếu thư mục dữ liệu còn mới (chưa có mã mời, khóa API), "
            "xóa tệp rồi chạy lại để tạo khóa mới; nếu không, chép lại secret.key từ bản sao lưu. / "
            f"{path} holds {len(key)} characters; the secret key needs at least {MIN_SECRET}, or pseudonyms can be "
            "guessed. Fix: if the data dir is new (no invite codes or API keys yet), delete the file and start "
            "again to generate one; otherwise restore secret.key from your backup."
        )
    return key


def derive(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class Pseudonyms:
    """HMAC-SHA256 of user and chat ids: stable for one install, not reversible without its key."""

    def __init__(self, key: bytes) -> None:
        self._key = derive(key, "pseudonym")

    @classmethod
    def for_data_dir(cls, data_dir: Path, configured: str | None = None) -> Pseudonyms:
        """Keyed with `configured` (`FaceSettings.id_secret`) when it is given, else with the data dir's own key."""
        configured = (configured or "").strip()
        return cls(configured.encode() if configured else install_secret(data_dir))

    def __call__(self, value: int | str | None) -> str | None:
        return keyed_hash(self._key, str(value)) if value is not None else None

"""Misconfiguration as a person can act on it: one line in Vietnamese (then English) naming the problem and
the fix, a non-zero exit, and no traceback unless `govqa -v`."""

from __future__ import annotations

import errno
from pathlib import Path

from retrieval import ConfigError, EmbeddingsUnavailable, FolderError, Settings, StoreUnavailable

EXIT_CODE = 1
# Errors whose message already names the problem and the fix.
SAID = (ConfigError, FolderError, EmbeddingsUnavailable, StoreUnavailable)


def explain(error: BaseException, settings: Settings | None) -> str | None:
    """The line to show for an error a person can fix, or None for a bug (which keeps its traceback)."""
    if isinstance(error, SAID):
        return str(error)
    if type(error).__name__ == "InvalidToken" and type(error).__module__.startswith("telegram"):
        return (
            "Telegram từ chối TELEGRAM_BOT_TOKEN: chép lại token từ @BotFather (Telegram refused the bot token: "
            "copy it again from @BotFather)"
        )
    if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC):
        return _os_error(error, settings)
    return None


def _os_error(error: OSError, settings: Settings | None) -> str:
    path = Path(str(error.filename or "?"))
    reason = error.strerror or type(error).__name__
    if error.errno == errno.ENOSPC:
        return f"hết chỗ trên đĩa khi ghi {path}: giải phóng chỗ hoặc chọn thư mục khác (disk full writing {path})"
    for name, option, folder in (
        ("thư mục dữ liệu", "GOVQA_DATA_DIR hoặc --data", settings.data_dir if settings else None),
        ("thư mục bộ nhớ đệm", "GOVQA_CACHE_DIR", settings.cache_dir if settings else None),
    ):
        if folder is not None and _inside(path, folder):
            english = "the data dir" if option.startswith("GOVQA_DATA") else "the cache dir"
            return (
                f"không ghi được vào {name} {folder} ({reason}): cấp quyền ghi cho thư mục đó, hoặc đặt {option} "
                f"tới một thư mục ghi được (cannot write to {english} {folder}: make it writable, or point "
                f"{option.split()[0]} at a writable folder)"
            )
    return f"không ghi được {path} ({reason}): cấp quyền ghi cho nó (cannot write {path}: make it writable)"


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.absolute(), folder.absolute()
    return path == folder or path.is_relative_to(folder) or folder.is_relative_to(path)

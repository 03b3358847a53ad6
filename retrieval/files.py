"""Data files only their owner reads: files 0600, folders 0700, whatever the process umask says.

Index builds, passages, registers, uploads, the embedding cache and the bot's databases hold internal
notes and users' questions. Folders and files govqa creates are private; an existing file of ours that
others can read (an install older than this rule) is made private when it is opened again.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_PRIVATE_UMASK = 0o077

_lock = threading.Lock()
_depth = 0
_saved_umask = 0


def private_dir(path: Path) -> Path:
    """`path` as a folder (made with its parents if missing) that only the owner can enter."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for p in missing:  # parents made here too; mkdir's mode is subject to the umask
        _tighten(p)
    _tighten(path)
    return path


def private_file(path: Path) -> Path:
    """`path` as a file only the owner can read: created empty if missing (e.g. before SQLite opens it,
    which then gives its -wal and -shm files the same mode), made private if it exists."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    _tighten(path)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            _tighten(extra)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (a hidden temporary file, fsync, rename), mode 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # hidden: never corpus
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def private_umask() -> Iterator[None]:
    """Inside, every file and folder this process creates (Chroma's, bm25s', SQLite's) is private.

    The umask belongs to the whole process: nested and concurrent uses share one saved value, restored
    when the last one leaves. Other threads meanwhile create private files too, which is only stricter.
    """
    global _depth, _saved_umask
    with _lock:
        if _depth == 0:
            _saved_umask = os.umask(_PRIVATE_UMASK)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                os.umask(_saved_umask)


def _tighten(path: Path) -> None:
    """Take group and other permissions away from a file or folder of ours."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
        return  # not ours to change: a link, or a folder the operator gave us (/var/lib, a mount)
    if stat.S_IMODE(st.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~0o077 & 0o7777)

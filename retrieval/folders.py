"""Which folders an index covers: the built-in corpus, GOVQA_CORPUS, and the folders added to the data dir.

Corpus folders add up. The built-in `corpus/` is always in (unless `GOVQA_BUILTIN=0`, or the data dir
was told `govqa index --no-builtin`), with every folder of `GOVQA_CORPUS` as it is now, and every folder
`govqa index --corpus DIR` or `govqa corpus add DIR` added to this data dir earlier; `govqa corpus
remove DIR` takes one out again. The data dir keeps what was added in `corpus.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .config import BUILTIN_CORPUS, Settings
from .files import private_dir, write_private

FILE = "corpus.json"


class FolderError(ValueError):
    """A folder that cannot be added or removed; the message says why and what to do (Vietnamese, English)."""


@dataclass(frozen=True)
class Folder:
    path: Path
    origin: str  # builtin | env (GOVQA_CORPUS or the settings) | added (remembered by the data dir)


@dataclass(frozen=True)
class Remembered:
    added: tuple[Path, ...] = ()
    builtin: bool = True


def remembered(data_dir: Path) -> Remembered:
    """What the data dir remembers. A data dir from before corpus.json: the folders its index was built
    from, the built-in corpus aside, count as added (an earlier `--corpus` replaced the built-in corpus)."""
    try:
        raw = json.loads((data_dir / FILE).read_text("utf-8"))
        return Remembered(tuple(Path(p) for p in raw.get("added", [])), bool(raw.get("builtin", True)))
    except FileNotFoundError:
        pass
    except (ValueError, AttributeError) as e:
        raise FolderError(
            f"{data_dir / FILE} hỏng; xóa tệp rồi thêm lại thư mục bằng `govqa corpus add` "
            f"({data_dir / FILE} is corrupt: {e}; delete it and add the folders again)"
        ) from None
    from .index import read_meta

    meta = read_meta(data_dir) or {}
    builtin = BUILTIN_CORPUS.resolve()
    return Remembered(tuple(Path(p) for p in meta.get("corpus", []) if Path(p) != builtin))


def folders(settings: Settings) -> list[Folder]:
    """Every folder the next build indexes, in order, each once; a folder inside another is covered by it."""
    state = remembered(settings.data_dir)
    builtin = BUILTIN_CORPUS.resolve()
    listed: list[Folder] = []
    for path in settings.corpus:
        path = path.expanduser().resolve()
        if path == builtin:
            if state.builtin:
                listed.append(Folder(path, "builtin"))
        else:
            listed.append(Folder(path, "env"))
    listed.extend(Folder(p.resolve(), "added") for p in state.added)
    out: list[Folder] = []
    for f in listed:
        if not any(f.path == o.path or f.path.is_relative_to(o.path) for o in out):
            out = [o for o in out if not o.path.is_relative_to(f.path)] + [f]
    return out


def indexed_folders(settings: Settings) -> list[Path]:
    return [f.path for f in folders(settings)]


def add(settings: Settings, folder: Path) -> bool:
    """Add a folder to the data dir's corpus; False when the corpus already covers it."""
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise FolderError(f"không có thư mục {folder} (no such folder)")
    if any(folder == f or folder.is_relative_to(f) for f in indexed_folders(settings)):
        return False
    state = remembered(settings.data_dir)
    _save(settings.data_dir, Remembered((*state.added, folder), state.builtin))
    return True


def remove(settings: Settings, folder: Path) -> None:
    """Take a folder out of the data dir's corpus (the next `govqa index` drops its documents)."""
    target = folder.expanduser().resolve()
    state = remembered(settings.data_dir)
    if target in {p.resolve() for p in state.added}:
        _save(settings.data_dir, Remembered(tuple(p for p in state.added if p.resolve() != target), state.builtin))
        return
    if target == BUILTIN_CORPUS.resolve():
        raise FolderError(
            "kho có sẵn không gỡ bằng lệnh này: dùng `govqa index --no-builtin` hoặc GOVQA_BUILTIN=0 "
            "(the built-in corpus is switched off with `govqa index --no-builtin` or GOVQA_BUILTIN=0)"
        )
    if any(target == p.expanduser().resolve() for p in settings.corpus):
        raise FolderError(
            f"{target} đến từ GOVQA_CORPUS: bỏ nó khỏi biến đó rồi chạy `govqa index` "
            f"({target} comes from GOVQA_CORPUS: take it out of that variable, then run `govqa index`)"
        )
    raise FolderError(
        f"{target} không có trong kho; xem `govqa corpus list` "
        f"({target} is not a corpus folder; see `govqa corpus list`)"
    )


def settle(data_dir: Path) -> None:
    """Write corpus.json if the data dir has none yet, at its first build by this version: from then on a
    folder that only GOVQA_CORPUS named is never mistaken for one added to the data dir."""
    if not (data_dir / FILE).exists():
        _save(data_dir, remembered(data_dir))


def set_builtin(settings: Settings, on: bool) -> None:
    """Remember whether this data dir's index includes the built-in corpus (`--builtin` / `--no-builtin`)."""
    state = remembered(settings.data_dir)
    _save(settings.data_dir, Remembered(state.added, on))


def _save(data_dir: Path, state: Remembered) -> None:
    body = {"added": [str(p) for p in state.added], "builtin": state.builtin}
    write_private(private_dir(data_dir) / FILE, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode())

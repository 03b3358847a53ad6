"""Measure the two readings of guard rule (c) on the scripted server's replies (docs/llm.md, "Rule (c)").

For every answered question of the given tuning sets, the extractive answer's evidence blocks and prompt
are built as `LlmComposer.phrase` builds them, and the replies of `tests/fake_llm_api.py` are computed from
that prompt exactly as the server computes them: `echo` (a faithful model) and `inject` (its first figure
changed). Each reply goes through `retrieval.guard.check` once per reading of rule (c): how far back a
label cites the sentences without one (per sentence, line, list — the guard's reading — or paragraph).
No HTTP: the guard's verdict depends only on the text, and the server's reply only on the prompt.

Held-out sets are refused (tests/eval/README.md). Run from the repository root:

    .venv/bin/python scripts/llm_citations.py --data DIR tests/eval/dev-tune.jsonl tests/eval/users-tune.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from fake_llm_api import ChatRequest, echo, inject_wrong_figure  # noqa: E402

from retrieval import guard  # noqa: E402
from retrieval.config import Settings  # noqa: E402
from retrieval.engine import Engine  # noqa: E402
from retrieval.llm import PROMPT, Failure, evidence_blocks, prompt_inputs  # noqa: E402

TODAY = date(2026, 2, 10)
READINGS = ("sentence", "line", "list", "paragraph")  # how far back a label cites (guard.cited_sentences)
_ROLES = {"human": "user", "system": "system", "ai": "assistant"}


def scripted_request(answer, blocks) -> ChatRequest:
    """The request the scripted server would receive for this answer."""
    messages = PROMPT.format_messages(**prompt_inputs(answer.question, blocks, answer.text))
    return ChatRequest({"messages": [{"role": _ROLES[m.type], "content": m.content} for m in messages]}, 0.0)


def measure(engine: Engine, path: Path) -> dict:
    out = {"set": path.name, "questions": 0, "sent": 0}
    for mode in ("echo", "inject"):
        for reading in READINGS:
            out[f"{mode}_{reading}"] = Counter()
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        out["questions"] += 1
        role = case.get("role", "citizen")
        today = date.fromisoformat(case["today"]) if case.get("today") else TODAY
        answer = engine.ask(case["q"], role=role, today=today)
        if answer.status != "answered" or not answer.citations:
            continue
        try:
            blocks = evidence_blocks(answer, role)
        except Failure:
            continue
        out["sent"] += 1
        request = scripted_request(answer, blocks)
        faithful = echo(request).text or ""
        changed = inject_wrong_figure(request).text or ""
        for mode, text in (("echo", faithful), ("inject", changed)):
            if mode == "inject" and text == faithful:
                for reading in READINGS:
                    out[f"{mode}_{reading}"]["no_figure"] += 1
                continue
            for reading in READINGS:
                verdict = guard.check(text, blocks, runs=reading)
                out[f"{mode}_{reading}"][verdict.reason or "used"] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a data dir with the built-in corpus indexed")
    parser.add_argument("sets", type=Path, nargs="+")
    args = parser.parse_args()
    if any("heldout" in p.name for p in args.sets):
        sys.exit("held-out sets are never run and inspected (tests/eval/README.md)")
    engine = Engine(Settings.from_env().with_(data_dir=args.data, llm_url=None))
    for path in args.sets:
        result = measure(engine, path)
        sent = result["sent"]
        print(f"{result['set']}: {result['questions']} questions, {sent} sent to the model")
        for key in [f"{mode}_{reading}" for mode in ("echo", "inject") for reading in READINGS]:
            counts = result[key]
            fallen = sum(n for reason, n in counts.items() if reason not in ("used", "no_figure"))
            share = fallen / max(1, sent - counts.get("no_figure", 0))
            print(f"  {key:20} fall-back {fallen}/{sent - counts.get('no_figure', 0)} = {share:.1%}  {dict(counts)}")


if __name__ == "__main__":
    main()

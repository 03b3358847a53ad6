"""`retrieval` declares its public surface (as httpx's test_exported_members does): every name in
`__all__` is there and defined inside retrieval; the faces import from that surface, not from internals."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import retrieval

REPO = Path(__file__).resolve().parent.parent

# What the faces (bot/), the README and the API contract use. A name leaving this list is an interface change.
PROMISED = {
    "Engine",
    "Settings",
    "ConfigError",
    "Answer",
    "Citation",
    "Hit",
    "Source",
    "Query",
    "GovqaRetriever",
    "build_index",
    "inspect_upload",
    "store_upload",
    "UploadRejected",
    "vn_date",
    "EXAMPLE_QUESTIONS",
}
# Faces never reach into how a question is read or answered, nor hold an index of their own.
INTERNAL = ("retrieval.question", "retrieval.answer", "retrieval.index", "retrieval.exact", "retrieval.search")
NOT_YET: set[str] = set()  # faces not switched yet (none)


def test_all_is_sorted_and_holds_what_the_faces_and_readme_use():
    assert len(retrieval.__all__) == len(set(retrieval.__all__))  # ruff (RUF022) keeps it sorted
    assert set(retrieval.__all__) == set(retrieval._WHERE)  # every exported name says where it is defined
    assert PROMISED <= set(retrieval.__all__)


def test_every_exported_member_exists_and_is_defined_in_retrieval():
    for name in retrieval.__all__:
        member = getattr(retrieval, name)
        if inspect.isclass(member) or inspect.isfunction(member):
            assert member.__module__.startswith("retrieval."), (name, member.__module__)
            assert member.__name__ == name


def test_exported_members_are_the_same_objects_as_in_their_modules():
    from retrieval.engine import Engine
    from retrieval.langchain import GovqaRetriever
    from retrieval.vi import vn_date

    assert retrieval.Engine is Engine and retrieval.GovqaRetriever is GovqaRetriever and retrieval.vn_date is vn_date


def test_an_unknown_name_is_an_attribute_error():
    try:
        retrieval.LoadedIndex  # noqa: B018  (internal: not part of the surface)
    except AttributeError as e:
        assert "LoadedIndex" in str(e)
    else:
        raise AssertionError("retrieval.LoadedIndex should not be exported")


def test_importing_a_light_name_does_not_load_the_search_libraries():
    code = "import sys; from retrieval import Settings, ConfigError; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.split())
    assert not loaded & {"bm25s", "chromadb", "numpy", "retrieval.engine", "retrieval.search"}


def _face_imports() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "bot").rglob("*.py")):
        if path.relative_to(REPO / "bot").as_posix() in NOT_YET:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("retrieval"):
                found.append((path.relative_to(REPO / "bot").as_posix(), node.module))
    return found


def test_faces_import_the_surface_and_never_the_answer_path_internals():
    imports = _face_imports()
    assert ("web.py", "retrieval") in imports  # the check sees the faces' imports
    assert [(face, module) for face, module in imports if module.startswith(INTERNAL)] == []


def test_test_modules_share_helpers_through_helpers_and_conftest_never_through_each_other():
    offenders = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{path.name} imports {n}" for n in names if n.split(".")[-1].startswith("test_")]
    assert offenders == [], offenders

"""bench/ is a regression suite a reader can follow: quality/ and speed/ import shared helpers, never in a
circle, and every "reproduce with" command works from any checkout (no machine's own paths in it)."""

from __future__ import annotations

import ast
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(BENCH.parent).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> set[str]:
    """bench modules this file imports, at the top or inside a function (a lazy import still closes a circle)."""
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "bench"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "bench":
                continue
            for alias in node.names:  # `from . import corpus` imports bench.quality.corpus, not bench.quality
                sub = f"{base}.{alias.name}"
                found.add(sub if (BENCH.parent / Path(*sub.split("."))).with_suffix(".py").exists() else base)
    return found - {_module(path)}


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p) for p in sorted(BENCH.rglob("*.py"))}


def test_the_reader_finds_quality_and_speed_benchmarks_in_their_own_folders():
    modules = set(_graph())
    assert {"bench.quality.alqac", "bench.quality.fusion", "bench.speed.perf", "bench.speed.threads"} <= modules
    assert {"bench.results", "bench.machine"} <= modules  # the one writer of result tables, and where/when
    assert not modules & {"bench.variants", "bench.experiments", "bench.proposal"}  # the archive is in git history


def test_every_bench_import_names_a_module_that_exists():
    graph = _graph()
    assert {imported for found in graph.values() for imported in found} <= set(graph)


def test_no_bench_module_imports_itself_back_through_others():
    graph = _graph()
    circles = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                circles.append([*path[path.index(nxt) :], nxt])
            elif len(path) < len(graph):
                visit(nxt, [*path, nxt])

    for start in graph:
        visit(start, [start])
    assert circles == []


def test_the_import_graph_sees_relative_and_lazy_imports():
    graph = _graph()  # the circle check above is only as good as this reading of the imports
    assert "bench.results" in graph["bench.quality.fusion"]
    assert "bench.speed.measure" in graph["bench.speed.threads"]
    assert {"bench.speed.load", "bench.speed.scale"} <= graph["bench.speed.perf"]  # imported inside functions


def test_reproduce_commands_hold_no_machine_paths():
    commands = {}
    for path in sorted(BENCH.rglob("*.py")):
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "COMMAND" for t in node.targets):
                commands[_module(path)] = ast.literal_eval(node.value)
    assert {"bench.quality.alqac", "bench.quality.fusion", "bench.speed.perf", "bench.speed.threads"} <= set(commands)
    for module, command in commands.items():
        assert "python -m bench." in command, module
        assert not any(word.startswith(("/", "~")) for word in command.split()), command
        assert "cd " not in command, command

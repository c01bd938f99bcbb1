"""The import graph, read from the source (every ``import`` statement, in functions too):
one-way layers, no cycle between top-level packages nor inside ``pipeline/`` or ``schema/``.

Layers, bottom up: ``vocabulary`` → ``extract`` → ``normalise`` → ``schema`` →
``pipeline`` → ``cli``. A module may import its own package and the layers
below it; ``extract`` never imports ``normalise`` or ``schema``; ``vocabulary``
imports nothing else of plantables; backends never import the writer.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PACKAGES = ("vocabulary", "extract", "normalise", "schema", "pipeline")
#: what each top-level package may import of plantables besides itself
ALLOWED = {
    "vocabulary": set(),
    "extract": {"vocabulary"},
    "normalise": {"vocabulary", "extract"},  # extract.model only, checked below
    "schema": {"vocabulary", "extract", "normalise"},
    "pipeline": {"vocabulary", "extract", "normalise", "schema"},
    "cli": {"vocabulary", "extract", "normalise", "schema", "pipeline"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["plantables", *parts])


def _imports(path: Path) -> set[str]:
    """Every plantables module ``path`` imports (absolute or relative, anywhere in the file)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)  # ``from pkg import module``
    return {m for m in found if m.startswith("plantables.")}


def _graph() -> dict[str, set[str]]:
    # the packages, and the CLI's top-level modules (cli.py, clisupport.py, serve.py…)
    files = [p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")] + [
        p for p in REPO.glob("*.py") if p.name != "__init__.py"]
    modules = {_module_name(p): p for p in files if "migrations" not in p.parts or p.name != "env.py"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        # keep only names that are modules (``from x import func`` names a function, not a module)
        graph[name] = {m for m in _imports(path) if m in modules and m != name}
    return graph


def _top(module: str) -> str:
    """The layer of a module: its top-level package, or ``cli`` for the top-level modules."""
    name = module.split(".")[1]
    return name if name in PACKAGES else "cli"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_is_read():
    graph = _graph()
    assert "plantables.pipeline.writer" in graph["plantables.cli"] or any(
        m.startswith("plantables.pipeline") for m in graph["plantables.cli"])
    assert "plantables.extract.model" in graph["plantables.normalise.plan"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_layers_import_only_downwards():
    wrong = []
    for module, imported in _graph().items():
        own = _top(module)
        for m in imported:
            other = _top(m)
            if other != own and other not in ALLOWED[own]:
                wrong.append(f"{module} imports {m}")
            if own == "normalise" and other == "extract" and m != "plantables.extract.model":
                wrong.append(f"{module} imports {m} (normalise reads only the intermediate model)")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_cycle_between_top_level_packages():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, imported in _graph().items():
        packages[_top(module)].update(_top(m) for m in imported if _top(m) != _top(module))
    assert _cycles(packages) == []


def test_no_cycle_inside_schema():
    graph = _graph()
    inside = {m: {i for i in imported if i.startswith("plantables.schema.")}
              for m, imported in graph.items() if m.startswith("plantables.schema.")}
    assert _cycles(inside) == []


def test_no_cycle_inside_pipeline_and_backends_never_import_the_writer():
    graph = _graph()
    inside = {m: {i for i in imported if i.startswith("plantables.pipeline.")}
              for m, imported in graph.items() if m.startswith("plantables.pipeline.")}
    assert _cycles(inside) == []
    for module, imported in inside.items():
        if module.startswith("plantables.pipeline.backends"):
            assert "plantables.pipeline.writer" not in imported, module
            assert "plantables.pipeline" not in graph[module], f"{module} imports the package (and so the writer)"

"""The shape of the package: data flows one way (parse -> normalise -> match -> assess -> report),
and no module imports another that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "evidencecheck"

# layer -> packages it must never import (the one exception below: rule validation needs signal names)
FORBIDDEN = {
    "parsers": ("nlp", "assess", "rules", "report", "cohort", "cli", "ruletest"),
    "rules": ("nlp", "assess", "report", "cohort", "cli", "ruletest", "parsers"),
    "nlp": ("assess", "report", "cohort", "cli", "ruletest"),
    "assess": ("nlp", "report", "cohort", "cli", "ruletest", "parsers"),
    "report": ("nlp", "cohort", "cli", "ruletest", "parsers"),
    "checks": ("nlp", "report", "cohort", "cli", "ruletest", "parsers"),
}
ALLOWED = {("evidencecheck.rules.semantic", "evidencecheck.nlp.signals")}


def _module(path: Path) -> str:
    parts = ("evidencecheck", *path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("evidencecheck"):
                    graph[name].add(target)
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_architecture_no_layer_imports_upward() -> None:
    wrong = sorted(
        f"{m} imports {t}" for m, targets in _imports().items() for t in targets
        if _layer(t) in FORBIDDEN.get(_layer(m), ()) and (m, t) not in ALLOWED
    )
    assert wrong == []


def test_architecture_has_no_import_cycles() -> None:
    graph = _imports()
    # a package's __init__ may re-export its own submodules; that is not a cycle between rooms
    edges = {m: {t for t in ts if not m.startswith(t + ".") and not (t.startswith(m + ".") and
                                                                     m.count(".") < t.count("."))}
             for m, ts in graph.items()}
    cycles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
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
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert cycles == []


@pytest.mark.parametrize("module", ["evidencecheck.assess", "evidencecheck.ruletest", "evidencecheck.matches"])
def test_architecture_judging_needs_no_spacy(module: str) -> None:
    graph = _imports()
    seen, todo = set(), [module]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()) - {"evidencecheck.nlp.match"} if m == "evidencecheck.ruletest" else graph.get(m, ()))
    assert not any(m.startswith("evidencecheck.nlp") for m in seen)

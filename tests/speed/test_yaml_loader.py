"""Rule files read with libyaml's parser give the same data, lines and problems as PyYAML's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from evidencecheck.errors import RuleSetError
from evidencecheck.rules import _yaml

RULES = Path(__file__).resolve().parents[2] / "rules"

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def _read(text: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> _yaml.YamlData | str:
    with monkeypatch.context() as m:
        m.setattr(_yaml, "_LOADERS", _yaml._LOADERS if fast else (_yaml._ComposeLoader,))
        try:
            return _yaml.parse_yaml(text, file="unit.yaml")
        except RuleSetError as err:
            return str(err)


def test_the_fast_loader_is_libyamls() -> None:
    assert _yaml._LOADERS[0] is not _yaml._ComposeLoader
    assert "CParser" in [c.__name__ for c in _yaml._LOADERS[0].__mro__]


@pytest.mark.parametrize("path", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_rule_files_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fast, slow = _read(text, fast=True, monkeypatch=monkeypatch), _read(text, fast=False, monkeypatch=monkeypatch)
    assert isinstance(fast, _yaml.YamlData) and isinstance(slow, _yaml.YamlData)
    assert fast.data == slow.data and fast.lines == slow.lines and fast.problems == slow.problems
    assert len(fast.lines) > 100


@pytest.mark.parametrize("text", [
    "id: x\ntitle: 'a'\ntitle: b\n",                      # duplicate key (a problem, not an error)
    "id: x\nv: !!python/object:os.system ls\n",           # unsafe tag
    "id: x\na: &a [1, 2]\nb: *a\nc: *a\n",                 # aliases
    "id: x\n  bad: indent\n",                              # syntax error: PyYAML's wording
    'id: x\ntitle: "Keep \\ud800 tidy"\n',                 # an escape libyaml refuses, PyYAML decodes
    "a: " + "[" * 2_000 + "]" * 2_000,                     # deeper than libyaml's own limit
    "a: &x [1]\n" + "".join(f"b{i}: *x\n" for i in range(150)),  # too many aliases
])
def test_problems_and_errors_read_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _read(text, fast=True, monkeypatch=monkeypatch), _read(text, fast=False, monkeypatch=monkeypatch)
    if isinstance(slow, str):
        assert fast == slow
    else:
        assert isinstance(fast, _yaml.YamlData)
        assert (fast.data, fast.lines, fast.problems) == (slow.data, slow.lines, slow.problems)

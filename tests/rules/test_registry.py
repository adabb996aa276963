"""Where rule sets come from: bundled and user directories, ids, caching."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evidencecheck.errors import RuleSetError, UnknownUnitError
from evidencecheck.rules import locations, registry
from evidencecheck.rules.registry import load_ruleset

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


@pytest.fixture()
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake bundled rules directory holding the minimal unit and a shared vocabulary."""
    directory = tmp_path / "bundled"
    directory.mkdir()
    shutil.copy(MINIMAL, directory / "minimal.yaml")
    (directory / "_shared.yaml").write_text("vocab:\n  shared-words: [shared]\n", encoding="utf-8")
    monkeypatch.setattr(locations, "bundled_rules_dir", lambda: directory)
    registry.clear_cache()
    return directory


def user_dir(tmp_path: Path, title: str = "User copy", name: str = "minimal.yaml") -> Path:
    directory = tmp_path / "user"
    directory.mkdir(exist_ok=True)
    text = MINIMAL.read_text(encoding="utf-8").replace("Keep a tidy team notice board", title)
    (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_registry_lists_units_and_skips_underscore_files(bundled: Path) -> None:
    (bundled / "notes.txt").write_text("not a rule file", encoding="utf-8")
    assert registry.available_units() == {"minimal": bundled / "minimal.yaml"}


def test_registry_user_rules_override_bundled_units(bundled: Path, tmp_path: Path) -> None:
    user = user_dir(tmp_path)
    assert registry.available_units([user]) == {"minimal": user / "minimal.yaml"}
    assert load_ruleset("minimal", rules_dirs=[user]).title == "User copy"
    assert load_ruleset("minimal").title == "Keep a tidy team notice board"


@pytest.mark.parametrize("name", ["extra.yml", "extra.yaml"])
def test_registry_accepts_both_yaml_suffixes(bundled: Path, tmp_path: Path, name: str) -> None:
    user = user_dir(tmp_path, name=name)
    assert registry.available_units([user])["extra"] == user / name


def test_registry_unknown_unit_lists_available(bundled: Path) -> None:
    with pytest.raises(UnknownUnitError) as info:
        load_ruleset("no-such-unit")
    assert "no-such-unit" in str(info.value) and "minimal" in str(info.value)
    assert info.value.problems[0].code == "E107"


def test_registry_missing_user_directory_is_an_error(bundled: Path, tmp_path: Path) -> None:
    with pytest.raises(RuleSetError) as info:
        registry.available_units([tmp_path / "absent"])
    assert info.value.problems[0].code == "E101"


def test_registry_unit_id_must_match_file_name(bundled: Path, tmp_path: Path) -> None:
    user = user_dir(tmp_path, name="other-name.yaml")
    with pytest.raises(RuleSetError) as info:
        load_ruleset("other-name", rules_dirs=[user])
    assert "name the file after the id" in str(info.value)


def test_registry_merges_bundled_shared_vocabulary(bundled: Path) -> None:
    assert load_ruleset("minimal").vocab["shared-words"] == ["shared"]


def test_registry_caches_until_the_file_changes(bundled: Path) -> None:
    path = bundled / "minimal.yaml"
    first = load_ruleset("minimal")
    assert load_ruleset("minimal") is first
    path.write_text(path.read_text(encoding="utf-8").replace('"0.1"', '"0.2"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_ruleset("minimal").version == "0.2"


def test_registry_source_checkout_uses_repository_rules() -> None:
    found = locations.bundled_rules_dir()
    repo_rules = Path(registry.__file__).resolve().parents[3] / "rules"
    wheel_rules = Path(registry.__file__).resolve().parents[1] / "_bundled_rules"
    assert found in (repo_rules, wheel_rules) or (found is None and not repo_rules.is_dir())

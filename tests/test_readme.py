"""The README's examples stay true: its Python blocks run, its commands parse."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from evidencecheck.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = ROOT / "fixtures" / "sample-portfolio"
UNIT = "lead-team-improve-service"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, re.S)


def test_library_examples_run(tmp_path, monkeypatch):
    portfolio = tmp_path / "portfolios" / "amy"
    shutil.copytree(SAMPLE, portfolio)
    monkeypatch.chdir(tmp_path)
    first, integration = _python_blocks()[:2]
    exec(compile(first.replace("plan-allocate-monitor-work", UNIT), "README first example", "exec"), {})
    namespace: dict = {}
    exec(compile(integration, "README integration example", "exec"), namespace)
    screen = namespace["screen_upload"]
    result = screen(portfolio, UNIT)
    assert set(result) == {"ok", "summary", "unreadable", "improved"}
    assert (portfolio.parent / "feedback.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert screen(portfolio, "no-such-unit")["problem"].startswith("E107")


def _commands() -> list[str]:
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("evidencecheck "):
                lines.append(line)
    return lines


@pytest.mark.parametrize("command", _commands())
def test_documented_commands_parse(command):
    argv = shlex.split(command)[1:]
    args = build_parser().parse_args(argv)
    assert callable(args.func)


def test_every_document_and_report_code_is_explained():
    from evidencecheck.errors import Messages

    codes = [name for name in vars(Messages)
             if (name[:2] in ("E2", "E3", "E4", "E5", "W2", "W4", "W5") or name[:3] == "E14") and name[2:].isdigit()]
    assert len(codes) > 50
    missing = [code for code in codes if code not in README]
    assert not missing, f"README does not explain {missing}"


def _quick_start() -> list[str]:
    section = README[README.index("## Quick start"):README.index("### For learners")]
    (block,) = re.findall(r"```bash\n(.*?)```", section, re.DOTALL)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_commands_in_a_virtual_environment():
    """A stock Debian/Ubuntu Python refuses a bare pip install (externally-managed-environment)."""
    first, second = _quick_start()
    steps = [step.strip() for step in first.split("&&")]
    assert steps[:2] == ["python3 -m venv .venv", ". .venv/bin/activate"]
    assert steps[2].startswith("pip install -e ")  # into the venv just activated
    assert second == f"evidencecheck check fixtures/sample-portfolio --unit {UNIT}"
    assert "exit status 1, and that is expected" in README


def test_quick_start_check_runs_and_exits_1_as_the_readme_says(capsys):
    from evidencecheck.cli import main

    argv = shlex.split(_quick_start()[1])[1:]
    assert main([*argv[:1], str(ROOT / argv[1]), *argv[2:]]) == 1
    assert "Your evidence check: Lead a team to improve customer service" in capsys.readouterr().out


def test_learners_have_a_path_without_git():
    section = README[README.index("### For learners"):README.index("## Using it")]
    assert "pipx install ./evidencecheck-main.zip" in section
    assert "py -m pipx install" in section  # Windows
    assert "git" not in section.replace("no git needed", "")


def test_library_examples_type_check_strictly(tmp_path):
    api = pytest.importorskip("mypy.api")
    files = []
    for n, block in enumerate(_python_blocks()):
        files.append(tmp_path / f"readme_example_{n}.py")
        files[-1].write_text(block, encoding="utf-8")
    out, err, status = api.run(["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"),
                                *map(str, files)])
    assert status == 0, out + err

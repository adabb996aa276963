"""The evidence age limit: [checks] max_age_years in evidencecheck.toml, and --max-age."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from evidencecheck.cli.options import max_age_years, years
from evidencecheck.config import Config, load_config
from evidencecheck.errors import ConfigError


def test_the_settings_file_sets_the_age_limit(tmp_path: Path) -> None:
    path = tmp_path / "evidencecheck.toml"
    path.write_text('unit = "x"\n\n[checks]\nmax_age_years = 5\n', encoding="utf-8")
    config = load_config(path)
    assert config.max_age_years == 5
    assert max_age_years(None, config) == 5 and max_age_years(2, config) == 2
    assert max_age_years(None, Config()) == 3


@pytest.mark.parametrize("value", ["0", "51", '"three"', "2.5", "true"])
def test_a_bad_age_limit_is_e501_with_its_line(tmp_path: Path, value: str) -> None:
    path = tmp_path / "evidencecheck.toml"
    path.write_text(f'unit = "x"\n[checks]\nmax_age_years = {value}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"{path}:3: E501 'checks.max_age_years' must be a whole number of years" in str(info.value)


def test_max_age_option() -> None:
    assert years("4") == 4
    with pytest.raises(argparse.ArgumentTypeError, match="E501"):
        years("0")


def test_check_and_batch_take_max_age() -> None:
    from evidencecheck.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["check", "folder", "--max-age", "5"]).max_age == 5
    assert parser.parse_args(["batch", "cohort", "--out", "o", "--max-age", "2"]).max_age == 2
    assert parser.parse_args(["check", "folder"]).max_age is None

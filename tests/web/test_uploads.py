"""Upload names, cohort zips and the shared zip-bomb check, without a server."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from evidencecheck.errors import WebError
from evidencecheck.limits import Limits
from evidencecheck.parsers.ziplimits import expansion_problem
from evidencecheck.web.settings import WebLimits, format_size
from evidencecheck.web.uploads import safe_name
from evidencecheck.web.zips import cohort_root, extract_zip

from .conftest import zip_bytes


@pytest.mark.parametrize(("raw", "expected"), [
    ("reflective-account.docx", "reflective-account.docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\amy\\Documents\\log.md", "log.md"),
    ("sample-portfolio/witness.pdf", "witness.pdf"),
    ("CON.txt", "_CON.txt"),
    ("nul", "_nul"),
    ('a<b>:"c"|?*.docx', "a_b___c____.docx"),
    ("tab\there\x00.txt", "tab_here_.txt"),
    ("", "file"),
    ("..", "file"),
    ("trailing dots... ", "trailing dots"),
    ("x" * 300 + ".docx", "x" * 115 + ".docx"),
])
def test_safe_name_keeps_only_a_safe_base_name(raw, expected):
    assert safe_name(raw, set()) == expected


def test_safe_name_makes_clashing_names_unique_case_blind():
    taken: set[str] = set()
    assert [safe_name(n, taken) for n in ("Log.md", "log.md", "a/LOG.md", "notes")] == [
        "Log.md", "log (2).md", "LOG (3).md", "notes"]


def _unpack(tmp_path: Path, entries: dict[str, bytes], **limits: int) -> Path:
    archive = tmp_path / "c.zip"
    archive.write_bytes(zip_bytes(entries))
    dest = tmp_path / "out"
    dest.mkdir()
    extract_zip(archive, dest, limits=Limits(), web=WebLimits(**limits))
    return dest


def test_a_zip_of_the_cohort_folder_finds_the_learners_inside_it(tmp_path):
    dest = _unpack(tmp_path, {"cohort/amy/a.txt": b"x", "cohort/ben/b.txt": b"y", "__MACOSX/cohort/._amy": b"z"})
    assert not (dest / "__MACOSX").exists()
    assert cohort_root(dest) == dest / "cohort"


def test_a_zip_of_the_learner_folders_is_the_cohort(tmp_path):
    dest = _unpack(tmp_path, {"amy/a.txt": b"x", "ben/b.txt": b"y"})
    assert cohort_root(dest) == dest


def test_a_zip_of_one_learner_is_a_cohort_of_one(tmp_path):
    dest = _unpack(tmp_path, {"amy/a.txt": b"x", "amy/b.txt": b"y"})
    assert cohort_root(dest) == dest


def test_a_zip_without_folders_has_no_learners(tmp_path):
    dest = _unpack(tmp_path, {"a.txt": b"x"})
    with pytest.raises(WebError) as err:
        cohort_root(dest)
    assert err.value.code == "E331"


def test_a_zip_naming_a_file_twice_is_refused(tmp_path):
    with pytest.raises(WebError) as err:
        _unpack(tmp_path, {"cohort/amy/a.txt": b"x", "cohort/amy/A.TXT": b"y"})
    assert err.value.code == "E330"


def test_the_zip_limits_are_the_word_file_limits(tmp_path):
    # The same function refuses a .docx (E209) and a cohort zip (E329).
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(zip_bytes({"big.txt": b"\0" * (3 * 1024 * 1024)}))
    with zipfile.ZipFile(archive) as zf:
        detail = expansion_problem(zf.infolist(), max_members=10, max_total=10**9, max_ratio=200)
    assert detail is not None and "x its size in 'big.txt'" in detail
    with pytest.raises(WebError) as err:
        extract_zip(archive, tmp_path, limits=Limits(), web=WebLimits())
    assert err.value.code == "E329" and detail in str(err.value)


@pytest.mark.parametrize(("size", "text"), [(50 * 1024 * 1024, "50 MB"), (1536 * 1024, "1.5 MB"),
                                            (64 * 1024, "64 KB"), (12, "12 bytes")])
def test_sizes_read_as_people_say_them(size, text):
    assert format_size(size) == text

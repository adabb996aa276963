from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidencecheck.limits import Limits
from evidencecheck.portfolio import load_portfolio, skip_reason

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "broken-folder"


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_portfolio_broken_folder_one_document_one_skipped_four_errors():
    before = _hashes(BROKEN)
    portfolio = load_portfolio([BROKEN])
    assert [d.path for d in portfolio.documents] == ["good.docx"]
    assert [(s.path, s.reason) for s in portfolio.skipped] == [
        ("~$lock-file.docx", "Word lock file (the document was open in Word)")
    ]
    assert [(f.path, f.code) for f in portfolio.failures] == [
        ("empty.docx", "E202"),
        ("encrypted.pdf", "E206"),
        ("renamed-text.docx", "E205"),
        ("truncated.docx", "E204"),
    ]
    for failure in portfolio.failures:
        assert failure.message.startswith(f"{failure.code} ")  # the numbered reason, as reports show it
        assert "." in failure.message  # a full sentence saying what to do
    assert _hashes(BROKEN) == before


def test_portfolio_password_opens_encrypted_pdf():
    portfolio = load_portfolio([BROKEN / "encrypted.pdf"], password="secret")
    assert portfolio.failures == ()
    assert portfolio.documents[0].path == str(BROKEN / "encrypted.pdf")


def test_portfolio_sample_portfolio_loads_cleanly():
    portfolio = load_portfolio([FIXTURES / "sample-portfolio"])
    assert [d.path for d in portfolio.documents] == [
        "coaching-log.md", "reflective-account.docx", "witness-testimony.pdf"
    ]
    assert portfolio.failures == () and portfolio.skipped == ()


@pytest.mark.parametrize(
    "name, skipped",
    [
        ("~$minutes.docx", True),
        (".hidden.docx", True),
        ("~WRL0001.tmp", True),
        ("draft.tmp", True),
        (".notes.md.swp", True),
        (".DS_Store", True),
        ("Thumbs.db", True),
        ("desktop.ini", True),
        ("minutes.docx", False),
        ("notes~v2.txt", False),
    ],
)
def test_portfolio_skip_rules(name, skipped):
    assert (skip_reason(name) is not None) == skipped


def test_portfolio_folder_recursive_sorted_relative_paths(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("ignored")
    (tmp_path / "b" / "z.txt").write_text("zed")
    (tmp_path / "a.md").write_text("# A")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "sheet.csv").write_text("a,b\n1,2\n")
    (tmp_path / "old.doc").write_bytes((FIXTURES / "old-word.doc").read_bytes())
    (tmp_path / "really-a-pdf.bin").write_bytes((FIXTURES / "rich.pdf").read_bytes())
    seen: list[tuple[str, int, int]] = []
    portfolio = load_portfolio([tmp_path], on_progress=lambda p, done, total: seen.append((p, done, total)))
    assert [d.path for d in portfolio.documents] == ["a.md", "b/z.txt", "really-a-pdf.bin"]
    assert [(f.path, f.code) for f in portfolio.failures] == [
        ("old.doc", "E203"), ("photo.png", "E203"), ("sheet.csv", "E203")
    ]
    assert "OCR is not supported" in portfolio.failures[1].message
    assert "save it as .docx" in portfolio.failures[0].message
    assert seen[0] == ("a.md", 0, 6)


def test_portfolio_size_limit_checked_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    portfolio = load_portfolio([path], limits=Limits(max_file_size=10))
    assert portfolio.failures[0].code == "E208"


def test_portfolio_missing_file_is_e201(tmp_path):
    portfolio = load_portfolio([tmp_path / "nope.docx"])
    assert portfolio.failures[0].code == "E201"


def test_portfolio_unexpected_error_in_process_is_one_failure(tmp_path, monkeypatch):
    import evidencecheck.portfolio as portfolio_module

    def broken(file, display, limits, password):
        if file.name == "bad.md":
            raise ValueError("a bug, not a document problem")
        return real(file, display, limits, password)

    real = portfolio_module._load_one
    monkeypatch.setattr(portfolio_module, "_load_one", broken)
    (tmp_path / "bad.md").write_text("# Bad\n\ntext\n")
    (tmp_path / "good.md").write_text("# Good\n\ntext\n")
    portfolio = load_portfolio([tmp_path], isolate=False)
    assert [d.path for d in portfolio.documents] == ["good.md"]
    assert [(f.path, f.code) for f in portfolio.failures] == [("bad.md", "E217")]
    assert portfolio.failures[0].message == ("E217 the file could not be read (its content could not be "
                                             "interpreted). It may be damaged; save it again and re-add it.")

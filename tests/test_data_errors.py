"""Every kind of bad data stops loading (and the build) with its one exact message."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from macros.errors import DataError
from macros.loading import load_handbook

CASES_DIR = Path(__file__).parent / "data_errors"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
# The day the cases are judged on, fixed so that no message depends on when the suite runs.
TODAY = dt.date(2099, 12, 31)


def data_with(case: str, destination: Path) -> Path:
    """A copy of data/ with the case's bad file(s) laid over it."""
    data = destination / "data"
    shutil.copytree(ROOT / "data", data)
    # A case's files sit where they go in data/: checklists/<id>.yml replaces that checklist.
    for bad in (CASES_DIR / case).rglob("*.yml"):
        shutil.copy2(bad, data / bad.relative_to(CASES_DIR / case))
    return data


def expected_message(case: str) -> str:
    """The one message a case must produce."""
    return (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").strip()


def test_the_corpus_covers_every_kind_of_bad_data() -> None:
    """One case per failure the foundation issue names, so none goes untested."""
    assert {"yaml-syntax", "empty-file", "wrong-type", "missing-field", "unknown-field",
            "duplicate-id", "dangling-reference", "not-utf8"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_data_raises_its_exact_message(case: str, tmp_path: Path) -> None:
    """Loading stops with a message naming file, line, entry and field, and what was expected."""
    with pytest.raises(DataError) as raised:
        load_handbook(data_with(case, tmp_path), today=TODAY)
    assert str(raised.value) == expected_message(case)
    assert "expected" in str(raised.value)


def test_real_data_loads() -> None:
    """The project's own data is valid."""
    handbook = load_handbook(ROOT / "data")
    assert len(handbook.categories) == 17
    assert handbook.vendors


@pytest.mark.slow
@pytest.mark.parametrize("case", ["unknown-field", "not-utf8", "dangling-reference"])
def test_bad_data_stops_the_build_without_traceback_or_site(case: str, tmp_path: Path) -> None:
    """The strict build exits non-zero, prints the message once, no traceback, writes no site."""
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data")
    data_with(case, project)
    site = tmp_path / "site"
    result = build_site(project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert output.count(expected_message(case)) == 1
    assert "Traceback" not in output
    assert not site.exists()


def test_markup_in_a_data_field_is_shown_as_text(tmp_path: Path) -> None:
    """HTML written into a data field reaches the page escaped, never as elements."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    glossary_file = data / "glossary.yml"
    text = glossary_file.read_text(encoding="utf-8")
    hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    glossary_file.write_text(text.replace("definition: ", f"definition: {hostile}", 1), encoding="utf-8")
    from macros.glossary import glossary
    shown = glossary(load_handbook(data))
    assert "&lt;script&gt;" in shown
    assert "<script" not in shown and "<img" not in shown

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from jobmaal.catalog import default_catalog, load_catalog
from jobmaal.errors import CatalogError

LETTER = Path(__file__).resolve().parents[3] / "shared" / "seed" / "ministerens-brev-maal-2021.txt"


def test_2021_has_the_five_goals_of_the_letter() -> None:
    goals = default_catalog().year(2021).goals
    assert [g.number for g in goals] == [1, 2, 3, 4, 5]
    titles = [g.title.da for g in goals]
    assert titles == [
        "Alle ledige skal have en værdig sagsbehandling",
        "Flere ledige skal opkvalificeres",
        "Flere flygtninge og familiesammenførte skal være selvforsørgende",
        "Flere personer med handicap skal i beskæftigelse",
        "Virksomhederne skal sikres den nødvendige og kvalificerede arbejdskraft",
    ]
    if LETTER.is_file():  # the letter itself, where the shared folder is present
        text = LETTER.read_text(encoding="utf-8")
        for number, title in enumerate(titles, start=1):
            assert f"{number}. {title}" in text
    assert not goals[0].quantifiable and goals[0].no_official_indicator is not None
    assert goals[3].no_official_indicator is not None  # disability: no official register indicator


def test_2020_continues_three_goals() -> None:
    keys = {g.key for g in default_catalog().year(2020).goals}
    assert keys == {"refugees_self_supporting", "disability_employment", "qualified_labour"}


def test_every_referenced_indicator_exists_and_is_complete() -> None:
    cat = default_catalog()
    for year in cat.years.values():
        for ind_id in year.indicator_ids():
            ind = cat.indicator(ind_id)
            assert ind.title.da and ind.title.en and ind.description.da and ind.description.en
            assert all(b in cat.breakdowns for b in ind.breakdowns)
    expected = {"mm13_refugees_employed_share", "mm13_refugees_190h_share", "mm17_upskilling_starts",
                "mm17_upskilling_share", "recruitment_unsuccessful_share", "public_support_fulltime_share",
                "disability_employment_rate"}
    assert set(cat.indicators) == expected


def test_unknown_year_is_a_clear_error() -> None:
    with pytest.raises(CatalogError, match="no goals for year 1999"):
        default_catalog().year(1999)


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    src = Path(str(files("jobmaal.catalog")))
    dst = tmp_path / "catalog"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


def test_a_copy_loads(catalog_copy: Path) -> None:
    assert sorted(load_catalog(catalog_copy).years) == [2020, 2021]


def test_typo_in_a_key_names_file_and_field(catalog_copy: Path) -> None:
    path = catalog_copy / "goals" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("quantifiable: false", "quantifyable: false"),
                    encoding="utf-8")
    with pytest.raises(CatalogError, match=r"2021\.yaml.*goals\.0\.quantifyable.*Extra inputs"):
        load_catalog(catalog_copy)


def test_unknown_indicator_reference(catalog_copy: Path) -> None:
    path = catalog_copy / "goals" / "2021.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[recruitment_unsuccessful_share]", "[no_such]"),
                    encoding="utf-8")
    with pytest.raises(CatalogError, match=r"2021\.yaml: goal 5 field 'indicators': unknown indicator 'no_such'"):
        load_catalog(catalog_copy)


def test_malformed_yaml(catalog_copy: Path) -> None:
    (catalog_copy / "goals" / "2021.yaml").write_text("goals: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"2021\.yaml: not valid YAML"):
        load_catalog(catalog_copy)


def test_bad_unit_in_indicator(catalog_copy: Path) -> None:
    path = catalog_copy / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: persons", "unit: people", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"indicators\.yaml: indicators\[1\].*field 'unit'"):
        load_catalog(catalog_copy)


def test_catalog_is_pure() -> None:
    import subprocess
    import sys

    code = "import sys, jobmaal.catalog; jobmaal.catalog.default_catalog(); print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

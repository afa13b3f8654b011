"""Each validation rule rejects a crafted bad file, naming file, line, column and value; every problem is listed.

The bad files are ``data/<table>-with-problems.csv``; the problems each should give are
written out here, one tuple per problem: (line, column, value shown, part of the message).
Person keys appear only as the first digits of their pseudonym, never raw.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jobmaal.errors import ValidationFailed
from jobmaal.registers.pseudonym import hmac_hex
from tests.registers.import_support import KEY, digest, run, source


def ps(raw_key: str) -> str:
    return "pseudonym " + hmac_hex(KEY, raw_key)[:12]


EXPECTED: dict[str, list[tuple[int, str | None, str, str]]] = {
    "persons": [
        (3, "birth_date", "'1985-02-30'", "does not parse as dato/date YYYY-MM-DD"),
        (9, "birth_date", "'05-06-1970'", "does not parse as dato/date YYYY-MM-DD"),
        (5, "disability", "'maybe'", "does not parse as true/false"),
        (7, "person_key", "(tom/empty)", "required value missing"),
        (9, "sex", "(tom/empty)", "required value missing"),
        (4, "sex", "'kvinde'", "not an allowed value (male, female)"),
        (5, "education", "'phd'", "not an allowed value (unskilled, vocational, higher)"),
        (8, "first_residence_permit_date", "'1959-01-01 < birth_date 1960-05-05'", "residence permit before birth"),
        (2, "person_key", f"'{ps('0101801234')}'", "the same key (person_key) occurs more than once"),
        (6, "person_key", f"'{ps('0101801234')}'", "the same key (person_key) occurs more than once"),
    ],
    "residence": [
        (6, "municipality_code", "'999'", "unknown municipality code"),
        (5, "valid_to", "'2012-05-15 <= valid_from 2012-05-15'", "the period ends before or when it starts"),
        (6, "person_key, valid_from", f"'{ps('0404754567')}, 2016-03-01'", "the same key (person_key, valid_from)"),
        (7, "person_key, valid_from", f"'{ps('0404754567')}, 2016-03-01'", "the same key (person_key, valid_from)"),
        (4, "valid_from", f"'2019-01-01, {ps('0202852345')}'", "overlaps an earlier period of the same person"),
        (8, "person_key", f"'{ps('1234567890')}'", "person_key is not in persons"),
    ],
    "benefit_weeks": [
        (10, None, "(too many columns: Expected Number of Columns: 4 Found: 5)", "the line cannot be read"),
        (5, "benefit_group", "'foo'", "not an allowed value (a_dagpenge, kontanthjaelp"),
        (9, "municipality_code", "(tom/empty)", "required value missing"),
        (6, "municipality_code", "'411' (411 is Christiansø, which is administered by the state and is not a "
         "municipality)", "unknown municipality code"),
        # line 11 comes after the broken line 10: its number must still be right
        (11, "municipality_code", "'0851'", "unknown municipality code"),
        (3, "week_start", "'2020-03-17 Tuesday'", "week_start is not a Monday"),
        (2, "person_key, week_start", f"'{ps('0202852345')}, 2020-03-16'", "the same key (person_key, week_start)"),
        (4, "person_key, week_start", f"'{ps('0202852345')}, 2020-03-16'", "the same key (person_key, week_start)"),
        (7, "person_key", f"'{ps('9999999999')}'", "person_key is not in persons"),
        (8, "week_start", "'1989-12-25 < birth_date 1990-03-03'", "the benefit week is before the person's birth"),
    ],
    "activities": [
        (6, "start_date", "'2020/09/01'", "does not parse as dato/date YYYY-MM-DD"),
        (4, "activity_type", "'yoga'", "not an allowed value (ordinary_education"),
        (5, "end_date", "(tom/empty)", "required value missing"),
        (3, "end_date", "'2020-08-03 < start_date 2020-09-25'", "end_date is before start_date"),
    ],
    "employment_months": [
        (5, "supported_wage_hours", "'abc'", "does not parse as tal med decimalpunktum / number with decimal point"),
        (6, "supported_wage_hours", "'12,5'", "does not parse as tal med decimalpunktum / number with decimal point"),
        (3, "month", "'2020-02-15'", "not the first day of a month"),
        (4, "unsupported_wage_hours", "'-5.0'", "hours must be a finite number >= 0"),
        (4, "person_key, month", f"'{ps('0303903456')}, 2020-02-01'", "the same key (person_key, month)"),
        (7, "person_key, month", f"'{ps('0303903456')}, 2020-02-01'", "the same key (person_key, month)"),
    ],
    "recruitment": [
        (8, "attempts", "'1.5'", "does not parse as heltal/integer"),
        (3, "rar_code", "'R09'", "unknown RAR area (R01, R02, R03, R04, R05, R06, R07, R08)"),
        (4, "period_start", "'2020-03-01'", "a half-year starts on 1 January or 1 July"),
        (6, "attempts", "'-1'", "a count cannot be negative"),
        (6, "unsuccessful", "'-2'", "a count cannot be negative"),
        (5, "unsuccessful", "'11 > attempts 10'", "more unsuccessful recruitments than attempts"),
        (2, "rar_code, period_start", "'R01, 2020-01-01'", "the same key (rar_code, period_start)"),
        (7, "rar_code, period_start", "'R01, 2020-01-01'", "the same key (rar_code, period_start)"),
    ],
}


def _prefix(table: str, line: int, column: str | None, value: str) -> str:
    col = f", kolonne/column {column}" if column else ""
    return f"{table}: {table}.csv linje/line {line}{col}, værdi/value {value}: "


@pytest.fixture(scope="module")
def previous_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A store holding a good import, and its files' digests, shared by the refusal tests."""
    tmp = tmp_path_factory.mktemp("previous")
    store = tmp / "store"
    run(source(tmp), store)
    return store, digest(store)


@pytest.mark.parametrize("table", list(EXPECTED))
def test_every_problem_of_a_bad_file_is_named_and_the_old_data_stays(
        table: str, tmp_path: Path, previous_store: tuple[Path, dict[str, str]]) -> None:
    store, before = previous_store
    link_before = store.readlink()
    with pytest.raises(ValidationFailed) as failed:
        run(source(tmp_path, {table: f"{table}-with-problems.csv"}), store)
    problems = failed.value.problems
    for line, column, value, message in EXPECTED[table]:
        prefix = _prefix(table, line, column, value)
        matching = [p for p in problems if p.startswith(prefix) and message in p]
        assert len(matching) == 1, f"expected one problem starting {prefix!r} with {message!r}; got:\n" + "\n".join(
            problems)
    assert len(problems) == len(EXPECTED[table])  # every problem, and nothing else
    assert store.readlink() == link_before and digest(store) == before
    assert not [p for p in store.parent.joinpath("store.versions").iterdir() if p.name.endswith(".staging")]


def test_all_tables_problems_are_reported_together(tmp_path: Path) -> None:
    src = source(tmp_path, {t: f"{t}-with-problems.csv" for t in EXPECTED})
    with pytest.raises(ValidationFailed) as failed:
        run(src, tmp_path / "store")
    assert len(failed.value.problems) == sum(len(v) for v in EXPECTED.values())
    assert "44 fejl i alt / problems in all" in str(failed.value)
    assert not (tmp_path / "store").exists()  # a first import that fails creates no DIR


def test_raw_person_keys_never_appear_in_problems(tmp_path: Path) -> None:
    src = source(tmp_path, {t: f"{t}-with-problems.csv" for t in EXPECTED})
    with pytest.raises(ValidationFailed) as failed:
        run(src, tmp_path / "store")
    for raw in ("0101801234", "0202852345", "0404754567", "9999999999", "1234567890"):
        assert raw not in str(failed.value)


def test_examples_are_capped_per_rule_with_the_total(tmp_path: Path) -> None:
    tuesdays = [dt.date(2020, 1, 7) + dt.timedelta(weeks=k) for k in range(25)]
    rows = "".join(f"0202852345,{d.isoformat()},kontanthjaelp,730\n" for d in tuesdays)
    src = source(tmp_path, {"benefit_weeks": "person_key,week_start,benefit_group,municipality_code\n" + rows})
    with pytest.raises(ValidationFailed) as failed:
        run(src, tmp_path / "store")
    problems = failed.value.problems
    assert len(problems) == 21  # 20 examples and one line with the total
    assert [int(p.split("linje/line ")[1].split(",")[0]) for p in problems[:20]] == list(range(2, 22))
    assert problems[20] == ("benefit_weeks: ugens start er ikke en mandag / week_start is not a Monday: "
                            "25 i alt / in all (20 vist / shown) [week_start_monday]")
    assert "25 fejl i alt / problems in all" in str(failed.value)

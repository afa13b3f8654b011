"""The gate on small hand-made tables whose answer is worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from jobmaal.disclosure import DisclosedValues, DisclosurePolicy, Geography, disclose
from jobmaal.errors import DisclosureError, UnknownAreaError
from tests.disclosure.tables import BREAKDOWNS, GEO3, Spec, build, facts

# Two regions, two RAR areas that cross them.
GEO4 = Geography(region_of={"101": "1081", "102": "1081", "201": "1082", "202": "1082"},
                 rar_of={"101": "R01", "102": "R02", "201": "R01", "202": "R02"})
KINDS = {b: kind for b, (kind, _) in BREAKDOWNS.items()}


def counts(geo: Geography, nums: dict[str, int], breakdowns: tuple[str, ...] = (),
           cells: dict[str, dict[tuple[str, str], tuple[int, int | None]]] | None = None,
           share: bool = False) -> pd.DataFrame:
    spec = Spec(geo, breakdowns, share, 1)
    for m in geo.region_of:
        spec.cells[(0, m)] = cells[m] if cells else {("", ""): (nums[m], None)}
    return build(spec)


def status(out: pd.DataFrame, area: str, bd: str = "", bv: str = "") -> str:
    row = out[(out.area_code == area) & (out.breakdown == bd) & (out.breakdown_value == bv)]
    assert len(row) == 1
    return str(row["suppressed"].iloc[0])


def test_one_small_municipality_gets_the_smallest_other_as_complement() -> None:
    out = disclose(counts(GEO3, {"101": 3, "102": 10, "103": 20}), geography=GEO3, facts=facts()).frame
    assert [status(out, a) for a in ("101", "102", "103", "1081", "R01", "000")] == \
        ["primary", "secondary", "", "", "", ""]
    row = out[out.area_code == "101"].iloc[0]
    assert np.isnan(row.value) and np.isnan(row.numerator)
    assert out[out.area_code == "103"].iloc[0].numerator == 20.0
    assert list(out.columns) == ["indicator_id", "area_type", "area_code", "period", "breakdown",
                                 "breakdown_value", "value", "numerator", "denominator", "run_id", "suppressed"]


def test_zero_is_shown_and_not_chosen_as_complement_while_others_exist() -> None:
    out = disclose(counts(GEO3, {"101": 2, "102": 0, "103": 30}), geography=GEO3, facts=facts()).frame
    assert [status(out, a) for a in ("101", "102", "103")] == ["primary", "", "secondary"]
    assert out[out.area_code == "102"].iloc[0].numerator == 0.0


def test_suppress_zeros_policy_hides_zero_counts() -> None:
    policy = DisclosurePolicy(suppress_zeros=True)
    out = disclose(counts(GEO3, {"101": 7, "102": 0, "103": 30}), policy, geography=GEO3, facts=facts()).frame
    assert [status(out, a) for a in ("101", "102", "103")] == ["secondary", "primary", ""]


def test_threshold_is_configurable() -> None:
    table = counts(GEO3, {"101": 6, "102": 10, "103": 20})
    assert status(disclose(table, geography=GEO3, facts=facts()).frame, "101") == ""
    out = disclose(table, DisclosurePolicy(threshold=7), geography=GEO3, facts=facts()).frame
    assert [status(out, a) for a in ("101", "102", "103")] == ["primary", "secondary", ""]


def test_crossing_hierarchies_protect_each_other() -> None:
    # 101 is small. Its region (1081) and its RAR area (R01) each need a second hidden cell.
    out = disclose(counts(GEO4, {"101": 2, "102": 40, "201": 30, "202": 50}), geography=GEO4,
                   facts=facts()).frame
    hidden = set(out.loc[out.suppressed != "", "area_code"])
    assert {"101"} < hidden
    assert hidden & {"102", "1081"} and hidden & {"201", "R01"}
    # Whatever was chosen, 101 cannot be computed: check by subtraction along every relation.
    from tests.disclosure.checker import leaks
    assert leaks(counts(GEO4, {"101": 2, "102": 40, "201": 30, "202": 50}), out, GEO4, KINDS, 5) == []


def test_breakdown_cells_add_up_to_the_total() -> None:
    cells = {
        "101": {("", ""): (12, None), ("sex", "male"): (9, None), ("sex", "female"): (3, None)},
        "102": {("", ""): (40, None), ("sex", "male"): (20, None), ("sex", "female"): (20, None)},
        "103": {("", ""): (50, None), ("sex", "male"): (24, None), ("sex", "female"): (26, None)},
    }
    out = disclose(counts(GEO3, {}, ("sex",), cells), geography=GEO3, facts=facts()).frame
    assert status(out, "101", "sex", "female") == "primary"
    # within 101: male is the complement (parts before the total); across areas: 102 female (smallest)
    assert status(out, "101", "sex", "male") == "secondary"
    assert status(out, "102", "sex", "female") == "secondary"
    assert status(out, "101") == ""


def test_small_denominator_of_an_event_breakdown_hides_all_its_cells() -> None:
    values = BREAKDOWNS["benefit_group"][1]
    big = {("", ""): (30, 60)} | {("benefit_group", v): (10, 60) for v in values}
    small = {("", ""): (3, 4)} | {("benefit_group", v): (1, 4) for v in values}
    cells = {"101": small, "102": big, "103": big}
    out = disclose(counts(GEO3, {}, ("benefit_group",), cells, share=True), geography=GEO3, facts=facts()).frame
    for v in ("", *values):
        assert status(out, "101", "benefit_group" if v else "", v) == "primary"


def test_survey_figures_use_the_minimum_number_of_responses() -> None:
    rows = []
    for code, typ, unsuccessful, attempts in [("R01", "rar", 2, 8), ("R02", "rar", 30, 120),
                                               ("R03", "rar", 50, 200), ("000", "country", 82, 328)]:
        rows.append(dict(indicator_id="recruitment", area_type=typ, area_code=code, period=dt.date(2024, 1, 1),
                         breakdown="", breakdown_value="", value=100 * unsuccessful / attempts,
                         numerator=float(unsuccessful), denominator=float(attempts), numerator_persons=None,
                         denominator_persons=None, run_id="r"))
    geo = Geography(region_of={"101": "1081", "102": "1081", "103": "1081"},
                    rar_of={"101": "R01", "102": "R02", "103": "R03"})
    table = pd.DataFrame(rows)
    f = facts(sources={"recruitment": "survey"})
    d = disclose(table, geography=geo, facts=f)
    out = d.frame
    assert [status(out, a) for a in ("R01", "R02", "R03", "000")] == ["primary", "secondary", "", ""]
    assert d.explanations("en").iloc[0] == "Suppressed: the figure is based on fewer than 10 responses"
    out = disclose(table, DisclosurePolicy(survey_min_responses=5), geography=geo, facts=f).frame
    assert (out.suppressed == "").all()


def test_pyarrow_input_gives_the_same_result() -> None:
    table = counts(GEO3, {"101": 3, "102": 10, "103": 20})
    a = disclose(table, geography=GEO3, facts=facts()).frame
    b = disclose(pa.Table.from_pandas(table), geography=GEO3, facts=facts()).frame
    assert list(a.suppressed) == list(b.suppressed)


def test_disclosed_values_cannot_be_made_around_the_gate() -> None:
    with pytest.raises(TypeError, match="disclose"):
        DisclosedValues(pd.DataFrame(), DisclosurePolicy(), applied=True, responses=np.zeros(0, dtype=bool))


def test_filtering_after_the_gate_keeps_the_suppression() -> None:
    d = disclose(counts(GEO3, {"101": 3, "102": 10, "103": 20}), geography=GEO3, facts=facts())
    part = d.filter(areas=["101", "103"])
    assert isinstance(part, DisclosedValues) and len(part) == 2
    assert list(part.frame.suppressed) == ["primary", ""]
    assert list(part.explanations("da")) == ["Diskretioneret: tallet bygger på færre end 5 personer", ""]
    assert part.to_arrow().num_rows == 2
    assert len(d.filter(periods=[dt.date(2024, 1, 1)])) == 6 and len(d.filter(periods=[dt.date(2023, 1, 1)])) == 0
    summary = d.summary()
    assert summary.loc["(all)", "primary"] == 1 and summary.loc["(all)", "secondary"] == 1
    assert summary.loc["x", "rows"] == 6


def test_a_subset_of_areas_is_refused() -> None:
    table = counts(GEO3, {"101": 3, "102": 10, "103": 20})
    with pytest.raises(DisclosureError, match=r"2 of 3 municipality areas.*filter the DisclosedValues"):
        disclose(table[table.area_code != "103"], geography=GEO3, facts=facts())


def test_a_subset_of_breakdown_cells_is_refused(tmp_path: object) -> None:
    from jobmaal.disclosure import CatalogFacts

    table = counts(GEO3, {"101": 3, "102": 10, "103": 20})
    f = CatalogFacts(sources={}, families={}, breakdown_kinds={}, cells={"x": frozenset({("", ""), ("sex", "male")})})
    with pytest.raises(DisclosureError, match=r"indicator 'x' lacks breakdown cell\(s\) \[\('sex', 'male'\)\]"):
        disclose(table, geography=GEO3, facts=f)


def test_a_missing_linked_indicator_is_refused() -> None:
    table = counts(GEO3, {"101": 3, "102": 10, "103": 20})
    f = facts(families={"x": "x", "x_share": "x"})
    with pytest.raises(DisclosureError, match=r"'x' shares figures with \['x_share'\]"):
        disclose(table, geography=GEO3, facts=f)


def test_bad_input_is_named() -> None:
    table = counts(GEO3, {"101": 3, "102": 10, "103": 20})
    with pytest.raises(DisclosureError, match=r"lack column\(s\) \['numerator_persons'\]"):
        disclose(table.drop(columns="numerator_persons"), geography=GEO3, facts=facts())
    with pytest.raises(DisclosureError, match="row 6: a second row for indicator_id=x"):
        disclose(pd.concat([table, table.iloc[[0]]], ignore_index=True), geography=GEO3, facts=facts())
    bad = table.copy()
    bad.loc[2, "area_code"] = "999"
    with pytest.raises(UnknownAreaError, match="row 2: unknown area code '999'"):
        disclose(bad, geography=GEO3, facts=facts())
    with pytest.raises(DisclosureError, match="expected a pandas DataFrame"):
        disclose([1, 2, 3], geography=GEO3, facts=facts())  # type: ignore[arg-type]


def test_empty_values_pass() -> None:
    table = counts(GEO3, {"101": 3, "102": 10, "103": 20}).iloc[0:0]
    d = disclose(table, geography=GEO3, facts=facts())
    assert len(d) == 0 and d.disclosure_applied

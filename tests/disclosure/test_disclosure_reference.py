"""The gate with the real geography (98 municipalities, Bornholm as its own RAR area) and catalogue."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from jobmaal.catalog import default_catalog
from jobmaal.disclosure import default_facts, disclose, facts_from_catalog, reference_geography
from jobmaal.reference import COUNTRY_CODE, municipalities, rar_areas
from tests.disclosure.checker import leaks
from tests.disclosure.tables import Spec, build


def test_catalogue_links_indicators_that_share_figures() -> None:
    f = facts_from_catalog(default_catalog())
    assert f.family("mm17_upskilling_starts") == f.family("mm17_upskilling_share")
    assert f.family("mm13_refugees_employed_share") == f.family("mm13_refugees_190h_share")
    others = ["public_support_fulltime_share", "recruitment_unsuccessful_share", "disability_employment_rate"]
    assert len({f.family(i) for i in others} | {f.family("mm17_upskilling_starts"),
                                                f.family("mm13_refugees_190h_share")}) == 5
    assert f.source("recruitment_unsuccessful_share") == "survey" and f.source("local_indicator") == "register"
    assert f.kind("benefit_group") == "event" and f.kind("sex") == "person"
    assert ("education", "unskilled") in f.cells["mm17_upskilling_share"]


def test_real_geography_no_small_count_can_be_derived() -> None:
    rng = np.random.default_rng(7)
    geo = reference_geography()
    spec = Spec(geo, (), False, 2)
    for p in range(2):
        for m in municipalities():
            # small municipalities get small counts, like a monthly count of upskilling starts
            spec.cells[(p, m.code)] = {("", ""): (int(rng.poisson(m.population / 8000)), None)}
    table = build(spec, indicator="local_starts")
    out = disclose(table).frame
    assert (out.suppressed == "primary").sum() > 5
    assert leaks(table, out, geo, {}, 5) == []


def test_recruitment_survey_at_rar_level_with_the_default_catalogue() -> None:
    rars = sorted(rar_areas())
    attempts = {k: 300 + 10 * i for i, k in enumerate(rars)} | {"R08": 7}
    rows = [dict(indicator_id="recruitment_unsuccessful_share", area_type=t, area_code=c, period=dt.date(2024, 1, 1),
                 breakdown="", breakdown_value="", value=25.0, numerator=a / 4, denominator=float(a),
                 numerator_persons=None, denominator_persons=None, run_id="r")
            for t, c, a in [("rar", k, attempts[k]) for k in rars] + [("country", COUNTRY_CODE,
                                                                    sum(attempts.values()))]]
    d = disclose(pd.DataFrame(rows))
    status = dict(zip(d.frame.area_code, d.frame.suppressed, strict=True))
    assert status["R08"] == "primary"
    assert status["R01"] == "secondary"  # the smallest other RAR area
    assert sum(s == "" for s in status.values()) == len(rars) - 1  # the rest, with the country
    assert default_facts().source("recruitment_unsuccessful_share") == "survey"

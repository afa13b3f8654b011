"""One chunk of persons, from attributes to the rows of every person table, written as part files.

A chunk depends only on (seed, chunk number, options), never on other chunks, so chunks can
be generated in any order or in parallel and still give the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from jobmaal.registers.store import write_part
from jobmaal.registers.synthetic.activities import draw_activities
from jobmaal.registers.synthetic.benefits import benefit_rows, draw_benefits
from jobmaal.registers.synthetic.calendar import Calendar
from jobmaal.registers.synthetic.employment import employment_rows
from jobmaal.registers.synthetic.labour import draw_jobs, job_logodds, municipality_by_month
from jobmaal.registers.synthetic.municipalities import MunicipalityParams, allocate, draw_municipalities
from jobmaal.registers.synthetic.options import GenerateOptions
from jobmaal.registers.synthetic.persons import draw_persons
from jobmaal.registers.synthetic.residence import draw_residence, residence_rows
from jobmaal.registers.synthetic.tables import TableBuilder, person_keys

PERSON_TABLES = ("persons", "residence", "benefit_weeks", "activities", "employment_months")


@dataclass(frozen=True)
class ChunkResult:
    chunk: int
    rows: dict[str, int]


@cache
def _world(seed: int, persons: int) -> tuple[MunicipalityParams, np.ndarray]:
    """Municipalities and everyone's first municipality: the same in every chunk and worker process."""
    mp = draw_municipalities(seed)
    return mp, allocate(persons, mp.weight, seed)


def generate_chunk(options: GenerateOptions, chunk: int, out_dir: Path) -> ChunkResult:
    """Generate persons ``options.chunk_bounds(chunk)`` and write their part files into ``out_dir``."""
    mp, first_mun = _world(options.seed, options.persons)
    cal = Calendar(options.first_month, options.last_month)
    lo, hi = options.chunk_bounds(chunk)
    # One independent stream per chunk and step: changing one step leaves the others' draws alone.
    streams = np.random.SeedSequence([options.seed, 1, chunk]).spawn(7)
    rng = [np.random.default_rng(s) for s in streams]

    p = draw_persons(rng[0], cal, mp, first_mun[lo:hi], lo)
    res = draw_residence(rng[1], cal, mp, p)
    jobs = draw_jobs(rng[2], job_logodds(cal, mp, p, municipality_by_month(cal, res)))
    state = draw_benefits(rng[3], cal, mp, p, res, jobs)
    weeks = benefit_rows(cal, res, state)
    acts = draw_activities(rng[4], cal, mp, p, res, state, weeks)

    # Write each table as soon as it is complete, so that its arrays can be freed (bounded memory).
    build = TableBuilder(person_keys(p.index), mp.codes)
    rows: dict[str, int] = {}

    def write(name: str, table: pa.Table) -> None:
        rows[name] = table.num_rows
        write_part(out_dir, name, chunk, table)

    write("benefit_weeks", build.benefit_weeks(weeks, cal.mondays))
    del weeks
    work = employment_rows(rng[5], cal, p, res, state, jobs, acts)
    del state, jobs
    write("employment_months", build.employment_months(work, cal.month_starts))
    del work
    write("activities", build.activities(acts))
    write("residence", build.residence(residence_rows(res)))
    write("persons", build.persons(p.birth, p.female, p.education, p.basis, p.permit, p.disability))
    return ChunkResult(chunk, {name: rows[name] for name in PERSON_TABLES})

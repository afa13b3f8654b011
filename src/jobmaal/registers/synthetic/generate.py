"""Generate a whole synthetic register data directory: chunks, recruitment, metadata, atomic swap-in."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jobmaal import __version__
from jobmaal.errors import GeneratorError
from jobmaal.registers.store import is_register_dir, read_meta, staging_dir, swap_in, write_meta, write_part
from jobmaal.registers.synthetic.calendar import Calendar, to_date
from jobmaal.registers.synthetic.chunk import PERSON_TABLES, ChunkResult, generate_chunk
from jobmaal.registers.synthetic.municipalities import draw_municipalities
from jobmaal.registers.synthetic.options import GenerateOptions
from jobmaal.registers.synthetic.recruitment import recruitment_rows
from jobmaal.registers.synthetic.tables import recruitment_table

Progress = Callable[[int, int], None]  # (persons done, persons in all)


def check_target(out: Path) -> None:
    """Refuse to replace anything but an empty folder or earlier synthetic data."""
    if not out.exists():
        return
    if not out.is_dir():
        raise GeneratorError(f"--out {out}: exists and is not a folder")
    if not any(out.iterdir()):
        return
    if not is_register_dir(out):
        raise GeneratorError(f"--out {out}: the folder is not empty and holds no jobmaal register data; "
                             "choose an empty or new folder")
    if not read_meta(out).get("synthetic", False):
        raise GeneratorError(f"--out {out}: holds real (imported) register data, which generate never "
                             "overwrites; choose another folder")


def build_meta(options: GenerateOptions, rows: dict[str, int], files: dict[str, int]) -> dict[str, Any]:
    cal = Calendar(options.first_month, options.last_month)
    params = draw_municipalities(options.seed).to_meta()
    return {
        "synthetic": True,
        "label": {"da": "syntetiske data", "en": "synthetic data"},
        "generator": "jobmaal.registers.synthetic",
        "jobmaal_version": __version__,
        "seed": options.seed,
        "scale": options.scale.value if options.scale else None,
        "persons": options.persons,
        "start": options.first_month.strftime("%Y-%m"),
        "end": options.last_month.strftime("%Y-%m"),
        "period_from": options.first_month.isoformat(),
        "period_to": options.last_month.isoformat(),
        "first_week": to_date(cal.monday0).isoformat(),
        "last_week": to_date(int(cal.mondays[-1])).isoformat(),
        "chunk_persons": options.chunk_persons,
        "tables": {name: {"rows": rows[name], "files": files[name]} for name in sorted(rows)},
        **params,
    }


def _run_chunks(options: GenerateOptions, staging: Path, workers: int, progress: Progress | None
                ) -> list[ChunkResult]:
    chunks = range(options.n_chunks)

    def done(result: ChunkResult) -> None:
        if progress:
            lo, hi = options.chunk_bounds(result.chunk)
            progress(hi - lo, options.persons)

    results: list[ChunkResult] = []
    if workers <= 1 or options.n_chunks == 1:
        for chunk in chunks:
            results.append(generate_chunk(options, chunk, staging))
            done(results[-1])
        return results
    # Separate processes: NumPy generation is single-threaded. "spawn" keeps workers free of the
    # parent's threads (the progress bar's refresh thread).
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(generate_chunk, options, chunk, staging) for chunk in chunks]
        for future in cf.as_completed(futures):
            results.append(future.result())
            done(results[-1])
    return sorted(results, key=lambda r: r.chunk)


def generate(options: GenerateOptions, *, workers: int = 1, progress: Progress | None = None) -> dict[str, Any]:
    """Write the synthetic registers to ``options.out``; returns the metadata written beside them.

    The data is built in a staging folder and swapped in at the end, so an interrupted run
    leaves the previous folder untouched.
    """
    out = options.out.absolute()
    check_target(out)
    staging = staging_dir(out)
    try:
        results = _run_chunks(options, staging, workers, progress)
        cal = Calendar(options.first_month, options.last_month)
        recruitment = recruitment_table(recruitment_rows(options.seed, cal))
        write_part(staging, "recruitment", 0, recruitment)
        rows = {name: sum(r.rows[name] for r in results) for name in PERSON_TABLES}
        rows["recruitment"] = recruitment.num_rows
        files = {name: options.n_chunks for name in PERSON_TABLES} | {"recruitment": 1}
        meta = build_meta(options, rows, files)
        write_meta(staging, meta)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return meta

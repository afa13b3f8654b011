"""Import speed and memory at medium scale (printed, never asserted).

Usage: python benchmarks/import_registers.py [--source /work/bench-data/medium] [--memory-limit 2GB]
       [--csv]

Imports a synthetic register directory (made with ``jobmaal generate --scale medium`` if the
source does not exist yet) into a scratch store under /work/bench-data/import-bench, in a child
process so that its peak RSS is its own, and prints rows per second per phase and in all.
``--csv`` first converts the source to CSV files and imports those instead.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import python_snippet, run_measured

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = Path("/work/bench-data/import-bench")

IMPORT = """
import json, sys, time
from pathlib import Path
from jobmaal.registers.importer import import_registers
from jobmaal.registers.pseudonym import load_key

class Phases:
    def __init__(self):
        self.times, self.name, self.start = {}, None, time.monotonic()
    def phase(self, description, total):
        self._close()
        self.name, self.start = description.split(" / ")[-1], time.monotonic()
    def advance(self, amount=1):
        pass
    def _close(self):
        if self.name:
            self.times[self.name] = time.monotonic() - self.start

phases = Phases()
key = load_key(environ={"JOBMAAL_PSEUDONYM_KEY": "benchmark-key-0123456789abcdef"})
summary = import_registers(Path(sys.argv[1]), Path(sys.argv[2]), key, memory_limit=sys.argv[3] or None,
                           progress=phases)
phases._close()  # "writing" includes the metadata and the swap
print(json.dumps({"rows": summary.rows, "seconds": summary.seconds, "phases": phases.times}))
"""

TO_CSV = """
import duckdb, sys
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
con = duckdb.connect()
for table in ("persons", "residence", "benefit_weeks", "activities", "employment_months", "recruitment"):
    (out / table).mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY (SELECT * FROM read_parquet('{src}/{table}/*.parquet')) TO '{out}/{table}/data.csv' "
                "(HEADER, DATEFORMAT '%Y-%m-%d')")
"""


def ensure_source(source: Path) -> None:
    if source.exists():
        return
    print(f"{source} missing: generating it with jobmaal generate --scale medium", flush=True)
    subprocess.run([str(ROOT / ".venv/bin/jobmaal"), "generate", "--scale", "medium", "--out", str(source)],
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/bench-data/medium"))
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB memory limit ('' for DuckDB's default)")
    parser.add_argument("--csv", action="store_true", help="import CSV copies of the source instead")
    args = parser.parse_args()
    ensure_source(args.source)
    source = args.source
    if args.csv:
        source = SCRATCH / "csv-source"
        if not source.exists():
            run_measured(python_snippet(TO_CSV, str(args.source), str(source)))
    store = SCRATCH / "store"
    measured = run_measured(python_snippet(IMPORT, str(source), str(store), args.memory_limit))
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    total = sum(result["rows"].values())
    print(f"source: {source} ({'CSV' if args.csv else 'Parquet'}), memory limit {args.memory_limit or 'default'}")
    for table, rows in result["rows"].items():
        print(f"  {table:<18} {rows:>14,} rows")
    for phase, seconds in result["phases"].items():
        print(f"  {phase:<18} {seconds:>8.1f} s")
    print(f"import: {total:,} rows in {measured.seconds:.1f} s = {total / measured.seconds:,.0f} rows/s "
          f"(wall, whole process); peak RSS {measured.peak_rss_mb:,.0f} MB")
    shutil.rmtree(store.with_name("store.versions"), ignore_errors=True)
    store.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""``jobmaal areas``: list every area jobmaal computes."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum

import typer

from jobmaal.reference import all_areas


class AreaFormat(StrEnum):
    CSV = "csv"
    TABLE = "table"


def areas(
    fmt: AreaFormat = typer.Option(AreaFormat.TABLE, "--format", help="csv or table."),
) -> None:
    """List every area: the country (000), regions, RAR areas and the 98 municipalities."""
    rows = [(a.area_type.value, a.code, a.name, a.region_code or "", a.rar_code or "") for a in all_areas()]
    if fmt is AreaFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["area_type", "area_code", "name", "region_code", "rar_code"])
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Type", "Kode", "Navn", "Region", "RAR", title="Områder / Areas")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("areas")(areas)

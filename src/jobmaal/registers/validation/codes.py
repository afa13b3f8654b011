"""Rule family "codes": municipality codes and RAR area codes must be known."""

from __future__ import annotations

from jobmaal.errors import UnknownAreaError
from jobmaal.reference import municipalities, municipality, rar_areas
from jobmaal.registers.readers import sql_ident
from jobmaal.registers.schema import Table
from jobmaal.registers.validation.checks import Check, in_list


def _municipality_reason(code: str | None) -> str | None:
    # The reference data knows why a code is not a municipality (e.g. 411 Christiansø).
    if code is None:
        return None
    try:
        municipality(code)
    except UnknownAreaError as exc:
        reason = str(exc).split(": ", 1)[-1]
        return None if reason.startswith("no municipality") else reason
    return None


def code_checks(table: Table) -> list[Check]:
    checks = []
    if "municipality_code" in table.column_names:
        codes = [m.code for m in municipalities()]
        checks.append(Check(
            "municipality_code_known", "municipality_code",
            f"{sql_ident('municipality_code')} NOT IN {in_list(codes)}", "municipality_code",
            "ukendt kommunekode / unknown municipality code (tre cifre, en af de 98 kommuner / "
            "three digits, one of the 98 municipalities)", _municipality_reason))
    if "rar_code" in table.column_names:
        checks.append(Check(
            "rar_code_known", "rar_code", f"rar_code NOT IN {in_list(sorted(rar_areas()))}", "rar_code",
            f"ukendt RAR-område / unknown RAR area ({', '.join(sorted(rar_areas()))})"))
    return checks

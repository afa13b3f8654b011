"""``jobmaal goals``: the minister's goals of a year and their indicators."""

from __future__ import annotations

import typer
from rich.console import Console

from jobmaal.catalog import default_catalog


def goals(
    year: int = typer.Option(..., "--year", help="The goal year, e.g. 2021."),
    lang: str = typer.Option("da", "--lang", help="da (Danish, default) or en (English)."),
) -> None:
    """Print the goals of a year and their indicators (Danish by default, --lang en for English)."""
    if lang not in ("da", "en"):
        raise typer.BadParameter("--lang must be da or en")
    cat = default_catalog()
    year_cat = cat.year(year)
    console = Console(highlight=False)
    heading = "Beskæftigelsespolitiske mål" if lang == "da" else "Employment-policy goals"
    console.print(f"[bold]{heading} {year}[/bold]")
    none_text = "(ingen officiel indikator)" if lang == "da" else "(no official indicator)"
    for goal in year_cat.goals:
        console.print(f"\n[bold]{goal.number}. {goal.title.get(lang)}[/bold]")
        for ind_id in goal.indicators:
            ind = cat.indicator(ind_id)
            console.print(f"   - {ind.id}: {ind.title.get(lang)}")
        if goal.no_official_indicator is not None:
            console.print(f"   {none_text} {goal.no_official_indicator.get(lang)}")
    if year_cat.context_indicators:
        console.print("\n[bold]" + ("Kontekstindikatorer" if lang == "da" else "Context indicators") + "[/bold]")
        for ind_id in year_cat.context_indicators:
            console.print(f"   - {ind_id}: {cat.indicator(ind_id).title.get(lang)}")


def register(app: typer.Typer) -> None:
    app.command("goals")(goals)

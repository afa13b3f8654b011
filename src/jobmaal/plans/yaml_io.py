"""A plan as YAML, for bulk work: export, edit, import. The file carries the version it was
exported from, so an import on top of a plan that changed meanwhile is refused (optimistic locking)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator

from jobmaal.errors import PlanValidationError
from jobmaal.plans.models import PlanContent
from jobmaal.plans.records import PlanVersion
from jobmaal.plans.validation import pydantic_problems

_HEADER = """\
# jobmaal: beskæftigelsesplan / employment plan
# 'version' er den version filen bygger på; import gemmer en ny version ovenpå den og afvises,
# hvis planen er ændret siden. / 'version' is the version this file is based on; an import saves a
# new version on top of it and is refused if the plan changed since. Use 0 for a new plan.
"""


class PlanDocument(PlanContent):
    """The YAML file: the content plus which plan and which base version."""

    municipality: str = Field(min_length=1, max_length=3)
    year: int = Field(ge=2000, le=2100)
    version: int = Field(ge=0, description="the version this file is based on; 0 = a new plan")
    demo: bool = False  # written on export of demo plans; ignored on import

    @field_validator("municipality", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        # ``municipality: 101`` unquoted is an int in YAML; codes are three-digit strings.
        return str(value).zfill(3) if isinstance(value, int) and not isinstance(value, bool) else value

    def content(self) -> PlanContent:
        return PlanContent.model_validate(self.model_dump(exclude={"municipality", "year", "version", "demo"}))


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None  # strategy texts stay readable
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def plan_to_yaml(plan: PlanVersion) -> str:
    data: dict[str, Any] = {"municipality": plan.municipality_code, "year": plan.year, "version": plan.version}
    if plan.is_demo:
        data["demo"] = True
    content = plan.content.to_json()
    for item in content["targets"]:
        if item.get("comment") is None:
            item.pop("comment", None)
    data.update(content)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return _HEADER + body


@dataclass(frozen=True)
class ParsedPlan:
    municipality: str
    year: int
    base_version: int
    content: PlanContent


def plan_from_yaml(text: str, source: str) -> ParsedPlan:
    """Parse and check the shape; ``PlanValidationError`` names the line (syntax) or the field."""
    header = f"{source} refused"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanValidationError([f"{source}: not valid YAML: {where}{problem}"], header=header) from exc
    if not isinstance(data, dict):
        raise PlanValidationError([f"{source}: expected a mapping with municipality, year, version, state, "
                                   f"strategies, targets, local_indicators; got {type(data).__name__}"],
                                  header=header)
    try:
        doc = PlanDocument.model_validate(data)
    except ValidationError as exc:
        raise PlanValidationError([f"{source}: {p}" for p in pydantic_problems(exc)], header=header) from exc
    return ParsedPlan(municipality=doc.municipality, year=doc.year, base_version=doc.version, content=doc.content())

"""Area names and codes of the official sources → jobmaal's areas (``jobmaal.reference``).

Jobindsats names areas ("Aarhus", "Hele landet", "Region Midtjylland", "RAR Østjylland"); StatBank uses
codes ("000", "084" for a region, "751"). Spellings that differ from the reference live in
``sources/data/areas.yaml``; a name that matches nothing is a ``MappingError`` naming it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from jobmaal.errors import MappingError, UnknownAreaError
from jobmaal.reference import COUNTRY_CODE, municipalities, municipality, rar_areas, regions
from jobmaal.reference.areas import COUNTRY_NAME


@dataclass(frozen=True, slots=True)
class AreaRef:
    area_type: str  # country | region | rar | municipality
    code: str


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFC", str(name)).casefold()
    text = re.sub(r"[-–—_/]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+kommune$", "", text)


def _ref_for_code(code: str) -> AreaRef:
    if code == COUNTRY_CODE:
        return AreaRef("country", code)
    if code in regions():
        return AreaRef("region", code)
    if code in rar_areas():
        return AreaRef("rar", code)
    return AreaRef("municipality", municipality(code).code)


@dataclass(frozen=True)
class AreaResolver:
    """Resolves source names to areas; ``None`` for names on the ignore list."""

    index: dict[str, AreaRef]
    ignored: frozenset[str]

    def resolve(self, name: str) -> AreaRef | None:
        key = normalise(name)
        if key in self.ignored:
            return None
        found = self.index.get(key)
        if found is not None:
            return found
        try:  # the reference's own look-up (codes and exact names)
            return AreaRef("municipality", municipality(str(name)).code)
        except UnknownAreaError:
            pass
        raise MappingError(f"unknown area name {name!r}: not a municipality, region, RAR area or the country "
                           "in jobmaal.reference; add the spelling to jobmaal/sources/data/areas.yaml "
                           "(or use --skip-unknown-areas)")

    def resolve_statbank(self, code: str, label: str = "") -> AreaRef | None:
        """StatBank area codes: "000", regions "081"–"085", municipalities "101"…; else by label."""
        text = str(code).strip()
        if text.isdigit() and len(text) == 3 and text.startswith("08"):
            return AreaRef("region", "1" + text)
        if text.isdigit() and len(text) <= 4:
            try:
                return _ref_for_code(text.zfill(3) if len(text) < 3 else text)
            except UnknownAreaError:
                if normalise(label) in self.ignored or text == "411":  # Christiansø
                    return None
        return self.resolve(label or text)


def request_name(code: str) -> str:
    """The name to send to Jobindsats for an area code (or a name, passed through checked)."""
    text = str(code).strip()
    if text in ("*", ""):
        return "*"
    if text == COUNTRY_CODE:
        return COUNTRY_NAME
    if text in regions():
        return regions()[text]
    if text in rar_areas():
        return rar_areas()[text]
    ref = default_resolver().resolve(text)
    if ref is None:
        raise MappingError(f"area {code!r} is on the ignore list of jobmaal/sources/data/areas.yaml")
    return request_name(ref.code) if ref.code != text else municipality(ref.code).name


@cache
def default_resolver() -> AreaResolver:
    text = files("jobmaal.sources").joinpath("data", "areas.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    index: dict[str, AreaRef] = {normalise(COUNTRY_NAME): AreaRef("country", COUNTRY_CODE)}
    for code, name in regions().items():
        index[normalise(name)] = AreaRef("region", code)
    for code, name in rar_areas().items():
        index[normalise(name)] = AreaRef("rar", code)
    for m in municipalities():
        index[normalise(m.name)] = AreaRef("municipality", m.code)
    for alias, code in (data.get("aliases") or {}).items():
        index[normalise(alias)] = _ref_for_code(str(code))
    ignored = frozenset(normalise(n) for n in (data.get("ignore") or []))
    return AreaResolver(index, ignored)

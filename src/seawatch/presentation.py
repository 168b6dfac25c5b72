"""The visual vocabulary of the legal-status model, shared by the web map and the static exports.

One place for how each status is filled and how each kind of line is drawn, so the dashboard,
the HTML export, the static map and the report pack look alike and a later change reaches all
of them. Plain data only (no folium, no matplotlib): `seawatch.mapping` turns it into Leaflet
styles and SVG patterns, `seawatch.export.static_map` into matplotlib patches and lines.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies), and the two statuses that matter most do not rely on colour alone: disputed
waters are hatched, joint arrangements dotted, agreed waters a light solid fill; undelimited
waters get a faint grey, single-claimant waters and unclaimed waters no fill.

Examples
--------
>>> STATUS_STYLE["disputed"].pattern, STATUS_STYLE["joint"].pattern
('hatch', 'dots')
>>> >>> list(STATUS_STYLE) == list(schema.STATUSES)
True
>>> LINE_STYLE["signed_boundary"].dash
(6.0, 4.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from seawatch.zones.status import STATUS_LABELS, STATUS_RULES

Pattern = Literal["hatch", "dots", "solid", "none"]

#: Okabe-Ito colours used below (name -> hex).
OKABE_ITO: Final = {
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "sky_blue": "#56B4E9",
    "blue": "#0072B2",
    "reddish_purple": "#CC79A7",
    "orange": "#E69F00",
    "grey": "#999999",
    "black": "#000000",
}


@dataclass(frozen=True)
class StatusStyle:
    """How one status is filled: colour, pattern, fill opacity, outline."""

    color: str
    pattern: Pattern
    fill_opacity: float
    outline_weight: float
    outline_opacity: float

    @property
    def filled(self) -> bool:
        """Whether the status is drawn at all (a fill or an outline)."""
        return self.pattern != "none" or self.outline_weight > 0


@dataclass(frozen=True)
class LineStyle:
    """How one kind of line is drawn; `dash` is on/off lengths in pixels (empty: solid)."""

    label: str
    color: str
    weight: float
    dash: tuple[float, ...]


#: Fill of each status, in the order of `schema.STATUSES`.
STATUS_STYLE: Final = {
    "disputed": StatusStyle(OKABE_ITO["vermillion"], "hatch", 0.55, 1.0, 0.8),
    "joint": StatusStyle(OKABE_ITO["bluish_green"], "dots", 0.8, 1.0, 0.8),
    "agreed": StatusStyle(OKABE_ITO["sky_blue"], "solid", 0.22, 0.5, 0.5),
    "undelimited": StatusStyle(OKABE_ITO["grey"], "solid", 0.10, 0.5, 0.4),
    "single": StatusStyle(OKABE_ITO["grey"], "none", 0.0, 0.4, 0.3),
    "none": StatusStyle(OKABE_ITO["grey"], "none", 0.0, 0.0, 0.0),
}

#: Kinds of line in ``data/eez/lines.geojson`` and how they are drawn.
LINE_STYLE: Final = {
    "agreed_boundary": LineStyle("Agreed boundary (in force)", OKABE_ITO["blue"], 2.5, ()),
    "signed_boundary": LineStyle(
        "Signed boundary, not in force", OKABE_ITO["blue"], 2.0, (6.0, 4.0)
    ),
    "claim_line": LineStyle(
        "Claim line (dashed line, Kalayaan limits)", OKABE_ITO["reddish_purple"], 2.0, (1.0, 5.0)
    ),
}

#: Zone kinds drawn as optional outline layers (off by default when the status layer exists).
OUTLINE_LAYERS: Final = {
    "entitlement": "200-nm entitlements (outline)",
    "eez_provisional": "EEZ claims (outline)",
    "claim": "Claim areas (outline)",
    "feature_ts": "12-nm territorial seas of features (outline)",
    "agreement": "Areas allocated by agreements (outline)",
    "joint": "Joint arrangement areas (outline)",
}
#: Name of the status layer (the map's fill).
STATUS_LAYER: Final = "Legal status of the waters"
#: Name of the line layer (boundaries and claim lines).
LINES_LAYER: Final = "Boundaries and claim lines"


def status_label(status: str) -> str:
    """The short label of a status (the status itself when unknown).

    Examples
    --------
    >>> status_label("undelimited"), status_label("odd")
    ('Undelimited', 'odd')
    """
    return STATUS_LABELS.get(status, status)


def status_sentence(status: str) -> str:
    """``"Label: rule"``, e.g. for a tooltip or a legend's help.

    Examples
    --------
    >>> status_sentence("single")
    'One claimant: one claim family, and no other state is entitled to it'
    """
    rule = STATUS_RULES.get(status)
    return f"{status_label(status)}: {rule}" if rule else status_label(status)


def disputed_definition() -> str:
    """What "disputed" means, for help texts and captions (one sentence, capitalised).

    Examples
    --------
    >>> disputed_definition().startswith('"Disputed": claims of two or more claim families')
    True
    """
    return f'"Disputed": {STATUS_RULES["disputed"]}.'


def dash_pattern(dash: tuple[float, ...]) -> str | None:
    """A Leaflet/SVG ``dashArray`` string (None for a solid line).

    Examples
    --------
    >>> dash_pattern((6.0, 4.0)), dash_pattern(())
    ('6 4', None)
    """
    return " ".join(f"{d:g}" for d in dash) if dash else None

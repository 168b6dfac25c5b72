"""The visual vocabulary of seawatch, shared by the web map, the charts and the static exports.

One place for the colour of each incident type and each state, the labels of countries, types,
statuses and features, how each status is filled and how each kind of line is drawn, so the
dashboard (map, legend, timeline chart), the HTML export, the static map and the report pack
look alike and a later change reaches all of them. Plain data only (no folium, no matplotlib,
no altair): `seawatch.mapping` turns it into Leaflet styles and SVG patterns,
`seawatch.export.static_map` into matplotlib patches and lines, `seawatch.ui.panels` into an
altair scale with a fixed domain.

The incident-type and state palettes were chosen for colour-vision deficiencies: every pair of
colours stays at least `MIN_CVD_DISTANCE` apart in CAM02-UCS for normal vision and under
simulated deuteranopia, protanopia and tritanopia (full severity), and away from the map's sea,
land and white (``tests/unit/test_palette.py`` checks it with colorspacious).

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies), and the two statuses that matter most do not rely on colour alone: disputed
waters are hatched, joint arrangements dotted, agreed waters a light solid fill; undelimited
waters get a faint grey, single-claimant waters and unclaimed waters no fill.

Examples
--------
>>> STATUS_STYLE["disputed"].pattern, STATUS_STYLE["joint"].pattern
('hatch', 'dots')
>>> list(STATUS_STYLE) == list(schema.STATUSES)
True
>>> LINE_STYLE["signed_boundary"].dash
(6.0, 4.0)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd

from seawatch import schema
from seawatch.errors import InputError
from seawatch.zones.agreements import AGREEMENTS, JOINT_AREAS, Agreement, JointArea
from seawatch.zones.features import FEATURES, Feature
from seawatch.zones.status import STATUS_LABELS, STATUS_RULES, agreement_key, parse_families

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


#: Least CAM02-UCS distance between any two type colours (or two state colours) under normal
#: vision and each simulated dichromacy; checked by ``tests/unit/test_palette.py``.
MIN_CVD_DISTANCE: Final = 15.0

#: One colour per incident type, in the order of `schema.INCIDENT_TYPES`: a qualitative
#: palette searched (``scripts/choose_palette.py``) for the largest least distance under the
#: simulated dichromacies (16.5 CAM02-UCS units, also from the sea, land and paper colours);
#: "other" is the neutral grey.
TYPE_COLORS: Final = dict(
    zip(
        schema.INCIDENT_TYPES,
        (
            "#6D0000",  # collision_ramming: dark red
            "#79AADB",  # water_cannon: light blue
            "#49FF00",  # laser_flare: bright green
            "#92490C",  # blocking_obstruction: brown
            "#31316D",  # boarding_seizure: navy
            "#926DFF",  # harassment_unsafe_maneuver: violet
            "#616161",  # swarming_militia_presence: dark grey
            "#DBB686",  # construction_reclamation: sand
            "#49799E",  # survey_drilling_standoff: slate blue
            "#AA7955",  # fishing_enforcement: tan
            "#49313D",  # piracy_armed_robbery: plum black
            "#6D00DB",  # aircraft_intercept: purple
            "#E78600",  # firing_weapons: orange
            "#999999",  # other: grey
        ),
        strict=True,
    )
)

#: One colour per claimant state, used for its zones, its chart bars and its map outlines.
STATE_COLORS: Final = {
    "BRN": "#6D5561",  # mauve grey
    "CHN": "#C24918",  # vermilion
    "IDN": "#6D0000",  # dark red
    "MYS": "#3D2486",  # indigo
    "PHL": "#79AAF3",  # light blue
    "TWN": "#8631FF",  # violet
    "VNM": "#FFAA00",  # amber
}
#: Colours of the states that are not claimants (picked by a stable hash of the code).
OTHER_STATE_COLORS: Final = ("#7f7f7f", "#b5b5b5", "#5c5c5c")

#: Colours the map and the static exports draw under the incidents (sea, land, paper).
BACKGROUND_COLORS: Final = {"sea": "#cfe3ef", "sea_print": "#eef4f8", "land": "#e9e4d8"}


def type_color(itype: object) -> str:
    """The colour of an incident type (the colour of "other" for an unknown one).

    Examples
    --------
    >>> type_color("water_cannon"), type_color("odd") == TYPE_COLORS["other"]
    ('#79AADB', True)
    """
    return TYPE_COLORS.get(str(itype), TYPE_COLORS["other"])


def type_label(itype: object) -> str:
    """The label of an incident type (``"Water cannon"``); an unknown type as given.

    Examples
    --------
    >>> type_label("water_cannon"), type_label("odd")
    ('Water cannon', 'odd')
    """
    return schema.INCIDENT_TYPE_LABELS.get(str(itype), str(itype))


def state_color(code: object) -> str:
    """The colour of a state: fixed for the claimants, a stable grey for the others.

    Examples
    --------
    >>> state_color("PHL") == STATE_COLORS["PHL"], state_color(None) == OTHER_STATE_COLORS[0]
    (True, True)
    """
    if not code:
        return OTHER_STATE_COLORS[0]
    text = str(code)
    if text in STATE_COLORS:
        return STATE_COLORS[text]
    digest = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    return OTHER_STATE_COLORS[digest % len(OTHER_STATE_COLORS)]


def chart_colors(by: str, groups: Iterable[object] = ()) -> tuple[list[str], list[str]]:
    """The colour scale (domain, range) of a chart stacked by ``"type"`` or ``"country"``.

    The domain is fixed, so a view that lacks a group does not recolour the others: every type
    label in the order of `schema.INCIDENT_TYPES`, or every claimant; groups outside it that
    are present (other states, unknown types) are added after it.

    Examples
    --------
    >>> domain, colours = chart_colors("type")
    >>> colours[domain.index("Water cannon")] == TYPE_COLORS["water_cannon"]
    True
    >>> chart_colors("country", ["USA", "PHL"])[0][-1]
    'USA'
    """
    if by == "type":
        known = {type_label(t): type_color(t) for t in schema.INCIDENT_TYPES}
        fallback = TYPE_COLORS["other"]
    elif by == "country":
        known = {c: state_color(c) for c in schema.CLAIMANTS}
        fallback = ""
    else:
        raise InputError(f"by={by!r} is not allowed; use 'type' or 'country'")
    extra = sorted({str(g) for g in groups} - set(known))
    domain = [*known, *extra]
    colours = [known.get(g) or fallback or state_color(g) for g in domain]
    return domain, colours


def country_name(code: object) -> str:
    """The English name of a state (``"Philippines"``); an unknown code as given.

    Examples
    --------
    >>> country_name("PHL"), country_name("XXX")
    ('Philippines', 'XXX')
    """
    return schema.COUNTRY_NAMES.get(str(code), str(code))


def country_label(code: object) -> str:
    """``"Philippines (PHL)"`` for a known code, else the code.

    Examples
    --------
    >>> country_label("PHL"), country_label("XXX")
    ('Philippines (PHL)', 'XXX')
    """
    name = schema.COUNTRY_NAMES.get(str(code))
    return f"{name} ({code})" if name else str(code)


def country_list(codes: Iterable[object]) -> str:
    """States spelled out for a title or a caption: ``"China, the Philippines and Vietnam"``.

    Examples
    --------
    >>> country_list(["PHL"]), country_list(["CHN", "PHL"]), country_list(["CHN", "USA", "VNM"])
    ('the Philippines', 'China and the Philippines', 'China, the United States and Vietnam')
    """
    names = [_with_article(str(c)) for c in codes]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


#: States whose English name takes "the" inside a sentence.
_THE: Final = frozenset({"PHL", "USA", "GBR", "NLD", "MHL", "BHS"})


def _with_article(code: str) -> str:
    name = country_name(code)
    return f"the {name}" if code in _THE else name


#: Place-name choices offered by the dashboard's map and its exports (any ISO3 code is accepted).
NAME_CHOICES: Final = ("en", "local", *schema.CLAIMANTS)
#: Place-name choices of the map and the exports, for messages.
NAME_MODES_DOC: Final = "'en', 'local' or an ISO3 code such as 'CHN', 'PHL', 'VNM'"


def check_names(names: str) -> str:
    """Validate a place-name choice (``"en"``, ``"local"`` or an ISO3 code); returns it, the
    code upper-cased. Raises `InputError` naming the value.

    Examples
    --------
    >>> check_names("local"), check_names("phl")
    ('local', 'PHL')
    """
    text = str(names)
    mode = text if text in ("en", "local") else text.upper()
    if mode in ("en", "local") or mode in schema.ISO3_CODES:
        return mode
    raise InputError(f"names={names!r} is not a place-name choice; use {NAME_MODES_DOC}")


def feature_label(feature: Feature, names: str = "en") -> str:
    """The label of a feature in the chosen naming.

    `names` is ``"en"`` (English), ``"local"`` (every claimant's name, joined with " / ") or an
    ISO3 code (that state's name, English when it has none).

    Examples
    --------
    >>> f = Feature("x", "Second Thomas Shoal", 9.7, 115.9, ("CHN", "PHL"), "Spratly Islands",
    ...             "https://example.org", {"CHN": "Ren'ai Jiao", "PHL": "Ayungin Shoal"})
    >>> feature_label(f, "PHL"), feature_label(f, "VNM")
    ('Ayungin Shoal', 'Second Thomas Shoal')
    >>> feature_label(f, "local")
    "Ren'ai Jiao / Ayungin Shoal"
    """
    mode = check_names(names)
    if mode == "en":
        return feature.name
    if mode == "local":
        return " / ".join(dict.fromkeys(feature.names.values())) or feature.name
    return feature.names.get(mode, feature.name)


def names_label(names: str) -> str:
    """How menus and legends name a place-name choice.

    Examples
    --------
    >>> names_label("en"), names_label("local"), names_label("PHL")
    ('English names', 'All local names', 'Philippines (PHL) names')
    """
    mode = check_names(names)
    if mode == "en":
        return "English names"
    if mode == "local":
        return "All local names"
    return f"{country_label(mode)} names"


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
    "agreed_boundary": LineStyle("Boundary line, in force", OKABE_ITO["blue"], 2.5, ()),
    "signed_boundary": LineStyle(
        "Boundary line, signed, not in force", OKABE_ITO["blue"], 2.0, (6.0, 4.0)
    ),
    "claim_line": LineStyle(
        "Claim line (dashed line, Kalayaan limits)",
        OKABE_ITO["reddish_purple"],
        2.5,
        (8.0, 4.0, 2.0, 4.0),
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


# --- plain-text facts for "What is here?" and the dossiers -------------------------------------

_SCOPES: Final = {
    "territorial_sea": "territorial sea",
    "continental_shelf": "continental shelf",
    "eez": "exclusive economic zone",
    "all": "territorial sea, EEZ and continental shelf",
    "fisheries": "fisheries",
}
_AWARD: Final = {
    "rock": "a rock (12-nm territorial sea, no EEZ or shelf)",
    "low_tide_elevation": "a low-tide elevation (no maritime zone of its own)",
    "submerged": "submerged (no entitlement)",
}


def state_names(states: Iterable[str]) -> str:
    """``"China (CHN), Philippines (PHL)"``; ``"none"`` when empty.

    Examples
    --------
    >>> state_names(["PHL", "XXX"]), state_names([])
    ('Philippines (PHL), XXX', 'none')
    """
    out = [
        f"{schema.COUNTRY_NAMES[c]} ({c})" if c in schema.COUNTRY_NAMES else str(c) for c in states
    ]
    return ", ".join(out) or "none"


def families_text(families: Iterable[Iterable[str]]) -> str:
    """Claim families: states of one family joined by `` + ``, families by ``; ``.

    Examples
    --------
    >>> families_text([["CHN", "TWN"], ["PHL"]])
    'China (CHN) + Taiwan (TWN); Philippines (PHL)'
    """
    return "; ".join(" + ".join(state_names([c]) for c in sorted(f)) for f in families) or "none"


def agreement_facts(agreement: Agreement) -> list[tuple[str, str]]:
    """Title, parties, scope, signed and in-force dates, citation of an agreement (plain text).

    Examples
    --------
    >>> from seawatch.zones.agreements import AGREEMENTS
    >>> dict(agreement_facts(AGREEMENTS[0]))["In force"]
    'since 2004-06-30'
    """
    return [
        ("Agreement", agreement.title),
        ("Parties", state_names(agreement.parties)),
        ("Scope", _SCOPES.get(agreement.scope, agreement.scope)),
        ("Signed", agreement.signed),
        ("In force", f"since {agreement.in_force}" if agreement.in_force else "not in force"),
        ("Citation", agreement.citation),
    ]


def joint_facts(area: JointArea) -> list[tuple[str, str]]:
    """Name, parties, kind of arrangement, dates and citation of a joint area (plain text)."""
    return [
        ("Arrangement", area.name),
        ("Parties", state_names(area.parties)),
        ("Kind", area.arrangement.replace("_", " ")),
        ("Signed", area.signed),
        ("In force", f"since {area.in_force}" if area.in_force else "entry into force not found"),
        ("Citation", area.citation),
    ]


def holding_text(feature: Feature) -> str:
    """Who holds a feature, since when, as of when, and the 2016 award's classification.

    Examples
    --------
    >>> from seawatch.zones.features import feature_by_key
    >>> holding_text(feature_by_key("second_thomas_shoal"))  # doctest: +NORMALIZE_WHITESPACE
    'held by Philippines (PHL) since 1999 (as of 2024-06-19); 2016 award: a low-tide elevation
    (no maritime zone of its own)'
    """
    if feature.held_by:
        since = f" since {feature.held_since}" if feature.held_since else ""
        held = f"held by {state_names([feature.held_by])}{since}"
    else:
        held = "held by no state"
    if feature.as_of:
        held += f" (as of {feature.as_of})"
    award = _AWARD.get(feature.award_2016 or "", "not classified")
    return f"{held}; 2016 award: {award}"


def agreement_by_key(key: str) -> Agreement | None:
    """The agreement of `key` (``chn-vnm-tonkin-2000``), None when unknown."""
    return next((a for a in AGREEMENTS if a.key == key), None)


def joint_by_zone_id(zone_id: str) -> JointArea | None:
    """The joint area of a ``joint`` zone id (``joint-<key>``), None when unknown."""
    key = zone_id.removeprefix("joint-")
    return next((j for j in JOINT_AREAS if j.key == key), None)


def here_facts(info: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The facts "What is here?" shows for `seawatch.spatial.describe_point`'s `info`.

    (label, plain text) pairs: the status and its rule, the claimants by claim family, the
    states only entitled, the agreement, joint arrangement or dispute that applies, the EEZ and
    its basis, and the nearest feature with who holds it. Texts are not escaped.
    """
    status = str(info.get("status") or "none")
    claimants = list(info.get("claimants") or [])
    families = info.get("families") or []
    entitled_only = [c for c in info.get("entitled") or [] if c not in claimants]
    facts = [
        ("Status", status_sentence(status)),
        ("Claimed by", families_text(families)),
        ("Entitled only (200 nm, no claim)", state_names(entitled_only)),
    ]
    if info.get("on_land"):
        facts.append(("On land", "yes"))
    for key in info.get("agreements") or []:
        agreement = agreement_by_key(str(key))
        if agreement is None:
            facts.append(("Agreement", str(key)))
            continue
        wanted = ("Agreement", "Scope", "In force")
        facts += [(k, v) for k, v in agreement_facts(agreement) if k in wanted]
    if status == "joint":
        for zone in info.get("zones") or []:
            if zone.get("kind") != "joint":
                continue
            area = joint_by_zone_id(str(zone.get("zone_id")))
            name = str(zone.get("name") or "joint arrangement")
            if area is not None:
                name = f"{area.name} ({area.arrangement.replace('_', ' ')})"
            facts.append(("Joint arrangement", name))
    if status == "disputed":
        facts.append(("Dispute between", families_text(families)))
    eez = list(info.get("eez") or [])
    if eez:
        facts.append(("EEZ", f"{state_names(eez)} ({info.get('eez_basis') or 'basis unknown'})"))
    nearest = info.get("nearest_feature")
    if nearest:
        text = f"{nearest['name']} ({nearest['distance_nm']:.1f} nm)"
        feature = next((f for f in FEATURES if f.key == nearest.get("key")), None)
        if feature is not None:
            text += "; " + holding_text(feature)
        facts.append(("Nearest named feature", text))
    return facts


def short_title(title: str, limit: int = 90) -> str:
    """A long treaty title cut at a word boundary with an ellipsis.

    Examples
    --------
    >>> short_title("Agreement between A and B on the delimitation of the sea", 30)
    'Agreement between A and B on…'
    """
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def zone_families(row: Mapping[str, Any]) -> tuple[frozenset[str], ...]:
    """The claim families of a zone row (its ``families`` cell, else each claimant alone)."""
    return parse_families(
        row.get(schema.ZONE_FAMILIES) or "", schema.split_list(row.get(schema.ZONE_CLAIMANTS))
    )


def dossier_options(zones: Any) -> dict[str, str]:
    """Dossier choices (key -> label): named features, then disputed areas (status zones with
    status disputed, or legacy ``disputed`` zones), agreements (their ``agreement`` zones grouped
    by agreement key) and joint areas.

    Keys are ``feature:<key>``, ``zone:<zone_id>``, ``agreement:<agreement key>`` and
    ``joint:<zone_id>``.
    """
    out = {f"feature:{f.key}": f"{f.name} ({f.group})" for f in FEATURES}
    if zones is None or schema.ZONE_KIND not in zones:
        return out
    kinds = zones[schema.ZONE_KIND].astype(str)
    statuses = (
        zones[schema.ZONE_STATUS].fillna("").astype(str)
        if schema.ZONE_STATUS in zones
        else pd.Series("", index=zones.index)
    )
    disputed = zones[((kinds == "status") & (statuses == "disputed")) | (kinds == "disputed")]
    for row in disputed.to_dict("records"):
        zid = str(row[schema.ZONE_ID])
        claim = families_text(sorted(g) for g in zone_families(row))
        out[f"zone:{zid}"] = f"Disputed area: {claim}"
    keys = sorted({agreement_key(str(z)) for z in zones.loc[kinds == "agreement", schema.ZONE_ID]})
    for key in keys:
        agreement = agreement_by_key(key)
        if agreement is not None:
            parties = "–".join(agreement.parties)
            out[f"agreement:{key}"] = (
                f"Agreement {parties} {agreement.signed[:4]}: {short_title(agreement.title, 60)}"
            )
        else:
            out[f"agreement:{key}"] = f"Agreement {key}"
    for row in zones[kinds == "joint"].to_dict("records"):
        zid = str(row[schema.ZONE_ID])
        name = str(row.get(schema.ZONE_NAME) or zid)
        out[f"joint:{zid}"] = f"Joint area: {name}"
    return out


def dossier_zone_ids(zones: Any, kind: str, ident: str) -> list[str]:
    """The zone ids a dossier choice (`dossier_options`) covers: an agreement's zones (one per
    party), else the one zone."""
    ids = zones[schema.ZONE_ID].astype(str)
    if kind == "agreement":
        return sorted(z for z in ids if z.startswith("agreement-") and agreement_key(z) == ident)
    return [ident] if ident in set(ids) else []


# --- presence (vessel positions, issue 17) ---------------------------------------------------

#: Labels of the analyst vessel classes of `seawatch.presence.synth.CLASSES` (and common others).
VESSEL_CLASS_LABELS: Final = {
    "coast_guard": "Coast guard",
    "navy": "Navy",
    "militia": "Maritime militia",
    "fishing": "Fishing",
    "survey": "Survey / research",
    "cargo": "Cargo / merchant",
}
#: How each kind of presence target is named and coloured (entries/exits timeline).
PRESENCE_TARGET_STYLE: Final = {
    "claim": ("Claimed waters", OKABE_ITO["vermillion"]),
    "eez": ("EEZ", OKABE_ITO["blue"]),
    "feature": ("Feature's 12 nm", OKABE_ITO["orange"]),
}
#: Colours of a categorical chart (zones, vessels), in order; Okabe-Ito without black.
CATEGORY_COLORS: Final = tuple(color for name, color in OKABE_ITO.items() if name != "black")


def vessel_class_label(vessel_class: object) -> str:
    """The label of a vessel class; an unknown class is shown as given, a missing one as
    "unknown class".

    Examples
    --------
    >>> vessel_class_label("coast_guard"), vessel_class_label("tug"), vessel_class_label(None)
    ('Coast guard', 'tug', 'unknown class')
    """
    if vessel_class is None or (isinstance(vessel_class, float) and pd.isna(vessel_class)):
        return "unknown class"
    text = str(vessel_class).strip()
    if text in ("", "<NA>", "nan"):
        return "unknown class"
    return VESSEL_CLASS_LABELS.get(text, text)

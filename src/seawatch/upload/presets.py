"""Presets for the public incident datasets: which column feeds which field, and how the
dataset's own values (attack types, precision levels, actors, ids) become seawatch's.

A preset is recognised from the header (`detect_preset`: every group of its ``signature`` has
one column present) or chosen by name (``--preset NAME``, `get_preset`). It gives the column
mapping (`Preset.mapping`) and the interpretation that `seawatch.validation.validate` applies:
the per-source vocabularies of ``vocabularies/*.csv``, the values that mean "missing", the
dataset's label in ``source`` and a prefix for its own incident ids.

Column names are compared normalised (`seawatch.columns.normalise`: lower case, letters and
digits), so ``hostility_d``, ``Hostility D`` and ``HOSTILITY_D`` are one name. The formats and
what is and is not confirmed about each are written up in ``docs/upload-formats.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from seawatch import schema
from seawatch.columns import POSITION
from seawatch.upload import vocabulary

#: A field -> the normalised column names that may feed it, in order of preference.
Candidates = dict[str, tuple[str, ...]]

#: Fields fed by every present candidate, joined in order (the others take the first present).
MULTI_FIELDS = (
    schema.DESCRIPTION,
    schema.INCIDENT_TYPE,
    schema.COUNTRIES,
    schema.VESSELS,
    schema.LOCATION_NAME,
)


@dataclass(frozen=True)
class Preset:
    """How to read one public dataset format.

    Attributes
    ----------
    name, title
        ``--preset`` name and the format's title.
    citation
        Where the format is published (codebook, service, repository).
    signature
        Groups of normalised column names; the header must hold one name of every group.
    columns
        Field -> normalised candidate names (see `MULTI_FIELDS` for the joined fields).
    types, precision
        Names of the vocabularies (``types.csv``, ``precision.csv``) for the type columns and
        the location precision column (``None``: the generic reading).
    source_label
        Written into ``source`` (before the row's own source column, when there is one).
    id_prefix
        Prepended to the dataset's own ids (``ASAM-2022-217``) so that ids of different
        datasets cannot collide in the store.
    missing
        Cell values that mean "missing" in this dataset (``NA`` in Crime at Sea).
    date_order
        ``"DMY"``/``"MDY"`` when the dataset's numeric dates have a known order.
    initiator_in_text
        The initiator column is free text naming actors ("Military Forces of China"): the
        country named in it is the initiator, and a country involved.
    location_prefix
        The description starts with the place in capitals and a colon ("INDONESIA: On 23
        October ..."): that place is the ``location_name`` when no column gives one.
    """

    name: str
    title: str
    citation: str
    signature: tuple[tuple[str, ...], ...]
    columns: Candidates
    types: str | None = None
    precision: str | None = None
    source_label: str = ""
    id_prefix: str = ""
    missing: tuple[str, ...] = ()
    date_order: str | None = None
    initiator_in_text: bool = False
    location_prefix: bool = False

    def matches(self, columns: list[str]) -> bool:
        """Whether a header holds one name of every signature group."""
        present = {_norm(c) for c in columns}
        return all(any(name in present for name in group) for group in self.signature)

    def mapping(self, columns: list[str]) -> dict[str, tuple[str, ...]]:
        """Field -> header columns for a header of this format (absent candidates skipped).

        Examples
        --------
        >>> get_preset("asam").mapping(["reference", "dateofocc", "X", "Y", "hostility_d"])
        {'incident_id': ('reference',), 'date': ('dateofocc',), 'latitude': ('Y',), 'longitude': ('X',), 'incident_type': ('hostility_d',)}
        """  # noqa: E501
        by_norm: dict[str, str] = {}
        for column in columns:
            by_norm.setdefault(_norm(column), column)
        out: dict[str, tuple[str, ...]] = {}
        for field_name, names in self.columns.items():
            found = tuple(dict.fromkeys(by_norm[n] for n in names if n in by_norm))
            if found:
                out[field_name] = found if field_name in MULTI_FIELDS else found[:1]
        if schema.LATITUDE in out and schema.LONGITUDE in out:
            out.pop(POSITION, None)
        elif POSITION in out:
            out.pop(schema.LATITUDE, None)
            out.pop(schema.LONGITUDE, None)
        return out

    def clean(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with this dataset's "missing" markers blanked (a copy when any)."""
        if not self.missing:
            return frame
        return frame.replace(dict.fromkeys(self.missing, ""))

    def label_sources(self, sources: pd.Series) -> pd.Series:
        """``source`` cells: the dataset's label, followed by the row's own source if any.

        Examples
        --------
        >>> get_preset("crime-at-sea").label_sources(pd.Series(["imb", ""])).tolist()
        ['Crime at Sea (Benden et al.): imb', 'Crime at Sea (Benden et al.)']
        """
        if not self.source_label:
            return sources
        return sources.map(lambda s: f"{self.source_label}: {s}" if s else self.source_label)

    def prefix_ids(self, ids: pd.Series) -> pd.Series:
        """The dataset's own ids with the preset's prefix (empty ids stay empty)."""
        if not self.id_prefix:
            return ids
        return ids.map(lambda i: f"{self.id_prefix}{i}" if i else "")

    def places_from_descriptions(self, descriptions: pd.Series) -> pd.Series:
        """The leading ``PLACE:`` of each description (empty when there is none).

        Examples
        --------
        >>> get_preset("asam").places_from_descriptions(
        ...     pd.Series(["INDONESIA: On 23 October ...", "no place here"])
        ... ).tolist()
        ['INDONESIA', '']
        """
        found = descriptions.str.extract(_PLACE_PREFIX, expand=False)
        return found.fillna("").str.strip()


_PLACE_PREFIX = re.compile(r"^\s*([A-Z][A-Z .,'()/-]{1,60}?)\s*:")


def _norm(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


_ASAM_CITATION = (
    "NGA Maritime Safety Information, Anti-Shipping Activity Messages "
    "(https://msi.nga.mil/Piracy); field names as served by the NGA ASAM feature layer "
    "(ArcGIS 'Anti-shipping Activity Messages': reference, dateofocc, subreg, hostility_d, "
    "victim_d, description) and the MSI web service JSON (reference, date, latitude, "
    "longitude, position, navArea, subreg, hostility, victim, description)"
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        name="asam",
        title="NGA ASAM (2014+ web service JSON/CSV)",
        citation=_ASAM_CITATION,
        signature=(
            ("reference",),
            ("dateofocc", "date"),
            ("hostilityd", "hostility"),
            ("victimd", "victim"),
        ),
        columns={
            schema.INCIDENT_ID: ("reference",),
            schema.DATE: ("dateofocc", "date"),
            schema.LATITUDE: ("latitude", "lat", "y"),
            schema.LONGITUDE: ("longitude", "lon", "long", "x"),
            POSITION: ("position",),
            schema.INCIDENT_TYPE: ("hostilityd", "hostility"),
            schema.VESSELS: ("victimd", "victim"),
            schema.DESCRIPTION: ("description", "descriptio"),
        },
        types="asam",
        source_label="NGA ASAM",
        id_prefix="ASAM-",
        location_prefix=True,
    ),
    Preset(
        name="asam-legacy",
        title="NGA ASAM (pre-2014 shapefile/CSV: Aggressor, Victim, Desc1-Desc6)",
        citation=_ASAM_CITATION
        + "; the older column set (Reference, DateOfOcc, SubReg, Aggressor, Victim, Descript, "
        "Desc1...Desc6) as documented for the 1978-2013 ASAM file in R data packages",
        signature=(("reference",), ("dateofocc",), ("aggressor",), ("desc1", "descript")),
        columns={
            schema.INCIDENT_ID: ("reference",),
            schema.DATE: ("dateofocc",),
            schema.LATITUDE: ("latitude", "lat", "y", "coordsx2"),
            schema.LONGITUDE: ("longitude", "lon", "long", "x", "coordsx1"),
            POSITION: ("position",),
            schema.INCIDENT_TYPE: ("aggressor",),
            schema.VESSELS: ("victim",),
            schema.DESCRIPTION: (
                "descript",
                "desc1",
                "desc2",
                "desc3",
                "desc4",
                "desc5",
                "desc6",
            ),
        },
        types="asam",
        source_label="NGA ASAM",
        id_prefix="ASAM-",
        location_prefix=True,
    ),
    Preset(
        name="crime-at-sea",
        title="Crime at Sea: a global database of maritime pirate attacks (Benden et al.)",
        citation="Benden, Feng, Howell & Dalla Riva (2021), Crime at Sea: A Global Database of "
        "Maritime Pirate Attacks (1993-2020), Journal of Open Humanities Data 7:19, "
        "https://doi.org/10.5334/johd.39; codebook and pirate_attacks.csv at "
        "https://github.com/newzealandpaul/Maritime-Pirate-Attacks",
        signature=(("attacktype",), ("nearestcountry", "eezcountry"), ("attackdescription",)),
        columns={
            schema.DATE: ("date",),
            schema.LATITUDE: ("latitude",),
            schema.LONGITUDE: ("longitude",),
            schema.INCIDENT_TYPE: ("attacktype",),
            schema.COUNTRIES: ("nearestcountry", "eezcountry"),
            schema.DESCRIPTION: ("attackdescription",),
            schema.LOCATION_NAME: ("locationdescription",),
            schema.VESSELS: ("vesselname", "vesseltype"),
            schema.SOURCE: ("datasource",),
        },
        types="crime_at_sea",
        source_label="Crime at Sea (Benden et al.)",
        missing=("NA",),
    ),
    Preset(
        name="gisis",
        title="IMO GISIS Piracy and Armed Robbery export (raw and the common cleaned copy)",
        citation="IMO Global Integrated Shipping Information System, module 'Piracy and Armed "
        "Robbery' (https://gisis.imo.org/Public/PAR/). Column names are those of its public "
        "search export as commonly circulated ('Ship Name', 'Incident details', 'Type of "
        "attack'...); NOT confirmed against an official export specification",
        signature=(("incidentdetails",), ("typeofattack", "attacktype", "shipname")),
        columns={
            schema.INCIDENT_ID: ("reference", "referenceno", "incidentid", "gisisid", "id"),
            schema.DATE: ("dateofincident", "incidentdate", "date"),
            schema.LATITUDE: ("latitude", "lat"),
            schema.LONGITUDE: ("longitude", "lon", "long"),
            POSITION: ("position", "incidentposition", "positionofincident"),
            schema.INCIDENT_TYPE: ("typeofattack", "attacktype"),
            schema.VESSELS: ("shipname", "nameofship", "shiptype", "typeofship"),
            schema.DESCRIPTION: (
                "incidentdetails",
                "consequencestocrewshipcargo",
                "consequencesforcrewshipcargo",
                "consequences",
                "actiontakenbymastercrew",
                "actiontaken",
            ),
            schema.LOCATION_NAME: ("location", "locationofincident", "area", "seaarea"),
            schema.COUNTRIES: ("coastalstate",),
        },
        types="gisis",
        source_label="IMO GISIS",
        id_prefix="GISIS-",
    ),
    Preset(
        name="scsdi-events",
        title="South China Sea Data Initiative: News-event Data (event table)",
        citation="Sexton & Ravanilla, South China Sea Data Initiative: News-event Data 2.0, "
        "Harvard Dataverse, https://doi.org/10.7910/DVN/GCBWA6 (CC0). Column names as read by "
        "a published third-party reader (event_id, event_id_cnty, event_date, year, "
        "time_precision, latitude, longitude, level, radius, note_on_location, location, "
        "source, notes, number_of_report); the codebook itself was not available here",
        signature=(("eventidcnty",), ("level",), ("radius", "noteonlocation")),
        columns={
            schema.INCIDENT_ID: ("eventid",),
            schema.DATE: ("eventdate", "date"),
            schema.LATITUDE: ("latitude",),
            schema.LONGITUDE: ("longitude",),
            schema.COUNTRIES: ("eventidcnty",),
            schema.LOCATION_PRECISION: ("level",),
            schema.LOCATION_NAME: ("location", "noteonlocation"),
            schema.DESCRIPTION: ("notes",),
            schema.SOURCE: ("source",),
        },
        precision="scsdi",
        source_label="SCSDI News-event Data",
        id_prefix="SCSDI-",
        date_order="MDY",
    ),
    Preset(
        name="scsdi-reports",
        title="South China Sea Data Initiative: report table (one row per news report)",
        citation="South China Sea Data Initiative, Harvard Dataverse "
        "(https://doi.org/10.7910/DVN/GCBWA6). The report table's column names were NOT "
        "available here: this preset assumes report_id, event_id, report_date, "
        "event_id_cnty, latitude, longitude, headline, summary, source/url",
        signature=(("reportid",), ("eventid",)),
        columns={
            schema.INCIDENT_ID: ("reportid",),
            schema.DATE: ("reportdate", "eventdate", "date"),
            schema.LATITUDE: ("latitude",),
            schema.LONGITUDE: ("longitude",),
            schema.COUNTRIES: ("eventidcnty", "countries"),
            schema.DESCRIPTION: ("headline", "title", "summary", "notes"),
            schema.LOCATION_NAME: ("location",),
            schema.SOURCE: ("source", "url", "link"),
        },
        source_label="SCSDI report",
        id_prefix="SCSDI-",
        date_order="MDY",
    ),
    Preset(
        name="recaap",
        title="ReCAAP ISC incident export",
        citation="ReCAAP Information Sharing Centre (https://www.recaap.org), incident "
        "classification (piracy / armed robbery against ships) and significance levels CAT 1 "
        "to CAT 4 as in its reports. The export's column names were NOT confirmed here: this "
        "preset assumes Incident No., Date of Incident, Ship Name, Ship Type, Location, "
        "Latitude, Longitude, Classification, Category, Status, Description",
        signature=(
            ("incidentno", "incidentnumber", "refno"),
            ("classification", "category", "significancelevel"),
        ),
        columns={
            schema.INCIDENT_ID: ("incidentno", "incidentnumber", "refno"),
            schema.DATE: ("dateofincident", "incidentdate", "date"),
            schema.LATITUDE: ("latitude", "lat"),
            schema.LONGITUDE: ("longitude", "lon", "long"),
            POSITION: ("position",),
            schema.INCIDENT_TYPE: ("classification", "category", "significancelevel", "status"),
            schema.VESSELS: ("shipname", "nameofship", "shiptype", "typeofship"),
            schema.DESCRIPTION: ("description", "incidentdescription", "details"),
            schema.LOCATION_NAME: ("location", "area"),
        },
        types="recaap",
        source_label="ReCAAP ISC",
        id_prefix="RECAAP-",
    ),
    Preset(
        name="acled",
        title="ACLED-style event table",
        citation="ACLED Codebook (Armed Conflict Location & Event Data, "
        "https://acleddata.com/knowledge-base/codebook/): event_id_cnty, event_date, "
        "event_type, sub_event_type, actor1, actor2, country, location, latitude, longitude, "
        "geo_precision, source, notes, fatalities",
        signature=(("eventidcnty",), ("subeventtype", "eventtype"), ("actor1",)),
        columns={
            schema.INCIDENT_ID: ("eventidcnty",),
            schema.DATE: ("eventdate",),
            schema.LATITUDE: ("latitude",),
            schema.LONGITUDE: ("longitude",),
            schema.INCIDENT_TYPE: ("subeventtype", "eventtype"),
            schema.COUNTRIES: ("country",),
            schema.INITIATOR: ("actor1",),
            schema.DESCRIPTION: ("notes",),
            schema.LOCATION_NAME: ("location",),
            schema.LOCATION_PRECISION: ("geoprecision",),
            schema.CASUALTIES: ("fatalities",),
            schema.SOURCE: ("source",),
        },
        types="acled",
        precision="acled",
        source_label="ACLED",
        id_prefix="ACLED-",
        initiator_in_text=True,
    ),
)

_BY_NAME = {p.name: p for p in PRESETS}


def preset_names() -> list[str]:
    """The ``--preset`` names."""
    return list(_BY_NAME)


def get_preset(name: str) -> Preset:
    """The preset called `name`.

    Raises
    ------
    KeyError
        With the list of preset names.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"preset {name!r}: no such preset; the presets are {', '.join(_BY_NAME)}"
        ) from None


def detect_preset(columns: list[str]) -> Preset | None:
    """The preset whose signature the header matches (the most specific when several do).

    Examples
    --------
    >>> detect_preset(["reference", "dateofocc", "subreg", "hostility_d", "victim_d"]).name
    'asam'
    >>> detect_preset(["date", "latitude", "longitude"]) is None
    True
    """
    found = [p for p in PRESETS if p.matches(columns)]
    if not found:
        return None
    return max(found, key=lambda p: (len(p.signature), len(p.mapping(columns))))


def preset_types(cells: list[pd.Series], preset: Preset) -> pd.Series | None:
    """Incident types from the preset's type columns: the first column whose value is in the
    vocabulary gives the type (NaN when none is); ``None`` without a vocabulary."""
    if preset.types is None or not cells:
        return None
    result = vocabulary.map_types(cells[0], preset.types)
    for more in cells[1:]:
        result = result.fillna(vocabulary.map_types(more, preset.types))
    return result


def initiators_from_text(cells: pd.Series) -> pd.Series:
    """``;``-joined ISO3 codes of the countries named in actor text, per cell."""
    return cells.map(
        {v: schema.join_list(vocabulary.countries_in_text(str(v))) for v in pd.unique(cells)}
    )

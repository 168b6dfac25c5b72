"""Presets of the public incident datasets (issue 14, item 1): each fixture in
tests/data/upload/presets/ (hand-written, see its README) is recognised from its header and
read row by row into types, descriptions, countries and the dataset's own ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from seawatch import schema
from seawatch.io import read_table
from seawatch.upload import vocabulary
from seawatch.upload.presets import PRESETS, detect_preset, get_preset, preset_names
from seawatch.validation import validate

PRESET_DATA = Path(__file__).parents[1] / "data" / "upload" / "presets"


def read(name: str, preset: str | None = None) -> tuple[pd.DataFrame, object]:
    """Validate a preset fixture without the land check; the rows as plain values."""
    table = read_table(PRESET_DATA / name)
    gdf, report = validate(table, land=False, preset=get_preset(preset) if preset else None)
    return gdf, report


def column(gdf: pd.DataFrame, name: str) -> list[object]:
    return [None if (isinstance(v, float) and pd.isna(v)) else v for v in gdf[name].tolist()]


@pytest.mark.parametrize(
    ("fixture", "preset"),
    [
        ("asam_2014.csv", "asam"),
        ("asam_web.json", "asam"),
        ("asam_legacy.csv", "asam-legacy"),
        ("crime_at_sea.csv", "crime-at-sea"),
        ("gisis_raw.csv", "gisis"),
        ("gisis_clean.csv", "gisis"),
        ("scsdi_events.csv", "scsdi-events"),
        ("scsdi_reports.csv", "scsdi-reports"),
        ("recaap.csv", "recaap"),
        ("acled.csv", "acled"),
    ],
)
def test_each_format_is_recognised_from_its_header(fixture: str, preset: str) -> None:
    table = read_table(PRESET_DATA / fixture)
    found = detect_preset(table.columns)
    assert found is not None and found.name == preset
    _, report = validate(table, land=False)
    assert report.preset is found and report.rejected == 0 and not report.guessed


def test_unknown_headers_match_no_preset() -> None:
    assert detect_preset(["Incident Date", "Lat", "Long", "Remarks"]) is None


def test_unknown_preset_name_lists_the_presets() -> None:
    with pytest.raises(KeyError, match="no such preset; the presets are asam, asam-legacy"):
        get_preset("asam2")
    assert "crime-at-sea" in preset_names()


def test_asam_2014_csv() -> None:
    gdf, report = read("asam_2014.csv")
    assert column(gdf, "incident_id") == [f"ASAM-2021-30{i}" for i in range(1, 7)]
    assert column(gdf, "incident_type") == [
        "piracy_armed_robbery",  # Robbery
        "firing_weapons",  # Naval engagement
        "piracy_armed_robbery",  # Suspicious approach
        "piracy_armed_robbery",  # Kidnapping
        "boarding_seizure",  # Vessel detained by coast guard
        "other",  # Cyber event: not in the vocabulary, reported
    ]
    assert report.problems["problem"].tolist() == ["unknown incident type: kept as 'other'"]
    assert gdf["description"].iloc[0].startswith("SINGAPORE STRAIT: On 14 March at 0130")
    assert column(gdf, "location_name")[:2] == ["SINGAPORE STRAIT", "SOUTH CHINA SEA"]
    assert column(gdf, "vessels")[0] == "Bulk carrier"
    assert all(c == [] for c in gdf["countries"])  # ASAM names no parties
    assert set(gdf["source"]) == {"NGA ASAM"}
    assert gdf.geometry.x.iloc[0] == pytest.approx(104.05)  # X is the longitude


def test_asam_web_service_json() -> None:
    gdf, _ = read("asam_web.json")
    assert column(gdf, "incident_id") == ["ASAM-2022-410", "ASAM-2022-411"]
    assert column(gdf, "incident_type") == ["piracy_armed_robbery", "water_cannon"]
    assert column(gdf, "vessels") == ["Bulk carrier MORNING PEARL", "Supply boat"]
    assert gdf["description"].iloc[1].startswith("SOUTH CHINA SEA: A coast guard vessel")
    assert gdf.geometry.y.round(2).tolist() == [1.15, 9.75]


def test_asam_legacy_joins_descript_and_desc1_to_desc6_in_order() -> None:
    gdf, report = read("asam_legacy.csv")
    assert report.mapping["description"] == (
        "Descript",
        "Desc1",
        "Desc2",
        "Desc3",
        "Desc4",
        "Desc5",
        "Desc6",
    )
    assert gdf["description"].iloc[0] == (
        "SOUTH CHINA SEA: Tanker boarded 14 May 03 at 0240 local time, pirates armed with "
        "knives boarded the tanker underway and stole cash from the master."
    )
    assert (
        gdf["description"]
        .iloc[3]
        .endswith("detained a fishing boat and its crew for fishing in the area.")
    )
    assert column(gdf, "incident_type") == [
        "piracy_armed_robbery",  # PIRATES
        "piracy_armed_robbery",  # ROBBERS
        "other",  # UNKNOWN
        "other",  # NAVY: who, not what
    ]
    assert column(gdf, "incident_id") == [
        "ASAM-2003-120",
        "ASAM-2004-015",
        "ASAM-2005-210",
        "ASAM-2006-099",
    ]


def test_crime_at_sea() -> None:
    gdf, report = read("crime_at_sea.csv")
    assert column(gdf, "incident_type") == ["other"] + ["piracy_armed_robbery"] * 5
    assert column(gdf, "countries") == [
        ["CHN", "TWN"],
        ["MYS"],
        ["MYS", "PHL"],
        ["PHL"],
        ["VNM"],
        [],  # NGA is not a state seawatch knows: left out, reported
    ]
    # "NA" means missing in this dataset: no description, no vessel name, no type
    assert column(gdf, "description")[0] is None
    assert column(gdf, "vessels")[:3] == ["Mv Eastern Star", "Sea Harmony; Product Tanker", "Tug"]
    assert gdf["description"].iloc[1].startswith("02.06.2015: 2110 UTC")
    assert column(gdf, "source")[:2] == [
        "Crime at Sea (Benden et al.): mappingpiracy",
        "Crime at Sea (Benden et al.): imb",
    ]
    assert column(gdf, "location_name")[1] == "Around 8nm NE of Tanjung Ayam"
    # no id column: stable content ids
    assert gdf["incident_id"].str.startswith("U-").all()
    assert report.outside_region == 1  # Lagos


def test_gisis_raw_export() -> None:
    gdf, _ = read("gisis_raw.csv")
    assert column(gdf, "incident_id") == [f"GISIS-PAR-2021-010{i}" for i in range(1, 5)]
    assert set(gdf["incident_type"]) == {"piracy_armed_robbery"}
    assert gdf["description"].iloc[0] == (
        "Four robbers boarded the ship underway and were seen in the engine room. "
        "Engine spares stolen. Alarm raised; crew mustered."
    )
    assert column(gdf, "countries") == [["IDN"], ["MYS"], ["VNM"], ["PHL"]]
    assert column(gdf, "vessels")[0] == "Ocean Spirit; Bulk carrier"
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist()[0] == "2021-03-14"
    assert gdf.geometry.y.iloc[0] == pytest.approx(1 + 4.1 / 60)


def test_gisis_cleaned_copy() -> None:
    gdf, _ = read("gisis_clean.csv")
    assert set(gdf["incident_type"]) == {"piracy_armed_robbery"}
    assert column(gdf, "location_name")[1] == "Balikpapan anchorage"
    assert (
        gdf["description"].iloc[3] == "Gunmen fired at the tug from a speedboat; nobody was hurt."
    )
    assert gdf["incident_id"].str.startswith("U-").all()


def test_scsdi_event_table() -> None:
    gdf, _ = read("scsdi_events.csv")
    assert column(gdf, "incident_id") == [
        "SCSDI-CNPH_190304",
        "SCSDI-CNVN_200402",
        "SCSDI-MYCN_200417",
        "SCSDI-IDCN_160619",
        "SCSDI-TWCN_221128",
    ]
    # "CN/PH" is a list of ISO2 codes; ";" separates too
    assert column(gdf, "countries") == [
        ["CHN", "PHL"],
        ["CHN", "VNM"],
        ["CHN", "MYS"],
        ["CHN", "IDN"],
        ["TWN"],
    ]
    assert column(gdf, "location_precision") == [
        "feature",
        "exact",
        "approximate",
        "exact",
        "region",
    ]
    # m/d/y dates with two-digit years
    assert gdf["date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2019-03-04", "2020-04-02"]
    assert column(gdf, "location_name")[0] == "Thitu Reef; reported near the reef"
    assert gdf["description"].iloc[1].startswith("A Vietnamese fishing boat sank")
    assert set(gdf["incident_type"]) == {"other"}  # the event table has no type column


def test_scsdi_report_table() -> None:
    gdf, _ = read("scsdi_reports.csv")
    assert column(gdf, "incident_id") == ["SCSDI-R-1001", "SCSDI-R-1002", "SCSDI-R-1003"]
    assert gdf["description"].iloc[0] == (
        "Militia boats swarm near Thitu More than two hundred vessels were counted near the island."
    )
    assert column(gdf, "countries") == [["CHN", "PHL"], ["CHN", "VNM"], ["CHN", "IDN"]]


def test_recaap_export() -> None:
    gdf, _ = read("recaap.csv")
    assert column(gdf, "incident_id")[0] == "RECAAP-ISC-2022-031"
    assert set(gdf["incident_type"]) == {"piracy_armed_robbery"}
    assert column(gdf, "description")[3] == "Gunmen abducted two crew members."
    assert column(gdf, "vessels")[3] == "Lucky Star 2; Fishing trawler"
    assert column(gdf, "source") == ["ReCAAP ISC"] * 5


def test_acled_event_table() -> None:
    gdf, report = read("acled.csv")
    assert column(gdf, "incident_id") == [
        "ACLED-PHL9001",
        "ACLED-VNM9002",
        "ACLED-PHL9003",
        "ACLED-MYS9004",
    ]
    assert column(gdf, "incident_type") == [
        "boarding_seizure",  # Arrests
        "firing_weapons",  # Armed clash
        "construction_reclamation",  # Headquarters or base established
        "other",  # Peaceful protest: not in the vocabulary
    ]
    # the initiator is the country named in actor1, and is involved
    assert column(gdf, "initiator") == ["CHN", "VNM", "CHN", "MYS"]
    assert column(gdf, "countries") == [["CHN", "PHL"], ["VNM"], ["CHN", "PHL"], ["MYS"]]
    assert column(gdf, "location_precision") == ["approximate", "exact", "approximate", "exact"]
    assert column(gdf, "casualties") == [0, 1, 0, 0]
    assert gdf["description"].iloc[0].startswith("Chinese coast guard personnel boarded")
    assert report.problems["column"].tolist() == ["sub_event_type+event_type"]


def test_a_chosen_preset_overrides_detection() -> None:
    """``--preset`` reads a file whose header the detection would not place."""
    path = PRESET_DATA / "gisis_clean.csv"
    table = read_table(path)
    _, report = validate(table, land=False, preset=get_preset("recaap"))
    assert report.preset is not None and report.preset.name == "recaap"


@pytest.mark.parametrize("code", ["CN", "VN", "PH", "MY", "ID", "TW", "BN"])
def test_iso2_codes_of_the_claimants_are_countries(code: str) -> None:
    assert vocabulary.country_code(code) in schema.CLAIMANTS


def test_country_table_matches_the_schema() -> None:
    rows = vocabulary.table_rows("countries.csv")
    assert {r["iso3"]: r["name"] for r in rows} == dict(schema.COUNTRY_NAMES)


def test_every_vocabulary_maps_onto_the_taxonomy() -> None:
    for name in vocabulary.vocabularies():
        rules = vocabulary.type_rules(name)
        assert all(r.incident_type in schema.INCIDENT_TYPES for r in rules)
        assert all(r.incident_type != "other" for r in rules)
        assert all(r.match in ("exact", "contains") and r.source for r in rules)
    used = {p.types for p in PRESETS if p.types}
    assert used <= set(vocabulary.vocabularies())

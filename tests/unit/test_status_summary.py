"""The status breakdown, multi-zone dossiers and the plain-text facts of the status model.

Fixtures are small and hand-made; the point facts use the built-in zones (``data/eez``) at
places whose status the model documents (Second Thomas Shoal, the Gulf of Tonkin).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from seawatch import schema
from seawatch.presentation import (
    disputed_definition,
    dossier_options,
    dossier_zone_ids,
    here_facts,
)
from seawatch.summary import format_breakdown, incidents_in_zones, status_breakdown
from seawatch.zones.status import STATUS_LABELS, STATUS_RULES


@pytest.fixture
def joined() -> pd.DataFrame:
    """Five incidents as the join writes them: two disputed, one agreed (in one of the two
    areas of agreement ``a-b-2000``), one joint, one without a status (not attributed)."""
    return pd.DataFrame(
        {
            schema.INCIDENT_ID: ["I-1", "I-2", "I-3", "I-4", "I-5"],
            schema.LATITUDE: [10.0, 10.5, 20.0, 7.0, 0.0],
            schema.LONGITUDE: [115.0, 115.5, 108.0, 103.0, 100.0],
            schema.JOIN_STATUS: ["disputed", "disputed", "agreed", "joint", None],
            schema.JOIN_ZONE_IDS: [["x"], ["x"], ["agreement-a-b-2000-VNM"], ["joint-j"], []],
        }
    )


def test_status_breakdown_counts_every_status_in_order(joined) -> None:
    counts = status_breakdown(joined)
    assert counts == {
        "disputed": 2,
        "joint": 1,
        "agreed": 1,
        "undelimited": 0,
        "single": 0,
        "none": 1,
    }
    assert format_breakdown(counts, STATUS_LABELS).startswith("2 disputed · 1 joint arrangement")
    assert status_breakdown(joined.drop(columns=[schema.JOIN_STATUS])) is None


def test_incidents_in_zones_by_join_ids_or_geometry(joined) -> None:
    ids = ["agreement-a-b-2000-CHN", "agreement-a-b-2000-VNM"]
    assert incidents_in_zones(joined, ids, [])[schema.INCIDENT_ID].tolist() == ["I-3"]
    plain = joined.drop(columns=[schema.JOIN_ZONE_IDS])
    boxes = [box(107, 19, 109, 21), box(102, 6, 104, 8)]
    found = incidents_in_zones(plain, ids, boxes)[schema.INCIDENT_ID].tolist()
    assert found == ["I-3", "I-4"]


def test_disputed_definition_is_the_model_rule() -> None:
    assert STATUS_RULES["disputed"] in disputed_definition()


def test_dossier_options_offer_disputed_areas_agreements_and_joint_areas() -> None:
    zones = gpd.GeoDataFrame(
        {
            schema.ZONE_ID: [
                "status-disputed-CHN+TWN_PHL",
                "status-single-CHN+TWN",
                "agreement-chn-vnm-tonkin-2000-CHN",
                "agreement-chn-vnm-tonkin-2000-VNM",
                "joint-mys-tha-jda-1979",
            ],
            schema.ZONE_KIND: ["status", "status", "agreement", "agreement", "joint"],
            schema.ZONE_NAME: ["d", "s", "Tonkin", "Tonkin", "Malaysia-Thailand JDA"],
            schema.ZONE_CLAIMANTS: ["CHN;PHL;TWN", "CHN;TWN", "CHN", "VNM", "MYS;THA"],
            schema.ZONE_FAMILIES: ["CHN+TWN;PHL", "CHN+TWN", "CHN", "VNM", "MYS;THA"],
            schema.ZONE_STATUS: ["disputed", "single", "", "", ""],
        },
        geometry=[box(i, 0, i + 1, 1) for i in range(5)],
        crs=schema.CRS,
    )
    options = dossier_options(zones)
    assert options["zone:status-disputed-CHN+TWN_PHL"] == (
        "Disputed area: China (CHN) + Taiwan (TWN); Philippines (PHL)"
    )
    assert "zone:status-single-CHN+TWN" not in options
    assert options["agreement:chn-vnm-tonkin-2000"].startswith("Agreement CHN–VNM 2000: ")
    assert options["joint:joint-mys-tha-jda-1979"] == "Joint area: Malaysia-Thailand JDA"
    assert dossier_zone_ids(zones, "agreement", "chn-vnm-tonkin-2000") == [
        "agreement-chn-vnm-tonkin-2000-CHN",
        "agreement-chn-vnm-tonkin-2000-VNM",
    ]


def test_here_facts_at_second_thomas_shoal() -> None:
    """Issue 13: Second Thomas Shoal is disputed among CHN/TWN, PHL and VNM; MYS is only
    entitled; the Philippines holds the shoal (BRP Sierra Madre, 1999)."""
    from seawatch.spatial import describe_point

    facts = dict(here_facts(describe_point(9.73, 115.87)))
    assert facts["Status"].startswith("Disputed: claims of two or more claim families")
    assert facts["Claimed by"] == "China (CHN) + Taiwan (TWN); Philippines (PHL); Vietnam (VNM)"
    assert facts["Entitled only (200 nm, no claim)"] == "Malaysia (MYS)"
    assert "held by Philippines (PHL) since 1999" in facts["Nearest named feature"]
    assert "low-tide elevation" in facts["Nearest named feature"]


def test_here_facts_in_the_gulf_of_tonkin_name_the_agreement() -> None:
    """The 2000 China-Vietnam agreement (in force 30 June 2004) allocates the Gulf of Tonkin."""
    from seawatch.spatial import describe_point

    facts = dict(here_facts(describe_point(20.0, 107.8)))
    assert facts["Status"].startswith("Agreed (allocated by an agreement)")
    assert "Beibu Gulf/Bac Bo Gulf" in facts["Agreement"]
    assert facts["In force"] == "since 2004-06-30"
    assert facts["Scope"] == "territorial sea, EEZ and continental shelf"
    assert "Dispute between" not in facts

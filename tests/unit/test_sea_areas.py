"""IHO S-23 sea areas: known positions, shared limits, the filter and the CSV export."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
import shapely

from seawatch.errors import FilterError
from seawatch.export.data import to_csv
from seawatch.filtering import IncidentFilter, apply_filter
from seawatch.sea_areas import (
    SEA_AREA_COLUMN,
    SEA_AREAS,
    sea_area_of,
    sea_area_polygons,
    with_sea_area,
)

#: (latitude, longitude, expected area, where the position comes from)
KNOWN_POSITIONS = [
    # ReCAAP-reported positions, as cited in data/incidents.csv
    (2.9833, 100.9150, "Malacca Strait", "SCS-2014-04-22-1, Naniwa Maru No. 1, ReCAAP/IMB"),
    (3.1833, 100.7167, "Malacca Strait", "SCS-2015-02-13-1, ReCAAP position"),
    (1.3433, 103.3033, "Malacca Strait", "SCS-2013-11-07-1, 7.3 nm from Pulau Kukup"),
    (1.2543, 104.0833, "Singapore Strait", "SCS-2019-12-23-1, ReCAAP, eastbound lane"),
    (1.2, 104.0, "Singapore Strait", "between Singapore and Batam, the traffic lanes"),
    (9.0, 101.0, "Gulf of Thailand", "off Songkhla / Nakhon Si Thammarat"),
    (8.0, 101.0, "Gulf of Thailand", "SCS-2023-08-26-1, south of Ko Kra"),
    (8.0, 120.0, "Sulu Sea", "between Palawan and Mindanao"),
    (8.95, 119.87, "Sulu Sea", "Tubbataha Reefs (UNESCO World Heritage site)"),
    (4.0, 122.0, "Celebes Sea", "between Mindanao and Sulawesi"),
    (15.15, 117.76, "South China Sea", "Scarborough Shoal"),
    (9.9, 115.535, "South China Sea", "Mischief Reef, Spratly Islands"),
    (10.5, 114.0, "South China Sea", "Spratly Islands (Tizard Bank area)"),
    (16.5, 112.0, "South China Sea", "Paracel Islands"),
    (3.5, 108.0, "South China Sea", "Natuna waters: no separate Natuna Sea in S-23 (1953)"),
    (20.0, 107.5, "Gulf of Tonkin", "between Bach Long Vi and Hainan (the 2000 treaty's Gulf)"),
    (17.8, 107.6, "Gulf of Tonkin", "just north of the treaty's closing line"),
    (17.2, 109.5, "South China Sea", "south of Hainan: outside the Gulf's closing line"),
    (24.0, 119.5, "South China Sea", "Formosa (Taiwan) Strait: inside the South China Sea"),
    (20.5, 121.5, "South China Sea", "Luzon Strait west of the Batan-Y'Ami limit"),
    (-2.0, 107.0, "South China Sea", "north of Bangka-Belitung"),
    (-4.5, 110.0, "Java Sea", "south of the Bangka-Belitung-Sambar limit"),
    (26.0, 123.0, "East China Sea", "north of the Formosa-Turnabout line"),
    (15.0, 130.0, "", "east of the Philippines: the Philippine Sea is not drawn"),
]


@pytest.mark.parametrize(("lat", "lon", "area", "where"), KNOWN_POSITIONS)
def test_known_positions(lat: float, lon: float, area: str, where: str) -> None:
    assert sea_area_of(np.array([lat]), np.array([lon])).tolist() == [area], where


def test_vectorised_shape_and_missing_values() -> None:
    lat = np.array([[1.2, np.nan], [8.0, 4.0]])
    lon = np.array([[104.0, 104.0], [120.0, np.nan]])
    out = sea_area_of(lat, lon)
    assert out.shape == (2, 2)
    assert out.tolist() == [["Singapore Strait", ""], ["Sulu Sea", ""]]


def test_shape_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"lat has shape \(2,\) but lon has shape \(1,\)"):
        sea_area_of(np.array([1.0, 2.0]), np.array([104.0]))


@pytest.mark.parametrize(
    ("lat", "lon", "area"),
    [
        # Pulau Koko, NE Bintan: a vertex of the Singapore Strait and of the South China Sea
        (1.225, 104.583, "Singapore Strait"),
        # Cape Calavite, on the limit of the Sulu and South China Seas
        (13.446, 120.300, "Sulu Sea"),
        # Camau Point, on the limit of the Gulf of Thailand and the South China Sea
        (8.6, 104.72, "Gulf of Thailand"),
    ],
)
def test_points_on_a_shared_limit_take_the_first_area(lat: float, lon: float, area: str) -> None:
    """Covered-by: a point on a limit is in both areas; the order of SEA_AREAS decides."""
    point = shapely.Point(lon, lat)
    covering = [
        name for name, p in zip(SEA_AREAS, sea_area_polygons(), strict=True) if p.covers(point)
    ]
    assert len(covering) >= 2
    assert covering[0] == area
    assert sea_area_of(np.array([lat]), np.array([lon])).tolist() == [area]


def test_polygons_are_valid_and_named() -> None:
    polygons = sea_area_polygons()
    assert len(polygons) == len(SEA_AREAS) == len(set(SEA_AREAS))
    assert all(shapely.is_valid(p) and not p.is_empty for p in polygons)
    assert "Natuna Sea" not in SEA_AREAS and "Luzon Strait" not in SEA_AREAS


def test_with_sea_area_adds_the_column_and_leaves_the_input_alone() -> None:
    df = pd.DataFrame({"latitude": ["1.2", "x"], "longitude": [104.0, 104.0]})
    out = with_sea_area(df)
    assert out[SEA_AREA_COLUMN].tolist() == ["Singapore Strait", ""]
    assert SEA_AREA_COLUMN not in df


def _incidents() -> pd.DataFrame:
    """Three incidents: Singapore Strait, Sulu Sea, Scarborough Shoal (South China Sea)."""
    return pd.DataFrame(
        {
            "incident_id": ["A", "B", "C"],
            "date": ["2020-01-01", "2021-01-01", "2022-01-01"],
            "latitude": [1.2543, 8.0, 15.15],
            "longitude": [104.0833, 120.0, 117.76],
            "incident_type": ["piracy_armed_robbery", "other", "water_cannon"],
            "countries": ["SGP", "PHL", "CHN;PHL"],
            "description": ["a", "b", "c"],
            "source": ["https://a.example", "https://b.example", "https://c.example"],
        }
    )


def test_filter_computes_the_area_when_the_column_is_missing() -> None:
    f = IncidentFilter(sea_areas=("Sulu Sea", "Singapore Strait"))
    assert apply_filter(_incidents(), f)["incident_id"].tolist() == ["A", "B"]


def test_filter_uses_the_column_when_present() -> None:
    df = _incidents().assign(sea_area=["", "", "Sulu Sea"])  # the column wins over coordinates
    f = IncidentFilter(sea_areas=("Sulu Sea",))
    assert apply_filter(df, f)["incident_id"].tolist() == ["C"]


def test_filter_rejects_an_unknown_area() -> None:
    with pytest.raises(FilterError, match=r"sea_areas=\['Natuna Sea'\] \(--sea_area\) not allowed"):
        IncidentFilter(sea_areas=("Natuna Sea",))


def test_filter_url_round_trip() -> None:
    f = IncidentFilter(countries=("PHL",), sea_areas=("Sulu Sea", "Celebes Sea"))
    params = f.to_query_params()
    assert params == {"country": "PHL", "sea_area": "Celebes Sea,Sulu Sea"}
    back, notices = IncidentFilter.from_query_params(params)
    assert back == f and notices == []
    assert "sea areas: Celebes Sea, Sulu Sea" in f.describe()


def test_filter_url_reports_a_bad_area_and_accepts_any_case() -> None:
    back, notices = IncidentFilter.from_query_params({"sea_area": "sulu sea,Natuna Sea"})
    assert back.sea_areas == ("Sulu Sea",)
    assert notices == ["Ignored sea_area='Natuna Sea': not an IHO sea area"]


def test_csv_export_carries_the_area_column() -> None:
    text = to_csv(with_sea_area(_incidents())).decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(text))
    assert table.columns[-1] == SEA_AREA_COLUMN
    assert table[SEA_AREA_COLUMN].tolist() == ["Singapore Strait", "Sulu Sea", "South China Sea"]


def test_csv_export_without_the_column_is_unchanged() -> None:
    text = to_csv(_incidents()).decode("utf-8-sig")
    assert SEA_AREA_COLUMN not in text.splitlines()[0]

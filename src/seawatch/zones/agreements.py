"""Maritime boundary agreements and joint arrangements of the region, by hand with citations.

Every coordinate here was copied by hand from the text named in the entry's ``citation`` (never
from a data file and never from memory); degrees-minutes-seconds are converted exactly with
``_dms`` and the original DMS is kept in a comment beside each point. Coordinates are
(longitude, latitude) in decimal degrees, in the order the treaty lists them. ``datum`` is what
the treaty states; where it states none, seawatch treats the points as WGS84 (an error of up to
a few hundred metres for old local datums, below the resolution of the built zones).

An agreement whose coordinates could not be read in a citable text is recorded with
``points=()`` and a ``note`` saying what was searched: it is left out of the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Scope = Literal["territorial_sea", "continental_shelf", "eez", "all", "fisheries"]


@dataclass(frozen=True)
class Agreement:
    """A delimitation agreement: its turning points (lon, lat), sides, status and citation."""

    key: str  # stable id, e.g. "chn-vnm-tonkin-2000"
    title: str  # official English title
    parties: tuple[str, str]  # ISO3 codes, sorted
    signed: str  # ISO date "2000-12-25"
    in_force: str | None  # ISO date of entry into force, None if not in force
    scope: Scope
    points: tuple[tuple[float, float], ...]  # (lon, lat), treaty order; () when no citable text
    point_labels: tuple[str, ...]  # the treaty's own labels, same length as points
    left_party: str  # ISO3 of the party on the LEFT walking the points in order; "" if no points
    datum: str  # as the treaty states it
    citation: str  # where the coordinates were read: title + URL (+ article/annex)
    note: str = ""  # what was checked, discrepancies, caveats
    #: The agreement's area of application (lon, lat ring) when the treaty defines one: the
    #: line allocates waters only inside it. () when the treaty defines none (the corridor
    #: and the parties' overlapping entitlements bound the allocation then).
    area: tuple[tuple[float, float], ...] = ()
    area_note: str = ""  # where the area's points come from; which are seawatch's own


@dataclass(frozen=True)
class JointArea:
    """A joint or provisional arrangement area: its ring (lon, lat), parties and citation."""

    key: str  # e.g. "mys-tha-jda-1979"
    name: str
    parties: tuple[str, ...]  # ISO3 sorted
    arrangement: Literal[
        "joint_development",
        "commercial_arrangement",
        "historic_waters",
        "common_fishery_zone",
        "overlapping_claims_area",
    ]
    signed: str
    in_force: str | None
    ring: tuple[tuple[float, float], ...]  # (lon, lat), treaty order; () when no citable text
    ring_labels: tuple[str, ...]
    datum: str
    citation: str
    note: str = ""


def _dms(d: float, m: float = 0.0, s: float = 0.0) -> float:
    """Degrees, minutes, seconds (all positive) -> decimal degrees."""
    return d + m / 60 + s / 3600


# =============================================================================================
# China - Viet Nam, Gulf of Tonkin (Beibu Gulf / Vinh Bac Bo), 25 Dec 2000
# =============================================================================================
# Article II: 21 points joined in sequence by straight lines, from the mouth of the Beilun
# river to the closing line of the Gulf. Walking 1 -> 21 (north to south), China is on the left.
# Points 1-10: as checked in seawatch.zones.sources.TONKIN_POINTS (vi.wikipedia transcription of
# Art. II, all ten; zh.wikisource Chinese text, points 1-3).
# Points 10, 12-21: confirmed to the second against a Chinese-language copy of Art. 2 (points
# 10-21, "第10界点 ... 第21界点") quoted on https://77.wendadaohang.com/zd/G3pp3qWWv.html.
# Point 11: that copy gives 北纬19度39分33秒 (19°39'33"N), i.e. the latitude of point 12, while
# every decimal transcription found (GitHub hoainxm/forfish src/data/vn-maritime-border.ts and
# sources.py) gives 19°57'33"N (19.959167). The longitude 107°55'47"E agrees everywhere. Kept at
# 19°57'33"N, which matches the published 15-nm clearance of Bach Long Vi (see the entry's note);
# not confirmed against an authoritative text of Article II.
_TONKIN_POINTS: Final = (
    (_dms(108, 6, 4.3), _dms(21, 28, 12.5)),  # 1: 21°28'12.5"N 108°06'04.3"E
    (_dms(108, 6, 1.6), _dms(21, 28, 1.7)),  # 2: 21°28'01.7"N 108°06'01.6"E
    (_dms(108, 5, 57.7), _dms(21, 27, 50.1)),  # 3: 21°27'50.1"N 108°05'57.7"E
    (_dms(108, 5, 51.5), _dms(21, 27, 39.5)),  # 4: 21°27'39.5"N 108°05'51.5"E
    (_dms(108, 5, 39.9), _dms(21, 27, 28.2)),  # 5: 21°27'28.2"N 108°05'39.9"E
    (_dms(108, 5, 38.8), _dms(21, 27, 23.1)),  # 6: 21°27'23.1"N 108°05'38.8"E
    (_dms(108, 5, 43.7), _dms(21, 27, 8.2)),  # 7: 21°27'08.2"N 108°05'43.7"E
    (_dms(108, 8, 5), _dms(21, 16, 32)),  # 8: 21°16'32"N 108°08'05"E
    (_dms(108, 12, 31), _dms(21, 12, 35)),  # 9: 21°12'35"N 108°12'31"E
    (_dms(108, 22, 45), _dms(20, 24, 5)),  # 10: 20°24'05"N 108°22'45"E
    (_dms(107, 55, 47), _dms(19, 57, 33)),  # 11: 19°57'33"N 107°55'47"E (lat disputed, see note)
    (_dms(107, 31, 40), _dms(19, 39, 33)),  # 12: 19°39'33"N 107°31'40"E
    (_dms(107, 21, 0), _dms(19, 25, 26)),  # 13: 19°25'26"N 107°21'00"E
    (_dms(107, 12, 43), _dms(19, 25, 26)),  # 14: 19°25'26"N 107°12'43"E
    (_dms(107, 11, 23), _dms(19, 16, 4)),  # 15: 19°16'04"N 107°11'23"E
    (_dms(107, 9, 34), _dms(19, 12, 55)),  # 16: 19°12'55"N 107°09'34"E
    (_dms(107, 9, 34), _dms(18, 42, 52)),  # 17: 18°42'52"N 107°09'34"E
    (_dms(107, 34, 0), _dms(18, 13, 49)),  # 18: 18°13'49"N 107°34'00"E
    (_dms(107, 37, 34), _dms(18, 7, 8)),  # 19: 18°07'08"N 107°37'34"E
    (_dms(107, 39, 9), _dms(18, 4, 13)),  # 20: 18°04'13"N 107°39'09"E
    (_dms(107, 58, 0), _dms(17, 47, 0)),  # 21: 17°47'00"N 107°58'00"E
)

# =============================================================================================
# Thailand - Viet Nam, Gulf of Thailand, 9 Aug 1997
# =============================================================================================
# Article 1: the boundary is the straight line joining Point C and Point K. Read in the
# Vietnamese text (luatminhkhue.vn). Walking C -> K (north-west), Thailand is on the left.
_THA_VNM_POINTS: Final = (
    (_dms(103, 2, 30), _dms(7, 49, 0)),  # C: 07°49'00".0000N 103°02'30".0000E
    (_dms(102, 12, 11.5342), _dms(8, 46, 54.7754)),  # K: 08°46'54".7754N 102°12'11".5342E
)


# =============================================================================================
# Indonesia - Viet Nam, continental shelf, 26 June 2003 (Hanoi)
# =============================================================================================
# Article 1(1): straight lines joining 20, H, H1, A4, X1, then straight to Point 25; Art. 1(2):
# geodetic lines, WGS 84. Read in the English text (quoted on defence.pk) and checked point by
# point against the Vietnamese text (thuvienphapluat.vn and vnsea.net): all six agree. Walking
# 20 -> 25 (eastward), Viet Nam is on the left.
_IDN_VNM_2003_POINTS: Final = (
    (_dms(105, 49, 12), _dms(6, 5, 48)),  # 20: 06°05'48"N 105°49'12"E
    (_dms(106, 12, 0), _dms(6, 15, 0)),  # H: 06°15'00"N 106°12'00"E
    (_dms(106, 19, 1), _dms(6, 15, 0)),  # H1: 06°15'00"N 106°19'01"E
    (_dms(106, 39, 37.67), _dms(6, 20, 59.88)),  # A4: 06°20'59.88"N 106°39'37.67"E
    (_dms(109, 17, 13), _dms(6, 50, 15)),  # X1: 06°50'15"N 109°17'13"E
    (_dms(109, 38, 36), _dms(6, 18, 12)),  # 25: 06°18'12"N 109°38'36"E
)

# =============================================================================================
# Indonesia - Singapore, territorial sea, western part of the Strait of Singapore, 10 Mar 2009
# =============================================================================================
# The line continues the 1973 line westward from its Point 1 through 1A and 1B to 1C, WGS 84.
# Read in the Antara News report of the exchange of ratifications (30 Aug 2010), which quotes the
# four points as "1 (1:10/46.0/NL, 103:40/14.6/EL); 1A (1:11/17.4/NL, 103:39/38.5/EL);
# 1B (1:11/55.5/NL, 103:34/20.4/EL); and 1C (1:11/43.8/NL, 103:34?00.0/EL)". Walking 1 -> 1C
# (westward), Indonesia is on the left (Singapore to the north, on the right).
_IDN_SGP_2009_POINTS: Final = (
    (_dms(103, 40, 14.6), _dms(1, 10, 46.0)),  # 1: 01°10'46.0"N 103°40'14.6"E (1973 Point 1)
    (_dms(103, 39, 38.5), _dms(1, 11, 17.4)),  # 1A: 01°11'17.4"N 103°39'38.5"E
    (_dms(103, 34, 20.4), _dms(1, 11, 55.5)),  # 1B: 01°11'55.5"N 103°34'20.4"E
    (_dms(103, 34, 0.0), _dms(1, 11, 43.8)),  # 1C: 01°11'43.8"N 103°34'00.0"E
)

# =============================================================================================
# Indonesia - Thailand, continental shelf, northern Strait of Malacca and Andaman Sea, 17 Dec 1971
# =============================================================================================
# Article I(1) (Indonesian text): a straight line from 6°21'.8 N 97°54'.0 E ("titik 1") westward
# to 7°05'.8 N 96°36'.5 E ("titik 2"). Both points lie WEST of seawatch's bbox (98°E). Walking
# 1 -> 2, Indonesia (Sumatra) is on the left.
_IDN_THA_1971_POINTS: Final = (
    (_dms(97, 54.0), _dms(6, 21.8)),  # 1: 6°21'.8N 97°54'.0E
    (_dms(96, 36.5), _dms(7, 5.8)),  # 2: 7°05'.8N 96°36'.5E
)

# =============================================================================================
# Indonesia - Malaysia - Thailand, continental shelf tripoint, northern Strait of Malacca,
# 21 Dec 1971 (Kuala Lumpur)
# =============================================================================================
# Article I(1): "Common Point" 5°57'.0 N 98°01'.5 E; I(2): IDN-THA line from the Common Point
# north-westward to 6°21'.8 N 97°54'.0 E (Point 1 of the 1971 IDN-THA agreement); I(3): IDN-MYS
# line from the Common Point southward to Point 1 of the 1969 IDN-MYS agreement, 5°27'.0 N
# 98°17'.5 E. The MYS-THA segment from the Common Point (Art. I(4)) was not read.
_COMMON_POINT_1971: Final = (_dms(98, 1.5), _dms(5, 57.0))  # CP: 5°57'.0N 98°01'.5E
_IDN_MYS_1969_POINT_1: Final = (_dms(98, 17.5), _dms(5, 27.0))  # 1969 Pt 1: 5°27'.0N 98°17'.5E

# =============================================================================================
# Cambodia - Viet Nam historic waters, 7 July 1982: the part of Article 1 that was read
# =============================================================================================
# Article 1 bounds the historic waters on the north-west by straight lines joining (in this
# order) 9°54'.2N 102°55'.2E and 9°54'.5N 102°57'.0E (Poulo Wai), 10°24'.1N 103°48'.0E and
# 10°25'.6N 103°49'.2E (Koh Sès), 10°30'.0N 103°47'.4E (Koh Thmei), 10°32'.4N 103°48'.2E (Kampot
# coast); on the north by the Kampot coast to the land-boundary terminus. The eastern,
# south-eastern and south-western limits (Kien Giang coast, Phu Quoc, Tho Chu, point O) were not
# read, so the ring is NOT closed and is not used as geometry; these points are kept for reference.
KHM_VNM_1982_NORTHWEST_LIMIT: Final = (
    (_dms(102, 55.2), _dms(9, 54.2)),  # 9°54'.2N 102°55'.2E, Poulo Wai
    (_dms(102, 57.0), _dms(9, 54.5)),  # 9°54'.5N 102°57'.0E, Poulo Wai
    (_dms(103, 48.0), _dms(10, 24.1)),  # 10°24'.1N 103°48'.0E, Koh Sès
    (_dms(103, 49.2), _dms(10, 25.6)),  # 10°25'.6N 103°49'.2E, Koh Sès
    (_dms(103, 47.4), _dms(10, 30.0)),  # 10°30'.0N 103°47'.4E, Koh Thmei
    (_dms(103, 48.2), _dms(10, 32.4)),  # 10°32'.4N 103°48'.2E, Kampot coast
)

# =============================================================================================
# Indonesia - Philippines, EEZ boundary, Celebes Sea / Philippine Sea, 23 May 2014 (Manila)
# =============================================================================================
# Article 1 (as quoted in Indonesian): the EEZ boundary is the geodetic lines joining eight points
# in WGS84, from the Celebes Sea (west) to the Philippine Sea (east). Read in
# https://mukhtar-api.blogspot.com/2015/06/penetapan-batas-zona-ekonomi-eksklusif.html ("Batas
# ZEE yang dimaksud dalam koordinat-koordinat geografis berdasarkan World Geodetic System of 1984
# (WGS84) Datum"; U = north, T = east). Walking 1 -> 8 (eastward), the Philippines (north) is on
# the left; check: Miangas (Indonesian, about 5°34'N 126°35'E) falls south of segment 5-6
# (the line is at about 5.93N at 126.58E), i.e. on the right.
_IDN_PHL_2014_POINTS: Final = (
    (_dms(119, 55, 34), _dms(3, 6, 41)),  # 1: 3°06'41"N 119°55'34"E
    (_dms(121, 21, 31), _dms(3, 26, 36)),  # 2: 3°26'36"N 121°21'31"E
    (_dms(122, 56, 3), _dms(3, 48, 58)),  # 3: 3°48'58"N 122°56'03"E
    (_dms(124, 51, 17), _dms(4, 57, 42)),  # 4: 4°57'42"N 124°51'17"E
    (_dms(125, 28, 20), _dms(5, 2, 48)),  # 5: 5°02'48"N 125°28'20"E
    (_dms(127, 11, 42), _dms(6, 25, 21)),  # 6: 6°25'21"N 127°11'42"E
    (_dms(128, 39, 2), _dms(6, 24, 25)),  # 7: 6°24'25"N 128°39'02"E
    (_dms(129, 31, 31), _dms(6, 24, 20)),  # 8: 6°24'20"N 129°31'31"E
)

# =============================================================================================
# Malaysia - Thailand Joint Development Area (MOU, Chiang Mai, 21 Feb 1979; Act 440 of 1990)
# =============================================================================================
# Malaysia-Thailand Joint Authority Bill 1990 (D.R. 34/90), Malay text as gazetted (Warta
# Kerajaan, Jil. 34 Tambahan No. 13, 21 June 1990), clause 6: the JDA is the area bounded by
# straight lines joining A-B-C-D-E-F-G, shown on British Admiralty Chart No. 2414 (1967 ed.);
# clause 18(2) repeats every point (A, B, C with the jurisdiction point X for Thailand's part; A,
# X, D, E, F, G for Malaysia's), and each legible repetition agrees. Read in the OCR transcription
# github.com/klrkdekira/BillWatcher, scraper_data/ms/archive/1990/0_1990_29/bill.md (of
# https://www.parlimen.gov.my/files/billindex/pdf/1990/DR341990.pdf). U = north, T = east.
# Clause 6's line for C is garbled by the OCR ("U T 49'.0 T 103° 02'.5"); C is read from clause
# 18(2)(b) ("(C)U7°49'.0 T 103°02'.5") and equals Point C of the 1997 THA-VNM agreement
# (7°49'00"N 103°02'30"E), an independent text. The ring (A..G, clockwise) encloses 7,238 km2
# on WGS84, against the published "7,250 km2" (mtja.org, Straits Times).
_MYS_THA_JDA_RING: Final = (
    (_dms(102, 21.2), _dms(6, 50.0)),  # A: 6°50'.0N 102°21'.2E
    (_dms(102, 29.0), _dms(7, 10.25)),  # B: 7°10'.25N 102°29'.0E
    (_dms(103, 2.5), _dms(7, 49.0)),  # C: 7°49'.0N 103°02'.5E (cl. 18(2)(b); = THA-VNM Point C)
    (_dms(103, 42.5), _dms(7, 22.0)),  # D: 7°22'.0N 103°42'.5E
    (_dms(103, 39.0), _dms(7, 20.0)),  # E: 7°20'.0N 103°39'.0E
    (_dms(103, 6.0), _dms(7, 3.0)),  # F: 7°03'.0N 103°06'.0E
    (_dms(102, 34.0), _dms(6, 53.0)),  # G: 6°53'.0N 102°34'.0E
)
# Clause 2 ("garis pembahagi bidang kuasa", the line dividing civil and criminal jurisdiction in
# the JDA): the straight line from A to X; X lies on edge C-D (within about 300 m on a plain
# lon/lat segment). Thailand's jurisdiction is A-B-C-X,
# Malaysia's A-X-D-E-F-G (cl. 18(2)). Kept for reference; not used as geometry.
MYS_THA_JDA_JURISDICTION_LINE: Final = (
    _MYS_THA_JDA_RING[0],  # A: 6°50'.0N 102°21'.2E
    (_dms(103, 23.0), _dms(7, 35.0)),  # X: 7°35'.0N 103°23'.0E
)

# Article I(2): the Gulf is the semi-enclosed sea bounded by the two states' coasts (north), the
# coasts of the Leizhou peninsula and Hainan (east), Viet Nam's mainland coast (west), and in the
# south by the straight line from the outermost point of Yinggezui (Hainan) through Con Co island
# to a point on Viet Nam's coast; "the area above is the area of delimitation of this Agreement".
# Read in the Chinese text (zhonghuashu.com mirror of zh.wikisource, cited in the entry).
GULF_OF_TONKIN: Final = (
    (_dms(108, 41, 17), _dms(18, 30, 19)),  # Yinggezui: 18°30'19"N 108°41'17"E (Art. I(2))
    (_dms(107, 8, 42), _dms(16, 57, 40)),  # Viet Nam's coast: 16°57'40"N 107°08'42"E (Art. I(2))
    # seawatch's own points closing the ring over land (they bound no water of the Gulf):
    (105.5, _dms(16, 57, 40)),  # inland Viet Nam / Laos, west of the coast point
    (105.5, 22.9),  # inland, north of the Beilun river mouth
    (110.2, 22.9),  # inland Guangxi
    (110.2, 20.0),  # across the Qiongzhou Strait at 110.2°E (an outlet, China's waters)
    (109.6, 19.3),  # central Hainan
)

AGREEMENTS: Final[tuple[Agreement, ...]] = (
    Agreement(
        key="chn-vnm-tonkin-2000",
        title=(
            "Agreement between the People's Republic of China and the Socialist Republic of "
            "Viet Nam on the delimitation of the territorial seas, exclusive economic zones and "
            "continental shelves of the two countries in Beibu Gulf/Bac Bo Gulf"
        ),
        parties=("CHN", "VNM"),
        signed="2000-12-25",
        in_force="2004-06-30",
        scope="all",
        points=_TONKIN_POINTS,
        point_labels=tuple(str(i) for i in range(1, 22)),
        left_party="CHN",
        datum="not stated in Article II",
        citation=(
            "Article II. Chinese text: zh.wikisource.org, 中华人民共和国和越南社会主义"
            "共和国关于两国在北部湾领海、专属经济区和大陆架的划界协定 (points 1-3 read; "
            "mirror https://zhonghuashu.com/wiki/中华人民共和国和越南社会主义共和国关于两国"
            "在北部湾领海、专属经济区和大陆架的划界协定); Vietnamese text: https://thuvienphapluat.vn/van-ban/"
            "Bo-may-hanh-chinh/Hiep-dinh-phan-dinh-lanh-hai-vung-dac-quyen-kinh-te-them-luc-dia-"
            "cua-hai-nuoc-trong-Vinh-Bac-Bo-giua-Viet-Nam-Cong-hoa-nhan-dan-Trung-Hoa-2004-17456"
            ".aspx (Notice 52/2004/LPQT: in force 30 June 2004); points 1-10 as transcribed on "
            "vi.wikipedia.org, Hiệp định Phân định Vịnh Bắc Bộ; points 10-21 as quoted in Chinese "
            "on https://77.wendadaohang.com/zd/G3pp3qWWv.html"
        ),
        note=(
            "Confirmed against a text of Article II: points 1-10 (vi.wikipedia transcription; "
            "1-3 also zh.wikisource), points 12-21 and the longitude of 11 (Chinese quotation of "
            "Art. 2, points 10-21, on a Q&A page: a secondary copy, not an official gazette). "
            "POINT 11 LATITUDE, SOURCES DISAGREE: that copy gives 19°39'33\"N (the same "
            "latitude as point 12), the decimal transcriptions (GitHub hoainxm/forfish, "
            "src/data/vn-maritime-border.ts: 19.959167, 107.929722) give 19°57'33\"N. Kept "
            "19°57'33\"N because it fits the published geometry: the line passes 15 nm from Bach "
            "Long Vi island (12-nm territorial sea + 3 nm, 'Đường phân định đi cách đảo Bạch Long "
            "Vĩ 15 hải lý', https://plo.vn/so-ket-10-nam-thuc-hien-hiep-dinh-hop-tac-nghe-ca-viet-"
            "nam-trung-quoc-post299200.html). Taking the island at about 20°08'N 107°43'E, the "
            "line 10-11-12 comes within 15.4 nm of it with 19°57'33\"N but only 24.2 nm with "
            "19°39'33\"N (geodesic, WGS84); the Q&A copy most likely repeated point 12's "
            "latitude. The two readings move point 11 by 33 km north-south. No copy of UN "
            "DOALOS Law of the Sea Bulletin No. 44 or of the official English text listing "
            "points 11-21 was found. "
            "Entry into force 30 June 2004 (exchange of instruments of ratification in Hanoi; "
            "Vietnamese MOFA notice 52/2004/LPQT)."
        ),
        area=GULF_OF_TONKIN,
        area_note=(
            "Article I(2): the Gulf's southern limit runs from Yinggezui (18°30'19\"N "
            "108°41'17\"E) through Con Co island to 16°57'40\"N 107°08'42\"E on Viet Nam's "
            "coast, and that area is the area of delimitation (Chinese text, "
            "https://zhonghuashu.com/wiki/中华人民共和国和越南社会主义共和国关于两国在北部湾领海、"
            "专属经济区和大陆架的划界协定). The ring's other five points are seawatch's, on land "
            "or across the Qiongzhou Strait at 110.2°E, to close it. Waters south of the closing "
            "line (south of Hainan, the approaches to the Paracels) are not delimited by it."
        ),
    ),
    Agreement(
        key="tha-vnm-1997",
        title=(
            "Agreement between the Government of the Kingdom of Thailand and the Government of "
            "the Socialist Republic of Viet Nam on the delimitation of the maritime boundary "
            "between the two countries in the Gulf of Thailand"
        ),
        parties=("THA", "VNM"),
        signed="1997-08-09",
        in_force="1998-02-27",
        scope="all",
        points=_THA_VNM_POINTS,
        point_labels=("C", "K"),
        left_party="THA",
        datum="not stated in Article 1",
        citation=(
            "Article 1, Vietnamese text: https://luatminhkhue.vn/hiep-dinh-ve-phan-dinh-ranh-gioi-"
            "tren-bien-giua-hai-nuoc-trong-vinh-thai-lan-giua-viet-nam---thai-lan.aspx; summary "
            "https://maritimeindex.org/?p=103526"
        ),
        note=(
            "The line is both continental shelf and EEZ boundary (Art. 1, maritimeindex "
            "summary). Point C is the northernmost point of the 1979 Malaysia-Thailand Joint "
            "Development Area and Point 43 of Malaysia's 1979 map (Art. 1.2); Point K lies on the "
            "Cambodia-Viet Nam line equidistant between Tho Chu and Koh Wai (Art. 1.3). "
            "DISCREPANCIES in secondary copies: the French-Wikipedia article 'Frontière entre la "
            "Thaïlande et le Viêt Nam' (read in its frwiki.wiki mirrors) gives C at 07°48'00\"N "
            "and K at 102°12'11\".6542E; the Vietnamese text gives 07°49'00\"N and "
            "102°12'11\".5342E. The Vietnamese text is kept: an independent decimal transcription "
            "(hoainxm/forfish vn-maritime-border.ts) has C's latitude as 7.816667 (7°49'N) and K "
            "as 102.203204, 8.781882 (to 0.001\" of the Vietnamese text); the same file has C's "
            "longitude as 103.034167 = 103°02'03\", apparently a transposition of 02'30\". "
            "In force 27 Feb 1998 "
            "(frwiki mirrors; not checked in the UN Treaty Series)."
        ),
    ),
    Agreement(
        key="idn-vnm-2003",
        title=(
            "Agreement between the Government of the Socialist Republic of Viet Nam and the "
            "Government of the Republic of Indonesia concerning the delimitation of the "
            "continental shelf boundary"
        ),
        parties=("IDN", "VNM"),
        signed="2003-06-26",
        in_force="2007-05-29",
        scope="continental_shelf",
        points=_IDN_VNM_2003_POINTS,
        point_labels=("20", "H", "H1", "A4", "X1", "25"),
        left_party="VNM",
        datum="WGS 84 (Art. 1(2): geodetic lines, World Geodetic System 1984)",
        citation=(
            "Article 1. English text as quoted on https://defence.pk./threads/"
            "south-china-sea-forum.196058/page-208; Vietnamese text: https://m.thuvienphapluat.vn"
            "/van-ban/Tai-nguyen-Moi-truong/Hiep-dinh-phan-dinh-ranh-gioi-them-luc-dia-giua-Viet-"
            "Nam-Indonesia-115570.aspx and http://vnsea.net/tabid/139/ArticleID/127/ (Vietnamese "
            "text with the in-force note); summary https://maritimeindex.org/country/indonesia/"
            "page/4"
        ),
        note=(
            'All six points identical in the English and the Vietnamese texts (to 0.01"). '
            "Seabed only: the water column is delimited separately by the 2022 EEZ agreement "
            "(key idn-vnm-eez-2022), whose line differs. Points 20 and 25 are the northern ends "
            "of the 1969 Indonesia-Malaysia shelf lines west and east of Natuna (Wikipedia, "
            "'Malaysia-Vietnam border', gives 1969 Point 20 as 6°05.8'N 105°49.2'E, the same "
            "point; UGM maritime blog 2024-01-16: the 2003 line 'connected Indonesia-Malaysia "
            "boundary lines'). Signed 26 June 2003 in Hanoi (vi.wikipedia; vnsea.net says 23 June "
            "2003, the defence.pk copy heads the text '23/06/2003'); in force 29 May 2007 "
            "(vi.wikipedia 'Hiệp định về phân định ranh giới thềm lục địa Việt Nam-Indonesia'; "
            "vnsea.net)."
        ),
    ),
    Agreement(
        key="idn-vnm-eez-2022",
        title=(
            "Agreement between the Republic of Indonesia and the Socialist Republic of Viet Nam "
            "concerning the delimitation of the exclusive economic zone boundary"
        ),
        parties=("IDN", "VNM"),
        signed="2022-12-22",
        in_force=None,
        scope="eez",
        points=(),
        point_labels=(),
        left_party="",
        datum="not public",
        citation=(
            "Conclusion announced at Bogor, 22 Dec 2022: https://colonialobserver.com/jokowi-"
            "indonesia-vietnam-conclude-12-year-talks-on-eez-delimitation; status: "
            "https://www.9dashline.com/article/ratifying-the-indonesia-vietnam-eez-maritime-"
            "delimitation-agreement-serves-national-and-regional-best-interests (14 Aug 2025)"
        ),
        note=(
            "COORDINATES NOT PUBLIC: 9DASHLINE (Darmawan & Bradford, 14 Aug 2025) states that "
            "'the cartographic details of that deal remain unavailable to the public' and that "
            "it 'has yet to be formally brought into force'; Fulcrum (ISEAS) notes the method is "
            "unclear. The signed date is the announcement of the concluded negotiations "
            "(22 Dec 2022); 9DASHLINE speaks of signature 'in late 2023', so the exact signature "
            "date is UNCERTAIN. Jakarta Globe / SCMP (Mar 2025) report Indonesia's plan to "
            "ratify in April 2025; no entry into force was found. Searched: pages corpus "
            "(Indonesian, Vietnamese, English), find_string. Not in the geometry."
        ),
    ),
    Agreement(
        key="idn-mys-1969",
        title=(
            "Agreement between the Government of Malaysia and the Government of the Republic of "
            "Indonesia on the delimitation of the continental shelves between the two countries"
        ),
        parties=("IDN", "MYS"),
        signed="1969-10-27",
        in_force="1969-11-07",
        scope="continental_shelf",
        points=(),
        point_labels=(),
        left_party="",
        datum="not read",
        citation=(
            "Summary: https://maritimeindex.org/legal-document/indonesia-malaysia-agreement-on-"
            "the-delimitation-of-continental-shelves-south-china-sea-adopted-from-un-treaty-"
            "series/ (three segments: Strait of Malacca, off the east coast of West Malaysia, off "
            "Sarawak; Charts A-C)"
        ),
        note=(
            "NO CITABLE POINT LIST FOUND for the 1969 lines. Searched: US DoS Limits in the Seas "
            "No. 1 (not in the stored pages), the English text (maritimeindex gives a summary "
            "only), the Indonesian text (Keppres 89/1969; not found), en/ms Wikipedia "
            "'Indonesia-Malaysia border' (tables not reachable in the stored excerpts), "
            "find_string on DMS forms. Known single points, with their sources: Point 1 = "
            "5°27'.0N 98°17'.5E (1971 IDN-MYS-THA agreement, Art. I(3)); Point 20 = 6°05.8'N "
            "105°49.2'E (Wikipedia 'Malaysia-Vietnam border'; equals IDN-VNM 2003 Point 20); the "
            "eastern (Sarawak) segment ends at IDN-VNM 2003 Point 25 (6°18'12\"N 109°38'36\"E) "
            "by inference from the 2003 agreement (a Wikipedia summary, wikisum.wiki/wiki/"
            "Indonesia-Malaysia_border, states it: 'Point 25 is also the eastern terminus of the "
            "Indonesia-Vietnam continental shelf boundary'); the same summary gives the Sarawak "
            "segment's start as 'Point 21 with coordinates 109° 38'.8E 02° 05'.0N' off Tanjung "
            "Datu (single secondary source; not encoded, a lone point). A second search session "
            "(pages corpus: LIS No. 1 by title, Indonesian/Malay treaty wording, ms.wikipedia "
            "tables; find_string) again reached no point list. Signed at Kuala Lumpur 27 Oct 1969; "
            "'ratified on 7 November 1969' per an Indonesian student blog "
            "(santipermatasari14.blogspot.com) and Keppres No. 89/1969 of 15 Nov 1969 "
            "(text-id.123dok.com, Marsetio); entry-into-force date 1969-11-07 is therefore "
            "weakly sourced. Not in the geometry (the lead keeps the median line there)."
        ),
    ),
    Agreement(
        key="idn-mys-1971-tripoint-segment",
        title=(
            "Agreement between the Governments of the Republic of Indonesia, Malaysia and the "
            "Kingdom of Thailand relating to the delimitation of the continental shelf "
            "boundaries in the northern part of the Strait of Malacca (Indonesia-Malaysia "
            "segment, Art. I(3))"
        ),
        parties=("IDN", "MYS"),
        signed="1971-12-21",
        in_force="1973-07-16",
        scope="continental_shelf",
        points=(_COMMON_POINT_1971, _IDN_MYS_1969_POINT_1),
        point_labels=("Common Point", "1 (1969)"),
        left_party="MYS",
        datum="not stated",
        citation=(
            "Art. I(1), I(3), Indonesian text: https://123dok.com/document/zx5e9rnq-"
            "selanjutnya.html; Common Point and entry into force also in US DoS Limits in the "
            "Seas No. 81, 'Indonesia-Malaysia-Thailand maritime boundaries' (copy: "
            "https://documents.pub/document/indonesia-malaysia-thailand-maritime-boundaries-"
            "indonesia-malaysia-maritime.html)"
        ),
        note=(
            "Common Point 5°57'.0N 98°01'.5E read in both the Indonesian text and LIS 81 "
            "('5°57.0'N. and 98°01.5'E.'); LIS 81: the agreement 'entered into force on July 16, "
            "1973'. Point 1 of 1969 read only in the Indonesian text (old spelling, OCR). This "
            "segment is the northern continuation of the 1969 Malacca line, whose other points "
            "were not found. DISCREPANCY: the wikimili copy of Wikipedia 'Indonesia-Thailand "
            "border' lists CP as 5°57'00\" 103°44'26.5\", a copy error (that longitude is not in "
            "the Strait of Malacca)."
        ),
    ),
    Agreement(
        key="idn-tha-1971-tripoint-segment",
        title=(
            "Agreement between the Governments of the Republic of Indonesia, Malaysia and the "
            "Kingdom of Thailand relating to the delimitation of the continental shelf "
            "boundaries in the northern part of the Strait of Malacca (Indonesia-Thailand "
            "segment, Art. I(2))"
        ),
        parties=("IDN", "THA"),
        signed="1971-12-21",
        in_force="1973-07-16",
        scope="continental_shelf",
        points=(_COMMON_POINT_1971, _IDN_THA_1971_POINTS[0]),
        point_labels=("Common Point", "1 (IDN-THA 1971)"),
        left_party="IDN",
        datum="not stated",
        citation=(
            "Art. I(2), Indonesian text: https://123dok.com/document/zx5e9rnq-selanjutnya.html; "
            "LIS No. 81 (see idn-mys-1971-tripoint-segment)"
        ),
        note=(
            "Joins the Common Point to Point 1 of the 1971 IDN-THA agreement (6°21'.8N "
            "97°54'.0E), which lies just west of seawatch's bbox. The OCR'd Indonesian text "
            "prints the next IDN-THA point as '1° 05'.8' (for 7°05'.8N, the bilateral Point 2)."
        ),
    ),
    Agreement(
        key="idn-tha-1971",
        title=(
            "Agreement between the Government of the Republic of Indonesia and the Government of "
            "the Kingdom of Thailand relating to the delimitation of a continental shelf "
            "boundary between the two countries in the northern part of the Straits of Malacca "
            "and in the Andaman Sea"
        ),
        parties=("IDN", "THA"),
        signed="1971-12-17",
        in_force=None,
        scope="continental_shelf",
        points=_IDN_THA_1971_POINTS,
        point_labels=("1", "2"),
        left_party="IDN",
        datum="not stated",
        citation=(
            "Art. I(1), Indonesian text: https://text-id.123dok.com/document/q053ekxy-"
            "selanjutnya-2394.html; table in Wikipedia 'Indonesia-Thailand border' (copy: "
            "https://wikimili.com/en/Indonesia–Thailand_border)"
        ),
        note=(
            "Both points agree between the treaty text (6°21'.8N 97°54'.0E; 7°05'.8N 96°36'.5E) "
            "and the Wikipedia table (06°21'48\" 97°54'00\"; 07°05'48\" 96°36'30\"). ENTRY INTO "
            "FORCE NOT FOUND (in_force=None means 'date not found', not 'not in force'): "
            "Indonesia ratified by Keppres No. 21/1972 (Marsetio, text-id.123dok.com). The whole "
            "line lies west of 98°E, outside seawatch's bbox; extended north by the 1975 "
            "IDN-THA agreement (A = Point 2 ... L) and the 1978 IDN-IND-THA trijunction, not "
            "encoded."
        ),
    ),
    Agreement(
        key="idn-sgp-2009",
        title=(
            "Treaty between the Republic of Indonesia and the Republic of Singapore relating to "
            "the delimitation of the territorial seas of the two countries in the western part "
            "of the Strait of Singapore"
        ),
        parties=("IDN", "SGP"),
        signed="2009-03-10",
        in_force="2010-08-30",
        scope="territorial_sea",
        points=_IDN_SGP_2009_POINTS,
        point_labels=("1", "1A", "1B", "1C"),
        left_party="IDN",
        datum="WGS 84",
        citation=(
            "Antara News, 31 Aug 2010, 'RI-Singapore exchange border agreement' (copy: "
            "https://cempaka-asean.blogspot.com/2010/08/ri-singapore-exchange-border-"
            "agreement.html); Indonesian ratification law (Law No. 4/2010, English translation: "
            "https://docslib.org/doc/7483644/the-republic-of-indonesia-and-the-republic-of-"
            "singapore, coordinates not reached in the excerpt)"
        ),
        note=(
            "SINGLE SOURCE for the coordinates (a news report quoting the treaty, with one "
            "garbled separator in 1C's longitude '103:34?00.0'); not checked against the treaty "
            "text. Point 1 is the western end of the 1973 line. In force 30 Aug 2010 on exchange "
            "of ratifications (Art. 5; Antara; Straits Times 25 Sep 2017). Wikipedia: the treaty "
            "extends the 1973 line 12.1 km west to 1C."
        ),
    ),
    Agreement(
        key="idn-sgp-1973",
        title=(
            "Agreement stipulating the territorial sea boundary lines between Indonesia and the "
            "Republic of Singapore in the Strait of Singapore"
        ),
        parties=("IDN", "SGP"),
        signed="1973-05-25",
        in_force="1974-08-29",
        scope="territorial_sea",
        points=(),
        point_labels=(),
        left_party="",
        datum="not stated",
        citation=(
            "Wikipedia 'Indonesia-Singapore border' (https://en.wikipedia.org/wiki/Indonesia"
            "%E2%80%93Singapore_border): six points, 24.55 nmi; US DoS Limits in the Seas No. 60 "
            "(11 Nov 1974), http://www.state.gov/documents/organization/61500.pdf (not in the "
            "stored pages)"
        ),
        note=(
            "POINTS 2-6 NOT FOUND in a citable text (searched again: English/Indonesian wording, "
            "Arsana 2007 (asmmag), BIG papers, find_string on DMS; LIS No. 60 and the treaty "
            "text were not in "
            "the stored pages; the Wikipedia table was not reachable). Point 1 = 1°10'46.0\"N "
            "103°40'14.6\"E (see idn-sgp-2009). In force 29 Aug 1974 (Straits Times, 25 Sep 2017: "
            "'The first treaty came into force on Aug 29, 1974'; Indonesia ratified 3 Dec 1973)."
        ),
    ),
    Agreement(
        key="idn-sgp-2014",
        title=(
            "Treaty between the Republic of Indonesia and the Republic of Singapore relating to "
            "the delimitation of the territorial seas of the two countries in the eastern part "
            "of the Strait of Singapore"
        ),
        parties=("IDN", "SGP"),
        signed="2014-09-03",
        in_force="2017-02-10",
        scope="territorial_sea",
        points=(),
        point_labels=(),
        left_party="",
        datum="not read",
        citation=(
            "Straits Times, 25 Sep 2017, http://www.straitstimes.com/asia/se-asia/singapore-"
            "indonesia-submit-final-sea-border-treaty-to-un-as-they-celebrate-50th (signed "
            "3 Sep 2014; ratifications exchanged and in force 10 Feb 2017; 5.1 nmi between Changi "
            "and Batam)"
        ),
        note=(
            "COORDINATES NOT FOUND: searched the pages corpus (treaty text, Indonesian "
            "ratification law of Dec 2016, news) and find_string; searched again in Indonesian "
            "(DPR ratification 15 Dec 2016, Kemlu/Setkab press, BNPP memo): 5.1 nmi, Batam-"
            "Changi, and the 1973+2009+2014 lines total about 36.33 nmi (politikindonesia.id), but "
            "no coordinates. Not in the geometry."
        ),
    ),
    Agreement(
        key="idn-phl-2014",
        title=(
            "Agreement between the Government of the Republic of the Philippines and the "
            "Government of the Republic of Indonesia concerning the delimitation of the "
            "exclusive economic zone boundary"
        ),
        parties=("IDN", "PHL"),
        signed="2014-05-23",
        in_force="2019-08-01",
        scope="eez",
        points=_IDN_PHL_2014_POINTS,
        point_labels=tuple(str(i) for i in range(1, 9)),
        left_party="PHL",
        datum="WGS 84 (as quoted: 'World Geodetic System of 1984 (WGS84) Datum')",
        citation=(
            "Article 1 as quoted (Indonesian) by Mukhtar, 'Penetapan batas zona ekonomi "
            "eksklusif', https://mukhtar-api.blogspot.com/2015/06/penetapan-batas-zona-ekonomi-"
            "eksklusif.html (eight points, WGS84); signature: https://philstar.com/headlines/2014/"
            "05/23/1326405/ (Manila, 23 May 2014); eight points joined by geodetic lines, 627.51 "
            "nmi: https://philstar.com/headlines/2014/05/23/1326419/look-philippines-and-"
            "indonesias-new-boundary-line/amp; entry into force 1 Aug 2019: "
            "https://www.dur.ac.uk/ibru/news/boundary_news/?itemno=39500"
        ),
        note=(
            "SINGLE SOURCE for the coordinates: a blog post by an official of the Indonesian "
            "fisheries ministry (Mukhtar, KKP) quoting the eight points of the agreement; not "
            "checked against the UNTS text, Indonesian Law No. 4/2017 or the DFA copy (none "
            "reachable in the stored pages; find_string found no other copy). Consistent with "
            "the DFA description (eight points, geodetic lines, WGS84 charts) and with the "
            "geometry (Miangas, Indonesian, lies south of the line; Balut/Sarangani, Philippine, "
            "north of point 5). Mostly outside the South China Sea proper (Celebes Sea and "
            "Philippine Sea). In force 1 Aug 2019 on exchange of ratifications in Bangkok "
            "(IBRU; Inquirer/Philstar)."
        ),
    ),
    Agreement(
        key="brn-mys-2009",
        title=(
            "Exchange of Letters between Brunei Darussalam and Malaysia (maritime boundaries, "
            "16 March 2009)"
        ),
        parties=("BRN", "MYS"),
        signed="2009-03-16",
        in_force="2009-03-16",
        scope="all",
        points=(),
        point_labels=(),
        left_party="",
        datum="not public",
        citation=(
            "https://sovereignlimits.com/boundaries/brunei-malaysia-maritime ('the contents of "
            "the documents have never been made public'); Brunei's preliminary CLCS submission, "
            "as quoted in https://ja.scribd.com/document/330803358/Brunei-Malaysia"
        ),
        note=(
            "COORDINATES NOT PUBLIC. Per Brunei's preliminary CLCS submission, the territorial "
            "sea, EEZ and continental shelf to 200 nm were delimited by the Exchange of Letters "
            "of 16 March 2009; inside the 100-fathom isobath the 1958 British Orders in Council "
            "(Sarawak / North Borneo (Definition of Boundaries)) apply. in_force is the date of "
            "the exchange (an exchange of letters takes effect on signature unless stated "
            "otherwise; not confirmed in the text, which is unpublished)."
        ),
    ),
    Agreement(
        key="idn-mys-1970",
        title=(
            "Treaty between the Republic of Indonesia and Malaysia relating to the delimitation "
            "of the territorial seas of the two countries in the Strait of Malacca"
        ),
        parties=("IDN", "MYS"),
        signed="1970-03-17",
        in_force=None,
        scope="territorial_sea",
        points=(),
        point_labels=(),
        left_party="",
        datum="not read",
        citation=(
            "Signature date: ms.wikipedia 'Sempadan Malaysia-Indonesia' (ditandatangani pada "
            "17 Mac 1970)"
        ),
        note=(
            "COORDINATES NOT FOUND (searched pages corpus in English, Indonesian and Malay; "
            "find_string). Per ms.wikipedia the territorial-sea line shares the 1969 shelf "
            "turning points except 'Turning Point 6', which applies only to Indonesia's side. "
            "Entry into force not found (in_force=None means unknown)."
        ),
    ),
    Agreement(
        key="mys-tha-1979-territorial-sea",
        title=(
            "Treaty between the Kingdom of Thailand and Malaysia relating to the delimitation "
            "of the territorial seas of the two countries"
        ),
        parties=("MYS", "THA"),
        signed="1979-10-24",
        in_force=None,
        scope="territorial_sea",
        points=(),
        point_labels=(),
        left_party="",
        datum="not read",
        citation=(
            "Wikipedia 'Malaysia-Thailand border' (https://en.wikipedia.org/wiki/Malaysia"
            "%E2%80%93Thailand_border); maritimeindex.org (Malay and Thai texts listed)"
        ),
        note=(
            "COORDINATES NOT FOUND. Covers the Strait of Malacca (from the Langkawi-Tarutao "
            "mid-channel point 6°28'30\"N 99°39'12\"E per Wikipedia) and the Gulf of Thailand "
            "(from the Golok river mouth). Entry into force not found (None = unknown)."
        ),
    ),
    Agreement(
        key="mys-tha-1979-continental-shelf",
        title=(
            "Memorandum of Understanding between Malaysia and the Kingdom of Thailand on the "
            "delimitation of the continental shelf boundary between the two countries in the "
            "Gulf of Thailand"
        ),
        parties=("MYS", "THA"),
        signed="1979-10-24",
        in_force=None,
        scope="continental_shelf",
        points=(),
        point_labels=(),
        left_party="",
        datum="not read",
        citation="Wikipedia 'Malaysia-Thailand border' (see mys-tha-1979-territorial-sea)",
        note=(
            "COORDINATES NOT FOUND. A short shelf line (about 29 nm per IILSS/Miyoshi) whose "
            "northern terminus is Point 45 of Malaysia's 1979 map and Point A of the 1979 Joint "
            "Development Area (Wikipedia). Beyond it the JDA applies (see JOINT_AREAS). JDA "
            "Point A is 6°50'.0N 102°21'.2E (Malaysia-Thailand Joint Authority Bill 1990, cl. 6; "
            "see mys-tha-jda-1979), so the shelf line's northern end is known; its other points "
            "were not read."
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Joint and provisional arrangements
# ---------------------------------------------------------------------------------------------
JOINT_AREAS: Final[tuple[JointArea, ...]] = (
    JointArea(
        key="mys-tha-jda-1979",
        name="Malaysia-Thailand Joint Development Area",
        parties=("MYS", "THA"),
        arrangement="joint_development",
        signed="1979-02-21",
        in_force=None,
        ring=_MYS_THA_JDA_RING,
        ring_labels=("A", "B", "C", "D", "E", "F", "G"),
        datum="not stated (points shown on British Admiralty Chart No. 2414, 1967 edition)",
        citation=(
            "Malaysia-Thailand Joint Authority Bill 1990 (D.R. 34/90; enacted as Act 440), "
            "clauses 6 and 18(2), Malay text, Warta Kerajaan 21 June 1990: "
            "https://www.parlimen.gov.my/files/billindex/pdf/1990/DR341990.pdf, read in the "
            "transcription github.com/klrkdekira/BillWatcher scraper_data/ms/archive/1990/"
            "0_1990_29/bill.md. Point C also: THA-VNM agreement of 9 Aug 1997, Art. 1.2 (see "
            "tha-vnm-1997). MOU of 21 Feb 1979 (date: Thailand-Malaysia Joint Authority Act B.E. "
            "2533, s. 4, https://policy.asiapacificenergy.org/node/21)"
        ),
        note=(
            "Seven points A-G, joined by straight lines (cl. 6). Confidence: HIGH for the shape "
            "(every point printed twice in the bill, cl. 6 and cl. 18(2), with identical values; "
            "the enclosed area, 7,238 km2 on WGS84, matches the published 7,250 km2; the "
            "jurisdiction point X, 7°35'.0N 103°23'.0E, falls on edge C-D, within ~300 m) "
            "but ONE document family: the bill's OCR transcription, not the MOU itself or the "
            "enacted Act 440 (its s. 6 was not reached in the pdfslide/mylaw copies). Point C "
            "is independently confirmed by the 1997 THA-VNM agreement (7°49'00\"N 103°02'30\"E). "
            "A non-authoritative data file (hoainxm/forfish src/data/vn-maritime-border.ts, "
            "provenance unstated) has vertices at 103.7083E 7.3667N and 103.65E 7.3333N, i.e. "
            "D and E to 0.0001 deg; not used as a source. Wikipedia notes that the CAA's Point C "
            "(mys-vnm-caa-1992) lies on edge E-F and that A is Point 45 of Malaysia's 1979 map "
            "and the northern end of the 1979 MYS-THA shelf line. The bill's datum is the chart "
            "(no geodetic datum named); seawatch treats the points as WGS84. The Joint Authority "
            "was constituted by the agreement of 30 May 1990 for 50 years from the MOU. "
            "in_force None = entry-into-force date of the MOU not found (not 'not in force')."
        ),
    ),
    JointArea(
        key="mys-vnm-caa-1992",
        name="Malaysia-Viet Nam Commercial Arrangement Area (Defined Area)",
        parties=("MYS", "VNM"),
        arrangement="commercial_arrangement",
        signed="1992-06-05",
        in_force="1992-06-05",
        ring=(),
        ring_labels=(),
        datum="not read",
        citation=(
            "Memorandum of Understanding between Malaysia and the Socialist Republic of Viet Nam "
            "for the exploration and exploitation of petroleum in a defined area of the "
            "continental shelf involving the two countries, Kuala Lumpur, 5 June 1992 (date: "
            "https://123docz.net/trich-doan/3546752-thoa-thuan-ghi-nho-ve-ktc-dau-khi-giua-viet-"
            "nam-va-malaysia-ngay-05-6.htm); construction of the points: https://iilss.net/"
            "practice-on-provisional-arrangements-in-maritime-disputed-areas-joint-development-"
            "zones-malaysia-vietnam-case/"
        ),
        note=(
            "RING NOT FOUND: the MOU's points A-G(?) were not read. IILSS (after Miyoshi, IBRU "
            "1999): A and F from Malaysia's 1979 claim, C and D from Viet Nam's 1971 claim, E = "
            "terminal point of the 1969 IDN-MYS line (Point 20, 6°05.8'N 105°49.2'E per "
            "Wikipedia). Wikipedia notes that the CAA's Point C lies on the JDA's E-F edge "
            "(E 7°20'.0N 103°39'.0E to F 7°03'.0N 103°06'.0E, now encoded in mys-tha-jda-1979). "
            "About 2,800 km2 (123docz). in_force set to the signature date (an MOU signed and "
            "exchanged 5 June 1992 per 123docz); not checked against the MOU's final clause. "
            "Second search (Vietnamese and French wording, 123docz theses, lazi.vn, frwiki "
            "mirrors, Malaysia-Vietnam border mirrors) found descriptions but no coordinates."
        ),
    ),
    JointArea(
        key="khm-vnm-historic-waters-1982",
        name="Cambodia-Viet Nam historic waters",
        parties=("KHM", "VNM"),
        arrangement="historic_waters",
        signed="1982-07-07",
        in_force=None,
        ring=(),
        ring_labels=(),
        datum="not stated (Greenwich meridian)",
        citation=(
            "Agreement on the Historic Waters of Viet Nam and Kampuchea, Ho Chi Minh City, "
            "7 July 1982, Article 1: http://www.biengioilanhtho.gov.vn/vi/tin-tuc/hiep-dinh-ve-"
            "vung-nuoc-lich-su-cua-nuoc-cong-hoa-xa-hoi-chu-nghia-viet-nam-va-nuoc-cong-hoa-"
            "nhan-dan-campuchia-82159.html (Vietnamese National Boundary Commission); "
            "vi.wikipedia mirror https://profilpelajar.com/vi/Hiệp_định_về_Vùng_nước_lịch_sử_"
            "Việt_Nam–Campuchia"
        ),
        note=(
            "RING INCOMPLETE, so ring=(): only the north-western limit (six points, Poulo Wai - "
            "Koh Sès - Koh Thmei - Kampot coast) and the northern limit (Kampot coast) were read, "
            "identically in both copies; they are kept in KHM_VNM_1982_NORTHWEST_LIMIT. The "
            "eastern (Kien Giang coast), south-eastern and south-western limits (Tho Chu, Phu "
            "Quoc, point O on Viet Nam's 1982 baseline) were cut off in the stored excerpts. "
            "Regime of internal waters for both states; the maritime boundary inside is to be "
            "negotiated (Art. 2). Entry into force not found (None = unknown)."
        ),
    ),
    JointArea(
        key="chn-vnm-tonkin-fishery-2000",
        name="Gulf of Tonkin Common Fishery Zone",
        parties=("CHN", "VNM"),
        arrangement="common_fishery_zone",
        signed="2000-12-25",
        in_force=None,
        ring=(),
        ring_labels=(),
        datum="not read",
        citation=(
            "Agreement on Fishery Cooperation in the Beibu Gulf / Tonkin Gulf, 25 Dec 2000, "
            "Article 3; Vietnamese notice 54/2004/LPQT (in force 30 June 2004): "
            "https://luatminhkhue.vn/hiep-dinh-so-54-2004-lpqt-ve-viec-hop-tac-nghe-ca-o-vinh-"
            "bac-bo-giua-chinh-phu-nuoc-cong-hoa-xa-hoi-chu-nghia-viet-nam-va-chinh-phu-nuoc-"
            "cong-hoa-nhan-dan-trung-hoa.aspx; summary: https://maritimeindex.org/legal-"
            "document/vn-china-agreement-on-fishery-cooperation-in-gulf-of-tonkin-south-china-"
            "sea/"
        ),
        note=(
            "RING NOT READ: Article 3 lists the zone's points but no stored excerpt reached "
            "them. The zone extends 30.5 nm into each party's EEZ from the delimitation line, "
            "from 20°N south to the closing line of the Gulf (maritimeindex summary). STATUS: "
            "entered into force 30 June 2004 (notice 54/2004/LPQT) and has since EXPIRED: "
            "VietnamPlus (en.vietnamplus.vn/...-post193700.vnp, joint patrol of 22-23 Dec) reports "
            "that 'the Vietnam-China agreement on fishery cooperation in the Gulf of Tonkin "
            "expired on June 30 this year' (year not shown in the excerpt read); PLO (plo.vn, "
            "post299200) states the agreement 'có thời hạn hiệu lực là đến tháng "
            "6-2019' (valid until June 2019) and gives the zone as 33,500 km2. "
            "in_force is therefore None (not in force today); kept for history."
        ),
    ),
    JointArea(
        key="khm-tha-oca-2001",
        name="Cambodia-Thailand Overlapping Claims Area (Gulf of Thailand)",
        parties=("KHM", "THA"),
        arrangement="overlapping_claims_area",
        signed="2001-06-18",
        in_force="2001-06-18",
        ring=(),
        ring_labels=(),
        datum="not applicable (map annex)",
        citation=(
            "Memorandum of Understanding between the Royal Thai Government and the Royal "
            "Government of Cambodia regarding the Area of their Overlapping Maritime Claims to "
            "the Continental Shelf (2001 MOU, 'MOU44'); Thai MFA seminar 28 Jan 2025: "
            "https://thailand.prd.go.th/en/content/category/detail/id/48/iid/360317; Nation "
            "Thailand 6 Nov 2024: https://www.nationthailand.com/blogs/news/policy/40043044"
        ),
        note=(
            "NO COORDINATES IN THE MOU: the attached map 'merely illustrates the respective "
            "continental shelf claims of each country' (Thai FM Maris, Nation Thailand 6 Nov "
            "2024); the area (~26,000 km2) is bounded by Cambodia's 1972 and Thailand's 1973 "
            "claim lines, whose coordinates were not read. The day 18 June 2001 was NOT confirmed "
            "in the sources read (they say 'signed in 2001'). In 2024-2025 Thai parties called "
            "for its revocation; the Thai government maintained it (MFA, Jan 2025)."
        ),
    ),
)

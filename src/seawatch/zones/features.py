"""Named disputed features (reefs, shoals, islands): positions, claimants, local names, who
holds them, how the 2016 arbitral award classified them and what they physically are.

Each record is a fact written by hand with its citation. Used by the zone build (12-nm
territorial seas), the join (nearest feature), the dashboard's dossiers and the map labels.

Positions are the coordinates given on each feature's cited page (decimal degrees, WGS84),
rounded to about 0.01 deg (~1 km). Banks and shoal groups (Reed Bank, Luconia Shoals,
Vanguard Bank, Iroquois Reef) are large or ill-defined: their point is a representative
position, accurate to ~10 km. Claimants follow the cited page: every Spratly feature inside
the Kalayaan Island Group (Philippine Presidential Decree 1596) is claimed by PHL; Spratly
Island, Swallow Reef, Louisa Reef, Luconia Shoals and Vanguard Bank lie outside it. James
Shoal, a bank 22 m deep off Sarawak, lists only its sovereignty claimants CHN and TWN: it lies
on Malaysia's continental shelf and in its EEZ claim, which its note records.

Holding (`held_by`, `held_since`, `holding_source`, `as_of`, `holding_note`)
    `held_by` is the ISO3 code of the state that occupies or administers the feature today
    (a garrison, a staffed outpost or platform, or effective control without a structure, as
    at Scarborough Shoal), None when nobody does. A feature merely watched or swarmed by one
    state's ships while nobody is stationed on it (Whitsun Reef, Sabina Shoal, Iroquois Reef,
    Luconia Shoals, Sandy Cay) is None, and the note says who is present. `held_since` is the
    year (or ISO date) the current holder took it, None when no citable date was found. The
    holding facts come from `holding_source` unless the note names another source for the
    date (then it is the feature's `source` page or the source named). `as_of` is the date of
    `holding_source` when it carries one, otherwise 2026-12-03, the day the fact was checked
    for this file against a stored copy of the source. A holder is a fact on the water, not a
    judgement on sovereignty.

2016 award (`award_2016`, `award_note`)
    The classification by the Tribunal in the South China Sea Arbitration (Philippines v.
    China, PCA Case No. 2013-19, Award of 12 July 2016, `AWARD_URL`): "rock" (a high-tide
    feature that under UNCLOS art. 121(3) has a 12-nm territorial sea but no EEZ or continental
    shelf), "low_tide_elevation" (no maritime zone of its own, art. 13) or "submerged" (no
    entitlement at all); None where the award did not classify the feature (the Paracels,
    Pratas and the features off Borneo were not before the Tribunal). The award found that no
    high-tide feature in the Spratlys is a fully entitled island, so every Spratly high-tide
    feature here is a "rock". `award_note` gives the award's paragraph numbers; those marked
    "per secondary citation" were taken from guides to the award and were not checked against
    the award's text.

Physical nature (`physical`, `physical_source`)
    One of "island" (a naturally formed island or cay above water at high tide), "reef" (a
    reef with rocks above water at high tide), "low_tide_elevation" (dries at low tide only)
    or "submerged" (below water even at low tide: a bank or shoal); describing the feature in
    its natural condition, before any reclamation. `generates_territorial_sea` is True only for
    "island" and "reef": a low-tide elevation or a submerged feature has no 12-nm territorial
    sea of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The Award of 12 July 2016 (merits), PCA Case No. 2013-19; its press release is
#: https://docs.pca-cpa.org/2016/07/PH-CN-20160712-Press-Release-No-11-English.pdf and a text
#: copy is https://assets.documentcloud.org/documents/2990595/PH-CN-20160712-Award.txt.
AWARD_URL = "https://docs.pca-cpa.org/2016/07/PH-CN-20160712-Award.pdf"
#: Values of `Feature.award_2016` (besides None).
AWARD_KINDS = ("rock", "low_tide_elevation", "submerged")
#: Values of `Feature.physical` ("" only for records written without it).
PHYSICAL_KINDS = ("island", "reef", "low_tide_elevation", "submerged")
#: The day the undated holding facts were checked (see `Feature.as_of`).
CHECKED = "2026-12-03"

# Sources used by several records.
_VUVING_2016 = "https://thediplomat.com/2016/05/south-china-sea-who-occupies-what-in-the-spratlys/"
_MB_SANDY_CAY_2025 = (
    "https://mb.com.ph/2025/4/27/china-declares-sovereign-jurisdiction-over-sandy-cay-report"
)
_AMTI_BORNEO = "https://amti.csis.org/tracking-chinas-coast-guard-off-borneo/"
_PARACELS_1974 = "https://en.wikipedia.org/wiki/Battle_of_the_Paracel_Islands"
_AMTI_BOMBAY_2018 = "https://cvdvn.net/2018/11/21/china-quietly-upgrades-a-remote-reef/"
_SPRATLY_ROCKS = (
    "The award found that no Spratly high-tide feature, Itu Aba, Thitu, West York, Spratly "
    "Island, North-East Cay and South-West Cay included, can sustain human habitation or "
    "economic life of its own, so all are rocks: ¶622-626 (per secondary citation) and "
    "press release No. 11."
)


@dataclass(frozen=True)
class Feature:
    """A named maritime feature.

    `key` is a stable snake_case id; `names` maps an ISO3 code to that state's name for the
    feature (the English name is `name`); `group` is the archipelago ("Spratly Islands", ...).
    The holding, award and physical fields are described in the module docstring; their
    defaults keep records written without them valid.
    """

    key: str
    name: str
    lat: float
    lon: float
    claimants: tuple[str, ...]
    group: str
    source: str
    names: dict[str, str] = field(default_factory=dict)
    held_by: str | None = None
    held_since: str | None = None
    holding_source: str = ""
    as_of: str = ""
    holding_note: str = ""
    award_2016: str | None = None
    award_note: str = ""
    physical: str = ""
    physical_source: str = ""

    def __post_init__(self) -> None:
        if self.award_2016 is not None and self.award_2016 not in AWARD_KINDS:
            raise ValueError(f"{self.key}: award_2016 {self.award_2016!r} not in {AWARD_KINDS}")
        if self.physical and self.physical not in PHYSICAL_KINDS:
            raise ValueError(f"{self.key}: physical {self.physical!r} not in {PHYSICAL_KINDS}")

    @property
    def generates_territorial_sea(self) -> bool:
        """Whether the feature has a 12-nm territorial sea of its own (a high-tide feature).

        Records without `physical` keep the old behaviour (True).

        >>> feature_by_key("itu_aba").generates_territorial_sea
        True
        >>> feature_by_key("reed_bank").generates_territorial_sea
        False
        """
        return self.physical in ("", "island", "reef")


FEATURES: tuple[Feature, ...] = (
    Feature(
        key="second_thomas_shoal",
        name="Second Thomas Shoal",
        lat=9.73,
        lon=115.87,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Second_Thomas_Shoal",
        names={"CHN": "Ren'ai Jiao", "PHL": "Ayungin Shoal", "VNM": "Bãi Cỏ Mây"},
        held_by="PHL",
        held_since="1999",
        holding_source="https://www.outlookindia.com/international/philippines-demands-china-return-rifles-and-pay-for-boat-damage-after-hostilities-in-disputed-sea",
        as_of="2024-06-19",
        holding_note="Philippine marines are stationed on the BRP Sierra Madre, deliberately "
        "grounded on the shoal in 1999 to create an outpost (AP, June 2024), under a constant "
        "China Coast Guard presence.",
        award_2016="low_tide_elevation",
        award_note="Low-tide elevation, no maritime zone of its own and not capable of "
        "appropriation: ¶380-381 and ¶383; within the EEZ and continental shelf of the "
        "Philippines: ¶646-647 (paragraphs per secondary citation).",
        physical="low_tide_elevation",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="scarborough_shoal",
        name="Scarborough Shoal",
        lat=15.15,
        lon=117.76,
        claimants=("CHN", "PHL", "TWN"),
        group="Scarborough Shoal",
        source="https://en.wikipedia.org/wiki/Scarborough_Shoal",
        names={"CHN": "Huangyan Dao", "PHL": "Bajo de Masinloc", "TWN": "Huangyan Dao"},
        held_by="CHN",
        held_since="2012",
        holding_source="https://amti.csis.org/?s=shoal",
        as_of=CHECKED,
        holding_note="There is no structure on the shoal, but China has controlled it since the "
        "2012 standoff through a constant coast guard presence (AMTI's Scarborough Shoal entry).",
        award_2016="rock",
        award_note="High-tide feature (¶382, per secondary citation) and a rock with no EEZ or "
        "continental shelf: ¶554 and ¶556 (Submission No. 3).",
        physical="reef",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="mischief_reef",
        name="Mischief Reef",
        lat=9.9,
        lon=115.535,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Mischief_Reef",
        names={"CHN": "Meiji Jiao", "PHL": "Panganiban Reef", "VNM": "Đá Vành Khăn"},
        held_by="CHN",
        held_since="1995",
        holding_source=_VUVING_2016,
        as_of="2016-05-06",
        holding_note="China seized the reef in 1995 (its structures were found in February 1995) "
        "and has since built it into an artificial island with an airstrip.",
        award_2016="low_tide_elevation",
        award_note="Low-tide elevation, not capable of appropriation: ¶377-378 and ¶383; within "
        "the EEZ and continental shelf of the Philippines: ¶646-647 (paragraphs per secondary "
        "citation).",
        physical="low_tide_elevation",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="fiery_cross_reef",
        name="Fiery Cross Reef",
        lat=9.55,
        lon=112.89,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Fiery_Cross_Reef",
        names={"CHN": "Yongshu Jiao", "PHL": "Kagitingan Reef", "VNM": "Đá Chữ Thập"},
        held_by="CHN",
        held_since="1988",
        holding_source=_VUVING_2016,
        as_of="2016-05-06",
        holding_note="China occupied the reef in 1988 (date per the feature's source page) and "
        "has built it into its main Spratly air and naval base.",
        award_2016="rock",
        award_note="High-tide feature in its natural condition (¶382, per secondary citation) and "
        "a rock with no EEZ or continental shelf (Submission No. 7, dispositif ¶1203).",
        physical="reef",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="subi_reef",
        name="Subi Reef",
        lat=10.92,
        lon=114.08,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Subi_Reef",
        names={"CHN": "Zhubi Jiao", "PHL": "Zamora Reef", "VNM": "Đá Xu Bi"},
        held_by="CHN",
        held_since="1988",
        holding_source="http://in.reuters.com/news/picture/chinas-man-made-islands-idINRTX1TJKW",
        as_of="2015-10-28",
        holding_note="Occupied by China since 1988 and expanded by reclamation from 2014 into an "
        "artificial island with an airstrip (Reuters/CSIS AMTI caption).",
        award_2016="low_tide_elevation",
        award_note="Low-tide elevation: ¶368, ¶373 and ¶383; it lies within 12 nm of the "
        "high-tide feature Sandy Cay, so it may serve for Sandy Cay's baseline (¶367-373; "
        "paragraphs per secondary citation).",
        physical="low_tide_elevation",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="itu_aba",
        name="Itu Aba (Taiping Island)",
        lat=10.377,
        lon=114.365,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Taiping_Island",
        names={
            "CHN": "Taiping Dao",
            "TWN": "Taiping Dao",
            "PHL": "Ligaw Island",
            "VNM": "Đảo Ba Bình",
        },
        held_by="TWN",
        held_since="1956",
        holding_source="https://focustaiwan.tw/politics/202401290007",
        as_of="2024-01-29",
        holding_note="Taiwan controls the island (CNA, January 2024), manned by coast guard "
        "personnel since 2000 (Reuters, 14 October 2015); the ROC garrison dates from 1956 per "
        "the feature's source page.",
        award_2016="rock",
        award_note=_SPRATLY_ROCKS,
        physical="island",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="thitu",
        name="Thitu Island (Pag-asa)",
        lat=11.053,
        lon=114.284,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Thitu_Island",
        names={
            "CHN": "Zhongye Dao",
            "TWN": "Zhongye Dao",
            "PHL": "Pag-asa Island",
            "VNM": "Đảo Thị Tứ",
        },
        held_by="PHL",
        held_since="1970",
        holding_source=_MB_SANDY_CAY_2025,
        as_of="2025-04-27",
        holding_note="Philippine armed forces and a civilian community are on the island, the "
        "largest of the nine Philippine outposts (Manila Bulletin, April 2025); occupied since "
        "1970 per the Philippines' statement in the award, ¶441 (other sources say 1971).",
        award_2016="rock",
        award_note=_SPRATLY_ROCKS,
        physical="island",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="sandy_cay",
        name="Sandy Cay",
        lat=11.06,
        lon=114.219,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Sandy_Cay_(South_China_Sea)",
        names={"CHN": "Tiexian Jiao", "PHL": "Pag-asa Cay 2", "VNM": "Đá Hoài Ân"},
        held_by=None,
        holding_source=_MB_SANDY_CAY_2025,
        as_of="2025-04-27",
        holding_note="Nobody is stationed on the cays: China Coast Guard personnel landed and "
        "displayed a flag in April 2025 and a Philippine team landed on 27 April 2025, under a "
        "frequent Chinese ship presence.",
        award_2016="rock",
        award_note="Found a high-tide feature on the strength of recent sailing directions (¶372, "
        "within ¶367-373, per secondary citation), hence a rock by the general Spratly finding "
        "(¶622-626).",
        physical="island",
        physical_source="https://plus.inquirer.net/opinion/sandy-cay-beyond-the-2016-arbitral-award",
    ),
    Feature(
        key="sabina_shoal",
        name="Sabina Shoal",
        lat=9.75,
        lon=116.47,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Sabina_Shoal",
        names={"CHN": "Xianbin Jiao", "PHL": "Escoda Shoal", "VNM": "Bãi Sa Bin"},
        held_by=None,
        holding_source="https://tribune.net.ph/2024/09/15/phl-to-sustain-presence-at-escoda-shoal-nmc",
        as_of="2024-09-15",
        holding_note="Nobody is stationed on the shoal: the Philippine coast guard ship BRP "
        "Teresa Magbanua stood watch there from April to September 2024 amid Chinese coast guard "
        "and militia ships, and Manila says it keeps a presence.",
        award_note="Not classified by the award.",
        physical="low_tide_elevation",
        physical_source="https://en.wikipedia.org/wiki/Sabina_Shoal",
    ),
    Feature(
        key="whitsun_reef",
        name="Whitsun Reef",
        lat=9.983,
        lon=114.65,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Whitsun_Reef",
        names={"CHN": "Niu'e Jiao", "PHL": "Julian Felipe Reef", "VNM": "Đá Ba Đầu"},
        held_by=None,
        holding_source="https://www.reuters.com/news/picture/hundreds-of-chinese-ships-massed-in-sout-idUSRTXB7F16",
        as_of="2021-03-23",
        holding_note="Unoccupied; some 220 Chinese militia-crewed vessels massed there in March "
        "2021 and Chinese ships have stayed in the area since.",
        award_note="Not classified by the award.",
        physical="low_tide_elevation",
        physical_source="https://www.globalsecurity.org/military/world/war/whitsun-reef.htm",
    ),
    Feature(
        key="johnson_south_reef",
        name="Johnson South Reef",
        lat=9.717,
        lon=114.283,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Johnson_South_Reef",
        names={"CHN": "Chigua Jiao", "PHL": "Mabini Reef", "VNM": "Đá Gạc Ma"},
        held_by="CHN",
        held_since="1988",
        holding_source=_VUVING_2016,
        as_of="2016-05-06",
        holding_note="China took the reef from Vietnam in the clash of 14 March 1988 and has "
        "reclaimed it into an outpost.",
        award_2016="rock",
        award_note="As 'Johnson Reef': high-tide feature (¶382, per secondary citation) and a "
        "rock with no EEZ or continental shelf (Submission No. 7, dispositif ¶1203).",
        physical="reef",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="reed_bank",
        name="Reed Bank",
        lat=11.45,
        lon=116.9,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Reed_Tablemount",
        names={"CHN": "Liyue Tan", "PHL": "Recto Bank", "VNM": "Bãi Cỏ Rong"},
        held_by=None,
        holding_source="https://www.chicagotribune.com/news/ct-xpm-2013-05-28-sns-rt-philippines-china-graphicl3n0e90hs-20130528-story.html",
        as_of="2013-05-28",
        holding_note="A submerged bank that nobody can occupy; the Philippines licenses gas "
        "exploration there, stalled since 2012 by the presence of Chinese ships.",
        award_2016="submerged",
        award_note="An entirely submerged reef formation that cannot give rise to maritime "
        "entitlements: dispositif ¶1203, findings on Submissions No. 8 and 9 (per the dispositif "
        "text).",
        physical="submerged",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="iroquois_reef",
        name="Iroquois Reef",
        lat=10.63,
        lon=116.17,
        claimants=("CHN", "PHL", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://www.sealight.live/posts/iroquois-reef-theft-by-soft-occupation",
        names={"PHL": "Rozul Reef"},
        held_by=None,
        holding_source="https://tribune.net.ph/2024/04/06/rozul-reef-standoff-phl-boats-harassed",
        as_of="2024-04-06",
        holding_note="Unoccupied; Chinese maritime militia ships keep a semi-permanent presence "
        "(see the feature's source) and China Coast Guard ships confront Philippine fishing and "
        "coast guard boats there.",
        award_note="Not classified by the award.",
        physical="low_tide_elevation",
        physical_source="https://pressone.ph/chinas-swarming-tactics/",
    ),
    Feature(
        key="spratly_island",
        name="Spratly Island",
        lat=8.64,
        lon=111.92,
        claimants=("CHN", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Spratly_Island",
        names={"CHN": "Nanwei Dao", "TWN": "Nanwei Dao", "VNM": "Đảo Trường Sa"},
        held_by="VNM",
        held_since="1975",
        holding_source=_VUVING_2016,
        as_of="2016-05-06",
        holding_note="Vietnam's largest Spratly outpost, with a runway lengthened since 2016; "
        "held since 1975 per the feature's source page.",
        award_2016="rock",
        award_note=_SPRATLY_ROCKS,
        physical="island",
        physical_source=AWARD_URL,
    ),
    Feature(
        key="swallow_reef",
        name="Swallow Reef",
        lat=7.372,
        lon=113.842,
        claimants=("CHN", "MYS", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Swallow_Reef",
        names={
            "MYS": "Pulau Layang-Layang",
            "CHN": "Danwan Jiao",
            "VNM": "Đá Hoa Lau",
            "PHL": "Celerio",
        },
        held_by="MYS",
        held_since="1983",
        holding_source="https://map.nbr.org/author/sandra/page/3",
        as_of=CHECKED,
        holding_note="Occupied by Malaysia since 1983 (NBR map entry), with a naval station, an "
        "airstrip and a dive resort on reclaimed land.",
        award_note="Not classified by the award (not part of the Philippines' case).",
        physical="reef",
        physical_source="https://en.wikipedia.org/wiki/Swallow_Reef",
    ),
    Feature(
        key="louisa_reef",
        name="Louisa Reef",
        lat=6.335,
        lon=113.28,
        claimants=("BRN", "CHN", "MYS", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Louisa_Reef",
        names={
            "CHN": "Nantong Jiao",
            "MYS": "Terumbu Semarang Barat Kecil",
            "BRN": "Terumbu Semarang Barat Kecil",
        },
        held_by=None,
        holding_source="https://en.wikipedia.org/wiki/Louisa_Reef",
        as_of=CHECKED,
        holding_note="Nobody is stationed on the reef; Malaysia once kept a small navigation "
        "light there but appears to have dropped its claim in Brunei's favour, so its listing as "
        "a claimant here should be checked.",
        award_note="Not classified by the award.",
        physical="reef",
        physical_source="https://en.wikipedia.org/wiki/Louisa_Reef",
    ),
    Feature(
        key="luconia_shoals",
        name="Luconia Shoals",
        lat=5.6,
        lon=112.6,
        claimants=("CHN", "MYS", "TWN"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Luconia_Shoals",
        names={"CHN": "Beikang Ansha / Nankang Ansha", "MYS": "Gugusan Beting Patinggi Ali"},
        held_by=None,
        holding_source=_AMTI_BORNEO,
        as_of=CHECKED,
        holding_note="Underwater shoals on Malaysia's continental shelf that cannot be occupied; "
        "Malaysian navy and coast guard ships patrol them and China Coast Guard ships keep a "
        "near-constant presence (AMTI).",
        award_note="Not classified by the award.",
        physical="submerged",
        physical_source=_AMTI_BORNEO,
    ),
    Feature(
        key="vanguard_bank",
        name="Vanguard Bank",
        lat=7.52,
        lon=109.65,
        claimants=("CHN", "TWN", "VNM"),
        group="Spratly Islands",
        source="https://en.wikipedia.org/wiki/Vanguard_Bank",
        names={"CHN": "Wan'an Tan", "VNM": "Bãi Tư Chính"},
        held_by="VNM",
        holding_source="https://vietnamnet.vn/nha-gian-dk1-bao-ve-chu-quyen-them-luc-dia-phia-nam-cua-to-quoc-2097364.html",
        as_of=CHECKED,
        holding_note="Vietnam keeps staffed DK1 platforms (economic-scientific service stations, "
        "set up from 1989) on the bank, but no citable date for the Tu Chinh (Vanguard) stations "
        "was found.",
        award_note="Not classified by the award.",
        physical="submerged",
        physical_source="https://vi.wikipedia.org/wiki/Nh%C3%A0_gi%C3%A0n_DK1",
    ),
    Feature(
        key="woody_island",
        name="Woody Island",
        lat=16.834,
        lon=112.339,
        claimants=("CHN", "TWN", "VNM"),
        group="Paracel Islands",
        source="https://en.wikipedia.org/wiki/Woody_Island_(South_China_Sea)",
        names={"CHN": "Yongxing Dao", "TWN": "Yongxing Dao", "VNM": "Đảo Phú Lâm"},
        held_by="CHN",
        held_since="1956",
        holding_source="https://www.straitstimes.com/asia/east-asia/key-military-features-in-the-disputed-south-china-sea",
        as_of=CHECKED,
        holding_note="The largest Chinese presence in the Paracels and the seat of Sansha City; "
        "under PRC control since 1956 per the feature's source page.",
        award_note="Not classified by the award (the Paracels were not before the Tribunal).",
        physical="island",
        physical_source="https://en.wikipedia.org/wiki/Woody_Island_(South_China_Sea)",
    ),
    Feature(
        key="lincoln_island",
        name="Lincoln Island",
        lat=16.667,
        lon=112.733,
        claimants=("CHN", "TWN", "VNM"),
        group="Paracel Islands",
        source="https://en.wikipedia.org/wiki/Lincoln_Island",
        names={"CHN": "Dong Dao", "VNM": "Đảo Linh Côn"},
        held_by="CHN",
        holding_source=_AMTI_BOMBAY_2018,
        as_of="2018-11-20",
        holding_note="A Chinese outpost (AMTI brief, 2018); China has held all the Paracels since "
        "January 1974, but no citable date for Lincoln Island itself was found.",
        award_note="Not classified by the award (the Paracels were not before the Tribunal).",
        physical="island",
        physical_source="https://en.wikipedia.org/wiki/Lincoln_Island",
    ),
    Feature(
        key="bombay_reef",
        name="Bombay Reef",
        lat=16.03,
        lon=112.52,
        claimants=("CHN", "TWN", "VNM"),
        group="Paracel Islands",
        source="https://en.wikipedia.org/wiki/Bombay_Reef",
        names={"CHN": "Langhua Jiao", "VNM": "Đá Bông Bay"},
        held_by="CHN",
        held_since="1974",
        holding_source=_AMTI_BOMBAY_2018,
        as_of="2018-11-20",
        holding_note="Administered by China since 1974 like the rest of the Paracels, with a "
        "lighthouse and, since 2018, a platform topped by a radome (AMTI brief, mirrored copy).",
        award_note="Not classified by the award (the Paracels were not before the Tribunal).",
        physical="low_tide_elevation",
        physical_source=_AMTI_BOMBAY_2018,
    ),
    Feature(
        key="duncan_island",
        name="Duncan Island",
        lat=16.45,
        lon=111.71,
        claimants=("CHN", "TWN", "VNM"),
        group="Paracel Islands",
        source="https://en.wikipedia.org/wiki/Duncan_Island",
        names={"CHN": "Chenhang Dao", "VNM": "Đảo Quang Hòa"},
        held_by="CHN",
        held_since="1974-01-20",
        holding_source=_PARACELS_1974,
        as_of=CHECKED,
        holding_note="China took the Crescent Group, Duncan Island included, from South Vietnam "
        "in the battle of 19-20 January 1974, and has since built a helicopter base there (AMTI "
        "imagery as reported by Defense News, 2017).",
        award_note="Not classified by the award (the Paracels were not before the Tribunal).",
        physical="island",
        physical_source="https://en.wikipedia.org/wiki/Duncan_Island",
    ),
    Feature(
        key="triton_island",
        name="Triton Island",
        lat=15.783,
        lon=111.2,
        claimants=("CHN", "TWN", "VNM"),
        group="Paracel Islands",
        source="https://en.wikipedia.org/wiki/Triton_Island",
        names={"CHN": "Zhongjian Dao", "VNM": "Đảo Tri Tôn"},
        held_by="CHN",
        held_since="1974-01-20",
        holding_source=_PARACELS_1974,
        as_of=CHECKED,
        holding_note="China has held the whole Paracel archipelago, Triton Island included, since "
        "the battle of 19-20 January 1974 with South Vietnam, and has built a helipad there (AMTI "
        "imagery as reported by Defense News, 2017).",
        award_note="Not classified by the award (the Paracels were not before the Tribunal).",
        physical="island",
        physical_source="https://en.wikipedia.org/wiki/Triton_Island",
    ),
    Feature(
        key="pratas_island",
        name="Pratas Island",
        lat=20.7,
        lon=116.72,
        claimants=("CHN", "TWN"),
        group="Pratas Islands",
        source="https://en.wikipedia.org/wiki/Pratas_Island",
        names={"CHN": "Dongsha Dao", "TWN": "Dongsha Dao"},
        held_by="TWN",
        held_since="1946",
        holding_source="http://taipeitimes.com/News/taiwan/archives/2016/02/25/2003640179",
        as_of="2016-02-25",
        holding_note="Taiwan's Coast Guard Administration garrisons the island (255 personnel in "
        "January 2016); Taiwan has held it since 1946 per Taiwan's Central News Agency (17 "
        "September 2010).",
        award_note="Not classified by the award (Pratas was not before the Tribunal).",
        physical="island",
        physical_source="https://en.wikipedia.org/wiki/Pratas_Island",
    ),
    Feature(
        key="james_shoal",
        name="James Shoal",
        lat=3.974,
        lon=112.349,
        claimants=("CHN", "TWN"),
        group="James Shoal",
        source="https://en.wikipedia.org/wiki/James_Shoal",
        names={"CHN": "Zengmu Ansha", "TWN": "Zengmu Ansha", "MYS": "Beting Serupai"},
        held_by=None,
        holding_source=_AMTI_BORNEO,
        as_of=CHECKED,
        holding_note="A bank 22 m under water, about 45 nm off Sarawak, that nobody can occupy: "
        "China and Taiwan claim it as territory, while Malaysia, which administers the surrounding "
        "waters, holds it as part of its continental shelf and EEZ (a submerged feature is not "
        "subject to sovereignty), so MYS is not listed as a claimant.",
        award_note="Not classified by the award.",
        physical="submerged",
        physical_source="https://en.wikipedia.org/wiki/James_Shoal",
    ),
)


def feature_by_key(key: str) -> Feature:
    """The feature with this key; raises KeyError listing the known keys."""
    for f in FEATURES:
        if f.key == key:
            return f
    raise KeyError(f"unknown feature {key!r}; known: {[f.key for f in FEATURES]!r}")

"""Named disputed features (reefs, shoals, islands): positions, claimants and local names.

Each record is a fact written by hand with its citation. Used by the zone build (12-nm
territorial seas), the join (nearest feature), the dashboard's dossiers and the map labels.

Positions are the coordinates given on each feature's cited page (decimal degrees, WGS84),
rounded to about 0.01 deg (~1 km). Banks and shoal groups (Reed Bank, Luconia Shoals,
Vanguard Bank, Iroquois Reef) are large or ill-defined: their point is a representative
position, accurate to ~10 km. Claimants follow the cited page: every Spratly feature inside
the Kalayaan Island Group (Philippine Presidential Decree 1596) is claimed by PHL; Spratly
Island, Swallow Reef, Louisa Reef, Luconia Shoals and Vanguard Bank lie outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Feature:
    """A named maritime feature.

    `key` is a stable snake_case id; `names` maps an ISO3 code to that state's name for the
    feature (the English name is `name`); `group` is the archipelago ("Spratly Islands", ...).
    """

    key: str
    name: str
    lat: float
    lon: float
    claimants: tuple[str, ...]
    group: str
    source: str
    names: dict[str, str] = field(default_factory=dict)


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
    ),
)


def feature_by_key(key: str) -> Feature:
    """The feature with this key; raises KeyError listing the known keys."""
    for f in FEATURES:
        if f.key == key:
            return f
    raise KeyError(f"unknown feature {key!r}; known: {[f.key for f in FEATURES]!r}")

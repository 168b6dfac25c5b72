"""Named sea areas after the IHO's *Limits of Oceans and Seas* (S-23, 3rd edition, 1953).

`sea_area_of(lat, lon)` names the S-23 area each point lies in ("South China Sea", "Malacca
Strait", ...), or ``""`` outside every area drawn here. `with_sea_area(frame)` adds that name as
a ``sea_area`` column to an incident frame.

Source
------
International Hydrographic Organization, *Limits of Oceans and Seas*, Special Publication No. 23,
3rd edition, Monte-Carlo 1953: https://iho.int/uploads/user/pubs/standards/s-23/S-23_Ed3_1953_EN.pdf
(also https://epic.awi.de/id/eprint/29772/1/IHO1953a.pdf). The 3rd edition is the one in force:
the 1986 and 2002 drafts of a 4th edition were never approved. Section numbers are the
publication's, quoted where the S-23 sea codes of NOAA's Ocean Archive System confirm them
(48(a) Sulu Sea, 49 South China Sea).

How the polygons were drawn
---------------------------
By hand, from the textual definitions summarised above each polygon. S-23 gives its limits as
lines between named points (capes, islands, river mouths; some with coordinates, which are used
as given) and as stretches of coast ("the West coast of Mindanao"). Straight limits are drawn
between the named points. A limit that follows a coast is drawn through a few points a little
INLAND on the land of the state whose coast is named, so that all the water up to that coast
falls inside the polygon, however the coast wiggles. Polygons of neighbouring areas therefore
overlap on land (the overlap holds no water); on shared sea limits both polygons use the same
vertices. The coordinates are good to a few kilometres, not survey-grade: S-23 itself says its
limits "have no political significance whatsoever" and are drawn for the convenience of
hydrographic offices.

Points on land get the area whose polygon covers them (or ``""``); the join's ``on_land`` flags
them separately.

Areas checked and not drawn
---------------------------
- *Natuna Sea*: not an S-23 (1953) area; it was proposed in the 1986 draft and named by Indonesia
  in 2017. Its waters are in the South China Sea (49).
- *Luzon Strait*, *Balabac Strait*, *Mindoro Strait*, *Taiwan (Formosa) Strait*: not defined as
  areas. The Luzon and Formosa Straits lie inside the South China Sea (49), whose northern limit
  in 1953 is the line from the north point of Formosa to Turnabout Island (the southern limit of
  the Eastern China Sea). The limit between the South China Sea and the Sulu Sea (48(a))
  crosses the Balabac Strait (Borneo to Balabac and Palawan) and the northern entrance of the
  Mindoro Strait (Busuanga to Cape Calavite), so each strait is split between the two seas.
- *Philippine Sea*: seawatch could not find a definition in the 1953 text available to it (it is
  defined in the unapproved 2002 draft); the waters east of the Philippines are in no area drawn
  here.

One area is not S-23's
----------------------
- *Gulf of Tonkin*: no definition was found in the 1953 text either, but analysts of this sea
  expect the name, and the Gulf has a limit that both its coastal states signed: Article I(2) of
  the 2000 China-Viet Nam delimitation agreement closes it by the line from Yinggezui (Hainan)
  through Con Co island to Viet Nam's coast. The area is that treaty area
  (`seawatch.zones.agreements.GULF_OF_TONKIN`, the same ring the agreement's allocation uses);
  north of the line the name is "Gulf of Tonkin", south of it "South China Sea".

Boundaries
----------
A point is *covered by* an area when it lies inside it or on its edge (``shapely.intersects_xy``
on a point is the covered-by test), so a point exactly on a limit never falls through the gap
between two areas. Where areas share an edge (or overlap on land) the first area in
`SEA_AREAS` wins: the straits and gulfs come before the seas that surround them.

Examples
--------
>>> import numpy as np
>>> sea_area_of(np.array([1.2, 9.0, 4.0, 30.0]), np.array([104.0, 101.0, 122.0, 160.0])).tolist()
['Singapore Strait', 'Gulf of Thailand', 'Celebes Sea', '']
"""

from __future__ import annotations

import functools
from typing import Final

import numpy as np
import pandas as pd
import shapely

from seawatch import schema
from seawatch.zones.agreements import GULF_OF_TONKIN

#: The column `with_sea_area` adds to an incident frame.
SEA_AREA_COLUMN: Final = "sea_area"

#: S-23 citation, for captions and the About tab.
CITATION: Final = (
    "International Hydrographic Organization, Limits of Oceans and Seas, Special Publication "
    "No. 23, 3rd edition, 1953"
)
SOURCE_URL: Final = "https://iho.int/uploads/user/pubs/standards/s-23/S-23_Ed3_1953_EN.pdf"

# Rings are (longitude, latitude) in EPSG:4326. "land:" marks points placed inland of a coast
# that S-23 names as the limit; other points are the named points of S-23.

_SINGAPORE_STRAIT = (
    # Singapore Strait. West: the eastern limit of the Malacca Strait (Tanjong Piai - The Brothers -
    # Klein Karimoen). South: Klein Karimoen to Pulau Pemping Besar, then the northern coasts of
    # Batam and Bintan to Pulau Koko. East: Tanjong Datok (Johor) through Horsburgh Reef to Pulau
    # Koko. North: the southern shore of Singapore Island and the south-east coast of Johor.
    (103.517, 1.267),  # Tanjong Piai
    (103.350, 1.192),  # The Brothers
    (103.392, 1.167),  # Klein Karimoen (Karimun Kecil)
    (103.820, 1.100),  # Pulau Pemping Besar (approximate position)
    (103.980, 1.060),  # land: Batam
    (104.100, 1.080),  # land: Batam
    (104.300, 1.050),  # land: Bintan
    (104.480, 1.080),  # land: Bintan
    (104.583, 1.225),  # Pulau Koko, NE extreme of Bintan
    (104.283, 1.367),  # Tanjong Datok, SE point of Johor
    (104.150, 1.450),  # land: Johor
    (103.980, 1.370),  # land: Singapore (Changi)
    (103.850, 1.340),  # land: Singapore
    (103.700, 1.340),  # land: Singapore
    (103.670, 1.340),  # land: Singapore (Tuas)
    (103.600, 1.420),  # land: Johor
)

_MALACCA_STRAIT = (
    # Malacca Strait. West: Pedropunt, the north point of Sumatra, to Lem Voalan, the south point of
    # Phuket. East: Tanjong Piai - The Brothers - Klein Karimoen. North: the south-west coast of the
    # Malay Peninsula. South: the north-east coast of Sumatra east to Tanjong Kedabu, thence to
    # Klein Karimoen.
    (95.433, 5.667),  # Pedropunt (Ujung Pancu), Sumatra
    (98.300, 7.750),  # Lem Voalan, south point of Phuket
    (98.600, 8.500),  # land: Phang Nga
    (99.500, 7.600),  # land: Trang
    (100.200, 6.700),  # land: Satun / Perlis
    (100.600, 5.800),  # land: Kedah
    (100.700, 4.800),  # land: Perak
    (101.100, 3.900),  # land: Perak / Selangor
    (101.600, 3.000),  # land: Selangor
    (102.000, 2.500),  # land: Negeri Sembilan
    (102.500, 2.100),  # land: Malacca
    (103.100, 1.800),  # land: Johor
    (103.500, 1.550),  # land: Johor
    (103.517, 1.267),  # Tanjong Piai
    (103.350, 1.192),  # The Brothers
    (103.392, 1.167),  # Klein Karimoen
    (102.967, 1.100),  # Tanjong Kedabu, Sumatra side
    (102.600, 0.850),  # land: Sumatra (Riau)
    (101.800, 1.250),  # land: Sumatra
    (101.000, 1.750),  # land: Sumatra
    (100.200, 2.300),  # land: Sumatra
    (99.500, 2.900),  # land: Sumatra
    (98.700, 3.450),  # land: North Sumatra
    (98.000, 4.100),  # land: Aceh
    (97.200, 4.900),  # land: Aceh
    (96.300, 5.100),  # land: Aceh
    (95.600, 5.400),  # land: Aceh
)

_GULF_OF_THAILAND = (
    # Gulf of Thailand (Siam). South: a line from the western extreme of Cambodia or Camau Point (8
    # 36'N) to the northern extreme of the point on the east side of the Kelantan River mouth (6
    # 14'N 102 15'E). Otherwise bounded by the coasts of Malaysia, Thailand, Cambodia and Vietnam.
    (104.720, 8.600),  # Camau Point (Mui Ca Mau)
    (102.250, 6.233),  # Kelantan River mouth, east side
    (102.100, 6.000),  # land: Kelantan
    (101.500, 6.350),  # land: Narathiwat / Yala
    (100.800, 6.800),  # land: Songkhla
    (99.900, 8.000),  # land: Nakhon Si Thammarat
    (99.600, 8.900),  # land: Surat Thani
    (98.900, 10.000),  # land: Chumphon
    (99.300, 11.500),  # land: Prachuap Khiri Khan
    (99.700, 12.500),  # land: Phetchaburi
    (100.000, 13.700),  # land: Samut Songkhram / Bangkok
    (100.900, 13.600),  # land: Chachoengsao
    (101.100, 13.200),  # land: Chonburi
    (101.400, 12.900),  # land: Rayong
    (102.200, 12.700),  # land: Chanthaburi
    (102.700, 12.300),  # land: Trat
    (103.300, 11.500),  # land: Koh Kong
    (103.800, 11.000),  # land: Kampong Speu / Preah Sihanouk
    (104.300, 10.750),  # land: Kampot
    (104.700, 10.500),  # land: Kien Giang (Ha Tien)
    (105.300, 10.000),  # land: Kien Giang (Rach Gia)
    (105.000, 9.200),  # land: Ca Mau
)

_SULU_SEA = (
    # Sulu Sea, 48(a). NW: from Tanjong Sampanmangio, the north point of Borneo, along the eastern
    # limit of the South China Sea (Balabac, Palawan, Busuanga) to Cape Calavite, the NW point of
    # Mindoro. NE: the SW coast of Mindoro to Buruncan Point, a line through Semirara and Caluya to
    # Nasog Point (Panay), the W and SE coast of Panay to Tagubanhan Island, a line to the north
    # extreme of Negros, its west coast to Siaton Point, thence to Tagolo Point (Mindanao). SE: the
    # west coast of Mindanao to its SW extremity, Basilan, Bitinan Island, Jolo (to 121 04'E),
    # Tapul, Lugus, the north coast of Tawitawi to Bongao, thence to Tanjong Labian. SW: the north
    # coast of Borneo from Tanjong Labian to Tanjong Sampanmangio.
    (116.730, 7.030),  # Tanjong Sampanmangio (Simpang Mengayau), Borneo
    (117.100, 7.950),  # east point of Balabac Island
    (117.180, 8.330),  # Cape Buliluyan, SW point of Palawan
    (117.800, 9.000),  # land: Palawan
    (118.600, 9.800),  # land: Palawan
    (119.450, 10.600),  # land: Palawan
    (119.450, 11.200),  # land: Palawan
    (119.500, 11.420),  # Cabuli Point, north point of Palawan
    (119.862, 12.311),  # NW point of Busuanga
    (120.300, 13.446),  # Cape Calavite, NW point of Mindoro
    (120.800, 13.200),  # land: Mindoro
    (121.100, 12.600),  # land: Mindoro
    (121.243, 12.208),  # Buruncan Point, south point of Mindoro
    (121.370, 12.080),  # Semirara Island
    (121.550, 11.930),  # Caluya Island
    (121.883, 11.883),  # Nasog Point, NW extreme of Panay
    (122.200, 11.300),  # land: Panay
    (122.300, 10.900),  # land: Panay
    (122.700, 11.100),  # land: Panay
    (123.117, 11.133),  # Tagubanhan Island
    (123.200, 10.950),  # north extreme of Negros
    (123.100, 10.400),  # land: Negros
    (122.900, 9.800),  # land: Negros
    (123.030, 9.050),  # Siaton Point, south point of Negros
    (123.367, 8.733),  # Tagolo Point, Mindanao
    (123.200, 8.000),  # land: Zamboanga del Norte
    (122.250, 7.600),  # land: Zamboanga Sibugay
    (122.150, 7.100),  # land: Zamboanga
    (122.067, 6.900),  # SW extremity of Mindanao
    (122.067, 6.750),  # north coast of Basilan
    (121.950, 6.350),  # south extremity of Basilan
    (121.450, 6.067),  # Bitinan Island, off the east end of Jolo
    (121.067, 5.950),  # Jolo, south coast at 121 04'E
    (120.900, 5.730),  # Tapul Island
    (120.830, 5.700),  # Lugus Island
    (120.200, 5.250),  # land: Tawitawi
    (119.780, 5.080),  # Bongao Island
    (119.230, 5.150),  # Tanjong Labian, NE extreme of Borneo
    (118.800, 5.350),  # land: Dent Peninsula, Sabah
    (118.000, 5.500),  # land: Sabah
    (117.200, 6.000),  # land: Sabah
    (116.800, 6.500),  # land: Sabah (Kudat)
)

_CELEBES_SEA = (
    # Celebes Sea. North: the southern limit of the Sulu Sea (Tanjong Labian - Bongao - Tawitawi -
    # Sulu Archipelago - Basilan - SW Mindanao) and the south coast of Mindanao to its south point.
    # East: from there through the Sangihe Islands to the NE point of Celebes. South: the north
    # coast of Celebes. West: a line from Celebes to Tanjong Mangkalihat (Borneo) and the east coast
    # of Borneo north to Tanjong Labian.
    (119.230, 5.150),  # Tanjong Labian
    (119.780, 5.080),  # Bongao Island
    (120.200, 5.250),  # land: Tawitawi
    (120.830, 5.700),  # Lugus Island
    (120.900, 5.730),  # Tapul Island
    (121.067, 5.950),  # Jolo, south coast at 121 04'E
    (121.450, 6.067),  # Bitinan Island
    (121.950, 6.350),  # south extremity of Basilan
    (122.067, 6.750),  # north coast of Basilan
    (122.067, 6.900),  # SW extremity of Mindanao
    (122.150, 7.100),  # land: Zamboanga
    (122.900, 7.900),  # land: Zamboanga del Sur
    (123.500, 8.000),  # land: Zamboanga del Sur / Lanao
    (124.300, 7.600),  # land: Lanao del Sur
    (124.500, 7.300),  # land: Maguindanao
    (124.900, 6.500),  # land: Sultan Kudarat / South Cotabato
    (125.100, 6.400),  # land: South Cotabato (General Santos)
    (125.300, 5.900),  # land: Sarangani
    (125.330, 5.550),  # Tinaca Point, south point of Mindanao
    (125.500, 3.600),  # Sangihe Islands
    (125.400, 2.750),  # Siau
    (125.150, 1.600),  # Tanjong Pulisan, NE point of Celebes
    (124.900, 1.300),  # land: North Sulawesi
    (124.000, 0.750),  # land: North Sulawesi
    (123.000, 0.700),  # land: Gorontalo
    (122.000, 0.750),  # land: Gorontalo
    (120.800, 0.650),  # land: Central Sulawesi (north arm)
    (120.100, 0.700),  # west end of the north arm of Celebes (approximate)
    (118.980, 1.030),  # Tanjong Mangkalihat, Borneo
    (118.400, 1.300),  # land: East Kalimantan
    (117.600, 2.000),  # land: East Kalimantan
    (117.200, 3.000),  # land: North Kalimantan
    (117.500, 4.000),  # land: North Kalimantan / Sabah
    (118.000, 4.600),  # land: Sabah (Tawau)
    (118.200, 5.200),  # land: Sabah (Lahad Datu)
    (118.800, 5.350),  # land: Dent Peninsula, Sabah
)

_JAVA_SEA = (
    # Java Sea (drawn coarsely: the region of seawatch ends at 3 S). North: the southern limit of
    # the South China Sea, from Tanjong Djabung (Sumatra) to Tanjong Nangka (SW Bangka), through
    # Bangka to Tanjong Berikat, on to Tanjong Djemang (Belitung), along its north coast to Tanjong
    # Burung Mandi, thence to Tanjong Sambar (SW Borneo). East and south: the coasts of Borneo and
    # Java and the limits towards the Makassar Strait, the Bali Sea and the Sunda Strait, drawn here
    # as a few straight lines.
    (104.367, -1.017),  # Tanjong Djabung, Sumatra
    (105.900, -2.900),  # Tanjong Nangka, SW point of Bangka (approximate)
    (106.300, -2.500),  # land: Bangka
    (106.850, -2.550),  # Tanjong Berikat, east point of Bangka
    (107.620, -2.600),  # Tanjong Djemang, Belitung
    (107.950, -2.650),  # land: Belitung
    (108.270, -2.770),  # Tanjong Burung Mandi, Belitung
    (110.320, -3.000),  # Tanjong Sambar, SW Borneo
    (111.500, -2.800),  # land: Central Kalimantan
    (113.000, -2.900),  # land: Central Kalimantan
    (114.500, -3.300),  # land: South Kalimantan
    (115.800, -3.400),  # land: South Kalimantan
    (116.200, -4.100),  # SE Borneo (approximate limit)
    (115.200, -8.100),  # north coast of Bali (approximate limit)
    (112.500, -7.600),  # land: East Java
    (110.400, -7.200),  # land: Central Java
    (106.800, -6.400),  # land: West Java
    (105.900, -6.000),  # NW point of Java (Sunda Strait)
    (105.700, -5.700),  # land: Lampung, Sumatra
    (105.600, -4.500),  # land: Sumatra
    (105.400, -3.400),  # land: South Sumatra
    (104.700, -2.200),  # land: South Sumatra
)

_EAST_CHINA_SEA = (
    # Eastern China Sea (Tung Hai), southern edge only. South: from the north point of Formosa (Fuki
    # Kaku) to Kiushan Tao (Turnabout Island), thence west along 25 24'N to the coast of China.
    # East: from the NE point of Formosa towards the Sakishima Islands (drawn to Yonaguni). The
    # polygon is cut at 27 N, beyond seawatch's region.
    (119.000, 25.400),  # land: Fujian, on 25 24'N
    (119.970, 25.400),  # Turnabout Island (Kiushan Tao), on 25 24'N
    (121.530, 25.300),  # Fuki Kaku (Fugui Cape), north point of Formosa
    (121.900, 24.950),  # Santyo (Sandiao Cape), NE point of Formosa
    (122.930, 24.450),  # west point of Yonaguni
    (123.500, 27.000),  # cut
    (120.000, 27.000),  # land: Fujian / Zhejiang, cut
)

_SOUTH_CHINA_SEA = (
    # South China Sea (Nan Hai), 49. South: the eastern limit of the Singapore Strait and the
    # northern limit of the Java Sea (Tanjong Djabung - Bangka - Belitung - Tanjong Sambar). East:
    # from Tanjong Sambar the west coast of Borneo to Tanjong Sampanmangio, thence Balabac, Palawan,
    # Busuanga and Cape Calavite (the limit with the Sulu Sea), Luzon, and from Cape Engano through
    # the Babuyan and Batan Islands (Balintang, Y'Ami) to Garan Bi, the south point of Formosa, and
    # the west coast of Formosa. North: the southern limit of the Eastern China Sea (north point of
    # Formosa to Turnabout Island, thence along 25 24'N to China). West: the coasts of China,
    # Vietnam and Cambodia, the southern limit of the Gulf of Thailand and the east coast of the
    # Malay Peninsula. Between Sumatra and the Riau and Lingga Islands S-23 runs the limit through
    # those islands; seawatch draws it along the Sumatran coast from Tanjong Djabung to Tanjong
    # Kedabu, so the Riau-Lingga waters count as South China Sea (an approximation).
    (103.392, 1.167),  # Klein Karimoen
    (103.350, 1.192),  # The Brothers
    (103.517, 1.267),  # Tanjong Piai
    (103.600, 1.420),  # land: Johor
    (103.670, 1.340),  # land: Singapore (Tuas)
    (103.700, 1.340),  # land: Singapore
    (103.850, 1.340),  # land: Singapore
    (103.980, 1.370),  # land: Singapore (Changi)
    (104.150, 1.450),  # land: Johor
    (104.283, 1.367),  # Tanjong Datok
    (104.000, 1.700),  # land: Johor
    (103.600, 2.500),  # land: Johor (Mersing)
    (103.100, 3.800),  # land: Pahang (Kuantan)
    (102.900, 5.200),  # land: Terengganu
    (102.100, 6.000),  # land: Kelantan
    (102.250, 6.233),  # Kelantan River mouth, east side
    (104.720, 8.600),  # Camau Point
    (105.200, 9.000),  # land: Ca Mau
    (106.000, 9.900),  # land: Tra Vinh
    (106.900, 10.700),  # land: Dong Nai
    (108.000, 11.200),  # land: Binh Thuan
    (109.000, 12.000),  # land: Khanh Hoa
    (108.900, 13.500),  # land: Binh Dinh
    (108.700, 15.000),  # land: Quang Ngai
    (108.000, 16.000),  # land: Quang Nam / Da Nang
    (106.800, 17.000),  # land: Quang Tri
    (106.200, 17.800),  # land: Quang Binh
    (105.400, 18.800),  # land: Nghe An
    (105.600, 20.000),  # land: Thanh Hoa
    (106.400, 21.200),  # land: Hai Duong
    (107.800, 21.700),  # land: Quang Ninh
    (108.600, 21.950),  # land: Guangxi (Qinzhou)
    (109.500, 21.800),  # land: Guangxi (Beihai)
    (110.000, 21.500),  # land: Guangdong (Leizhou Peninsula)
    (111.000, 21.800),  # land: Guangdong
    (112.000, 22.200),  # land: Guangdong
    (113.300, 23.000),  # land: Guangdong (Pearl River delta)
    (114.300, 22.750),  # land: Guangdong (Shenzhen)
    (115.400, 23.100),  # land: Guangdong
    (116.500, 23.500),  # land: Guangdong (Shantou)
    (117.500, 24.200),  # land: Fujian
    (118.200, 24.800),  # land: Fujian
    (119.000, 25.400),  # land: Fujian, on 25 24'N
    (119.970, 25.400),  # Turnabout Island (Kiushan Tao)
    (121.530, 25.300),  # Fuki Kaku, north point of Formosa
    (121.400, 24.800),  # land: Taiwan
    (120.900, 23.500),  # land: Taiwan
    (120.800, 22.300),  # land: Taiwan
    (120.850, 21.900),  # Garan Bi (Eluanbi), south point of Formosa
    (121.957, 21.108),  # Y'Ami Island
    (122.143, 19.956),  # Balintang Island
    (122.133, 18.583),  # Cape Engano, NE point of Luzon
    (122.100, 18.300),  # land: Cagayan
    (121.800, 17.800),  # land: Cagayan
    (121.200, 16.500),  # land: Nueva Vizcaya
    (121.200, 14.900),  # land: Bulacan / Rizal
    (121.200, 14.200),  # land: Laguna
    (120.650, 13.770),  # Cape Santiago, Batangas
    (120.300, 13.446),  # Cape Calavite, NW point of Mindoro
    (119.862, 12.311),  # NW point of Busuanga
    (119.500, 11.420),  # Cabuli Point, north point of Palawan
    (119.450, 11.200),  # land: Palawan
    (119.450, 10.600),  # land: Palawan
    (118.600, 9.800),  # land: Palawan
    (117.800, 9.000),  # land: Palawan
    (117.180, 8.330),  # Cape Buliluyan
    (117.100, 7.950),  # east point of Balabac Island
    (116.730, 7.030),  # Tanjong Sampanmangio
    (116.500, 6.200),  # land: Sabah
    (115.000, 4.600),  # land: Brunei
    (114.200, 4.000),  # land: Sarawak (Miri)
    (113.300, 2.900),  # land: Sarawak (Bintulu)
    (111.800, 2.400),  # land: Sarawak
    (110.300, 1.400),  # land: Sarawak (Kuching)
    (109.900, 1.600),  # land: Sarawak, behind Tanjong Datu
    (109.600, 0.000),  # land: West Kalimantan (Pontianak)
    (110.300, -1.800),  # land: West Kalimantan (Ketapang)
    (110.600, -2.700),  # land: West Kalimantan
    (110.320, -3.000),  # Tanjong Sambar
    (108.270, -2.770),  # Tanjong Burung Mandi
    (107.950, -2.650),  # land: Belitung
    (107.620, -2.600),  # Tanjong Djemang
    (106.850, -2.550),  # Tanjong Berikat
    (106.300, -2.500),  # land: Bangka
    (105.900, -2.900),  # Tanjong Nangka
    (104.367, -1.017),  # Tanjong Djabung
    (103.400, -0.600),  # land: Jambi
    (103.500, 0.000),  # land: Riau
    (102.967, 1.100),  # Tanjong Kedabu
)

#: S-23 areas (and the treaty's Gulf of Tonkin) in precedence order: the first area covering a
#: point names it.
_RINGS: Final = (
    ("Singapore Strait", _SINGAPORE_STRAIT),
    ("Malacca Strait", _MALACCA_STRAIT),
    ("Gulf of Thailand", _GULF_OF_THAILAND),
    ("Gulf of Tonkin", GULF_OF_TONKIN),
    ("Sulu Sea", _SULU_SEA),
    ("Celebes Sea", _CELEBES_SEA),
    ("Java Sea", _JAVA_SEA),
    ("East China Sea", _EAST_CHINA_SEA),
    ("South China Sea", _SOUTH_CHINA_SEA),
)

#: The names `sea_area_of` returns (besides ``""``), in precedence order.
SEA_AREAS: Final[tuple[str, ...]] = tuple(name for name, _ in _RINGS)


@functools.cache
def sea_area_polygons() -> tuple[shapely.Polygon, ...]:
    """The area polygons (EPSG:4326, prepared), in the order of `SEA_AREAS`."""
    polygons = tuple(shapely.Polygon(ring) for _, ring in _RINGS)
    for polygon in polygons:
        shapely.prepare(polygon)
    return polygons


def sea_area_of(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """The S-23 sea area of each point, ``""`` where no area covers it.

    Parameters
    ----------
    lat, lon
        Latitudes and longitudes in degrees (EPSG:4326), same shape. NaN gives ``""``.

    Returns
    -------
    numpy.ndarray
        Area names (object dtype), one per point. A point on the limit between two areas gets
        the first of them in `SEA_AREAS`.

    Examples
    --------
    >>> sea_area_of(np.array([8.0, 10.0]), np.array([120.0, 114.0])).tolist()
    ['Sulu Sea', 'South China Sea']
    """
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    if lat.shape != lon.shape:
        raise ValueError(f"lat has shape {lat.shape!r} but lon has shape {lon.shape!r}")
    x, y = lon.ravel(), lat.ravel()
    out = np.full(x.shape, "", dtype=object)
    todo = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
    for name, polygon in zip(SEA_AREAS, sea_area_polygons(), strict=True):
        if todo.size == 0:
            break
        hit = shapely.intersects_xy(polygon, x[todo], y[todo])  # covered-by for points
        out[todo[hit]] = name
        todo = todo[~hit]
    return out.reshape(lat.shape)
    return out


def with_sea_area(incidents: pd.DataFrame) -> pd.DataFrame:
    """A copy of `incidents` with a ``sea_area`` column computed from its coordinates.

    Examples
    --------
    >>> df = pd.DataFrame({"latitude": [20.0, 17.2], "longitude": [107.5, 109.5]})
    >>> with_sea_area(df)["sea_area"].tolist()
    ['Gulf of Tonkin', 'South China Sea']
    """
    out = incidents.copy()
    lat = pd.to_numeric(incidents[schema.LATITUDE], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(incidents[schema.LONGITUDE], errors="coerce").to_numpy(dtype=float)
    out[SEA_AREA_COLUMN] = sea_area_of(lat, lon)
    return out

"""What every part of the sample county generator shares: the county's constants, the land classes and their
groups, the linear classes and seed kinds, the output ``Layer``, progress steps and random streams."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..landcodes import CULTIVATED_CODES
from ..units import M2_PER_MU

CRS_AUTHID = "EPSG:4549"
CENTRE_X = 500_000.0
CENTRE_Y = 4_700_000.0
COUNTY_CODE = "150428"
MU_M2 = M2_PER_MU  # 1 亩
MEAN_PARCEL_M2 = 10_000.0  # mean land-survey parcel: 1 ha, so 20 000 parcels ≈ 200 km²
MIN_PARCELS = 1_000
MAX_PARCELS = 1_000_000

# GB/T 21010-2017 codes as used by the third land survey (三调工作分类).
LAND_CLASSES: dict[str, str] = {
    "0101": "水田",
    "0102": "水浇地",
    "0103": "旱地",
    "0201": "果园",
    "0301": "乔木林地",
    "0305": "灌木林地",
    "0307": "其他林地",
    "0401": "天然牧草地",
    "0404": "其他草地",
    "05H1": "商业服务业设施用地",
    "0508": "物流仓储用地",
    "0601": "工业用地",
    "0602": "采矿用地",
    "0701": "城镇住宅用地",
    "0702": "农村宅基地",
    "08H1": "机关团体新闻出版用地",
    "08H2": "科教文卫用地",
    "0810": "公园与绿地",
    "09": "特殊用地",
    "1001": "铁路用地",
    "1003": "公路用地",
    "1004": "城镇村道路用地",
    "1006": "农村道路",
    "1101": "河流水面",
    "1103": "水库水面",
    "1104": "坑塘水面",
    "1106": "内陆滩涂",
    "1202": "设施农用地",
    "1203": "田坎",
    "1207": "裸岩石砾地",
}
# Main function of a red-line patch (生态功能类型).
EPR_FUNCTIONS = np.array(["生物多样性维护", "水源涵养", "水土保持"])
CODES = list(LAND_CLASSES)
CLASS_INDEX = {code: i for i, code in enumerate(CODES)}


def code_mask(*prefixes: str) -> np.ndarray:
    """Boolean lookup over class indices: True where the code starts with a prefix."""
    return np.array([c.startswith(prefixes) for c in CODES])


IS_CULTIVATED = code_mask(*CULTIVATED_CODES)
# Ecological-function land: forest, grass, water, wetland, bare rock.
IS_ECO = code_mask("03", "04", "1101", "1103", "1104", "1106", "1207")
# Urban construction land (城镇建设用地) when it lies in a town's built-up area
# (三调 城市/建制镇 extent): all construction land there, engulfed village
# homesteads included, so the boundary's growth is land not yet built on.
IS_URBAN_CONSTRUCTION = code_mask("05", "06", "07", "08", "09", "1003", "1004")
IS_CONSTRUCTION = code_mask("05", "06", "07", "08", "09", "1001", "1003", "1004")

# Ridge deduction ratio (扣除系数) of cultivated land by slope grade: none on flat
# land, growing with slope, as in provincial 三调 coefficient tables.
KCXS_BY_GRADE = np.array([0.0, 0.0, 0.024, 0.061, 0.103, 0.147])
SLOPE_GRADE_LIMITS_DEG = (2.0, 6.0, 15.0, 25.0)

# Grid of the terrain and zoning fields.  Fixed size: every field is defined
# relative to the county width, so the county looks the same at any parcel count
# and only the parcel detail grows.
NX = 512
NY = 400
# Relief is scaled to a nominal county width, so that the slope-grade mix does not
# depend on the parcel count.
NOMINAL_WIDTH_M = 40_000.0

# Linear features (rivers and roads, cut out of the cells as thin polygons): their
# classes, widths in metres and precedence where they cross.
LIN_NONE, LIN_RIVER, LIN_RAIL, LIN_ROAD, LIN_RURAL, LIN_STREET = 0, 1, 2, 3, 4, 5
# Where footprints overlap the later class wins: a river stays a river under a bridge.
LIN_PRECEDENCE = (LIN_RURAL, LIN_STREET, LIN_ROAD, LIN_RAIL, LIN_RIVER)
RAIL_WIDTH = 30.0
HIGHWAY_WIDTH = 26.0
COUNTY_ROAD_WIDTH = 14.0
RURAL_ROAD_WIDTH = 6.0
FIELD_ROAD_WIDTH = 5.0
FIELD_ROAD_SPACING = 1000.0
# River and road pieces are merged into parcels of about this size (grid squares).
LINEAR_CHUNK_M = 1_000.0

# Seed kinds: how a Voronoi seed was placed decides a few class rules.
KIND_BASE, KIND_VILLAGE, KIND_MICRO, KIND_MICRO_RING = 0, 1, 2, 3
# Extra parcels per metre of river/road, per unit cell density (calibrated).
CUT_GAIN = 1.45
# Red-line core: mountain index plus noise above this.
EPR_CORE = 0.62
# Corners cut off by a road smaller than this join the road (below a mapping unit).
MIN_PIECE_M2 = 100.0

TOWNSHIP_NAMES = (
    "东川", "河口", "柳林", "青石", "南台", "北山", "西沟", "杏花",
    "白塔", "双井", "红岭", "石门", "桃园", "马鞍", "松岭", "黄土梁",
    "大营", "小河", "平房", "官地", "龙泉", "三道沟", "永丰", "太平",
)


@dataclass
class Layer:
    """One output layer: geometries plus attribute columns in field order.

    ``columns[name]`` holds one value per geometry (numpy arrays; ``.tolist()``
    gives plain Python values).  ``geometry_type`` is 'Polygon', 'Point' or
    'LineString'; all geometries are single-part, valid and 2-D.  ``based_on``
    names an earlier layer with the same geometries and fields of which this one
    changes a few values: a writer may copy that layer and update those rows.
    """

    name: str
    geometry_type: str
    geoms: np.ndarray
    fields: list[tuple[str, str]]
    columns: dict[str, np.ndarray | list] = field(default_factory=dict)
    based_on: str = ""

    def __len__(self) -> int:
        return len(self.geoms)

    def records(self) -> list[tuple]:
        """Attribute rows as tuples of plain Python values, in field order."""
        cols = [np.asarray(self.columns[name]).tolist() for name, _ in self.fields]
        return list(zip(*cols)) if cols else [() for _ in range(len(self))]


class GenerationCanceled(Exception):
    """Raised when the caller's ``is_canceled()`` returned True."""


class Steps:
    """Progress reporting and cancellation between the generation steps."""

    def __init__(self, progress, is_canceled):
        self._progress = progress
        self._is_canceled = is_canceled

    def __call__(self, pct: float) -> None:
        if self._is_canceled is not None and self._is_canceled():
            raise GenerationCanceled("sample county generation canceled")
        if self._progress is not None:
            self._progress(float(pct))


def random_stream(seed: int, stream: int) -> np.random.Generator:
    """Independent random stream per component, so changing one part of the
    generator does not reshuffle the others."""
    return np.random.default_rng([int(seed), stream])

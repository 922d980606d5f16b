"""Swap-in land by category (调入地块) of the red line and the development boundary (seed 五(一)2, 五(一)3).

The seed lists what joins a line by category, as it lists what leaves it: the red line takes in new water-source
zones (新设水源地), public-welfare forest (生态公益林) and the holes it fills (天窗); the development boundary takes in
the land of infrastructure projects (基础设施建设项目) and the slivers and holes it fills (细缝). Each category has a
code (HRYY, 划入原因) and the words written into TZYY, which planmaint:edgeswap carries into its swapped-in pieces and
its per-parcel record. The codes are planmaint's own, apart from the swap-out codes of ``candidates`` (01–06
farmland, 11–17 red line, 21 boundary), so a code says both the line and the direction.

Pure: no qgis.
"""
from .candidates import Reason

NEW_WATER_SOURCE = Reason("new_water_source", "31", "新设水源地")
PUBLIC_FOREST = Reason("public_forest", "32", "生态公益林")
EPR_HOLES = Reason("epr_holes", "33", "天窗填补")
EPR_CATEGORIES = (NEW_WATER_SOURCE, PUBLIC_FOREST, EPR_HOLES)

INFRASTRUCTURE = Reason("infrastructure", "41", "基础设施建设项目")
UDB_HOLES = Reason("udb_holes", "42", "细缝与天窗填补")
UDB_CATEGORIES = (INFRASTRUCTURE, UDB_HOLES)

# The category table of each line; the order of each is its precedence (ground in several categories counts
# once, for the first). The farmland has none: its swap-ins are balancing land chosen by planmaint:edgeswap.
LINE_CATEGORIES = {"pbf": (), "epr": EPR_CATEGORIES, "udb": UDB_CATEGORIES}
EVERY_CATEGORY = EPR_CATEGORIES + UDB_CATEGORIES

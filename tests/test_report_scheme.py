"""planmaint:indicators shows the rest of the scheme in its report (issue 22): the planning zones' areas
(ZONE_AREAS, the TABLE of planmaint:zoningupdate) and the key-project list (PROJECT_LIST, table 5-4)."""
import html as htmllib
import re

import pytest
from qgis.core import QgsProcessingException
from test_indicators_settle import farmland, report_of

from layers import memory_layer

ZONE_FIELDS = [("FQMC", str), ("FQDM", str), ("TZQ_HA", float), ("TZH_HA", float), ("BH_HA", float)]
PROJECT_FIELDS = [("XH", int), ("XMLX", str), ("XMMC", str), ("JSXZ", str), ("JSNX", str), ("YDGM_HA", float),
                  ("XZJSYD_HA", float), ("SZDQ", str), ("NRYJ", str), ("ZYJBNT_HA", float), ("ZYSTHX_HA", float),
                  ("CZKFBJ", str)]


def table(fields, rows, name):
    return memory_layer([None] * len(rows), fields, rows, name=name, geometry="None")


def text_of(html):
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", html))


def zones():
    rows = [["生态保护区", "E1", 100.0, 102.5, 2.5], ["乡村发展区", "R1", 50.0, 47.5, -2.5]]
    return table(ZONE_FIELDS, rows, "zones")


def projects():
    rows = [[1, "产业类", "仓储扩建项目", "改扩建", "2025-2028年", 0.9631, 0.5, "锦山镇", "发改立项", 0.0, 0.0, "部分"],
            [2, "电力类", "66千伏线路工程", "新建", "2027年", 0.0, 0.0, "南台子乡", "申请说明", 0.0, 0.0, "外"]]
    return table(PROJECT_FIELDS, rows, "projects")


def test_the_report_shows_the_zones_and_the_project_list(plugin, tmp_path):
    text = text_of(report_of({"PBF": farmland(0, 1), "ZONE_AREAS": zones(), "PROJECT_LIST": projects()}, tmp_path))
    assert "Planning zones" in text and "Key construction projects (table 5-4)" in text
    assert re.search(r"生态保护区\s+E1\s+100\.0000\s+102\.5000\s+2\.5000", text)
    assert re.search(r"乡村发展区\s+R1\s+50\.0000\s+47\.5000\s+-2\.5000", text)
    assert re.search(r"仓储扩建项目\s+改扩建\s+2025-2028年\s+0\.9631\s+0\.5000\s+锦山镇\s+发改立项", text)
    assert "2 projects, 0.9631 ha of land in all." in text


def test_without_the_tables_or_with_an_empty_zone_table_there_is_no_section(plugin, tmp_path):
    text = text_of(report_of({"PBF": farmland(0, 1), "ZONE_AREAS": table(ZONE_FIELDS, [], "zones")}, tmp_path))
    assert "Planning zones" not in text and "table 5-4" not in text


def test_a_table_that_is_not_the_tools_is_refused_by_name(plugin, tmp_path):
    wrong = table([("NAME", str)], [["x"]], "zones")
    with pytest.raises(QgsProcessingException, match=r"\(ZONE_AREAS\) has no field FQMC"):
        report_of({"PBF": farmland(0, 1), "ZONE_AREAS": wrong}, tmp_path)

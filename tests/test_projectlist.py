"""planmaint:projectlist (重点建设项目清单, table 5-4), run as a console user runs it."""
import pytest
import shapely
from qgis.core import QgsProcessingException

from conftest import county_layer
from layers import as_layer, layer_digest, memory_layer, rect

ALG = "planmaint:projectlist"
X0, Y0 = 500000.0, 4500000.0
FIELDS = [("XMLX", str), ("XMMC", str), ("JSXZ", str), ("JSNX", str), ("NRYJ", str), ("BZ", str)]


def run(**params):
    import processing

    return processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", "SUMMARY": "TEMPORARY_OUTPUT", **params})


def shapes():
    """Two parcels (forest west, homestead east, x 0–200), a gap under no parcel at x 200–220; townships split at
    x 100; farmland x 0–60, red line y 80–100, boundary x 150–300."""
    return {
        "landuse": [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 100, 100)],
        "townships": [rect(X0 - 10, Y0 - 10, 110, 120), rect(X0 + 100, Y0 - 10, 200, 120)],
        "pbf": [rect(X0, Y0, 60, 100)],
        "epr": [rect(X0, Y0 + 80, 300, 20)],
        "udb": [rect(X0 + 150, Y0 - 10, 150, 120)],
        "projects": [rect(X0 + 40, Y0 + 10, 120, 70), rect(X0 + 190, Y0 + 20, 30, 20)],
    }


def layers():
    s = shapes()
    return dict(
        PROJECTS=memory_layer(s["projects"], FIELDS, [("产业类", "仓储项目", "新建", "2026-2028 年", "发改立项", "a"),
                                                      ("其他", "赤峰三号院", "改扩建", "2027 年", None, "b")],
                              name="projects"),
        PROJECT_LINES=memory_layer([f"LINESTRING({X0 + 50} {Y0 + 50},{X0 + 170} {Y0 + 50})"], FIELDS,
                                   [("电力类", "66 千伏线路工程", "新建", "2027 年", "申请说明", "c")],
                                   name="lines", geometry="LineString"),
        LANDUSE=memory_layer(s["landuse"], [("DLBM", str), ("ZLDWDM", str)],
                             [("0301", "1504281010010000000"), ("0702", "1504281020030000000")], name="landuse"),
        TOWNSHIPS=memory_layer(s["townships"], [("XZQMC", str)], [("锦山镇",), ("西桥镇",)], name="townships"),
        PBF=memory_layer(s["pbf"], name="pbf"), EPR=memory_layer(s["epr"], name="epr"),
        UDB=memory_layer(s["udb"], name="udb"),
    )


def rows(result):
    return {f["XMMC"]: f for f in as_layer(result["OUTPUT"]).getFeatures()}


def test_every_figure_against_an_independent_overlay(plugin):
    inputs = layers()
    digests = {key: layer_digest(layer) for key, layer in inputs.items()}
    result = run(**inputs)
    out = rows(result)
    s = {key: [shapely.from_wkt(w) for w in wkts] for key, wkts in shapes().items()}
    built, parcels = s["landuse"][1], shapely.union_all(s["landuse"])
    for name, geom in (("仓储项目", s["projects"][0]), ("赤峰三号院", s["projects"][1])):
        f = out[name]
        assert f.geometry().area() == pytest.approx(geom.area, abs=0.01)
        assert f["YDGM_HA"] == pytest.approx(geom.area / 1e4, abs=1e-6)
        assert f["XCJSYD_HA"] == pytest.approx(geom.intersection(built).area / 1e4, abs=1e-6)
        assert f["XZJSYD_HA"] == pytest.approx((geom.area - geom.intersection(built).area) / 1e4, abs=1e-6)
        assert f["XZJSYD_HA"] + f["XCJSYD_HA"] == pytest.approx(f["YDGM_HA"], abs=1e-6)
        assert f["WFG_HA"] == pytest.approx(geom.difference(parcels).area / 1e4, abs=1e-6)
        assert f["ZYJBNT_HA"] == pytest.approx(geom.intersection(s["pbf"][0]).area / 1e4, abs=1e-6)
        assert f["ZYSTHX_HA"] == pytest.approx(geom.intersection(s["epr"][0]).area / 1e4, abs=1e-6)
        assert f["CZKFBJ_HA"] == pytest.approx(geom.intersection(s["udb"][0]).area / 1e4, abs=1e-6)
    first = out["仓储项目"]
    assert (first["XH"], first["XMLX"], first["JSXZ"], first["JSNX"], first["NRYJ"]) == (
        1, "产业类", "新建", "2026-2028 年", "发改立项")
    assert first["CZKFBJ"] == "部分" and first["SZDQ"] == "锦山镇、西桥镇"
    assert first["BZ"] == "a"  # input attributes kept
    assert out["赤峰三号院"]["CZKFBJ"] == "内" and out["赤峰三号院"]["SZDQ"] == "西桥镇"
    assert out["赤峰三号院"]["WFG_HA"] == pytest.approx(0.04)  # x 200–220 under no parcel: counted as new
    assert {key: layer_digest(layer) for key, layer in inputs.items()} == digests


def test_a_line_project_is_listed_with_no_land(plugin):
    result = run(**layers())
    line = rows(result)["66 千伏线路工程"]
    assert line["XH"] == 3 and not line.hasGeometry()
    assert line["YDGM_HA"] == 0 and line["XZJSYD_HA"] == 0 and line["ZYJBNT_HA"] == 0
    assert line["CZKFBJ"] == "部分" and line["SZDQ"] == "锦山镇、西桥镇" and line["BZ"] == "c"
    summary = {f["XMLX"]: f for f in as_layer(result["SUMMARY"]).getFeatures()}
    assert summary["电力类"]["XMGS"] == 1 and summary["电力类"]["YDGM_HA"] == 0
    assert summary["合计"]["XMGS"] == 3
    assert summary["合计"]["YDGM_HA"] == pytest.approx(0.84 + 0.06, abs=1e-6)
    assert result["SENTENCE"] == ("重点建设项目共 3 个，拟用地面积 0.9000 公顷，涉及产业类、其他、电力类 3 个类型。"
                                  "其中产业类 1 个，其他 1 个，电力类 1 个。")


def test_places_from_the_land_use_without_townships(plugin):
    inputs = layers()
    del inputs["TOWNSHIPS"]
    out = rows(run(**inputs))
    assert out["仓储项目"]["SZDQ"] == "150428101、150428102"
    assert out["赤峰三号院"]["SZDQ"] == "150428102"


def test_a_missing_field_is_refused_naming_the_layer_and_the_field(plugin):
    with pytest.raises(QgsProcessingException, match=r"projects.*JSNX_X.*YEARS_FIELD"):
        run(**layers(), YEARS_FIELD="JSNX_X")
    inputs = layers()
    inputs["LANDUSE"] = memory_layer(shapes()["landuse"], [("DL", str)], [("0301",), ("0702",)], name="landuse")
    with pytest.raises(QgsProcessingException, match=r"landuse.*DLBM.*DLBM_FIELD"):
        run(**inputs)


def test_sample_county(plugin, sample_county):
    projects = county_layer(sample_county, "projects")
    result = run(PROJECTS=projects, LANDUSE=county_layer(sample_county, "landuse"),
                 PBF=county_layer(sample_county, "pbf"), EPR=county_layer(sample_county, "epr"),
                 UDB=county_layer(sample_county, "udb"))
    out = list(as_layer(result["OUTPUT"]).getFeatures())
    assert len(out) == projects.featureCount() > 0
    assert sorted(f["XH"] for f in out) == list(range(1, len(out) + 1))
    for f in out:
        assert f["YDGM_HA"] == pytest.approx(f.geometry().area() / 1e4, abs=1e-6)
        assert f["XZJSYD_HA"] + f["XCJSYD_HA"] == pytest.approx(f["YDGM_HA"], abs=1e-6)
        assert f["CZKFBJ"] in ("内", "部分", "外")
        assert f["SZDQ"] and len(f["SZDQ"].split("、")[0]) == 9  # township codes from ZLDWDM
    total = sum(f["YDGM_HA"] for f in out)
    assert f"拟用地面积 {total:.4f} 公顷" in result["SENTENCE"]

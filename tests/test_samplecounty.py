"""planmaint:samplecounty's GeoPackage as the tools read it: the layers of what a maintenance finds against the
farmland, and the swap-out candidates they give on the sample county (the demo's path)."""
import processing
import pytest

from conftest import county_layer
from layers import features

REASON_HA = ["PROJECT_HA", "DAMAGED_HA", "NON_CULTIVATED_HA", "UNQUALIFIED_HA", "STEEP_HA", "FRAGMENT_HA"]
COUNTED = "\"JB\" IN ('国家级','自治区级')"


def test_the_geopackage_holds_the_new_layers_and_fields(sample_county):
    expected = {
        "damaged": ["SHLB", "SHLX", "SHNF", "ZLDWDM", "XZQMC", "MJ"],
        "unqualified": ["BSM", "BFHYY", "HSNF", "ZLDWDM", "XZQMC", "MJ"],
        "landuse_2024": ["BSM", "DLBM", "DLMC", "ZLDWDM", "TBMJ", "KCXS", "PDJB"],
        "epr_withdrawn": ["MC", "LX", "CXWH", "MJ"],
        "water_source_new": ["MC", "JB", "MJ"],
        "public_forest": ["XBH", "XZQMC", "LZ", "SQDJ", "MJ"],
        "commercial_forest": ["XBH", "XZQMC", "LZ", "LMQS", "MJ"],
        "mining_rights": ["KQMC", "KCZ", "XKZH", "YXQ", "MJ"],
        "epr_correction": ["XZQMC", "KZYY", "MJ"],
        "approved_land": ["PZWH", "PZRQ", "YT", "GDZT", "MJ"],
        "planned_landuse": ["YDDM", "YDMC", "MJ"],
        "regreen": ["BSM", "DLBM", "DLMC", "ZLDWDM", "GHDL", "FLNF", "MJ"],
        "planning_zones": ["GHFQDM", "GHFQMC", "MJ"],
        "approved_zones": ["KFQMC", "KFQLX", "PZJG", "PZNF", "MJ"],
        "development_directions": ["FXMC", "CZMC", "FX", "MJ"],
        "unsuitable_areas": ["KIND", "MC", "MJ"],
    }
    for name, fields in expected.items():
        layer = county_layer(sample_county, name)
        assert [f.name() for f in layer.fields() if f.name() != "fid"] == fields, name
        assert layer.featureCount() > 0, name
        assert layer.crs().authid() == "EPSG:4549", name
    projects = county_layer(sample_county, "projects")
    assert projects.fields().names()[-1] == "JB"
    levels = {f["JB"] for f in projects.getFeatures()}
    assert levels & {"国家级", "自治区级"} and levels - {"国家级", "自治区级"}


def test_the_algorithm_names_an_output_for_every_layer(sample_county, tmp_path):
    from planmaint.algorithms.alg_samplecounty import LAYER_OUTPUTS

    result = processing.run("planmaint:samplecounty", {"PARCELS": 1000, "SEED": 2,
                                                       "OUTPUT": str(tmp_path / "small.gpkg")})
    for name, output in LAYER_OUTPUTS.items():
        assert result[output].endswith(f"|layername={name}"), name
    for name in ("epr_withdrawn", "public_forest", "mining_rights", "approved_land", "planned_landuse",
                 "planning_zones", "approved_zones", "development_directions", "unsuitable_areas"):
        assert county_layer(result["OUTPUT"], name).featureCount() > 0, name


def candidates(county, **params):
    layer = lambda name: f"{county}|layername={name}"  # noqa: E731
    return processing.run("planmaint:swapcandidates", {
        "PBF": layer("pbf"), "LANDUSE": layer("landuse_2024"), "PROJECTS": layer("projects"),
        "DAMAGED": layer("damaged"), "UNQUALIFIED": layer("unqualified"), "HILLY_AREAS": layer("hilly_areas"),
        "OUTPUT": "TEMPORARY_OUTPUT", **params})


def test_swapcandidates_finds_every_reason_on_the_sample_county(sample_county):
    counted = candidates(sample_county, PROJECT_FILTER=COUNTED)
    assert all(counted[name] > 0 for name in REASON_HA), {name: counted[name] for name in REASON_HA}
    assert counted["TOTAL_HA"] == pytest.approx(sum(counted[name] for name in REASON_HA), abs=1e-6)
    # The unqualified parcels are whole farmland parcels of no earlier reason: all of them are listed.
    unqualified = county_layer(sample_county, "unqualified")
    assert counted["UNQUALIFIED_HA"] == pytest.approx(sum(f["MJ"] for f in unqualified.getFeatures()) / 1e4,
                                                      abs=1e-6)
    # Every project counts without the filter: at least as much project land, the same damage.
    every = candidates(sample_county)
    assert every["PROJECT_HA"] >= counted["PROJECT_HA"]
    assert every["DAMAGED_HA"] == pytest.approx(counted["DAMAGED_HA"], abs=1e-6)
    assert len({f["TZYY"] for f in features(counted["OUTPUT"])}) == 6


def test_the_regreen_layer_lets_fillholes_fill_the_red_lines_holes(sample_county):
    """规划复绿 on the sample county: the red line's holes under 5 亩 with the construction land of the land use as
    a blocker (the model's expression) stay open where construction land lies; with regreen as the re-greening
    land they are filled, and HOLES says so."""
    # Extracted as the model does (an OGR subset string would go through SQLite's SQL instead).
    construction = processing.run("native:extractbyexpression", {
        "INPUT": county_layer(sample_county, "landuse"), "OUTPUT": "TEMPORARY_OUTPUT",
        "EXPRESSION": "left(\"DLBM\", 2) IN ('05','06','07','08','09') OR "
                      "\"DLBM\" IN ('1001','1002','1003','1004','1005','1007','1008','1009','1109','1201')"})["OUTPUT"]
    assert construction.featureCount() > 0
    params = {"INPUT": county_layer(sample_county, "epr"), "MAX_AREA": 5, "BLOCKERS": [construction],
              "OUTPUT": "TEMPORARY_OUTPUT", "HOLES": "TEMPORARY_OUTPUT"}
    without = processing.run("planmaint:fillholes", params)
    regreen = county_layer(sample_county, "regreen")
    result = processing.run("planmaint:fillholes", {**params, "REGREEN": regreen})
    assert result["HOLES_FILLED"] >= without["HOLES_FILLED"] + 1
    unblocked = [f for f in features(result["HOLES"]) if f["FLYY"] == 1]
    assert len(unblocked) == result["HOLES_FILLED"] - without["HOLES_FILLED"]
    assert all(f["FILLED"] == 1 and f["REGREEN_MU"] > 0 for f in unblocked)
    regreen_mu = sum(f["MJ"] for f in regreen.getFeatures()) / (10000.0 / 15.0)
    assert sum(f["REGREEN_MU"] for f in unblocked) == pytest.approx(regreen_mu, rel=1e-6)

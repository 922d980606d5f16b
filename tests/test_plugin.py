"""The plugin loads as QGIS loads it, registers its provider and algorithms, and speaks Chinese."""
import configparser
import os

import pytest
from qgis.core import QgsApplication

from conftest import ROOT

ALGORITHM_IDS = [
    "planmaint:samplecounty",
    "planmaint:removefragments",
    "planmaint:fillholes",
    "planmaint:edgeswap",
    "planmaint:indicators",
    "planmaint:conflictcheck",
    "planmaint:swapcandidates",
    "planmaint:swapins",
    "planmaint:zoningupdate",
    "planmaint:projectlist",
    "planmaint:workbook",
    "planmaint:dynamicmaintenance",
]


def test_metadata_declares_a_processing_provider():
    metadata = configparser.ConfigParser()
    metadata.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    general = metadata["general"]
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    for key in ("name", "description", "about", "version", "author", "email", "tags", "homepage", "tracker"):
        assert general.get(key), key
    # Chinese and English in the description and the about text.
    assert "三条控制线" in general["description"] and "farmland" in general["description"]
    assert os.path.exists(os.path.join(ROOT, general["icon"]))


def test_provider_registers_every_algorithm(provider):
    assert provider.load_errors == [], "\n".join(provider.load_errors)
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("planmaint") is provider
    for algorithm_id in ALGORITHM_IDS:
        algorithm = registry.algorithmById(algorithm_id)
        assert algorithm is not None, algorithm_id
        assert algorithm.shortHelpString(), algorithm_id
        for parameter in algorithm.parameterDefinitions():
            assert parameter.help(), f"{algorithm_id}: parameter {parameter.name()} has no help text"


def test_unload_removes_the_provider(plugin):
    registry = QgsApplication.processingRegistry()
    plugin.unload()
    assert registry.providerById("planmaint") is None
    plugin.initProcessing()
    assert registry.providerById("planmaint") is not None


@pytest.fixture
def chinese(plugin):
    from planmaint.algorithms.i18n import install_translator

    translator = install_translator("zh_CN")
    assert translator is not None, "i18n/planmaint_zh_CN.qm is missing: run make transcompile"
    yield
    QgsApplication.removeTranslator(translator)


def test_chinese_names(chinese, plugin):
    registry = QgsApplication.processingRegistry()
    assert registry.providerById("planmaint").name() == "国土空间规划动态维护"
    sample = registry.algorithmById("planmaint:samplecounty")
    assert sample.displayName() == "生成示例县域数据"
    assert sample.group() == "工具"
    assert "三调" in sample.shortHelpString() and "生成" in sample.shortHelpString()
    names = {
        "planmaint:removefragments": ("碎图斑处理", "控制线维护"),
        "planmaint:fillholes": ("天窗填补", "控制线维护"),
        "planmaint:edgeswap": ("进出平衡调整", "控制线维护"),
        "planmaint:indicators": ("规划指标核算", "评估"),
        "planmaint:conflictcheck": ("三线冲突检查", "评估"),
        "planmaint:swapcandidates": ("调出候选地块识别", "控制线维护"),
        "planmaint:dynamicmaintenance": ("全流程动态维护", "模型"),
    }
    for algorithm_id, (name, group) in names.items():
        algorithm = registry.algorithmById(algorithm_id)
        assert algorithm.displayName() == name, algorithm_id
        assert algorithm.group() == group, algorithm_id
    # Parameter names and help are built when the provider loads: reload as QGIS does at start.
    plugin.provider.refreshAlgorithms()
    edgeswap = registry.algorithmById("planmaint:edgeswap")
    assert edgeswap.parameterDefinition("ADJACENT_FIRST").description() == "优先相邻地块"
    model = registry.algorithmById("planmaint:dynamicmaintenance")
    assert model.parameterDefinition("PBF").description() == "永久基本农田"
    assert "进出平衡" in model.shortHelpString() or "调入" in model.shortHelpString()


def test_english_without_translator(plugin):
    plugin.provider.refreshAlgorithms()
    assert plugin.provider.name() == "Spatial plan maintenance"
    assert QgsApplication.processingRegistry().algorithmById("planmaint:samplecounty").displayName() == (
        "Generate a sample county"
    )

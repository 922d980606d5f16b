"""planmaint:indicators with the settlement of the conflicts (SETTLEMENT): the report's section 三线冲突处理 says how
each overlap was settled and why each overlap remaining after maintenance stays, run as a console user runs it."""
import html as htmllib
import re

import pytest
from qgis.core import QgsProcessingException

from headless import import_plugin_package
from layers import memory_layer, rect, square

import_plugin_package()

ALG = "planmaint:indicators"
X0, Y0 = 500000.0, 4500000.0
KIND = "永久基本农田∩生态保护红线"
SETTLE_FIELDS = [("KIND", str), ("MJ_MU", float), ("MJ_HA", float), ("YIELDS", str), ("KEEPS", str), ("BASIS", str),
                 ("NOTE", str)]
WELL = "村集体水井保护范围，两线均保留"


def parcel(k):
    """Square parcel k (100 m × 100 m, 1 ha) along the x axis, 100 m apart."""
    return square(X0 + 200 * k, Y0, 100)


def farmland(*ks):
    return memory_layer([parcel(k) for k in ks], [("BSM", str)], [[f"B{k}"] for k in ks], name="pbf")


def red_line():
    # Holds parcels 0 and 1 whole; parcel 2 and later lie outside.
    return memory_layer([rect(X0 - 10, Y0 - 10, 330, 120)], name="epr")


def settlement(rows=None):
    """The settled overlaps of the lines before maintenance, as conflictcheck with SETTLE writes them: parcel 0 kept
    by both lines by decision, parcel 1 to leave the farmland by the pair's rule."""
    rows = rows or [
        (parcel(0), [KIND, 15.0, 1.0, "", "BOTH", "decision", WELL]),
        (parcel(1), [KIND, 15.0, 1.0, "PBF", "EPR", "rule", "生态保护红线内的永久基本农田调出"]),
    ]
    return memory_layer([w for w, _ in rows], SETTLE_FIELDS, [r for _, r in rows], name="settled")


def report_of(params, tmp_path):
    import processing

    path = str(tmp_path / "report.html")
    processing.run(ALG, {"OUTPUT": "TEMPORARY_OUTPUT", "REPORT": path, **params})
    return open(path, encoding="utf-8").read()


def section(html):
    """The text of the section Settling the conflicts (tags dropped), or None."""
    found = re.search(r"<h2>Settling the conflicts</h2>(.*?)(<h2>|$)", html, re.S)
    return None if found is None else htmllib.unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def rows_of(html):
    """The cells of each row of the section's tables (header rows left out)."""
    found = re.search(r"<h2>Settling the conflicts</h2>(.*?)(<h2>|$)", html, re.S)
    rows = [[htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", found.group(1))]
    return [row for row in rows if row]


def test_the_report_names_each_remaining_overlap_with_its_reason(plugin, tmp_path):
    # After maintenance the farmland still holds parcel 0 (kept by decision) and parcel 1 (its candidate was kept in
    # review), and a parcel swapped in outside the red line.
    html = report_of({"PBF": farmland(0, 1, 2), "PBF_AFTER": farmland(0, 1, 3), "EPR": red_line(),
                      "SETTLEMENT": settlement()}, tmp_path)
    text = section(html)
    assert text is not None
    rows = rows_of(html)
    # Per pair: 2 ha settled, 1 ha to leave the farmland, none the red line, 1 ha kept by both, 2 ha remaining.
    assert rows[0] == [KIND, "2.0000", "1.0000", "0.0000", "—", "1.0000", "2.0000"]
    remaining = {row[4]: row for row in rows[1:]}
    assert len(remaining) == 2
    kept = next(r for reason, r in remaining.items() if reason.startswith("Both lines keep it"))
    assert "the technician's decision" in kept[4] and WELL in kept[4]
    assert kept[1] == "10000.00" and kept[2] == "1.0000"
    x, y = (float(v) for v in kept[3].split(","))
    assert X0 <= x <= X0 + 100 and Y0 <= y <= Y0 + 100  # the point lies in parcel 0
    left = next(r for reason, r in remaining.items() if "not swapped out" in reason)
    assert "permanent basic farmland" in left[4] and "the default rule of the pair" in left[4]
    assert X0 + 200 <= float(left[3].split(",")[0]) <= X0 + 300
    assert "do not overlap" not in text


def test_with_no_overlap_after_the_report_says_the_lines_do_not_overlap(plugin, tmp_path):
    html = report_of({"PBF": farmland(0, 1, 2), "PBF_AFTER": farmland(2, 3), "EPR": red_line(),
                      "SETTLEMENT": settlement()}, tmp_path)
    text = section(html)
    assert "After maintenance the control lines do not overlap" in text
    assert rows_of(html) == [[KIND, "2.0000", "1.0000", "0.0000", "—", "1.0000", "0.0000"]]


def test_an_overlap_in_no_settled_piece_is_new_and_without_settlement_the_reason_is_unknown(plugin, tmp_path):
    # The red line after maintenance grew over parcel 2: an overlap no settled piece holds.
    epr_after = memory_layer([rect(X0 - 10, Y0 - 10, 530, 120)], name="epr_after")
    params = {"PBF": farmland(0, 1, 2), "PBF_AFTER": farmland(0, 2), "EPR": red_line(), "EPR_AFTER": epr_after}
    rows = rows_of(report_of({**params, "SETTLEMENT": settlement()}, tmp_path))
    reasons = sorted(row[4] for row in rows[1:])
    assert reasons[0].startswith("A new overlap after maintenance") and reasons[1].startswith("Both lines keep it")
    rows = rows_of(report_of(params, tmp_path))
    assert rows[0] == [KIND, "none", "none", "none", "—", "none", "2.0000"]
    assert [row[4] for row in rows[1:]] == ["No settlement given (SETTLEMENT): the reason it stays is not known"] * 2


def test_no_section_without_the_lines_after(plugin, tmp_path):
    html = report_of({"PBF": farmland(0, 1, 2), "EPR": red_line(), "SETTLEMENT": settlement()}, tmp_path)
    assert section(html) is None
    assert "SETTLEMENT) is given, but the settling of the conflicts needs" in html


def test_a_settlement_with_a_wrong_kind_or_yielding_line_is_refused_in_words(plugin, tmp_path):
    params = {"PBF": farmland(0, 1), "PBF_AFTER": farmland(0), "EPR": red_line()}
    bad_kind = settlement([(parcel(0), ["农田与红线", 15.0, 1.0, "PBF", "EPR", "rule", ""])])
    with pytest.raises(QgsProcessingException, match=r"settled \(SETTLEMENT\): the field KIND .*'农田与红线'"):
        report_of({**params, "SETTLEMENT": bad_kind}, tmp_path)
    bad_line = settlement([(parcel(0), [KIND, 15.0, 1.0, "UDB", "PBF", "rule", ""])])
    with pytest.raises(QgsProcessingException, match=r"field YIELDS .*'UDB'.*PBF or EPR"):
        report_of({**params, "SETTLEMENT": bad_line}, tmp_path)
    no_fields = memory_layer([parcel(0)], [("KIND", str)], [[KIND]], name="settled")
    with pytest.raises(QgsProcessingException, match=r"has no field YIELDS, KEEPS, BASIS, NOTE"):
        report_of({**params, "SETTLEMENT": no_fields}, tmp_path)


def test_a_settlement_in_a_geopackage_reads_as_in_memory(plugin, tmp_path):
    import processing

    path = str(tmp_path / "settled.gpkg")
    processing.run("native:savefeatures", {"INPUT": settlement(), "OUTPUT": path})
    params = {"PBF": farmland(0, 1, 2), "PBF_AFTER": farmland(0, 1, 3), "EPR": red_line()}
    from_file = rows_of(report_of({**params, "SETTLEMENT": path}, tmp_path))
    assert from_file == rows_of(report_of({**params, "SETTLEMENT": settlement()}, tmp_path))
    assert any(WELL in row[-1] for row in from_file)

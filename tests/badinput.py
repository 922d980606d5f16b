"""Messy county data, built in code: the cases of issue 9 (bad input and invariants) for every algorithm.

One small, hand-measured world (EPSG:4549 metres, on the central meridian 120°E) holds every layer the
algorithms read; each bad-input case is a change to one layer spec of that world (a self-intersecting
parcel, a duplicate, a null geometry, Z values, degrees, another CRS, renamed fields, no features, text
in a number field, uncommitted edits, a true arc, text garbled by a missing code page, land-class codes stored
as numbers, the other lines empty). ``run_algorithm`` runs one algorithm on one world exactly as the Python
console does and records what the user was told, so a test can assert on messages and numbers.

The world (offsets from X0, Y0; 亩 = 666.67 m²):

- PBF (permanent basic farmland, land-survey fields): A 100 × 100 (0101, grade 2, 15 亩), B 50 × 100 east
  of A (0103, grade 4 — steep, 7.5 亩), C a 2-亩 square at (400, 0) (0102, grade 1), D a 4-亩 square at
  (600, 0) (0103, grade 3) inside the hills. Patches: A+B (22.5 亩), C (a fragment: under 5 亩 in the plain)
  and D (not a fragment: 3 亩 is the threshold in the hills). 28.5 亩 in all.
- HILLY: a zone around D. STEEP: B's footprint, to be swapped out (reason field WHY = 坡度15度以上).
- LANDUSE: N 100 × 100 north of A (0101, grade 1) — the candidate that balances B; then A … D again as
  land-use parcels LA … LD.
- EPR: a 60 × 100 strip from x = 140 (overlaps B by 10 × 100 = 1 000 m²). UDB: 20 × 20 at C's corner
  (overlaps C by 400 m²).
- LINE (for fillholes): a 200 × 200 square at (1000, 0) with a 3-亩 hole and an 8-亩 hole; BLOCKERS: a
  10 × 10 parcel inside the 8-亩 hole (so with a maximum of 10 亩 only the 3-亩 hole is filled).
"""
import copy
import hashlib
from dataclasses import dataclass, field

from qgis.core import (
    QgsAbstractGeometry,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from layers import MU, as_layer, layer_digest, memory_layer, mu_square_side, rect, square  # noqa: F401 (bi.as_layer)

X0, Y0 = 500000.0, 4500000.0  # on the central meridian of EPSG:4549: planar and ellipsoidal areas agree closely
S1, S2, S3, S4, S6, S8 = (mu_square_side(m) for m in (1, 2, 3, 4, 6, 8))
PBF_FIELDS = [("BSM", str), ("DLBM", str), ("PDJB", int), ("TBMJ", float), ("KCXS", float), ("ZLDWDM", str)]
TOWN = "150428101001"


@dataclass
class LayerSpec:
    """A memory layer to be: WKT per feature (None: no geometry), attribute rows, field list, CRS."""

    name: str
    wkts: list
    fields: list = field(default_factory=list)
    rows: list = None
    crs: str = "EPSG:4549"
    geometry: str = "MultiPolygon"
    edits: object = None  # callable(layer) applied in an open edit session left uncommitted

    def build(self):
        layer = memory_layer(self.wkts, self.fields, self.rows, name=self.name, crs=self.crs, geometry=self.geometry)
        if self.edits is not None:
            assert layer.startEditing()
            self.edits(layer)
            assert layer.isModified()
        return layer


def base_world():
    """Every layer spec of the world, by parameter-ish name (see the module doc)."""
    pbf_rows = [
        ("A", "0101", 2, 10000.0, 0.05, TOWN),
        ("B", "0103", 4, 5000.0, 0.10, TOWN),
        ("C", "0102", 1, 2 * MU, 0.0, "150428102001"),
        ("D", "0103", 3, 4 * MU, 0.05, "150428102001"),
    ]
    pbf = LayerSpec(
        "pbf",
        [rect(X0, Y0, 100, 100), rect(X0 + 100, Y0, 50, 100), square(X0 + 400, Y0, S2), square(X0 + 600, Y0, S4)],
        list(PBF_FIELDS), pbf_rows,
    )
    hilly = LayerSpec("hilly", [rect(X0 + 550, Y0 - 50, 200, 200)], [("DXLX", str)], [("丘陵",)])
    landuse = LayerSpec(
        "landuse",
        [rect(X0, Y0 + 100, 100, 100)] + pbf.wkts,
        list(PBF_FIELDS),
        [("N", "0101", 1, 10000.0, 0.0, TOWN)] + [("L" + r[0],) + r[1:] for r in pbf_rows],
    )
    steep = LayerSpec("steep", [rect(X0 + 100, Y0, 50, 100)], [("WHY", str)], [("坡度15度以上",)])
    epr = LayerSpec("epr", [rect(X0 + 140, Y0, 60, 100)], [("HXMC", str)], [("红线1",)])
    udb = LayerSpec("udb", [rect(X0 + 400, Y0, 20, 20)], [("CZKFBJMC", str)], [("城区",)])
    holes = [(X0 + 1010, Y0 + 10, S3), (X0 + 1100, Y0 + 100, S8)]
    ring = "POLYGON(" + ",".join(_square_ring(*s) for s in [(X0 + 1000, Y0, 200)] + holes) + ")"
    line = LayerSpec("epr_line", [ring], [("HXMC", str), ("MJ", float)], [("红线", 0.0)])
    blockers = LayerSpec("blockers", [rect(X0 + 1110, Y0 + 110, 10, 10)], [("BSM", str)], [("in the 8-mu hole",)])
    return {"PBF": pbf, "LANDUSE": landuse, "STEEP": steep, "EPR": epr, "UDB": udb, "LINE": line,
            "BLOCKERS": blockers, "HILLY": hilly}


def _square_ring(x, y, side):
    return f"({x} {y},{x + side} {y},{x + side} {y + side},{x} {y + side},{x} {y})"


# --- the bad-input mutations -------------------------------------------------------------------------


def spiked(wkt):
    """The first ring of a rectangle WKT with a zero-width spike: invalid (self-intersection), same area."""
    geometry = QgsGeometry.fromWkt(wkt)
    ring = geometry.asPolygon()[0] if not geometry.isMultipart() else geometry.asMultiPolygon()[0][0]
    (x0, y0), (x1, _) = (ring[0].x(), ring[0].y()), (ring[1].x(), ring[1].y())
    middle = (x0 + x1) / 2
    points = [(p.x(), p.y()) for p in ring]
    # out from the middle of the first edge and back again: a ring that retraces itself
    points = points[:1] + [(middle, y0), (middle, y0 - 20), (middle, y0)] + points[1:]
    return "POLYGON((" + ",".join(f"{x} {y}" for x, y in points) + "))"


def with_z(wkt, z=100.0):
    geometry = QgsGeometry.fromWkt(wkt)
    geometry.convertToMultiType()
    geometry.get().addZValue(z)
    return geometry.asWkt()


def reprojected(wkt, src="EPSG:4549", dst="EPSG:4490"):
    if wkt is None:
        return None
    geometry = QgsGeometry.fromWkt(wkt)
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem(src), QgsCoordinateReferenceSystem(dst), QgsProject.instance()
    )
    geometry.transform(transform)
    return geometry.asWkt(17)


def to_crs(spec, crs):
    spec.wkts = [reprojected(w, spec.crs, crs) for w in spec.wkts]
    spec.crs = crs
    return spec


def rename_fields(spec, renames):
    spec.fields = [(renames.get(n, n), t) for n, t in spec.fields]
    return spec


def drop_fields(spec, names):
    keep = [k for k, (n, _) in enumerate(spec.fields) if n not in names]
    spec.fields = [spec.fields[k] for k in keep]
    spec.rows = [tuple(row[k] for k in keep) for row in spec.rows]
    return spec


def text_field(spec, name, values):
    """Field ``name`` turned into a text field holding ``values`` (one per feature)."""
    k = [n for n, _ in spec.fields].index(name)
    spec.fields[k] = (name, str)
    spec.rows = [row[:k] + (value,) + row[k + 1:] for row, value in zip(spec.rows, values)]
    return spec


CURVE_DEVIATION_M = 0.001  # the largest distance between an arc and its linearisation the plugin promises
ARC_SAGITTA = 10.0  # metres an arc of the "curved" case bulges out of the straight edge it replaces
LAND_CLASS_NAMES = {"0101": "水田", "0102": "水浇地", "0103": "旱地"}  # DLMC of each DLBM


def arced(wkt, sagitta=ARC_SAGITTA):
    """A polygon WKT whose first edge (of its outer ring, drawn eastwards along the bottom) becomes a circular
    arc bulging ``sagitta`` metres outwards (south): a CurvePolygon, as a land survey delivers true arcs."""
    rings = QgsGeometry.fromWkt(wkt).asPolygon()
    outer = [(p.x(), p.y()) for p in rings[0]]
    (x0, y0), (x1, _) = outer[0], outer[1]
    arc = f"CIRCULARSTRING({x0} {y0},{(x0 + x1) / 2} {y0 - sagitta},{x1} {y0})"
    rest = "(" + ",".join(f"{x} {y}" for x, y in outer[1:]) + ")"
    holes = ["(" + ",".join(f"{p.x()} {p.y()}" for p in ring) + ")" for ring in rings[1:]]
    return "CURVEPOLYGON(" + ",".join([f"COMPOUNDCURVE({arc},{rest})"] + holes) + ")"


def linearised(wkt, deviation=CURVE_DEVIATION_M):
    """``wkt`` with its arcs replaced by straight segments at most ``deviation`` from them, done here by the test
    with QGIS's own segmentation (the same tolerance the plugin states), as a MultiPolygon WKT."""
    curve = QgsGeometry.fromWkt(wkt)  # kept in a name: constGet() points into it
    geometry = QgsGeometry(curve.constGet().segmentize(deviation, QgsAbstractGeometry.MaximumDifference))
    geometry.convertToMultiType()
    return geometry.asWkt(17)


def linearised_world(world, main):
    """The ``curved`` world with the main input's arcs linearised by the test: what the run must equal."""
    world = copy.deepcopy(world)
    spec = world[main]
    spec.wkts = [linearised(w) if w is not None and w.startswith("CURVE") else w for w in spec.wkts]
    spec.geometry = "MultiPolygon"
    return world


def mojibake(text):
    """GBK text shown as QGIS shows a GBK shapefile without a code page when read as Latin-1 (valid Unicode)."""
    return text.encode("gbk").decode("latin-1") if isinstance(text, str) else text


def garble(world):
    """Every Chinese text of the world garbled as a GBK shapefile without code page reads; the farmland and
    land-use parcels get a land-class name field DLMC (水田, 旱地 …), garbled too."""
    for key in ("PBF", "LANDUSE"):
        spec = world[key]
        spec.fields.append(("DLMC", str))
        spec.rows = [tuple(row) + (LAND_CLASS_NAMES[row[1]],) for row in spec.rows]
    for spec in world.values():
        text = [k for k, (_, kind) in enumerate(spec.fields) if kind is str]
        spec.rows = [tuple(mojibake(v) if k in text and not str(v).isascii() else v for k, v in enumerate(row))
                     for row in spec.rows]
    return world


def integer_field(spec, name):
    """Field ``name`` turned into an integer field holding its codes as numbers (0101 → 101, an Excel round trip)."""
    k = [n for n, _ in spec.fields].index(name)
    spec.fields[k] = (name, int)
    spec.rows = [row[:k] + (int(row[k]),) + row[k + 1:] for row in spec.rows]
    return spec


def edit_pbf(layer):
    """Uncommitted edits: B deleted, C grown to a 6-亩 square (same corner), E (1 亩, 0101, grade 1) added."""
    by_bsm = {f["BSM"]: f.id() for f in layer.getFeatures()}
    assert layer.deleteFeature(by_bsm["B"])
    assert layer.changeGeometry(by_bsm["C"], QgsGeometry.fromWkt(square(X0 + 400, Y0, S6)))
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(square(X0 + 800, Y0, S1)))
    for name, value in zip(("BSM", "DLBM", "PDJB", "TBMJ", "KCXS", "ZLDWDM"), ("E", "0101", 1, MU, 0.0, TOWN)):
        feature.setAttribute(name, value)  # by name: a GeoPackage copy has its fid field first
    assert layer.addFeature(feature)


def edit_line(layer):
    """Uncommitted edit: a new feature filling the 3-亩 hole exactly."""
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(square(X0 + 1010, Y0 + 10, S3)))
    feature.setAttributes(["补", 0.0])
    assert layer.addFeature(feature)


def case_world(case, main):
    """The world of ``case`` with its change applied; ``main`` is the key of the algorithm's main input."""
    world = copy.deepcopy(base_world())
    spec = world[main]
    if case == "clean":
        pass
    elif case == "self_intersecting":
        # one spiked feature, repaired back to its rectangle: A of the farmland, a second patch of the line
        if main == "LINE":
            spec.wkts.append(spiked(rect(X0 + 1400, Y0, 100, 100)))
            spec.rows.append(("spike", 0.0))
        else:
            spec.wkts[0] = spiked(spec.wkts[0])
    elif case == "duplicated":
        # a copy of B (the steep parcel in the red line, the one swapped out), or of the line's only feature
        k = 1 if main == "PBF" else 0
        spec.wkts.append(spec.wkts[k])
        spec.rows.append(spec.rows[k])
    elif case == "null_geometry":  # second in the layer, with the first feature's attributes
        spec.wkts.insert(1, None)
        spec.rows.insert(1, ("NULLGEOM",) + tuple(spec.rows[0][1:]))
    elif case == "multipolygon_z":
        spec.wkts = [with_z(w) for w in spec.wkts]
        spec.geometry = "MultiPolygonZ"
    elif case == "geographic":
        to_crs(spec, "EPSG:4490")
    elif case == "mixed_crs":
        # every other layer in another CRS: degrees, and the same projection with the zone prefix
        for key, other in world.items():
            if key != main:
                to_crs(other, "EPSG:4490" if key in ("LANDUSE", "EPR", "BLOCKERS", "HILLY") else "EPSG:4528")
    elif case == "renamed_fields":
        for key in ("PBF", "LANDUSE"):
            rename_fields(world[key], {"TBMJ": "JBNTMJ", "KCXS": "TKXS"})
    elif case == "missing_fields":
        for key in ("PBF", "LANDUSE"):
            drop_fields(world[key], {"DLBM", "PDJB", "ZLDWDM"})
    elif case == "empty":
        spec.wkts, spec.rows = [], []
    elif case == "text_numbers":
        for key in ("PBF", "LANDUSE"):
            text_field(world[key], "PDJB", [str(r[2]) for r in world[key].rows])
    elif case == "text_garbage":
        for key in ("PBF", "LANDUSE"):
            text_field(world[key], "PDJB", ["abc" if r[0] in ("B", "LB") else str(r[2]) for r in world[key].rows])
    elif case == "being_edited":
        spec.edits = edit_line if main == "LINE" else edit_pbf
    elif case == "curved":
        # the first feature's southern edge is a true arc (A of the farmland, the line's only feature)
        spec.wkts[0] = arced(spec.wkts[0])
        spec.geometry = "MultiSurface"
    elif case == "garbled_text":
        garble(world)
    elif case == "integer_codes":  # issue 19: land-class codes stored as numbers
        for key in ("PBF", "LANDUSE"):
            integer_field(world[key], "DLBM")
    elif case == "empty_lines":  # the other control lines given without a feature
        for key in ("EPR", "UDB"):
            if key != main:
                world[key].wkts, world[key].rows = [], []
    else:
        raise ValueError(case)
    return world


CASES = (
    "clean", "self_intersecting", "duplicated", "null_geometry", "multipolygon_z", "geographic", "mixed_crs",
    "renamed_fields", "missing_fields", "empty", "text_numbers", "text_garbage", "being_edited", "curved",
    "garbled_text", "integer_codes", "empty_lines",
)


# --- running ------------------------------------------------------------------------------------------


class CollectingFeedback(QgsProcessingFeedback):
    """Keeps every warning, error and info a run gave the user; can cancel after ``cancel_after`` progress calls."""

    def __init__(self, cancel_after=None):
        super().__init__()
        self.warnings, self.errors, self.infos = [], [], []
        self.progress_calls = 0
        self.cancel_after = cancel_after
        self.progressChanged.connect(self._progress)

    def _progress(self, _value):
        self.progress_calls += 1
        if self.cancel_after is not None and self.progress_calls >= self.cancel_after and not self.isCanceled():
            self.cancel()

    def pushWarning(self, text):  # noqa: N802 (QGIS API name)
        self.warnings.append(text)
        super().pushWarning(text)

    def reportError(self, text, fatalError=False):  # noqa: N802 (QGIS API names)
        self.errors.append(text)
        super().reportError(text, fatalError)

    def pushInfo(self, text):  # noqa: N802 (QGIS API name)
        self.infos.append(text)
        super().pushInfo(text)

    def said(self, *words):
        """The warnings holding every one of ``words``."""
        return [w for w in self.warnings if all(str(x) in w for x in words)]


ALGORITHMS = ("removefragments", "fillholes", "edgeswap", "indicators", "conflictcheck")
MAIN_INPUT = {"removefragments": "PBF", "fillholes": "LINE", "edgeswap": "PBF", "indicators": "PBF",
              "conflictcheck": "PBF"}


def parameters(algorithm, layers):
    """The run's parameters from built layers (keys of ``base_world``)."""
    tmp = "TEMPORARY_OUTPUT"
    if algorithm == "removefragments":
        return {"INPUT": layers["PBF"], "MIN_AREA": 5, "HILLY_AREAS": layers["HILLY"], "MIN_AREA_HILLY": 3,
                "OUTPUT": tmp, "REMOVED": tmp}
    if algorithm == "fillholes":
        return {"INPUT": layers["LINE"], "MAX_AREA": 10, "BLOCKERS": [layers["BLOCKERS"]], "OUTPUT": tmp,
                "HOLES": tmp}
    if algorithm == "edgeswap":
        return {"INPUT": layers["PBF"], "SWAP_OUT": layers["STEEP"], "REASON_FIELD": "WHY",
                "CANDIDATES": layers["LANDUSE"], "ELIGIBLE": "\"BSM\" = 'N'", "OUTPUT": tmp,
                "SWAPPED_IN": tmp, "SWAPPED_OUT": tmp, "LEDGER": tmp}
    if algorithm == "indicators":
        return {"PBF": layers["PBF"], "LANDUSE": layers["LANDUSE"], "EPR": layers["EPR"], "UDB": layers["UDB"],
                "HILLY_AREAS": layers["HILLY"], "OUTPUT": tmp}
    if algorithm == "conflictcheck":
        return {"PBF": layers["PBF"], "EPR": layers["EPR"], "UDB": layers["UDB"], "OUTPUT": tmp}
    raise ValueError(algorithm)


@dataclass
class Outcome:
    results: dict
    error: Exception
    feedback: CollectingFeedback
    layers: dict
    before: dict = None  # digests of every input (as the user sees it, and as stored) before the run
    after: dict = None


def _plain(value):
    if hasattr(value, "isNull") and value.isNull():
        return None
    return round(value, 9) if isinstance(value, float) else value


def layer_outputs(results):
    """{output: sorted (attributes, area, geometry type) of its features} of every layer a run returned;
    attributes as a list, floats rounded to 9 decimals."""
    out = {}
    for key, given in results.items():
        layer = given if isinstance(given, QgsVectorLayer) else None
        if isinstance(given, str):
            layer = QgsProject.instance().mapLayer(given) or QgsVectorLayer(given, "out", "ogr")
        if layer is None or not layer.isValid():
            continue
        rows = [([_plain(v) for v in f.attributes()], round(f.geometry().area(), 6),
                 QgsWkbTypes.displayString(f.geometry().wkbType())) for f in layer.getFeatures()]
        out[key] = sorted(rows, key=repr)
    return out


def stored_digest(layer):
    """Like ``layer_digest``, but of what the data provider holds, uncommitted edits left out."""
    digest = hashlib.sha256()
    features = sorted(layer.dataProvider().getFeatures(), key=lambda f: f.id())
    for feature in features:
        digest.update(bytes(feature.geometry().asWkb()))
        digest.update(repr(feature.attributes()).encode())
    return len(features), digest.hexdigest()


def digests(layers):
    """Everything a run must leave as it was: each layer's features, what is stored, its edit state."""
    return {
        key: (layer_digest(layer), stored_digest(layer), layer.isEditable(), layer.isModified())
        for key, layer in layers.items()
    }


def run_algorithm(algorithm, world, extra=None, feedback=None, context=None):
    """Run ``planmaint:<algorithm>`` on the built ``world``; a QgsProcessingException is caught and kept.

    Any other exception propagates: it is a failure of the test, never an expected outcome.
    """
    import processing

    layers = {key: spec.build() for key, spec in world.items()}
    feedback = feedback or CollectingFeedback()
    params = {**parameters(algorithm, layers), **(extra or {})}
    before = digests(layers)
    kwargs = {"feedback": feedback}
    if context is not None:
        kwargs["context"] = context
    try:
        results, error = processing.run(f"planmaint:{algorithm}", params, **kwargs), None
    except QgsProcessingException as caught:
        results, error = None, caught
    return Outcome(results, error, feedback, layers, before, digests(layers))

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="56" />
        <source>Generate a sample county</source>
        <translation>生成示例县域数据</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="59" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="65" />
        <source>Writes a synthetic county, shaped like third land-survey (三调) data, to a GeoPackage in EPSG:4549 (CGCS2000 3-degree Gauss-Krüger, CM 120°E). The same parcel count and seed always give the same county, so it serves for trying the tools, for tests and for benchmarks.

Layers: landuse (DLTB-like parcels covering the county: BSM, DLBM, DLMC, ZLDWDM, TBMJ, KCXS, PDJB), pbf (parcel-level permanent basic farmland, with steep parcels and fragments), epr (ecological protection red line with holes, some holding farmland), udb (urban development boundary around towns, with holes), hsf (high-standard farmland), projects (key construction projects, fields as in table 5-4 of a maintenance scheme), hilly_areas (mountain and hill zones), urban_baseline (2020 urban construction land) and towns.

Parcels: about how many land-survey parcels to make (1 000 – 500 000). Seed: changes the terrain and layout.</source>
        <translation>生成一个仿照第三次全国国土调查（三调）数据结构的示例县域，写入 EPSG:4549（CGCS2000 3 度带高斯-克吕格，中央经线 120°E）的 GeoPackage。相同的图斑数量与随机种子总是生成相同的县域，可用于试用工具、测试和性能评测。

图层：landuse（覆盖全县的地类图斑：BSM、DLBM、DLMC、ZLDWDM、TBMJ、KCXS、PDJB），pbf（图斑级永久基本农田，含坡度 15 度以上地块和碎图斑），epr（生态保护红线，含天窗，部分天窗内有永久基本农田），udb（城镇开发边界，含天窗），hsf（高标准农田），projects（重点建设项目，字段同维护方案表 5-4），hilly_areas（山地丘陵区），urban_baseline（2020 年城镇建设用地）以及 towns（乡镇驻地）。

图斑数量：大致生成多少个地类图斑（1 000 – 500 000）。随机种子：改变地形与布局。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="80" />
        <source>Parcels</source>
        <translation>图斑数量</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="80" />
        <source>Approximate number of land-survey parcels (地类图斑); the county's area grows with it.</source>
        <translation>大致的地类图斑数量；县域面积随之增大。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="86" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="86" />
        <source>Random seed of the terrain and layout; the same seed gives the same county.</source>
        <translation>地形与布局的随机种子；相同的种子生成相同的县域。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="90" />
        <source>Sample county GeoPackage</source>
        <translation>示例县域 GeoPackage</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="90" />
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="90" />
        <source>The GeoPackage to write; an existing file is replaced.</source>
        <translation>要写出的 GeoPackage 文件；已存在的文件将被覆盖。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="97" />
        <source>Layer {}</source>
        <translation>图层 {}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="105" />
        <source>Generating a county of about {} parcels (seed {})…</source>
        <translation>正在生成约 {} 个图斑的县域（随机种子 {}）…</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="60" />
        <source>Canceled by the user: no output was written.</source>
        <translation>用户已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="121" />
        <source>Canceled by the user: the GeoPackage is incomplete.</source>
        <translation>用户已取消：GeoPackage 不完整。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="123" />
        <source>{}: {} features</source>
        <translation>{}：{} 个要素</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="145" />
        <source>Cannot write {}: {}</source>
        <translation>无法写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="36" />
        <source>Area method</source>
        <translation>面积计算方式</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="36" />
        <source>Planar (projected CRS)</source>
        <translation>平面面积（投影坐标系）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="36" />
        <source>Ellipsoidal (CGCS2000 ellipsoid)</source>
        <translation>椭球面积（CGCS2000 椭球）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="36" />
        <source>Planar areas are measured in the layer's projected CRS (fast; the default). Ellipsoidal areas are measured on the CGCS2000 ellipsoid, like the official land-survey 椭球面积. A layer in a geographic CRS is always measured ellipsoidally.</source>
        <translation>平面面积按图层的投影坐标系计算（速度快，默认）；椭球面积按 CGCS2000 椭球计算，与国土调查的椭球面积口径一致。地理坐标系的图层一律按椭球面积计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="91" />
        <source>Layer {} could not be loaded.</source>
        <translation>无法加载图层 {}。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="108" />
        <source>Layer {}: the expression {} ({}) cannot be read: {}</source>
        <translation>图层 {}：表达式 {}（{}）无法解析：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="136" />
        <source>Layer {}, feature {}: the expression {} ({}) failed: {}</source>
        <translation>图层 {} 要素 {}：表达式 {}（{}）计算失败：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="150" />
        <source>Layer {}: {} invalid geometries were repaired (make valid); feature ids {}{}</source>
        <translation>图层 {}：已修复 {} 个无效几何（make valid），要素编号 {}{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="157" />
        <source>Layer {}: {} features have no geometry; they are passed through unchanged and not measured.</source>
        <translation>图层 {}：{} 个要素没有几何图形，已原样保留且不参与面积计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="177" />
        <source>The layer is in the geographic CRS {}: areas are measured on the CGCS2000 ellipsoid, never in square degrees.</source>
        <translation>图层使用地理坐标系 {}：面积按 CGCS2000 椭球计算，不会以平方度计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="196" />
        <source>The CGCS2000 ellipsoid is not known to this QGIS installation.</source>
        <translation>当前 QGIS 安装中找不到 CGCS2000 椭球。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="240" />
        <source>Could not write to output {}: {}</source>
        <translation>无法写入输出 {}：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge.py" line="240" />
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="39" />
        <source>Spatial plan maintenance</source>
        <translation>国土空间规划动态维护</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="42" />
        <source>Spatial plan maintenance (territorial spatial plan dynamic maintenance)</source>
        <translation>国土空间规划动态维护工具箱</translation>
    </message>
</context>
</TS>
<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="72" />
        <source>Generate a sample county</source>
        <translation>生成示例县域数据</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="75" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="143" />
        <source>Parcels</source>
        <translation>图斑数量</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="143" />
        <source>Approximate number of land-survey parcels (地类图斑); the county's area grows with it.</source>
        <translation>大致的地类图斑数量；县域面积随之增大。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="149" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="149" />
        <source>Random seed of the terrain and layout; the same seed gives the same county.</source>
        <translation>地形与布局的随机种子；相同的种子生成相同的县域。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="153" />
        <source>Sample county GeoPackage</source>
        <translation>示例县域 GeoPackage</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="153" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="153" />
        <source>The GeoPackage to write; an existing file is replaced.</source>
        <translation>要写出的 GeoPackage 文件；已存在的文件将被覆盖。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="160" />
        <source>Layer {}</source>
        <translation>图层 {}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="168" />
        <source>Generating a county of about {} parcels (seed {})…</source>
        <translation>正在生成约 {} 个图斑的县域（随机种子 {}）…</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="29" />
        <source>Canceled by the user: no output was written.</source>
        <translation>用户已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="184" />
        <source>Canceled by the user: the GeoPackage is incomplete.</source>
        <translation>用户已取消：GeoPackage 不完整。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="188" />
        <source>{}: {} features</source>
        <translation>{}：{} 个要素</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="210" />
        <source>Cannot write {}: {}</source>
        <translation>无法写入 {}：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="517" />
        <source>Area method</source>
        <translation>面积计算方式</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="79" />
        <source>Planar (projected CRS)</source>
        <translation>平面面积（投影坐标系）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="79" />
        <source>Ellipsoidal (CGCS2000 ellipsoid)</source>
        <translation>椭球面积（CGCS2000 椭球）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="79" />
        <source>Planar areas are measured in the layer's projected CRS (fast; the default). Ellipsoidal areas are measured on the CGCS2000 ellipsoid, like the official land-survey 椭球面积. A layer in a geographic CRS is always measured ellipsoidally.</source>
        <translation>平面面积按图层的投影坐标系计算（速度快，默认）；椭球面积按 CGCS2000 椭球计算，与国土调查的椭球面积口径一致。地理坐标系的图层一律按椭球面积计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="27" />
        <source>Layer {} could not be loaded.</source>
        <translation>无法加载图层 {}。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="132" />
        <source>Layer {}: the expression {} ({}) cannot be read: {}</source>
        <translation>图层 {}：表达式 {}（{}）无法解析：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="114" />
        <source>Layer {}, feature {}: the expression {} ({}) failed: {}</source>
        <translation>图层 {} 要素 {}：表达式 {}（{}）计算失败：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="129" />
        <source>Layer {}: {} invalid geometries were repaired (make valid); feature ids {}{}</source>
        <translation>图层 {}：已修复 {} 个无效几何（make valid），要素编号 {}{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="135" />
        <source>Layer {}: {} features have no geometry; they are passed through unchanged and not measured.</source>
        <translation>图层 {}：{} 个要素没有几何图形，已原样保留且不参与面积计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/measures.py" line="20" />
        <source>The layer is in the geographic CRS {}: areas are measured on the CGCS2000 ellipsoid, never in square degrees.</source>
        <translation>图层使用地理坐标系 {}：面积按 CGCS2000 椭球计算，不会以平方度计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/measures.py" line="53" />
        <source>The CGCS2000 ellipsoid is not known to this QGIS installation.</source>
        <translation>当前 QGIS 安装中找不到 CGCS2000 椭球。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/writing.py" line="105" />
        <source>Could not write to output {}: {}</source>
        <translation>无法写入输出 {}：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/writing.py" line="105" />
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="62" />
        <source>Spatial plan maintenance</source>
        <translation>国土空间规划动态维护</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="65" />
        <source>Spatial plan maintenance (territorial spatial plan dynamic maintenance)</source>
        <translation>国土空间规划动态维护工具箱</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="42" />
        <source>Control-line conflicts</source>
        <translation>三线冲突检查</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="32" />
        <source>Assessment</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="87" />
        <source>Permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="69" />
        <source>永久基本农田 polygons (parcel-level or dissolved).</source>
        <translation>永久基本农田面要素（图斑级或已融合）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="88" />
        <source>Ecological protection red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="73" />
        <source>生态保护红线 polygons.</source>
        <translation>生态保护红线面要素。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="89" />
        <source>Urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="79" />
        <source>城镇开发边界 polygons.</source>
        <translation>城镇开发边界面要素。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="85" />
        <source>Minimum overlap area (m²)</source>
        <translation>重叠最小面积（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="85" />
        <source>Overlap polygons smaller than this (square metres) are slivers of digitising and are ignored; 0 keeps every polygon with an area.</source>
        <translation>小于该面积（平方米）的重叠图斑视为数字化误差产生的细碎图斑，予以忽略；设为 0 则保留所有有面积的图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="95" />
        <source>Overlaps</source>
        <translation>重叠图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="95" />
        <source>One polygon per overlap with KIND, MJ_MU, MJ_HA and the attributes of the overlapping features.</source>
        <translation>每处重叠一个图斑，含 KIND、MJ_MU、MJ_HA 及相互重叠要素的属性。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="102" />
        <source>Farmland in the red line (ha)</source>
        <translation>永久基本农田与生态保护红线重叠面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="103" />
        <source>Farmland in the urban boundary (ha)</source>
        <translation>永久基本农田与城镇开发边界重叠面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="104" />
        <source>Red line in the urban boundary (ha)</source>
        <translation>生态保护红线与城镇开发边界重叠面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="115" />
        <source>Give at least two of the lines PBF, EPR and UDB to check their overlaps (given: {}).</source>
        <translation>请至少给出 PBF、EPR、UDB 中的两条控制线以检查重叠（已给出：{}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="48" />
        <source>none</source>
        <translation>未安装</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="190" />
        <source>{}: {} overlap polygons, {:.4f} ha ({:.2f} mu).</source>
        <translation>{}：重叠图斑 {} 个，{:.4f} 公顷（{:.2f} 亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="197" />
        <source>Largest: {} feature {} with {} feature {}, {:.4f} ha.</source>
        <translation>最大一处：{} 要素 {} 与 {} 要素 {}，{:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="75" />
        <source>Edge swap with area balance</source>
        <translation>进出平衡调整</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="51" />
        <source>Control lines</source>
        <translation>控制线维护</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="120" />
        <source>Control line layer</source>
        <translation>控制线图层</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="89" />
        <source>Polygons of one control line (permanent basic farmland parcels, ecological protection red line, urban development boundary). Read only, never changed.</source>
        <translation>一条控制线的图斑（永久基本农田图斑、生态保护红线、城镇开发边界）。只读，不会被修改。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="94" />
        <source>Land that must swap out</source>
        <translation>必须调出的地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="94" />
        <source>Optional polygons whose overlap with the control line is taken out of it: steep parcels, key construction projects, fragments, damaged land, non-cultivated land … Where these polygons overlap each other, the overlap counts once, for the first of them.</source>
        <translation>可选。与控制线重叠部分将被调出的图斑：坡度15度以上地块、重点建设项目、零星破碎地块、灾毁地块、非耕地等。调出图斑相互重叠时，重叠部分只计一次，归属排在前面的图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="100" />
        <source>Swap-out reason field</source>
        <translation>调出原因字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="100" />
        <source>Optional field of the swap-out layer holding each polygon's reason (调出原因); empty values take the default reason.</source>
        <translation>可选。调出图层中记录调出原因的字段；为空时使用默认调出原因。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="107" />
        <source>Default swap-out reason</source>
        <translation>默认调出原因</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="107" />
        <source>Reason written into TZYY when the swap-out polygon has none. The seed's codes are 1 坡度15度以上 (slope above 15°), 2 国家和自治区重点建设项目 (key construction project), 3 零星破碎 (fragment), 4 灾毁和采矿损毁无法修复 (disaster or mining damage), 5 变更调查"非耕地" (non-cultivated in the land-change survey), 6 经核实不符合划入要求 (does not meet the requirements after verification); type the number or any text of your own.</source>
        <translation>调出图斑没有原因时写入 TZYY 的原因。方案中的原因代码：1 坡度15度以上，2 国家和自治区重点建设项目，3 零星破碎，4 灾毁和采矿损毁无法修复，5 变更调查"非耕地"，6 经核实不符合划入要求；可输入编号，也可输入自定义文字。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="115" />
        <source>Land that must swap in</source>
        <translation>必须调入的地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="115" />
        <source>Optional polygons that must join the line: project land for the urban development boundary, new water-source zones for the red line, filled holes … Only their part outside the line, outside the excluded layers and outside the swap-out polygons is added. Their reason is read from a field TZYY or TZLX when they have one (planmaint:fillholes writes TZLX).</source>
        <translation>可选。必须并入控制线的图斑：城镇开发边界的项目用地、生态保护红线新增水源保护区、填补的天窗等。只并入其位于控制线外、排除图层外、调出图斑外的部分。图层有 TZYY 或 TZLX 字段时从中读取调入原因（天窗填补工具输出 TZLX）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="122" />
        <source>Candidate land for balancing</source>
        <translation>进出平衡备选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="122" />
        <source>Polygons that balance the difference, e.g. the land-use parcels (地类图斑). Needed unless the swap-outs and swap-ins already balance.</source>
        <translation>用于补足差额的图斑，例如地类图斑。调出与调入本已平衡时可不提供。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="129" />
        <source>Eligible candidates</source>
        <translation>备选地块筛选条件</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="129" />
        <source>Optional expression on the candidates; only features for which it is true are used, e.g. "PDJB" &lt;= 3 AND "DLBM" IN ('0101','0102','0103') for permanent basic farmland swap-ins (slope grade 1–3, cultivated land).</source>
        <translation>可选。作用于备选地块的表达式，只使用结果为真的要素，例如永久基本农田调入可用 "PDJB" &lt;= 3 AND "DLBM" IN ('0101','0102','0103')（坡度级别 1–3 级的耕地）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="137" />
        <source>Candidate priority</source>
        <translation>备选地块优先级</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="137" />
        <source>Optional numeric expression on the candidates, higher taken first, e.g. -"PDJB" (flatter first) or $area (larger first). NULL counts as the lowest. Ties follow the feature order.</source>
        <translation>可选。作用于备选地块的数值表达式，数值高者优先，例如 -"PDJB"（坡度低者优先）或 $area（面积大者优先）。NULL 视为最低。相同时按要素顺序。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="153" />
        <source>Adjacent first</source>
        <translation>优先相邻地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="168" />
        <source>Layers swapped-in land must not overlap</source>
        <translation>调入地块不得压占的图层</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="168" />
        <source>Optional polygon layers (e.g. the ecological protection red line, the urban development boundary, construction projects): no swapped-in land, required or candidate, ever overlaps them; candidates are clipped to the part outside.</source>
        <translation>可选的面图层（如生态保护红线、城镇开发边界、建设项目）：任何调入地块（无论必须调入还是备选）都不得压占；备选地块只取其外的部分。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="177" />
        <source>Split the last candidate</source>
        <translation>切分最后一个备选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="177" />
        <source>Cut the last chosen candidate so that the balance is exact (to 0.01 m²); the piece kept lies on the side touching the line. Off: candidates are used whole and the balance is reached within the tolerance when some combination allows it.</source>
        <translation>切分最后选中的备选地块，使进出平衡精确到 0.01 平方米；保留靠控制线一侧的部分。关闭时整块使用备选地块，在存在合适组合时于容差内达到平衡。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="183" />
        <source>Balance tolerance without split (m²)</source>
        <translation>不切分时的平衡容差（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="183" />
        <source>Without split: the largest imbalance accepted, in m². A combination of whole candidates within it is searched for; when none exists the residual is reported.</source>
        <translation>不切分时可接受的最大面积差（平方米）。程序搜索在此容差内的整块备选地块组合；找不到时报告剩余差额。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="191" />
        <source>Allow a partial result</source>
        <translation>允许部分平衡结果</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="191" />
        <source>When the eligible candidates are not enough: off (default) stops with an error saying how many mu are missing; on uses all that is available and warns with the missing area.</source>
        <translation>符合条件的备选地块不足时：关闭（默认）则报错并说明缺少多少亩；开启则用尽全部可用地块并警告缺口面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="197" />
        <source>Smallest usable candidate piece (m²)</source>
        <translation>备选地块最小可用面积（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="197" />
        <source>Pieces of candidate land smaller than this after clipping (slivers along shared edges) are not used.</source>
        <translation>裁切后小于此面积的备选地块碎片（沿共用边界的细碎面）不予使用。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="523" />
        <source>Slope grade field</source>
        <translation>坡度级别字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="206" />
        <source>Field holding the slope grade (坡度级别 1–5) of the line, candidate and swap-in features, for the ledger's quality comparison; GDPDJB is tried when it is missing.</source>
        <translation>控制线、备选地块和调入图层中记录坡度级别（1–5 级）的字段，用于台账的质量对比；该字段不存在时尝试 GDPDJB。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="147" />
        <source>Location unit code field</source>
        <translation>坐落单位代码字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="212" />
        <source>Field holding the location unit code (坐落单位代码, e.g. ZLDWDM) of the line, candidate and swap-in features; the ledger groups the swapped land by its first 9 digits, the township. Empty: no breakdown by township.</source>
        <translation>控制线、候选地块和调入要素中存放坐落单位代码（如 ZLDWDM）的字段；调整台账按其前 9 位（乡镇）分组统计调整地块。留空则不按乡镇分列。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="157" />
        <source>High-standard farmland</source>
        <translation>高标准农田</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="238" />
        <source>High-standard farmland first</source>
        <translation>高标准农田优先</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="238" />
        <source>Candidates lying mostly (more than half of their area) in the high-standard farmland layer are taken before all others, as the rules for swapping land into permanent basic farmland ask; the priority expression orders the candidates within each of the two groups. Needs the high-standard farmland layer.</source>
        <translation>多半面积位于高标准农田图层内的候选地块优先于其他候选地块选用，符合永久基本农田调入规则的要求；两组之内仍按优先级表达式排序。需要提供高标准农田图层。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="293" />
        <source>Adjusted control line</source>
        <translation>调整后控制线</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="293" />
        <source>The line after the swap: input features cut where they lose land (attributes unchanged), swapped-in land added as new features.</source>
        <translation>调整后的控制线：失去土地的输入要素被切分（属性不变），调入地块作为新要素加入。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="300" />
        <source>Swapped-in land</source>
        <translation>调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="300" />
        <source>Land added to the line (调入), with its source attributes plus TZLX, TZYY, MJ_MU, MJ_HA.</source>
        <translation>并入控制线的地块（调入），保留来源属性并增加 TZLX、TZYY、MJ_MU、MJ_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="307" />
        <source>Swapped-out land</source>
        <translation>调出地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="307" />
        <source>Land taken out of the line (调出), with the line's attributes plus TZLX, TZYY, MJ_MU, MJ_HA.</source>
        <translation>从控制线中调出的地块，保留控制线属性并增加 TZLX、TZYY、MJ_MU、MJ_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="314" />
        <source>Adjustment ledger</source>
        <translation>调整台账</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="314" />
        <source>A table (调整台账): count, m², mu and ha by direction, reason and township, subtotals, totals, balance and the quality comparison.</source>
        <translation>调整台账（表格）：按调整类型、原因和乡镇统计的图斑个数、平方米、亩、公顷，以及小计、合计、进出平衡差值和质量对比。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="251" />
        <source>Excluded layer {} is not a polygon layer; give polygon layers only.</source>
        <translation>排除图层 {} 不是面图层；请只提供面图层。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="201" />
        <source>Layer {}: {} candidate features are eligible ({}).</source>
        <translation>图层 {}：{} 个备选要素符合条件（{}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="14" />
        <source>Layer {}: {} swap-in features overlap the excluded layers; only their part outside is swapped in (feature ids {}).</source>
        <translation>图层 {}：{} 个调入要素压占排除图层，只调入其外的部分（要素编号 {}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="20" />
        <source>Required swap-outs: {} pieces, {:.4f} mu; required swap-ins: {} pieces, {:.4f} mu.</source>
        <translation>必须调出：{} 块，{:.4f} 亩；必须调入：{} 块，{:.4f} 亩。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="47" />
        <source>{:.4f} mu of candidate land must be swapped in to balance the line, but no candidate layer was given. Give the candidate land (e.g. the land-use parcels).</source>
        <translation>需调入 {:.4f} 亩备选地块才能进出平衡，但未提供备选地块图层。请提供备选地块（如地类图斑）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="50" />
        <source>{:.4f} mu of candidate land must be swapped out to balance the line, but no candidate layer was given. Give the candidate land (e.g. the land-use parcels).</source>
        <translation>需调出 {:.4f} 亩备选地块才能进出平衡，但未提供备选地块图层。请提供备选地块（如地类图斑）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="276" />
        <source>Layer {} was reprojected from {} to {}; its vertices within {} m of the line's edges were snapped onto them.</source>
        <translation>图层 {} 已由 {} 转换到 {}；距控制线边界 {} 米以内的节点已捕捉到边界上。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="70" />
        <source>Layer {}: features {} overlap each other where land leaves the line ({:.2f} m² in common), so that land would be counted out while it stays in the line, or counted out twice, and the balance would be wrong. A control line's features must not overlap: delete the duplicate features or remove the overlaps (e.g. with Delete duplicate geometries), then run again.</source>
        <translation>图层 {}：要素 {} 在调出范围内相互重叠（重叠面积 {:.2f} 平方米），这部分土地会被计为调出却仍留在控制线内，或被重复计为调出，进出平衡将失真。控制线要素之间不应重叠：请删除重复要素或消除重叠（例如使用“删除重复几何”工具）后重新运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="441" />
        <source>Layer {} has no slope grade field {} (nor {}): its land is left out of the ledger's mean slope grade. Its fields are: {}. Set SLOPE_FIELD to the field holding the slope grade.</source>
        <translation>图层 {} 没有坡度级别字段 {}（也没有 {}）：其土地未计入台账的平均坡度级别。该图层的字段有：{}。请将 SLOPE_FIELD 设为存放坡度级别的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="448" />
        <source>Layer {} has no location unit code field {}: the ledger cannot give the township of its land. Its fields are: {}. Set TOWNSHIP_FIELD to the field holding the code, or leave it empty.</source>
        <translation>图层 {} 没有坐落单位代码字段 {}：台账无法给出其土地所在乡镇。该图层的字段有：{}。请将 TOWNSHIP_FIELD 设为存放该代码的字段，或留空。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="336" />
        <source>Layer {} has no field {}: choose the reason field among its fields ({}), or leave it empty to use the default reason.</source>
        <translation>图层 {} 没有字段 {}：请从其字段（{}）中选择调出原因字段，或留空以使用默认调出原因。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="54" />
        <source>High-standard farmland first needs the high-standard farmland layer (parameter {}).</source>
        <translation>“高标准农田优先”需要提供高标准农田图层（参数 {}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="83" />
        <source>Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped in, but layer {} offers only {:.4f} mu outside the line and the excluded layers; {:.4f} mu ({:.4f} ha) are missing. Add candidates, widen the eligibility expression, exclude fewer layers or swap out less; or allow a partial result.</source>
        <translation>符合条件的备选地块不足，无法实现进出平衡：需调入 {:.4f} 亩，但图层 {} 在控制线和排除图层之外只有 {:.4f} 亩；缺少 {:.4f} 亩（{:.4f} 公顷）。请增加备选地块、放宽筛选条件、减少排除图层或减少调出；或允许部分平衡结果。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="90" />
        <source>Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but layer {} offers only {:.4f} mu inside the line that can be peeled from its outer edge without making a hole; {:.4f} mu ({:.4f} ha) are missing. Add candidates, widen the eligibility expression or swap in less; switch off adjacent first to allow land anywhere inside the line; or allow a partial result.</source>
        <translation>符合条件的备选地块不足，无法实现进出平衡：需调出 {:.4f} 亩，但图层 {} 在控制线内可从外边界剥离且不产生天窗的只有 {:.4f} 亩；缺少 {:.4f} 亩（{:.4f} 公顷）。请增加备选地块、放宽筛选条件或减少调入；或关闭“优先相邻地块”以允许调出控制线内任意位置的地块；或允许部分平衡结果。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="98" />
        <source>Not enough eligible candidate land to balance the line: {:.4f} mu must be swapped out, but layer {} offers only {:.4f} mu inside the line; {:.4f} mu ({:.4f} ha) are missing. Add candidates, widen the eligibility expression or swap in less; or allow a partial result.</source>
        <translation>符合条件的备选地块不足，无法实现进出平衡：需调出 {:.4f} 亩，但图层 {} 在控制线内只有 {:.4f} 亩；缺少 {:.4f} 亩（{:.4f} 公顷）。请增加备选地块、放宽筛选条件或减少调入；或允许部分平衡结果。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="585" />
        <source>The slope grade field {} holds values that are not numbers in {} swapped pieces (source feature ids {}); they are left out of the ledger's mean slope grade. Correct the field (grades 1–5).</source>
        <translation>坡度级别字段 {} 在 {} 个调整地块中的取值不是数字（来源要素编号 {}），这些地块未计入台账的平均坡度级别。请更正该字段（坡度级别 1–5）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="628" />
        <source>detail</source>
        <translation>明细</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="628" />
        <source>subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="628" />
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="629" />
        <source>balance</source>
        <translation>进出平衡</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="629" />
        <source>quality</source>
        <translation>质量对比</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="133" />
        <source>mean slope grade</source>
        <translation>平均坡度级别</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="133" />
        <source>high-standard farmland share (%)</source>
        <translation>高标准农田占比（%）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="145" />
        <source>Area method: {}.</source>
        <translation>面积计算方式：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="167" />
        <source>ellipsoidal (CGCS2000)</source>
        <translation>椭球面积（CGCS2000）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="167" />
        <source>planar</source>
        <translation>平面面积</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="152" />
        <source>Balancing {:.4f} mu by swapping candidate land in: {} candidate pieces used.</source>
        <translation>以调入备选地块平衡 {:.4f} 亩：使用备选地块 {} 块。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="154" />
        <source>Balancing {:.4f} mu by swapping candidate land out: {} candidate pieces used.</source>
        <translation>以调出备选地块平衡 {:.4f} 亩：使用备选地块 {} 块。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="157" />
        <source>The last candidate piece was cut to the exact area still needed.</source>
        <translation>最后一块备选地块已按尚缺面积精确切分。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="160" />
        <source>Swapped out {:.4f} mu ({:.4f} ha); swapped in {:.4f} mu ({:.4f} ha); balance of layer {}: {:.4f} m².</source>
        <translation>调出 {:.4f} 亩（{:.4f} 公顷）；调入 {:.4f} 亩（{:.4f} 公顷）；图层 {} 进出平衡差值：{:.4f} 平方米。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="204" />
        <source>Partial result: the eligible candidates were not enough; {:.4f} mu ({:.4f} ha) are still missing and the line's area changed by {:.4f} m².</source>
        <translation>部分平衡结果：符合条件的备选地块不足，仍缺 {:.4f} 亩（{:.4f} 公顷），控制线面积变化 {:.4f} 平方米。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="212" />
        <source>No combination of whole candidates balances the line within {} m²: the residual is {:.4f} m² ({:.6f} mu). Allow splitting, raise the tolerance or add candidates.</source>
        <translation>没有整块备选地块的组合能在 {} 平方米容差内实现进出平衡：剩余差额 {:.4f} 平方米（{:.6f} 亩）。请允许切分、放宽容差或增加备选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="219" />
        <source>The line's area changed by {:.4f} m², more than {} m². Check layer {} for features that overlap each other: overlapping land is counted once per feature.</source>
        <translation>控制线面积变化 {:.4f} 平方米，超过 {} 平方米。请检查图层 {} 是否有相互重叠的要素：重叠部分按每个要素各计一次。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="170" />
        <source>Quality: the land swapped in is worse than the land swapped out on {}: {:.2f} in against {:.2f} out. Swap-ins should not be of lower quality; consider a priority expression.</source>
        <translation>质量：调入地块的{}不如调出地块：调入 {:.2f}，调出 {:.2f}。调入地块质量不应低于调出地块，可考虑设置优先级表达式。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="61" />
        <source>Layer {}: the priority expression does not give a number for features {}. Use a numeric expression, e.g. -"PDJB" or to_real("DJ").</source>
        <translation>图层 {}：优先级表达式对要素 {} 未得到数值。请使用数值表达式，例如 -"PDJB" 或 to_real("DJ")。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="63" />
        <source>Fill holes and slivers</source>
        <translation>天窗填补</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="72" />
        <source>Finds the holes (天窗) of one control line, and optionally its narrow gaps (细缝), fills those that make no sense and reports every one of them.

Holes are those of the merged line: the features are dissolved first, so a hole enclosed jointly by several adjacent parcels counts like a feature's own hole. A hole is filled when the area inside its ring is under the maximum area (0: any size) and other land (the blocker layers, e.g. permanent basic farmland) covers no more of it than the blocker threshold. Holes holding farmland therefore stay open; swap the farmland out first if the hole is to be filled.

Islands: a patch of the line lying inside a hole is never duplicated; filling a hole adds only the land between its ring and the islands. The holes of an island are holes of their own. With no blockers and no slivers the filled line equals QGIS's "Delete holes" with the same minimum area applied to the dissolved input.

Slivers: with a sliver width above 0, gaps narrower than it are filled too, where the line lies on both sides of the gap (between two patches, a narrow inlet): a morphological closing with square corners, so the inner corners of an outline stay as they are. Slivers follow the same maximum area and blockers. A region that becomes enclosed only once slivers are filled is found by running the tool again on its output.

Invalid geometries are repaired (make valid) with a warning naming the features, and written repaired; features without geometry are passed through.

Filled line: every input feature unchanged, plus one new feature per filled hole or sliver with TZLX (天窗填补 / 细缝填补), MJ_MU (its area, mu) and HOLE_ID. Holes and slivers: every hole and sliver found, filled or not, with HOLE_ID, KIND (天窗 / 细缝), AREA_MU (what filling adds, mu), RING_MU (the area inside its ring, islands included, the size compared with the maximum area), FILLED (1 / 0), BLOCKED_MU (area covered by blockers, mu) and BLOCKED_BY (the blocker layers).

Numbers: HOLES_FOUND (holes and slivers found), HOLES_FILLED, FILLED_MU (area added, mu). Filling adds area to the line: pair it with a swap-out elsewhere (进出平衡).</source>
        <translation>查找一条控制线的天窗，并可同时查找其细缝，填补其中不合理的部分，并逐个列出查找到的每一处。

天窗按融合后的控制线查找：先将要素融合，因此由多个相邻图斑共同围合的天窗与单个要素自身的天窗同样计入。天窗环所围面积小于天窗面积上限（0 表示不限），且被其他用地（阻挡图层，如永久基本农田）覆盖的面积不超过阻挡面积阈值时，予以填补。因此内含耕地的天窗保持不填；如需填补，应先将其中的永久基本农田调出。

岛状图斑：位于天窗内的控制线图斑不会被重复计入；填补天窗只增加天窗环与岛状图斑之间的范围。岛状图斑自身的天窗单独计算。不设阻挡图层、不处理细缝时，填补结果与对融合后的输入图层执行 QGIS“删除孔洞”（相同最小面积）的结果一致。

细缝：细缝宽度大于 0 时，两侧均为控制线、宽度小于该值的缝隙（图斑之间的缝隙、狭窄的凹口）一并填补。采用直角（斜接）形态学闭运算，图形的内角保持原样。细缝同样受天窗面积上限和阻挡图层约束。填补细缝后才被围合的区域，可对输出结果再运行一次本工具处理。

无效几何图形将被修复（make valid）并给出警告、列出相应要素，输出修复后的几何图形；无几何图形的要素原样传递。

填补后的控制线：全部输入要素原样保留，另为每个填补的天窗或细缝新增一个要素，带 TZLX（天窗填补 / 细缝填补）、MJ_MU（面积，亩）和 HOLE_ID。天窗与细缝清单：查找到的全部天窗和细缝，无论是否填补，带 HOLE_ID、KIND（天窗 / 细缝）、AREA_MU（填补新增面积，亩）、RING_MU（天窗环所围面积，含岛状图斑，即与面积上限比较的面积）、FILLED（1 / 0）、BLOCKED_MU（被阻挡图层覆盖的面积，亩）和 BLOCKED_BY（阻挡图层名称）。

输出数值：HOLES_FOUND（天窗与细缝个数）、HOLES_FILLED（填补个数）、FILLED_MU（填补面积，亩）。填补会增加控制线面积：须在别处调出同等面积，保持进出平衡。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="107" />
        <source>Polygons of one control line (ecological red line, urban development boundary …), parcel-level or dissolved. Holes are those of the merged line, including holes enclosed jointly by several features. The layer is read only, never changed.</source>
        <translation>一条控制线的面图层（生态保护红线、城镇开发边界等），可以是图斑级数据，也可以是融合后的要素。天窗按融合后的控制线查找，包括由多个要素共同围合的天窗。本工具只读取该图层，不作任何修改。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="114" />
        <source>Maximum hole area (mu)</source>
        <translation>天窗面积上限（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="114" />
        <source>Holes whose ring encloses less than this area (islands included) are filled; 0 fills holes of any size. The seed scheme counts holes under 5 mu (5亩以下天窗).</source>
        <translation>天窗环所围面积（含其中的岛状图斑）小于此值时予以填补；0 表示不论大小一律填补。动态维护方案统计 5 亩以下天窗。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="120" />
        <source>Blocker layers</source>
        <translation>阻挡图层</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="120" />
        <source>Optional polygon layers of land that keeps a hole open, e.g. permanent basic farmland inside the ecological red line or the urban development boundary. They are read in the control line's CRS.</source>
        <translation>可选，使天窗保持不填的用地面图层，例如生态保护红线或城镇开发边界天窗内的永久基本农田。各图层按控制线图层的坐标系读取。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="127" />
        <source>Blocker threshold (m²)</source>
        <translation>阻挡面积阈值（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="127" />
        <source>A hole or sliver covered by blocker features over more than this area (m², all blocker layers together) is not filled. The small default ignores digitising slivers along shared edges.</source>
        <translation>天窗或细缝被阻挡图层要素覆盖的面积（平方米，各阻挡图层合计）超过此值时不予填补。默认值很小，只为忽略公共边上的数字化碎缝。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="140" />
        <source>Sliver width</source>
        <translation>细缝宽度</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="140" />
        <source>In layer units (metres in a projected CRS). 0: no slivers. Above 0: gaps of the line narrower than this, with the line on both sides, are filled too (细缝填补), subject to the maximum area and the blockers. A few metres catches digitising gaps between patches.</source>
        <translation>单位与图层一致（投影坐标系下为米）。0：不处理细缝。大于 0：两侧均为控制线、宽度小于此值的缝隙一并填补（细缝填补），同样受天窗面积上限和阻挡图层约束。取几米即可捕捉图斑之间的数字化缝隙。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="148" />
        <source>Filled line</source>
        <translation>填补后的控制线</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="148" />
        <source>Every input feature unchanged, plus one feature per filled hole or sliver with TZLX, MJ_MU (mu) and HOLE_ID.</source>
        <translation>全部输入要素原样保留，另为每个填补的天窗或细缝新增一个要素，带 TZLX（调整类型）、MJ_MU（面积，亩）和 HOLE_ID 字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="153" />
        <source>Holes and slivers</source>
        <translation>天窗与细缝清单</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="160" />
        <source>Holes and slivers found</source>
        <translation>天窗与细缝个数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="161" />
        <source>Holes and slivers filled</source>
        <translation>填补的天窗与细缝个数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="162" />
        <source>Filled area (mu)</source>
        <translation>填补面积（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="160" />
        <source>Layer {} has no coordinate reference system: its coordinates are taken as metres.</source>
        <translation>图层 {} 没有坐标参考系，坐标按米计。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="247" />
        <source>Layer {} is in the geographic CRS {}, so a sliver width of {} would be in degrees. Reproject the layer to a projected CRS (e.g. EPSG:4549) or set the sliver width to 0.</source>
        <translation>图层 {} 采用地理坐标系 {}，细缝宽度 {} 将以度为单位。请先将图层投影到投影坐标系（如 EPSG:4549），或将细缝宽度设为 0。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="254" />
        <source>Blocker layer {} is not a polygon layer: give polygon layers only (e.g. permanent basic farmland).</source>
        <translation>阻挡图层 {} 不是面图层：请只提供面图层（如永久基本农田）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="186" />
        <source>Merging the features of {} and finding its holes…</source>
        <translation>正在融合 {} 的要素并查找天窗…</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="303" />
        <source>Area method {}; maximum hole area {} mu (0 = any size); sliver width {}.</source>
        <translation>面积计算方式：{}；天窗面积上限 {} 亩（0 表示不限）；细缝宽度 {}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="305" />
        <source>Layer {}: {} patches after merging, {} holes ({} with islands inside). Filled {} holes, {:.4f} mu; {} holes are kept open by blockers.</source>
        <translation>图层 {}：融合后图斑 {} 个，天窗 {} 个（其中 {} 个内含岛状图斑）。填补天窗 {} 个，面积 {:.4f} 亩；{} 个天窗因阻挡图层而保留。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="312" />
        <source>Slivers narrower than {}: {} found, {} filled, {:.4f} mu; {} kept open by blockers.</source>
        <translation>宽度小于 {} 的细缝：发现 {} 处，填补 {} 处，面积 {:.4f} 亩；{} 处因阻挡图层而保留。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="317" />
        <source>Blocker layers: {}; threshold {} m².</source>
        <translation>阻挡图层：{}；阻挡面积阈值 {} 平方米。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="327" />
        <source>Filling adds {:.4f} mu ({:.4f} ha) to the line: balance it with a swap-out elsewhere (进出平衡).</source>
        <translation>填补使控制线增加 {:.4f} 亩（{:.4f} 公顷）：须在别处调出同等面积，保持进出平衡。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="93" />
        <source>Plan indicators</source>
        <translation>规划指标核算</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="315" />
        <source>Layer {} has no field {} ({}). Its fields are: {}. Set the parameter {} to the field that holds it.</source>
        <translation>图层 {} 没有字段 {}（{}）。该图层的字段有：{}。请将参数 {} 设为存放该信息的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="71" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Permanent basic farmland (before)</source>
        <translation>永久基本农田（调整前）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>永久基本农田 before maintenance: parcel-level polygons, e.g. with the land-survey fields DLBM, PDJB and KCXS.</source>
        <translation>动态维护前的永久基本农田：图斑级面要素，可带国土调查字段 DLBM、PDJB、KCXS 等。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Permanent basic farmland (after)</source>
        <translation>永久基本农田（调整后）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>永久基本农田 after maintenance. Leave empty when only the current state is assessed.</source>
        <translation>动态维护后的永久基本农田。只评估现状时留空。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Ecological protection red line (before)</source>
        <translation>生态保护红线（调整前）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>生态保护红线 before maintenance.</source>
        <translation>动态维护前的生态保护红线。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Ecological protection red line (after)</source>
        <translation>生态保护红线（调整后）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>生态保护红线 after maintenance.</source>
        <translation>动态维护后的生态保护红线。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Urban development boundary (before)</source>
        <translation>城镇开发边界（调整前）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>城镇开发边界 before maintenance.</source>
        <translation>动态维护前的城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Urban development boundary (after)</source>
        <translation>城镇开发边界（调整后）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>城镇开发边界 after maintenance.</source>
        <translation>动态维护后的城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Land-use parcels</source>
        <translation>地类图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Land-survey parcels (地类图斑, DLTB) with the land-class field: for cultivated land retained, forest, ecological-function and cultivated land in the red line, and the farmland's land class and slope when its own fields lack them.</source>
        <translation>带地类编码字段的国土调查地类图斑（DLTB）：用于耕地保有量、林地、生态保护红线内生态功能用地和耕地，以及永久基本农田自身缺少地类或坡度字段时的补充。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>高标准农田 polygons: for the share of high-standard farmland in the permanent basic farmland.</source>
        <translation>高标准农田面要素：用于计算高标准农田占永久基本农田的比例。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="159" />
        <source>Mountain and hill zones</source>
        <translation>山地丘陵地区</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>山地丘陵地区: a farmland patch with more than half of its area inside is a fragment under 3 mu instead of 5 mu.</source>
        <translation>山地丘陵地区：面积一半以上位于其中的永久基本农田图斑，碎图斑标准为3亩以下（平原地区为5亩以下）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="542" />
        <source>Baseline urban construction land</source>
        <translation>基期城镇建设用地</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="51" />
        <source>Urban construction land of the base year (2020), polygons: the expansion factor is the urban development boundary's area divided by their area (inside the county when its boundary is given). Or give the baseline area as a number.</source>
        <translation>基期（2020年）城镇建设用地面要素：扩展倍数 = 城镇开发边界面积 ÷ 其面积（给出县域边界时只计边界内部分）。也可直接输入基期面积数值。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="76" />
        <source>Baseline urban construction land (ha)</source>
        <translation>基期城镇建设用地面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="76" />
        <source>Instead of the baseline layer: its area in hectares (e.g. 2 302.6 ha for a factor of 1.4803 with a boundary of 3 408.77 ha).</source>
        <translation>不提供基期图层时，直接输入基期城镇建设用地面积（公顷），例如开发边界 3408.77 公顷、扩展倍数 1.4803 时为 2302.6 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="84" />
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="84" />
        <source>Road centre lines: the road network density (km/km²) of the central urban area.</source>
        <translation>道路中心线：用于计算中心城区道路网络密度（千米/平方千米）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="90" />
        <source>Parks, green space and squares</source>
        <translation>公园绿地、广场</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="90" />
        <source>公园绿地、广场 as polygons (or their entrances as points): the share of the central urban area within walking distance of them.</source>
        <translation>公园绿地、广场（面，或以出入口为点）：计算中心城区内位于其步行距离范围内的面积比例。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="98" />
        <source>Central urban area</source>
        <translation>中心城区</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="98" />
        <source>中心城区 boundary. Road density and walk coverage are measured inside it, within the urban development boundary when that is given.</source>
        <translation>中心城区范围。道路网络密度和步行覆盖率在其内计算；给出城镇开发边界时，只计其中位于开发边界内的部分。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="530" />
        <source>Walking distance</source>
        <translation>步行距离</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="105" />
        <source>Straight-line distance around the parks counted as a 5-minute walk; 300 m by default.</source>
        <translation>公园周边按直线距离计为步行5分钟可达的范围，默认 300 米。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="117" />
        <source>County boundary</source>
        <translation>县域边界</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="117" />
        <source>The county (旗县) boundary: forest cover is forest land inside it divided by its area.</source>
        <translation>旗县行政区边界：森林覆盖率 = 边界内林地面积 ÷ 边界面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="522" />
        <source>Land-class field</source>
        <translation>地类编码字段</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="127" />
        <source>Field holding the slope grade 1–5 (坡度级别; 4 and 5 are above 15°), read from the permanent basic farmland, or else from the land-use parcels under it.</source>
        <translation>存放坡度级别 1–5 的字段（4、5 级为15度以上），优先读取永久基本农田自身字段，缺少时读取其下的地类图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="132" />
        <source>Field-ridge deduction field</source>
        <translation>扣除系数字段</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="132" />
        <source>Field holding the field-ridge deduction ratio (扣除系数, a fraction such as 0.061).</source>
        <translation>存放田坎扣除系数（小数，如 0.061）的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="136" />
        <source>Deduct field ridges (net cultivated area)</source>
        <translation>扣除田坎（按耕地净面积统计）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="524" />
        <source>Ecological-function land classes</source>
        <translation>生态功能用地地类</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="147" />
        <source>Land-class codes counted as ecological-function land (生态功能用地), separated by commas; a code also matches the classes it begins (03 = all forest land 0301–0307). Default: forest, grassland, rivers, lakes, reservoirs, flats, swamps and glaciers.</source>
        <translation>计为生态功能用地的地类编码，以逗号分隔；编码也匹配以其开头的地类（03 即全部林地 0301–0307）。默认：林地、草地、河流水面、湖泊水面、水库水面、滩涂、沼泽地和冰川及永久积雪。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="519" />
        <source>Merge distance</source>
        <translation>融合距离</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="155" />
        <source>Features of one line closer than this distance join one patch when counting patches and fragments; 0: only features touching along a boundary or overlapping. No rule fixes it: the report prints it.</source>
        <translation>统计图斑和碎图斑时，同一控制线中间距小于该距离的要素合为一个图斑；0 表示只合并边界相接或重叠的要素。规程未规定该值，报告中会注明。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="176" />
        <source>Indicator table</source>
        <translation>指标表</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="182" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="182" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="182" />
        <source>HTML report: the tables laid out like the scheme, the conflicts, the parameters used and before/after maps of each line.</source>
        <translation>HTML 报告：按方案格式排列的指标表、三线冲突、所用参数以及各控制线维护前后示意图。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="337" />
        <source>Layer {}: field {} must hold a deduction ratio between 0 and 1 (e.g. 0.061); features {}{} do not. Correct them or turn the field-ridge deduction off.</source>
        <translation>图层 {}：字段 {} 应为 0 到 1 之间的扣除系数（如 0.061），要素 {}{} 不符合。请修正，或关闭扣除田坎选项。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="232" />
        <source>{} is given without {}: give the layer before maintenance too, the after state is compared with it.</source>
        <translation>给出了 {} 但没有给出 {}：请同时给出维护前的图层，调整后的数值要与之比较。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="239" />
        <source>Both the baseline layer (URBAN_BASELINE) and the baseline area (BASELINE_HA) are given; give only one of them.</source>
        <translation>同时给出了基期图层（URBAN_BASELINE）和基期面积（BASELINE_HA），请只给出其中之一。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="244" />
        <source>No ecological-function land class is given (ECO_CODES).</source>
        <translation>未给出生态功能用地地类（ECO_CODES）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="249" />
        <source>The layers are in the geographic CRS {}: the merge distance and the walking distance would be in degrees. Reproject them to a projected CRS (e.g. EPSG:4549).</source>
        <translation>图层使用地理坐标系 {}，融合距离和步行距离将以度为单位。请先投影到投影坐标系（如 EPSG:4549）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="279" />
        <source>No control line and no land-use layer is given: give at least one of PBF, EPR, UDB or LANDUSE.</source>
        <translation>未给出任何控制线或地类图斑图层：请至少给出 PBF、EPR、UDB、LANDUSE 之一。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="483" />
        <source>land-class code</source>
        <translation>地类编码</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="369" />
        <source>field-ridge deduction ratio</source>
        <translation>田坎扣除系数</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="380" />
        <source>Layer {} has no field {} (field-ridge deduction ratio) and no land-use parcels are given to take it from. Its fields are: {}. Set KCXS_FIELD, give LANDUSE, or turn the deduction off.</source>
        <translation>图层 {} 没有字段 {}（田坎扣除系数），也未给出可提供该系数的地类图斑。该图层的字段有：{}。请设置 KCXS_FIELD、给出 LANDUSE，或关闭扣除田坎选项。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="176" />
        <source>Computing the indicators…</source>
        <translation>正在计算指标……</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="196" />
        <source>Writing the report…</source>
        <translation>正在生成报告……</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="550" />
        <source>before maintenance</source>
        <translation>维护前</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="550" />
        <source>after maintenance</source>
        <translation>维护后</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="569" />
        <source>The farmland's {} is taken from the land-use parcels under it (area-weighted).</source>
        <translation>永久基本农田的{}取自其下的地类图斑（按面积加权）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="569" />
        <source>land class</source>
        <translation>地类</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="569" />
        <source>slope grade</source>
        <translation>坡度级别</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="569" />
        <source>deduction ratio</source>
        <translation>扣除系数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="86" />
        <source>Remove fragmented patches</source>
        <translation>碎图斑处理</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="95" />
        <source>Finds the fragmented patches (碎图斑) of one control line and takes them out of it, so that the removed area can be compensated by swap-ins elsewhere.

Adjacent features are merged into patches first (按邻近图斑融合后统计): features that overlap or share a stretch of boundary form one patch; features meeting at a single corner point do not. With a merge distance above 0, features closer than that distance join too. A patch is a fragment when its area is under the threshold of its terrain: for permanent basic farmland 5 mu (亩) in the plains and 3 mu in mountains and hills; 15 mu for the urban development boundary; to count ecological red-line patches under 1 km², use 1500 mu and keep only the numbers.

Terrain: a patch is hilly when more than half of its area lies inside the hilly zones (a patch straddling a zone boundary follows the larger share of its area; exactly half counts as plain). Without a hilly-zone layer every patch uses the plain threshold.

A fragment holding a feature that matches the exemption expression is kept whole. Features are never cut: every input feature goes either to Kept features (unchanged) or to Removed fragments (with PATCH_ID, the patch area PATCH_MU in mu and the swap-out reason TZYY), so the two areas add up to the input area. Features without geometry are kept and reported; invalid geometries are repaired (make valid) with a warning. A multi-part feature is one record: it is kept or removed whole, so its parts belong to one patch. Where features overlap, the patch area counts the overlap once.

Numbers: PATCHES (merged patches of the input), FRAGMENTS (patches under their threshold, exempt ones included: the 碎图斑个数 indicator), EXEMPT_FRAGMENTS, REMOVED_MU (area of the removed patches, mu).</source>
        <translation>查找一条控制线中的零星破碎图斑（碎图斑）并将其调出，调出面积可在其他位置调入补足，保持进出平衡。

先将相邻要素融合为图斑（按邻近图斑融合后统计）：相互重叠或有一段共同边界的要素归为同一图斑，仅在一个角点相接的要素不归并。融合距离大于 0 时，间距小于该距离的要素也归入同一图斑。图斑面积小于其所在地形的阈值即为碎图斑：永久基本农田平原地区 5 亩、山地丘陵地区 3 亩；城镇开发边界 15 亩；统计面积小于 1 平方公里的生态保护红线图斑时，阈值取 1500 亩，只看统计数字即可。

地形认定：图斑面积一半以上位于山地丘陵地区范围内的，按山地丘陵地区认定（跨越范围边界的图斑按面积占比较大的一侧认定，恰好各占一半的按平原地区认定）。未提供山地丘陵地区范围时，全部图斑采用平原地区阈值。

碎图斑中只要有一个要素符合豁免条件表达式，整个图斑予以保留。要素不做任何切割：每个输入要素要么原样进入“保留要素”，要么进入“调出碎图斑”（增加 PATCH_ID、以亩计的图斑面积 PATCH_MU 和调出原因 TZYY），两者面积之和等于输入面积。无几何的要素予以保留并在日志中提示；无效几何经修复（make valid）后使用，并给出警告。多部件要素是一条记录，整体保留或整体调出，其各部分计为同一图斑。要素相互重叠的，重叠部分在图斑面积中只计一次。

输出数值：PATCHES（输入图层融合后的图斑个数）、FRAGMENTS（面积低于阈值的图斑个数，含豁免图斑，即“碎图斑个数”指标）、EXEMPT_FRAGMENTS（豁免的碎图斑个数）、REMOVED_MU（调出图斑面积，亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="120" />
        <source>Polygons of one control line: parcel-level (e.g. permanent basic farmland parcels) or dissolved features. The layer is read only, never changed.</source>
        <translation>一条控制线的面图层：可以是图斑级数据（如永久基本农田图斑），也可以是融合后的要素。本工具只读取该图层，不作任何修改。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="127" />
        <source>In layer units (metres in a projected CRS). 0: only features that touch along a boundary or overlap form one patch. Above 0: features closer than this distance join the same patch too (the gap itself is not added to the patch area). Print it in your report: no rule fixes it.</source>
        <translation>单位为图层单位（投影坐标系下为米）。取 0 时，只有共边相接或相互重叠的要素融合为同一图斑；大于 0 时，间距小于该值的要素也归入同一图斑（间隙本身不计入图斑面积）。现行规则未规定该容差，请在成果报告中注明所用数值。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="135" />
        <source>Minimum patch area (mu)</source>
        <translation>图斑面积阈值（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="135" />
        <source>Patches under this area are fragments (plains; all patches when no hilly zones are given). Permanent basic farmland: 5 mu in the plains; urban development boundary: 15 mu; ecological red line (patches under 1 km²): 1500 mu.</source>
        <translation>面积小于该值的图斑为碎图斑（适用于平原地区；未提供山地丘陵范围时适用于全部图斑）。永久基本农田：平原地区 5 亩；城镇开发边界：15 亩；生态保护红线（面积小于 1 平方公里的图斑）：1500 亩。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="143" />
        <source>Optional polygons of the mountain and hill zones (山地丘陵地区). A patch with more than half of its area inside them uses the hilly threshold; a patch straddling the zone boundary follows the larger share of its area.</source>
        <translation>可选，山地丘陵地区范围面图层。图斑面积一半以上位于其内的，采用山地丘陵地区阈值；跨越范围边界的图斑按面积占比较大的一侧认定。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="151" />
        <source>Minimum patch area in mountains and hills (mu)</source>
        <translation>山地丘陵地区图斑面积阈值（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="151" />
        <source>Threshold of hilly patches (permanent basic farmland: 3 mu). Used only with mountain and hill zones.</source>
        <translation>山地丘陵地区图斑的面积阈值（永久基本农田：3 亩）。仅在提供山地丘陵地区范围时使用。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="163" />
        <source>Exemption expression</source>
        <translation>豁免条件表达式</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="163" />
        <source>Optional expression on the control line layer. A patch holding any feature for which it is true is never removed, e.g. "GDLX" = 'TT' or "BSM" IN ('1001', '1002').</source>
        <translation>可选，作用于控制线图层的表达式。图斑中只要有一个要素使表达式为真，该图斑即不调出，例如 "GDLX" = 'TT' 或 "BSM" IN ('1001', '1002')。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="170" />
        <source>Swap-out reason</source>
        <translation>调出原因</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="170" />
        <source>Written into the TZYY field of every removed feature (调出原因), e.g. 零星破碎.</source>
        <translation>写入每个调出要素的 TZYY 字段（调出原因），例如：零星破碎。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="176" />
        <source>Kept features</source>
        <translation>保留要素</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="176" />
        <source>The input features that stay in the control line, attributes unchanged.</source>
        <translation>保留在控制线内的输入要素，属性保持不变。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="180" />
        <source>Removed fragments</source>
        <translation>调出碎图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="180" />
        <source>The features of the removed fragments (调出), with every input attribute plus PATCH_ID (the patch), PATCH_MU (patch area, mu) and TZYY (swap-out reason).</source>
        <translation>调出的碎图斑要素，保留全部输入属性，并增加 PATCH_ID（所属融合图斑编号）、PATCH_MU（融合图斑面积，亩）和 TZYY（调出原因）字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="187" />
        <source>Number of patches</source>
        <translation>融合图斑个数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="188" />
        <source>Number of fragmented patches</source>
        <translation>碎图斑个数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="189" />
        <source>Number of exempt fragmented patches</source>
        <translation>豁免的碎图斑个数</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="190" />
        <source>Removed area (mu)</source>
        <translation>调出面积（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="239" />
        <source>Layer {} is in the geographic CRS {}, so a merge distance of {} would be in degrees. Reproject the layer to a projected CRS (e.g. EPSG:4549) or set the merge distance to 0.</source>
        <translation>图层 {} 采用地理坐标系 {}，融合距离 {} 将以度为单位。请先将图层投影到投影坐标系（如 EPSG:4549），或将融合距离设为 0。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="284" />
        <source>Layer {}: {} features have several parts; each is kept or removed whole, so its parts count as one patch.</source>
        <translation>图层 {}：{} 个要素由多个部分组成；每个要素整体保留或整体调出，其各部分计为同一图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/prefetch.py" line="114" />
        <source>Layer {} does not give its features the same ids and order each time it is read; save it to a GeoPackage first and run the tool on the copy.</source>
        <translation>图层 {} 每次读取时要素编号和顺序不一致；请先将其另存为 GeoPackage，再对副本运行本工具。</translation>
    </message>
    <message>
        <location filename="../algorithms/prefetch.py" line="98" />
        <source>Layer {} changed while it was being processed (feature {} is new). Run the tool again when no one is editing it.</source>
        <translation>图层 {} 在处理过程中发生了变化（出现新要素 {}）。请在无人编辑该图层时重新运行本工具。</translation>
    </message>
    <message>
        <location filename="../algorithms/prefetch.py" line="106" />
        <source>Layer {} changed while it was being processed ({} features read, then {}). Run the tool again when no one is editing it.</source>
        <translation>图层 {} 在处理过程中发生了变化（先读到 {} 个要素，后读到 {} 个）。请在无人编辑该图层时重新运行本工具。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="336" />
        <source>Layer {}: features overlap in {} patches; those patches were measured on the union of their features, so overlapping area is counted once. Overlapping features (duplicates?): ids {}{}</source>
        <translation>图层 {}：有 {} 个图斑内的要素相互重叠，这些图斑按要素合并后的范围计算面积，重叠部分只计一次。相互重叠的要素（是否重复？）编号：{}{}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="343" />
        <source>Merge distance {}; area method {}.</source>
        <translation>融合距离 {}；面积计算方式：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="350" />
        <source>Patches: {} ({} in the plains, {} in mountains and hills). Fragments: {} under {} mu in the plains, {} under {} mu in mountains and hills.</source>
        <translation>融合图斑 {} 个（平原地区 {} 个，山地丘陵地区 {} 个）。碎图斑：平原地区 {} 个（小于 {} 亩），山地丘陵地区 {} 个（小于 {} 亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="359" />
        <source>Patches: {}. Fragments under {} mu: {}.</source>
        <translation>融合图斑 {} 个。小于 {} 亩的碎图斑 {} 个。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="363" />
        <source>Removed {} fragmented patches ({} features), {:.4f} mu ({:.4f} ha); {} fragmented patches are exempt and kept.</source>
        <translation>调出碎图斑 {} 个（要素 {} 个），面积 {:.4f} 亩（{:.4f} 公顷）；另有 {} 个碎图斑符合豁免条件，予以保留。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="41" />
        <source>Canceled by the user while output {} was being written: the outputs are incomplete. Do not use them; delete any output file already written.</source>
        <translation>用户在写出输出 {} 时取消：结果不完整，请勿使用，并删除已写出的输出文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="44" />
        <source>Canceled by the user while the outputs were being written: the outputs are incomplete. Do not use them; delete any output file already written.</source>
        <translation>用户在写出结果时取消：结果不完整，请勿使用，并删除已写出的输出文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="141" />
        <source>Layer {}: the expression {} ({}) uses fields the layer does not have: {}. Its fields are: {}.</source>
        <translation>图层 {}：表达式 {}（{}）使用了图层中不存在的字段：{}。该图层的字段有：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="197" />
        <source>Layer {}: the filter expression ({}) cannot be read: {}</source>
        <translation>图层 {}：筛选表达式（{}）无法解析：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/qgis_read.py" line="205" />
        <source>Layer {}: the filter expression ({}) uses fields the layer does not have: {}. Its fields are: {}.</source>
        <translation>图层 {}：筛选表达式（{}）使用了图层中不存在的字段：{}。该图层的字段有：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="145" />
        <source>Full dynamic maintenance</source>
        <translation>全流程动态维护</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="146" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="150" />
        <source>Land-survey parcels (DLTB)</source>
        <translation>地类图斑（DLTB）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="154" />
        <source>Parcel-level permanent basic farmland (永久基本农田).</source>
        <translation>图斑级永久基本农田。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="155" />
        <source>The ecological protection red line (生态保护红线).</source>
        <translation>生态保护红线。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="156" />
        <source>The urban development boundary (城镇开发边界).</source>
        <translation>城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="157" />
        <source>High-standard farmland (高标准农田): taken first when farmland is swapped in.</source>
        <translation>高标准农田：永久基本农田调入时优先选用。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="159" />
        <source>Optional mountain and hill zones (山地丘陵地区), where the smaller fragment threshold applies.</source>
        <translation>可选的山地丘陵地区范围，区内适用较小的碎图斑面积标准。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="162" />
        <source>Key construction projects</source>
        <translation>重点建设项目</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="193" />
        <source>Urban construction land of the base year</source>
        <translation>基期年城镇建设用地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="193" />
        <source>Optional 2020 urban construction land, for the expansion factor of the development boundary.</source>
        <translation>可选的2020年城镇建设用地，用于计算城镇开发边界扩展倍数。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="196" />
        <source>PBF fragment threshold in the plain (mu)</source>
        <translation>平原地区永久基本农田碎图斑面积标准（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="196" />
        <source>Farmland patches under this area in the plain are fragments (seed: 5 亩).</source>
        <translation>平原地区面积小于此值的永久基本农田图斑为碎图斑（方案：5亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="198" />
        <source>PBF fragment threshold in mountains and hills (mu)</source>
        <translation>山地丘陵地区永久基本农田碎图斑面积标准（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="198" />
        <source>Farmland patches under this area in mountain and hill zones are fragments (seed: 3 亩).</source>
        <translation>山地丘陵地区面积小于此值的永久基本农田图斑为碎图斑（方案：3亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="201" />
        <source>Largest hole to fill (mu)</source>
        <translation>填补天窗的最大面积（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="201" />
        <source>Holes of the red line and the development boundary smaller than this are filled when nothing blocks them (seed: 5 亩).</source>
        <translation>生态保护红线和城镇开发边界中小于此面积、且无阻挡要素的天窗予以填补（方案：5亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="204" />
        <source>Widest sliver of the UDB to fill (m)</source>
        <translation>城镇开发边界细缝填补最大宽度（米）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="204" />
        <source>Gaps between development-boundary patches narrower than this are filled (细缝填补); 0 turns it off.</source>
        <translation>城镇开发边界图斑之间窄于此宽度的缝隙予以填补（细缝填补）；0 表示不填补。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="207" />
        <source>Patch merge distance (m)</source>
        <translation>图斑融合距离（米）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="207" />
        <source>Farmland features closer than this form one patch when fragments and contiguity are counted; 0: only touching features.</source>
        <translation>统计碎图斑和连片度时，距离小于此值的永久基本农田要素视为同一图斑；0 表示仅相接的要素。</translation>
    </message>
    <message>
        <location filename="../algorithms/provider.py" line="44" />
        <source>planmaint needs shapely 2 or newer in QGIS's Python (found: {}). Install it, e.g. `python3 -m pip install --target &lt;your QGIS profile&gt;/python "shapely&gt;=2"` or `make deploy`, then restart QGIS.</source>
        <translation>planmaint 需要 QGIS 的 Python 中安装 shapely 2 或更高版本（当前：{}）。请安装，例如 `python3 -m pip install --target &lt;QGIS 用户配置目录&gt;/python "shapely&gt;=2"` 或运行 `make deploy`，然后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="287" />
        <source>{} before maintenance</source>
        <translation>{}维护前</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="297" />
        <source>{} after maintenance: swapped out {} ha (red), swapped in {} ha (blue)</source>
        <translation>{}维护后：调出 {} 公顷（红色），调入 {} 公顷（蓝色）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="368" />
        <source>Table {} {}: optimisation indicators</source>
        <translation>表 {} {}优化成效指标表</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="370" />
        <source>{}: overlaps between the lines</source>
        <translation>{}冲突指标表</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="434" />
        <source>Fewer than two lines are given: no conflict check.</source>
        <translation>给出的控制线少于两条，未做三线冲突检查。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="489" />
        <source>Overlap</source>
        <translation>重叠类型</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="436" />
        <source>Polygons before</source>
        <translation>调整前图斑数</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="436" />
        <source>Area before (ha)</source>
        <translation>调整前面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="436" />
        <source>Largest before (ha)</source>
        <translation>调整前最大图斑（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="438" />
        <source>Polygons after</source>
        <translation>调整后图斑数</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="438" />
        <source>Area after (ha)</source>
        <translation>调整后面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="438" />
        <source>Largest after (ha)</source>
        <translation>调整后最大图斑（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="449" />
        <source>Overlaps are feature against feature, split into single polygons; polygons under {} m² are slivers and are not counted. Run Control-line conflicts (planmaint:conflictcheck) to get them as a layer.</source>
        <translation>重叠按要素两两相交计算并拆分为单部件图斑；小于 {} 平方米的为细碎图斑，不计入。如需重叠图斑图层，请运行“三线冲突检查”（planmaint:conflictcheck）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="515" />
        <source>the farmland's own field</source>
        <translation>永久基本农田自身字段</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="515" />
        <source>the land-use parcels under the farmland</source>
        <translation>永久基本农田下的地类图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="518" />
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="518" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="520" />
        <source>Field-ridge deduction (KCXS)</source>
        <translation>扣除田坎（KCXS）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="520" />
        <source>yes, field {}</source>
        <translation>是，字段 {}</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="520" />
        <source>no (map areas)</source>
        <translation>否（按图斑面积）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="525" />
        <source>Fragment thresholds</source>
        <translation>碎图斑标准</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="525" />
        <source>farmland: {} mu in the plains, {} mu in mountains and hills; urban boundary: {} mu; red line: {} km²</source>
        <translation>永久基本农田：平原地区 {} 亩，山地丘陵地区 {} 亩；城镇开发边界：{} 亩；生态保护红线：{} 平方公里</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="529" />
        <source>Small holes</source>
        <translation>小天窗</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="529" />
        <source>under {} mu (size of the ring, islands included)</source>
        <translation>{} 亩以下（按天窗外环面积计，含其中的岛）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="531" />
        <source>Minimum conflict polygon</source>
        <translation>冲突图斑最小面积</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="533" />
        <source>Land class of the farmland from</source>
        <translation>永久基本农田地类来源</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="533" />
        <source>Slope grade of the farmland from</source>
        <translation>永久基本农田坡度级别来源</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="533" />
        <source>Deduction ratio of the farmland from</source>
        <translation>永久基本农田扣除系数来源</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="544" />
        <source>County area</source>
        <translation>县域面积</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="550" />
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="550" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="550" />
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="638" />
        <source>Plan indicators report</source>
        <translation>规划指标核算报告</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="640" />
        <source>Made by planmaint on {}.</source>
        <translation>由 planmaint 于 {} 生成。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="642" />
        <source>Indicator tables</source>
        <translation>优化成效指标表</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="652" />
        <source>No after state was given: the after and change columns are empty.</source>
        <translation>未给出维护后的图层：“调整后”和“变化”两栏为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="655" />
        <source>Conflicts between the control lines</source>
        <translation>三线冲突</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="661" />
        <source>Maps</source>
        <translation>示意图</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="663" />
        <source>permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="664" />
        <source>ecological red line</source>
        <translation>生态保护红线</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="665" />
        <source>urban development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="666" />
        <source>swapped out</source>
        <translation>调出</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="667" />
        <source>swapped in</source>
        <translation>调入</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="669" />
        <source>Legend:</source>
        <translation>图例：</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="600" />
        <source>Swap balance</source>
        <translation>进出平衡</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="614" />
        <source>Control line</source>
        <translation>控制线</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="592" />
        <source>Swapped out (ha)</source>
        <translation>调出（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="592" />
        <source>Swapped in (ha)</source>
        <translation>调入（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="592" />
        <source>In minus out (ha)</source>
        <translation>调入减调出（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="602" />
        <source>Swapped out: ground in the line before and not after; swapped in: after and not before (进出平衡 when the two are equal).</source>
        <translation>调出：维护前在控制线内、维护后不在的范围；调入：维护后在、维护前不在的范围（两者相等即进出平衡）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="681" />
        <source>Parameters used</source>
        <translation>所用参数</translation>
    </message>
    <message>
        <location filename="../algorithms/styles.py" line="84" />
        <source>Could not apply the style {} to the layer {}: {}</source>
        <translation>无法将样式 {} 应用到图层 {}：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="51" />
        <source>Finds where the three control lines overlap (三线冲突): permanent basic farmland and the ecological protection red line, permanent basic farmland and the urban development boundary, the red line and the boundary. The three lines must neither cross nor overlap (三条控制线不交叉不重叠); every overlap must be removed or explained.

Give at least two of the three lines. Each feature of one line is intersected with each feature of the other that it overlaps; the overlap is split into single polygons, and polygons under the minimum area are digitising slivers and are dropped. Where features of one line overlap each other (a duplicated parcel), their common ground is counted once, for the first of them, and the features are named in a warning.

Output: one polygon per overlap, with KIND (e.g. 永久基本农田∩生态保护红线), its area MJ_MU (mu) and MJ_HA (ha), followed by the attributes of the features of both lines it lies in (fields of the other lines stay empty; a field name already taken gets a suffix _2, _3). The totals per pair (PBF_EPR_HA, PBF_UDB_HA, EPR_UDB_HA) are the sums of the polygons, so they match the map.</source>
        <translation>查找三条控制线相互重叠的范围（三线冲突）：永久基本农田与生态保护红线、永久基本农田与城镇开发边界、生态保护红线与城镇开发边界。三条控制线不交叉不重叠，每处重叠都应消除或说明理由。

至少给出三条控制线中的两条。一条控制线的每个要素与另一条控制线中与其重叠的每个要素求交，重叠部分拆分为单部件图斑；小于最小面积的图斑视为数字化产生的细碎图斑，予以忽略。同一控制线的要素相互重叠时（如重复图斑），重叠部分只计一次，计入其中第一个要素，并在警告中列出这些要素。

输出：每处重叠一个图斑，含 KIND（如 永久基本农田∩生态保护红线）、面积 MJ_MU（亩）和 MJ_HA（公顷），其后为所在两条控制线要素的全部属性（另一条控制线的字段为空；重名字段加后缀 _2、_3）。各类重叠的合计（PBF_EPR_HA、PBF_UDB_HA、EPR_UDB_HA）等于对应图斑面积之和，图数一致。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="216" />
        <source>Layer {}: features {}{} overlap each other where they meet another line; the overlapping ground is counted once, for the first of them (its attributes are written). A control line's features should not overlap: delete the duplicates or remove the overlaps (e.g. with Delete duplicate geometries).</source>
        <translation>图层 {}：要素 {}{} 在与另一条控制线相交处相互重叠；重叠部分只计一次，计入其中第一个要素（输出其属性）。同一控制线的要素不应重叠：请删除重复要素或消除重叠（如使用“删除重复几何”）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="500" />
        <source>No land-use parcels are given to take it from.</source>
        <translation>也未给出可从中读取的地类图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="479" />
        <source>The slope row (cultivated land above 15°) stays empty: set SLOPE_FIELD to the field holding the slope grade (1–5), or give LANDUSE with it.</source>
        <translation>坡度15度以上耕地面积一项为空：请将 SLOPE_FIELD 设为存放坡度级别（1–5）的字段，或给出带该字段的地类图斑（LANDUSE）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="483" />
        <source>No land-use parcels are given to take it from. The paddy and irrigated share stays empty: set DLBM_FIELD to the field holding the land-class code, or give LANDUSE.</source>
        <translation>也未给出可从中读取的地类图斑。水田水浇地占比一项为空：请将 DLBM_FIELD 设为存放地类编码的字段，或给出地类图斑（LANDUSE）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="457" />
        <source>Layer {} has no {} field {}; its fields are: {}.</source>
        <translation>图层 {} 没有{}字段 {}；其字段为：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="460" />
        <source>Layer {}: the {} field {} is empty in every feature.</source>
        <translation>图层 {}：{}字段 {} 在所有要素中均为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="553" />
        <source>Layer {} ({} {}): features overlap each other in {} patches (feature ids {}); every area counts the overlapping ground once, for the first of the overlapping features. A control line's features should not overlap: delete the duplicates or remove the overlaps (e.g. with Delete duplicate geometries).</source>
        <translation>图层 {}（{}，{}）：有 {} 个图斑内的要素相互重叠（要素编号 {}）；各项面积中重叠部分只计一次，计入重叠要素中的第一个。同一控制线的要素不应重叠：请删除重复要素或消除重叠（如使用“删除重复几何”）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="559" />
        <source>Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) in {} features (feature ids {}); they are left out of the slope row (cultivated land above 15°), which may therefore be too small. Correct the field.</source>
        <translation>图层 {}：坡度级别字段 {} 中有 {} 个要素的值不是坡度级别（1–5 的整数）（要素编号 {}）；这些要素不计入坡度15度以上耕地面积，该项可能因此偏小。请更正该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="564" />
        <source>Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) in {} parcels under the permanent basic farmland (feature ids {}); they are left out of the slope row (cultivated land above 15°), which may therefore be too small. Correct the field.</source>
        <translation>图层 {}：坡度级别字段 {} 中，永久基本农田范围内有 {} 个地类图斑的值不是坡度级别（1–5 的整数）（要素编号 {}）；这些图斑不计入坡度15度以上耕地面积，该项可能因此偏小。请更正该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="546" />
        <source>Layer {}: {} land-use parcels overlap earlier ones (feature ids {}); their common ground is counted once, for the first parcel. Land-survey parcels should not overlap: check the layer.</source>
        <translation>图层 {}：{} 个地类图斑与前面的图斑重叠（要素编号 {}）；重叠部分只计一次，归属于在前的图斑。地类图斑不应相互重叠，请检查该图层。</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="99" />
        <source>Control line type (output style)</source>
        <translation>控制线类型（输出样式）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="99" />
        <source>Automatic (from the input layer name)</source>
        <translation>自动（按输入图层名称判断）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="99" />
        <source>None (Processing's default style)</source>
        <translation>无（使用处理工具的默认样式）</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="99" />
        <source>Which line the output holds, for its colours when it is loaded into the project: permanent basic farmland yellow, the ecological protection red line green with a red border line, the urban development boundary purple. Automatic reads the input layer's name: pbf, YJJBNT, JBNT or 永久基本农田/基本农田; epr, STBHHX or 生态保护红线; udb, CZKFBJ or 城镇开发边界. A name that matches none (or several) leaves Processing's default style. The results are the same whatever is chosen.</source>
        <translation>输出所属的控制线，决定结果加载到工程时的配色：永久基本农田为黄色，生态保护红线为绿色并在绿色边界上加一条红线，城镇开发边界为紫色。“自动”按输入图层的名称判断：pbf、YJJBNT、JBNT 或 永久基本农田/基本农田；epr、STBHHX 或 生态保护红线；udb、CZKFBJ 或 城镇开发边界。名称与各项都不符（或同时符合多项）时沿用处理工具的默认样式。无论选择哪一项，计算结果都相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="138" />
        <source>The input layer name {} does not say which control line it is, so the output keeps Processing's default style; choose the control line type (output style) to colour it.</source>
        <translation>输入图层名称 {} 看不出是哪条控制线，输出沿用处理工具的默认样式；如需按规划配色，请选择“控制线类型（输出样式）”。</translation>
    </message>
    <message>
        <location filename="../algorithms/safety.py" line="210" />
        <source>Output {output} would overwrite the whole file {path}, which holds what these inputs read: {inputs}. Writing an output to a file replaces every layer in it. Nothing was run. Choose another file for {output}, or save it as a new table of this GeoPackage (in the dialog: Save to GeoPackage…; in a script: ogr:dbname='{path}' table="new_name").</source>
        <translation>输出 {output} 会覆盖整个文件 {path}，而以下输入正是从这个文件读取的：{inputs}。把输出写到一个文件会替换其中的所有图层。未执行任何处理。请为 {output} 另选一个文件，或把它存为这个 GeoPackage 中的一个新表（对话框中：保存到 GeoPackage…；脚本中：ogr:dbname='{path}' table="new_name"）。</translation>
    </message>
    <message>
        <location filename="../algorithms/safety.py" line="215" />
        <source>Output {output} would overwrite table {layer} of {path}, which these inputs read: {inputs}. Nothing was run. Write {output} to a table of another name, or to another file.</source>
        <translation>输出 {output} 会覆盖 {path} 中的表 {layer}，而以下输入正是从这个表读取的：{inputs}。未执行任何处理。请把 {output} 写到另一个名称的表或另一个文件中。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="350" />
        <source>Canceled by the user while a step of the model was running: the outputs are incomplete. Any of these may be missing or incomplete: {}. Do not use the outputs of this run; delete any output file already written.</source>
        <translation>用户在模型的某一步运行时取消：结果不完整。以下输出可能缺失或不完整：{}。请勿使用本次运行的结果，并删除已写出的输出文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="354" />
        <source>Canceled by the user before the model finished: the outputs are incomplete. Not written: {}. Do not use the outputs of this run; delete any output file already written.</source>
        <translation>用户在模型完成前取消：结果不完整。未写出：{}。请勿使用本次运行的结果，并删除已写出的输出文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="357" />
        <source>Canceled by the user as the model finished its last step: every output was written, but the run counts as canceled. Check the outputs before using them, or run the model again.</source>
        <translation>用户在模型完成最后一步时取消：所有输出均已写出，但本次运行视为已取消。使用前请检查这些输出，或重新运行模型。</translation>
    </message>
    <message>
        <location filename="../algorithms/safety.py" line="198" />
        <source>Outputs {} and {} both write to {}{}: one would replace what the other wrote. Nothing was run. Give each output a table of its own (ogr:dbname='…' table="…") or a file of its own.</source>
        <translation>输出 {} 和 {} 都写入 {}{}：一个会替换另一个写入的内容。未执行任何处理。请为每个输出指定各自的表（ogr:dbname='…' table="…"）或各自的文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="71" />
        <source>Inputs: true arcs (curved edges in a GeoPackage or File Geodatabase) are replaced by straight segments at most 0.001 m from them. A shapefile must say its code page (a .cpg file next to it, or the layer's data source encoding, e.g. GBK): text the tool uses that reads garbled stops it, garbled text it only copies into the outputs is named in a warning.</source>
        <translation>输入：真曲线边（GeoPackage 或 File Geodatabase 中的圆弧）按偏差不超过 0.001 米的折线处理。shapefile 须注明代码页（旁边的 .cpg 文件，或图层的数据源编码，如 GBK）：工具要使用的文字若为乱码则停止运行，仅复制到输出中的乱码文字在警告中列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="142" />
        <source>Layer {}: {} features have curved edges (arcs); each arc was replaced by straight segments at most {} m from it before measuring, so areas may differ from the true arc by up to that distance times the arc's length, and outputs hold the straight-edged shapes.</source>
        <translation>图层 {}：{} 个要素含曲线边（圆弧）；计算前每段圆弧都已替换为与其偏差不超过 {} 米的折线，面积与真实圆弧之差不超过该距离乘以弧长，输出中为折线化后的图形。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="146" />
        <source> Their Z and M values are not used (areas are measured in 2-D): shapes computed from these features have none.</source>
        <translation>这些要素的 Z 值和 M 值不参与计算（面积按二维计算），由其计算出的图形不带 Z 值和 M 值。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="149" />
        <source> Their Z values are not used (areas are measured in 2-D): shapes computed from these features have none.</source>
        <translation>这些要素的 Z 值不参与计算（面积按二维计算），由其计算出的图形不带 Z 值。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="152" />
        <source> Their M values are not used (areas are measured in 2-D): shapes computed from these features have none.</source>
        <translation>这些要素的 M 值不参与计算（面积按二维计算），由其计算出的图形不带 M 值。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="243" />
        <source>e.g. '{0}', which reads '{1}' in {2}</source>
        <translation>如“{0}”，按 {2} 解码应为“{1}”</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="245" />
        <source>e.g. '{}': characters were lost in decoding</source>
        <translation>如“{}”：解码时已丢失字符</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="248" />
        <source>Set the layer's encoding to {0} (layer properties → Source → Data source encoding; 图层属性 → 源 → 数据源编码), or put a file {1} containing {0} next to the shapefile, then run again.</source>
        <translation>请将图层的编码设为 {0}（图层属性 → 源 → 数据源编码；layer properties → Source → Data source encoding），或在 shapefile 旁放一个内容为 {0} 的文件 {1}，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="252" />
        <source>Set the layer's encoding to the one the file was written in, GBK for most Chinese shapefiles (layer properties → Source → Data source encoding; 图层属性 → 源 → 数据源编码), or put a file {} containing GBK next to the shapefile, then run again.</source>
        <translation>请将图层的编码设为文件写入时所用的编码，中文 shapefile 多为 GBK（图层属性 → 源 → 数据源编码；layer properties → Source → Data source encoding），或在 shapefile 旁放一个内容为 GBK 的文件 {}，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="256" />
        <source>Layer {}: the text of field {} is garbled ({}), so this run cannot use it: the file is read with the wrong encoding (code page). {}</source>
        <translation>图层 {}：字段 {} 的文字是乱码（{}），本次运行无法使用：文件是按错误的编码（代码页）读取的。{}</translation>
    </message>
    <message>
        <location filename="../algorithms/bridge/messages.py" line="258" />
        <source>Layer {}: the text of fields {} is garbled ({}): the file is read with the wrong encoding (code page), and these fields are copied into the outputs as they are. {}</source>
        <translation>图层 {}：字段 {} 的文字是乱码（{}）：文件是按错误的编码（代码页）读取的，这些字段将原样复制到输出中。{}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="133" />
        <source>it meets no other line, so its conflicts are 0.</source>
        <translation>它与其他控制线均不相交，冲突面积均为 0。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="221" />
        <source>Field holding the land-class code (地类编码, e.g. 0101) in the line, candidate and swap-in features. Codes stored as numbers or without their leading zero (101 for 0101) are written to the outputs in their four-digit form, as text, with a warning; an eligibility or priority expression reading such a field is refused, with the fix. Empty: codes are copied as they are.</source>
        <translation>控制线、候选地块和必须调入的要素中存放地类编码（如 0101）的字段。以数字或缺少前导零的形式存储的编码（如 0101 存为 101）以四位编码、文本形式写入输出，并给出警告；读取此类字段的候选条件或优先级表达式将被拒绝，并说明修正方法。留空：编码按原样复制。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="174" />
        <source>no land can leave the line; the outputs hold only land that must join it.</source>
        <translation>没有可以调出的地块；输出中只有必须调入的地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="162" />
        <source>the expression of {} ({})</source>
        <translation>{} 的表达式（{}）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="184" />
        <source>there are no holes to find, and both outputs are empty.</source>
        <translation>没有可查找的天窗，两个输出均为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="436" />
        <source>permanent basic farmland before maintenance</source>
        <translation>维护前的永久基本农田</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="437" />
        <source>permanent basic farmland after maintenance</source>
        <translation>维护后的永久基本农田</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="438" />
        <source>ecological red line before maintenance</source>
        <translation>维护前的生态保护红线</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="439" />
        <source>ecological red line after maintenance</source>
        <translation>维护后的生态保护红线</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="440" />
        <source>urban development boundary before maintenance</source>
        <translation>维护前的城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="441" />
        <source>urban development boundary after maintenance</source>
        <translation>维护后的城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="442" />
        <source>land-use parcels</source>
        <translation>地类图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="450" />
        <source>the rows computed from the {} are left empty rather than shown as 0.</source>
        <translation>由{}计算的各项指标留空，而不显示为 0。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="597" />
        <source>cultivated land</source>
        <translation>耕地</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="597" />
        <source>forest land</source>
        <translation>林地</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="598" />
        <source>ecological-function land</source>
        <translation>生态功能用地</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="601" />
        <source>Layer {}: no feature has a land-class code of {} ({}) in field {}, so these rows are 0: {}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T 21010 (e.g. 0101){}.</source>
        <translation>图层 {}：没有任何要素的地类编码属于{}（{}，字段 {}），因此以下指标为 0：{}。请检查 DLBM_FIELD 是否为存放 GB/T 21010 地类编码（如 0101）的字段{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="605" />
        <source>Layer {}: no feature has a land-class code of {} ({}) in field {}, so this row is empty: {}. Check that DLBM_FIELD names the field holding the land-class codes of GB/T 21010 (e.g. 0101){}.</source>
        <translation>图层 {}：没有任何要素的地类编码属于{}（{}，字段 {}），因此该项指标为空：{}。请检查 DLBM_FIELD 是否为存放 GB/T 21010 地类编码（如 0101）的字段{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="608" />
        <source> and that ECO_CODES lists the classes wanted</source>
        <translation>，以及 ECO_CODES 是否列出了所需的地类</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_removefragments.py" line="261" />
        <source>there are no patches to check, and both outputs are empty.</source>
        <translation>没有可检查的图斑，两个输出均为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/base.py" line="31" />
        <source>Layer {} ({}) has no features: {} Give the layer that holds it (is a filter set on it, or is it the wrong layer of the file?).</source>
        <translation>图层 {}（{}）没有任何要素：{}请给出包含这些要素的图层（是否对它设置了过滤条件，或者选了文件中错误的图层？）。</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="37" />
        <source>Layer {}: the land-class field {} holds codes as numbers or without their leading zero (e.g. {}); {} values were written to the outputs in their four-digit form (e.g. {}), as text, the way GB/T 21010 writes them (0101, not 101).</source>
        <translation>图层 {}：地类编码字段 {} 中的编码以数字或缺少前导零的形式存储（如 {}）；已将 {} 个值以四位编码（如 {}）作为文本写入输出，与 GB/T 21010 的写法一致（0101 而非 101）。</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="41" />
        <source>Layer {}: the land-class field {} holds codes as numbers or without their leading zero (e.g. {}); {} values were read in their four-digit form (e.g. {}), the way GB/T 21010 writes them (0101, not 101).</source>
        <translation>图层 {}：地类编码字段 {} 中的编码以数字或缺少前导零的形式存储（如 {}）；已将 {} 个值按四位编码读取（如 {}），与 GB/T 21010 的写法一致（0101 而非 101）。</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="46" />
        <source>Layer {}: {} values of the land-class field {} cannot be a code of GB/T 21010 (e.g. {}) and count in no class: correct them.</source>
        <translation>图层 {}：有 {} 个值在地类编码字段 {} 中不可能是 GB/T 21010 的地类编码（如 {}），不计入任何地类：请更正。</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="75" />
        <source>as numbers</source>
        <translation>为数字</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="75" />
        <source>as text without their leading zero</source>
        <translation>为缺少前导零的文本</translation>
    </message>
    <message>
        <location filename="../algorithms/landclass.py" line="76" />
        <source>Layer {}: {} reads the land-class field {}, whose codes are stored {} (e.g. {}). Compared with codes written as text ('0101', left("{}", 2) = '01') they select the wrong land, or none. Store the codes as four-digit text first, e.g. with the field calculator: a text field computed as {} (6 for six-digit codes), then run again.</source>
        <translation>图层 {}：{}读取地类编码字段 {}，而该字段的编码存储{}（如 {}）。与以文本书写的编码（'0101'，left("{}", 2) = '01'）比较时，会选错地块，或一个也选不到。请先把编码存为四位文本，例如用字段计算器新建一个文本字段，表达式为 {}（六位编码用 6），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="244" />
        <source>the model {} (e.g. its step {})</source>
        <translation>模型“{}”（例如其步骤 {}）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="559" />
        <source>Notes on the input data</source>
        <translation>输入数据说明</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="121" />
        <source>Field holding the land-class code (地类编码, e.g. 0101, 0301) in the land-use parcels and, when present, in the permanent basic farmland. Codes stored as numbers or without their leading zero (101 for 0101) are read in their four-digit form, with a warning.</source>
        <translation>地类图斑（以及永久基本农田，如有）中存放地类编码（如 0101、0301）的字段。以数字或缺少前导零的形式存储的编码（如 0101 存为 101）按四位编码读取，并给出警告。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="83" />
        <source>Land-use parcels (latest change survey)</source>
        <translation>地类图斑（最新年度变更调查）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="166" />
        <source>Projects that count</source>
        <translation>计入的项目</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="93" />
        <source>Optional expression on the projects choosing those that count, e.g. "JB" IN ('国家级','自治区级'). Empty: every project counts.</source>
        <translation>可选，对项目图层的表达式，选出计入的项目，例如 "JB" IN ('国家级','自治区级')。留空：全部项目计入。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="91" />
        <source>Project name field</source>
        <translation>项目名称字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="91" />
        <source>Field of the projects holding the project name, written to SJXMMC (涉及项目名称). Empty: none.</source>
        <translation>项目图层中存放项目名称的字段，写入 SJXMMC（涉及项目名称）。留空：不写。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="169" />
        <source>Damaged land beyond repair</source>
        <translation>灾毁和采矿损毁无法修复范围</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="104" />
        <source>Optional polygons of land damaged by disasters or mining that cannot be restored (灾毁、采矿损毁无法修复).</source>
        <translation>可选，因灾毁或采矿损毁无法修复的地块范围（灾毁、采矿损毁无法修复）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="172" />
        <source>Land not meeting the requirements</source>
        <translation>经核实不符合划入要求范围</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="104" />
        <source>Optional polygons of farmland found, after verification, not to meet the requirements for permanent basic farmland (经核实不符合划入要求).</source>
        <translation>可选，经核实不符合永久基本农田划入要求的地块范围（经核实不符合划入要求）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="104" />
        <source>Optional polygons of the mountain and hill zones (山地丘陵地区): a patch with more than half of its area inside them is a fragment under the hilly threshold.</source>
        <translation>可选，山地丘陵地区范围：图斑面积一半以上位于其中时，按山地丘陵地区阈值判断是否为零星破碎图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="120" />
        <source>Fragment threshold (mu)</source>
        <translation>零星破碎图斑阈值（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="120" />
        <source>Patches of the farmland left under this area are fragments (plains: 5 mu).</source>
        <translation>剩余永久基本农田中面积小于该值的图斑为零星破碎图斑（平原地区：5 亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="122" />
        <source>Fragment threshold in mountains and hills (mu)</source>
        <translation>山地丘陵地区零星破碎图斑阈值（亩）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="122" />
        <source>Threshold of hilly patches (3 mu). Used only with mountain and hill zones.</source>
        <translation>山地丘陵地区图斑的阈值（3 亩）。仅在提供山地丘陵地区范围时使用。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="108" />
        <source>Smallest piece (m²)</source>
        <translation>最小地块面积（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="127" />
        <source>Pieces of the first five reasons smaller than this are slivers of boundaries that do not quite match (a 0.1 m offset along 100 m makes 10 m²): they are not listed and stay in the farmland. Default 10 m². Fragments are listed whatever their size.</source>
        <translation>前五种理由中小于该面积的地块是边界不完全吻合产生的碎屑（沿 100 米边界偏差 0.1 米即产生 10 平方米）：不列出，仍留在永久基本农田内。默认 10 平方米。零星破碎图斑不论大小都列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="134" />
        <source>Field holding the land-class code (地类编码, e.g. 0103) of the land-use parcels; the farmland's own field of that name, if any, classes ground that no parcel covers. Codes stored as numbers or without their leading zero are read in their four-digit form, with a warning.</source>
        <translation>地类图斑中存放地类编码（如 0103）的字段；永久基本农田中同名字段（如有）用于给没有地类图斑覆盖的部分归类。以数字存储或缺少前导零的编码按四位形式读取，并给出警告。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="141" />
        <source>Field holding the slope grade (坡度级别 1–5), read from the farmland when it has it, else from the land-use parcels (e.g. GDPDJB). Grades 4 and 5 are above 15°. Empty: no steep candidates.</source>
        <translation>存放坡度级别（1–5）的字段，永久基本农田有该字段时从中读取，否则从地类图斑读取（如 GDPDJB）。4 级和 5 级为 15 度以上。留空：不提出坡度15度以上的候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="147" />
        <source>Field of the farmland holding the location unit code (坐落单位代码); the pieces of each reason are ordered by its first 9 digits (the township) and the log gives the hectares per township. Empty: farmland order.</source>
        <translation>永久基本农田中存放坐落单位代码的字段；每种理由的地块按其前 9 位（乡镇）排序，日志给出各乡镇面积（公顷）。留空：按永久基本农田要素顺序。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="165" />
        <source>Swap-out candidates</source>
        <translation>调出候选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="165" />
        <source>One feature per candidate piece with the farmland's attributes plus TZYY, HCYY, MJ_M2, MJ_MU, MJ_HA, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ, SJXMMC and SFTC (1: swap out; set 0 on what stays).</source>
        <translation>每个候选地块一个要素，保留永久基本农田属性，并增加 TZYY、HCYY、MJ_M2、MJ_MU、MJ_HA、GDMJ、QTNYDMJ、JSYDMJ、WLYDMJ、SJXMMC 和 SFTC（1：调出；保留的地块改为 0）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="29" />
        <source>Key construction projects (ha)</source>
        <translation>重点建设项目（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="29" />
        <source>Damaged beyond repair (ha)</source>
        <translation>灾毁和采矿损毁无法修复（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="30" />
        <source>Non-cultivated in the change survey (ha)</source>
        <translation>变更调查非耕地（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="31" />
        <source>Not meeting the requirements (ha)</source>
        <translation>经核实不符合划入要求（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="31" />
        <source>Slope above 15° (ha)</source>
        <translation>坡度15度以上（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="32" />
        <source>Fragments (ha)</source>
        <translation>零星破碎（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="171" />
        <source>All candidates (ha)</source>
        <translation>全部候选地块（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="222" />
        <source>A project filter (PROJECT_FILTER) is given without the projects layer (PROJECTS).</source>
        <translation>给出了项目筛选条件（PROJECT_FILTER），但没有提供项目图层（PROJECTS）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="135" />
        <source>The project filter (PROJECT_FILTER) {} cannot be read: {}</source>
        <translation>项目筛选条件（PROJECT_FILTER）{} 无法解析：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="242" />
        <source>Layer {} ({}) has no field {} ({}). Its fields are: {}. Set {} to one of them.</source>
        <translation>图层 {}（{}）没有字段 {}（{}）。其字段为：{}。请将 {} 设为其中之一。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="264" />
        <source>Layer {}: {} values of the slope grade field {} are no grade 1–5 (features {}); that land is never taken as steep.</source>
        <translation>图层 {0}：坡度级别字段 {2} 中有 {1} 个值不是 1–5 级（要素 {3}）；这些地块不会被视为坡度15度以上。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="285" />
        <source>Layer {}: {} of {} projects count ({}).</source>
        <translation>图层 {0}：{2} 个项目中计入 {1} 个（{3}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="310" />
        <source>there is no farmland to swap out, and the output is empty.</source>
        <translation>没有可调出的永久基本农田，输出为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="321" />
        <source>No slope grade field (SLOPE_FIELD) is set: no farmland is proposed as steep.</source>
        <translation>未设置坡度级别字段（SLOPE_FIELD）：不提出坡度15度以上的候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="66" />
        <source>Layer {} already has fields named like the candidates' own ({}): the new values replace them.</source>
        <translation>图层 {} 已有与候选地块新增字段同名的字段（{}）：以新值替换。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="113" />
        <source>Layer {}: {} features overlap an earlier feature; the common ground counts once, for the first (duplicates?): ids {}</source>
        <translation>图层 {}：有 {} 个要素与读取顺序在前的要素重叠；重叠部分只计一次，归在前者（是否重复？）：要素 ID {}</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="118" />
        <source>Layer {}: {} parcels under the farmland overlap an earlier parcel; the common ground takes the class of the first: ids {}</source>
        <translation>图层 {}：永久基本农田下有 {} 个地类图斑与读取顺序在前的图斑重叠；重叠部分按在前者的地类计：要素 ID {}</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="126" />
        <source>{} candidate pieces hold {:.2f} m² under no land-use parcel or under a code of no class; that ground is counted in the class of its farmland feature's own code (cultivated without one).</source>
        <translation>{} 个候选地块中共有 {:.2f} 平方米没有地类图斑覆盖或地类编码无法归类；这部分按所属永久基本农田要素自身的地类编码归类（没有编码时计为耕地）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="140" />
        <source>{} {}: {} pieces, {:.4f} ha ({:.2f} mu).</source>
        <translation>{} {}：{} 块，{:.4f} 公顷（{:.2f} 亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="143" />
        <source>{} pieces under the smallest piece ({:.3f} m² together) stay in the farmland.</source>
        <translation>另有 {} 块小于最小地块面积（合计 {:.3f} 平方米），仍留在永久基本农田内。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="148" />
        <source>Township {}: {:.4f} ha.</source>
        <translation>乡镇 {}：{:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="154" />
        <source>Candidates: {} pieces, {:.4f} ha; patches of the farmland left: {}, fragments: {}; area method {}.</source>
        <translation>候选地块：{} 块，{:.4f} 公顷；剩余永久基本农田图斑：{} 个，其中零星破碎图斑：{} 个；面积计算方式：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="302" />
        <source>Neither layer {} (PBF) nor layer {} (LANDUSE) has the slope grade field {} (SLOPE_FIELD). Their fields are: {}; {}. Set SLOPE_FIELD to one of them, or leave it empty.</source>
        <translation>图层 {}（PBF）和图层 {}（LANDUSE）都没有坡度级别字段 {}（SLOPE_FIELD）。它们的字段分别为：{}；{}。请将 SLOPE_FIELD 设为其中之一，或留空。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="257" />
        <source> On the table's basis: net of field ridges when they are deducted (DEDUCT_KCXS), else the map area. 0 or empty: no target.</source>
        <translation>按表的面积口径比较：扣除田坎（DEDUCT_KCXS）时为净面积，否则为图斑面积。0 或留空表示无目标。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="259" />
        <source>Permanent basic farmland protection task (ha)</source>
        <translation>永久基本农田保护任务（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="259" />
        <source>永久基本农田保护任务 set by the higher-level plan, in hectares (e.g. 54 188.01). Compared with the farmland's area after maintenance (PBF_AFTER), or before it when no after state is given; the table gets a row saying met (达标) or not met (未达标), with the margin.</source>
        <translation>上级规划下达的永久基本农田保护任务，单位公顷（如 54 188.01）。与维护后的永久基本农田面积（PBF_AFTER）比较，未给出维护后状态时与维护前面积比较；表中增加一行，注明达标或未达标及差额。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="213" />
        <source>Cultivated land to retain (ha)</source>
        <translation>耕地保有量目标（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="259" />
        <source>耕地保有量 target in hectares. Compared with the cultivated land (0101, 0102, 0103) of the land-use parcels (LANDUSE), which maintenance does not change.</source>
        <translation>耕地保有量目标，单位公顷。与地类图斑（LANDUSE）中的耕地（0101、0102、0103）面积比较，该面积不随动态维护变化。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="216" />
        <source>Forest land to retain (ha)</source>
        <translation>林地保有量目标（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="259" />
        <source>林地保有量 target in hectares. Compared with the forest land (03xx) of the land-use parcels (LANDUSE), inside the county boundary when it is given. Always the map area: field ridges are deducted from cultivated land only. 0 or empty: no target.</source>
        <translation>林地保有量目标，单位公顷。与地类图斑（LANDUSE）中的林地（03xx）面积比较，给出县域边界时只计边界内。始终按图斑面积：田坎只从耕地扣除。0 或留空表示无目标。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="293" />
        <source>{} is given but {} is not: the target is not checked. Give the layer, or leave the target empty.</source>
        <translation>给出了 {}，但未给出 {}：该目标无法核算。请给出该图层，或将目标留空。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="210" />
        <source>PBF protection task (ha)</source>
        <translation>永久基本农田保护任务（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="210" />
        <source>Optional 永久基本农田保护任务 in hectares: the indicator table says whether the farmland after maintenance meets it, and by how much. 0 or empty: no target.</source>
        <translation>可选，永久基本农田保护任务（公顷）：指标表注明维护后的永久基本农田是否达标及差额。0 或留空表示无目标。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="213" />
        <source>Optional 耕地保有量 target in hectares, compared with the cultivated land of the land-survey parcels. 0 or empty: no target.</source>
        <translation>可选，耕地保有量目标（公顷），与地类图斑中的耕地面积比较。0 或留空表示无目标。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="216" />
        <source>Optional 林地保有量 target in hectares, compared with the forest land of the land-survey parcels. 0 or empty: no target.</source>
        <translation>可选，林地保有量目标（公顷），与地类图斑中的林地面积比较。0 或留空表示无目标。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="408" />
        <source>Area basis: gross. Every area is the map area of the parcels; field ridges are not deducted.</source>
        <translation>面积口径：不扣除田坎。各项面积均按图斑面积计，未扣除田坎。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Area compared</source>
        <translation>核对面积</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Target (ha)</source>
        <translation>目标（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Value (ha)</source>
        <translation>核算值（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="415" />
        <source>Margin (ha)</source>
        <translation>差额（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="423" />
        <source>Binding targets (约束性指标)</source>
        <translation>约束性指标核对</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="423" />
        <source>A target is met when the value is at least the target; the margin is the value minus the target, rounded to 1 m². The farmland's task is compared with its area after maintenance when there is one, the other targets with the land-use parcels.</source>
        <translation>核算值不低于目标即为达标；差额为核算值减目标，精确到1平方米。永久基本农田保护任务与维护后的永久基本农田面积比较（有维护后状态时），其余目标与地类图斑比较。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_indicators.py" line="102" />
        <source>Computes the indicator tables of a maintenance scheme (优化成效指标表, like tables 5-1, 5-2 and 5-3) from the maps, so numbers and maps agree (图数一致): for each control line its goals (优化导向), indicators (具体指标), the value before (调整前), after (调整后) and the change (变化).

Give the lines before maintenance and, to fill the after column, the lines after it. Every input is optional: the rows appear for what is given. Permanent basic farmland: area, contiguity (亩/个: area per merged patch), fragments (碎图斑: patches under 5 mu in the plains, 3 mu in mountains and hills), share of paddy and irrigated land, share of high-standard farmland, cultivated land above 15° slope. With the land-use parcels: cultivated land retained (耕地保有量), forest land and, with the county boundary, forest cover. Ecological red line: area, ecological-function land and cultivated land in it, patches under 1 km², holes (天窗), small holes and farmland in holes. Urban development boundary: area, expansion factor (with the baseline urban construction land), fragments under 15 mu, holes and holes holding farmland, and in the central urban area road density and the 5-minute walk coverage of parks. With two lines or more: their overlaps (三线冲突).

Binding targets (约束性指标, ha, optional): the protection task of the permanent basic farmland (保护任务) is compared with its area after maintenance, cultivated land to retain (耕地保有量) and forest land to retain (林地保有量) with the land-use parcels; each gets a row saying met (达标) or not met (未达标) and the margin. The table's last row and the report's header say the area basis: map areas, or cultivated land net of field ridges when they are deducted.

Features of a line are merged into patches where they touch or overlap (按邻近图斑融合后统计), or lie closer than the merge distance. The slope and land class of the farmland come from its own fields, or else from the land-use parcels under it (area of each overlap). Land use, forest and the county do not change with maintenance: their after value repeats the before value. Where features of a line overlap each other (a duplicated parcel), every row counts their common ground once, with the attributes of the first of them; slope grades that are not whole numbers 1–5 are left out of the slope row. Both are named in a warning.

Outputs: a table with the columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化 (save it as .xlsx or .csv for the scheme), and an HTML report with the three tables laid out like the scheme, the conflict summary, the parameters used, and before/after maps of each line with the land swapped out and in.</source>
        <translation>根据图形计算动态维护方案的优化成效指标表（同方案表 5-1、5-2、5-3），使图数一致：每条控制线的优化导向、具体指标、调整前、调整后及变化。

输入维护前的控制线；如需填写“调整后”一栏，再输入维护后的控制线。所有输入均为可选，给出哪些图层就计算哪些指标。永久基本农田：面积、耕地连片度（亩/个，即每个融合后图斑的平均面积）、碎图斑（平原地区5亩以下、山地丘陵地区3亩以下）、水田水浇地占比、高标准农田占比、坡度15度以上耕地面积。给出地类图斑时：耕地保有量、林地保有量；再给出县域边界时：森林覆盖率。生态保护红线：面积、红线内生态功能用地和耕地面积、面积小于1平方公里的图斑数量、天窗个数、5亩以下天窗及天窗内永久基本农田。城镇开发边界：面积、扩展倍数（需基期城镇建设用地）、15亩以下零星破碎图斑、天窗及含永久基本农田的天窗，以及中心城区道路网络密度和公园绿地、广场步行5分钟覆盖率。给出两条及以上控制线时：三线冲突（重叠）面积。

约束性指标（公顷，可选）：永久基本农田保护任务与维护后的永久基本农田面积比较，耕地保有量和林地保有量与地类图斑比较；每项目标占一行，注明达标或未达标及差额。表的最后一行和报告开头注明面积口径：图斑面积，或扣除田坎时耕地按净面积计。

同一控制线的要素按邻近图斑融合后统计：相接或重叠，或间距小于融合距离的要素合为一个图斑。永久基本农田的坡度级别和地类取自其自身字段，缺少时取自其下的地类图斑（按相交面积）。地类、林地和县域不随动态维护变化，其“调整后”数值与“调整前”相同。同一控制线的要素相互重叠时（如重复图斑），各项指标中重叠部分只计一次，按其中第一个要素的属性统计；不是 1–5 整数的坡度级别不计入坡度15度以上耕地面积。两种情况都会在警告中列出。

输出：一张含 控制线、优化导向、具体指标、单位、调整前、调整后、变化 各列的表（可存为 .xlsx 或 .csv 用于方案文本），以及一份 HTML 报告：按方案格式排列的三张指标表、三线冲突汇总、所用参数，以及各控制线维护前后的示意图（标出调出和调入地块）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="136" />
        <source>Count cultivated land as area × (1 − KCXS): cultivated land retained, the farmland's area, shares, slope row and contiguity, cultivated land in the red line, and the protection task and cultivated land targets compared with them. The ratio comes from the farmland's own field, or else from the land-use parcels under it. The table's last row (面积口径) and the report's header say which basis was used.</source>
        <translation>耕地面积按 面积 ×（1 − 扣除系数）计算：耕地保有量、永久基本农田面积及各项比例、坡度15度以上耕地面积、耕地连片度、生态保护红线内耕地面积，以及与之比较的永久基本农田保护任务和耕地保有量目标。扣除系数优先取永久基本农田自身字段，缺少时取其下的地类图斑。表的最后一行（面积口径）和报告开头注明所用口径。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="262" />
        <source>Reviewed swap-out candidates</source>
        <translation>已审核的调出候选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="262" />
        <source>Optional output of Swap-out candidates of the farmland, after review: only the pieces with SFTC = 1 leave, each with its own reason (TZYY, HCYY, SJXMMC); pieces with SFTC = 0 stay and are listed in the ledger as reviewed and kept (不调出). SFTC must be 1 or 0 on every piece. Used together with the swap-out polygons, a piece kept wins where they overlap.</source>
        <translation>可选。“永久基本农田调出候选地块识别”的输出经审核后的图层：只有 SFTC = 1 的地块调出，各带其调出原因（TZYY、HCYY、SJXMMC）；SFTC = 0 的地块保留，并在台账中列为已审核不调出（不调出）。每个地块的 SFTC 都必须为 1 或 0。与必须调出的图斑同时使用时，二者重叠处以保留的地块为准。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="271" />
        <source>Reason of balancing swap-outs</source>
        <translation>进出平衡调出原因</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="271" />
        <source>Reason written into TZYY for candidate land swapped out to balance the line, e.g. 矛盾冲突调出 for the red line or 现状无建设需求 for the development boundary. Empty: 进出平衡调出.</source>
        <translation>为实现进出平衡而调出的备选地块写入 TZYY 的原因，例如生态保护红线用“矛盾冲突调出”，城镇开发边界用“现状无建设需求”。为空时为“进出平衡调出”。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="277" />
        <source>Land-use parcels for the record</source>
        <translation>划入划出记录用地类图斑</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="322" />
        <source>Change record (划入划出记录)</source>
        <translation>划入划出记录</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="322" />
        <source>Optional record of every piece that joined or left the line, and of every reviewed piece kept, with the fields of the old national 基本农田划入划出 attribute table (see the help).</source>
        <translation>可选。记录每个调入或调出控制线的地块以及每个经审核保留的地块，字段依照原国家基本农田划入划出属性表（见帮助）。</translation>
    </message>
    <message>
        <location filename="../algorithms/review.py" line="23" />
        <source>Layer {} ({}) has no field {} (是否调出). Give the swap-out candidates of planmaint:swapcandidates after review: {} = 1 on each piece that leaves the line, 0 on each piece that stays. Its fields are: {}.</source>
        <translation>图层 {}（{}）没有字段 {}（是否调出）。请提供 planmaint:swapcandidates 输出并经审核的调出候选地块：调出的地块 {} = 1，保留的地块为 0。该图层的字段有：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="227" />
        <source>Layer {} ({}) has no land-class field {} ({}): the record's land-class breakdown reads it. Its fields are: {}. Set {} to the field holding the land-class code.</source>
        <translation>图层 {}（{}）没有地类编码字段 {}（{}）：划入划出记录的分地类面积需要读取它。该图层的字段有：{}。请将 {} 设为存放地类编码的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/review.py" line="38" />
        <source>Layer {} ({}): field {} must be 1 (the piece leaves the line) or 0 (it stays) on every feature; {} features hold another value or none (feature ids {}). Set {} on them and run again.</source>
        <translation>图层 {}（{}）：字段 {} 在每个要素上都必须为 1（调出）或 0（保留）；有 {} 个要素为其他值或为空（要素编号 {}）。请为其填写 {} 后重新运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="34" />
        <source>Layer {}: {} reviewed pieces leave ({:.4f} ha); {} stay in the line and are listed as reviewed and kept ({:.4f} ha).</source>
        <translation>图层 {}：{} 个已审核地块调出（{:.4f} 公顷）；{} 个保留在控制线内，列为已审核不调出（{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="81" />
        <source>Writes a synthetic county, shaped like third land-survey (三调) data, to a GeoPackage in EPSG:4549 (CGCS2000 3-degree Gauss-Krüger, CM 120°E). The same parcel count and seed always give the same county, so it serves for trying the tools, for tests and for benchmarks.

Layers: landuse (DLTB-like parcels covering the county: BSM, DLBM, DLMC, ZLDWDM, TBMJ, KCXS, PDJB), pbf (parcel-level permanent basic farmland, with steep parcels and fragments), epr (ecological protection red line with holes, some holding farmland), udb (urban development boundary around towns, with holes), hsf (high-standard farmland), projects (key construction projects, fields as in table 5-4 of a maintenance scheme, and JB, the project's level: 国家级, 自治区级, 市级 or 县级), hilly_areas (mountain and hill zones), urban_baseline (2020 urban construction land) and towns.

Three more layers hold what a maintenance finds against the farmland, sized in the proportions of the seed scheme (of a county of about 3 040 km²: 16.82 ha damaged, 300.45 ha unsuitable, 99.60 ha no longer cultivated), none of them under a project: damaged (灾毁、采矿损毁无法修复: patches across parcel boundaries with SHLB, the category 采矿损毁 or 自然灾害损毁; SHLX, the type 挖损, 塌陷, 水毁 or 滑坡; SHNF, the year; ZLDWDM, the location code of the farmland parcel at the centre; XZQMC, the township; MJ, m²), unqualified (经核实不符合划入要求: whole farmland parcels with BSM, the parcel's id; BFHYY, why it is unsuitable; HSNF, the year of the verification; ZLDWDM; XZQMC; MJ) and landuse_2024 (the land use of the 2024 change survey: landuse with some farmland parcels no longer cultivated, for the reason 变更调查"非耕地"). They and JB are drawn after everything else: the other layers are the same as without them.

Parcels: about how many land-survey parcels to make (1 000 – 500 000). Seed: changes the terrain and layout.</source>
        <translation>生成一个仿照第三次全国国土调查（三调）数据结构的示例县域，写入 EPSG:4549（CGCS2000 3 度带高斯-克吕格，中央经线 120°E）的 GeoPackage。相同的图斑数量与随机种子总是生成相同的县域，可用于试用工具、测试和性能评测。

图层：landuse（覆盖全县的地类图斑：BSM、DLBM、DLMC、ZLDWDM、TBMJ、KCXS、PDJB），pbf（图斑级永久基本农田，含坡度 15 度以上地块和碎图斑），epr（生态保护红线，含天窗，部分天窗内有永久基本农田），udb（城镇开发边界，含天窗），hsf（高标准农田），projects（重点建设项目，字段同维护方案表 5-4，另有 JB 项目级别：国家级、自治区级、市级或县级），hilly_areas（山地丘陵区），urban_baseline（2020 年城镇建设用地）以及 towns（乡镇驻地）。

另有三个图层记录维护中发现的不宜保留的耕地，面积按维护方案的比例生成（约 3 040 平方公里的县域中：灾毁 16.82 公顷、不符合划入要求 300.45 公顷、不再是耕地 99.60 公顷），均不在建设项目范围内：damaged（灾毁、采矿损毁无法修复：跨图斑边界的地块，SHLB 损毁类别，采矿损毁或自然灾害损毁；SHLX 损毁类型，挖损、塌陷、水毁或滑坡；SHNF 损毁年份；ZLDWDM 中心处永久基本农田图斑的坐落单位代码；XZQMC 乡镇名称；MJ 面积，平方米），unqualified（经核实不符合划入要求：整块永久基本农田图斑，BSM 图斑标识码；BFHYY 不符合原因；HSNF 核实年份；ZLDWDM；XZQMC；MJ）以及 landuse_2024（2024 年度变更调查地类图斑：部分永久基本农田图斑已不再是耕地的 landuse，用于“变更调查非耕地”调出原因）。这些图层和 JB 在其他内容之后生成：其他图层与不生成它们时完全相同。

图斑数量：大致生成多少个地类图斑（1 000 – 500 000）。随机种子：改变地形与布局。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="155" />
        <source>Already reviewed candidates</source>
        <translation>已审核的候选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="155" />
        <source>Optional output of an earlier run after the technician's review. Given, nothing is computed: every piece must have SFTC 1 or 0, and the layer is copied to the output unchanged, with its hectares per reason code (HCYY). The model takes the reviewed candidates this way; without them it uses the candidates it finds, all accepted.</source>
        <translation>可选，此前运行的输出经技术人员审核后的图层。给出时不再计算：每个地块的 SFTC 必须为 1 或 0，图层原样复制到输出，并按划出原因代码（HCYY）统计面积（公顷）。模型即以此方式接收已审核的候选地块；未给出时使用自行识别的候选地块，并全部接受。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="150" />
        <source>Land-survey parcels (地类图斑) of the latest land-change survey, with DLBM and PDJB: the farmland on non-cultivated land leaves, the candidates for swaps, and the base of the cultivated-land indicators.</source>
        <translation>最新年度变更调查的地类图斑，含 DLBM、PDJB 字段：据此调出位于非耕地上的永久基本农田，它们也是调入调出的候选地块和耕地类指标的基础。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="166" />
        <source>Optional expression choosing the projects whose farmland swaps out, e.g. "JB" IN ('国家级','自治区级'). Empty: every project counts.</source>
        <translation>可选，选择其永久基本农田需调出的项目的表达式，例如 "JB" IN ('国家级','自治区级')。为空时全部项目都计入。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="169" />
        <source>Optional polygons of land damaged by disasters or mining that cannot be restored (灾毁、采矿损毁无法修复): the farmland in them swaps out.</source>
        <translation>可选，灾毁、采矿损毁无法修复的土地范围：其中的永久基本农田调出。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="172" />
        <source>Optional polygons of farmland found, after verification, not to meet the requirements (经核实不符合划入要求): it swaps out.</source>
        <translation>可选，经核实不符合永久基本农田划入要求的地块范围：其中的永久基本农田调出。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="189" />
        <source>Reviewed PBF swap-out candidates</source>
        <translation>已审核的永久基本农田调出候选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="189" />
        <source>Optional output of Swap-out candidates of the farmland after the technician's review: only its pieces with SFTC = 1 leave the farmland, those with SFTC = 0 stay. Empty: the model finds the candidates itself and accepts them all.</source>
        <translation>可选，调出候选地块识别的输出经技术人员审核后的图层：只有 SFTC = 1 的地块调出永久基本农田，SFTC = 0 的地块保留。为空时模型自行识别候选地块并全部接受。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="101" />
        <source>Layer {}: {} pieces have no reason code HCYY of Swap-out candidates of the farmland (feature ids {}); they count in the total only.</source>
        <translation>图层 {}：{} 个地块没有调出候选地块识别给出的划出原因代码 HCYY（要素编号 {}），只计入合计。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="104" />
        <source>Reviewed candidates of layer {} passed on unchanged: {} pieces leave ({:.4f} ha), {} stay ({:.4f} ha).</source>
        <translation>图层 {} 的已审核候选地块已原样传递：{} 个地块调出（{:.4f} 公顷），{} 个地块保留（{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="144" />
        <source>Stable cultivated land (稳定耕地)</source>
        <translation>稳定耕地</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="144" />
        <source>Optional expression on the candidates marking stable cultivated land (稳定耕地), which the seed asks of farmland swap-ins: only candidates for which it is true are used, besides the eligible ones, e.g. "WDGD" = 1 for a field that marks it, or overlay_within('stable_land') for parcels inside such a layer of the project. The messages say how much eligible land it left out (m²).</source>
        <translation>可选。标识稳定耕地的备选地块表达式（方案要求永久基本农田调入地块为稳定耕地）：在符合筛选条件的基础上，只使用表达式为真的备选地块，例如用字段标识时写 "WDGD" = 1，或用工程中的稳定耕地图层时写 overlay_within('stable_land')。运行信息会说明因此排除了多少符合条件的面积（平方米）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="153" />
        <source>Swap-ins grow from the line: only candidates touching the line or land already chosen, best priority first, before any detached one. Swap-outs peel from the line's outer edge, so no new hole appears. Off: candidates are taken in priority order wherever they lie (swap-ins only when detached land is allowed).</source>
        <translation>调入从控制线向外生长：先选与控制线或已选地块相邻的备选地块（优先级高者优先），相邻地块用尽后才选不相邻的。调出从控制线外边界向内剥离，不产生新的天窗。关闭时按优先级选取，不论位置（调入仅在允许不相邻地块时如此）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="160" />
        <source>Allow detached land</source>
        <translation>允许不相邻地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="160" />
        <source>Off (default): a swap-in is only candidate land connected to the line through a chain of adjacent candidates (sharing a stretch of boundary), as the seed asks (与现状永久基本农田集中连片); swap-ins then grow from the line even with adjacent first off, and when the connected land is not enough the run stops saying how much is missing. On: detached candidates are taken once the connected ones run out. Swap-outs are not affected.</source>
        <translation>关闭（默认）：只调入通过一串相邻备选地块（共用一段边界）与控制线相连的土地，符合方案“与现状永久基本农田集中连片”的要求；此时即使关闭“优先相邻地块”，调入也从控制线向外生长；相连土地不足时运行终止并说明缺少多少。开启：相连地块用尽后再选取不相邻的备选地块。不影响调出。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="229" />
        <source>Optional high-standard farmland polygons (高标准农田): only candidate land inside them is swapped in (see the next parameters), and the ledger compares their share in the land swapped in and out.</source>
        <translation>可选。高标准农田图斑：只有备选地块位于其内的部分可以调入（见后续参数），台账将对比调入与调出地块中高标准农田的占比。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="245" />
        <source>Only existing high-standard farmland joins</source>
        <translation>仅调入现状高标准农田</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="245" />
        <source>Given the high-standard farmland layer: candidate land is clipped to its part inside the high-standard farmland polygons, so only existing high-standard farmland (现状已建高标准农田) is swapped in, as the seed asks; pieces smaller than the smallest usable piece after the clip are dropped. Land that must swap in is not clipped, nor is land swapped out. Off: high-standard farmland is only a priority (high-standard farmland first). Without the layer it does nothing.</source>
        <translation>提供高标准农田图层时：备选地块裁剪为其位于高标准农田图斑内的部分，按方案要求只调入现状已建高标准农田；裁剪后小于备选地块最小可用面积的碎块不使用。必须调入的地块和调出地块不裁剪。关闭：高标准农田仅作为优先条件（高标准农田优先）。未提供该图层时不起作用。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="255" />
        <source>Lower quality is an error</source>
        <translation>质量降低时报错</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="255" />
        <source>When the land swapped in has a higher area-weighted mean slope grade, or a lower high-standard farmland share, than the land swapped out, stop the run with an error naming both figures before anything is written. Off (default): a warning. The seed asks that the quality of swapped-in land be not lower (质量不降低).</source>
        <translation>调入地块的面积加权平均坡度级别高于调出地块，或高标准农田占比低于调出地块时，在写出任何结果之前报错终止运行，并列出两项数值。关闭（默认）：仅给出警告。方案要求调入地块质量不降低。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="277" />
        <source>Optional land-use parcels (地类图斑): the record's GDMJ, QTNYDMJ, JSYDMJ and WLYDMJ come from the overlay of each piece with them, by the land-class field (DLBM_FIELD). Without them each piece counts in the class of its own feature's code (a reviewed piece by its own GDMJ … fields; cultivated without a code). On the net area basis (AREA_BASIS) they also give the field-ridge deduction ratio (KCXS_FIELD) of the land whose own feature has none. Read only when the record is asked for or the net basis needs them.</source>
        <translation>可选。地类图斑：划入划出记录中的 GDMJ、QTNYDMJ、JSYDMJ、WLYDMJ 由各地块与其叠加、按地类编码字段（DLBM_FIELD）计算。未提供时，每个地块按其来源要素的地类编码整块归类（已审核地块按其自身的 GDMJ 等字段；没有编码时计为耕地）。在净面积口径（AREA_BASIS）下，来源要素自身没有田坎扣除系数（KCXS_FIELD）的土地也由其提供系数。仅在需要输出划入划出记录或净面积口径需要时读取。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="330" />
        <source>Area swapped out (ha, on the area basis)</source>
        <translation>调出面积（公顷，按所选面积口径）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="331" />
        <source>Area swapped in (ha, on the area basis)</source>
        <translation>调入面积（公顷，按所选面积口径）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_edgeswap.py" line="332" />
        <source>Balance: area after minus before (m², on the area basis)</source>
        <translation>进出平衡差值：调整后减调整前面积（平方米，按所选面积口径）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_io.py" line="323" />
        <source>Layer {}: the stable cultivated land expression (STABLE: {}) gives neither true nor false for features {}. Give a condition, e.g. "WDGD" = 1.</source>
        <translation>图层 {}：稳定耕地表达式（STABLE：{}）对要素 {} 既不为真也不为假。请给出条件表达式，例如 "WDGD" = 1。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="29" />
        <source>Area basis of the balance</source>
        <translation>进出平衡面积口径</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="29" />
        <source>Gross map area</source>
        <translation>毛面积（图斑面积）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="29" />
        <source>Net of field ridges (area × (1 − KCXS))</source>
        <translation>扣除田坎净面积（面积 ×（1 − KCXS））</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="37" />
        <source>Gross (default): the balance is kept on map area. Net: on area net of field ridges, the basis farmland quotas are set in: every piece counts its map area × (1 − KCXS), the ratio of the feature it comes from (the line's feature for land leaving, the swap-in or candidate feature for land joining), or, where that feature has no ratio, of the land-use parcels (LANDUSE) under the piece. The last candidate is cut to the net area still needed, the tolerance without split is net, and OUT_HA, IN_HA and BALANCE_M2 are net.</source>
        <translation>毛面积（默认）：按图斑面积保持进出平衡。净面积：按扣除田坎后的净面积保持平衡，即下达耕地保护任务所用的口径：每个地块按 图斑面积 ×（1 − KCXS）计，系数取其来源要素（调出的土地取控制线要素，调入的土地取必须调入要素或备选要素），来源要素没有系数时取地块下土地利用图斑（LANDUSE）的系数。最后一个备选地块切分至仍需的净面积，不切分时的容差按净面积计，OUT_HA、IN_HA 和 BALANCE_M2 均为净面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="43" />
        <source>Field holding the field-ridge deduction ratio (扣除系数 KCXS, a fraction such as 0.061) in the line, swap-in, candidate and land-use features; read only on the net basis. A value outside 0 (included) to 1 (excluded) stops the run.</source>
        <translation>控制线、必须调入、备选地块和土地利用图斑中存放田坎扣除系数（扣除系数 KCXS，小数，如 0.061）的字段；仅在净面积口径下读取。取值不在 0（含）至 1（不含）之间时停止运行。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="51" />
        <source>Area basis (AREA_BASIS): gross map area (default), or net of field ridges, the basis farmland quotas are set in. Net: each piece counts its map area × (1 − KCXS) (field KCXS_FIELD) of the feature it comes from: the line's feature for land leaving, the swap-in or candidate feature for land joining. Where that feature has no such field or a NULL value, the land-use parcels (LANDUSE) under the piece give it: the piece counts its map area minus each parcel's share of it times the parcel's ratio; without them it counts its whole map area (KCXS 0), with a warning. The balance is then exact on net area (the last candidate is cut to the net area still needed: needed ÷ (1 − KCXS) of map area), the tolerance without split is net, the ledger has the net area beside the map area (NET_M2, NET_MU, NET_HA, and BASIS), and OUT_HA, IN_HA and BALANCE_M2 are net. The record's TBMJ stays the map area.</source>
        <translation>面积口径（AREA_BASIS）：图斑面积（默认），或扣除田坎后的净面积，即下达耕地保护任务所用的口径。净面积口径下，每个地块按其来源要素的 图斑面积 ×（1 − KCXS）（字段 KCXS_FIELD）计：调出的土地取控制线要素的系数，调入的土地取必须调入要素或备选要素的系数。来源要素没有该字段或其值为空时，由地块下的土地利用图斑（LANDUSE）提供：地块按图斑面积减去其落在各图斑内部分的面积乘以该图斑系数计；没有土地利用图斑时按整个图斑面积计（KCXS 为 0），并给出警告。此时进出平衡按净面积精确成立（最后一个备选地块切分至仍需的净面积：所需净面积 ÷（1 − KCXS）的图斑面积），不切分时的容差按净面积计，调整台账在图斑面积旁列出净面积（NET_M2、NET_MU、NET_HA 及 BASIS），OUT_HA、IN_HA 和 BALANCE_M2 均为净面积。划入划出记录的 TBMJ 仍为图斑面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="99" />
        <source>Area basis: gross map area.</source>
        <translation>面积口径：图斑面积（不扣除田坎）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="101" />
        <source>Area basis: net of field ridges, map area × (1 − {}).</source>
        <translation>面积口径：扣除田坎净面积，图斑面积 ×（1 − {}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="110" />
        <source>Area basis net of field ridges: no layer has the field {} (deduction ratio). Layer {} has: {}. Set {} to the field holding the ratio, give the land-use parcels ({}) with it, or choose the gross basis.</source>
        <translation>净面积口径：没有图层含字段 {}（扣除系数）。图层 {} 的字段有：{}。请将 {} 设为存放扣除系数的字段，或提供含该字段的土地利用图斑（{}），或改用毛面积口径。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="143" />
        <source>Layer {} ({}): field {} must hold a field-ridge deduction ratio from 0 up to 1, 1 excluded (e.g. 0.061); {} features hold {} (feature ids {}). Correct the values, or set {} to the field holding the ratio.</source>
        <translation>图层 {}（{}）：字段 {} 必须为 0 至 1（不含 1）之间的田坎扣除系数（如 0.061）；有 {} 个要素的值为 {}（要素编号 {}）。请更正取值，或将 {} 设为存放扣除系数的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="157" />
        <source>Layer {} ({}) has no field {} (field-ridge deduction ratio), which must give the ratio where the line, swap-in or candidate features have none. Its fields are: {}. Set {} to the field holding the ratio.</source>
        <translation>图层 {}（{}）没有字段 {}（田坎扣除系数），而控制线、必须调入或备选要素缺少系数时需由它提供。该图层的字段有：{}。请将 {} 设为存放扣除系数的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="185" />
        <source>Layer {}: {} features whose land moved have no field-ridge deduction ratio (field {} missing or NULL) and no land-use parcel with one lies under that land: they count their whole map area (KCXS 0) on the net basis (feature ids {}). Fill the field, or give LANDUSE with it.</source>
        <translation>图层 {}：{} 个有土地调整的要素没有田坎扣除系数（字段 {} 缺失或为空），其下也没有含系数的土地利用图斑：在净面积口径下按整个图斑面积计（KCXS 为 0）（要素编号 {}）。请填写该字段，或提供含该字段的 LANDUSE。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="197" />
        <source>Map areas, before the field-ridge deduction: swapped out {:.4f} mu ({:.4f} ha); swapped in {:.4f} mu ({:.4f} ha).</source>
        <translation>扣除田坎前的图斑面积：调出 {:.4f} 亩（{:.4f} 公顷）；调入 {:.4f} 亩（{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="215" />
        <source>net of field ridges</source>
        <translation>扣除田坎净面积</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_net.py" line="215" />
        <source>gross map area</source>
        <translation>图斑面积（不扣除田坎）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="107" />
        <source>Only candidate land inside the high-standard farmland may join ({}): {:.4f} mu more lie outside it; switch {} off to make high-standard farmland only a priority.</source>
        <translation>只有位于高标准农田内的备选地块可以调入（{}）：另有 {:.4f} 亩位于高标准农田之外；关闭 {} 可使高标准农田仅作为优先条件。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="112" />
        <source>Only land connected to the line through adjacent candidates may join: {:.4f} mu more lie detached from it; switch {} (Allow detached land) on to take detached land after the connected land.</source>
        <translation>只有通过相邻备选地块与控制线相连的土地可以调入：另有 {:.4f} 亩与控制线不相连；开启 {}（允许不相邻地块）可在相连土地用尽后调入不相邻的地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="123" />
        <source>The land swapped in is of lower quality than the land swapped out ({}), and lower quality is an error ({}): nothing was written. Swap in better land (only high-standard farmland with {}, a stricter eligibility expression, a priority expression such as -"PDJB"), or switch {} off to be warned instead.</source>
        <translation>调入地块质量低于调出地块（{}），且质量降低设为报错（{}）：未写出任何结果。请调入质量更好的土地（开启 {} 只调入高标准农田、收紧筛选条件、设置如 -"PDJB" 的优先级表达式），或关闭 {} 改为警告。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="137" />
        <source>{}: {:.2f} in against {:.2f} out</source>
        <translation>{}：调入 {:.2f}，调出 {:.2f}</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="181" />
        <source>Stable cultivated land ({}): {} eligible candidate features left out, {:.2f} m² ({:.4f} mu).</source>
        <translation>稳定耕地（{}）：排除了 {} 个符合条件的备选地块，{:.2f} 平方米（{:.4f} 亩）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="190" />
        <source>Only the part of the candidates inside the high-standard farmland was swapped in.</source>
        <translation>只调入了备选地块位于高标准农田内的部分。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_report.py" line="192" />
        <source>Only candidate land connected to the line was swapped in (detached land is not allowed).</source>
        <translation>只调入了与控制线相连的备选地块（不允许不相邻地块）。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="123" />
        <source> Its slope grade comes from SLOPE_FIELD (or GDPDJB), or else from the land-use parcels under it; with field ridges deducted (DEDUCT_KCXS) its areas are net, like the farmland's shares.</source>
        <translation>其坡度级别取自 SLOPE_FIELD 字段（或 GDPDJB），否则取自其下的土地利用现状图斑；扣除田坎（DEDUCT_KCXS）时其面积按净面积计，与永久基本农田的各项比例一致。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="125" />
        <source>Farmland swapped out</source>
        <translation>调出地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="125" />
        <source>调出地块: the pieces that left the permanent basic farmland, e.g. SWAPPED_OUT of Edge swap with area balance (planmaint:edgeswap). With the land swapped in, the table compares their quality: mean slope grade and, with the high-standard farmland layer, its share; this land fills the before column (调整前) of those rows.</source>
        <translation>调出地块：调出永久基本农田的地块，例如“边缘调整（进出平衡）”（planmaint:edgeswap）的 SWAPPED_OUT。与调入地块一起给出时，指标表比较二者的质量：平均坡度级别，以及（给出高标准农田图层时）高标准农田占比；这些行的调整前一栏即为调出地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="125" />
        <source>Farmland swapped in</source>
        <translation>调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="125" />
        <source>调入地块: the pieces that joined the permanent basic farmland, e.g. SWAPPED_IN of Edge swap with area balance (planmaint:edgeswap). Give it with the land swapped out; it fills the after column (调整后) of the quality rows.</source>
        <translation>调入地块：调入永久基本农田的地块，例如“边缘调整（进出平衡）”（planmaint:edgeswap）的 SWAPPED_IN。须与调出地块一起给出；质量各行的调整后一栏即为调入地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="196" />
        <source>Quality of the farmland swapped out and in (质量有提升, optional): give the pieces that left the farmland (PBF_SWAPPED_OUT) and those that joined it (PBF_SWAPPED_IN), e.g. the outputs SWAPPED_OUT and SWAPPED_IN of Edge swap with area balance. The farmland's quality rows then get the area-weighted mean slope grade (平均坡度级别（调出地块→调入地块）) and, with the high-standard farmland layer, the high-standard share (高标准农田占比（调出地块→调入地块）): the before column (调整前) holds the land swapped out, the after column (调整后) the land swapped in, the change is in minus out. A last row, 调入耕地质量不低于调出, says met (达标) when the mean slope grade swapped in is at most the one swapped out and the share swapped in at least the one swapped out (compared as printed, 2 decimals), or not met (未达标), with the margin of each. The slope grade comes from the layers' slope field (SLOPE_FIELD, or GDPDJB), or else from the land-use parcels under them; values that are no grade 1–5 are left out, and pieces of one layer that overlap count once. With field ridges deducted, both are on net area, like the farmland's other shares. Without the two layers the rows are absent.</source>
        <translation>调出调入耕地质量（质量有提升，可选）：给出调出永久基本农田的地块（PBF_SWAPPED_OUT）和调入的地块（PBF_SWAPPED_IN），例如“边缘调整（进出平衡）”的输出 SWAPPED_OUT 和 SWAPPED_IN。永久基本农田的“质量有提升”各行随之增加面积加权的平均坡度级别（平均坡度级别（调出地块→调入地块））和（给出高标准农田图层时）高标准农田占比（高标准农田占比（调出地块→调入地块））：调整前一栏为调出地块，调整后一栏为调入地块，变化为调入减调出。最后一行“调入耕地质量不低于调出”：调入地块的平均坡度级别不高于调出地块、且高标准农田占比不低于调出地块时为达标（按打印值即保留 2 位小数比较），否则为未达标，并给出各项的余量或缺口。坡度级别取自图层的坡度级别字段（SLOPE_FIELD，或 GDPDJB），否则取自其下的土地利用现状图斑；不是 1–5 级的值不参与计算，同一图层内相互重叠的地块只计一次。扣除田坎时，两项均按净面积计，与永久基本农田的其他比例一致。不给出这两个图层时不出现这些行。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="242" />
        <source>{} is given without {}: the quality of the farmland swapped in is compared with that of the farmland swapped out, so give both layers (e.g. SWAPPED_IN and SWAPPED_OUT of Edge swap with area balance), or neither.</source>
        <translation>给出了 {} 但没有给出 {}：调入地块的质量要与调出地块比较，请同时给出两个图层（例如“边缘调整（进出平衡）”的 SWAPPED_IN 和 SWAPPED_OUT），或都不给出。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="443" />
        <source>farmland swapped out</source>
        <translation>调出地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="444" />
        <source>farmland swapped in</source>
        <translation>调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="500" />
        <source>The mean slope grade of the farmland swapped out and in stays empty and their quality is not checked: set SLOPE_FIELD to the field holding the slope grade (1–5; GDPDJB is tried when it is missing), or give LANDUSE with it.</source>
        <translation>调出、调入地块的平均坡度级别为空，质量无法核算：请将 SLOPE_FIELD 设为存放坡度级别（1–5）的字段（该字段缺失时尝试 GDPDJB），或给出带坡度级别的 LANDUSE。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="513" />
        <source>Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) in {} parcels under layer {} (feature ids {}); they are left out of its mean slope grade. Correct the field.</source>
        <translation>图层 {0}：坡度级别字段 {1} 在图层 {3} 之下的 {2} 个图斑中含有不是坡度级别（1–5 的整数）的值（要素编号 {4}），这些图斑不参与其平均坡度级别的计算。请更正该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="519" />
        <source>Layer {}: the slope grade field {} holds values that are not slope grades (whole numbers 1–5) in {} features (feature ids {}); they are left out of its mean slope grade. Correct the field.</source>
        <translation>图层 {}：坡度级别字段 {} 在 {} 个要素中含有不是坡度级别（1–5 的整数）的值（要素编号 {}），这些要素不参与其平均坡度级别的计算。请更正该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="175" />
        <source>Stable cultivated land</source>
        <translation>稳定耕地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="175" />
        <source>Optional expression on the land-survey parcels marking stable cultivated land (稳定耕地): only such land joins the farmland, e.g. "WDGD" = 1. Empty: every eligible parcel.</source>
        <translation>可选，在地类图斑上标识稳定耕地的表达式：只有稳定耕地可以调入永久基本农田，例如 "WDGD" = 1。为空时所有符合条件的图斑均可调入。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="178" />
        <source>Only existing high-standard farmland joins the farmland</source>
        <translation>仅调入现状高标准农田</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="178" />
        <source>On (the seed's rule): land swapped into the farmland is existing high-standard farmland only (its part inside the high-standard farmland layer). Off: high-standard farmland is taken first, then other eligible land.</source>
        <translation>开启（方案的规则）：调入永久基本农田的土地只能是现状已建高标准农田（备选地块位于高标准农田图层内的部分）。关闭：高标准农田优先，其后为其他符合条件的土地。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="182" />
        <source>Farmland on net area (deduct field ridges)</source>
        <translation>永久基本农田按净面积（扣除田坎）</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="182" />
        <source>On: the farmland's balance and the indicators count cultivated land as map area × (1 − KCXS), the basis protection tasks are set in. Off: map area.</source>
        <translation>开启：永久基本农田的进出平衡和指标均按 图斑面积 ×（1 − KCXS）计算耕地，即下达保护任务所用的口径。关闭：按图斑面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="185" />
        <source>Lower quality of the farmland swapped in is an error</source>
        <translation>调入永久基本农田质量降低时报错</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="185" />
        <source>On: the run stops when the farmland swapped in has a higher mean slope grade or a lower high-standard farmland share than the farmland swapped out. Off: a warning, and the indicator table says 未达标.</source>
        <translation>开启：调入地块的平均坡度级别高于调出地块，或高标准农田占比低于调出地块时，运行终止。关闭：给出警告，指标表显示未达标。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="403" />
        <source>Area basis: net of field ridges. Cultivated land counts as its map area × (1 − KCXS, field {}): cultivated land retained, the permanent basic farmland's area, shares, slope row and contiguity, the mean slope grade and high-standard share of the farmland swapped out and in, cultivated land in the red line and the targets on them. Every other area is the map area.</source>
        <translation>面积口径：扣除田坎（净面积）。耕地按 图斑面积 ×（1 − 扣除系数，字段 {}）计：耕地保有量、永久基本农田面积及其比例、坡度15度以上耕地、耕地连片度、调出调入地块的平均坡度级别和高标准农田占比、生态保护红线内耕地及相应目标核对。其余面积均按图斑面积计。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="645" />
        <source>In the rows marked 调出地块→调入地块 the before column (调整前) is the farmland swapped out and the after column (调整后) the farmland swapped in; the change is in minus out. Their quality is met when the mean slope grade in is at most the one out and the high-standard share in at least the one out, compared to 2 decimals.</source>
        <translation>标注“调出地块→调入地块”的各行中，调整前一栏为调出地块，调整后一栏为调入地块，变化为调入减调出。调入地块平均坡度级别不高于调出地块、且高标准农田占比不低于调出地块时为达标，按保留 2 位小数比较。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_help.py" line="16" />
        <source>The record and the old standard (TD/T 1019 基本农田数据库标准, table JBNTHRHC): the fields, types and lengths are the table's. Three values are planmaint's own: HRHCTBBH of a piece that joined ends in HR (the standard gives it the farmland parcel number JBNTTBBH, which a piece just joined does not have yet; replace it when the new farmland is numbered); HCYY holds the seed's reason codes of Swap-out candidates of the farmland (01 slope above 15°, 02 key project, 03 fragment, 04 damaged, 05 non-cultivated in the change survey, 06 not meeting the requirements), not the standard's older list (01 land reserved for construction by plan revision, 02 construction land approved by law, …); YSDM, the feature code, is left empty, since the standard's code table is not at hand. Map them to a province's codes before the data are handed in.</source>
        <translation>划入划出记录与原标准（TD/T 1019 基本农田数据库标准，JBNTHRHC 表）：字段、类型和长度与该表一致。有三项取值为本工具自定：调入地块的 HRHCTBBH 以 HR 结尾（标准要求填其基本农田图斑编号 JBNTTBBH，而刚调入的地块尚无编号，待新的永久基本农田编号后替换）；HCYY 为“永久基本农田调出候选地块识别”按方案给出的原因代码（01 坡度15度以上，02 重点建设项目，03 零星破碎，04 灾毁和采矿损毁，05 变更调查非耕地，06 经核实不符合划入要求），而非标准中较早的代码表（01 规划调整预留建设用地，02 依法批准建设用地，……）；要素代码 YSDM 留空，因为手头没有标准的要素代码表。汇交数据前请将其对应为本省的代码。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="693" />
        <source>The report cannot be written to {}: {}. Choose a file in a folder that exists and that you may write to (REPORT).</source>
        <translation>报告无法写入 {}：{}。请选择位于已存在且有写入权限的文件夹中的文件（REPORT）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="39" />
        <source>Balance rule</source>
        <translation>平衡规则</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="39" />
        <source>Exact: area after = area before</source>
        <translation>严格相等：调整后面积 = 调整前面积</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="39" />
        <source>Not less than before (不减少)</source>
        <translation>不少于调整前（不减少）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="39" />
        <source>Not more than before (不增加)</source>
        <translation>不多于调整前（不增加）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="45" />
        <source>Protected candidate land</source>
        <translation>受保护的备选地块</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="48" />
        <source>Allow swapping out protected land</source>
        <translation>允许调出受保护地块</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="51" />
        <source>Which differences the candidates make up. Exact (default): the area after equals the area before to 0.01 m². Not less than before (the red line, 任务不减少): when less leaves than joins nothing is swapped out and the line grows; when more leaves, candidates are swapped in exactly up to the area before. Not more than before (the development boundary, 总量不突破): the mirror, when more leaves nothing is swapped in and the line shrinks.</source>
        <translation>备选地块补足哪一方向的差额。严格相等（默认）：调整后面积与调整前面积相等，精确到 0.01 平方米。不少于调整前（生态保护红线，任务不减少）：调出少于调入时不再调出任何地块，控制线面积增加；调出多于调入时，调入备选地块，恰好补足到调整前面积。不多于调整前（城镇开发边界，总量不突破）：与之相反，调出多于调入时不再调入任何地块，控制线面积减少。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="56" />
        <source>Optional expression on the candidates marking land the balance never swaps out, e.g. the ecological-function land of the red line: {}. Land that must swap out is not affected, nor are swap-ins.</source>
        <translation>可选，备选地块上的表达式，标记进出平衡时永不调出的土地，例如生态保护红线内的生态功能用地：{}。不影响必须调出的地块，也不影响调入。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="59" />
        <source>Off (default): candidate land for which the protected expression is true is never swapped out to balance the line, even where another candidate covers it. On: it is an ordinary candidate.</source>
        <translation>关闭（默认）：受保护表达式为真的备选地块永不为进出平衡而调出，即使另有备选地块与其重叠也是如此。开启：它作为普通备选地块使用。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="67" />
        <source>Balance rule (BALANCE_RULE): exact (default) keeps the area before to 0.01 m². Not less than before (不减少, the red line's 任务不减少): when more land joins than leaves, nothing is swapped out and the line grows by the difference; when more leaves, candidates are swapped in exactly up to the area before. Not more than before (不增加, the development boundary's 总量不突破): when more leaves than joins, nothing is swapped in and the line shrinks; when more joins, candidates are swapped out exactly down to the area before. The ledger's balance row and the messages say by how much the line grew or shrank.

Protected land (PROTECTED): candidate land for which the expression is true is never swapped out to balance the line unless ALLOW_PROTECTED is on, e.g. the red line's ecological-function land (the land classes of planmaint:indicators' ecological-function row): {}. With adjacent first, land behind it, reached from the outer edge only through it, is not peeled either. Too little unprotected land stops the run saying how much protected land the line holds and naming ALLOW_PROTECTED.</source>
        <translation>平衡规则（BALANCE_RULE）：严格相等（默认）保持调整前面积，精确到 0.01 平方米。不少于调整前（不减少，生态保护红线的任务不减少）：调入多于调出时不再调出任何地块，控制线面积增加相应差额；调出多于调入时，调入备选地块，恰好补足到调整前面积。不多于调整前（不增加，城镇开发边界的总量不突破）：调出多于调入时不再调入任何地块，控制线面积减少；调入多于调出时，调出备选地块，恰好减至调整前面积。台账的平衡行和运行信息给出控制线面积增加或减少的数量。

受保护地块（PROTECTED）：表达式为真的备选地块永不为进出平衡而调出，除非开启 ALLOW_PROTECTED，例如生态保护红线内的生态功能用地（planmaint:indicators 生态功能用地一行的地类）：{}。开启优先相邻地块时，位于其后、只能穿过它从外边界到达的土地也不会被剥离。未受保护的地块不足时运行终止，说明控制线内有多少受保护地块，并指明 ALLOW_PROTECTED。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="118" />
        <source>Layer {}: the protected land expression ({}: {}) gives neither true nor false for features {}. Give a condition, e.g. {}.</source>
        <translation>图层 {}：受保护地块表达式（{}：{}）对要素 {} 既不为真也不为假。请给出条件表达式，例如 {}。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="132" />
        <source>exact</source>
        <translation>严格相等</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="132" />
        <source>not less than before (不减少)</source>
        <translation>不少于调整前（不减少）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="133" />
        <source>not more than before (不增加)</source>
        <translation>不多于调整前（不增加）</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="134" />
        <source>Balance rule: {}.</source>
        <translation>平衡规则：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="137" />
        <source>More land joined than left: by the balance rule nothing was swapped out, and the line grew by {:.2f} m² ({:.4f} mu, {:.4f} ha).</source>
        <translation>调入多于调出：按平衡规则未调出任何地块，控制线面积增加 {:.2f} 平方米（{:.4f} 亩，{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="141" />
        <source>More land left than joined: by the balance rule nothing was swapped in, and the line shrank by {:.2f} m² ({:.4f} mu, {:.4f} ha).</source>
        <translation>调出多于调入：按平衡规则未调入任何地块，控制线面积减少 {:.2f} 平方米（{:.4f} 亩，{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="146" />
        <source>Protected land ({}) may be swapped out ({} is on).</source>
        <translation>受保护地块（{}）可以调出（已开启 {}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="149" />
        <source>Protected land ({}): {} candidate features, {:.2f} m² ({:.4f} mu) inside the line, were not swapped out.</source>
        <translation>受保护地块（{}）：{} 个备选要素在控制线内的 {:.2f} 平方米（{:.4f} 亩）未被调出。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_balance.py" line="158" />
        <source>Protected land is never swapped out to balance ({}): {:.4f} mu of protected candidate land lie inside the line; switch {} on to allow it, or narrow the protected expression.</source>
        <translation>受保护地块不为进出平衡而调出（{}）：控制线内有 {:.4f} 亩受保护的备选地块；开启 {} 以允许调出，或缩小受保护地块表达式的范围。</translation>
    </message>
    <message>
        <location filename="../algorithms/edgeswap_help.py" line="31" />
        <source>Swaps land out of and into one control line (调出 / 调入) and keeps the line's area exactly the same (进出平衡), the way a maintenance scheme does: PBF 511.30 ha out = 511.30 ha in; the balance rule (BALANCE_RULE, below) may keep it not less or not more than before instead.

1. Land that must leave: the overlap of the swap-out polygons with the line is cut out of it, with a reason (调出原因) from the reason field or the default reason.
2. Land that must join: the part of the swap-in polygons outside the line (and outside the excluded layers and the swap-out polygons) is added.
3. The difference is balanced with candidate land. When more left than joined, the part of eligible candidates outside the line, outside every excluded layer and outside the swap-out polygons is swapped in; when more joined than left, the part of eligible candidates inside the line is swapped out.

Adjacent first (default): swap-ins grow from the line, taking the best candidate that touches the line or land already taken (sharing a stretch of boundary; a corner point is not enough), so the line stays contiguous (集中连片); once nothing adjacent is left, a detached candidate is taken only when detached land is allowed. Swap-outs are peeled from the line's outer edge inwards, so no new hole (天窗) appears; land touching only a hole's edge or lying deep inside is never taken. Priority: higher first; ties in the candidate layer's feature order.

Split (default): the last candidate is cut with a straight line parallel to its shared edge (or a band along it where a straight cut cannot stay against the edge), moved until the piece kept on the line's side has exactly the area still needed: the balance is exact to 0.01 m². Without split, whole candidates are taken while they fit; a gap left over is closed, if it can be, by adding one to three more candidates or exchanging taken ones, within the tolerance; otherwise the residual is reported.

Swap-ins follow the seed's rules for farmland by default (现状高标准农田、与现状永久基本农田集中连片的稳定耕地): given the high-standard farmland layer, only candidate land inside it joins (HSF_REQUIRED; off, it is only a priority, see HSF_FIRST); only land connected to the line through a chain of adjacent candidates joins (DETACHED allows detached land after the connected land); given the stable cultivated land expression (STABLE), only candidates for which it is true are used, and the messages say how much land it left out. Slope grade 1–3 and cultivated land are the eligibility expression's part (e.g. "PDJB" &lt;= 3 AND "DLBM" IN ('0101','0102','0103')); the excluded layers keep swap-ins out of the red line, the development boundary and the projects. Land that must swap in is not clipped by these rules, and swap-outs are not affected.

Quality not lower (质量不降低): the ledger compares the land swapped in with the land swapped out (area-weighted mean slope grade, lower is better; high-standard farmland share, higher is better). Lower quality is a warning, or with QUALITY_ERROR an error naming both figures that stops the run before anything is written.

Not enough eligible candidate land stops the run with the number of mu missing, naming the rule that left too little (HSF_REQUIRED, DETACHED, PROTECTED) when one did, unless partial results are allowed (then everything available is used and a warning says what is missing).

Outputs: the new line (features cut where they lose land, attributes unchanged; swapped-in land added as new features, fields of the same name filled from its source); swapped-in and swapped-out land with every source attribute plus TZLX (调入 / 调出), TZYY (reason), MJ_MU and MJ_HA; the adjustment ledger (调整台账): count, m², mu and ha by direction, reason and township (first 9 digits of ZLDWDM), subtotals, totals, the balance, and the quality of the land swapped in against the land swapped out (area-weighted mean slope grade; high-standard farmland share when that layer is given). Area fields copied from the input (TBMJ …) are not recomputed for cut features; MJ_MU and MJ_HA are.

Reviewed candidates (the output of Swap-out candidates of the farmland after review): pieces with SFTC = 1 leave with their own reason (TZYY, HCYY, SJXMMC); pieces with SFTC = 0 stay in the line, even where a swap-out polygon or the balance would take them, and the ledger lists them as reviewed and kept (不调出).

The record (划入划出记录, optional): one feature per piece that joined (HRHCLXDM 1) or left (2) and per reviewed piece kept (0), with the fields of the old national 基本农田划入划出 attribute table (JBNTHRHC): YSDM, XZQDM and XZQMC (the first 12 digits of the location unit code, the village, and the name from the field of the same name ending in MC, e.g. ZLDWMC), HRHCTBBH (XZQDM + a 6-digit sequence + HC for pieces out, HR for pieces in; a kept piece has its farmland parcel number JBNTTBBH when the line has that field), TBMJ, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ (m², to the cent: the rows of each kind add up to the ledger's total, the four land-class areas to TBMJ), HCYY (the reason codes of Swap-out candidates of the farmland), TZYY, SJXMMC, and PZJG, PZWH, PZRQ left empty for the approving authority, document number and date.</source>
        <translation>对一条控制线调出、调入地块，并严格保持控制线面积不变（进出平衡），做法与动态维护方案一致：永久基本农田调出 511.30 公顷 = 调入 511.30 公顷；也可按平衡规则（BALANCE_RULE，见下文）改为保持面积不减少或不增加。

1. 必须调出的地块：调出图斑与控制线的重叠部分从控制线中切除，调出原因取自调出原因字段，没有时取默认调出原因。
2. 必须调入的地块：调入图斑位于控制线之外（且不压占排除图层、不在调出图斑内）的部分并入控制线。
3. 两者的差额用备选地块补足。调出多于调入时，将符合条件的备选地块位于控制线外、各排除图层外、调出图斑外的部分调入；调入多于调出时，将符合条件的备选地块位于控制线内的部分调出。

优先相邻地块（默认）：调入从控制线向外生长，每次选取与控制线或已选地块相邻（共用一段边界，仅角点相接不算）且优先级最高的备选地块，使控制线保持集中连片；相邻地块用尽后，仅在允许不相邻地块时才选取不相邻的地块。调出从控制线外边界向内逐层剥离，不会产生新的天窗；只与天窗边界相接或位于内部的地块不会被调出。优先级：数值高者优先；相同时按备选图层的要素顺序。

切分（默认）：最后一个备选地块用一条平行于其共用边界的直线切开（直线无法保持贴边时改用沿共用边界的条带），移动切线直至靠控制线一侧保留部分的面积恰好等于尚缺面积，进出平衡精确到 0.01 平方米。不切分时，整块选取能放下的备选地块；剩余差额尽量通过增加一至三个备选地块或替换已选地块在容差内补齐，否则报告剩余差额。

调入默认遵循方案对永久基本农田调入地块的要求（现状高标准农田、与现状永久基本农田集中连片的稳定耕地）：提供高标准农田图层时，只有备选地块位于高标准农田内的部分可以调入（HSF_REQUIRED；关闭时高标准农田仅作为优先条件，见 HSF_FIRST）；只有通过一串相邻备选地块与控制线相连的土地可以调入（DETACHED 允许在相连土地用尽后调入不相邻的地块）；提供稳定耕地表达式（STABLE）时，只使用表达式为真的备选地块，运行信息会说明因此排除了多少面积。坡度级别 1–3 和耕地由筛选条件表达（如 "PDJB" &lt;= 3 AND "DLBM" IN ('0101','0102','0103')）；排除图层使调入地块不压占生态保护红线、城镇开发边界和建设项目。必须调入的地块不受这些规则裁剪，调出也不受影响。

质量不降低：台账对比调入地块与调出地块的质量（面积加权平均坡度级别，越低越好；高标准农田占比，越高越好）。质量降低时给出警告；开启 QUALITY_ERROR 时报错并列出两项数值，在写出任何结果之前终止运行。

符合条件的备选地块不足时，运行终止并说明缺少多少亩，如系某条调入规则（HSF_REQUIRED、DETACHED、PROTECTED）导致地块不足则指明该规则；如允许部分平衡结果，则用尽全部可用地块并给出缺口警告。

输出：调整后控制线（失去土地的要素被切分，属性不变；调入地块作为新要素加入，同名字段从来源图层取值）；调入地块和调出地块，保留全部来源属性，并增加 TZLX（调入/调出）、TZYY（原因）、MJ_MU、MJ_HA；调整台账：按调整类型、原因和乡镇（ZLDWDM 前 9 位）统计的图斑个数、平方米、亩、公顷，以及小计、合计、进出平衡差值，和调入与调出地块的质量对比（面积加权平均坡度级别；提供高标准农田图层时还有高标准农田占比）。从输入复制的面积字段（TBMJ 等）不会为被切分的要素重新计算，MJ_MU 和 MJ_HA 按几何重新计算。

已审核的调出候选地块（“永久基本农田调出候选地块识别”的输出经技术人员审核后）：SFTC = 1 的地块调出，各带其调出原因（TZYY、HCYY、SJXMMC）；SFTC = 0 的地块保留在控制线内，即使调出图斑或进出平衡本会调出它们，台账将其列为“已审核不调出”（不调出）。

划入划出记录（可选）：每个调入（HRHCLXDM 为 1）或调出（2）的地块以及每个经审核保留的地块（0）各一个要素，字段依照原国家基本农田划入划出属性表（JBNTHRHC）：YSDM；XZQDM 与 XZQMC（坐落单位代码前 12 位，即村级行政区代码，名称取自同名但以 MC 结尾的字段，如 ZLDWMC）；HRHCTBBH（调出为 XZQDM + 6 位顺序码 + HC，调入为 HR；保留地块在控制线有 JBNTTBBH 字段时取其基本农田图斑编号）；TBMJ、GDMJ、QTNYDMJ、JSYDMJ、WLYDMJ（平方米，精确到分：同一类型各行之和等于台账合计，四类面积之和等于 TBMJ）；HCYY（“永久基本农田调出候选地块识别”的调出原因代码）；TZYY；SJXMMC；以及留空、供填写批准机关、批准文号和批准日期的 PZJG、PZWH、PZRQ。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="214" />
        <source>Ecological function not lower (生态功能不降低): when the red line is given before and after maintenance with the land-use parcels, a row after its ecological-function land says met (达标) when that land after maintenance is at least the land before, or not met (未达标) when it fell, with the margin (after minus before, km², compared as printed to 4 decimals). Without the red line after it the row is absent. Edge swap with area balance keeps that land in the line with its PROTECTED expression.</source>
        <translation>生态功能不降低：提供调整前后的生态保护红线及土地利用现状图斑时，在生态功能用地一行之后增加一行：调整后生态功能用地不少于调整前时为达标，减少时为未达标，并给出余量或缺口（调整后减调整前，平方公里，按打印的 4 位小数比较）。未提供调整后的生态保护红线时不出现该行。进出平衡调整工具可通过其 PROTECTED 表达式使这些土地保留在红线内。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="56" />
        <source>Line</source>
        <translation>控制线类型</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="72" />
        <source>永久基本农田 PBF</source>
        <translation>永久基本农田 PBF</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="56" />
        <source>生态保护红线 EPR</source>
        <translation>生态保护红线 EPR</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="56" />
        <source>城镇开发边界 UDB</source>
        <translation>城镇开发边界 UDB</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="72" />
        <source>The control line whose land may leave, and so the categories proposed: the farmland's reasons (the default), the red line's legal categories or the development boundary's land with no construction demand.</source>
        <translation>拟调出土地所属的控制线，并由此决定提出的调出类型：永久基本农田的调出原因（默认）、生态保护红线的法定调出类型，或城镇开发边界中现状无建设需求的土地。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="79" />
        <source>The control line whose land may leave (the line LINE names): the permanent basic farmland (永久基本农田), the red line or the development boundary. Its attributes are copied to every piece.</source>
        <translation>拟调出土地所属的控制线图层（由 LINE 指定）：永久基本农田、生态保护红线或城镇开发边界。其属性复制到每个候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="83" />
        <source>The land-use parcels (地类图斑) of the latest land-change survey: their land-class code decides the non-cultivated and steep farmland (with LINE = EPR the town and village construction land, with LINE = UDB the land that is not construction land) and the land-class breakdown of every piece.</source>
        <translation>最新年度国土变更调查的地类图斑：其地类编码决定非耕地和坡度15度以上的永久基本农田（LINE = EPR 时决定城镇村建设用地，LINE = UDB 时决定非建设用地），以及每个地块的地类面积构成。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="89" />
        <source>Optional project land (重点建设项目). Farmland inside a counted project is a candidate; with LINE = EPR, red line inside a counted project is the conflict with key projects (16).</source>
        <translation>可选的重点建设项目用地。位于计入项目内的永久基本农田为候选地块；LINE = EPR 时，位于计入项目内的生态保护红线为与重大项目的矛盾冲突（16）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="32" />
        <source>Red line: withdrawn protected areas (ha)</source>
        <translation>生态保护红线：已依法撤销的保护区域（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="33" />
        <source>Red line: conflict with farmland (ha)</source>
        <translation>生态保护红线：与永久基本农田矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="35" />
        <source>Red line: conflict with town and village construction land (ha)</source>
        <translation>生态保护红线：与城镇村建设用地矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="36" />
        <source>Red line: conflict with mining rights (ha)</source>
        <translation>生态保护红线：与矿业权矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="37" />
        <source>Red line: conflict with commercial forest (ha)</source>
        <translation>生态保护红线：与人工商品林矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="38" />
        <source>Red line: conflict with key projects (ha)</source>
        <translation>生态保护红线：与重大项目矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="39" />
        <source>Red line: technical correction (ha)</source>
        <translation>生态保护红线：技术勘正（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="42" />
        <source>Development boundary: no construction demand (ha)</source>
        <translation>城镇开发边界：现状无建设需求（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Withdrawn protected areas (EPR)</source>
        <translation>已依法撤销的保护区域（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = EPR: optional polygons of protected areas withdrawn by law and found to have no important ecological function (已依法撤销且经论证不具有重要生态功能的法定保护区域, e.g. a withdrawn first-level water-source zone). Red line inside them: category 11.</source>
        <translation>LINE = EPR：可选，已依法撤销且经论证不具有重要生态功能的法定保护区域面图层（如撤销的集中式水源地一级保护区）。其内的生态保护红线为类型 11。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Permanent basic farmland in conflict (EPR)</source>
        <translation>矛盾冲突的永久基本农田（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = EPR: optional polygons of the permanent basic farmland. Red line on them: the conflict with farmland (12).</source>
        <translation>LINE = EPR：可选，永久基本农田面图层。与其重叠的生态保护红线为与永久基本农田的矛盾冲突（12）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Mining rights (EPR)</source>
        <translation>矿业权（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = EPR: optional polygons of mining rights (矿业权). Red line inside them: the conflict with mining rights (14).</source>
        <translation>LINE = EPR：可选，矿业权面图层。其内的生态保护红线为与矿业权的矛盾冲突（14）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Commercial forest (EPR)</source>
        <translation>人工商品林（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = EPR: optional polygons of commercial forest (人工商品林). Red line inside them: the conflict with commercial forest (15).</source>
        <translation>LINE = EPR：可选，人工商品林面图层。其内的生态保护红线为与人工商品林的矛盾冲突（15）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Technical correction (EPR)</source>
        <translation>技术勘正（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = EPR: optional polygons of the technical correction (技术勘正) of the red line's outer boundary. Red line inside them: category 17.</source>
        <translation>LINE = EPR：可选，生态保护红线外围边界技术勘正面图层。其内的生态保护红线为类型 17。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Approved land (UDB)</source>
        <translation>已批未建用地（城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = UDB: optional polygons of land approved or supplied but not yet built (已批未建): it is never a candidate.</source>
        <translation>LINE = UDB：可选，已批准或已供应但尚未建设的用地（已批未建）面图层：这些土地从不作为候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>Planned land use (UDB)</source>
        <translation>规划用地（城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="175" />
        <source>LINE = UDB: optional polygons of the planned land use, with a code field (PLANNED_CODE_FIELD). Planned land whose code begins with one of the protected codes is never a candidate.</source>
        <translation>LINE = UDB：可选，规划用地面图层，含代码字段（PLANNED_CODE_FIELD）。代码以受保护代码开头的规划用地从不作为候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="200" />
        <source>Planned land-use code field (UDB)</source>
        <translation>规划用地代码字段（城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="200" />
        <source>Field of the planned land use holding its code (用地用海分类代码, default YDDM).</source>
        <translation>规划用地图层中存放用地用海分类代码的字段（默认 YDDM）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="206" />
        <source>Protected planned codes (UDB)</source>
        <translation>受保护的规划用地代码（城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="206" />
        <source>Comma-separated codes of planned land kept in the boundary; a planned code beginning with one of them is protected. Default 08,1207,13,14: 公共管理与公共服务用地, 城镇道路用地, 公用设施用地, 绿地与开敞空间用地 (公园绿地 1401, 防护绿地 1402, 广场用地 1403) of the ministry's 《国土空间调查、规划、用途管制用地用海分类指南》.</source>
        <translation>保留在开发边界内的规划用地代码，以逗号分隔；规划代码以其中任一代码开头即受保护。默认 08,1207,13,14：自然资源部《国土空间调查、规划、用途管制用地用海分类指南》中的公共管理与公共服务用地、城镇道路用地、公用设施用地、绿地与开敞空间用地（公园绿地 1401、防护绿地 1402、广场用地 1403）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="47" />
        <source>LINE chooses the control line whose land may leave: 永久基本农田 PBF (the default), 生态保护红线 EPR or 城镇开发边界 UDB; the layer of that line goes into the control line input (PBF). Every line gets the same output: the line's attributes plus TZYY (the category in the seed's words), HCYY (its two-digit code), MJ_M2, MJ_MU, MJ_HA, GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ, SJXMMC and SFTC (1), and one number in hectares per category (0 for the categories of the other lines) and TOTAL_HA. An optional layer that is not given leaves its category empty, and the log says so (no layer given). The hilly zones and the fragment thresholds, and the slope grade field, apply to the farmland only and are ignored for EPR and UDB; so is a location unit code field the line's layer does not have. A reviewed layer of any line passes through REVIEWED (below) the same way.</source>
        <translation>LINE 选择拟调出土地所属的控制线：永久基本农田 PBF（默认）、生态保护红线 EPR 或城镇开发边界 UDB；该控制线图层输入到“控制线”参数（PBF）。各控制线的输出形式相同：控制线属性加 TZYY（按方案原文表述的调出类型）、HCYY（两位类型代码）、MJ_M2、MJ_MU、MJ_HA、GDMJ、QTNYDMJ、JSYDMJ、WLYDMJ、SJXMMC 和 SFTC（1），每个调出类型输出一个公顷数（其他控制线的类型为 0）以及 TOTAL_HA。未提供的可选图层其类型为空，日志中注明（no layer given）。山地丘陵区、碎图斑阈值和坡度级别字段仅用于永久基本农田，EPR 和 UDB 忽略；控制线图层没有的坐落单位代码字段也忽略。任一控制线的已审核图层均可同样通过 REVIEWED（见下）传递。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="118" />
        <source>Layer {}: {} parcels under the line overlap an earlier parcel; the common ground takes the class of the first: ids {}</source>
        <translation>图层 {}：控制线范围内有 {} 个地类图斑与之前的图斑重叠；重叠部分按第一个图斑的地类计：ID {}</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="126" />
        <source>{} candidate pieces hold {:.2f} m² under no land-use parcel or under a code of no class; that ground is counted as unused land.</source>
        <translation>{} 个候选地块中有 {:.2f} 平方米不在任何地类图斑内或地类编码无所属三大类；该部分按未利用地计。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="143" />
        <source>{} pieces under the smallest piece ({:.3f} m² together) stay in the line.</source>
        <translation>{} 个小于最小地块面积的碎片（合计 {:.3f} 平方米）保留在控制线内。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_io.py" line="151" />
        <source>Candidates: {} pieces, {:.4f} ha; area method {}.</source>
        <translation>候选地块：{} 块，{:.4f} 公顷；面积计算方式：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="39" />
        <source>{} is read only with LINE = {}: it is ignored for this line ({}).</source>
        <translation>{} 仅在 LINE = {} 时读取：本次（{}）忽略该图层。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="82" />
        <source>{}: no layer given; its category is empty.</source>
        <translation>{}：未提供图层；该类型为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="61" />
        <source>The control line has no field {} (TOWNSHIP_FIELD): the pieces are in the line's order.</source>
        <translation>控制线图层没有字段 {}（TOWNSHIP_FIELD）：候选地块按控制线要素顺序排列。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="66" />
        <source>there is no land of the line to swap out, and the output is empty.</source>
        <translation>控制线内没有可调出的土地，输出为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="99" />
        <source>{}: no layer given; no planned land is kept in the boundary.</source>
        <translation>{}：未提供图层；不保留任何规划用地。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="116" />
        <source>No protected codes (PROTECTED_CODES) are set: no planned land is kept in the boundary.</source>
        <translation>未设置受保护代码（PROTECTED_CODES）：不保留任何规划用地。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="59" />
        <source>Swap-out candidates by reason</source>
        <translation>调出候选地块识别</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="104" />
        <source>Eight layers hold what the red line's and the boundary's maintenance works from, by the seed scheme's categories, sized in its proportions (44.05 ha withdrawn, 8.94 ha of new water-source zones, 1 498.57 ha of public forest, 0.02 ha of correction): epr_withdrawn (已依法撤销的保护区域, a first-level water-source zone mostly inside the red line: MC name, LX type, CXWH withdrawal document, MJ m²), water_source_new (新设水源地 outside the red line and against it: MC, JB 一级保护区 or 二级保护区, MJ), public_forest (生态公益林: forest parcels outside the red line, most of them against it: XBH compartment, XZQMC township, LZ 防护林 or 特种用途林, SQDJ 国家级 or 地方级, MJ), commercial_forest (商品林 on forest land, some inside the red line: XBH, XZQMC, LZ 用材林, 经济林 or 能源林, LMQS 集体 or 个人, MJ), mining_rights (矿业权, two across the red line's edge: KQMC mine name, KCZ 采矿 or 探矿, XKZH licence number, YXQ valid until, MJ), epr_correction (技术勘正: slivers inside the red line along its edge: XZQMC, KZYY reason, MJ), approved_land (已批已供未建 inside the boundary on land not built on: PZWH approval document, PZRQ date, YT use, GDZT 已批未供 or 已供未建, MJ) and planned_landuse (the boundary's planned land use: YDDM, a second-level code of the 用地用海分类 such as 0701, 1001, 1207 or 1401, whose first two digits give the first level, YDMC its name, MJ). They are drawn last: every layer above is the same as without them.</source>
        <translation>另有八个图层记录生态保护红线和城镇开发边界维护所依据的数据，按维护方案的类别、依其比例生成（撤销 44.05 公顷、新设水源地 8.94 公顷、生态公益林 1 498.57 公顷、技术勘正 0.02 公顷）：epr_withdrawn（已依法撤销的保护区域，一处大部分位于生态保护红线内的集中式饮用水水源地一级保护区：MC 名称，LX 类型，CXWH 撤销文号，MJ 面积，平方米），water_source_new（红线外、紧邻红线的新设水源地：MC，JB 一级保护区或二级保护区，MJ），public_forest（生态公益林：红线外的林地图斑，大部分紧邻红线：XBH 小班号，XZQMC 乡镇名称，LZ 防护林或特种用途林，SQDJ 事权等级国家级或地方级，MJ），commercial_forest（林地上的商品林，部分位于红线内：XBH，XZQMC，LZ 用材林、经济林或能源林，LMQS 林木权属集体或个人，MJ），mining_rights（矿业权，其中两处跨红线边界：KQMC 矿区名称，KCZ 采矿或探矿，XKZH 许可证号，YXQ 有效期至，MJ），epr_correction（技术勘正：红线内沿其边界的细长图斑：XZQMC，KZYY 勘正原因，MJ），approved_land（城镇开发边界内、现状非建设用地上的已批已供未建用地：PZWH 批准文号，PZRQ 批准日期，YT 用途，GDZT 已批未供或已供未建，MJ）以及 planned_landuse（城镇开发边界内的规划用地：YDDM 用地用海分类二级代码，如 0701、1001、1207 或 1401，前两位为一级类；YDMC 名称；MJ）。这些图层最后生成：以上各图层与不生成它们时完全相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="98" />
        <source>Re-greening (规划复绿): construction land in the holes of the red line that is planned for re-greening may fill them (消除孔洞). Give that land as the re-greening layer: the part of any blocker lying in it does not block, so a hole is judged on the blockers' land outside it. Holes and slivers then has two more fields: REGREEN_MU (blocker land in it planned for re-greening, mu) and FLYY (1: filled only thanks to re-greening). Without the layer the outputs are as before.</source>
        <translation>规划复绿：生态保护红线天窗内规划复绿的建设用地可用于填补天窗（消除孔洞）。将这些用地作为规划复绿图层输入：阻挡图层位于其中的部分不再阻挡，天窗只按其外的阻挡用地判断。此时天窗与细缝清单另有两个字段：REGREEN_MU（其中规划复绿的阻挡用地面积，亩）和 FLYY（1：因规划复绿才得以填补）。不输入该图层时，输出与原来相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="133" />
        <source>Land planned for re-greening (规划复绿)</source>
        <translation>规划复绿用地</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="133" />
        <source>Optional polygons of land planned for re-greening, e.g. construction land in the red line's holes to be returned to forest or grass. Blocker land inside them does not keep a hole open; holes filled only thanks to them get FLYY = 1 in Holes and slivers. Read in the control line's CRS.</source>
        <translation>可选，规划复绿用地的面图层，例如生态保护红线天窗内拟恢复为林地或草地的建设用地。阻挡图层位于其中的部分不再使天窗保持不填；因此才得以填补的天窗和细缝，在天窗与细缝清单中 FLYY = 1。按控制线图层的坐标系读取。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="153" />
        <source>Every hole and sliver found, filled or not: HOLE_ID, KIND, AREA_MU, RING_MU, FILLED, BLOCKED_MU, BLOCKED_BY, and with a re-greening layer REGREEN_MU and FLYY. The geometry is what filling adds (islands cut out).</source>
        <translation>查找到的全部天窗和细缝（无论是否填补）：HOLE_ID、KIND、AREA_MU、RING_MU、FILLED、BLOCKED_MU、BLOCKED_BY，给定规划复绿图层时另有 REGREEN_MU 和 FLYY。几何为填补时新增的范围（已扣除岛状图斑）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="259" />
        <source>Re-greening layer {} is not a polygon layer: give the polygons of the land planned for re-greening (规划复绿).</source>
        <translation>规划复绿图层 {} 不是面图层：请输入规划复绿用地的面图层。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_fillholes.py" line="320" />
        <source>Re-greening layer {}: {} holes and {} slivers filled only thanks to it (FLYY = 1).</source>
        <translation>规划复绿图层 {}：因规划复绿才得以填补的天窗 {} 个、细缝 {} 处（FLYY = 1）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="120" />
        <source>regreen: land planned for re-greening (规划复绿), the construction parcels lying in holes of the red line under 5 mu (BSM, DLBM, DLMC, ZLDWDM of the land-use parcel, GHDL the green land class planned, FLNF the year planned, MJ). Filling the red line's holes with the construction land as a blocker leaves those holes open; with this layer as the re-greening land of Fill holes and slivers they are filled. A county whose red line has no such hole gets one: a parcel in a small hole, or failing that a small parcel inside the line, becomes a rural homestead (0702); other counties are unchanged.</source>
        <translation>regreen：规划复绿用地，即位于生态保护红线 5 亩以下天窗内的建设用地图斑（BSM、DLBM、DLMC、ZLDWDM 取自土地利用图斑，GHDL 为规划复绿后的地类，FLNF 为计划复绿年份，MJ）。以建设用地为阻挡图层填补红线天窗时，这些天窗保持不填；将本图层作为“天窗填补”的规划复绿用地输入后，这些天窗即予填补。红线若没有此类天窗，则生成一个：将一个小天窗内的图斑，或在无此条件时将红线内部的一个小图斑，改为农村宅基地（0702）；其他县域数据不受影响。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="43" />
        <source>Swap-in land by category</source>
        <translation>调入地块识别</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="56" />
        <source>The control line the land joins, and so its categories: the red line's (31 new water-source zones, 32 public-welfare forest, 33 holes; the default) or the development boundary's (41 infrastructure projects, 42 slivers and holes).</source>
        <translation>调入地块所进入的控制线，即采用的类别：生态保护红线（31 新设水源地、32 生态公益林、33 天窗；默认）或城镇开发边界（41 基础设施建设项目、42 细缝与天窗）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="63" />
        <source>The control line LINE names (the red line or the development boundary). Only the land of the categories outside it is listed: what joining adds.</source>
        <translation>LINE 所指的控制线（生态保护红线或城镇开发边界）。只列出各类别在其外的部分：即调入所增加的土地。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>New water-source protection zones (EPR)</source>
        <translation>新设水源地（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>LINE = EPR: optional polygons of newly designated centralised drinking-water source protection zones (新设集中式饮用水水源地). Land outside the red line inside them: category 31.</source>
        <translation>LINE = EPR：可选，新设集中式饮用水水源地保护区的面。其中位于生态保护红线外的土地：类别 31。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>Public-welfare forest (EPR)</source>
        <translation>生态公益林（生态保护红线）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>LINE = EPR: optional polygons of public-welfare forest (生态公益林). Land outside the red line inside them: category 32.</source>
        <translation>LINE = EPR：可选，生态公益林的面。其中位于生态保护红线外的土地：类别 32。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>Infrastructure projects (UDB)</source>
        <translation>基础设施建设项目（城镇开发边界）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="66" />
        <source>LINE = UDB: optional polygons of the land of infrastructure projects (基础设施建设项目). Land outside the boundary inside a counted project: category 41, one piece per project.</source>
        <translation>LINE = UDB：可选，基础设施建设项目用地的面。计入项目中位于城镇开发边界外的土地：类别 41，每个项目分别列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="78" />
        <source>Optional expression on the projects choosing those that count, e.g. "XMLX" = '基础设施'. Empty: every project counts.</source>
        <translation>可选，对项目图层的表达式，选出计入的项目，例如 "XMLX" = '基础设施'。留空：全部项目计入。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="84" />
        <source>Project distance (m)</source>
        <translation>项目距离（米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="84" />
        <source>Only projects within this distance (metres) of the development boundary count: the land that adjusts the boundary's layout, not projects far from the town. Default 100 m; 0: touching or overlapping; empty or negative: any distance.</source>
        <translation>只有距城镇开发边界不超过该距离（米）的项目计入：即调整边界布局的用地，而非远离城镇的项目。默认 100 米；0：相接或重叠；留空或为负：不限距离。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="96" />
        <source>Filled holes and slivers</source>
        <translation>已填补的天窗和细缝</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="96" />
        <source>Optional polygons of the holes and slivers the line fills, e.g. the OUTPUT of planmaint:fillholes filtered on TZLX IS NOT NULL: category 33 for the red line, 42 for the development boundary. Ground already in the line is left out.</source>
        <translation>可选，控制线所填补的天窗和细缝面，例如 planmaint:fillholes 的 OUTPUT 按 TZLX IS NOT NULL 筛选后的结果：生态保护红线为类别 33，城镇开发边界为类别 42。已在控制线内的部分不列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="101" />
        <source>Layers swap-ins must not overlap</source>
        <translation>调入地块不得重叠的图层</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="101" />
        <source>Optional polygon layers (e.g. the permanent basic farmland, the other control lines) that no swap-in may overlap: pieces are cut to the part outside them, and the log gives the area each layer took away.</source>
        <translation>可选的面图层（例如永久基本农田、其他控制线），调入地块不得与之重叠：地块裁剪为其外的部分，日志给出每个图层去除的面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="108" />
        <source>Pieces smaller than this are slivers of boundaries that do not quite match (a 0.1 m offset along 100 m makes 10 m²): they are left out. Default 10 m².</source>
        <translation>小于该面积的地块是边界不完全吻合产生的碎屑（沿 100 米边界偏差 0.1 米即产生 10 平方米）：不列出。默认 10 平方米。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="116" />
        <source>Swap-in land</source>
        <translation>调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="116" />
        <source>One feature per single-part piece of one category (and one project): TZYY, HRYY, SJXMMC, MJ_M2, MJ_MU, MJ_HA and SOURCE. Give it to planmaint:edgeswap as the land that must swap in (SWAP_IN).</source>
        <translation>每个类别（及每个项目）的每个单部件地块一个要素：TZYY、HRYY、SJXMMC、MJ_M2、MJ_MU、MJ_HA 和 SOURCE。作为必须调入的土地（SWAP_IN）交给 planmaint:edgeswap。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="120" />
        <source>Red line: new water-source zones (ha)</source>
        <translation>生态保护红线：新设水源地（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="121" />
        <source>Red line: public-welfare forest (ha)</source>
        <translation>生态保护红线：生态公益林（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="122" />
        <source>Red line: holes filled (ha)</source>
        <translation>生态保护红线：天窗填补（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="123" />
        <source>Development boundary: infrastructure projects (ha)</source>
        <translation>城镇开发边界：基础设施建设项目（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="124" />
        <source>Development boundary: slivers and holes filled (ha)</source>
        <translation>城镇开发边界：细缝与天窗填补（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="127" />
        <source>All swap-ins (ha)</source>
        <translation>全部调入地块（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="149" />
        <source>PROJECT_FILTER is read only with LINE = UDB: it is ignored for this line (EPR).</source>
        <translation>PROJECT_FILTER 仅在 LINE = UDB 时读取：本控制线（EPR）忽略它。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapins.py" line="154" />
        <source>all the land of the categories is listed as joining.</source>
        <translation>各类别的土地全部列为调入。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="143" />
        <source> The report lists its area by category (TZYY); nothing in the table changes.</source>
        <translation>报告按类别（TZYY）列出其面积；指标表不受影响。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>Red line swapped out</source>
        <translation>生态保护红线调出地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>The pieces that left the ecological protection red line, e.g. SWAPPED_OUT of Edge swap with area balance run on the red line.</source>
        <translation>调出生态保护红线的地块，例如对生态保护红线运行进出平衡调整得到的 SWAPPED_OUT。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>Red line swapped in</source>
        <translation>生态保护红线调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>The pieces that joined the ecological protection red line, e.g. SWAPPED_IN of Edge swap with area balance run on the red line.</source>
        <translation>调入生态保护红线的地块，例如对生态保护红线运行进出平衡调整得到的 SWAPPED_IN。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>Boundary swapped out</source>
        <translation>城镇开发边界调出地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>The pieces that left the urban development boundary, e.g. SWAPPED_OUT of Edge swap with area balance run on the boundary.</source>
        <translation>调出城镇开发边界的地块，例如对城镇开发边界运行进出平衡调整得到的 SWAPPED_OUT。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>Boundary swapped in</source>
        <translation>城镇开发边界调入地块</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="144" />
        <source>The pieces that joined the urban development boundary, e.g. SWAPPED_IN of Edge swap with area balance run on the boundary.</source>
        <translation>调入城镇开发边界的地块，例如对城镇开发边界运行进出平衡调整得到的 SWAPPED_IN。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="164" />
        <source>Swaps by category (调入调出分类, report only): for each line whose pieces swapped out or in are given (PBF_SWAPPED_OUT / PBF_SWAPPED_IN, EPR_SWAPPED_OUT / EPR_SWAPPED_IN, UDB_SWAPPED_OUT / UDB_SWAPPED_IN, e.g. SWAPPED_OUT and SWAPPED_IN of Edge swap with area balance), the report lists every category of that line and direction (the swap-out reasons and the swap-in categories of Swap-out candidates by reason and Edge swap with area balance) with its area in hectares, measured from the geometry with the area method, and 0 with no piece (无) for a category with none; pieces whose TZYY is none of them (e.g. 矛盾冲突调出, a technician's own words) are listed under their own words. The indicator table does not change.</source>
        <translation>调入调出分类（仅报告）：给出某条控制线的调出或调入地块（PBF_SWAPPED_OUT / PBF_SWAPPED_IN、EPR_SWAPPED_OUT / EPR_SWAPPED_IN、UDB_SWAPPED_OUT / UDB_SWAPPED_IN，例如进出平衡调整输出的 SWAPPED_OUT 和 SWAPPED_IN）时，报告按调整方向列出该控制线的全部类别（调出候选地块识别和进出平衡调整所用的调出原因和调入类别）及其面积（公顷，按面积计算方法由图形量算），没有地块的类别为 0、地块数为“无”；TZYY 不属于任何类别的地块（如矛盾冲突调出、技术人员自填的原因）按其自身填写的原因列出。指标表不受影响。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="185" />
        <source>Layer {} ({}) has no field {}: its pieces are listed without a category in the report's swaps by category. Give the SWAPPED_OUT or SWAPPED_IN output of Edge swap with area balance, or add the field with each piece's category.</source>
        <translation>图层 {}（{}）没有字段 {}：报告的调入调出分类中其地块按“未填写调整原因”列出。请使用进出平衡调整输出的 SWAPPED_OUT 或 SWAPPED_IN，或为各地块添加该字段并填写类别。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="225" />
        <source>Boundary scale and increment (城镇开发边界规模与增量): with the urban development boundary, a row gives its area (规模) and its increment (增量: the area minus the baseline urban construction land, URBAN_BASELINE or BASELINE_HA) in hectares; the table's numbers are the increment, the report prints "scale / increment", and "-" without a baseline. With the boundary after maintenance (UDB_AFTER), two rows follow: total area not increasing (城镇开发边界总面积不增加) and expansion factor not increasing (城镇开发边界扩展倍数不增加), each met (达标) when the value after is at most the value before, compared as printed (4 decimals), or not met (未达标), with the margin; not checked (无法核算) when a value is missing (the factor needs the baseline).</source>
        <translation>城镇开发边界规模与增量：给出城镇开发边界时，一行列出其面积（规模）和增量（增量 = 开发边界面积 − 基期城镇建设用地面积，基期取自 URBAN_BASELINE 或 BASELINE_HA），单位公顷；表中数值为增量，报告中按“规模 / 增量”列出，无基期时为“-”。给出维护后的城镇开发边界（UDB_AFTER）时，其后另有两行：城镇开发边界总面积不增加、城镇开发边界扩展倍数不增加，调整后数值不大于调整前（按打印精度 4 位小数比较）为达标，否则为未达标，并注明差额；缺少数值时为无法核算（扩展倍数需要基期）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="162" />
        <source>Key construction projects (重点建设项目, fields as in table 5-4): the land of those the project filter counts leaves the farmland and the red line; those the boundary's filter counts join the development boundary.</source>
        <translation>重点建设项目（字段同表 5-4）：项目筛选表达式选中的项目用地调出永久基本农田和生态保护红线；城镇开发边界项目筛选选中的项目用地调入城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="21" />
        <source>Withdrawn protected areas</source>
        <translation>已依法撤销的保护区域</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="21" />
        <source>Optional polygons of protected areas withdrawn by law and found to have no important ecological function (e.g. a withdrawn water-source zone): the red line in them leaves (category 11).</source>
        <translation>可选，已依法撤销且经论证不具有重要生态功能的法定保护区域（如撤销的水源地保护区）面：其中的生态保护红线调出（类别 11）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="25" />
        <source>Mining rights</source>
        <translation>矿业权</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="25" />
        <source>Optional polygons of mining rights (矿业权): the red line in them leaves as a conflict (14).</source>
        <translation>可选，矿业权范围面：其中的生态保护红线作为矛盾冲突调出（14）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="27" />
        <source>Commercial forest</source>
        <translation>人工商品林</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="27" />
        <source>Optional polygons of commercial forest (人工商品林): the red line in them leaves as a conflict (15).</source>
        <translation>可选，人工商品林范围面：其中的生态保护红线作为矛盾冲突调出（15）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="30" />
        <source>Technical correction of the red line</source>
        <translation>生态保护红线技术勘正</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="30" />
        <source>Optional polygons of the technical correction (技术勘正) of the red line: the red line in them leaves (17).</source>
        <translation>可选，生态保护红线技术勘正范围面：其中的生态保护红线调出（17）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="33" />
        <source>New water-source zones</source>
        <translation>新设水源地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="33" />
        <source>Optional polygons of newly designated water-source zones (新设水源地): they join the red line (31).</source>
        <translation>可选，新划定的饮用水水源保护区面（新设水源地）：调入生态保护红线（31）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="36" />
        <source>Public-welfare forest</source>
        <translation>生态公益林</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="36" />
        <source>Optional polygons of public-welfare forest (生态公益林): they join the red line (32).</source>
        <translation>可选，生态公益林范围面：调入生态保护红线（32）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="39" />
        <source>Land planned for re-greening</source>
        <translation>规划复绿用地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="39" />
        <source>Optional polygons of construction land planned for re-greening (规划复绿): it does not keep a hole of the red line from being filled.</source>
        <translation>可选，规划复绿的建设用地范围面：它不再阻止生态保护红线天窗的填补。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="42" />
        <source>Reviewed EPR swap-out candidates</source>
        <translation>已审核的生态保护红线调出候选</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="42" />
        <source>Optional output of Swap-out candidates by reason (LINE = EPR) after the technician's review: pieces with SFTC = 1 leave the red line, those with SFTC = 0 stay. Empty: the model finds them itself and accepts them all.</source>
        <translation>可选，经技术人员审核后的“按原因识别调出候选地块”（LINE = EPR）成果：SFTC = 1 的地块调出生态保护红线，SFTC = 0 的保留。为空时模型自行识别并全部采纳。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="46" />
        <source>Approved land not yet built</source>
        <translation>已批未建用地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="46" />
        <source>Optional polygons of land approved or supplied but not built (已批未建): it never leaves the development boundary.</source>
        <translation>可选，已批准或已供应但尚未建设的用地面（已批未建）：不得调出城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="49" />
        <source>Planned land use</source>
        <translation>规划用地</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="49" />
        <source>Optional planned land use with its code in YDDM: planned public-service, road, municipal and green land (codes 08, 1207, 13, 14) never leaves the development boundary.</source>
        <translation>可选，规划用地图层，用地代码在 YDDM 字段：规划的公共管理与公共服务、道路、公用设施及绿地（代码 08、1207、13、14）不得调出城镇开发边界。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="53" />
        <source>Reviewed UDB swap-out pool</source>
        <translation>已审核的城镇开发边界调出备选</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="53" />
        <source>Optional output of Swap-out candidates by reason (LINE = UDB) after the technician's review: only pieces with SFTC = 1 may leave the boundary to balance it. Empty: the model finds the pool itself.</source>
        <translation>可选，经技术人员审核后的“按原因识别调出候选地块”（LINE = UDB）成果：只有 SFTC = 1 的地块可用于平衡调出城镇开发边界。为空时模型自行识别。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="57" />
        <source>Projects joining the boundary</source>
        <translation>调入城镇开发边界的项目</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="57" />
        <source>Expression choosing the projects whose land joins the development boundary when within 100 m of it (default: XMLX = 产业类, the seed's warehouse projects).</source>
        <translation>选择用地调入城镇开发边界的项目的表达式，仅限距边界 100 米以内的项目（默认：XMLX = 产业类，即种子方案中的仓储类项目）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="78" />
        <source>Red line exactly as large as before</source>
        <translation>生态保护红线面积严格相等</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="78" />
        <source>Off (the seed's rule, 任务不减少): the red line after is not smaller than before and grows when more joins than leaves. On: exactly equal, to 0.01 m².</source>
        <translation>关闭（种子方案规则，任务不减少）：调整后生态保护红线面积不小于调整前，调入多于调出时面积增加。开启：面积严格相等，精确到 0.01 平方米。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="614" />
        <source>Direction</source>
        <translation>调整方向</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="614" />
        <source>Category (TZYY)</source>
        <translation>类别（TZYY）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="74" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="614" />
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="614" />
        <source>Pieces</source>
        <translation>地块数</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="626" />
        <source>Swaps by category</source>
        <translation>调入调出分类</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="628" />
        <source>Every category of the line is listed, with 0 when no piece is of it (its layer may be missing in the county); pieces whose category (TZYY) is none of the line's are listed under their own words. Areas are measured from the pieces with the area method of the report.</source>
        <translation>列出该控制线的全部类别，没有地块的类别面积为 0（可能是该县缺少相应图层）；类别（TZYY）不属于该控制线任何类别的地块按其自身填写的原因列出。面积按本报告的面积计算方法由地块图形量算。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_help.py" line="15" />
        <source>Lists the land that joins the ecological protection red line (LINE = EPR) or the urban development boundary (LINE = UDB) by the seed's categories (调入地块, seed 五(一)2 and 五(一)3), one layer with a reason per piece, ready for the land that must swap in (SWAP_IN) of planmaint:edgeswap. Each category comes from an optional layer; a county without it leaves the category empty, and the log says so (no layer given). A layer given that only the other line reads is ignored, with a warning.</source>
        <translation>列出按方案类别调入生态保护红线（LINE = EPR）或城镇开发边界（LINE = UDB）的土地（调入地块，方案五(一)2 和五(一)3），每块带调入原因，合为一个图层，可直接作为 planmaint:edgeswap 的必须调入土地（SWAP_IN）。每个类别来自一个可选图层；县里没有该图层时，该类别为空，日志会说明（未提供图层）。提供了只供另一条控制线读取的图层时，忽略它并给出警告。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_help.py" line="25" />
        <source>Categories, in their order of precedence (ground in several counts once, under the first):
Red line: 31 新设水源地, new water-source protection zones (NEW_WATER_SOURCE); 32 生态公益林, public-welfare forest (PUBLIC_FOREST); 33 天窗填补, the holes filled (HOLES).
Development boundary: 41 基础设施建设项目, the land of infrastructure projects (PROJECTS), those the project filter (PROJECT_FILTER) chooses and within the project distance (PROJECT_DISTANCE, 100 m; empty or negative: any distance) of the boundary, with the project name from PROJECT_NAME_FIELD (XMMC) in SJXMMC; 42 细缝与天窗填补, the slivers and holes filled (HOLES).
HOLES takes e.g. the OUTPUT of planmaint:fillholes filtered on TZLX IS NOT NULL. The two digits are the code (HRYY, 划入原因), the words the reason (TZYY) that planmaint:edgeswap carries into its swapped-in land.</source>
        <translation>类别按优先顺序排列（同时属于多个类别的土地只计一次，归第一个）：
生态保护红线：31 新设水源地，新设水源地保护区（NEW_WATER_SOURCE）；32 生态公益林（PUBLIC_FOREST）；33 天窗填补，已填补的天窗（HOLES）。
城镇开发边界：41 基础设施建设项目，基础设施建设项目用地（PROJECTS），取项目筛选（PROJECT_FILTER）选中且距边界不超过项目距离（PROJECT_DISTANCE，100 米；留空或为负：不限距离）的项目，项目名称取自 PROJECT_NAME_FIELD（XMMC）写入 SJXMMC；42 细缝与天窗填补，已填补的细缝和天窗（HOLES）。
HOLES 可取 planmaint:fillholes 的 OUTPUT 按 TZLX IS NOT NULL 筛选的结果。两位数字为代码（HRYY，划入原因），文字为原因（TZYY），planmaint:edgeswap 会将其带入调入地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_help.py" line="40" />
        <source>Only what joining adds is listed: the part of each category outside the control line (INPUT). Where features of one layer overlap, the common ground counts once, for the first. The layers of EXCLUDE (e.g. the permanent basic farmland, the other control lines) are never overlapped: pieces are cut to the part outside them, and the log gives the m² each layer took away. Pieces under the smallest piece (MIN_PIECE, 10 m²) are slivers of boundaries that do not quite match and are left out.

Output: one feature per single-part piece of one source feature under one category, with TZYY, HRYY, SJXMMC (project name, or empty), MJ_M2, MJ_MU, MJ_HA (area by the area method) and SOURCE (the parameter the piece came from). Numbers: the hectares of every category (0 when it is empty or of the other line) and TOTAL_HA. With no category layer at all the output is an empty layer. The inputs are never changed.</source>
        <translation>只列出调入所增加的土地：各类别位于控制线（INPUT）外的部分。同一图层内要素重叠时，重叠部分只计一次，归前一要素。EXCLUDE 中的图层（例如永久基本农田、其他控制线）不得被重叠：地块裁剪为其外的部分，日志给出每个图层去除的平方米数。小于最小地块面积（MIN_PIECE，10 平方米）的地块是边界不完全吻合产生的碎屑，不列出。

输出：每个来源要素在每个类别下的每个单部件地块一个要素，带 TZYY、HRYY、SJXMMC（项目名称，或空）、MJ_M2、MJ_MU、MJ_HA（按面积计算方式）和 SOURCE（地块来自的参数）。数值：每个类别的公顷数（类别为空或属于另一条控制线时为 0）和 TOTAL_HA。没有任何类别图层时输出空图层。输入数据不会被修改。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="58" />
        <source>Layer {} (INPUT) is in the geographic CRS {}, so a project distance (PROJECT_DISTANCE) of {} m cannot be measured. Reproject the layers to a projected CRS (e.g. EPSG:4549), or set PROJECT_DISTANCE to -1 to count projects at any distance.</source>
        <translation>图层 {}（INPUT）采用地理坐标系 {}，无法量测 {} 米的项目距离（PROJECT_DISTANCE）。请将图层投影到投影坐标系（例如 EPSG:4549），或将 PROJECT_DISTANCE 设为 -1 以不限距离计入项目。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="74" />
        <source>Layer {} (PROJECTS) has no field {} (PROJECT_NAME_FIELD). Its fields are: {}. Set PROJECT_NAME_FIELD to one of them, or leave it empty.</source>
        <translation>图层 {}（PROJECTS）没有字段 {}（PROJECT_NAME_FIELD）。其字段为：{}。请将 PROJECT_NAME_FIELD 设为其中之一，或留空。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="84" />
        <source>Layer {}: {} of {} projects pass the project filter ({}).</source>
        <translation>图层 {0}：{2} 个项目中有 {1} 个通过项目筛选（{3}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="88" />
        <source>Layer {}: {} of {} projects lie within {} m of the line.</source>
        <translation>图层 {0}：{2} 个项目中有 {1} 个距控制线不超过 {3} 米。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="108" />
        <source>{}: no layer given; category {} {} is empty.</source>
        <translation>{}：未提供图层；类别 {} {} 为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="120" />
        <source>Layer {} of the layers swap-ins must not overlap (EXCLUDE) is not a polygon layer: give polygon layers only (e.g. the permanent basic farmland, the other control lines).</source>
        <translation>调入地块不得重叠的图层（EXCLUDE）中的图层 {} 不是面图层：只能提供面图层（例如永久基本农田、其他控制线）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="153" />
        <source>{} {} ({}): {} pieces, {:.4f} ha ({:.2f} mu); {:.2f} m² already in the line and {:.2f} m² of an earlier category are not listed.</source>
        <translation>{} {}（{}）：{} 块，{:.4f} 公顷（{:.2f} 亩）；已在控制线内的 {:.2f} 平方米和已归入前一类别的 {:.2f} 平方米不列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="158" />
        <source>{} pieces under the smallest piece ({:.3f} m² together) are left out.</source>
        <translation>{} 块小于最小地块面积（合计 {:.3f} 平方米），不列出。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="162" />
        <source>{}: {} features overlap an earlier feature of the layer; the common ground counts once, for the first.</source>
        <translation>{}：{} 个要素与该图层中前面的要素重叠；重叠部分只计一次，归前一要素。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="165" />
        <source>Layer {} (EXCLUDE) took {:.2f} m² ({:.4f} ha) away from the swap-ins.</source>
        <translation>图层 {}（EXCLUDE）从调入地块中去除 {:.2f} 平方米（{:.4f} 公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapins_io.py" line="168" />
        <source>Swap-ins: {} pieces, {:.4f} ha; area method {}.</source>
        <translation>调入地块：{} 块，{:.4f} 公顷；面积计算方式：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_conflictcheck.py" line="228" />
        <source>{}: {} yields {:.4f} ha, {} yields {:.4f} ha, both keep {:.4f} ha.</source>
        <translation>{}：{} 让出 {:.4f} 公顷，{} 让出 {:.4f} 公顷，双方保留 {:.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="116" />
        <source>Settled conflicts of the lines</source>
        <translation>三线冲突处理结果</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_swapcandidates.py" line="352" />
        <source>REVIEWED is given: the settled conflicts (CONFLICTS) are not read; the reviewed layer holds the pieces that leave.</source>
        <translation>已给出 REVIEWED：不读取三线冲突处理结果（CONFLICTS），调出地块以已审核图层为准。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="36" />
        <source>Red line yields; farmland yields inside nature-reserve core zones</source>
        <translation>生态保护红线让出；自然保护地核心保护区内永久基本农田让出</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="38" />
        <source>Farmland yields</source>
        <translation>永久基本农田让出</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="39" />
        <source>Red line yields</source>
        <translation>生态保护红线让出</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="39" />
        <source>Development boundary yields</source>
        <translation>城镇开发边界让出</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="46" />
        <source>Settle the conflicts (who yields each overlap)</source>
        <translation>处理冲突（每处重叠由谁让出）</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="46" />
        <source>Split each overlap into the pieces one line gives up, and write who yields (YIELDS), who keeps (KEEPS), why (BASIS: rule, core_zone or decision) and a note (NOTE). The model passes this layer to each line's swap-out candidates.</source>
        <translation>把每处重叠切分为由一条控制线让出的图斑，并写出让出方（YIELDS）、保留方（KEEPS）、依据（BASIS：rule 规则、core_zone 核心保护区、decision 决策）和说明（NOTE）。模型把该图层交给各控制线的调出候选。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="97" />
        <source>Rule: farmland and red line</source>
        <translation>规则：永久基本农田与生态保护红线</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="98" />
        <source>Rule: farmland and boundary</source>
        <translation>规则：永久基本农田与城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="99" />
        <source>Rule: red line and boundary</source>
        <translation>规则：生态保护红线与城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="53" />
        <source>Which line gives up the overlap of this pair where no decision says otherwise (with SETTLE). The first option follows the national guidance on the three lines.</source>
        <translation>无决策时该对控制线的重叠由哪条让出（SETTLE 时）。第一个选项依据国家关于三条控制线的指导意见。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="89" />
        <source>Nature-reserve core zones</source>
        <translation>自然保护地核心保护区</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="56" />
        <source>自然保护地核心保护区 polygons. Inside them the farmland yields to the red line under the default farmland and red-line rule (with SETTLE).</source>
        <translation>自然保护地核心保护区多边形。按永久基本农田与生态保护红线的默认规则，其范围内永久基本农田让给生态保护红线（SETTLE 时）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="93" />
        <source>Conflict decisions</source>
        <translation>冲突处理决策</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="59" />
        <source>The technician's decisions (with SETTLE): polygons whose keep field says which line keeps the overlap under it (PBF, EPR, UDB or the Chinese line name), or BOTH / 保留重叠 to keep the overlap with its note as the reason. A decision overrides the rules and the core zones.</source>
        <translation>技术人员的决策（SETTLE 时）：多边形的保留字段写明其范围内的重叠由哪条控制线保留（PBF、EPR、UDB 或控制线中文名），或写 BOTH / 保留重叠 表示保留重叠，以其说明为理由。决策优先于规则和核心保护区。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="63" />
        <source>Keep field of the decisions</source>
        <translation>决策的保留字段</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="63" />
        <source>The decisions' field saying which line keeps the ground (default KEEP).</source>
        <translation>决策图层中写明保留方的字段（默认 KEEP）。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="66" />
        <source>Note field of the decisions</source>
        <translation>决策的说明字段</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="66" />
        <source>The decisions' field with the reason written to NOTE (default NOTE; may be missing).</source>
        <translation>决策图层中写入 NOTE 的理由字段（默认 NOTE，可以没有）。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="74" />
        <source>Settling (SETTLE): each overlap is split into pieces, each given up by one line (YIELDS) and kept by the other (KEEPS). In this order: a decision polygon decides the ground under it; inside a nature-reserve core zone the farmland yields to the red line; elsewhere the rule of the pair. The default rules follow the national guidance on the three control lines (中共中央办公厅、国务院办公厅《关于在国土空间规划中统筹划定落实三条控制线的指导意见》, 2019, on settling conflicts) and the seed's scheme: the red line gives up farmland in conflict with it (one of the five conflicts of the red-line rules), except in core zones, from which farmland withdraws; the development boundary avoids the farmland and the red line. Each rule can be changed per pair. Pieces under the minimum area left by the cuts are dropped. The swap-out candidates (Swap-out candidates, CONFLICTS) turn the pieces a line yields into its candidates of category 矛盾冲突, so they are reviewed, recorded and rebalanced like every other swap-out.</source>
        <translation>冲突处理（SETTLE）：每处重叠切分为若干图斑，每块由一条控制线让出（YIELDS）、另一条保留（KEEPS）。判定顺序：决策图层的多边形决定其范围内的图斑；自然保护地核心保护区内，永久基本农田让给生态保护红线；其余按该对控制线的规则。默认规则依据国家关于三条控制线的指导意见（中共中央办公厅、国务院办公厅《关于在国土空间规划中统筹划定落实三条控制线的指导意见》，2019 年，协调解决冲突部分）和本方案：生态保护红线调出与永久基本农田矛盾冲突的部分（红线划定规则的 5 类矛盾冲突之一），核心保护区内除外，那里的永久基本农田逐步有序退出；城镇开发边界避让永久基本农田和生态保护红线。每对控制线的规则均可单独修改。切分留下的小于最小面积的碎片舍去。调出候选（调出候选地块，CONFLICTS）把一条控制线让出的图斑列为其“矛盾冲突”类调出候选，与其他调出一样经审核、记录并进出平衡。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="114" />
        <source>Layer {} (DECISIONS) has no field {}: add a text field saying which line keeps the ground (PBF, EPR, UDB or BOTH), or name the field in KEEP_FIELD.</source>
        <translation>图层 {}（DECISIONS）没有字段 {}：请添加写明保留方的文本字段（PBF、EPR、UDB 或 BOTH），或在 KEEP_FIELD 中指定该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/conflictcheck_settle.py" line="126" />
        <source>Layer {} (DECISIONS), field {}: the values {} say no line. Write PBF, EPR, UDB (or 永久基本农田, 生态保护红线, 城镇开发边界) for the line that keeps the ground, or BOTH / 保留重叠 to keep the overlap.</source>
        <translation>图层 {}（DECISIONS）字段 {}：值 {} 不是任何控制线。请填写保留方 PBF、EPR、UDB（或 永久基本农田、生态保护红线、城镇开发边界），或填 BOTH / 保留重叠 以保留重叠。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="20" />
        <source>Settlement of the conflicts</source>
        <translation>三线冲突处理结果</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="20" />
        <source>The overlaps of the lines before maintenance as settled: OUTPUT of Control-line conflicts (planmaint:conflictcheck) run on PBF, EPR and UDB with SETTLE, with its fields KIND, YIELDS, KEEPS, BASIS and NOTE. With the lines after maintenance, the report's section 三线冲突处理 gives per pair the overlap settled, the part each line yields and the part both keep, and the reason each overlap remaining after maintenance stays. Without it the report still lists the remaining overlaps, with no reason.</source>
        <translation>维护前各控制线重叠部分的处理结果：三线冲突检查（planmaint:conflictcheck）对 PBF、EPR、UDB 勾选 SETTLE 运行后的 OUTPUT，带字段 KIND、YIELDS、KEEPS、BASIS 和 NOTE。给出维护后的控制线时，报告的“三线冲突处理”一节按每对控制线列出已处理的重叠面积、各控制线调出的面积和两线均保留的面积，并说明维护后每处剩余重叠保留的原因。不给出此图层时，报告仍列出剩余重叠，但不说明原因。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="34" />
        <source>Settling the conflicts (三线冲突处理, report only): with two lines or more and their state after maintenance, the report says how each overlap between the lines was settled and why any overlap remains (三条控制线不交叉、不重叠). Give SETTLEMENT, the settled overlaps of the lines before maintenance (OUTPUT of Control-line conflicts run with SETTLE). Per pair it gives the overlap settled, the part each line yields (YIELDS), the part both lines keep (YIELDS empty, a decision) and the overlap remaining after maintenance (the table's after row). Each remaining overlap polygon is listed with its area, a point inside it and the reason it stays, from the settled piece it shares the most area with: both lines keep it (with the decision's note); the line that was to yield it still holds it (it was not swapped out, e.g. its candidates were kept in review); or it lies in no settled piece (a new overlap made by maintenance). Without SETTLEMENT the settled columns read 无 and the reasons say no settlement was given. With no overlap left the report says the lines do not overlap. The indicator table does not change.</source>
        <translation>三线冲突处理（仅报告）：给出两条及以上控制线及其维护后状态时，报告说明各控制线之间的每处重叠如何处理、为何仍有重叠（三条控制线不交叉、不重叠）。请给出 SETTLEMENT，即维护前各控制线重叠部分的处理结果（三线冲突检查勾选 SETTLE 运行后的 OUTPUT）。报告按每对控制线列出已处理的重叠面积、各控制线调出的面积（YIELDS）、两线均保留的面积（YIELDS 为空，即技术人员决定）和维护后剩余的重叠面积（即指标表的调整后一行）。每个剩余重叠图斑列出其面积、图斑内一点的坐标和保留原因，原因取自与其共有面积最大的已处理图斑：两线均保留（附该决定的说明）；应调出的控制线维护后仍包含该图斑（未调出，如审核候选地块时保留）；或不在任何已处理图斑内（维护新产生的重叠）。不给出 SETTLEMENT 时，已处理各列为“无”，原因为未提供冲突处理图层。维护后没有重叠时，报告说明各控制线互不重叠。指标表不受影响。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="56" />
        <source> and {} more</source>
        <translation> 等（另有 {} 个）</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="71" />
        <source>Layer {} ({}) has no field {}; its fields are: {}. Give the OUTPUT of Control-line conflicts (planmaint:conflictcheck) run with SETTLE, whose overlap polygons carry KIND, YIELDS, KEEPS, BASIS and NOTE.</source>
        <translation>图层 {}（{}）没有字段 {}；其字段为：{}。请给出三线冲突检查（planmaint:conflictcheck）勾选 SETTLE 运行后的 OUTPUT，其重叠图斑带有 KIND、YIELDS、KEEPS、BASIS 和 NOTE 字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="83" />
        <source>Layer {} ({}): the field KIND of feature(s) {} holds {!r}, which is no pair of control lines. It must be one of {} (as Control-line conflicts writes it). Correct the field, or give the OUTPUT of Control-line conflicts run with SETTLE.</source>
        <translation>图层 {}（{}）：要素 {} 的 KIND 字段为 {!r}，不是任何一对控制线。它应为 {} 之一（与三线冲突检查写出的一致）。请更正该字段，或给出三线冲突检查勾选 SETTLE 运行后的 OUTPUT。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="91" />
        <source>Layer {} ({}): the field YIELDS of feature(s) {} holds {!r}, which is no line of its overlap {}. YIELDS is the line that leaves the overlap, {} or {}, or empty where both lines keep it. Correct the field.</source>
        <translation>图层 {}（{}）：要素 {} 的 YIELDS 字段为 {!r}，不是其重叠类型 {} 中的控制线。YIELDS 是退出该重叠部分的控制线，应为 {} 或 {}；两线均保留时为空。请更正该字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="105" />
        <source>Layer {} ({}) is given, but the settling of the conflicts needs two lines or more and their state after maintenance (PBF_AFTER, EPR_AFTER or UDB_AFTER): it is not used.</source>
        <translation>已给出图层 {}（{}），但三线冲突处理需要两条及以上控制线及其维护后状态（PBF_AFTER、EPR_AFTER 或 UDB_AFTER）：该图层未使用。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_settle.py" line="111" />
        <source>Layer {} ({}) has no features: no overlap of the lines before maintenance was settled, so every remaining overlap is reported as new.</source>
        <translation>图层 {}（{}）没有要素：维护前的重叠均未处理，因此每处剩余重叠都按新产生的重叠报告。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="86" />
        <source>Which line gives up the overlap of the two lines where no decision says otherwise; the default follows the national guidance on the three control lines (see Control-line conflicts).</source>
        <translation>无决策时这两条控制线的重叠由哪条让出；默认依据国家关于三条控制线的指导意见（见三线冲突检查）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="89" />
        <source>Optional polygons of the nature reserves' core zones (自然保护地核心保护区): farmland overlapping the red line inside them leaves the farmland (category 07), not the red line.</source>
        <translation>可选，自然保护地核心保护区多边形：其范围内与生态保护红线重叠的永久基本农田调出永久基本农田（07 类），而不是调出生态保护红线。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="93" />
        <source>Optional polygons of the technician's decisions with KEEP (PBF, EPR, UDB, or BOTH / 保留重叠) and NOTE: the line named keeps the overlap under it and the other yields; BOTH keeps the overlap, and the report lists it with the note.</source>
        <translation>可选，技术人员的冲突处理决策多边形，含 KEEP（PBF、EPR、UDB 或 BOTH / 保留重叠）和 NOTE：所写控制线保留其范围内的重叠，另一条让出；BOTH 保留重叠，报告列出该重叠及其说明。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="466" />
        <source>Settled (ha)</source>
        <translation>已处理（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="466" />
        <source>{} yields (ha)</source>
        <translation>{}调出（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="467" />
        <source>Kept by both (ha)</source>
        <translation>两线均保留（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="467" />
        <source>Remaining after (ha)</source>
        <translation>调整后剩余（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="475" />
        <source>Settling the conflicts</source>
        <translation>三线冲突处理</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="477" />
        <source>Settled: the overlaps of the lines before maintenance as the settlement layer (SETTLEMENT) settles them; each line yields the pieces whose YIELDS names it, and both keep the pieces whose YIELDS is empty. Remaining after: the overlap of the lines after maintenance, as in the indicator table.</source>
        <translation>已处理：冲突处理图层（SETTLEMENT）所处理的维护前各控制线的重叠部分；YIELDS 为某控制线的图斑由该控制线调出，YIELDS 为空的图斑两线均保留。调整后剩余：维护后各控制线的重叠面积，与指标表一致。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="482" />
        <source>No settlement layer (SETTLEMENT) was given: how the overlaps were settled is not known (无). Give the OUTPUT of Control-line conflicts run with SETTLE on the lines before maintenance.</source>
        <translation>未提供冲突处理图层（SETTLEMENT）：重叠的处理情况未知（无）。请给出对维护前控制线运行三线冲突检查（勾选 SETTLE）的 OUTPUT。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="486" />
        <source>After maintenance the control lines do not overlap (三线不交叉、不重叠): no conflict remains.</source>
        <translation>维护后各控制线互不交叉、不重叠（三线不交叉、不重叠）：没有遗留的冲突。</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="489" />
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="489" />
        <source>Point inside (x, y)</source>
        <translation>图斑内一点（x, y）</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="489" />
        <source>Why it remains</source>
        <translation>保留原因</translation>
    </message>
    <message>
        <location filename="../algorithms/report.py" line="496" />
        <source>Overlaps remaining after maintenance ({}), largest first</source>
        <translation>维护后剩余的重叠（{} 处），按面积从大到小排列</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="16" />
        <source>Optional settlement of the lines' conflicts: the output of Control-line conflicts (planmaint:conflictcheck) with SETTLE, fields KIND and YIELDS. Its overlaps whose YIELDS names the line chosen (LINE) are candidates of that line under the conflict with the other line of their KIND (矛盾冲突), listed down to 1 m² however large the smallest piece. Not read with REVIEWED.</source>
        <translation>可选，三线冲突处理结果：“三线冲突检查”（planmaint:conflictcheck）勾选 SETTLE 的输出，含 KIND 和 YIELDS 字段。其中 YIELDS 为所选控制线（LINE）的重叠图斑，作为该控制线的候选地块，类型为与 KIND 中另一条控制线的矛盾冲突；无论最小地块面积多大，都列到 1 平方米。给出 REVIEWED 时不读取。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="27" />
        <source>Farmland: conflict with the red line (ha)</source>
        <translation>永久基本农田：与生态保护红线矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="28" />
        <source>Farmland: conflict with the development boundary (ha)</source>
        <translation>永久基本农田：与城镇开发边界矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="34" />
        <source>Red line: conflict with the development boundary (ha)</source>
        <translation>生态保护红线：与城镇开发边界矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="40" />
        <source>Development boundary: conflict with farmland (ha)</source>
        <translation>城镇开发边界：与永久基本农田矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="41" />
        <source>Development boundary: conflict with the red line (ha)</source>
        <translation>城镇开发边界：与生态保护红线矛盾冲突（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="61" />
        <source>Settled conflicts (CONFLICTS, optional): the output of Control-line conflicts (planmaint:conflictcheck) with SETTLE, whose overlaps of two lines each say which line yields (YIELDS: PBF, EPR, UDB, or empty where both keep it) and which pair they are of (KIND). Every overlap the chosen line yields becomes a candidate of that line, first in its precedence, under the conflict with the other line of its KIND: farmland 07 矛盾冲突：生态保护红线, 08 矛盾冲突：城镇开发边界; red line 12 矛盾冲突：永久基本农田, 18 矛盾冲突：城镇开发边界; boundary 22 矛盾冲突：永久基本农田, 23 矛盾冲突：生态保护红线. These pieces are listed down to 1 m² even when the smallest piece is larger: an overlap left behind would be an error, and the settlement has dropped the slivers already. A layer without the field YIELDS or KIND, or with a YIELDS other than PBF, EPR, UDB or empty, is refused. With REVIEWED the layer is not read: the reviewed pieces are the candidates.</source>
        <translation>三线冲突处理结果（CONFLICTS，可选）：“三线冲突检查”（planmaint:conflictcheck）勾选 SETTLE 的输出，其中每个两线重叠图斑注明由哪条控制线让出（YIELDS：PBF、EPR、UDB，两线都保留时为空）以及属于哪一对控制线（KIND）。所选控制线让出的每个重叠图斑都成为该控制线的候选地块，排在其优先顺序的最前，类型为与 KIND 中另一条控制线的矛盾冲突：永久基本农田 07 矛盾冲突：生态保护红线、08 矛盾冲突：城镇开发边界；生态保护红线 12 矛盾冲突：永久基本农田、18 矛盾冲突：城镇开发边界；城镇开发边界 22 矛盾冲突：永久基本农田、23 矛盾冲突：生态保护红线。即使最小地块面积更大，这些地块也列到 1 平方米：留下的重叠是错误，而冲突处理已去掉了碎屑。缺少 YIELDS 或 KIND 字段、或 YIELDS 不是 PBF、EPR、UDB 或空值的图层将被拒绝。给出 REVIEWED 时不读取此图层：以已审核的地块为候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="76" />
        <source>Proposes the permanent basic farmland that may be swapped out (调出候选地块), piece by piece, each with the reason the data give for it, so that the technician can review the list before the swap.

Reasons, in their order of precedence (ground meeting several is listed once, under the first):
07 矛盾冲突：生态保护红线, 08 矛盾冲突：城镇开发边界: farmland inside the settled overlaps it yields to the red line or to the development boundary (CONFLICTS, above);
02 国家和自治区重点建设项目: farmland inside a key construction project chosen by the project filter;
04 灾毁和采矿损毁无法修复: farmland inside the polygons of disaster or mining damage beyond repair;
05 变更调查"非耕地": farmland whose land-use parcel of the latest change survey is not cultivated land (its code does not begin with 01);
06 经核实不符合划入要求: farmland inside the polygons found not to meet the requirements;
01 坡度15度以上: cultivated farmland of slope grade 4 or 5 (above 15°);
03 零星破碎: the farmland left after the other reasons' pieces leave is merged into patches again (parts sharing a stretch of boundary form one patch); patches under 5 mu in the plains or 3 mu in mountains and hills are fragments, so a cut can make a new fragment.
The two digits are the reason code (HCYY), the words the reason (TZYY).

Each output feature is one single-part piece of one farmland feature under one reason, with the farmland feature's attributes and TZYY, HCYY, MJ_M2, MJ_MU, MJ_HA (area), GDMJ, QTNYDMJ, JSYDMJ, WLYDMJ (m² of cultivated, other agricultural, construction and unused land under the piece by the land-use parcels and GB/T 21010's three categories; they add up to MJ_M2; ground under no parcel, or under a code of no class, counts in the class of the farmland feature's own code, or as cultivated), SJXMMC (project name) and SFTC (是否调出, 1). Review the layer and set SFTC to 0 on the pieces that stay.

Where farmland features overlap, or land-use parcels do, the common ground counts once, for the first in reading order. Pieces under the smallest piece (10 m² by default) are slivers of misaligned boundaries: they are not listed and their ground stays in the farmland. Fragments are listed whole. Numbers: hectares per reason and TOTAL_HA. The inputs are never changed.

Already reviewed candidates (advanced): given a layer reviewed earlier, nothing is computed; the layer is checked (SFTC 1 or 0 on every piece) and copied to the output unchanged, so a model can take reviewed candidates or find them through the same step.</source>
        <translation>按数据给出的理由，逐块提出可调出的永久基本农田（调出候选地块），供技术人员在调整前审核。

调出理由按优先顺序如下（同时符合多项理由的地块只列一次，归入最先的理由）：
07 矛盾冲突：生态保护红线、08 矛盾冲突：城镇开发边界：位于三线冲突处理结果中永久基本农田让出给生态保护红线或城镇开发边界的重叠图斑内的永久基本农田（CONFLICTS，见上）；
02 国家和自治区重点建设项目：位于经项目筛选条件选中的重点建设项目范围内的永久基本农田；
04 灾毁和采矿损毁无法修复：位于灾毁、采矿损毁无法修复范围内的永久基本农田；
05 变更调查"非耕地"：最新年度变更调查地类图斑不是耕地（地类编码不以 01 开头）的永久基本农田；
06 经核实不符合划入要求：位于经核实不符合划入要求范围内的永久基本农田；
01 坡度15度以上：坡度级别为 4 级或 5 级（15 度以上）的耕地；
03 零星破碎：其他理由的地块调出后，剩余永久基本农田重新按邻近图斑融合（共用一段边界的部分合为一个图斑），平原地区不足 5 亩、山地丘陵地区不足 3 亩的图斑为零星破碎图斑，因此切割可能产生新的碎图斑。
两位数字为划出原因代码（HCYY），文字为调整原因（TZYY）。

输出的每个要素是一块永久基本农田要素在一种理由下的单部件地块，保留该要素的全部属性，并增加 TZYY、HCYY、MJ_M2、MJ_MU、MJ_HA（面积）、GDMJ、QTNYDMJ、JSYDMJ、WLYDMJ（按地类图斑和 GB/T 21010 三大类计算的耕地、其他农用地、建设用地、未利用地面积，平方米，四项之和等于 MJ_M2；没有地类图斑覆盖或地类编码无法归类的部分，按该永久基本农田要素自身的地类编码归类，没有编码时计为耕地）、SJXMMC（项目名称）和 SFTC（是否调出，1）。请在图层中审核，把保留不调出的地块的 SFTC 改为 0。

永久基本农田要素之间或地类图斑之间相互重叠时，重叠部分只计一次，归读取顺序在前者。小于最小地块面积（默认 10 平方米）的地块是边界不完全吻合产生的碎屑，不列出，仍留在永久基本农田内。零星破碎图斑整块列出。输出数值：各理由面积（公顷）和 TOTAL_HA。输入图层不会被修改。

已审核的候选地块（高级）：给出此前审核过的图层时不再计算，只检查其每个地块的 SFTC 为 1 或 0，然后原样复制到输出，因此模型可以通过同一步骤使用已审核的候选地块或自行识别候选地块。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="110" />
        <source>Red line (LINE = EPR), seed 五(一)2. Categories in their order of precedence (ground meeting several is listed once, under the first), each from its layer:
11 已依法撤销且经论证不具有重要生态功能的法定保护区域: the red line inside the withdrawn protected areas (WITHDRAWN, e.g. a withdrawn first-level water-source zone);
the conflicts (矛盾冲突) of the red-line rules: 12 永久基本农田 inside the settled overlaps the red line yields to the farmland (CONFLICTS) or inside the farmland polygons (CONFLICT_PBF); 18 城镇开发边界 inside the settled overlaps it yields to the development boundary (CONFLICTS); 13 城镇村建设用地 on land-use parcels of town and village construction land: codes beginning with 05, 06, 07, 08, 09 or 10 except 1006 (rural roads are agricultural land), and the town-village codes 201, 202, 203, 204, 205 (also with the suffix A) when the land-class field holds them, one piece per parcel; 14 矿业权 inside the mining-right polygons (MINING); 15 人工商品林 inside the commercial forest (COMMERCIAL_FOREST); 16 重大项目 inside a key project counted by the project filter (PROJECTS, PROJECT_FILTER; its name in SJXMMC);
17 技术勘正: the red line inside the technical-correction polygons (CORRECTION).
Fragments do not apply to the red line. Ground under no land-use parcel, or under a code of no class, counts as unused land in the breakdown.</source>
        <translation>生态保护红线（LINE = EPR），方案五（一）2。调出类型按优先顺序（同时符合多种类型的土地只列一次，归入最先的类型），各由其图层确定：
11 已依法撤销且经论证不具有重要生态功能的法定保护区域：位于撤销保护区域内的生态保护红线（WITHDRAWN，如撤销的集中式水源地一级保护区）；
生态保护红线划定规则中的矛盾冲突：12 永久基本农田，位于三线冲突处理结果中生态保护红线让出给永久基本农田的重叠图斑内（CONFLICTS），或位于永久基本农田面内（CONFLICT_PBF）；18 城镇开发边界，位于生态保护红线让出给城镇开发边界的重叠图斑内（CONFLICTS）；13 城镇村建设用地，位于城镇村建设用地的地类图斑上：地类编码以 05、06、07、08、09 或 10 开头（1006 农村道路除外，属农用地），以及地类字段中的城镇村代码 201、202、203、204、205（含后缀 A），每个图斑一块；14 矿业权，位于矿业权面内（MINING）；15 人工商品林，位于商品林面内（COMMERCIAL_FOREST）；16 重大项目，位于项目筛选表达式计入的重点项目内（PROJECTS、PROJECT_FILTER；项目名称写入 SJXMMC）；
17 技术勘正：位于技术勘正面内的生态保护红线（CORRECTION）。
碎图斑不适用于生态保护红线。不在任何地类图斑内、或地类编码无所属三大类的土地，在地类构成中按未利用地计。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_help.py" line="132" />
        <source>Development boundary (LINE = UDB), seed 五(一)3. First the settled conflicts (CONFLICTS): 22 矛盾冲突：永久基本农田 and 23 矛盾冲突：生态保护红线, the boundary inside the overlaps it yields to the farmland or to the red line, approved or planned as that land may be. Then 21 现状无建设需求: boundary land whose land-use parcel is of a known class and not construction land (GB/T 21010's three categories), less the approved-but-unbuilt land (APPROVED) and less the planned land (PLANNED_LANDUSE) whose code in PLANNED_CODE_FIELD (YDDM) begins with one of PROTECTED_CODES, one piece per land-use parcel. The default protected codes are those of the ministry's 《国土空间调查、规划、用途管制用地用海分类指南》 (2023) for 公共管理与公共服务用地 08, 城镇道路用地 1207, 公用设施用地 13 and 绿地与开敞空间用地 14 (公园绿地 1401, 防护绿地 1402, 广场用地 1403). Ground under no land-use parcel, or under a code of no class, is never proposed. These candidates are balancing land, not land that must leave: the edge swap takes from the pieces with SFTC = 1, from the boundary's outer edge, only as much as the boundary gains elsewhere.</source>
        <translation>城镇开发边界（LINE = UDB），方案五（一）3。先是三线冲突处理结果（CONFLICTS）：22 矛盾冲突：永久基本农田和 23 矛盾冲突：生态保护红线，即开发边界让出给永久基本农田或生态保护红线的重叠图斑内的土地，即使是已批或规划保留的土地也调出。然后是 21 现状无建设需求：开发边界内地类图斑地类已知且不是建设用地（按 GB/T 21010 三大类）的土地，扣除已批未建用地（APPROVED），并扣除规划用地（PLANNED_LANDUSE）中 PLANNED_CODE_FIELD（YDDM）代码以 PROTECTED_CODES 中任一代码开头的土地，每个地类图斑一块。默认受保护代码为自然资源部《国土空间调查、规划、用途管制用地用海分类指南》（2023）中的公共管理与公共服务用地 08、城镇道路用地 1207、公用设施用地 13 和绿地与开敞空间用地 14（公园绿地 1401、防护绿地 1402、广场用地 1403）。不在任何地类图斑内、或地类编码无所属三大类的土地从不提出。这些候选地块是用于进出平衡的土地，而不是必须调出的土地：边缘调整从 SFTC = 1 的地块中、自开发边界外缘起，只调出与其他地方调入等量的面积。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="132" />
        <source>Layer {} (CONFLICTS): field {} holds {} on features {}, where the settlement of this line writes one of: {}. Give the output of Control-line conflicts (planmaint:conflictcheck) with SETTLE, or correct the value.</source>
        <translation>图层 {0}（CONFLICTS）：字段 {1} 在要素 {3} 上的值为 {2}，而此控制线的冲突处理结果只写以下值之一：{4}。请使用“三线冲突检查”（planmaint:conflictcheck）勾选 SETTLE 的输出，或更正该值。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="148" />
        <source>Layer {} (CONFLICTS) has no field {}: it is not a settlement of the lines' conflicts. Its fields are: {}. Run Control-line conflicts (planmaint:conflictcheck) with SETTLE and give its output here.</source>
        <translation>图层 {}（CONFLICTS）没有字段 {}：它不是三线冲突处理结果。其字段为：{}。请运行“三线冲突检查”（planmaint:conflictcheck）并勾选 SETTLE，把其输出作为此输入。</translation>
    </message>
    <message>
        <location filename="../algorithms/swapcandidates_lines.py" line="165" />
        <source>Layer {} (CONFLICTS): {} overlaps with {} yielded by {}.</source>
        <translation>图层 {0}（CONFLICTS）：{3} 让出给 {2} 的重叠图斑 {1} 个。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="57" />
        <source>Key construction project list</source>
        <translation>重点建设项目清单</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="66" />
        <source>Lists the key construction projects of the maintenance period (重点建设项目清单, table 5-4 of a maintenance scheme) with what each takes, measured on its geometry so that the list matches the map (图数一致).

Projects with land are polygons (PROJECTS). Projects without land of their own, such as power lines, are lines or points (PROJECT_LINES): their land is 0, or the value of the land field (LINE_AREA_FIELD, ha) when one is set; they are listed after the polygons and written without geometry. The name, type, nature, years and basis fields (XMMC, XMLX, JSXZ, JSNX, NRYJ by default) must exist in both layers.

Columns: XH 序号 (grouped by type, in the order the types first appear), XMLX 项目类型, XMMC 项目名称, JSXZ 建设性质, JSNX 建设年限 (copied), YDGM_HA 用地规模 (ha, the project's area), XZJSYD_HA 新增建设用地 (ha: the project's area not under construction land of the land use (DLBM by GB/T 21010: 05–09, 10xx roads except rural roads, 1109, 1201); land under no parcel counts as new, and is given apart in WFG_HA so that a gap in the land use is seen; a line with land from a field: empty), SZDQ 所在地区 (the township names it lies in, joined with 、, from TOWNSHIPS; without them the land use's ZLDWMC, else the first 9 digits of ZLDWDM), NRYJ 纳入依据, ZYJBNT_HA 占用永久基本农田 and ZYSTHX_HA 占用生态保护红线 (ha, empty when the line is not given), CZKFBJ 城镇开发边界 内 / 部分 / 外 with the area inside CZKFBJ_HA, XCJSYD_HA the existing construction land (XZJSYD_HA + XCJSYD_HA = YDGM_HA). Every input attribute follows (a name already taken gets a suffix _2).

SUMMARY: the count and areas by type and a total (合计); SENTENCE: the scheme's sentence (重点建设项目共 9 个，拟用地面积 … 公顷，涉及 … 其中产业类 3 个 …), also written to the log.</source>
        <translation>列出维护期内的重点建设项目（重点建设项目清单，维护方案表 5-4）及每个项目占用的土地，面积按项目图形量算，做到图数一致。

有用地的项目为面（PROJECTS）。没有独立用地的项目（如电力线路）为线或点（PROJECT_LINES）：用地规模为 0，设置了用地字段（LINE_AREA_FIELD，公顷）时取其值；这些项目排在面项目之后，输出时不带图形。项目名称、类型、建设性质、建设年限、纳入依据字段（默认 XMMC、XMLX、JSXZ、JSNX、NRYJ）在两个图层中都须存在。

字段：XH 序号（按项目类型分组，类型按首次出现的顺序），XMLX 项目类型，XMMC 项目名称，JSXZ 建设性质，JSNX 建设年限（照抄），YDGM_HA 用地规模（公顷，项目面积），XZJSYD_HA 新增建设用地（公顷：项目中不在现状建设用地上的面积，建设用地按 GB/T 21010 的 DLBM 判定：05–09，10 类中除农村道路外的交通用地，1109，1201；不在任何地类图斑上的部分计为新增，并单列于 WFG_HA，以便发现土地利用数据的缺漏；用地取自字段的线状项目：为空），SZDQ 所在地区（项目所在乡镇名称，以“、”连接，取自 TOWNSHIPS；未给出时取地类图斑的 ZLDWMC，再次取 ZLDWDM 的前 9 位），NRYJ 纳入依据，ZYJBNT_HA 占用永久基本农田、ZYSTHX_HA 占用生态保护红线（公顷，未给出该控制线时为空），CZKFBJ 城镇开发边界 内 / 部分 / 外 及边界内面积 CZKFBJ_HA，XCJSYD_HA 现状建设用地（XZJSYD_HA + XCJSYD_HA = YDGM_HA）。其后为全部输入属性（重名字段加后缀 _2）。

SUMMARY：按类型统计的项目个数、面积及合计；SENTENCE：方案中的表述（重点建设项目共 9 个，拟用地面积 … 公顷，涉及 … 其中产业类 3 个 …），同时写入日志。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="91" />
        <source>The projects with land, as polygons (their red-line boundaries).</source>
        <translation>有用地的项目，面图层（项目红线范围）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="93" />
        <source>Projects without land (lines or points)</source>
        <translation>无独立用地的项目（线或点）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="93" />
        <source>Projects with no land of their own (power lines, pipelines): listed with land 0 unless LINE_AREA_FIELD gives it, with the same fields as the polygon projects.</source>
        <translation>没有独立用地的项目（电力线路、管线）：用地规模为 0，除非由 LINE_AREA_FIELD 给出；字段与面项目相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="98" />
        <source>Project type field</source>
        <translation>项目类型字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="99" />
        <source>Construction nature field</source>
        <translation>建设性质字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="99" />
        <source>Construction years field</source>
        <translation>建设年限字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="100" />
        <source>Inclusion basis field</source>
        <translation>纳入依据字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="102" />
        <source>Field of the projects copied into the column {} of the list.</source>
        <translation>项目图层中照抄到清单 {} 列的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="104" />
        <source>Land field of the line projects (ha)</source>
        <translation>线状项目用地字段（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="104" />
        <source>Field of the line or point projects holding their land in hectares; empty: their land is 0.</source>
        <translation>线状或点状项目中记录用地面积（公顷）的字段；为空时用地规模为 0。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="107" />
        <source>The land survey's parcels (DLTB) with the land-class code, for the new construction land; their ZLDWMC or ZLDWDM give the place when no townships are given.</source>
        <translation>国土调查地类图斑（DLTB），含地类编码，用于计算新增建设用地；未给出乡镇时，以其 ZLDWMC 或 ZLDWDM 确定所在地区。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="110" />
        <source>Field of the land-use parcels holding the GB/T 21010 land-class code.</source>
        <translation>地类图斑中记录 GB/T 21010 地类编码的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="75" />
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="112" />
        <source>Township polygons, for the place (所在地区) of each project.</source>
        <translation>乡镇界线面，用于确定各项目的所在地区。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="114" />
        <source>Township name field</source>
        <translation>乡镇名称字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="114" />
        <source>Field of the townships holding their names.</source>
        <translation>乡镇图层中记录乡镇名称的字段。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="116" />
        <source>永久基本农田, for ZYJBNT_HA.</source>
        <translation>永久基本农田，用于计算 ZYJBNT_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="116" />
        <source>生态保护红线, for ZYSTHX_HA.</source>
        <translation>生态保护红线，用于计算 ZYSTHX_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="116" />
        <source>城镇开发边界, for CZKFBJ and CZKFBJ_HA.</source>
        <translation>城镇开发边界，用于判定 CZKFBJ 并计算 CZKFBJ_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="70" />
        <source>Key project list</source>
        <translation>重点建设项目清单</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="122" />
        <source>One feature per project with the columns of table 5-4 and every input attribute.</source>
        <translation>每个项目一条要素，含表 5-4 的各列及全部输入属性。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="125" />
        <source>Key projects by type</source>
        <translation>重点建设项目分类统计</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="125" />
        <source>The count (XMGS), land (YDGM_HA) and new construction land (XZJSYD_HA) of each type, and the total.</source>
        <translation>各类型的项目个数（XMGS）、用地规模（YDGM_HA）和新增建设用地（XZJSYD_HA），以及合计。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="129" />
        <source>Summary sentence</source>
        <translation>汇总表述</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="195" />
        <source>all project land counts as new construction land.</source>
        <translation>项目用地全部计为新增建设用地。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="214" />
        <source>the list holds only the projects without land.</source>
        <translation>清单中只有无独立用地的项目。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="284" />
        <source>Projects {} lie partly under no land-use parcel ({:.4f} ha in all): that land is counted as new construction land (column WFG_HA). Check that the land-use layer covers them.</source>
        <translation>项目 {} 有部分不在任何地类图斑上（共 {:.4f} 公顷）：这部分计为新增建设用地（WFG_HA 列）。请检查地类图斑图层是否覆盖这些项目。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_projectlist.py" line="289" />
        <source>No place (SZDQ) could be found: give TOWNSHIPS, or land-use parcels with ZLDWMC or ZLDWDM under the projects.</source>
        <translation>无法确定所在地区（SZDQ）：请给出 TOWNSHIPS，或给出项目范围内带 ZLDWMC 或 ZLDWDM 字段的地类图斑。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="48" />
        <source>Update planning zones</source>
        <translation>规划分区维护</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="57" />
        <source>Updates the first-level planning zones (一级规划分区) after the maintenance of the three control lines (规划分区维护): 生态保护区 becomes the ecological protection red line after, 城镇发展区 the urban development boundary after, farmland that joined the permanent basic farmland becomes 农田保护区, land that left a line goes to the zone its rule names, everything else keeps its zone.

Zones: the zone field holds a code per polygon; the six code parameters say which code is which zone. The defaults are the zone names themselves, since the codes of the ministry's plan-database specification could not be confirmed here: set them to your database's codes. Other values (e.g. 海洋发展区) keep their zone unless a line after takes the ground.

Lines: each line before and after is optional; a line not given changes nothing. Rules, the first that holds decides: 1. inside the red line after: 生态保护区; 2. inside the boundary after: 城镇发展区; 3. farmland after that was not farmland before (all farmland after when the farmland before is not given): 农田保护区; 4. 生态保护区 outside the red line after: the red line's left zone (default 生态控制区); 5. 城镇发展区 outside the boundary after: the boundary's left zone (default 乡村发展区); 6. 农田保护区 that left the farmland (before minus after): the farmland's left zone (default 乡村发展区). The red line comes before the boundary and the boundary before the farmland where maintained lines still overlap (they should not: settle conflicts first). Farmland that left while lying in another zone keeps that zone. Lines after reaching outside the zones cannot add ground: the area outside is named in a warning.

Tiling: the zones must cover the county without overlap or gap. The input is checked: overlaps between polygons and gaps enclosed by the zones are warned about and written to Overlaps and gaps with their places; nothing is refused. Each input polygon is cut into pieces, so the zones after tile wherever the input tiles, and the areas after add up to the areas before.

Outputs: Zones after: one feature per input polygon and zone after, with every input attribute, the zone field set to the new code, YFQDM (the code before), BGLX (未变 / 调整) and MJ_HA. Zone areas: each zone's area before, after and change (ha).</source>
        <translation>在三条控制线维护之后更新一级规划分区（规划分区维护）：生态保护区与维护后的生态保护红线一致，城镇发展区与维护后的城镇开发边界一致，新划入永久基本农田的土地调整为农田保护区，调出控制线的土地按其规则调整到指定分区，其余土地保持原分区。

分区：分区字段记录每个图斑的分区代码；六个代码参数说明各代码对应的分区。由于未能核实自然资源部规划数据库规范中的规划分区代码，默认值为分区名称本身：请改为本地数据库使用的代码。其他取值（如 海洋发展区）保持原分区，除非维护后的控制线占用该范围。

控制线：维护前、维护后的每条控制线均为可选；未给出的控制线不改变任何分区。规则按顺序执行，先满足者决定：1. 位于维护后生态保护红线内：生态保护区；2. 位于维护后城镇开发边界内：城镇发展区；3. 维护后为永久基本农田而维护前不是（未给出维护前永久基本农田时，指维护后的全部永久基本农田）：农田保护区；4. 位于维护后生态保护红线外的生态保护区：生态保护红线的调出去向（默认 生态控制区）；5. 位于维护后城镇开发边界外的城镇发展区：城镇开发边界的调出去向（默认 乡村发展区）；6. 调出永久基本农田（维护前减维护后）的农田保护区：永久基本农田的调出去向（默认 乡村发展区）。维护后的控制线仍有重叠时，生态保护红线优先于城镇开发边界，城镇开发边界优先于永久基本农田（控制线不应重叠：请先处理三线冲突）。位于其他分区内的调出永久基本农田保持原分区。维护后的控制线超出分区范围的部分无法增加分区面积，其面积在警告中列出。

分区全覆盖：分区应无重叠、无缝隙地覆盖全县。程序检查输入：图斑之间的重叠和分区围合的缝隙给出警告，并连同位置写入“重叠与缝隙”；不拒绝运行。每个输入图斑被切分为若干部分，因此输入全覆盖时输出也全覆盖，维护后面积之和等于维护前。

输出：维护后分区：每个输入图斑与维护后分区的组合一个要素，保留全部输入属性，分区字段改为新代码，另加 YFQDM（原分区代码）、BGLX（未变 / 调整）和 MJ_HA。分区面积：各分区维护前、维护后面积及变化（公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="87" />
        <source>Planning zones</source>
        <translation>规划分区</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="92" />
        <source>Zone code field</source>
        <translation>分区代码字段</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="92" />
        <source>The field holding each polygon's zone code (规划分区代码, GHFQDM in the plan database).</source>
        <translation>记录每个图斑分区代码的字段（规划分区代码，规划数据库中为 GHFQDM）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="96" />
        <source>Code of {}</source>
        <translation>{}代码</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="96" />
        <source>The value of the zone field that means {}. The default is the name itself: set your database's code.</source>
        <translation>分区字段中表示{}的取值。默认值为分区名称本身：请设为本地数据库的代码。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="102" />
        <source>{} before</source>
        <translation>{}（维护前）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="102" />
        <source>The line before maintenance (optional). Read in the zones' CRS.</source>
        <translation>维护前的控制线（可选）。按规划分区的坐标系读取。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="105" />
        <source>{} after</source>
        <translation>{}（维护后）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="105" />
        <source>The line after maintenance (optional; without it the line changes no zone).</source>
        <translation>维护后的控制线（可选；未给出时该控制线不改变任何分区）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="109" />
        <source>Zone of land that left: {}</source>
        <translation>调出土地的分区：{}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="109" />
        <source>The zone that land leaving this line gets (default {}).</source>
        <translation>调出该控制线的土地调整到的分区（默认 {}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="112" />
        <source>Minimum overlap or gap area (m²)</source>
        <translation>重叠或缝隙最小面积（平方米）</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="112" />
        <source>Overlaps and gaps of the zones smaller than this (planar m²) are digitising slivers and are not listed; they still count in the areas.</source>
        <translation>小于该面积（平面平方米）的分区重叠和缝隙视为数字化误差，不予列出；其面积仍计入统计。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="118" />
        <source>Zones after</source>
        <translation>维护后分区</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="118" />
        <source>The zones after maintenance with every input attribute, the new code, YFQDM, BGLX and MJ_HA.</source>
        <translation>维护后的规划分区，含全部输入属性、新分区代码、YFQDM、BGLX 和 MJ_HA。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="121" />
        <source>Zone areas</source>
        <translation>分区面积</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="121" />
        <source>Each zone's area before, after and change (ha).</source>
        <translation>各分区维护前、维护后面积及变化（公顷）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="124" />
        <source>Overlaps and gaps</source>
        <translation>重叠与缝隙</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="124" />
        <source>Overlaps between zone polygons and gaps enclosed by them in the input, with KIND, MJ_M2, their place X, Y and the polygons overlapping (FIDS).</source>
        <translation>输入分区图斑之间的重叠及分区围合的缝隙，含 KIND、MJ_M2、位置 X、Y 及相互重叠的图斑（FIDS）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="143" />
        <source>there are no zones to update, and the outputs are empty.</source>
        <translation>没有可更新的分区，输出为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="158" />
        <source>The line {} after reaches {:.4f} ha outside the zones of {}: the zones cannot follow it there.</source>
        <translation>维护后的控制线 {} 有 {:.4f} 公顷超出 {} 的分区范围：分区无法随之调整。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="194" />
        <source>Layer {} has no field {} (the zone code field, ZONE_FIELD). Choose the field that holds the planning zone codes; the layer's fields are: {}.</source>
        <translation>图层 {} 没有字段 {}（分区代码字段 ZONE_FIELD）。请选择记录规划分区代码的字段；该图层的字段为：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="205" />
        <source>{} is {}: land that left the line cannot keep the line's own zone, or the zone would no longer equal the line after. Choose another zone.</source>
        <translation>{} 为 {}：调出控制线的土地不能保留该控制线对应的分区，否则该分区将与维护后的控制线不一致。请选择其他分区。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="242" />
        <source>Layer {}: {} overlaps between zone polygons, {:.2f} m² in all ({}{}). The zones should not overlap: the overlapping ground is counted in both.</source>
        <translation>图层 {}：分区图斑之间有 {} 处重叠，共 {:.2f} 平方米（{}{}）。分区不应重叠：重叠部分在两个分区中重复计算。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="242" />
        <source>Layer {}: {} gaps enclosed by the zones, {:.2f} m² in all ({}{}). The zones should cover the county: the gaps stay without a zone.</source>
        <translation>图层 {}：分区围合的缝隙 {} 处，共 {:.2f} 平方米（{}{}）。分区应覆盖全县：缝隙处没有分区。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="252" />
        <source>at {:.1f}, {:.1f}</source>
        <translation>位于 {:.1f}, {:.1f}</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="255" />
        <source> between features {} and {}</source>
        <translation>，要素 {} 与 {} 之间</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="293" />
        <source>{}: {:.4f} ha before, {:.4f} ha after, change {:+.4f} ha.</source>
        <translation>{}：维护前 {:.4f} 公顷，维护后 {:.4f} 公顷，变化 {:+.4f} 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="40" />
        <source>Language (LANGUAGE): the words of the table and of the report, and the run's messages, are in the language of the QGIS interface (Auto), in Chinese (中文) or in English, so a Chinese deliverable can be made on an English desktop. The table's last column, code, names each row with a key that is the same in every language and every county (e.g. pbf_area, quota_pbf_task, udb_area_kept, area_basis): join the tables of several counties or years on it, not on the words.</source>
        <translation>语言（LANGUAGE）：指标表和报告的文字以及运行信息，采用 QGIS 界面语言（自动）、中文或英文，因此在英文界面下也能输出中文成果。指标表最后一列 code 为每行的代码，各语言、各旗县都相同（如 pbf_area、quota_pbf_task、udb_area_kept、area_basis）：合并多个旗县或多个年度的指标表时请按此列关联，而不要按文字关联。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="72" />
        <source>Language of the table and the report</source>
        <translation>指标表和报告的语言</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="166" />
        <source>Auto: the language of the QGIS interface</source>
        <translation>自动：与 QGIS 界面语言相同</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="166" />
        <source>The language of the words of the indicator table (控制线, 优化导向, 具体指标, 单位 cells), of the HTML report and of the run's messages. Auto: the language QGIS shows its interface in; 中文 writes a Chinese deliverable from an English desktop, English the reverse. The column names and the code column are the same in every language.</source>
        <translation>指标表文字（控制线、优化导向、具体指标、单位 各列）、HTML 报告及运行信息所用的语言。自动：与 QGIS 界面语言相同；选“中文”可在英文界面下输出中文成果，选“English”则相反。列名和 code 列在各语言下都相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_params.py" line="176" />
        <source>One row per indicator with the columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化 and code (the row's key, the same in every language and county). After and change are empty when no after state is given, or when the row cannot be computed.</source>
        <translation>每项指标一行，列为 控制线、优化导向、具体指标、单位、调整前、调整后、变化 和 code（该行的代码，各语言、各旗县相同）。未给出维护后图层或该项无法计算时，“调整后”和“变化”为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="87" />
        <source>一级规划分区 polygons covering the county. Read only, never changed. Without them (a model run for a county that keeps its zones elsewhere) the outputs are empty.</source>
        <translation>覆盖全县的一级规划分区多边形，只读，不会被修改。不给出时（例如模型运行时县里的分区另行维护），输出为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_zoningupdate.py" line="174" />
        <source>No planning zones given (ZONES): there is nothing to update, and the outputs are empty.</source>
        <translation>未给出规划分区（ZONES）：无需维护，输出为空。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="75" />
        <source>Optional township polygons with their name in XZQMC: the place (所在地区) of each key project in the project list; without them, the land use's location codes.</source>
        <translation>可选，乡镇多边形，名称在 XZQMC：重点建设项目清单中各项目的所在地区；不给出时用地类图斑的坐落单位代码。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="29" />
        <source>Deliverable workbook</source>
        <translation>成果表格</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="38" />
        <source>Writes the tables a bureau hands in with its maintenance scheme as one Excel workbook (.xlsx), laid out like tables 5-1 … 5-4 of a scheme: sheet 表5-1 (cultivated land and permanent basic farmland), 表5-2 (ecological protection red line), 表5-3 (urban development boundary), 表5-4 (key construction projects, when PROJECTS is given) and 三线冲突 (the overlaps of the three lines, when the table has them). Each sheet has a title row (表 5-1 …), a header row and the columns 控制线, 优化导向, 具体指标, 调整前, 调整后, 变化; the 控制线 and 优化导向 cells are merged over their rows, the unit is written in the indicator's name (城镇开发边界总面积（公顷）), and the figures keep their full value while the cells show them rounded as the scheme does (万亩 and km² to 4 decimals, % and ha to 2, counts whole; the project list's hectares to 4). A figure the table does not have is written "-". The area basis of the table is a note under each indicator sheet. The titles and headers are in Chinese, as the scheme's.

Indicator table (INDICATORS): the table written by Plan indicators (planmaint:indicators), in either language. Its rows go to the sheets by their code column: the farmland's rows (and the targets quota_… and the quality of the swapped land swap_…) to 表5-1, epr_… to 表5-2, udb_… to 表5-3, overlap_… to 三线冲突; a row without a known code goes by its 控制线 cell.

Key projects (PROJECTS, optional): the list written by Key construction project list (planmaint:projectlist); its columns XH, XMLX, XMMC, JSXZ, JSNX, YDGM_HA, XZJSYD_HA, SZDQ and NRYJ become 表5-4 in the order of 序号.

County name (COUNTY_NAME, optional): put in the titles, e.g. 表 5-1 喀喇沁旗永久基本农田优化成效指标表.

The workbook is written with the Python library openpyxl. Where QGIS's Python lacks it, the same sheets are written as CSV files beside the workbook's path (&lt;name&gt;_表5-1.csv …, UTF-8 that Excel opens), and a warning says how to install openpyxl. FILES lists the files written.</source>
        <translation>将维护方案随附上报的表格写为一个 Excel 工作簿（.xlsx），版式同维护方案的表 5-1 至表 5-4：工作表 表5-1（耕地和永久基本农田）、表5-2（生态保护红线）、表5-3（城镇开发边界）、表5-4（重点建设项目，给出 PROJECTS 时）以及 三线冲突（指标表含三线重叠行时）。每个工作表有标题行（表 5-1 …）、表头行及 控制线、优化导向、具体指标、调整前、调整后、变化 各列；控制线和优化导向单元格按行合并，单位写在指标名称中（城镇开发边界总面积（公顷）），数值保留全精度，单元格按方案的取舍显示（万亩和平方公里保留 4 位小数，% 和公顷保留 2 位，个数取整；项目清单的公顷保留 4 位）。指标表中没有的数值写为“-”。指标表的面积口径作为注释写在每个指标工作表下方。标题和表头为中文，与方案一致。

指标表（INDICATORS）：规划指标核算（planmaint:indicators）写出的表，中文或英文均可。各行按其 code 列分入工作表：耕地和永久基本农田各行（以及目标核算 quota_… 和调出调入地块质量 swap_…）入 表5-1，epr_… 入 表5-2，udb_… 入 表5-3，overlap_… 入 三线冲突；code 未知的行按其控制线单元格归入。

重点建设项目（PROJECTS，可选）：重点建设项目清单（planmaint:projectlist）写出的清单；其 XH、XMLX、XMMC、JSXZ、JSNX、YDGM_HA、XZJSYD_HA、SZDQ 和 NRYJ 列按序号顺序成为 表5-4。

县（旗）名称（COUNTY_NAME，可选）：写入标题，例如 表 5-1 喀喇沁旗永久基本农田优化成效指标表。

工作簿由 Python 库 openpyxl 写出。QGIS 的 Python 中没有该库时，同样的工作表以 CSV 文件写在工作簿路径旁（&lt;名称&gt;_表5-1.csv …，Excel 可直接打开的 UTF-8），并以警告说明如何安装 openpyxl。FILES 列出写出的文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="65" />
        <source>The table written by planmaint:indicators (columns 控制线, 优化导向, 具体指标, 单位, 调整前, 调整后, 变化 and code).</source>
        <translation>planmaint:indicators 写出的指标表（列：控制线、优化导向、具体指标、单位、调整前、调整后、变化 和 code）。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="70" />
        <source>The list written by planmaint:projectlist (columns XH … NRYJ); gives sheet 表5-4. Without it the workbook has no 表5-4.</source>
        <translation>planmaint:projectlist 写出的清单（列 XH … NRYJ），生成工作表 表5-4。不给出时工作簿没有 表5-4。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="77" />
        <source>County name</source>
        <translation>县（旗）名称</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="77" />
        <source>The county's name in the sheet titles (表 5-1 &lt;county&gt;永久基本农田优化成效指标表); empty leaves it out.</source>
        <translation>写入工作表标题的县（旗）名称（表 5-1 &lt;县名&gt;永久基本农田优化成效指标表）；为空则不写。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="82" />
        <source>Workbook</source>
        <translation>工作簿</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="82" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="82" />
        <source>The .xlsx file to write. Without openpyxl, CSV files named after it are written beside it instead.</source>
        <translation>要写出的 .xlsx 文件。没有 openpyxl 时，改为在其旁写出以其命名的 CSV 文件。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="86" />
        <source>Files written</source>
        <translation>写出的文件</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="94" />
        <source>The indicator table ({}) has no rows: the sheets 表5-1 … 表5-3 are written empty. Give the table written by planmaint:indicators.</source>
        <translation>指标表（{}）没有行：工作表 表5-1 … 表5-3 写出为空表。请给出 planmaint:indicators 写出的表。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="107" />
        <source>Workbook {}: sheets {}.</source>
        <translation>工作簿 {}：工作表 {}。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_workbook.py" line="110" />
        <source>The Python library openpyxl, which writes .xlsx workbooks, is not installed in QGIS's Python, so no workbook was written; the sheets are CSV files instead (UTF-8, open them with Excel): {}. To get the workbook, install openpyxl and run again: {}.</source>
        <translation>QGIS 的 Python 中未安装写 .xlsx 工作簿的 Python 库 openpyxl，因此没有写出工作簿；各工作表改为 CSV 文件（UTF-8，可用 Excel 打开）：{}。如需工作簿，请安装 openpyxl 后重新运行：{}。</translation>
    </message>
    <message>
        <location filename="../algorithms/workbook_io.py" line="24" />
        <source>Debian/Ubuntu: sudo apt install python3-openpyxl; Windows (OSGeo4W installer): choose the package python3-openpyxl in the advanced install; elsewhere: python -m pip install openpyxl in QGIS's Python</source>
        <translation>Debian/Ubuntu：sudo apt install python3-openpyxl；Windows（OSGeo4W 安装程序）：在高级安装中选择 python3-openpyxl 软件包；其他环境：在 QGIS 的 Python 中运行 python -m pip install openpyxl</translation>
    </message>
    <message>
        <location filename="../algorithms/workbook_io.py" line="47" />
        <source>Layer {} ({}) has no field {}: give the table written by {} (its fields are kept as it wrote them).</source>
        <translation>图层 {}（{}）没有字段 {}：请给出 {} 写出的表（保持其写出时的字段）。</translation>
    </message>
    <message>
        <location filename="../algorithms/workbook_io.py" line="79" />
        <source>Layer {} (INDICATORS): the {} column holds {!r}, which is not a number: give the table written by planmaint:indicators.</source>
        <translation>图层 {}（INDICATORS）：{} 列的值 {!r} 不是数字：请给出 planmaint:indicators 写出的表。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="445" />
        <source>approved development zones</source>
        <translation>已批开发区和非农业产业园区</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_data.py" line="446" />
        <source>main development directions</source>
        <translation>主要发展方向</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="62" />
        <source>Approved development zones and industrial parks</source>
        <translation>已批开发区和非农业产业园区</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_zones.py" line="25" />
        <source>已批开发区和非农业产业园区, polygons: the share of their area inside the urban development boundary, before and after maintenance; zones that overlap count their common ground once. Without it the row prints "-".</source>
        <translation>已批开发区和非农业产业园区（面）：其面积位于城镇开发边界内的比例，调整前后各计一次；相互重叠的园区重叠部分只计一次。不提供时该行显示“-”。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="65" />
        <source>Main development directions</source>
        <translation>主要发展方向</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_zones.py" line="32" />
        <source>总体规划明确的主要发展方向, polygons. Before: the share of the boundary before maintenance inside them; after: the share of the land that joined the boundary (after minus before) inside them. Without it the row prints "-".</source>
        <translation>总体规划明确的主要发展方向（面）。调整前：调整前城镇开发边界位于其内的比例；调整后：新划入城镇开发边界的用地（调整后减调整前）位于其内的比例。不提供时该行显示“-”。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="68" />
        <source>Areas unsuitable for urban construction</source>
        <translation>不适宜城镇建设区域</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_zones.py" line="38" />
        <source>不适宜城镇建设区域, one or more polygon layers (地质灾害极高和高风险区, 蓄滞洪区, 重要矿产资源压覆区, 大遗址保护区 …): the area (mu) of the boundary inside any of them, counted once where they overlap, before and after. Without them the row prints "-".</source>
        <translation>不适宜城镇建设区域，一个或多个面图层（地质灾害极高和高风险区、蓄滞洪区、重要矿产资源压覆区、大遗址保护区等）：城镇开发边界位于其中任一图层内的面积（亩），重叠处只计一次，调整前后各计一次。不提供时该行显示“-”。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_zones.py" line="49" />
        <source>Planning layers of the boundary (table 5-3): with the urban development boundary, three rows follow its holes. 已批开发区和非农业产业园区面积划入率 (%): the share of the approved development zones and industrial parks (APPROVED_ZONES) inside the boundary. 主要发展方向符合程度 (%): before, the share of the boundary before maintenance inside the main development directions (DIRECTIONS); after, the share of the land that joined the boundary inside them, "-" when no land joined; the change says whether the new land fits them better than the boundary did. 城镇开发边界内不适宜城镇建设区域面积 (mu): the boundary inside the unsuitable areas (UNSUITABLE, one or more layers). A row whose layer is not given prints "-" in the report and stays empty in the table, as the scheme does.</source>
        <translation>城镇开发边界的规划图层（表5-3）：提供城镇开发边界时，其天窗行之后另有三行。已批开发区和非农业产业园区面积划入率（%）：已批开发区和非农业产业园区（APPROVED_ZONES）位于城镇开发边界内的比例。主要发展方向符合程度（%）：调整前为调整前城镇开发边界位于主要发展方向（DIRECTIONS）内的比例；调整后为新划入城镇开发边界的用地位于其内的比例，无新划入用地时为“-”；变化表示新划入用地是否比原边界更符合发展方向。城镇开发边界内不适宜城镇建设区域面积（亩）：城镇开发边界位于不适宜城镇建设区域（UNSUITABLE，一个或多个图层）内的面积。未提供相应图层的行在报告中显示“-”，在表中为空，与方案一致。</translation>
    </message>
    <message>
        <location filename="../algorithms/indicator_zones.py" line="69" />
        <source>Layer {} of the areas unsuitable for urban construction (UNSUITABLE) is not a polygon layer: give polygon layers only (hazard zones, flood-storage areas, mineral overlay, heritage sites).</source>
        <translation>不适宜城镇建设区域（UNSUITABLE）中的图层 {} 不是面图层：请只提供面图层（地质灾害区、蓄滞洪区、矿产压覆区、大遗址保护区）。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="62" />
        <source>Optional polygons of the approved development zones and non-agricultural industrial parks: table 5-3's share of them inside the boundary. Empty: the row reads -.</source>
        <translation>可选，已批开发区和非农业产业园区多边形：表5-3 中其划入城镇开发边界的比例。不给出时该行为 -。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="65" />
        <source>Optional polygons of the plan's main development directions: table 5-3's fit of the boundary with them. Empty: the row reads -.</source>
        <translation>可选，总体规划明确的主要发展方向多边形：表5-3 中城镇开发边界与其符合程度。不给出时该行为 -。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="68" />
        <source>Optional polygon layers of land unsuitable for towns (geological hazards, flood storage, covered mineral resources, heritage sites): table 5-3's area of them inside the boundary. Empty: the row reads -.</source>
        <translation>可选，不适宜城镇建设区域的多边形图层（地质灾害、蓄滞洪区、重要矿产资源压覆区、大遗址保护区等）：表5-3 中城镇开发边界内其面积。不给出时该行为 -。</translation>
    </message>
    <message>
        <location filename="../algorithms/alg_samplecounty.py" line="127" />
        <source>Four layers hold the master plan the maintenance is judged against (issue 22): planning_zones (一级规划分区: GHFQDM and GHFQMC both hold the zone's name, 生态保护区, 生态控制区, 农田保护区, 城镇发展区, 乡村发展区 or 矿产能源发展区, MJ m²; the zones tile the county, 生态保护区 is the red line, 城镇发展区 the boundary, the farmland outside those is in 农田保护区, the land around the mining rights outside the red line in 矿产能源发展区, larger forest, grassland and water in 生态控制区, the rest in 乡村发展区), approved_zones (已批开发区和非农业产业园区, mostly inside the boundary and one partly outside it: KFQMC name, KFQLX kind, PZJG approving authority, PZNF year, MJ), development_directions (主要发展方向 of the county seat and one or two towns, against the boundary, outside it and outside the red line: FXMC name, CZMC town, FX direction, MJ) and unsuitable_areas (不适宜城镇建设区域, one or two reaching a little into the boundary: KIND 地质灾害高风险区, 蓄滞洪区, 重要矿产资源压覆区 or 大遗址保护区, MC name, MJ). They are drawn last: every layer above is the same as without them.</source>
        <translation>另有四个图层记录维护所对照的总体规划（议题 22）：planning_zones（一级规划分区：GHFQDM 与 GHFQMC 均为分区名称，即生态保护区、生态控制区、农田保护区、城镇发展区、乡村发展区或矿产能源发展区，MJ 为面积（平方米）；各分区无缝无叠地铺满县域，生态保护区即生态保护红线，城镇发展区即城镇开发边界，二者以外的永久基本农田位于农田保护区，生态保护红线以外矿业权周边的用地位于矿产能源发展区，成片的林地、草地和水域位于生态控制区，其余为乡村发展区）、approved_zones（已批开发区和非农业产业园区，大部分位于城镇开发边界内，其中一个部分位于边界外：KFQMC 名称、KFQLX 类型、PZJG 批准机关、PZNF 批准年份、MJ）、development_directions（中心城区及一至两个镇的主要发展方向，紧邻城镇开发边界，位于边界和生态保护红线以外：FXMC 名称、CZMC 城镇、FX 方向、MJ）和 unsuitable_areas（不适宜城镇建设区域，其中一至两处少量伸入城镇开发边界：KIND 为地质灾害高风险区、蓄滞洪区、重要矿产资源压覆区或大遗址保护区，MC 名称，MJ）。这些图层最后生成：以上各图层与不生成它们时完全相同。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="72" />
        <source>The language of the indicator table's words and of the report: the QGIS interface's (default), 中文 or English, so a Chinese deliverable comes out of an English desktop.</source>
        <translation>指标表文字和报告的语言：QGIS 界面语言（默认）、中文或 English，英文界面也能输出中文成果。</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="35" />
        <source>Planning zone areas</source>
        <translation>规划分区面积</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="35" />
        <source>The zone table of Planning zones update (planmaint:zoningupdate, TABLE: FQMC, FQDM, TZQ_HA, TZH_HA, BH_HA): the report shows each zone's area before, after and its change (规划分区维护).</source>
        <translation>规划分区维护（planmaint:zoningupdate）的分区面积表（TABLE：FQMC、FQDM、TZQ_HA、TZH_HA、BH_HA）：报告列出各分区调整前、调整后面积及变化（规划分区维护）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="38" />
        <source>Key-project list</source>
        <translation>重点建设项目清单</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="38" />
        <source>The key-project list of Key-project list (planmaint:projectlist, OUTPUT): the report shows table 5-4 with the farmland and red line each project takes and where it lies against the boundary.</source>
        <translation>重点建设项目清单（planmaint:projectlist，OUTPUT）：报告列出表 5-4，以及各项目占用的永久基本农田和生态保护红线、与城镇开发边界的关系。</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="51" />
        <source>Layer {} ({}) has no field {}: give the table the tool writes unchanged (its fields are: {}).</source>
        <translation>图层 {}（{}）没有字段 {}：请原样给出该工具写出的表（其字段为：{}）。</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="59" />
        <source>Layer {} ({}): {} rows for the report.</source>
        <translation>图层 {}（{}）：报告使用 {} 行。</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="74" />
        <source>Planning zone</source>
        <translation>规划分区</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="74" />
        <source>Before (ha)</source>
        <translation>调整前（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="74" />
        <source>After (ha)</source>
        <translation>调整后（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="74" />
        <source>Change (ha)</source>
        <translation>变化（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="79" />
        <source>Planning zones (规划分区维护)</source>
        <translation>规划分区维护</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="83" />
        <source>Land (ha)</source>
        <translation>用地规模（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="83" />
        <source>New construction land (ha)</source>
        <translation>新增建设用地（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="84" />
        <source>Farmland taken (ha)</source>
        <translation>占用永久基本农田（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="84" />
        <source>Red line taken (ha)</source>
        <translation>占用生态保护红线（公顷）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="84" />
        <source>Development boundary</source>
        <translation>城镇开发边界</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="93" />
        <source>Key construction projects (table 5-4)</source>
        <translation>重点建设项目清单（表 5-4）</translation>
    </message>
    <message>
        <location filename="../algorithms/report_scheme.py" line="95" />
        <source>{} projects, {} ha of land in all.</source>
        <translation>共 {} 个项目，用地规模合计 {} 公顷。</translation>
    </message>
    <message>
        <location filename="../algorithms/models.py" line="105" />
        <source>One full dynamic-maintenance run of the three control lines, as a county's scheme does it:
1. conflicts between the input lines, settled: each overlap is given up by one line (by the rule of the pair, the nature-reserve core zones and the technician's decisions; Control-line conflicts) and becomes a swap-out candidate of that line, category 矛盾冲突, rebalanced like any other;
2. permanent basic farmland: the swap-out candidates by verified reason (key projects, damaged land, non-cultivated land in the land-survey parcels, land not meeting the requirements, slopes above 15°, fragments; Swap-out candidates of the farmland), or the reviewed candidates when given, whose accepted pieces (SFTC = 1) leave and kept pieces (SFTC = 0) stay; eligible cultivated land (slope grade 1–3, outside the red line, the development boundary and the projects; high-standard farmland and land touching the farmland first) swaps in, split to the exact area; every piece that moved is in the change record (划入划出);
3. ecological protection red line, by the seed's categories: out, the protected areas withdrawn by law, the five conflicts (farmland, town and village construction land, mining rights, commercial forest, key projects) and the technical correction, or the reviewed candidates when given; in, new water-source zones, public-welfare forest and the small holes holding no farmland and no construction land other than land planned for re-greening; the red line ends not smaller than before (任务不减少; exactly equal as an option), balanced with land that is neither cultivated nor construction land, ecological-function land first, and its balance never takes ecological-function land out;
4. urban development boundary: in, the land of the counted projects at its edge and the slivers and small holes; out, to the same area from its outer edge, land with no construction demand (not construction land today, not approved land, not planned public land or green space), or the reviewed pool when given; the boundary never grows, nor does its expansion factor;
every line's pieces that moved are in its change record (划入划出);
5. indicators before and after (tables 5-1 to 5-3) with the HTML report, and the binding targets given (protection task, cultivated and forest land to retain) checked: met (达标) or not met (未达标), with the margin;
6. the key-project list (table 5-4) with its summary by type, against the lines after maintenance, shown in the report too. The planning zones follow with Planning zones update, run on the model's new lines.
The farmland keeps its area to 0.01 m², the red line ends not smaller and the boundary not larger than before, and the lines do not overlap (三线不交叉不重叠) except where a decision keeps an overlap. Direct all outputs into one GeoPackage to get the plan database. Open the model in the graphical modeler to adapt thresholds or steps to a county.</source>
        <translation>按县级动态维护方案的做法，一次完成三条控制线的全流程动态维护：
1. 检查并处理输入的三条控制线之间的冲突：每处重叠由一条控制线让出（按该对控制线的规则、自然保护地核心保护区和技术人员的决策；即三线冲突检查），作为该控制线“矛盾冲突”类调出候选，与其他调出一样进出平衡；
2. 永久基本农田：按核实的理由识别调出候选地块（重点建设项目、灾毁和采矿损毁、地类图斑中的非耕地、经核实不符合划入要求、坡度15度以上、零星破碎；即调出候选地块识别），给出已审核的候选地块时则使用它们：SFTC = 1 的地块调出，SFTC = 0 的地块保留；调入符合条件的耕地（坡度级别1–3级，位于生态保护红线、城镇开发边界和项目用地之外；高标准农田及与现状永久基本农田相邻的地块优先），最后一块按面积精确分割；每块调整的地块都记入划入划出记录；
3. 生态保护红线，按种子方案的类别：调出已依法撤销的保护区域、五类矛盾冲突（永久基本农田、城镇村建设用地、矿业权、人工商品林、重大项目）和技术勘正，给出已审核的候选地块时则使用它们；调入新设水源地、生态公益林，以及不含永久基本农田、除规划复绿外不含建设用地的小天窗；调整后生态保护红线面积不小于调整前（任务不减少；可选严格相等），以非耕地、非建设用地平衡，生态功能用地优先，平衡调出从不占用生态功能用地；
4. 城镇开发边界：调入边界旁选中项目的用地及细缝和小天窗；从外缘调出同等面积的现状无建设需求用地（非现状建设用地、非已批未建用地、非规划公共用地或绿地），给出已审核的备选地块时则使用它们；边界总面积和扩展倍数都不增加；
每条控制线调整的地块都记入其划入划出记录；
5. 调整前后指标核算（表5-1至5-3）并生成HTML报告；给出约束性指标（永久基本农田保护任务、耕地保有量、林地保有量）时核对是否达标及差额；
6. 按调整后的控制线编制重点建设项目清单（表5-4）及按类型的汇总，并列入报告。规划分区随后用“规划分区维护”在模型输出的新控制线上维护。
永久基本农田面积保持不变（误差不超过0.01平方米），生态保护红线不小于、城镇开发边界不大于调整前，三条控制线不交叉不重叠（决策保留的重叠除外）。把全部输出写入同一个GeoPackage即得到规划数据库。在图形建模器中打开本模型，可按本县情况调整阈值或步骤。</translation>
    </message>
</context>
</TS>
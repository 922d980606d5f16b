"""Fill the Chinese translations of i18n/planmaint_zh_CN.ts from the plain-text files i18n/zh_CN/*.json.

Each JSON file maps English source strings to Chinese, one file per module, so translations can be
written and reviewed beside the code they belong to. `make transup` runs pylupdate5 (which collects every
tr("…") string into the .ts) and then this script; strings still lacking a translation are listed.
"""
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(ts_path):
    translations = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "i18n", "zh_CN", "*.json"))):
        with open(path, encoding="utf-8") as handle:
            translations.update(json.load(handle))
    tree = ET.parse(ts_path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in translations:
            translation.text = translations[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source[:80]!r}", file=sys.stderr)
    print(f"{ts_path}: {len(translations)} known translations, {len(missing)} strings untranslated")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "i18n", "planmaint_zh_CN.ts"))

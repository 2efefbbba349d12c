#!/usr/bin/env python3
"""Adds keys to the six locale files: `tools/add_locale_keys.py FILE` where FILE holds
`key | en | de | es | fr | it | pt-BR` lines. An existing key is replaced in place."""
import json, sys
from collections import OrderedDict

LANGS = ["en", "de", "es", "fr", "it", "pt-BR"]
rows = [l.rstrip("\n").split(" | ") for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#")]
for row in rows:
    if len(row) != 7:
        sys.exit(f"need 7 columns: {row}")
for i, lang in enumerate(LANGS):
    path = f"app/locales/{lang}.json"
    data = json.load(open(path, encoding="utf-8"), object_pairs_hook=OrderedDict)
    for row in rows:
        data[row[0]] = row[i + 1]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")

"""Merge an addon's fresh .pot into its es.po, keeping existing translations.

Usage: python tools/i18n_merge.py addon/i18n/addon.pot addon/i18n/es.po
Prints the msgids that still need a Spanish translation.
"""

import sys
from pathlib import Path

import polib


def merge(pot_path, po_path):
    template = polib.pofile(pot_path)
    if Path(po_path).exists():
        spanish = polib.pofile(po_path)
    else:
        spanish = polib.POFile()
        spanish.metadata = dict(template.metadata, Language="es")
    spanish.merge(template)
    for entry in spanish.obsolete_entries():
        spanish.remove(entry)
    spanish.save(po_path)
    return [entry.msgid for entry in spanish.untranslated_entries() + spanish.fuzzy_entries()]


if __name__ == "__main__":
    missing = merge(*sys.argv[1:3])
    for msgid in missing:
        print(f"{sys.argv[2]}: untranslated: {msgid!r}")

"""Every XML file of the repository parses: data files are <odoo>, the web client's templates <templates>."""

from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parent.parent
XML_FILES = sorted(p for p in ROOT.rglob("*.xml") if ".local" not in p.parts)


def test_there_are_xml_files():
    assert len(XML_FILES) >= 3


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_xml_parses(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag == ("templates" if "static" in path.relative_to(ROOT).parts else "odoo")

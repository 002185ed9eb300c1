from pathlib import Path

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")


@tagged("post_install", "-at_install")
class TestSpanishTranslation(TransactionCase):
    """Every term Odoo extracts from the installed addons has a Spanish translation shipped."""

    def test_every_term_is_translated_in_es_po(self):
        for addon in ADDONS:
            if not self.env["ir.module.module"]._get(addon).state == "installed":
                continue
            with self.subTest(addon=addon):
                spanish = polib.pofile(str(Path(get_module_path(addon)) / "i18n" / "es.po"))
                translated = {entry.msgid for entry in spanish.translated_entries()}
                terms = {
                    source
                    for _module, _type, _name, _id, source, *_rest in TranslationModuleReader(
                        self.env.cr, modules=[addon]
                    )
                    if source
                }
                missing = sorted(terms - translated)
                self.assertFalse(missing, f"{addon}: untranslated; run tools/hcrm.sh i18n, then translate")

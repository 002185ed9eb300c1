from . import healthcare_vcard_import

import base64
import binascii
import re
import unicodedata
from datetime import date

import vobject

from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import clean_context, plaintext2html

# A line opening a card; folded continuation lines start with a space, so they never match.
BEGIN_CARD = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)
# The FN line of a card that vobject could not parse, to name it in the error anyway.
RAW_FN = re.compile(r"^FN(?:;[^:\r\n]*)?:(.*)$", re.IGNORECASE | re.MULTILINE)
# BDAY as vCard writes it: 1985-04-12 or 19850412, optionally followed by a time.
BDAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:.]*(?:Z|[+-][\d:]+)?)?")
GENDERS = {"F": "female", "M": "male", "O": "other"}


def _normalise(text):
    """Lower case, without accents nor surrounding spaces: "México " and "mexico" are the same place."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip().casefold()


class CardError(Exception):
    """A card that cannot become a patient; the message says why, in the user's language."""


class HealthcareVcardImport(models.TransientModel):
    _name = "healthcare.vcard.import"
    _description = "Import Patients from vCard"

    vcard_file = fields.Binary(string="vCard File", required=True, help="A .vcf file with one or more cards.")
    vcard_filename = fields.Char(string="File Name")

    def action_import(self):
        """Create one patient per card, all at once, or none at all if any card is wrong."""
        self.ensure_one()
        cards, places = [], {}
        for position, (first_line, chunk) in enumerate(self._split_cards(self._decode_file()), start=1):
            card = None
            try:
                card = self._parse_card(chunk, first_line)
                cards.append((position, chunk, card, self._card_to_vals(card, places)))
            except CardError as error:
                raise UserError(self._card_error(position, chunk, card, str(error))) from error
        partners = self.env["res.partner"].with_context(clean_context(self.env.context))
        try:
            with self.env.cr.savepoint():
                patients = partners.create([vals for *_card, vals in cards])
        except ValidationError as error:
            # The patient model's own checks (birthdate, phones, documents) refused a card: name it.
            message = self._refused_card_error(partners, cards) or _("No patient was imported: %s", error.args[0])
            raise UserError(message) from error
        return self._action_open(patients)

    def _refused_card_error(self, partners, cards):
        """The error of the first card the patient model refuses on its own, if one does."""
        for position, chunk, card, vals in cards:
            savepoint = self.env.cr.savepoint()
            try:
                partners.create([vals])
            except ValidationError as error:
                return self._card_error(position, chunk, card, error.args[0].rstrip("."))
            finally:
                savepoint.close(rollback=True)
        return None

    # Reading the file ------------------------------------------------------------------

    def _decode_file(self):
        try:
            raw = base64.b64decode(self.vcard_file or b"", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(_("The file could not be read. Upload a vCard (.vcf) file.")) from error
        if b"\0" in raw:
            raise UserError(_("This file is not a vCard (.vcf) file."))
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Older address books (vCard 2.1) write Windows-1252.
            return raw.decode("cp1252", errors="replace")

    def _split_cards(self, text):
        """(number of its first line, text) of each card, in file order; text outside cards is refused."""
        starts = [match.start() for match in BEGIN_CARD.finditer(text)]
        if not starts:
            raise UserError(_("This file holds no vCard: a .vcf file lists cards between BEGIN:VCARD and END:VCARD."))
        if text[: starts[0]].strip():
            raise UserError(_("This file is not a vCard (.vcf) file: it does not start with BEGIN:VCARD."))
        return [
            (text.count("\n", 0, start) + 1, text[start:end])
            for start, end in zip(starts, [*starts[1:], len(text)], strict=True)
        ]

    def _parse_card(self, chunk, first_line):
        try:
            components = list(vobject.readComponents(chunk, validate=False, allowQP=True))
        except vobject.base.ParseError as error:
            number = getattr(error, "lineNumber", None)
            if not isinstance(number, int):
                raise CardError(_("it could not be read (%s)", error.msg)) from error
            line = first_line + number - 1
            raise CardError(
                _("line %(line)s of the file is not valid (%(problem)s)", line=line, problem=error.msg)
            ) from error
        except Exception as error:  # vobject raises ValueError, UnicodeError and others on odd input
            raise CardError(_("it could not be read (%s)", error)) from error
        if len(components) != 1 or components[0].name != "VCARD":
            raise CardError(_("it is not a well-formed vCard"))
        return components[0]

    def _card_error(self, position, chunk, card, reason):
        name = self._card_name(card) if card is not None else ""
        if not name:
            found = RAW_FN.search(chunk)
            name = found.group(1).strip() if found else ""
        if name:
            return _(
                "Card %(position)s (%(name)s) cannot be imported: %(reason)s. No patient was imported.",
                position=position,
                name=name,
                reason=reason,
            )
        return _(
            "Card %(position)s cannot be imported: %(reason)s. No patient was imported.",
            position=position,
            reason=reason,
        )

    # From a card to partner values -------------------------------------------------------

    @staticmethod
    def _values(card, key):
        return [line.value for line in card.contents.get(key, []) if line.value]

    @staticmethod
    def _text(value):
        return value.strip() if isinstance(value, str) else ""

    def _card_name(self, card):
        for fn in self._values(card, "fn"):
            if self._text(fn):
                return self._text(fn)
        for n in self._values(card, "n"):
            if isinstance(n, vobject.vcard.Name):
                parts = [n.prefix, n.given, n.additional, n.family, n.suffix]
                name = " ".join(" ".join(part) if isinstance(part, list) else str(part or "") for part in parts).split()
                if name:
                    return " ".join(name)
        return ""

    def _card_to_vals(self, card, places):
        name = self._card_name(card)
        if not name:
            raise CardError(_("it has no name (FN or N)"))
        vals = {"name": name, "is_patient": True, "is_company": False}
        vals.update(self._phone_vals(card))
        emails = [self._text(email) for email in self._values(card, "email")]
        if emails and emails[0]:
            vals["email"] = emails[0]
        vals.update(self._birthdate_vals(card))
        vals.update(self._address_vals(card, places))
        for key in ("gender", "x-gender"):
            for gender in self._values(card, key):
                # vCard 4.0 GENDER is "M;comment"; X-GENDER is usually "Male" or "Female".
                letter = (gender[0] if isinstance(gender, list) else str(gender)).strip()[:1].upper()
                if letter in GENDERS and "gender" not in vals:
                    vals["gender"] = GENDERS[letter]
        notes = [self._text(note) for note in self._values(card, "note")]
        if any(notes):
            vals["comment"] = plaintext2html("\n\n".join(note for note in notes if note))
        return vals

    def _phone_vals(self, card):
        mobiles, others = [], []
        for line in card.contents.get("tel", []):
            number = self._text(line.value)
            if number.lower().startswith("tel:"):  # vCard 4.0 VALUE=uri
                number = number[4:]
            if not number:
                continue
            types = {kind.upper() for value in line.params.get("TYPE", []) for kind in value.split(",")}
            types |= {param.upper() for param in line.singletonparams}  # vCard 2.1: TEL;CELL:...
            (mobiles if "CELL" in types else others).append(number)
        vals = {}
        if mobiles:
            vals["mobile"] = mobiles[0]
        if others or mobiles[1:]:
            vals["phone"] = (others or mobiles[1:])[0]
        return vals

    def _birthdate_vals(self, card):
        lines = card.contents.get("bday", [])
        if not lines or not self._text(lines[0].value):
            return {}
        line = lines[0]
        text = self._text(line.value)
        if text.startswith("--") or "X-APPLE-OMIT-YEAR" in line.params:
            return {}  # a birthday without the year (vCard 4.0 "--MMDD", Apple): nothing to store
        match = BDAY.fullmatch(text)
        try:
            birthdate = date(*(int(part) for part in match.groups())) if match else None
        except ValueError:  # 1990-02-30
            birthdate = None
        if birthdate is None:
            raise CardError(_("its birthdate %s is not a date (write it as YYYY-MM-DD)", text))
        return {"birthdate": birthdate}  # possible dates are the patient model's own check

    def _address_vals(self, card, places):
        addresses = [value for value in self._values(card, "adr") if isinstance(value, vobject.vcard.Address)]
        if not addresses:
            return {}
        address = addresses[0]

        def text(part):
            return " ".join(part).strip() if isinstance(part, list) else (part or "").strip()

        vals = {
            "street": text(address.street),
            "street2": " ".join(filter(None, (text(address.extended), text(address.box)))),
            "city": text(address.city),
            "zip": text(address.code),
        }
        vals = {key: value for key, value in vals.items() if value}
        country = self._find_country(text(address.country), places)
        if country:
            vals["country_id"] = country.id
        state = self._find_state(text(address.region), country, places)
        if state:
            vals["state_id"] = state.id
        return vals

    def _find_country(self, value, places):
        """The country by ISO code ("ES", "MX") or by name in any installed language, accents aside."""
        if not value:
            return self.env["res.country"]
        if "countries" not in places:
            index = {}
            countries = self.env["res.country"].search([])
            for lang in dict.fromkeys(["en_US", *(code for code, _name in self.env["res.lang"].get_installed())]):
                for country in countries.with_context(lang=lang):
                    index.setdefault(_normalise(country.name), country.id)
            index.update({_normalise(country.code): country.id for country in countries})
            places["countries"] = index
        return self.env["res.country"].browse(places["countries"].get(_normalise(value)))

    def _find_state(self, value, country, places):
        """The state or province of `country` by code or name, accents aside."""
        if not value or not country:
            return self.env["res.country.state"]
        key = ("states", country.id)
        if key not in places:
            states = self.env["res.country.state"].search([("country_id", "=", country.id)])
            index = {_normalise(state.name): state.id for state in states}
            index.update({_normalise(state.code): state.id for state in states})
            places[key] = index
        return self.env["res.country.state"].browse(places[key].get(_normalise(value)))

    def _action_open(self, patients):
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_patients")
        action.update(
            name=_("Imported Patients"),
            domain=[("id", "in", patients.ids)],
            view_mode="list,form",
            views=[
                (self.env.ref("healthcare_crm.view_patient_list").id, "list"),
                (self.env.ref("healthcare_crm.view_patient_form").id, "form"),
            ],
            target="current",
        )
        return action

"""The demo clinic's year.

The demo XML tells the story of a few patients by name; this multiplies it into a clinic that has
lived a year, so lists, kanbans, reports and the accountant's figures look like a real one: about
150 patients, a year of appointments with a believable no-show rate, today's agenda, recalls due
this week, 60 quotes across every stage and outcome, and the invoices and payments of the accepted
ones. Called once by demo/healthcare_demo_year.xml; seeded, so every demo database is the same.
"""

import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

WOMEN = (
    "Ana Lucía María Carmen Laura Marta Paula Sara Elena Cristina Irene Nuria "
    "Rocío Silvia Pilar Beatriz Julia Alba Noelia Raquel Inés Teresa Lorena Sonia Eva"
).split()
MEN = (
    "Javier Pablo Sergio David Carlos Miguel Alejandro Daniel Jorge Alberto Rubén Adrián "
    "Iván Óscar Luis Manuel Álvaro Diego Víctor Marcos Hugo Andrés Fernando Raúl Gonzalo"
).split()
SURNAMES = (
    "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
    "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez "
    "Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Iglesias Medina"
).split()
PLACES = [
    ("Madrid", "28009"),
    ("Madrid", "28014"),
    ("Madrid", "28028"),
    ("Madrid", "28045"),
    ("Alcobendas", "28100"),
    ("Pozuelo de Alarcón", "28223"),
    ("Getafe", "28901"),
    ("Leganés", "28911"),
]
DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CLINIC_HOURS = [9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 16, 16.5, 17, 17.5, 18, 18.5, 19]
# Stage of the 53 generated quotes (60 with the XML's): every stage and outcome of the pipeline.
QUOTE_STAGES = (
    ["new"] * 8 + ["followup"] * 9 + ["deciding"] * 7 + ["dormant"] * 5 + ["accepted"] * 16 + ["rejected"] * 8
)
TREATMENT_PLANS = [
    ("product_cleaning", "product_filling"),
    ("product_filling", "product_filling"),
    ("product_whitening",),
    ("product_aligners",),
    ("product_implant",),
    ("product_implant", "product_extraction"),
    ("product_extraction", "product_filling"),
    ("product_rehabilitation",),
]


class HealthcareDemo(models.AbstractModel):
    _name = "healthcare.demo"
    _description = "Demo clinic's year"

    @api.model
    def _generate_clinic_year(self, new_patients=125, seed=2026):
        rng = random.Random(seed)
        demo = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            no_mail_to_attendees=True,
            mail_auto_subscribe_no_notify=True,
        )
        # Spain's accounting demo adds an "ES Company" to the administrator: one clinic is the story.
        if spanish_demo_company := self.env.ref("base.demo_company_es", raise_if_not_found=False):
            users = self.env["res.users"].search([("company_ids", "in", spanish_demo_company.ids)])
            users.filtered(lambda user: user.company_id != spanish_demo_company).company_ids = [
                Command.unlink(spanish_demo_company.id)
            ]
        patients = demo._demo_patients(rng, new_patients)
        demo._demo_appointments(rng, patients)
        self.env["healthcare.recall"]._cron_plan_recalls()
        demo._demo_quotes(rng, patients)

    def _ref(self, xmlid):
        return self.env.ref(f"healthcare_crm.{xmlid}")

    def _demo_patients(self, rng, count):
        sources = [
            self._ref(x) for x in ("source_instagram", "source_patient_referral", "source_insurer", "source_walk_in")
        ]
        insurers = [self._ref(x) for x in ("insurer_sanitas", "insurer_adeslas", "insurer_dkv", "insurer_mapfre")]
        conditions = [
            self._ref(x)
            for x in (
                "condition_hypertension",
                "condition_diabetes_type_2",
                "condition_anticoagulant_therapy",
                "condition_asthma",
                "condition_periodontitis",
            )
        ]
        receptionist = self._ref("user_receptionist_demo")
        today = fields.Date.context_today(self)
        vals_list = []
        for index in range(count):
            female = rng.random() < 0.55
            first = rng.choice(WOMEN if female else MEN)
            surname1, surname2 = rng.sample(SURNAMES, 2)
            city, zip_code = rng.choice(PLACES)
            number = 30_000_000 + rng.randrange(40_000_000)
            email_name = f"{first}.{surname1}{index}".lower().translate(str.maketrans("áéíóúñ", "aeioun"))
            vals = {
                "name": f"{first} {surname1} {surname2}",
                "is_patient": True,
                "birthdate": today - relativedelta(years=rng.randint(6, 86), days=rng.randrange(365)),
                "gender": "female" if female else "male",
                "id_document_type": "dni",
                "id_document_number": f"{number}{DNI_LETTERS[number % 23]}",
                "mobile": f"+34 6{rng.randrange(10, 100)} {rng.randrange(100, 1000)} {index:03d}",
                "email": f"{email_name}@example.com" if rng.random() < 0.75 else False,
                "street": f"Calle {rng.choice(SURNAMES)} {rng.randint(1, 120)}",
                "city": city,
                "zip": zip_code,
                "state_id": self.env.ref("base.state_es_m").id,
                "country_id": self.env.ref("base.es").id,
                "lang": "es_ES" if self.env["res.lang"]._lang_get("es_ES") else False,
                "preferred_channel": rng.choices(["whatsapp", "sms", "email", "phone"], [5, 2, 2, 1])[0],
                "source_id": rng.choice(sources).id,
                "insurer_id": rng.choice(insurers).id if rng.random() < 0.3 else False,
                "user_id": receptionist.id,
            }
            if rng.random() < 0.15:
                vals["condition_ids"] = [Command.set([rng.choice(conditions).id])]
            vals_list.append(vals)
        patients = self.env["res.partner"].create(vals_list)
        self._demo_consents(rng, patients)
        return self.env["res.partner"].search(
            [("is_patient", "=", True), ("company_id", "in", (False, self.env.company.id))]
        )

    def _demo_consents(self, rng, patients):
        now = fields.Datetime.now()
        given_list, withdrawn_list = [], []
        for patient in patients:
            given = now - timedelta(days=rng.randint(30, 700))
            purposes = ["data_processing"] + [p for p in ("whatsapp", "email_marketing", "sms") if rng.random() < 0.6]
            for purpose in purposes:
                given_list.append(
                    {
                        "partner_id": patient.id,
                        "purpose": purpose,
                        "state": "given",
                        "source": "in_person",
                        "date": given,
                    }
                )
            if len(purposes) > 1 and rng.random() < 0.1:
                withdrawn_list.append(
                    {
                        "partner_id": patient.id,
                        "purpose": purposes[-1],
                        "state": "withdrawn",
                        "source": "phone",
                        "date": given + timedelta(days=rng.randint(10, 25)),
                    }
                )
        # Withdrawals after the consents they withdraw, as the clinic recorded them.
        self.env["healthcare.consent"].create(given_list)
        self.env["healthcare.consent"].create(withdrawn_list)

    def _demo_appointments(self, rng, patients):
        """A year of visits, today's agenda and the next three weeks; about 8% of past visits missed."""
        madrid = pytz.timezone("Europe/Madrid")
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        practitioners = {
            "hygiene": self._ref("user_hygienist_demo"),
            "checkup": self._ref("user_clinician_demo"),
            "treatment": self.env.ref("base.user_admin"),
        }
        types = {kind: self._ref(f"appointment_type_{kind}") for kind in practitioners}
        titles = {"hygiene": "Higiene dental", "checkup": "Revisión", "treatment": "Tratamiento"}
        taken = set()

        def slot(day, kind):
            for _attempt in range(20):
                hour = rng.choice(CLINIC_HOURS)
                local = datetime.combine(day, time(int(hour), int(hour % 1 * 60)))
                start = madrid.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                if (kind, start) not in taken:
                    taken.add((kind, start))
                    return start
            return None

        def working_day(day):
            while day.weekday() >= 5:
                day += timedelta(days=1)
            return day

        vals_list = []

        def add(patient, kind, day, attendance=None):
            start = slot(day, kind)
            if not start:
                return
            if attendance is None:
                if start + timedelta(hours=1) < now:
                    attendance = rng.choices(["attended", "no_show", "cancelled"], [87, 8, 5])[0]
                else:
                    attendance = "confirmed" if day <= today + timedelta(days=2) and rng.random() < 0.5 else "scheduled"
            vals_list.append(
                {
                    "name": titles[kind],
                    "start": start,
                    "patient_id": patient.id,
                    "appointment_type_id": types[kind].id,
                    "practitioner_id": practitioners[kind].id,
                    "user_id": practitioners[kind].id,
                    "attendance": attendance,
                }
            )

        for patient in patients:
            for _visit in range(rng.choices([0, 1, 2, 3, 4], [1, 3, 3, 2, 1])[0]):
                add(
                    patient,
                    rng.choice(["hygiene", "checkup", "treatment"]),
                    working_day(today - timedelta(days=rng.randint(8, 360))),
                )
        # Six months after their last cleaning: the hygiene recalls due this week.
        week_start = today - timedelta(days=today.weekday())
        for patient in rng.sample(list(patients), 12):
            due = week_start + timedelta(days=rng.randint(0, 4))
            add(patient, "hygiene", due - relativedelta(months=6), attendance="attended")
        # Today's agenda, whatever the weekday the demo is built on, and the next three weeks.
        for patient in rng.sample(list(patients), 14):
            add(patient, rng.choice(list(practitioners)), today)
        for patient in rng.sample(list(patients), 45):
            add(patient, rng.choice(list(practitioners)), working_day(today + timedelta(days=rng.randint(1, 21))))
        self.env["calendar.event"].create(vals_list)

    def _demo_quotes(self, rng, patients):
        by_key = {
            "new": self._ref("quote_stage_new"),
            "followup": self._ref("quote_stage_followup"),
            "deciding": self._ref("quote_stage_deciding"),
            "dormant": self._ref("quote_stage_dormant"),
            "accepted": self._ref("quote_stage_accepted"),
            "rejected": self._ref("quote_stage_rejected"),
        }
        reasons = self.env["healthcare.quote.rejection.reason"].search([])
        coordinators = [self._ref("user_coordinator_demo"), self._ref("user_receptionist_demo")]
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        accepted = []
        # The patients of the story (with an XML id) keep their own quotes, and only those.
        story = patients.get_external_id()
        unnamed = [patient for patient in patients if not story[patient.id]]
        for key, patient in zip(QUOTE_STAGES, rng.sample(unnamed, len(QUOTE_STAGES)), strict=False):
            quoted = now.replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(
                days=rng.randint(3, 330) if key != "new" else rng.randint(0, 6)
            )
            user = rng.choice(coordinators)
            order = self.env["sale.order"].create(
                {
                    "partner_id": patient.id,
                    "user_id": user.id,
                    "followup_stage_id": by_key["new"].id,
                    "order_line": [
                        Command.create({"product_id": self._ref(product).id, "product_uom_qty": 1})
                        for product in rng.choice(TREATMENT_PLANS)
                    ],
                }
            )
            if key == "accepted":
                order.action_confirm()
                accepted.append((quoted.date(), order))
            elif key == "rejected":
                order.write({"followup_stage_id": by_key[key].id, "rejection_reason_id": rng.choice(reasons).id})
            elif key == "dormant":
                order.write(
                    {"followup_stage_id": by_key[key].id, "dormant_until": today + timedelta(days=rng.randint(10, 90))}
                )
            else:
                order.followup_stage_id = by_key[key]
                # Open quotes carry their next task; a third of them late.
                order.activity_schedule(
                    "mail.mail_activity_data_call",
                    date_deadline=today + timedelta(days=rng.randint(-6, 12)),
                    user_id=user.id,
                    summary="Llamar para seguimiento del presupuesto",
                )
            order.date_order = quoted
            if order.decision_date:  # decided some days after the quote, not today
                order.decision_date = min(quoted.date() + timedelta(days=rng.randint(2, 30)), today)
        # Invoices numbered in the order of their dates, as Spanish law wants.
        invoiced = [(min(day + timedelta(days=rng.randint(1, 20)), today), order) for day, order in accepted]
        for invoice_date, order in sorted(invoiced, key=lambda pair: pair[0]):
            self._demo_invoice(rng, order, invoice_date)

    def _demo_invoice(self, rng, order, invoice_date):
        """Accepted quotes are invoiced; most are paid, some in part (a deposit), some not yet."""
        if not self.env["account.journal"].search_count(
            [*self.env["account.journal"]._check_company_domain(order.company_id), ("type", "=", "sale")], limit=1
        ):
            return  # no chart of accounts yet (see tools/spanish_company.py)
        invoice = order._create_invoices()
        invoice.write({"invoice_date": invoice_date, "invoice_date_due": invoice_date + timedelta(days=30)})
        invoice.action_post()
        share = rng.choices([1.0, 0.3, 0.0], [6, 3, 2])[0]
        if share:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {
                    "payment_date": invoice.invoice_date,
                    "amount": invoice.currency_id.round(invoice.amount_total * share),
                }
            )._create_payments()

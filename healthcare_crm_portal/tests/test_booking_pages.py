import re

from odoo.tests import HttpCase, tagged

from .booking_common import BookingSetup


@tagged("post_install", "-at_install")
class TestBookingPages(BookingSetup, HttpCase):
    """/reservar over HTTP, as a patient's phone (or a robot) reaches it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking(cls.env)
        cls.env.company.write({"country_id": cls.env.ref("base.es").id})
        cls.env.company.partner_id.lang = "es_ES"
        cls.type_path = "/reservar/" + cls.env["ir.http"]._slug(cls.type)
        # Earlier requests from this address (a server run on this database) count for nothing here.
        cls.env["healthcare.booking.attempt"].search([]).unlink()

    def slot_path(self, index=0, practitioner=None):
        start, user = [slot for slot in self.type._online_slots() if practitioner is None or slot[1] == practitioner][
            index
        ]
        local = self.type._local(start).strftime("%Y%m%dT%H%M")
        return f"{self.type_path}/{self.env['ir.http']._slug(user)}/{local}", start, user

    def post(self, path, csrf=True, **data):
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200, page.text[:300])
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        body = {
            "name": "Iker Zubiri",
            "mobile": "633 221 100",
            "email": "iker.zubiri@example.com",
            "consent_data_processing": "on",
            **data,
        }
        if csrf:
            body["csrf_token"] = token
        return self.url_open(path, data=body)

    def test_the_pages_are_in_spanish_with_the_clinic(self):
        types = self.url_open("/reservar")
        self.assertEqual(types.status_code, 200)
        self.assertIn("Pedir cita", types.text)
        self.assertIn("Primera visita", types.text)
        self.assertIn(self.env.company.name, types.text)
        slots = self.url_open(self.type_path)
        self.assertEqual(slots.status_code, 200)
        self.assertIn("Dra. Ana Ferrer", slots.text)
        path, start, __ = self.slot_path()
        form = self.url_open(path)
        self.assertIn("Tus datos", form.text)
        self.assertIn(self.type._local(start).strftime("%d/%m/%Y %H:%M"), form.text, "the clinic's time")
        embedded = self.url_open(self.type_path + "?embed=1")
        self.assertNotIn("<header", embedded.text, "the embedded page has no website header")
        self.assertNotIn("X-Frame-Options", embedded.headers, "made for the clinic's site's frame")
        self.assertEqual(slots.headers["X-Frame-Options"], "SAMEORIGIN", "the full page is framed by no other site")
        practitioner = self.url_open(f"/reservar?profesional={self.hygienist.id}")
        self.assertIn("Pablo Soler", practitioner.text)
        admin = self.env.ref("base.user_admin")
        not_practitioner = self.url_open(f"/reservar?profesional={admin.id}")
        self.assertEqual(not_practitioner.status_code, 404)
        self.assertNotIn(admin.name, not_practitioner.text.split("o_clinic_header")[1])

    def test_a_patient_books_over_http(self):
        path, start, user = self.slot_path(practitioner=self.hygienist)
        done = self.post(path, consent_whatsapp="on")
        self.assertEqual(done.status_code, 200, done.text[:500])
        self.assertIn("Cita reservada", done.text)
        event = self.env["calendar.event"].search([("online_booking", "=", True), ("start", "=", start)])
        self.assertEqual(event.practitioner_id, user)
        consents = event.patient_id.consent_ids
        self.assertEqual(set(consents.mapped("purpose")), {"data_processing", "whatsapp"})
        self.assertEqual(consents.mapped("ip_address"), ["127.0.0.1"] * 2)
        self.assertTrue(all(consents.mapped("user_agent")))
        self.assertIn("Acepto que", consents.filtered(lambda c: c.purpose == "data_processing").evidence)
        self.assertNotIn("iker.zubiri@example.com", self.url_open(self.type_path).text)

    def test_a_booking_waiting_for_approval_says_so(self):
        self.env.company.healthcare_booking_approval = True
        path, start, __ = self.slot_path()
        done = self.post(path)
        self.assertEqual(done.status_code, 200)
        self.assertIn("Solicitud recibida", done.text)
        self.assertIn("La clínica revisará tu solicitud", done.text)
        event = self.env["calendar.event"].search([("online_booking", "=", True), ("start", "=", start)])
        self.assertEqual(event.online_approval, "pending")
        self.assertFalse(self.env["healthcare.message"].search([("calendar_event_id", "=", event.id)]))

    def test_an_existing_patient_sees_nothing_of_their_record(self):
        self.env["res.partner"].create(
            {
                "name": "Paciente Conocida Secreta",
                "is_patient": True,
                "mobile": "633221100",
                "email": "conocida@example.com",
                "street": "Calle Secreta 7",
            }
        )
        path, __, __ = self.slot_path()
        done = self.post(path)
        self.assertEqual(done.status_code, 200)
        for secret in ("Conocida", "Secreta", "conocida@example.com"):
            self.assertNotIn(secret, done.text)

    def test_a_time_taken_meanwhile_offers_others(self):
        path, start, __ = self.slot_path(practitioner=self.dentist)
        self.assertEqual(self.post(path).status_code, 200)
        self.assertEqual(self.url_open(path).status_code, 409, "the form of a taken time is not shown")
        # The second patient had the form open before the first one booked.
        page = self.url_open(self.slot_path(1, practitioner=self.dentist)[0])
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        again = self.url_open(
            path,
            data={
                "csrf_token": token,
                "name": "Otra Persona",
                "mobile": "644 000 111",
                "email": "otra@example.com",
                "consent_data_processing": "on",
            },
        )
        self.assertEqual(again.status_code, 409)
        self.assertIn("ya no está disponible", again.text)
        self.assertIn("o_booking_time", again.text, "other free times are offered")
        booked = self.env["calendar.event"].search([("start", "=", start), ("practitioner_id", "=", self.dentist.id)])
        self.assertEqual(len(booked), 1)

    def test_forged_links_and_bodies_are_refused_and_write_nothing(self):
        before = self.env["calendar.event"].search_count([])
        path, start, __ = self.slot_path()
        other = self.env["healthcare.appointment.type"].create({"name": "No online", "duration": 0.5})
        local = self.type._local(start).strftime("%Y%m%dT%H%M")
        for forged in (
            "/reservar/no-existe-999999",
            f"/reservar/{self.env['ir.http']._slug(other)}",
            f"{self.type_path}/admin-{self.env.ref('base.user_admin').id}",
            f"{self.type_path}/{self.dentist.id}/20301399T2599",
            f"{self.type_path}/{self.dentist.id}/x{local}",
            "/reservar/%27%3Bdrop-1",
        ):
            with self.subTest(forged):
                page = self.url_open(forged)
                self.assertEqual(page.status_code, 404)
                self.assertIn("Pedir cita", page.text)
        # Outside the working hours, though well formed.
        night = f"{self.type_path}/{self.dentist.id}/{local[:9]}2200"
        refused = self.url_open(night)
        self.assertEqual(refused.status_code, 409)
        self.assertIn("ya no está disponible", refused.text)
        # No CSRF token, a file as a name, no consent, a bad mobile.
        self.assertEqual(self.post(path, csrf=False).status_code, 400)
        page = self.url_open(path)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        filed = self.url_open(
            path,
            data={
                "csrf_token": token,
                "mobile": "633221100",
                "email": "a@example.com",
                "consent_data_processing": "on",
            },
            files={"name": ("nombre.txt", b"Iker", "text/plain")},
        )
        self.assertEqual(filed.status_code, 400)
        self.assertIn("nombre y apellidos", filed.text)
        no_consent = self.post(path, consent_data_processing="")
        self.assertEqual(no_consent.status_code, 400)
        self.assertIn("acepta", no_consent.text)
        self.assertEqual(self.post(path, mobile="1").status_code, 400)
        self.assertEqual(self.env["calendar.event"].search_count([]), before)
        self.assertFalse(self.env["res.partner"].search([("email", "=", "iker.zubiri@example.com")]))

    def test_the_honeypot_stops_robots(self):
        path, __, __ = self.slot_path()
        page = self.post(path, website_url="http://spam.example.com")
        self.assertEqual(page.status_code, 400)
        self.assertIn("No se ha podido enviar tu solicitud", page.text)
        self.assertEqual(
            self.env["healthcare.booking.attempt"].search_count([("ip_address", "=", "127.0.0.1")]),
            1,
            "a robot's post counts towards the address's limit",
        )
        practitioners = self.dentist | self.hygienist
        self.assertFalse(
            self.env["calendar.event"].search(
                [("online_booking", "=", True), ("practitioner_id", "in", practitioners.ids)]
            )
        )

    def test_rate_limit_per_phone_and_per_ip(self):
        for index in range(3):
            path, __, __ = self.slot_path(index)
            self.assertEqual(self.post(path).status_code, 200)
        path, __, __ = self.slot_path(3)
        limited = self.post(path)
        self.assertEqual(limited.status_code, 429)
        self.assertIn("Demasiadas", limited.text)
        # Other phones from the same address, up to the address's limit.
        statuses = []
        for index in range(8):
            path, __, __ = self.slot_path(index)
            statuses.append(self.post(path, mobile=f"655 100 {index:03d}", email=f"p{index}@example.com").status_code)
        self.assertEqual(statuses[-1], 429, statuses)
        self.assertEqual(self.env["healthcare.booking.attempt"].search_count([("ip_address", "=", "127.0.0.1")]), 12)

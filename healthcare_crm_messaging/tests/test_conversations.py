import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import InboundCase


@tagged("post_install", "-at_install")
class TestConversations(InboundCase):
    """The desk's inbox: what patients write, filed per contact and channel, answered from the
    reply box inside WhatsApp's rules, through the fake providers on 127.0.0.1."""

    def setUp(self):
        super().setUp()
        self.desk = new_test_user(
            self.env,
            login="inbox_desk",
            name="Marta Recepción",
            groups="healthcare_crm.group_healthcare_receptionist",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        self.other_desk = new_test_user(
            self.env, login="inbox_other", groups="healthcare_crm.group_healthcare_receptionist"
        )
        self.lucia = self.patient(mobile="+34699300100")
        self.conversations = self.env["healthcare.conversation"]
        self.template = self.env.ref("healthcare_crm_messaging.whatsapp_template_conversation")
        self.template.sudo().state = "approved"

    def conversation(self, partner, channel="whatsapp"):
        return self.conversations.search([("partner_id", "=", partner.id), ("channel", "=", channel)])

    def reply_form(self, conversation, user=None):
        """The reply box as the web client opens it from the conversation's Reply button."""
        action = conversation.with_user(user or self.desk).action_reply()
        return Form(self.env[action["res_model"]].with_user(user or self.desk).with_context(**action["context"]))

    def whatsapp_texts(self):
        return [m for m in self.whatsapp.messages if m["type"] == "text"]

    # Filing what comes in

    def test_messages_open_one_conversation_per_contact_and_channel_with_unread_count(self):
        self.post_whatsapp([self.text("34699300100", "Hola, ¿tenéis cita el lunes?")])
        conversation = self.conversation(self.lucia)
        self.assertEqual(len(conversation), 1)
        self.assertEqual((conversation.state, conversation.unread_count), ("open", 1))
        self.assertEqual(conversation.last_message, "Hola, ¿tenéis cita el lunes?")
        self.assertEqual(conversation.last_direction, "inbound")
        self.assertFalse(conversation.user_id, "nobody is assigned until someone takes it")

        self.post_whatsapp([self.text("34699300100", "Por la tarde mejor")])
        self.assertEqual(self.conversation(self.lucia), conversation, "the same conversation")
        self.assertEqual((conversation.unread_count, conversation.last_message), (2, "Por la tarde mejor"))

        self.post_sms("+34699300100", "Soy Lucía, os escribo también por SMS")
        sms = self.conversation(self.lucia, "sms")
        self.assertEqual((len(sms), sms.unread_count), (1, 1), "SMS is a conversation of its own")
        self.assertEqual(conversation.unread_count, 2)

        self.assertEqual(self.lucia.with_user(self.desk).conversation_unread_count, 3, "the patient's badge")
        unread = self.conversations.with_user(self.desk).search([("unread_count", ">", 0)])
        self.assertIn(conversation, unread)

    def test_an_answer_that_dealt_with_itself_moves_nothing(self):
        self.appointment(self.lucia)
        self.post_whatsapp([self.text("34699300100", "SÍ")])
        conversation = self.conversation(self.lucia)
        self.assertEqual((conversation.state, conversation.unread_count), ("closed", 0))
        self.assertEqual(conversation.last_message, "SÍ", "kept in the history")

    def test_statuses_a_reply_waits_for_the_patient_a_new_message_reopens(self):
        self.post_whatsapp([self.text("34699300100", "¿Puedo cambiar la cita?")])
        conversation = self.conversation(self.lucia)
        form = self.reply_form(conversation)
        form.body = "Claro, ¿qué día le viene bien?"
        form.save().action_send()
        self.assertEqual(conversation.state, "waiting")
        self.assertEqual(conversation.unread_count, 0, "answering marks the messages read")
        self.assertEqual(conversation.user_id, self.desk, "who answers an unassigned conversation takes it")

        self.post_whatsapp([self.text("34699300100", "El jueves")])
        self.assertEqual((conversation.state, conversation.unread_count), ("open", 1))

        conversation.with_user(self.desk).action_close()
        self.assertEqual(conversation.state, "closed")
        self.post_whatsapp([self.text("34699300100", "Perdón, mejor el viernes")])
        self.assertEqual(conversation.state, "open", "a closed conversation reopens")

    def test_assignment(self):
        self.post_whatsapp([self.text("34699300100", "Hola")])
        conversation = self.conversation(self.lucia)
        conversation.with_user(self.other_desk).action_assign_to_me()
        self.assertEqual(conversation.user_id, self.other_desk)
        mine = self.conversations.with_user(self.other_desk).search([("user_id", "=", self.other_desk.id)])
        self.assertEqual(mine, conversation)
        self.assertNotIn(conversation, self.conversations.search([("user_id", "=", False)]))
        groups = self.conversations.with_user(self.desk)._read_group(
            [("partner_id", "=", self.lucia.id)], ["user_id", "state"], ["__count"]
        )
        self.assertEqual(groups, [(self.other_desk, "open", 1)], "grouped by assignee and status")
        self.form_reply_text(conversation, "Hola Lucía")
        self.assertEqual(conversation.user_id, self.other_desk, "someone else's answer does not take it")
        portal = new_test_user(self.env, login="inbox_portal", groups="base.group_portal")
        with self.assertRaises(UserError):
            conversation.with_user(self.desk).user_id = portal

    def form_reply_text(self, conversation, text):
        form = self.reply_form(conversation)
        form.body = text
        return form.save().action_send()

    # The reply box and WhatsApp's 24-hour window

    def test_inside_the_window_a_quick_reply_goes_as_free_text_to_chatter_and_history(self):
        self.post_whatsapp([self.text("34699300100", "¿Qué horario tenéis?")])
        conversation = self.conversation(self.lucia)
        hours = self.env.ref("healthcare_crm_messaging.quick_reply_hours")
        form = self.reply_form(conversation)
        self.assertEqual(form.mode, "text")
        self.assertIn("menos de 24 horas", form.mode_reason)
        self.assertIn(hours, self.env["mail.canned.response"].with_user(self.desk).search([("is_shared", "=", True)]))
        form.quick_reply_id = hours
        self.assertEqual(form.body, hours.substitution, "the quick reply fills the text")
        form.body = f"{hours.substitution} ¡Un saludo!"
        form.save().action_send()

        sent = self.whatsapp_texts()
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent[0]["to"], "34699300100")
        self.assertEqual(sent[0]["text"]["body"], f"{hours.substitution} ¡Un saludo!")
        message = conversation.reply_ids
        self.assertEqual((message.kind, message.state, message.channel), ("conversation", "sent", "whatsapp"))
        self.assertEqual(message.provider_ref, sent[0]["id"])
        history = self.history(self.lucia, "outbound")
        self.assertEqual(history.user_id, self.desk)
        self.assertEqual(history.channel, "whatsapp")
        self.assertIn(hours.substitution, history.summary)
        note = self.lucia.message_ids.filtered(lambda m: "¡Un saludo!" in (m.body or ""))
        self.assertEqual(note.author_id, self.desk.partner_id)
        self.assertIn("WhatsApp enviado", note.body)
        self.assertEqual(conversation.last_direction, "outbound")
        self.assertFalse(
            self.lucia.activity_ids.filtered(lambda a: "Answer the messages" in (a.summary or "")),
            "the desk's to-do for this patient is done",
        )
        self.assertIn("¡Un saludo!", conversation.thread_html)
        self.assertIn("¿Qué horario tenéis?", conversation.thread_html)

    def test_outside_the_window_only_the_approved_template(self):
        two_days_ago = time.time() - 2 * 24 * 3600
        self.post_whatsapp([self.text("34699300100", "¿Sigue en pie lo del presupuesto?", timestamp=two_days_ago)])
        conversation = self.conversation(self.lucia)
        self.assertFalse(conversation.free_text_allowed)
        form = self.reply_form(conversation)
        self.assertEqual(form.mode, "template")
        self.assertEqual(
            form.mode_reason,
            "Han pasado más de 24 horas desde el último mensaje del paciente: WhatsApp solo permite una plantilla "
            "aprobada.",
        )
        self.assertEqual(form.template_id, self.template, "the approved template is offered")
        self.assertIn("Lucía Navarro", form.template_preview)
        form.save().action_send()
        self.assertFalse(self.whatsapp_texts(), "no free text went")
        self.assertEqual(len(self.whatsapp.messages), 1)
        sent = self.whatsapp.messages[0]
        self.assertEqual(sent["template"]["name"], "respuesta_consulta")
        params = [p["text"] for p in sent["template"]["components"][0]["parameters"]]
        self.assertEqual(params, ["Lucía Navarro", self.env.company.name])
        self.assertEqual(conversation.state, "waiting")

    def test_free_text_is_refused_once_the_window_has_closed(self):
        self.post_whatsapp([self.text("34699300100", "Hola")])
        conversation = self.conversation(self.lucia)
        form = self.reply_form(conversation)
        form.body = "Le contesto mañana"
        wizard = form.save()
        # The window closes while the desk is typing.
        self.lucia.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=25)
        wizard.template_id = False
        with self.assertRaises(UserError) as caught:
            wizard.with_user(self.desk).with_context(lang="es_ES").action_send()
        self.assertIn("WhatsApp solo permite una plantilla aprobada", str(caught.exception))
        self.assertFalse(self.whatsapp.messages)
        self.assertFalse(conversation.reply_ids, "nothing half-written")
        self.assertFalse(self.history(self.lucia, "outbound"))

    def test_no_approved_template_says_so(self):
        self.template.sudo().state = "pending"
        self.post_whatsapp([self.text("34699300100", "Hola", timestamp=time.time() - 3 * 24 * 3600)])
        conversation = self.conversation(self.lucia)
        form = self.reply_form(conversation)
        self.assertEqual(form.mode, "template")
        self.assertFalse(form.template_id, "nothing to offer: the form cannot be sent")
        wizard = (
            self.env["healthcare.conversation.reply"].with_user(self.desk).create({"conversation_id": conversation.id})
        )
        with self.assertRaises(UserError) as caught:
            wizard.with_context(lang="es_ES").action_send()
        self.assertIn("plantilla aprobada", str(caught.exception))
        self.assertFalse(self.whatsapp.messages)

    def test_sms_free_text_always(self):
        self.post_sms("+34699300100", "¿Dónde estáis?")
        conversation = self.conversation(self.lucia, "sms")
        self.lucia.whatsapp_last_inbound = fields.Datetime.now() - timedelta(days=10)
        address = self.env.ref("healthcare_crm_messaging.quick_reply_address")
        form = self.reply_form(conversation)
        self.assertEqual(form.mode, "text")
        form.quick_reply_id = address
        form.save().action_send()
        self.assertEqual(len(self.twilio.messages), 1)
        self.assertEqual(self.twilio.messages[0]["To"], "+34699300100")
        self.assertEqual(self.twilio.messages[0]["Body"], address.substitution)
        self.assertEqual(conversation.reply_ids.state, "sent")
        self.assertEqual(self.history(self.lucia, "outbound").channel, "sms")

    def test_empty_text_is_refused(self):
        self.post_whatsapp([self.text("34699300100", "Hola")])
        form = self.reply_form(self.conversation(self.lucia))
        form.body = "   "
        with self.assertRaises(UserError):
            form.save().action_send()
        self.assertFalse(self.whatsapp.messages)

    def test_a_refused_number_leaves_nothing_written(self):
        self.post_whatsapp([self.text("34699300100", "Hola")])
        self.whatsapp.unreachable.add("34699300100")
        conversation = self.conversation(self.lucia)
        form = self.reply_form(conversation)
        form.body = "Hola Lucía"
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_send()
        self.assertEqual(conversation.state, "open")

    def test_reply_from_the_patient_form(self):
        """The patient's Write button: WhatsApp if they wrote by WhatsApp; their conversation opens."""
        self.lucia.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=1)
        action = self.lucia.with_user(self.desk).action_reply_conversation()
        form = Form(self.env[action["res_model"]].with_user(self.desk).with_context(**action["context"]))
        self.assertEqual(form.partner_id, self.lucia)
        self.assertEqual((form.channel, form.mode), ("whatsapp", "text"))
        form.body = "Le escribimos de la clínica"
        form.save().action_send()
        conversation = self.conversation(self.lucia)
        self.assertEqual((conversation.state, conversation.user_id), ("waiting", self.desk))
        self.assertEqual(self.whatsapp_texts()[0]["text"]["body"], "Le escribimos de la clínica")

    def test_inbox_list_in_constant_queries(self):
        """The kanban's read costs the same for 2 conversations as for 6."""
        numbers = [f"3469930{n:04d}" for n in range(200, 206)]
        self.post_whatsapp([self.text(number, f"Hola {number}") for number in numbers])
        fields_read = ["partner_id", "channel", "state", "user_id", "unread_count", "last_message", "last_message_at"]
        inbox = self.conversations.with_user(self.desk)

        def queries(limit):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            inbox.search_read([("channel", "=", "whatsapp")], fields_read, limit=limit)
            return self.cr.sql_log_count - before

        queries(2)  # warm the caches
        self.assertEqual(queries(2), queries(6))

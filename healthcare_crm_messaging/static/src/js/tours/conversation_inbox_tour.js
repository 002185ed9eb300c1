import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The receptionist, in Spanish: opens Conversaciones, opens the WhatsApp conversation of the demo
// patient Carmen García (who wrote less than 24 hours ago), answers with the quick reply "horario"
// and sees it sent, the conversation now waiting for the patient.
// The launcher (tests/test_conversation_inbox_tour.py) points WhatsApp at a fake provider.
const PATIENT = "Carmen García López";

registry.category("web_tour.tours").add("healthcare_crm_conversation_inbox_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Open Conversaciones",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm_messaging.menu_healthcare_conversations']:contains('Conversaciones')",
            run: "click",
        },
        {
            content: "The inbox: Carmen's WhatsApp conversation is open, with one unread message",
            trigger: `.o_kanban_group:contains('Abierta') .o_kanban_record:contains('${PATIENT}'):contains('WhatsApp') .badge:contains(/^1$/)`,
        },
        {
            content: "Open it",
            trigger: `.o_kanban_record:contains('${PATIENT}'):contains('WhatsApp')`,
            run: "click",
        },
        {
            content: "Her message is in the conversation",
            trigger: ".o_form_view .o_field_widget[name='thread_html']:contains('¿a qué hora abrís el sábado?')",
        },
        {
            content: "Reply",
            trigger: ".o_form_view .o_form_statusbar button[name='action_reply']:contains('Responder')",
            run: "click",
        },
        {
            content: "Inside the 24-hour window: free text, and the box says why",
            trigger: ".modal .o_field_widget[name='mode_reason']:contains('menos de 24 horas')",
        },
        {
            content: "Choose the quick reply 'horario'",
            trigger: ".modal .o_field_widget[name='quick_reply_id'] input",
            run: "edit horario",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('horario')",
            run: "click",
        },
        {
            content: "The text of the quick reply fills the message",
            trigger: ".modal .o_field_widget[name='body'] textarea:value(/lunes a viernes/)",
        },
        {
            content: "Send",
            trigger: ".modal .modal-footer button[name='action_send']:contains('Enviar')",
            run: "click",
        },
        {
            content: "The answer is in the conversation, sent",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name='thread_html']:contains('Nuestro horario es'):contains('Enviado')",
        },
        {
            content: "The conversation waits for the patient",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Esperando al paciente')",
        },
    ],
});

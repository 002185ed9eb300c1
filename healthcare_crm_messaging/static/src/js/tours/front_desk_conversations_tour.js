import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The front desk's conversations, in Spanish: the receptionist answers Carmen's WhatsApp from
// Conversaciones with a quick reply, then Carmen calls with a symptom and the receptionist
// triages the call with the red-flag checklist (a yes to swollen lips: call 112 now).
// The launcher (tests/test_front_desk_conversations_tour.py) points WhatsApp at a fake provider.
const PATIENT = "Carmen García López";
const checklist = ".modal .o_field_widget[name=triage_line_ids]";

function answer(row, value) {
    return [
        {
            content: `Ask red flag ${row}`,
            trigger: `${checklist} .o_data_row:nth-child(${row}) td[name=answer]`,
            run: "click",
        },
        {
            content: `The patient answers ${value}`,
            trigger: `${checklist} .o_data_row:nth-child(${row}).o_selected_row .o_radio_input[data-value=${value}]`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("healthcare_crm_front_desk_conversations_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Open Conversaciones",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm_messaging.menu_healthcare_conversations']:contains('Conversaciones')",
            run: "click",
        },
        {
            content: "Open Carmen's WhatsApp conversation, unread",
            trigger: `.o_kanban_group:contains('Abierta') .o_kanban_record:contains('${PATIENT}'):contains('WhatsApp'):has(.badge:contains(/^1$/))`,
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
            content: "Inside the 24-hour window: free text",
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
            trigger: ".modal .modal-footer button[name='action_send']:contains('Enviar'):not(:disabled)",
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
        // Carmen calls: a symptom.
        {
            content: "Open Pacientes",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm.menu_patients_root']",
            run: "click",
        },
        {
            content: "The patients",
            trigger: ".dropdown-item[data-menu-xmlid='healthcare_crm.menu_patients']",
            run: "click",
        },
        {
            content: "Look for Carmen",
            trigger: ".o_searchview_input",
            run: `edit ${PATIENT}`,
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open her card",
            trigger: `.o_kanban_view .o_kanban_record:contains('${PATIENT}')`,
            run: "click",
        },
        {
            content: "Log the call",
            trigger: ".o_form_view .o_form_statusbar button[name=action_log_interaction]",
            run: "click",
        },
        {
            content: "She is calling in",
            trigger: ".modal .o_field_widget[name=direction] input[data-value=inbound]",
            run: "click",
        },
        {
            content: "About a symptom",
            trigger: ".modal .o_field_widget[name=reason] select",
            run: "selectByLabel Síntoma",
        },
        {
            content: "The red flags appear, in Spanish",
            trigger: `${checklist} .o_data_row:contains('dolor, presión u opresión en el pecho')`,
        },
        ...answer(1, "no"),
        ...answer(2, "no"),
        ...answer(3, "yes"),
        {
            content: "A yes to swollen lips: call 112 now",
            trigger: ".modal .alert-danger:contains('Llamar al 112 ahora')",
        },
        {
            content: "and the words to say",
            trigger: ".modal .o_field_widget[name=triage_script]:contains('Cuelgue y llame al 112 ahora')",
        },
        {
            content: "Summarise the call",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Se le hinchan los labios tras tomar un antibiótico nuevo.",
        },
        {
            content: "Log it",
            trigger: ".modal .modal-footer button[name=action_log]",
            run: "click",
        },
        {
            content: "The contact history shows the triage",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=interaction_ids] .o_data_row:contains('Se le hinchan los labios'):contains('Llamar al 112 ahora')",
        },
    ],
});

import { registry } from "@web/core/registry";

// A receptionist's day in a Spanish clinic, as a user who speaks Spanish: she lands on today's
// agenda, finds a patient by the phone number she is given, sees her appointments and quotes, and
// makes a call list of the recalls due. Every label asserted is the Spanish one.
registry.category("web_tour.tours").add("healthcare_crm_receptionist_day_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "She lands on today's agenda",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Agenda de hoy')",
        },
        {
            content: "Only today's appointments: the Hoy filter is on",
            trigger: ".o_searchview_facet:contains('Hoy')",
        },
        {
            content: "Carmen's appointment of today is on the agenda, with her mobile to call",
            trigger: ".o_kanban_view .o_kanban_record:contains('Carmen García López'):contains('+34 612 345 678')",
        },
        {
            content: "Switch to the list of the day",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list has a column with the patient's phone",
            trigger: ".o_list_view th[data-name=patient_phone]:contains('Teléfono del paciente')",
        },
        {
            content: "Carmen's row shows her mobile",
            trigger: ".o_list_view .o_data_row:contains('Carmen García López') td[name=patient_phone]:contains('+34 612 345 678')",
        },
        {
            content: "Open the Pacientes menu",
            trigger: ".o_menu_sections [data-menu-xmlid='healthcare_crm.menu_patients_root']:contains('Pacientes')",
            run: "click",
        },
        {
            content: "Open the patients",
            trigger: ".o-dropdown--menu [data-menu-xmlid='healthcare_crm.menu_patients']",
            run: "click",
        },
        {
            content: "The patients open",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Pacientes')",
        },
        {
            content: "Type the phone number a caller gives, as she says it",
            trigger: ".o_searchview_input",
            run: "edit 612 345 678",
        },
        {
            content: "The search proposes to look for a patient",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains('Paciente')",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains('612 345 678')",
        },
        {
            content: "Carmen is found by her mobile, and only her",
            trigger:
                ".o_kanban_renderer:not(:has(.o_kanban_record:not(.o_kanban_ghost):not(:contains('Carmen García López'))))" +
                " .o_kanban_record:contains('Carmen García López')",
            run: "click",
        },
        {
            content: "Her form opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Carmen García López')",
        },
        {
            content: "Her appointments are a click away (Citas)",
            trigger: ".o_form_view .oe_stat_button[name=action_view_appointments]:contains('Citas')",
        },
        {
            content: "Her quotes too (Presupuestos), and she has some",
            trigger: ".o_form_view .oe_stat_button[name=action_view_sale_order]:contains('Presupuestos')",
            run() {
                const count = parseInt(this.anchor.querySelector(".o_stat_value").textContent, 10);
                if (!(count > 0)) {
                    throw new Error(`Carmen's quotes button counts ${count}`);
                }
            },
        },
        {
            content: "Back to the patients",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:contains('Pacientes')",
            run: "click",
        },
        {
            content: "The patients list is back",
            trigger: ".o_kanban_view .o_kanban_record:contains('Carmen García López')",
        },
        {
            content: "Open the Citas menu",
            trigger: ".o_menu_sections [data-menu-xmlid='healthcare_crm.menu_appointments_root']:contains('Citas')",
            run: "click",
        },
        {
            content: "Open the recalls (Revisiones)",
            trigger: ".o-dropdown--menu [data-menu-xmlid='healthcare_crm.menu_recalls']:contains('Revisiones')",
            run: "click",
        },
        {
            content: "The recalls to contact are listed",
            trigger: ".o_searchview_facet:contains('Por contactar')",
        },
        {
            content: "Select Javier's recall",
            trigger: ".o_list_view .o_data_row:contains('Javier Moreno Castillo') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select Sofía's recall",
            trigger: ".o_list_view .o_data_row:contains('Sofía Hernández Ramírez') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Acciones menu",
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Acciones')",
            run: "click",
        },
        {
            content: "Crear lista de llamadas",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Crear lista de llamadas')",
            run: "click",
        },
        {
            content: "The dialog is in Spanish",
            trigger: ".modal .modal-title:contains('Crear lista de llamadas')",
        },
        {
            content: "Both patients are in the call list",
            trigger: ".modal .o_field_widget[name=patient_ids] .o_tag:contains('Javier Moreno Castillo')",
        },
        {
            content: "Sofía too",
            trigger: ".modal .o_field_widget[name=patient_ids] .o_tag:contains('Sofía Hernández Ramírez')",
        },
        {
            content: "The calls are to book the recall, in Spanish",
            trigger: ".modal .o_field_widget[name=summary] input",
            run() {
                const value = this.anchor.value;
                if (value !== "Dar cita para la revisión") {
                    throw new Error(`Summary is "${value}", expected "Dar cita para la revisión"`);
                }
            },
        },
        {
            content: "She makes the calls herself",
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Marta Tour",
        },
        {
            content: "Pick her",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Marta Tour Recepción')",
            run: "click",
        },
        {
            content: "She is the caller",
            trigger: ".modal .o_field_widget[name=user_ids] .o_tag:contains('Marta Tour Recepción')",
        },
        {
            content: "Crear llamadas",
            trigger: ".modal .modal-footer button[name=action_create]:contains('Crear llamadas')",
            run: "click",
        },
        {
            content: "The call list opens",
            trigger: "body:not(:has(.modal)) .o_breadcrumb .active:contains('Lista de llamadas')",
        },
        {
            content: "Open her calls",
            trigger: ".o_list_view .o_group_name:contains('Marta Tour Recepción')",
            run: "click",
        },
        {
            content: "Javier is to be called",
            trigger: ".o_list_view .o_data_row:contains('Javier Moreno Castillo')",
        },
        {
            content: "And Sofía",
            trigger: ".o_list_view .o_data_row:contains('Sofía Hernández Ramírez')",
        },
    ],
});

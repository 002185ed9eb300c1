import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A clinician of a Spanish clinic, as a user who speaks Spanish: a patient on anticoagulants and
// allergic to penicillin shows the red clinical alert on his form, on his appointment of today
// and on his quote; once he has been seen, the appointment is marked Asistió.

const alert = ".alert-danger:contains('Tratamiento anticoagulante'):contains('Alergias: Penicilina')";

registry.category("web_tour.tours").add("healthcare_crm_clinician_alerts_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open CRM Clínica"),
        {
            content: "The patients open",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Pacientes')",
        },
        {
            content: "Look for Antonio",
            trigger: ".o_searchview_input",
            run: "edit Antonio Ruiz Jiménez",
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
            content: "Open him",
            trigger: ".o_kanban_view .o_kanban_record:contains('Antonio Ruiz Jiménez')",
            run: "click",
        },
        {
            content: "The red clinical alert is on his form: anticoagulants and his allergy",
            trigger: `.o_form_view ${alert}`,
        },
        {
            content: "The clinician sees the clinical tab (Clínico), kept from the front desk",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Clínico')",
        },
        {
            content: "Open his appointments (Citas)",
            trigger: ".o_form_view .oe_stat_button[name=action_view_appointments]:contains('Citas')",
            run: "click",
        },
        {
            content: "His appointments are listed",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Citas de Antonio Ruiz Jiménez')",
        },
        {
            content: "Open today's extraction, booked with the clinician",
            trigger: ".o_list_view .o_data_row:contains('Dra. Tour Clínica'):contains('Confirmada') td[name=patient_id]",
            run: "click",
        },
        {
            content: "Today's extraction opens",
            trigger: ".o_form_view .o_breadcrumb .active:contains('Extracción del 4.6')",
        },
        {
            content: "The appointment shows the red alert too",
            trigger: `.o_form_view ${alert}`,
        },
        {
            content: "It is still to happen for the clinic (Programada or Confirmada)",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:not(:contains('Asistió'))",
        },
        {
            content: "He has been seen: Asistió",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_mark_attended]:contains('Asistió')",
            run: "click",
        },
        {
            content: "The appointment is attended",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Asistió')",
        },
        {
            content: "Nothing else to mark on it",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_mark_attended]))",
        },
        {
            content: "Back to Antonio",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:contains('Antonio Ruiz Jiménez')",
            run: "click",
        },
        {
            content: "Open his quote (Presupuestos)",
            trigger: ".o_form_view .oe_stat_button[name=action_view_sale_order]:contains('Presupuestos')",
            run: "click",
        },
        {
            content: "Open it from the list of his quotes",
            trigger: ".o_list_view .o_data_row:contains('Antonio Ruiz Jiménez') td[name=name]",
            run: "click",
        },
        {
            content: "His quote is for the patient (Paciente)",
            trigger: ".o_form_view .o_form_label:contains('Paciente')",
        },
        {
            content: "The quote shows the red alert too",
            trigger: `.o_form_view ${alert}`,
        },
    ],
});

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The manager, in Spanish: the quote pipeline grouped by responsible with its amounts in euros,
// the quoted / invoiced / paid report by responsible, the no-shows per practitioner and the
// clinical access log. The launcher (tests/test_manager_reports_tour.py) makes the records read here.
const PATIENT = "Tomás Tour Gerencia";
const RESPONSIBLE = "Marta Responsable Tour";
const PRACTITIONER = "Dr. Tour Ortega";
const CLINICIAN = "Dra. Tour Clínica";

function menu(rootXmlid, xmlid, label) {
    return [
        {
            content: `Open the menu of ${label}`,
            trigger: `.o_main_navbar [data-menu-xmlid='${rootXmlid}']`,
            run: "click",
        },
        {
            content: `Open ${label}`,
            trigger: `.o-dropdown-item[data-menu-xmlid='${xmlid}']:contains('${label}')`,
            run: "click",
        },
    ];
}

function groupBy(label) {
    return [
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: `Group by ${label}`,
            trigger: `.o_group_by_menu .o_menu_item:contains('${label}')`,
            run: "click",
        },
        {
            content: `Grouped by ${label}`,
            trigger: `.o_searchview_facet:contains('${label}')`,
        },
        {
            content: "Close the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
    ];
}

function switchToList() {
    return [
        {
            content: "Switch to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list is shown",
            trigger: ".o_list_view",
        },
    ];
}

registry.category("web_tour.tours").add("healthcare_crm_manager_reports_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        // The pipeline
        ...menu("healthcare_crm.menu_quotes_root", "healthcare_crm.menu_quote_pipeline", "Embudo"),
        {
            content: "The pipeline shows the quote with its amount in euros",
            trigger: `.o_kanban_view .o_kanban_record:contains('${PATIENT}'):contains('2.400,00'):contains('€')`,
        },
        ...groupBy("Responsable"),
        {
            content: "A column per responsible, its total in euros and its quotes",
            trigger: `.o_kanban_group:has(.o_column_title:contains('${RESPONSIBLE}')):has(.o_kanban_header .o_animated_number:contains('€')) .o_kanban_record:contains('${PATIENT}')`,
        },
        // Quoted, invoiced and paid
        ...menu("healthcare_crm.menu_reporting", "healthcare_crm.menu_quote_report", "Presupuestado, facturado y cobrado"),
        {
            content: "The pivot compares quoted, invoiced, paid and due",
            trigger: ".o_pivot thead:has(.o_pivot_measure_row:contains('Presupuestado')):has(.o_pivot_measure_row:contains('Facturado')):has(.o_pivot_measure_row:contains('Cobrado')):has(.o_pivot_measure_row:contains('Pendiente'))",
        },
        ...switchToList(),
        ...groupBy("Responsable"),
        {
            content: "Open the responsible's group",
            trigger: `.o_list_view .o_group_header:contains('${RESPONSIBLE}')`,
            run: "click",
        },
        {
            content: "Quoted 2,400 €, nothing invoiced yet",
            trigger: `.o_list_view .o_data_row:has(td[name='partner_id']:contains('${PATIENT}')):has(td[name='amount_quoted']:contains('2.400,00'):contains('€')):has(td[name='amount_invoiced']:contains('0,00'):contains('€'))`,
        },
        // No-shows
        ...menu("healthcare_crm.menu_reporting", "healthcare_crm.menu_appointment_report", "No presentados"),
        {
            content: "The pivot has a row per practitioner",
            trigger: `.o_pivot tbody th:contains('${PRACTITIONER}')`,
        },
        ...switchToList(),
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only the no-shows",
            trigger: ".o_filter_menu .o_menu_item:contains('No presentados')",
            run: "click",
        },
        {
            content: "Close the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        ...groupBy("Profesional"),
        {
            content: "The practitioner's patients missed one appointment",
            trigger: `.o_list_view .o_group_header:contains('${PRACTITIONER}'):contains('(1)')`,
            run: "click",
        },
        {
            content: "The missed appointment, marked as a no-show",
            trigger: `.o_list_view .o_data_row:has(td[name='patient_id']:contains('${PATIENT}')) td[name='attendance']:contains('No presentado')`,
        },
        // The clinical access log
        ...menu("healthcare_crm.menu_reporting", "healthcare_crm.menu_clinical_access_log", "Registro de accesos clínicos"),
        {
            content: "The clinician's reading of the patient's allergies is logged",
            trigger: `.o_list_view .o_data_row:has(td[name='partner_id']:contains('${PATIENT}')):has(td[name='user_id']:contains('${CLINICIAN}')):has(td[name='action']:contains('Consulta')) td[name='field_labels']:contains('Alergias')`,
        },
    ],
});

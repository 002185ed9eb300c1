import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The manager, in Spanish, opens the dashboard, changes the period and follows the no-shows
// figure to the appointments behind it. The launcher (tests/test_dashboard_tour.py) books them.
const PATIENT = "Lola Tour Cuadro";

registry.category("web_tour.tours").add("healthcare_crm_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Open Reporting",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm.menu_reporting']",
            run: "click",
        },
        {
            content: "Open the dashboard",
            trigger: ".o-dropdown-item[data-menu-xmlid='healthcare_crm.menu_clinic_dashboard']:contains('Cuadro de mando')",
            run: "click",
        },
        {
            content: "The dashboard shows this month's attendance, in Spanish",
            trigger: ".o_hd_section_no_shows h5:contains('Asistencia') + .row .o_hd_figure_no_show_rate:contains('Tasa de no presentados')",
        },
        {
            content: "Choose this year",
            trigger: "select.o_hd_period",
            run: "select this_year",
        },
        {
            content: "The period is the whole year",
            trigger: ".o_hd_range:contains('01/01/'):contains('31/12/')",
        },
        {
            content: "The quotes are in euros",
            trigger: ".o_hd_figure_delivered_amount .o_hd_value:contains('€')",
        },
        {
            content: "Open the no-shows behind the figure",
            trigger: ".o_hd_figure_no_shows",
            run: "click",
        },
        {
            content: "The list of the missed appointments, with the patient's",
            trigger: `.o_list_view .o_data_row:contains('${PATIENT}')`,
        },
        {
            content: "Back to the dashboard through the breadcrumb",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "The dashboard again",
            trigger: ".o_healthcare_dashboard .o_hd_section_quotes",
        },
    ],
});

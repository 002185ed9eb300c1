import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The treatment coordinator moves a delivered quote to "In follow-up" on the pipeline, opens it and
// logs an action.
registry.category("web_tour.tours").add("healthcare_crm_quote_pipeline_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Open the Quotes menu",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm.menu_quotes_root']",
            run: "click",
        },
        {
            content: "Open the quote pipeline",
            trigger: ".o-dropdown-item[data-menu-xmlid='healthcare_crm.menu_quote_pipeline']",
            run: "click",
        },
        {
            content: "Drag the quote to In follow-up",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Delivered')) .o_kanban_record:contains('Tour Pipeline Patient')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('In follow-up')))",
        },
        {
            content: "The quote is now in In follow-up: open it",
            trigger: ".o_kanban_group:has(.o_column_title:contains('In follow-up')) .o_kanban_record:contains('Tour Pipeline Patient')",
            run: "click",
        },
        {
            content: "The form's status is the follow-up stage",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('In follow-up')",
        },
        {
            content: "The partner is the patient",
            trigger: ".o_form_view .o_form_label:contains('Patient')",
        },
        {
            content: "Log an action",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_log_followup']",
            run: "click",
        },
        {
            content: "The dialog is titled Log Action",
            trigger: ".modal .modal-title:contains('Log Action')",
        },
        {
            content: "Close the dialog",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Back on the quote",
            trigger: ".o_form_view:not(:has(.modal))",
        },
    ],
});

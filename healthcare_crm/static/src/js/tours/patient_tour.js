import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The front desk opens Patients and registers a new patient from the form.
registry.category("web_tour.tours").add("healthcare_crm_patient_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Patients open as cards",
            trigger: ".o_kanban_view .o_kanban_record:contains('Carmen Tour Existing')",
        },
        {
            content: "Create a patient",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Type the name",
            trigger: ".o_field_widget[name=name] textarea, .o_field_widget[name=name] input",
            run: "edit Lucía Fernández Ruiz",
        },
        {
            content: "Type the birthdate",
            trigger: ".o_field_widget[name=birthdate] input",
            run: "edit 03/14/1988",
        },
        {
            content: "Leave the date field so that it commits",
            trigger: ".o_form_sheet .oe_title",
            run: "click",
        },
        {
            content: "The age appears",
            trigger: ".o_field_widget[name=age]:not(:empty)",
        },
        {
            content: "Choose the gender",
            trigger: ".o_field_widget[name=gender] select",
            run: "selectByLabel Female",
        },
        {
            content: "Type the mobile",
            trigger: ".o_field_widget[name=mobile] input",
            run: "edit +34 600 111 222",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The new patient has a code",
            trigger: ".o_form_saved .o_field_widget[name=patient_code]:contains('PAC-')",
        },
    ],
});

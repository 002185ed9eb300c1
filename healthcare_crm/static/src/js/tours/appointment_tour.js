import { registry } from "@web/core/registry";

// The front desk finds today's appointment under its practitioner and marks the patient as attended.
registry.category("web_tour.tours").add("healthcare_crm_appointment_tour", {
    steps: () => [
        {
            content: "Today's appointments are grouped by practitioner, each group open",
            trigger: ".o_list_view .o_group_open .o_group_name:contains('Dr. Tour Practitioner')",
        },
        {
            content: "The patient who often misses is flagged in the list",
            trigger: ".o_data_row:contains('Rocío Tour') .o_field_widget[name=patient_frequent_no_show] .fa-exclamation-triangle",
        },
        {
            content: "Open the appointment",
            trigger: ".o_data_row:contains('Rocío Tour') td[name=patient_id]",
            run: "click",
        },
        {
            content: "The form warns the front desk",
            trigger: ".o_form_view .alert-danger:contains('missed two or more appointments')",
        },
        {
            content: "The patient came in: mark it attended",
            trigger: ".o_form_view .o_form_statusbar button[name=action_mark_attended]",
            run: "click",
        },
        {
            content: "The status bar says Attended",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Attended')",
        },
        {
            content: "Its recall is done",
            trigger: ".o_form_view .o_field_widget[name=recall_ids] .o_tag:contains('Dental hygiene')",
        },
    ],
});

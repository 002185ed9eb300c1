import { registry } from "@web/core/registry";

// The front desk logs a call from the patient form and plans the next step in the same dialog.
registry.category("web_tour.tours").add("healthcare_crm_interaction_tour", {
    steps: () => [
        {
            content: "Open the dialog from the patient form",
            trigger: ".o_form_view .o_form_statusbar button[name=action_log_interaction]",
            run: "click",
        },
        {
            content: "Summarise the call",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Wants to move Friday's appointment to the afternoon.",
        },
        {
            content: "The patient answered",
            trigger: ".modal .o_field_widget[name=outcome] select",
            run: "selectByLabel Reached",
        },
        {
            content: "Choose the next step",
            trigger: ".modal .o_field_widget[name=activity_type_id] input",
            run: "edit Call",
        },
        {
            content: "Pick the Call type",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Call')",
            run: "click",
        },
        {
            content: "Log it",
            trigger: ".modal .modal-footer button[name=action_log]",
            run: "click",
        },
        {
            content: "The smart button counts the new contact",
            trigger: "body:not(:has(.modal)) .oe_stat_button[name=action_view_interactions]:contains('1')",
        },
        {
            content: "The contact history shows it",
            trigger: ".o_field_widget[name=interaction_ids] .o_data_row:contains('Wants to move Friday')",
        },
    ],
});

import { registry } from "@web/core/registry";

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

// The front desk takes a call about a symptom: the red-flag checklist, the disposition and
// the words to say appear in the logging dialog.
registry.category("web_tour.tours").add("healthcare_crm_triage_tour", {
    steps: () => [
        {
            content: "Open the dialog from the patient form",
            trigger: ".o_form_view .o_form_statusbar button[name=action_log_interaction]",
            run: "click",
        },
        {
            content: "The patient is calling in",
            trigger: ".modal .o_field_widget[name=direction] input[data-value=inbound]",
            run: "click",
        },
        {
            content: "The reason is a symptom",
            trigger: ".modal .o_field_widget[name=reason] select",
            run: "selectByLabel Symptom",
        },
        {
            content: "The red flags appear",
            trigger: `${checklist} .o_data_row:contains('Chest pain')`,
        },
        ...answer(1, "no"),
        ...answer(2, "no"),
        ...answer(3, "no"),
        {
            content: "No red flag: a routine booking is offered, with the words to say",
            trigger: ".modal .alert-info:contains('Routine booking')",
        },
        {
            content: "The words to say for a routine booking",
            trigger: ".modal .o_field_widget[name=triage_script]:contains('regular appointment')",
        },
        ...answer(3, "yes"),
        {
            content: "A yes to swelling of the lips: the 112 warning",
            trigger: ".modal .alert-danger:contains('Call 112 now')",
        },
        {
            content: "and the words to say",
            trigger: ".modal .o_field_widget[name=triage_script]:contains('Hang up and call 112 now')",
        },
        {
            content: "Summarise the call",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Lips swelling after taking a new antibiotic.",
        },
        {
            content: "Log it",
            trigger: ".modal .modal-footer button[name=action_log]",
            run: "click",
        },
        {
            content: "The contact history shows the triage",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=interaction_ids] .o_data_row:contains('Lips swelling'):contains('Call 112 now')",
        },
    ],
});

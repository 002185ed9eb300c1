import { registry } from "@web/core/registry";

// The front desk makes a call list from each place it starts from: the patients to reactivate,
// the recalls due and one patient's form. Each ends on the calls it planned, by caller.

function chooseCallerAndCreate(patientNames) {
    return [
        {
            content: "Share the calls out to me",
            trigger: ".modal .o_field_widget[name=user_ids] input",
            run: "edit Rosa Tour",
        },
        {
            content: "Pick Rosa",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Rosa Tour Reception')",
            run: "click",
        },
        {
            content: "Rosa is a caller",
            trigger: ".modal .o_field_widget[name=user_ids] .o_tag:contains('Rosa Tour Reception')",
        },
        {
            content: "Create the calls",
            trigger: ".modal .modal-footer button[name=action_create]",
            run: "click",
        },
        {
            content: "The call list opens, grouped by caller",
            trigger: "body:not(:has(.modal)) .o_breadcrumb .active:contains('Call List')",
        },
        {
            content: "Open Rosa's calls",
            trigger: ".o_list_view .o_group_name:contains('Rosa Tour Reception')",
            run: "click",
        },
        ...patientNames.map((name) => ({
            content: `${name} is to be called`,
            trigger: `.o_list_view .o_data_row:contains('${name}')`,
        })),
    ];
}

function selectRow(name) {
    return {
        content: `Select ${name}`,
        trigger: `.o_list_view .o_data_row:contains('${name}') .o_list_record_selector input`,
        run: "click",
    };
}

function createCallListFromActions() {
    return [
        {
            content: "Open the Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Create Call List",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Create Call List')",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("healthcare_crm_call_list_reactivation_tour", {
    steps: () => [
        {
            content: "Open the Appointments menu",
            trigger: ".o_menu_sections [data-menu-xmlid='healthcare_crm.menu_appointments_root']",
            run: "click",
        },
        {
            content: "Open Reactivation",
            trigger: ".o-dropdown--menu [data-menu-xmlid='healthcare_crm.menu_reactivation']",
            run: "click",
        },
        {
            content: "Show the patients not seen for two years",
            trigger: ".modal .modal-footer button[name=action_show_patients]",
            run: "click",
        },
        selectRow("Antonio Tour Reactivation"),
        selectRow("Mercedes Tour Reactivation"),
        ...createCallListFromActions(),
        {
            content: "Both patients are in the call list",
            trigger: ".modal .o_field_widget[name=patient_ids] .o_tag:contains('Mercedes Tour Reactivation')",
        },
        ...chooseCallerAndCreate(["Antonio Tour Reactivation", "Mercedes Tour Reactivation"]),
    ],
});

registry.category("web_tour.tours").add("healthcare_crm_call_list_recalls_tour", {
    steps: () => [
        selectRow("Julia Tour Recall"),
        selectRow("Pablo Tour Recall"),
        ...createCallListFromActions(),
        {
            content: "The recalls' patients are in the call list",
            trigger: ".modal .o_field_widget[name=patient_ids] .o_tag:contains('Pablo Tour Recall')",
        },
        {
            content: "The calls are to book the recall",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: function () {
                const value = document.querySelector(".modal .o_field_widget[name=summary] input").value;
                if (value !== "Book the recall") {
                    throw new Error(`Summary is "${value}", expected "Book the recall"`);
                }
            },
        },
        ...chooseCallerAndCreate(["Julia Tour Recall", "Pablo Tour Recall"]),
    ],
});

registry.category("web_tour.tours").add("healthcare_crm_call_list_patient_tour", {
    steps: () => [
        {
            content: "Open the Actions menu of the patient form",
            trigger: ".o_form_view .o_cp_action_menus i.fa-cog",
            run: "click",
        },
        {
            content: "Create Call List",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Create Call List')",
            run: "click",
        },
        {
            content: "The patient is in the call list",
            trigger: ".modal .o_field_widget[name=patient_ids] .o_tag:contains('Elena Tour Patient')",
        },
        {
            content: "Say what the call is for",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Offer the whitening campaign",
        },
        ...chooseCallerAndCreate(["Elena Tour Patient"]),
    ],
});

import { registry } from "@web/core/registry";

// The receptionist logs in and lands on today's agenda: one column per practitioner, each
// appointment with its time and phone; she confirms one after calling the patient.
registry.category("web_tour.tours").add("healthcare_crm_agenda_tour", {
    steps: () => [
        {
            content: "The agenda has a column for the dentist, with the patient's card, time and phone",
            trigger: ".o_kanban_view .o_kanban_group:contains('Dra. Elena Ruiz') .o_kanban_record:contains('Carmen Vidal'):contains('+34 612 000 111')",
        },
        {
            content: "The hygienist has a column too",
            trigger: ".o_kanban_view .o_kanban_group:contains('Pablo Soto') .o_kanban_record:contains('Luis Mora')",
        },
        {
            content: "After calling her, confirm Carmen's appointment",
            trigger: ".o_kanban_record:contains('Carmen Vidal') button[name=action_confirm_attendance]",
            run: "click",
        },
        {
            content: "Her card says it is confirmed",
            trigger: ".o_kanban_record:contains('Carmen Vidal') .o_field_widget[name=attendance]:contains('Confirmed')",
        },
    ],
});

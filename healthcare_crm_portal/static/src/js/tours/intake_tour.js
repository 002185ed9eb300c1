import { registry } from "@web/core/registry";

// A first-visit patient, on a phone (390x844), opens the admission form from the reminder's link,
// in Spanish: checks the details the clinic already has, adds what is missing, answers the health
// questions, forgets a detail, is told so beside the question, and sends the form.
// The launcher (tests/test_intake_tour.py) makes the patient and the link and checks what was kept.
function answer(question, value) {
    return {
        content: `Answer ${question}: ${value}`,
        trigger: `input[name='${question}'][value='${value}']`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("healthcare_crm_portal_intake_tour", {
    steps: () => [
        {
            content: "The form is in Spanish, under the clinic's name",
            trigger: ".o_clinic_header:contains('Clínica Tour Sonrisa') ~ h1:contains('Formulario de admisión')",
        },
        {
            content: "The name the clinic has is already there",
            trigger: "input[name='name']:value('Nuria Tour Campos')",
        },
        {
            content: "Birthdate, from the phone's date picker",
            trigger: "input[name='birthdate']",
            run() {
                // The picker is the phone's own: what it leaves is the input's ISO value.
                const input = document.querySelector("input[name='birthdate']");
                input.value = "1988-04-12";
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        { content: "Document type", trigger: "select[name='id_document_type']", run: "select dni" },
        { content: "Document number", trigger: "input[name='id_document_number']", run: "edit 50123456Q" },
        { content: "Address", trigger: "input[name='street']", run: "edit Calle Mayor 10" },
        { content: "ZIP", trigger: "input[name='zip']", run: "edit 28013" },
        { content: "City", trigger: "input[name='city']", run: "edit Madrid" },
        {
            content: "Insurer",
            trigger: "select[name='insurer_id']:has(option:contains('Aseguradora Tour'))",
            run: "selectByLabel Aseguradora Tour",
        },
        { content: "Policy", trigger: "input[name='insurance_policy_number']", run: "edit POL-123" },
        { content: "Emergency contact", trigger: "input[name='emergency_contact_name']", run: "edit Pedro Campos" },
        { content: "Emergency phone", trigger: "input[name='emergency_contact_phone']", run: "edit 600 111 222" },
        { content: "Relationship", trigger: "input[name='emergency_contact_relation']", run: "edit Hermano" },
        answer("health_allergies", "yes"),
        answer("health_conditions", "no"),
        answer("health_medications", "no"),
        answer("health_anticoagulants", "no"),
        answer("health_pregnancy", "na"),
        answer("health_surgery", "no"),
        {
            content: "Send, without saying which allergy",
            trigger: "button[name='send_intake']:contains('Enviar mi formulario de admisión')",
            run: "click",
        },
        {
            content: "Told, in Spanish, beside the question",
            trigger: "textarea[name='health_allergies_details'].is-invalid ~ .invalid-feedback:contains('Díganos cuáles')",
        },
        {
            content: "What was typed is still there",
            trigger: "input[name='street']:value('Calle Mayor 10')",
        },
        { content: "Which allergy", trigger: "textarea[name='health_allergies_details']", run: "edit Látex" },
        { content: "Send again", trigger: "button[name='send_intake']", run: "click" },
        {
            content: "Thanked, in Spanish",
            trigger: ".o_intake_done:contains('Hemos recibido su formulario de admisión')",
        },
    ],
});

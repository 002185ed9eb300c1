/** @odoo-module **/

import { registry } from "@web/core/registry";

// A patient opens the consent link on the phone, reads the document and signs it (data from the Python test).
registry.category("web_tour.tours").add("healthcare_crm_portal_consent_form_tour", {
    steps: () => [
        {
            content: "The document, under the clinic's name, in Spanish",
            trigger: ".o_clinic_header:contains('Clínica Dental Sonrisa')",
        },
        {
            trigger: ".o_consent_form_body:contains('extracción')",
        },
        {
            content: "Read it: sign",
            trigger: "button.o_consent_form_sign:contains('He leído el documento: firmar')",
            run: "click",
        },
        {
            content: "Odoo's signature form, with the patient's name written in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Rocío Prieto)",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled:contains('Firmar')",
            run: "click",
        },
        {
            content: "The clinic has it",
            trigger: ".modal .alert-success:contains('Gracias')",
        },
    ],
});

/** @odoo-module **/

import { registry } from "@web/core/registry";
import { nameIsDrawn } from "@healthcare_crm_portal/js/tours/signature_steps";

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
            content: "Pick a handwriting style: the name is drawn in the box",
            trigger: ".modal .o_web_sign_auto_select_style button",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item:eq(1)",
            run: "click",
        },
        nameIsDrawn(),
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled:contains('Firmar')",
            run: "click",
        },
        {
            content: "The clinic has it (the PDF is made before the answer)",
            trigger: ".modal .alert-success:contains('Gracias')",
            timeout: 30000,
        },
    ],
});

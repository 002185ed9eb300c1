import { registry } from "@web/core/registry";
import { nameIsDrawn } from "@healthcare_crm_portal/js/tours/signature_steps";

// The patient opens the quote link on the phone, signs it and sees it accepted, in Spanish
// (data made by test_quote_tour.py).
registry.category("web_tour.tours").add("healthcare_crm_portal_quote_sign_tour", {
    steps: () => [
        {
            content: "The quote, in euros",
            trigger: "#portal_sale_content:contains(Blanqueamiento dental):contains(€)",
        },
        {
            content: "Accept and sign, in Spanish",
            trigger: "div[name=sale_order_actions] a:contains(Aceptar y firmar)",
            run: "click",
        },
        {
            content: "The name is the patient's",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Sofía Tour Hernández)",
        },
        nameIsDrawn(),
        {
            content: "Sign with the drawn name",
            trigger: ".modal .o_portal_sign_submit:enabled:contains(Aceptar y firmar)",
            run: "click",
        },
        {
            content: "The page says it is accepted",
            trigger: "#quote_content .alert-success:contains(Su presupuesto está aceptado)",
        },
    ],
});

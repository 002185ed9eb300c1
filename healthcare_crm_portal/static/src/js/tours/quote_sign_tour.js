import { registry } from "@web/core/registry";

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
        {
            // The pad draws the name once its fonts are loaded and the dialog has its size: on a
            // slow phone, a signature sent before that is empty.
            content: "The name is drawn as the signature",
            trigger: ".modal canvas.o_web_sign_signature",
            async run() {
                const canvas = document.querySelector(".modal canvas.o_web_sign_signature");
                const blank = () => {
                    const empty = document.createElement("canvas");
                    empty.width = canvas.width;
                    empty.height = canvas.height;
                    return empty.toDataURL();
                };
                for (let attempt = 0; attempt < 100; attempt++) {
                    if (canvas.width && canvas.height && canvas.toDataURL() !== blank()) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("The signature pad never drew the name.");
            },
        },
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

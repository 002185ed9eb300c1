// Odoo's signature pad draws the name once its fonts are loaded and the dialog has its size: on a
// slow phone, a signature sent before that is empty, and refused. The patient tours wait for it.
export function nameIsDrawn() {
    return {
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
    };
}

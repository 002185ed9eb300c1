import { registry } from "@web/core/registry";

// The treatment coordinator of a Spanish clinic, as a user who speaks Spanish: the quote pipeline
// with its totals in euros, a quote whose partner is the patient, a call logged with its next
// task from the Registrar acción dialog, and a quote rejected with a reason, which can then no
// longer be confirmed.

const column = (stage) => `.o_kanban_group:has(.o_column_title:contains('${stage}'))`;

registry.category("web_tour.tours").add("healthcare_crm_coordinator_quote_tour", {
    url: "/odoo/action-healthcare_crm.action_quote_pipeline",
    steps: () => [
        {
            content: "The pipeline is in Spanish",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Embudo de presupuestos')",
        },
        {
            content: "The In follow-up column adds up its quotes in euros",
            trigger: `${column("En seguimiento")} .o_kanban_header .o_animated_number:contains('€')`,
        },
        {
            content: "So does the Deciding column",
            trigger: `${column("Decidiendo")} .o_kanban_header .o_animated_number:contains('€')`,
        },
        {
            content: "Open Javier's quote, in follow-up",
            trigger: `${column("En seguimiento")} .o_kanban_record:contains('Javier Moreno Castillo')`,
            run: "click",
        },
        {
            content: "The quote's status is its follow-up stage",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('En seguimiento')",
        },
        {
            content: "The partner is the patient (Paciente)",
            trigger: ".o_form_view .o_form_label:contains('Paciente')",
        },
        {
            content: "Nobody is called a customer (Cliente) on a patient's quote",
            trigger: ".o_form_view .o_field_widget[name=partner_id]",
            run() {
                const labels = [...document.querySelectorAll(".o_form_view .o_form_label")].map((l) => l.textContent.trim());
                const customer = labels.filter((label) => /cliente|customer/i.test(label));
                if (customer.length) {
                    throw new Error(`The quote form still says: ${customer.join(", ")}`);
                }
            },
        },
        {
            content: "Registrar acción",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_log_followup]:contains('Registrar acción')",
            run: "click",
        },
        {
            content: "The dialog is titled Registrar acción",
            trigger: ".modal .modal-title:contains('Registrar acción')",
        },
        {
            content: "It was a phone call",
            trigger: ".modal .o_field_widget[name=channel] select",
            run: "selectByLabel Llamada",
        },
        {
            content: "Javier answered",
            trigger: ".modal .o_field_widget[name=outcome] select",
            run: "selectByLabel Contactado",
        },
        {
            content: "What he said",
            trigger: ".modal .o_field_widget[name=summary] textarea",
            run: "edit Lo está hablando con su mujer; le llamo el jueves para cerrar la financiación.",
        },
        {
            content: "The next step is asked for in the same dialog (Siguiente paso)",
            trigger: ".modal .o_horizontal_separator:contains('Siguiente paso')",
        },
        {
            content: "The next task: another call",
            trigger: ".modal .o_field_widget[name=activity_type_id] input",
            run: "edit Llamada",
        },
        {
            content: "Pick Llamada",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Llamada')",
            run: "click",
        },
        {
            content: "Llamada is the next step",
            trigger: ".modal .o_field_widget[name=activity_type_id] input",
            run() {
                if (this.anchor.value !== "Llamada") {
                    throw new Error(`The next step is "${this.anchor.value}", expected "Llamada"`);
                }
            },
        },
        {
            content: "It has a due date",
            trigger: ".modal .o_field_widget[name=activity_date_deadline] input",
            run() {
                if (!this.anchor.value) {
                    throw new Error("The next step has no due date");
                }
            },
        },
        {
            content: "Registrar",
            trigger: ".modal .modal-footer button[name=action_log]:contains('Registrar')",
            run: "click",
        },
        {
            content: "Open the quote's follow-up (Seguimiento)",
            trigger: "body:not(:has(.modal)) .o_form_view .o_notebook .nav-link:contains('Seguimiento')",
            run: "click",
        },
        {
            content: "The call is in the quote's timeline",
            trigger: ".o_field_widget[name=interaction_ids] .o_data_row:contains('le llamo el jueves'):contains('Llamada')",
        },
        {
            content: "Back to the pipeline",
            trigger: ".o_breadcrumb .breadcrumb-item:not(.active) a:contains('Embudo de presupuestos')",
            run: "click",
        },
        {
            content: "Open Sofía's quote, which she is still deciding on",
            trigger: `${column("Decidiendo")} .o_kanban_record:contains('Sofía Hernández Ramírez')`,
            run: "click",
        },
        {
            content: "An open quote can still be confirmed",
            trigger: ".o_form_view:has(.o_arrow_button_current:contains('Decidiendo')) .o_statusbar_buttons",
            run() {
                const buttons = document.querySelectorAll(".o_form_view .o_statusbar_buttons button[name=action_confirm]");
                if (!buttons.length) {
                    throw new Error("An open quote should offer Confirmar");
                }
            },
        },
        {
            content: "She says no: Rechazar",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_followup_reject]:contains('Rechazar')",
            run: "click",
        },
        {
            content: "The dialog is titled Rechazar presupuesto",
            trigger: ".modal .modal-title:contains('Rechazar presupuesto')",
        },
        {
            content: "The reason",
            trigger: ".modal .o_field_widget[name=rejection_reason_id] input",
            run: "edit Precio",
        },
        {
            content: "Pick Precio",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Precio')",
            run: "click",
        },
        {
            content: "What he said",
            trigger: ".modal .o_field_widget[name=rejection_note] textarea",
            run: "edit Le parece caro; quizá el año que viene.",
        },
        {
            content: "Rechazar",
            trigger: ".modal .modal-footer button[name=action_reject]:contains('Rechazar')",
            run: "click",
        },
        {
            content: "The quote is in the Rechazado stage",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains('Rechazado')",
        },
        {
            content: "With its reason",
            trigger: ".o_form_view .o_field_widget[name=rejection_reason_id]:contains('Precio')",
        },
        {
            content: "Confirmar is no longer offered, nor Rechazar",
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name=action_confirm])):not(:has(button[name=action_followup_reject]))",
        },
    ],
});

import { registry } from "@web/core/registry";

// A dentist of a Spanish clinic (a clinician who speaks Spanish) opens a patient's odontogram,
// plans a filling on two surfaces of 36 and of 46 and a crown on 46, and makes the quote: its
// lines carry their teeth.

const PATIENT = "Lucía Odontograma Pérez";
const tooth = (number) => `.o_dental_odontogram .o_dental_tooth[data-tooth='${number}']`;
const surface = (number, letter) => `${tooth(number)} .o_dental_zone[data-surface='${letter}']`;

/** A step choosing the catalogue's treatment whose label matches `pattern`. */
function chooseTreatment(pattern, content) {
    return {
        content,
        trigger: `.o_dental_panel select.o_dental_product:has(option:contains('€'))`,
        async run(helpers) {
            const option = [...this.anchor.options].find((opt) => pattern.test(opt.textContent));
            if (!option) {
                const labels = [...this.anchor.options].map((opt) => opt.textContent).join(" | ");
                throw new Error(`no treatment matching ${pattern} in: ${labels}`);
            }
            await helpers.select(option.value);
        },
    };
}

registry.category("web_tour.tours").add("healthcare_crm_dental_odontogram_tour", {
    url: "/odoo/action-healthcare_crm.action_patients",
    steps: () => [
        {
            content: "The patients open",
            trigger: ".o_control_panel .o_breadcrumb .active:contains('Pacientes')",
        },
        {
            content: "Look for the patient",
            trigger: ".o_searchview_input",
            run: `edit ${PATIENT}`,
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open her",
            trigger: `.o_kanban_view .o_kanban_record:contains('${PATIENT}')`,
            run: "click",
        },
        {
            content: "Her form has the Odontograma tab: open it",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Odontograma')",
            run: "click",
        },
        {
            content: "An adult: the permanent teeth (Permanente) are drawn",
            trigger: ".o_dental_dentition .btn.active:contains('Permanente')",
        },
        {
            content: "46 is on the chart",
            trigger: tooth(46),
        },
        {
            content: "The legend is in Spanish",
            trigger: ".o_dental_legend:contains('Leyenda'):contains('Caries'):contains('Planificado')",
        },
        {
            content: "36: occlusal",
            trigger: surface(36, "O"),
            run: "click",
        },
        {
            content: "36: mesial",
            trigger: surface(36, "M"),
            run: "click",
        },
        {
            content: "46: occlusal",
            trigger: surface(46, "O"),
            run: "click",
        },
        {
            content: "46: distal",
            trigger: surface(46, "D"),
            run: "click",
        },
        {
            content: "The four surfaces are selected",
            trigger: `.o_dental_panel .o_dental_selection:contains('36 M O, 46 D O')`,
        },
        {
            content: "They are highlighted on the chart",
            trigger: `${surface(36, "M")}.o_dental_zone_selected`,
        },
        chooseTreatment(/empaste|filling/i, "Choose the filling (name and price in €)"),
        {
            content: "Plan it (Planificar)",
            trigger: ".o_dental_panel button.o_dental_plan:contains('Planificar'):enabled",
            run: "click",
        },
        {
            content: "36 MO is planned, under Planificado",
            trigger: ".o_dental_group_planned .o_dental_treatment_row:has(.o_dental_col_tooth:contains('36')):has(.o_dental_col_surfaces:contains('MO'))",
        },
        {
            content: "46 DO too",
            trigger: ".o_dental_group_planned .o_dental_treatment_row:has(.o_dental_col_tooth:contains('46')):has(.o_dental_col_surfaces:contains('DO'))",
        },
        {
            content: "The planned surfaces are drawn hatched",
            trigger: `${tooth(36)} .o_dental_overlay`,
        },
        {
            content: "and the selection is cleared",
            trigger: ".o_dental_panel .o_dental_selection_empty",
        },
        {
            content: "Select the whole 46 by its number",
            trigger: `${tooth(46)} .o_dental_number`,
            run: "click",
        },
        {
            content: "46 is selected as a whole tooth",
            trigger: ".o_dental_panel .o_dental_selection:contains('46')",
        },
        chooseTreatment(/circonio|zirconia/i, "Choose a zirconia crown"),
        {
            content: "Plan the crown (Planificar)",
            trigger: ".o_dental_panel button.o_dental_plan:enabled",
            run: "click",
        },
        {
            content: "The crown on 46 is planned",
            trigger: ".o_dental_group_planned .o_dental_treatment_row:has(.o_dental_col_tooth:contains('46')):has(.o_dental_col_name:contains('Corona'))",
        },
        {
            content: "46 is framed as planned work",
            trigger: `${tooth(46)} .o_dental_frame_planned`,
        },
        {
            content: "Create the quote (Crear presupuesto)",
            trigger: ".o_dental_panel button.o_dental_create_quote:contains('Crear presupuesto'):enabled",
            run: "click",
        },
        {
            content: "The quote opens with its lines",
            trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row",
        },
        {
            content: "Its lines carry their teeth: 36 MO",
            trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row td[name=dental_teeth]:contains('36 MO')",
        },
        {
            content: "46 DO",
            trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row td[name=dental_teeth]:contains('46 DO')",
        },
        {
            content: "and the crown on 46",
            trigger: ".o_form_view .o_field_widget[name=order_line] .o_data_row:contains('Corona') td[name=dental_teeth]:contains('46')",
        },
    ],
});

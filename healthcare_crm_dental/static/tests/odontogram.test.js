import { describe, expect, test } from "@odoo/hoot";
import { click, queryAll, queryAllTexts } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, defineModels, fields, models, mountView, onRpc } from "@web/../tests/web_test_helpers";
import {
    selectionText,
    toggleSelection,
    zoneSurfaces,
} from "@healthcare_crm_dental/odontogram/odontogram_layout";

describe.current.tags("desktop");

class Partner extends models.Model {
    name = fields.Char();
    _records = [
        { id: 7, name: "Lucía" },
        { id: 8, name: "Mateo" },
    ];
}
defineMailModels(); // the mail services of the web client ask the mock server
defineModels([Partner]);

const CATALOGUE = [
    { id: 3, name: "Composite filling", area: "surface", price: 60, currency_symbol: "€" },
    { id: 4, name: "Zirconia crown", area: "tooth", price: 450, currency_symbol: "€" },
];

function chart(values = {}) {
    return {
        patient_id: 7,
        dentition: "permanent",
        can_edit: true,
        teeth: [{ tooth: "16", condition: "healthy", surfaces: { M: "caries", O: false } }],
        treatments: [],
        catalogue: CATALOGUE,
        ...values,
    };
}

const FORM = `<form><sheet><widget name="dental_odontogram"/></sheet></form>`;
const zone = (tooth, surface) => `.o_dental_tooth[data-tooth='${tooth}'] .o_dental_zone[data-surface='${surface}']`;

test("mesial faces the midline and vestibular the lips, in each quadrant", () => {
    expect(zoneSurfaces("16")).toEqual({ top: "V", bottom: "L", left: "D", right: "M", center: "O" });
    expect(zoneSurfaces("26")).toEqual({ top: "V", bottom: "L", left: "M", right: "D", center: "O" });
    expect(zoneSurfaces("36")).toEqual({ top: "L", bottom: "V", left: "M", right: "D", center: "O" });
    expect(zoneSurfaces("46")).toEqual({ top: "L", bottom: "V", left: "D", right: "M", center: "O" });
    expect(zoneSurfaces("55")).toEqual(zoneSurfaces("16"));
    expect(zoneSurfaces("75")).toEqual(zoneSurfaces("36"));
});

test("surfaces toggle, a tooth's number takes the whole tooth", () => {
    let selection = toggleSelection([], "36", "O");
    selection = toggleSelection(selection, "36", "M");
    selection = toggleSelection(selection, "46");
    expect(selectionText(selection)).toBe("36 M O, 46");
    selection = toggleSelection(selection, "36", "O");
    selection = toggleSelection(selection, "46");
    expect(selectionText(selection)).toBe("36 M");
    selection = toggleSelection(selection, "36", "M");
    expect(selection).toEqual([]);
});

test("draws the teeth, plans the selection and lists the plan", async () => {
    const planned = [];
    onRpc("partner", "dental_chart_get", () => chart());
    onRpc("partner", "dental_plan_treatments", ({ args, kwargs }) => {
        planned.push([args, kwargs.phase]);
        return chart({
            treatments: [
                {
                    id: 1, tooth: "36", surfaces: "MO", quadrant: false, product_id: 3, name: "Composite filling",
                    status: "planned", area: "surface", phase: 2, sale_line_id: false, sale_order_name: false,
                },
            ],
        });
    });
    await mountView({ type: "form", resModel: "partner", resId: 7, arch: FORM });

    expect(".o_dental_tooth").toHaveCount(32);
    expect(zone("16", "M")).toHaveClass("o_dental_cond_caries");
    await click(".o_dental_dentition [data-dentition=deciduous]");
    await animationFrame();
    expect(".o_dental_tooth").toHaveCount(20);
    await click(".o_dental_dentition [data-dentition=permanent]");
    await animationFrame();

    await click(zone("36", "O"));
    await click(zone("36", "M"));
    await click(".o_dental_tooth[data-tooth='46'] .o_dental_number");
    await animationFrame();
    expect(".o_dental_selection").toHaveText("36 M O, 46");
    expect(queryAll(".o_dental_zone_selected")).toHaveLength(2);
    expect(".o_dental_plan").not.toBeEnabled();
    await contains(".o_dental_product").select("3");
    await contains(".o_dental_phase").edit("2");
    await click(".o_dental_plan");
    await animationFrame();

    expect(planned).toEqual([
        [[[7], [{ tooth: "36", surfaces: ["M", "O"] }, { tooth: "46", surfaces: [] }], 3], 2],
    ]);
    expect(".o_dental_selection_empty").toHaveCount(1);
    expect(queryAllTexts(".o_dental_group_planned .o_dental_treatment_row td")).toEqual([
        "36", "MO", "Composite filling", "2", "",
    ]);
    expect(`.o_dental_tooth[data-tooth='36'] .o_dental_overlay`).toHaveCount(2);
});

test("read only without the right to plan", async () => {
    onRpc("partner", "dental_chart_get", () => chart({ can_edit: false }));
    await mountView({ type: "form", resModel: "partner", resId: 7, arch: FORM });
    expect(".o_dental_tooth").toHaveCount(32);
    expect(".o_dental_panel").toHaveCount(0);
    await click(zone("36", "O"));
    await animationFrame();
    expect(".o_dental_zone_selected").toHaveCount(0);
});

test("a new patient asks to be saved first", async () => {
    await mountView({ type: "form", resModel: "partner", arch: FORM });
    expect(".o_dental_save_first").toHaveCount(1);
    expect(".o_dental_tooth").toHaveCount(0);
});

test("loads the chart again when the form moves to another patient", async () => {
    const loaded = [];
    onRpc("partner", "dental_chart_get", ({ args }) => {
        loaded.push(args[0][0]);
        const teeth = args[0][0] === 8 ? [{ tooth: "55", condition: "caries", surfaces: {} }] : [];
        return chart({ patient_id: args[0][0], dentition: args[0][0] === 8 ? "deciduous" : "permanent", teeth });
    });
    await mountView({ type: "form", resModel: "partner", resId: 7, resIds: [7, 8], arch: FORM });
    expect(".o_dental_tooth").toHaveCount(32);
    await click(zone("36", "O"));
    await animationFrame();
    await click(".o_pager_next");
    await animationFrame();
    expect(loaded).toEqual([7, 8]);
    expect(".o_dental_tooth").toHaveCount(20);
    expect(".o_dental_dentition .active").toHaveAttribute("data-dentition", "deciduous");
    expect(".o_dental_selection_empty").toHaveCount(1);
});

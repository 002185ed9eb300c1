import { Component, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import {
    CANALS,
    CROWNS,
    OUTLINES,
    ROOT,
    SQUARE,
    ZONE_POINTS,
    chartLayout,
    isUpper,
    selectionText,
    sortSurfaces,
    toggleSelection,
    toothGeometry,
    toothType,
    zoneSurfaces,
} from "./odontogram_layout";

// What the chart draws, from the most pending to the oldest; rejected work is only listed.
export const STATUSES = ["planned", "accepted", "performed", "preexisting", "rejected"];
const DRAWN_STATUSES = ["planned", "accepted", "performed", "preexisting"];
// Conditions drawn on the whole tooth rather than on a surface.
const WHOLE_TOOTH = ["missing", "implant", "crown", "root_canal", "abutment", "pontic", "extraction"];
const AREAS = ["surface", "tooth", "quadrant", "sextant", "arch", "mouth"];

let nextInstance = 1;

export function statusLabels() {
    return {
        planned: _t("Planned work"),
        accepted: _t("Accepted work"),
        performed: _t("Performed work"),
        preexisting: _t("Preexisting work"),
        rejected: _t("Rejected work"),
    };
}

export function conditionLabels() {
    return {
        healthy: _t("Healthy tooth"),
        caries: _t("Caries"),
        filled: _t("Filling"),
        sealant: _t("Sealant"),
        fracture: _t("Fracture"),
        missing: _t("Missing tooth"),
        implant: _t("Implant"),
        crown: _t("Crown"),
        root_canal: _t("Root canal"),
        abutment: _t("Bridge abutment"),
        pontic: _t("Pontic"),
        extraction: _t("Extraction indicated"),
    };
}

function areaLabels() {
    return {
        surface: _t("Per surface"),
        tooth: _t("Per tooth"),
        quadrant: _t("Per quadrant"),
        sextant: _t("Per sextant"),
        arch: _t("Per arch"),
        mouth: _t("Whole mouth"),
    };
}

function surfaceLabel(surface, tooth) {
    return {
        M: _t("Mesial"),
        D: _t("Distal"),
        O: _t("Occlusal"),
        V: _t("Vestibular"),
        L: isUpper(tooth) ? _t("Palatal") : _t("Lingual"),
    }[surface];
}

export class Odontogram extends Component {
    static template = "healthcare_crm_dental.Odontogram";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.uid = nextInstance++;
        this.ROOT = ROOT;
        this.SQUARE = SQUARE;
        this.state = useState({
            chart: null,
            dentition: "permanent",
            selection: [],
            productId: "",
            phase: 1,
            quotePhase: "",
            busy: false,
        });
        this.loadedId = null;
        onWillStart(() => this.load(this.props.record.resModel, this.props.record.resId));
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.loadedId) {
                return this.load(nextProps.record.resModel, nextProps.record.resId);
            }
        });
    }

    async load(resModel, resId) {
        this.loadedId = resId;
        this.state.selection = [];
        if (!resId) {
            this.state.chart = null;
            return;
        }
        const chart = await this.orm.call(resModel, "dental_chart_get", [[resId]]);
        if (this.loadedId === resId) {
            this.setChart(chart);
            this.state.dentition = chart.dentition || "permanent";
        }
    }

    setChart(chart) {
        this.state.chart = chart;
        const products = chart.catalogue || [];
        if (!products.some((product) => String(product.id) === String(this.state.productId))) {
            this.state.productId = "";
        }
    }

    // ---- what the chart knows -------------------------------------------------------------

    get canEdit() {
        return Boolean(this.state.chart && this.state.chart.can_edit);
    }

    get dentitions() {
        return [
            { value: "permanent", label: _t("Permanent") },
            { value: "deciduous", label: _t("Deciduous") },
            { value: "mixed", label: _t("Mixed") },
        ];
    }

    get layout() {
        return chartLayout(this.state.dentition);
    }

    /** {tooth: {condition, surfaces}} of the rows the server has (a tooth without one is healthy). */
    get toothStates() {
        const states = {};
        for (const row of this.state.chart?.teeth || []) {
            states[String(row.tooth)] = row;
        }
        return states;
    }

    /** {tooth: {surfaces: {M: [treatment]}, whole: [treatment]}} of the treatments drawn. */
    get treatmentsByTooth() {
        const byTooth = {};
        for (const treatment of this.state.chart?.treatments || []) {
            if (!treatment.tooth || !DRAWN_STATUSES.includes(treatment.status)) {
                continue;
            }
            const entry = (byTooth[String(treatment.tooth)] ||= { surfaces: {}, whole: [] });
            const surfaces = sortSurfaces(treatment.surfaces || "");
            if (surfaces.length) {
                for (const surface of surfaces) {
                    (entry.surfaces[surface] ||= []).push(treatment);
                }
            } else {
                entry.whole.push(treatment);
            }
        }
        return byTooth;
    }

    get rows() {
        const states = this.toothStates;
        const treatments = this.treatmentsByTooth;
        return this.layout.rows.map((row) => ({
            key: row.key,
            teeth: row.teeth.map(({ tooth, x }) =>
                this.toothView(tooth, x, row.y, states[tooth], treatments[tooth])
            ),
        }));
    }

    toothView(tooth, x, rowY, toothState, treatments) {
        const geometry = toothGeometry(tooth, rowY);
        const type = toothType(tooth);
        const condition = toothState?.condition || "healthy";
        const surfaceConditions = toothState?.surfaces || {};
        const selected = this.state.selection.find((item) => item.tooth === tooth);
        const labels = conditionLabels();
        const statuses = statusLabels();
        const zones = Object.entries(zoneSurfaces(tooth)).map(([zone, surface]) => {
            const surfaceCondition = surfaceConditions[surface];
            const onSurface = treatments?.surfaces[surface] || [];
            const done = onSurface.find((t) => t.status === "performed") ||
                onSurface.find((t) => t.status === "preexisting");
            const pending = onSurface.find((t) => t.status === "accepted") ||
                onSurface.find((t) => t.status === "planned");
            let fillClass = "";
            if (surfaceCondition && surfaceCondition !== "healthy") {
                fillClass = `o_dental_cond_${surfaceCondition}`;
            } else if (done) {
                fillClass = `o_dental_status_${done.status}`;
            }
            const title = [`${tooth} ${surfaceLabel(surface, tooth)}`];
            if (surfaceCondition && surfaceCondition !== "healthy") {
                title.push(labels[surfaceCondition] || surfaceCondition);
            }
            for (const treatment of onSurface) {
                title.push(`${treatment.name} (${statuses[treatment.status]})`);
            }
            return {
                zone,
                surface,
                points: ZONE_POINTS[zone],
                fillClass,
                overlay: pending ? `url(#o_dental_hatch_${pending.status}_${this.uid})` : "",
                selected: Boolean(selected && selected.surfaces.includes(surface)),
                title: title.join(" · "),
            };
        });
        const whole = treatments?.whole || [];
        const top = Math.min(geometry.outlineY, geometry.squareY);
        const bottom = Math.max(geometry.outlineY + ROOT, geometry.squareY + SQUARE);
        const frames = DRAWN_STATUSES.filter((status) => whole.some((t) => t.status === status)).map(
            (status, index) => ({
                status,
                inset: 2 + index * 3,
                title: whole
                    .filter((t) => t.status === status)
                    .map((t) => `${t.name} (${statuses[status]})`)
                    .join(" · "),
            })
        );
        const toothTitle = [_t("Tooth %s", tooth)];
        if (condition !== "healthy") {
            toothTitle.push(labels[condition] || condition);
        }
        return {
            tooth,
            x,
            type,
            condition,
            wholeCondition: WHOLE_TOOTH.includes(condition) ? condition : "",
            // a tooth-wide caries, filling, sealant or fracture colours its crown
            crownClass: WHOLE_TOOTH.includes(condition) || condition === "healthy" ? "" : `o_dental_cond_${condition}`,
            outline: OUTLINES[type],
            crown: CROWNS[type],
            canal: CANALS[type],
            ...geometry,
            top,
            bottom,
            // the bar of a bridge, across the crown
            bridgeY: isUpper(tooth) ? geometry.outlineY + ROOT - 15 : geometry.outlineY + 15,
            zones,
            frames,
            wholeSelected: Boolean(selected && !selected.surfaces.length),
            selected: Boolean(selected),
            title: toothTitle.join(" · "),
        };
    }

    // ---- the planning panel ---------------------------------------------------------------

    get selectionText() {
        return selectionText(this.state.selection);
    }

    get catalogueGroups() {
        const labels = areaLabels();
        const products = this.state.chart?.catalogue || [];
        return AREAS.map((area) => ({
            area,
            label: labels[area],
            products: products
                .filter((product) => (product.area || "tooth") === area)
                .map((product) => ({ id: String(product.id), label: this.productLabel(product) })),
        })).filter((group) => group.products.length);
    }

    productLabel(product) {
        const price = formatFloat(product.price || 0, { digits: [16, 2] });
        return `${product.name} — ${price} ${product.currency_symbol || "€"}`;
    }

    get selectedProduct() {
        return (this.state.chart?.catalogue || []).find(
            (product) => String(product.id) === String(this.state.productId)
        );
    }

    get canPlan() {
        const product = this.selectedProduct;
        return Boolean(
            this.canEdit && !this.state.busy && product &&
            (this.state.selection.length || product.area === "mouth")
        );
    }

    /** Planned treatments that no quote has yet, by phase. */
    get unquotedPhases() {
        const phases = new Set();
        for (const treatment of this.state.chart?.treatments || []) {
            if (treatment.status === "planned" && !treatment.sale_line_id) {
                phases.add(treatment.phase || 1);
            }
        }
        return [...phases].sort((a, b) => a - b);
    }

    phaseLabel(phase) {
        return _t("Phase %s", phase);
    }

    get canQuote() {
        return this.canEdit && !this.state.busy && this.unquotedPhases.length > 0;
    }

    onSurfaceClick(tooth, surface) {
        if (this.canEdit) {
            this.state.selection = toggleSelection(this.state.selection, tooth, surface);
        }
    }

    onToothClick(tooth) {
        if (this.canEdit) {
            this.state.selection = toggleSelection(this.state.selection, tooth);
        }
    }

    clearSelection() {
        this.state.selection = [];
    }

    setDentition(dentition) {
        this.state.dentition = dentition;
    }

    onProductChange(ev) {
        this.state.productId = ev.target.value;
    }

    onPhaseChange(ev) {
        this.state.phase = Math.max(1, parseInt(ev.target.value, 10) || 1);
    }

    onQuotePhaseChange(ev) {
        this.state.quotePhase = ev.target.value;
    }

    async plan() {
        if (!this.canPlan) {
            return;
        }
        this.state.busy = true;
        try {
            const selections = this.state.selection.map((item) => ({
                tooth: item.tooth,
                surfaces: sortSurfaces(item.surfaces),
            }));
            const chart = await this.orm.call(
                this.props.record.resModel,
                "dental_plan_treatments",
                [[this.props.record.resId], selections, parseInt(this.state.productId, 10)],
                { phase: this.state.phase }
            );
            this.setChart(chart);
            this.state.selection = [];
        } finally {
            this.state.busy = false;
        }
    }

    async createQuote() {
        if (!this.canQuote) {
            return;
        }
        this.state.busy = true;
        try {
            const phase = this.state.quotePhase ? parseInt(this.state.quotePhase, 10) : false;
            const action = await this.orm.call(
                this.props.record.resModel,
                "action_dental_create_quote",
                [[this.props.record.resId]],
                { phase }
            );
            await this.action.doAction(action);
        } finally {
            this.state.busy = false;
        }
    }

    // ---- the list under the chart ---------------------------------------------------------

    get treatmentGroups() {
        const labels = statusLabels();
        const treatments = this.state.chart?.treatments || [];
        return STATUSES.map((status) => ({
            status,
            label: labels[status],
            treatments: treatments
                .filter((treatment) => treatment.status === status)
                .sort((a, b) => (a.phase || 0) - (b.phase || 0) || String(a.tooth || "99").localeCompare(String(b.tooth || "99")))
                .map((treatment) => ({
                    id: treatment.id,
                    where: this.treatmentPlace(treatment),
                    surfaces: sortSurfaces(treatment.surfaces || "").join(""),
                    name: treatment.name,
                    phase: treatment.phase || "",
                    quote: treatment.sale_order_name || "",
                })),
        })).filter((group) => group.treatments.length);
    }

    treatmentPlace(treatment) {
        if (treatment.tooth) {
            return String(treatment.tooth);
        }
        if (treatment.quadrant) {
            return _t("Quadrant %s", treatment.quadrant);
        }
        return areaLabels()[treatment.area] || "";
    }

    get legendConditions() {
        const labels = conditionLabels();
        return ["caries", "filled", "sealant", "fracture"].map((condition) => ({
            condition,
            label: labels[condition],
        }));
    }

    get legendWholeTooth() {
        const labels = conditionLabels();
        return ["missing", "extraction", "implant", "crown", "root_canal", "abutment", "pontic"].map(
            (condition) => ({ condition, label: labels[condition] })
        );
    }

    get legendStatuses() {
        const labels = statusLabels();
        return DRAWN_STATUSES.map((status) => ({ status, label: labels[status] }));
    }
}

export const odontogram = {
    component: Odontogram,
};

registry.category("view_widgets").add("dental_odontogram", odontogram);

import { getCurrency } from "@web/core/currency";
import { registry } from "@web/core/registry";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

// The quote pipeline's columns add up their quotes' totals: Odoo's kanban shows the sum as a bare
// number (1.250), the coordinator reads it in the quotes' currency (1.250 €).
export class QuotePipelineKanbanHeader extends KanbanHeader {
    get groupAggregate() {
        const aggregate = super.groupAggregate;
        const sumField = this.props.progressBarState?.progressAttributes?.sumField;
        const currencyField = sumField?.currency_field;
        if (!currencyField) {
            return aggregate;
        }
        const currencyIds = new Set(
            this.props.group.list.records.map((record) => record.data[currencyField]?.[0]).filter(Boolean)
        );
        // Quotes in several currencies add up to no currency in particular: no symbol then.
        const currency = currencyIds.size === 1 ? getCurrency([...currencyIds][0]) : undefined;
        return currency ? { ...aggregate, currency } : aggregate;
    }
}

export class QuotePipelineKanbanRenderer extends KanbanRenderer {
    static components = { ...KanbanRenderer.components, KanbanHeader: QuotePipelineKanbanHeader };
}

registry.category("views").add("healthcare_quote_pipeline_kanban", {
    ...kanbanView,
    Renderer: QuotePipelineKanbanRenderer,
});

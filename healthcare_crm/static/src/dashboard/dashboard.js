import { Component, onWillStart, useState } from "@odoo/owl";
import { deserializeDate, formatDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatFloat } from "@web/core/utils/numbers";
import { useService } from "@web/core/utils/hooks";

/**
 * The manager's dashboard ("Cuadro de mando"): healthcare.dashboard.get_dashboard's figures for
 * a period and the one before, each opening the records behind it.
 */
export class ClinicDashboard extends Component {
    static template = "healthcare_crm.ClinicDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.periods = [
            ["this_month", _t("This month")],
            ["last_month", _t("Last month")],
            ["this_quarter", _t("This quarter")],
            ["this_year", _t("This year")],
            ["custom", _t("Custom")],
        ];
        this.state = useState({
            period: "this_month",
            dateFrom: "",
            dateTo: "",
            companyId: 0,
            practitionerId: 0,
            coordinatorId: 0,
            data: null,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const { period, dateFrom, dateTo, companyId, practitionerId, coordinatorId } = this.state;
        if (period === "custom" && !(dateFrom && dateTo)) {
            return;
        }
        this.state.data = await this.orm.call("healthcare.dashboard", "get_dashboard", [], {
            period,
            date_from: dateFrom || false,
            date_to: dateTo || false,
            company_ids: companyId ? [companyId] : [],
            practitioner_id: practitionerId || false,
            coordinator_id: coordinatorId || false,
        });
    }

    onChange(field, ev) {
        const value = ev.target.value;
        this.state[field] = ["companyId", "practitionerId", "coordinatorId"].includes(field)
            ? parseInt(value) || 0
            : value;
        this.load();
    }

    format(value, kind) {
        if (value === null || value === undefined || value === false) {
            return "–";
        }
        if (kind === "percent") {
            return `${formatFloat(value, { digits: [16, 1] })} %`;
        }
        if (kind === "decimal") {
            return formatFloat(value, { digits: [16, 1] });
        }
        if (kind === "days") {
            return `${formatFloat(value, { digits: [16, 1] })} ${_t("days")}`;
        }
        if (kind === "monetary") {
            const { symbol, position, digits } = this.state.data.currency;
            const amount = formatFloat(value, { digits: [16, digits] });
            return position === "before" ? `${symbol} ${amount}` : `${amount} ${symbol}`;
        }
        return formatFloat(value, { digits: [16, 0] });
    }

    day(value) {
        return formatDate(deserializeDate(value));
    }

    trend(figure) {
        const { value, previous } = figure;
        if (value === null || previous === null || previous === undefined || value === previous) {
            return "";
        }
        return value > previous ? "▲" : "▼";
    }

    open(action) {
        if (!action) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: action.name,
            res_model: action.res_model,
            domain: action.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }
}

registry.category("actions").add("healthcare_crm.dashboard", ClinicDashboard);

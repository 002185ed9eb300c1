import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// The accountant, in Spanish, reconciles a patient's quote with its invoice and payment: the
// accepted quote's Billing tab (invoiced, paid, due in euros), its invoice from the smart button
// and back, then Invoicing's Quoted, Invoiced and Paid report. The launcher
// (tests/test_accountant_billing_tour.py) invoices 1,500 € and records a payment of 600 €.
const PATIENT = "Elena Tour Contable";

function amount(label, field, value) {
    return {
        content: `${label}: ${value} €`,
        trigger: `.o_form_view .o_notebook .tab-pane.active .o_wrap_field:has(.o_form_label:contains('${label}')) .o_field_widget[name='${field}']:contains('${value}'):contains('€')`,
    };
}

function searchPatient() {
    return [
        {
            content: "Search the patient",
            trigger: ".o_control_panel .o_searchview_input",
            run: `edit ${PATIENT}`,
        },
        {
            content: "Search",
            trigger: ".o_control_panel .o_searchview_input",
            run: "press Enter",
        },
    ];
}

registry.category("web_tour.tours").add("healthcare_crm_accountant_billing_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("sale.sale_menu_root", "Open Sales"),
        {
            content: "Open the Orders menu",
            trigger: ".o_main_navbar [data-menu-xmlid='sale.sale_order_menu']",
            run: "click",
        },
        {
            content: "Open the orders (accepted quotes)",
            trigger: ".o-dropdown-item[data-menu-xmlid='sale.menu_sale_order']:contains('Pedidos')",
            run: "click",
        },
        ...searchPatient(),
        {
            content: "Open the patient's accepted quote",
            trigger: `.o_list_view .o_data_row td[name='partner_id']:contains('${PATIENT}')`,
            run: "click",
        },
        {
            content: "It is the patient's accepted quote",
            trigger: `.o_form_view:has(.o_form_label:contains('Paciente')):has(.o_field_widget[name='partner_id']:contains('${PATIENT}')) .o_field_widget[name='followup_outcome']:contains('Aceptado')`,
        },
        {
            content: "Open the Billing tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Facturación')",
            run: "click",
        },
        amount("Facturado", "amount_invoiced", "1.500,00"),
        amount("Cobrado", "invoice_amount_paid", "600,00"),
        amount("Pendiente", "invoice_amount_due", "900,00"),
        {
            content: "The invoice, its total and what is still due",
            trigger: ".o_form_view .o_notebook .tab-pane.active .o_field_widget[name='invoice_ids'] .o_data_row:has(td[name='amount_total_in_currency_signed']:contains('1.500,00')):has(td[name='amount_residual_signed']:contains('900,00')) td[name='payment_state']:contains('Pagado parcialmente')",
        },
        {
            content: "Open the invoice from the smart button",
            trigger: "button.oe_stat_button[name='action_view_invoice']:contains('Facturas')",
            run: "click",
        },
        {
            content: "The invoice is the patient's, posted and partly paid (ribbon)",
            trigger: `.o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains('Publicado')):has(.o_field_widget[name='partner_id']:contains('${PATIENT}')) .ribbon:contains('Parcial')`,
        },
        {
            content: "600 € paid on it, 900 € still due",
            trigger: ".o_form_view:contains('Importe adeudado'):contains('900,00') .o_field_widget[name='invoice_payments_widget']:contains('600,00')",
        },
        {
            content: "Back to its quote from the invoice's Sale Orders button",
            trigger: "button.oe_stat_button[name='action_view_source_sale_orders']:contains('Pedidos de venta')",
            run: "click",
        },
        {
            content: "Back on the quote",
            trigger: `.o_form_view .o_field_widget[name='partner_id']:contains('${PATIENT}') `,
        },
        // Invoicing > Reporting > Management > Quoted, Invoiced and Paid
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open Reporting",
            trigger: ".o_main_navbar [data-menu-xmlid='account.menu_finance_reports']",
            run: "click",
        },
        {
            content: "Open Quoted, Invoiced and Paid",
            trigger: ".o-dropdown-item[data-menu-xmlid='healthcare_crm.menu_quote_report_invoicing']:contains('Presupuestado, facturado y cobrado')",
            run: "click",
        },
        {
            content: "The pivot compares quoted, invoiced, paid and due",
            trigger: ".o_pivot thead:has(.o_pivot_measure_row:contains('Presupuestado')):has(.o_pivot_measure_row:contains('Facturado')):has(.o_pivot_measure_row:contains('Cobrado')):has(.o_pivot_measure_row:contains('Pendiente'))",
        },
        {
            content: "Switch to the list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        ...searchPatient(),
        {
            content: "Quoted 1,500, invoiced 1,500, paid 600 and 900 due, in euros",
            trigger: `.o_list_view .o_data_row:has(td[name='partner_id']:contains('${PATIENT}')):has(td[name='amount_quoted']:contains('1.500,00'):contains('€')):has(td[name='amount_invoiced']:contains('1.500,00'):contains('€')):has(td[name='amount_paid']:contains('600,00'):contains('€')) td[name='amount_due']:contains('900,00'):contains('€')`,
        },
    ],
});

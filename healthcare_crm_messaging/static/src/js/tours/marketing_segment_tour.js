import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// Marketing, in Spanish: opens a segment, reads its live count and how many patients each channel
// reaches (consent, blacklist, missing address), creates an email mailing from it; then, for a
// segment that reaches nobody by email, is warned on the mailing and cannot send it.
// The launcher (tests/test_marketing_segment_tour.py) builds both segments and their patients.
const REACHABLE = "Tour Blanqueamiento";
const NOBODY = "Tour Sin consentimiento";

function openSegment(name) {
    return {
        content: `Open the segment ${name}`,
        trigger: `.o_list_view .o_data_row td[name='name']:contains('${name}')`,
        run: "click",
    };
}

function reach(channel, count) {
    return {
        content: `The segment reaches ${count} by ${channel}`,
        trigger: `.o_form_view div[name='reach'] .o_field_widget[name='${channel}_reach']:contains(/^${count}$/)`,
    };
}

registry.category("web_tour.tours").add("healthcare_crm_marketing_segment_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("healthcare_crm.menu_root", "Open the Clinic CRM"),
        {
            content: "Open the Patients menu",
            trigger: ".o_main_navbar [data-menu-xmlid='healthcare_crm.menu_patients_root']",
            run: "click",
        },
        {
            content: "Open Segments (Segmentos)",
            trigger: ".o-dropdown-item[data-menu-xmlid='healthcare_crm_messaging.menu_segments']:contains('Segmentos')",
            run: "click",
        },
        {
            content: "The list gives each segment's count and reach per channel",
            trigger: `.o_list_view .o_data_row:has(td[name='name']:contains('${REACHABLE}')):has(td[name='patient_count']:contains(/^4$/)):has(td[name='email_reach']:contains(/^2$/)):has(td[name='sms_reach']:contains(/^1$/))`,
        },
        openSegment(REACHABLE),
        {
            content: "The live count: 4 patients",
            trigger: ".o_form_view .oe_stat_button[name='action_preview']:contains('Pacientes') .o_stat_value:contains(/^4$/)",
        },
        {
            content: "Beside it, what each channel reaches now, in Spanish",
            trigger: ".o_form_view div[name='reach']:contains('Llegará ahora a:'):contains('por email'):contains('por SMS'):contains('por WhatsApp')",
        },
        // Lucía and Mario by email (Nuria's address is blacklisted, Pablo gave no consent); only Lucía by SMS.
        reach("email", 2),
        reach("sms", 1),
        reach("whatsapp", 0),
        {
            content: "WhatsApp says why it reaches nobody",
            trigger: ".o_form_view div[name='reach'] .o_field_widget[name='whatsapp_unavailable']:contains('WhatsApp no está configurado')",
        },
        {
            content: "Create an email mailing from the segment",
            trigger: ".o_form_view .o_form_statusbar button[name='action_email_mailing']:contains('Envío por correo')",
            run: "click",
        },
        {
            content: "The mailing is the segment's, and reaches the 2 who accept email",
            trigger: `.o_form_view.o_mass_mailing_mailing_form:has(.o_field_widget[name='subject'] input:value('${REACHABLE}')) div[name='healthcare_reach']:contains('Llegará ahora a:') .o_field_widget[name='healthcare_reach']:contains(/^2$/)`,
        },
        {
            content: "No warning on a mailing that reaches someone",
            trigger: ".o_form_view div[name='healthcare_reach']:not(:has(.alert-warning:visible))",
        },
        {
            content: "Back to the segments",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Segmentos')",
            run: "click",
        },
        openSegment(NOBODY),
        {
            content: "One patient, whom no channel reaches",
            trigger: ".o_form_view .oe_stat_button[name='action_preview'] .o_stat_value:contains(/^1$/)",
        },
        reach("email", 0),
        reach("sms", 0),
        {
            content: "Create an email mailing anyway",
            trigger: ".o_form_view .o_form_statusbar button[name='action_email_mailing']",
            run: "click",
        },
        {
            content: "The mailing warns, before sending, that it reaches nobody and why",
            trigger: `.o_form_view.o_mass_mailing_mailing_form:has(.o_field_widget[name='subject'] input:value('${NOBODY}')) div[name='healthcare_reach'] .alert-warning:contains('Este envío no llegaría a nadie'):contains('ninguno de los 1 pacientes que cumplen su filtro acepta ahora correos comerciales')`,
        },
        {
            content: "Try to send it",
            trigger: ".o_form_view .o_form_statusbar button[name='action_launch']",
            run: "click",
        },
        {
            content: "Confirm sending",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Odoo refuses: the mailing would reach nobody",
            trigger: ".modal .modal-body:contains('Este envío no llegaría a nadie: ninguno de los 1 pacientes')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The mailing is still a draft",
            trigger: ".o_form_view:not(:has(.modal)) .o_statusbar_status .o_arrow_button_current:contains('Borrador')",
        },
    ],
});

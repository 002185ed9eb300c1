import { registry } from "@web/core/registry";
import { CalendarCommonRenderer } from "@web/views/calendar/calendar_common/calendar_common_renderer";
import { CalendarRenderer } from "@web/views/calendar/calendar_renderer";
import { calendarView } from "@web/views/calendar/calendar_view";

// Odoo's event shows the start time on one line and the title (the event's name) below it,
// which a 30-minute block cuts off: an appointment shows the patient and the type on the
// time's line instead (on a block shorter than an hour, on that line only), and a
// cancelled or moved one is struck through.
export class AppointmentCalendarCommonRenderer extends CalendarCommonRenderer {
    static eventTemplate = "healthcare_crm.AppointmentCalendarCommonRenderer.event";

    eventClassNames(info) {
        const classNames = super.eventClassNames(info);
        const record = this.props.model.records[info.event.id];
        if (record?.rawRecord.patient_id) {
            classNames.push("o_healthcare_appointment");
            if (record.duration < 1) {
                classNames.push("o_healthcare_appointment_short");
            }
            if (["cancelled", "rescheduled"].includes(record.rawRecord.attendance)) {
                classNames.push("o_event_striked");
            }
        }
        return classNames;
    }
}

export class AppointmentCalendarRenderer extends CalendarRenderer {
    static components = {
        ...CalendarRenderer.components,
        day: AppointmentCalendarCommonRenderer,
        week: AppointmentCalendarCommonRenderer,
        month: AppointmentCalendarCommonRenderer,
    };
}

export const appointmentCalendarView = {
    ...calendarView,
    Renderer: AppointmentCalendarRenderer,
};

registry.category("views").add("healthcare_appointment_calendar", appointmentCalendarView);

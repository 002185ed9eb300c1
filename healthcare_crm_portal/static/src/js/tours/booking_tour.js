import { registry } from "@web/core/registry";

// A new patient books on a phone (390x844), in Spanish: picks the appointment type, the first
// free time of the first day offered, fills in name, mobile and email, accepts the data
// processing clause and WhatsApp news, and sees the confirmation page.
// The launcher (tests/test_booking_tour.py) makes the type and its practitioner.
const TYPE = "Valoración tour";

registry.category("web_tour.tours").add("healthcare_crm_portal_booking_tour", {
    url: "/reservar",
    steps: () => [
        {
            content: "The booking page asks, in Spanish, what the patient needs",
            trigger: "h1:contains('Pedir cita')",
        },
        {
            content: `Choose ${TYPE}`,
            trigger: `.o_booking_types a:contains('${TYPE}')`,
            run: "click",
        },
        {
            content: "The days with free times are offered, the first one chosen",
            trigger: ".o_booking_days .o_booking_day.btn-primary",
        },
        {
            content: "Choose the first free time",
            trigger: ".o_booking_times .o_booking_time",
            run: "click",
        },
        {
            content: "Write the name",
            trigger: "#booking_name",
            run: "edit Lucía Benítez",
        },
        {
            content: "Write the mobile",
            trigger: "#booking_mobile",
            run: "edit 655 123 987",
        },
        {
            content: "Write the email",
            trigger: "#booking_email",
            run: "edit lucia.benitez@example.com",
        },
        {
            content: "Accept the data processing clause",
            trigger: "label[for='consent_data_processing']:contains('Acepto que')",
            run: "click",
        },
        {
            content: "Accept news by WhatsApp",
            trigger: "label[for='consent_whatsapp']:contains('WhatsApp')",
            run: "click",
        },
        {
            content: "Book",
            trigger: ".o_booking_submit:contains('Reservar la cita')",
            run: "click",
        },
        {
            content: "The confirmation page says the appointment is booked",
            trigger: ".o_booking_done h1:contains('Cita reservada')",
        },
        {
            content: "and that a confirmation with its link was sent",
            trigger: ".o_booking_done:contains('Te hemos enviado una confirmación')",
        },
    ],
});

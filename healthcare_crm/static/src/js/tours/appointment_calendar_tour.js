import { registry } from "@web/core/registry";

// Why the patient's name cannot be read on its block, or nothing.
function nameProblem(block) {
    const name = block.querySelector(".o_healthcare_patient");
    if (!name || !name.textContent.includes("Rocío Calendario")) {
        return `the block does not name the patient: ${block.innerText}`;
    }
    const time = block.querySelector(".fc-time")?.textContent.trim();
    if (!/^\d{1,2}:\d{2}( ?[AaPp]\.? ?[Mm]\.?)?$/.test(time || "")) {
        return `its start time should read hours and minutes: ${time}`;
    }
    const blockBox = block.getBoundingClientRect();
    const nameBox = name.getBoundingClientRect();
    const boxes = `name ${JSON.stringify(nameBox)}, block ${JSON.stringify(blockBox)}`;
    if (nameBox.height === 0 || nameBox.top < blockBox.top - 1 || nameBox.bottom > blockBox.bottom + 1) {
        return `the patient's name is cut off by the bottom of its block: ${boxes}`;
    }
    if (nameBox.left < blockBox.left - 1 || nameBox.left > blockBox.right - 20) {
        return `the patient's name starts outside its block: ${boxes}`;
    }
    return "";
}

// The patient's name must be read on a 30-minute block, not hidden below its edge, once
// the calendar has laid the block out (it may still be sizing it for a moment).
async function checkPatientNameInsideBlock() {
    const block = this.anchor.closest(".fc-event");
    let problem = nameProblem(block);
    for (let attempt = 0; problem && attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        problem = nameProblem(block.isConnected ? block : this.anchor.closest(".fc-event"));
    }
    if (problem) {
        throw new Error(problem);
    }
}

// The front desk reads who comes, for what and whether it is confirmed on the day and week calendars.
registry.category("web_tour.tours").add("healthcare_crm_appointment_calendar_tour", {
    steps: () => [
        {
            content: "The day view shows the confirmed 30-minute appointment in the confirmed colour",
            trigger: ".fc-timeGridDay-view .fc-event.o_calendar_color_10:contains('Rocío Calendario')",
        },
        {
            content: "Its block reads time, patient and appointment type on one line",
            trigger:
                ".fc-timeGridDay-view .fc-event:contains('Rocío Calendario') .o_event_title:contains('Tour Check-up')",
            run: checkPatientNameInsideBlock,
        },
        {
            content: "The cancelled appointment is struck through",
            trigger: ".fc-timeGridDay-view .fc-event.o_event_striked:contains('Tomás Anulado')",
        },
        {
            content: "Switch to the week",
            trigger: ".o_calendar_container .scale_button_selection",
            run: "click",
        },
        {
            content: "Week scale",
            trigger: ".o-dropdown--menu .o_scale_button_week",
            run: "click",
        },
        {
            content: "The week view names the patient on the same block",
            trigger: ".fc-timeGridWeek-view .fc-event:contains('Rocío Calendario') .o_healthcare_patient",
            run: checkPatientNameInsideBlock,
        },
    ],
});

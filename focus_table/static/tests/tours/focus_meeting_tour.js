import { registry } from "@web/core/registry";
import { closeAndApproveSteps } from "./focus_meeting_steps";

/**
 * The chair runs a meeting with buttons only: open it from the list, prepare the
 * agenda, start, accept the new situation, close and approve the minutes.
 */
registry.category("web_tour.tours").add("focus_meeting_chair_tour", {
    steps: () => [
        {
            content: "Open the planned meeting",
            trigger: ".o_list_renderer .o_data_row td[name='name']:contains('TRV')",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Planned')",
        },
        {
            content: "Prepare the agenda",
            trigger: ".o_statusbar_buttons button[name='action_prepare_agenda']",
            run: "click",
        },
        {
            content: "The new situation is on the agenda",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('New Situation')",
        },
        {
            content: "Start the meeting",
            trigger: ".o_statusbar_buttons button[name='action_start']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Progress')",
        },
        {
            content: "Accept the situation (Filter 2)",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('New Situation') button[name='action_accept_dialog']",
            run: "click",
        },
        {
            content: "Confirm in the dialog",
            trigger: ".modal-footer button[name='action_accept']",
            run: "click",
        },
        {
            content: "The decision is recorded",
            trigger: ".o_field_widget[name='item_ids'] .o_data_row:contains('Accepted (AER)')",
        },
        ...closeAndApproveSteps(),
    ],
});

import { registry } from "@web/core/registry";
import { closeAndApproveSteps } from "@focus_table/../tests/tours/focus_meeting_steps";

/**
 * The chair's whole meeting in the room: agenda, attendance and confidentiality,
 * the Filter 2 decisions (accept with agencies, reject, defer), an action, the
 * close, the approval of the minutes and their print.
 */
const agenda = ".o_field_widget[name='item_ids']";
const presenting = "div[name='presenting']";

function pickInDropdown(field, text) {
    return [
        {
            content: `Choose ${text}`,
            trigger: `.modal .o_field_widget[name='${field}'] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains('${text}')`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("focus_chair_meeting_tour", {
    steps: () => [
        {
            content: "Open the planned meeting",
            trigger: ".o_list_renderer .o_data_row td[name='name']:contains('TRV')",
            run: "click",
        },
        {
            content: "Prepare the agenda",
            trigger: ".o_statusbar_buttons button[name='action_prepare_agenda']",
            run: "click",
        },
        {
            trigger: `${agenda} .o_data_row:contains('New Situation')`,
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
            content: "Acknowledge the confidentiality statement",
            trigger: ".o_statusbar_buttons button[name='action_acknowledge_confidentiality']",
            run: "click",
        },
        {
            content: "The chair's acknowledgement is recorded",
            trigger: ".o_field_widget[name='attendance_ids'] .o_data_row:contains('t_chair') td[name='acknowledged'] input:checked",
        },
        {
            trigger: ".o_form_view:not(:has(.o_statusbar_buttons button[name='action_acknowledge_confidentiality']))",
        },
        {
            content: "The police representative is here",
            trigger: ".o_field_widget[name='attendance_ids'] .o_data_row:contains('t_police') td[name='status']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='attendance_ids'] .o_selected_row td[name='status'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Present')",
            run: "click",
        },
        {
            // Saved before the next row is edited: the next row's status is
            // then the only one being edited, however slow the list is to
            // move its selection.
            content: "Save the police representative's attendance",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='attendance_ids']:not(:has(.o_selected_row))",
        },
        {
            content: "The housing representative sent apologies",
            trigger: ".o_field_widget[name='attendance_ids'] .o_data_row:contains('t_housing') td[name='status']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='attendance_ids'] .o_selected_row td[name='status'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Excused')",
            run: "click",
        },
        {
            content: "Save the attendance",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        // The first new situation is presented: accept it with its agencies.
        {
            content: "The presentation shows the first new situation",
            trigger: `${presenting}:contains('Tour-Accept')`,
        },
        {
            trigger: `${presenting} button[name='action_accept_current']`,
            run: "click",
        },
        ...pickInDropdown("lead_agency_id", "Test Mental Health"),
        ...pickInDropdown("assisting_agency_ids", "Test Housing Corp"),
        {
            trigger: ".modal .o_field_widget[name='assisting_agency_ids'] .o_tag:contains('Test Housing Corp')",
        },
        {
            content: "Accept (AER)",
            trigger: ".modal-footer button[name='action_accept']",
            run: "click",
        },
        // Next one: not AER.
        {
            trigger: `${presenting}:contains('Tour-Reject')`,
        },
        {
            trigger: `${presenting} button[name='action_reject_current']`,
            run: "click",
        },
        {
            content: "Confirm the rejection",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        // Last one: deferred to the next meeting.
        {
            trigger: `${presenting}:contains('Tour-Defer')`,
        },
        {
            trigger: `${presenting} button[name='action_defer_current']`,
            run: "click",
        },
        {
            content: "Nothing waits for a decision any more",
            trigger: `${agenda} .o_data_row:contains('Deferred')`,
        },
        {
            trigger: `body:not(:has(${presenting}:visible))`,
        },
        // An action for the accepted situation, from its agenda item.
        {
            content: "Open the accepted item",
            trigger: `${agenda} .o_data_row:contains('Accepted (AER)') button[name='action_open']`,
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_ids'] .o_selected_row td[name='name'] input",
            run: "edit Connect with the outreach team",
        },
        {
            trigger: ".modal .o_field_widget[name='action_ids'] .o_selected_row td[name='agency_id'] input",
            run: "edit Test Mental Health",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a:contains('Test Mental Health')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='action_ids'] .o_selected_row td[name='date_deadline'] input",
            run: "edit 12/31/2030",
        },
        {
            content: "Save the item",
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        // End of the meeting.
        ...closeAndApproveSteps(),
        {
            content: "Print the minutes",
            trigger: ".o_statusbar_buttons button[name='action_print_minutes']",
            run: "click",
        },
        {
            content: "The approved meeting is locked",
            trigger: ".o_form_view .o_form_readonly, .o_form_view:not(:has(.o_field_x2many_list_row_add))",
        },
    ],
});

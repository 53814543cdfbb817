import { registry } from "@web/core/registry";

/**
 * A privacy officer answers "who has seen my file?": types the person's name
 * and birth date, finds their situations and prints their accountability
 * reports.
 */
registry.category("web_tour.tours").add("focus_access_request_tour", {
    steps: () => [
        {
            content: "Record a new request",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "The organisation's file reference, never the name",
            trigger: ".o_field_widget[name='reference'] input",
            run: "edit Privacy file TOUR-1",
        },
        {
            content: "The person's name",
            trigger: ".o_field_widget[name='person_name'] input",
            run: "edit Robin Testcase",
        },
        {
            content: "The person's birth date",
            trigger: ".o_field_widget[name='person_birth_date'] input",
            run: "edit 09/09/2009",
        },
        {
            content: "Find the situations",
            trigger: ".o_statusbar_buttons button[name='action_search']",
            run: "click",
        },
        {
            content: "The situations found are listed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('TRV-')",
        },
        {
            content: "Print their accountability reports",
            trigger: ".o_statusbar_buttons button[name='action_print_reports']",
            run: "click",
        },
        {
            content: "The request is kept, searched",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Searched')",
        },
    ],
});

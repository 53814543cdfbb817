import { registry } from "@web/core/registry";

/**
 * The owner of a follow-up action finds it among their activities and marks it
 * done with its result.
 */
registry.category("web_tour.tours").add("focus_action_owner_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open my activities",
            trigger: ".o-mail-ActivityMenu-counter",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityGroup:contains('Follow-up Action')",
            run: "click",
        },
        {
            content: "The action waits for me",
            trigger: ".o_list_view .o_data_row:contains('Owner tour home visit') td.o_data_cell:first",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Owner tour home visit'), .o_form_view .o_field_widget[name='name'] input",
        },
        {
            content: "Say what was done",
            trigger: ".o_field_widget[name='result'] textarea",
            run: "edit Visit done; the family accepted support.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Mark it done",
            trigger: ".o_statusbar_buttons button[name='action_done']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});

import { registry } from "@web/core/registry";

/**
 * The Focus Table administrator sets up a new table: its chair, member agencies
 * and weekly schedule; the meetings of the coming weeks are planned at once.
 */
registry.category("web_tour.tours").add("focus_table_setup_tour", {
    steps: () => [
        {
            content: "A new table",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Eastside Situation Table",
        },
        {
            trigger: ".o_field_widget[name='code'] input",
            run: "edit EST",
        },
        {
            content: "Its chair",
            trigger: ".o_field_widget[name='chair_ids'] input",
            run: "edit Setup Chair",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Setup Chair')",
            run: "click",
        },
        {
            content: "Its member agencies",
            trigger: ".o_field_widget[name='agency_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:contains('Setup Police') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:contains('Setup Housing') .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal-footer .o_select_button",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='agency_ids'] .o_data_row:contains('Setup Housing')",
        },
        {
            content: "Its schedule",
            trigger: ".o_notebook .nav-link:contains('Meeting Schedule')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='meeting_frequency'] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Weekly')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Plan the meetings now",
            trigger: "button[name='action_generate_meetings']",
            run: "click",
        },
        {
            trigger: "button[name='action_view_meetings'] .o_stat_value:not(:contains('0'))",
        },
    ],
});

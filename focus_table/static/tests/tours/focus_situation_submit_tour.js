import { registry } from "@web/core/registry";

/**
 * An agency representative presents a new situation to the table: Filter 1.
 */
registry.category("web_tour.tours").add("focus_situation_submit_tour", {
    steps: () => [
        {
            content: "Present a new situation",
            trigger: ".o_control_panel_main_buttons button.o-kanban-button-new",
            run: "click",
        },
        {
            content: "Choose the table",
            trigger: ".o_field_widget[name='table_id'] input",
            run: "edit Submit Tour Table",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Submit Tour Table')",
            run: "click",
        },
        {
            content: "Who the situation concerns",
            trigger: ".o_field_widget[name='subject_type'] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains('Individual')",
            run: "click",
        },
        {
            content: "The de-identified summary",
            trigger: ".o_field_widget[name='summary'] textarea",
            run: "edit Adult in crisis after an eviction notice; threats of self-harm.",
        },
        {
            content: "Add the risk factors",
            trigger: ".o_field_widget[name='risk_factor_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row:first .o_list_record_selector input",
            run: "click",
        },
        {
            trigger: ".modal-footer .o_select_button",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='risk_factor_ids'] .o_data_row",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit it to the table (Filter 2)",
            trigger: ".o_statusbar_buttons button[name='action_submit']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});

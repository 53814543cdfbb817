import { registry } from "@web/core/registry";

/**
 * The chair takes a submitted situation through Filters 2 to 4 with the form's
 * step buttons: accept with a lead agency, record the intervention, close with a
 * conclusion. Each step asks for what it decides in a dialog.
 */
registry.category("web_tour.tours").add("focus_situation_chair_tour", {
    steps: () => [
        {
            content: "The situation waits for the table's decision",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
        {
            content: "Accept it as acutely elevated risk",
            trigger: ".o_statusbar_buttons button[name='action_open_accept_wizard']",
            run: "click",
        },
        {
            content: "Name the lead agency (Filter 3)",
            trigger: ".modal .o_field_widget[name='lead_agency_id'] input",
            run: "edit Tour Mental Health",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Mental Health')",
            run: "click",
        },
        {
            content: "Confirm the decision",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Record the intervention",
            trigger: ".o_statusbar_buttons button[name='action_open_intervention_wizard']",
            run: "click",
        },
        {
            content: "Confirm its date",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Intervention')",
        },
        {
            content: "Close the situation",
            trigger: ".o_statusbar_buttons button[name='action_open_close_wizard']",
            run: "click",
        },
        {
            content: "Choose the conclusion",
            trigger: ".modal .o_field_widget[name='conclusion_id'] input",
            run: "edit connected",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('connected')",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});

import { registry } from "@web/core/registry";

/**
 * The chair takes a submitted situation through Filters 2 to 4 with the form's
 * buttons: accept, name the lead agency, record the intervention, close.
 */
registry.category("web_tour.tours").add("focus_situation_chair_tour", {
    steps: () => [
        {
            content: "The situation waits for the table's decision",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
        {
            content: "Accept it as acutely elevated risk",
            trigger: ".o_statusbar_buttons button[name='action_accept']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Open Filter 3",
            trigger: ".o_notebook .nav-link:contains('Filter 3')",
            run: "click",
        },
        {
            content: "Name the lead agency",
            trigger: ".o_field_widget[name='lead_agency_id'] input",
            run: "edit Tour Mental Health",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Mental Health')",
            run: "click",
        },
        {
            content: "Record the intervention",
            trigger: ".o_statusbar_buttons button[name='action_start_intervention']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Intervention')",
        },
        {
            content: "Open the conclusion",
            trigger: ".o_notebook .nav-link:contains('Conclusion')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='conclusion_id'] input",
            run: "edit connected",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('connected')",
            run: "click",
        },
        {
            content: "Close the situation",
            trigger: ".o_statusbar_buttons button[name='action_close']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});

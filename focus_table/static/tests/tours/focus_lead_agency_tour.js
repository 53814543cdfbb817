import { registry } from "@web/core/registry";

/**
 * The lead agency reveals the identifying details of an accepted situation,
 * stating why, then records its first intervention (Filter 4).
 */
registry.category("web_tour.tours").add("focus_lead_agency_tour", {
    steps: () => [
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Accepted')",
        },
        {
            content: "Ask for the identifying details",
            trigger: "button[name='action_view_identities']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='reason'] input[data-value='safety']",
            run: "click",
        },
        {
            trigger: ".modal-footer button[name='action_reveal']",
            run: "click",
        },
        {
            content: "The details are shown",
            trigger: ".o_list_view .o_data_row:contains('Tour Person')",
        },
        {
            content: "Back to the situation",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "Record the intervention",
            trigger: ".o_statusbar_buttons button[name='action_open_intervention_wizard']",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Intervention')",
        },
    ],
});

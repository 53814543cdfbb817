import { registry } from "@web/core/registry";

function openReportingMenu(item) {
    return [
        {
            content: "Open the Reporting menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains('Reporting')",
            run: "click",
        },
        {
            content: `Choose ${item}`,
            trigger: `.o-dropdown--menu .dropdown-item:contains('${item}')`,
            run: "click",
        },
    ];
}

/**
 * The archivist looks at the situation statistics (pivot, then graph), prints
 * the periodic summary, runs the provincial export and opens the dashboard.
 */
registry.category("web_tour.tours").add("focus_archivist_tour", {
    steps: () => [
        {
            content: "The statistics open as a pivot table",
            trigger: ".o_pivot_view .o_pivot table .o_pivot_header_cell_closed",
        },
        {
            content: "Switch to the graph",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer canvas",
        },
        ...openReportingMenu("Periodic Summary"),
        {
            content: "The tables kept by the archivist are chosen",
            trigger: ".modal .o_field_widget[name='table_ids'] .o_tag",
        },
        {
            content: "Print the summary",
            trigger: ".modal-footer button[name='action_print']",
            run: "click",
        },
        {
            content: "The dialog closes once the PDF is downloaded",
            trigger: "body:not(:has(.modal))",
            // wkhtmltopdf renders the summary, charts included, on a shared machine.
            timeout: 60000,
        },
        ...openReportingMenu("Provincial Export"),
        {
            content: "Export the period's records",
            trigger: ".modal-footer button[name='action_export']",
            run: "click",
        },
        {
            content: "The file is ready",
            trigger: ".modal .o_field_widget[name='data'] a, .modal .o_field_widget[name='data'] button",
        },
        {
            trigger: ".modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ...openReportingMenu("Dashboard"),
        {
            content: "The dashboard shows the headline rates of Riverside",
            trigger: ".o_kanban_record:contains('Riverside Situation Table') .fs-3",
        },
        {
            content: "Open the outcomes behind them",
            trigger:
                ".o_kanban_record:contains('Riverside Situation Table') button[name='action_dashboard_outcomes']",
            run: "click",
        },
        {
            content: "The outcome statistics open as a pivot table",
            trigger: ".o_pivot_view .o_pivot table",
        },
    ],
});

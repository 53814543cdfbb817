{
    "name": "Focus Table Reports",
    "summary": "Printable agendas, minutes and case reports, and de-identified "
    "statistics for focus tables",
    "version": "19.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/focus-table/focus-table",
    "author": "Focus Table contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": ["focus_table"],
    "data": [
        "security/ir.model.access.csv",
        "security/focus_table_reports_rules.xml",
        "report/focus_report_layout.xml",
        "report/focus_situation_reports.xml",
        "report/focus_summary_reports.xml",
        "report/focus_meeting_reports.xml",
        "views/focus_situation_report_views.xml",
        "views/focus_risk_fact_views.xml",
        "views/focus_situation_risk_report_views.xml",
        "views/focus_action_report_views.xml",
        "views/focus_meeting_attendance_report_views.xml",
        "views/focus_table_views.xml",
        "views/focus_meeting_views.xml",
        "wizards/focus_summary_wizard_views.xml",
        "wizards/focus_provincial_export_views.xml",
        "views/focus_reporting_menus.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.report_assets_common": [
            "focus_table_reports/static/src/scss/focus_report.scss",
        ],
        "web.assets_tests": [
            "focus_table_reports/static/tests/tours/**/*",
        ],
    },
}

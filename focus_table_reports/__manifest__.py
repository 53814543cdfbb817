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
    "data": [],
}

import base64
import csv
import io

from odoo import fields, models

from odoo.addons.focus_table.tools.actions import dialog_action

from ..models.focus_statistics import ACCEPTED_STATES

# Columns of the record export, in order. Documented in readme/EXPORT.md: keep both
# in step, outside databases rely on them.
RECORD_COLUMNS = [
    "situation_ref",
    "table_code",
    "table_name",
    "date_received",
    "date_presented",
    "decision",
    "status",
    "originating_sector",
    "lead_sector",
    "assisting_sectors",
    "agency_count",
    "subject_type",
    "age_band",
    "gender",
    "risk_categories",
    "risk_factors",
    "protective_factors",
    "repeat_presentation",
    "date_decision",
    "date_intervention",
    "hours_to_intervention",
    "response_target_hours",
    "within_target",
    "date_closed",
    "conclusion",
    "conclusion_outcome",
]
# Added after the record columns when one of the tables exported opts in
# (focus.table.export_area_services).
AREA_SERVICE_COLUMNS = ["area", "services_mobilized"]
COUNT_COLUMNS = [
    "table_code",
    "month",
    "presented",
    "accepted",
    "rejected",
    "pending",
    "concluded",
    "risk_lowered",
    "interventions",
    "within_target",
    "repeat_presentations",
    "risk_not_lowered",
    "lowered_followed_up",
    "lasting_reduction",
]
SEPARATOR = ";"


class FocusProvincialExport(models.TransientModel):
    """De-identified records of a period, in the shape of a provincial tracking
    database: one row per situation presented, coded with reference-data codes.

    No identity record is read. The aggregated variant applies the small-count
    rule (1 to 4 written as "<5").
    """

    _name = "focus.provincial.export"
    _inherit = "focus.period.mixin"
    _description = "Provincial Export"

    export_type = fields.Selection(
        [
            ("records", "One row per situation"),
            ("counts", "Monthly counts per table (counts under 5 suppressed)"),
        ],
        string="Content",
        required=True,
        default="records",
    )
    state = fields.Selection(
        [("choose", "Choose"), ("done", "Done")], default="choose", required=True
    )
    data = fields.Binary(string="File", attachment=True, readonly=True)
    filename = fields.Char(readonly=True)
    row_count = fields.Integer(string="Rows", readonly=True)

    def action_export(self):
        self.ensure_one()
        stats = self.env["focus.statistics"]
        situations = stats._presented_situations(
            self.date_from, self.date_to, self.table_ids
        )
        if self.export_type == "records":
            header, rows = self._record_columns(), self._record_rows(situations)
        else:
            header, rows = COUNT_COLUMNS, self._count_rows(situations)
        self.env["focus.export.log"]._log(
            "export",
            situations,
            header,
            report_name=self.env._("Provincial Export"),
        )
        self.write(
            {
                "data": base64.b64encode(self._to_csv(header, rows)),
                "filename": self._filename(),
                "row_count": len(rows),
                "state": "done",
            }
        )
        return dialog_action(
            self._name, name=self.env._("Provincial Export"), res_id=self.id
        )

    def _filename(self):
        codes = "-".join(self.table_ids.sorted("code").mapped("code"))
        kind = "situations" if self.export_type == "records" else "counts"
        return f"focus_{kind}_{codes}_{self.date_from}_{self.date_to}.csv"

    def _to_csv(self, header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header])
        return buffer.getvalue().encode("utf-8")

    def _record_columns(self):
        columns = list(RECORD_COLUMNS)
        if any(self.table_ids.mapped("export_area_services")):
            columns += AREA_SERVICE_COLUMNS
        return columns

    def _record_rows(self, situations):
        rows = []
        with_extra = AREA_SERVICE_COLUMNS[0] in self._record_columns()
        services = {}
        if with_extra:
            actions = self.env["focus.statistics"]._mobilizing_actions(situations)
            for action in actions:
                services.setdefault(action.situation_id.id, set()).add(
                    action.service_id.id
                )
        for situation in situations:
            row = self._record_row(situation)
            if with_extra:
                row.update(self._area_service_values(situation, services))
            rows.append(row)
        return rows

    def _area_service_values(self, situation, services):
        """Area code and count of distinct services mobilized, for the tables that
        opt in; empty for the others."""
        if not situation.table_id.export_area_services:
            return dict.fromkeys(AREA_SERVICE_COLUMNS, "")
        area = situation.area_id
        return {
            "area": area.code or area.name or "",
            "services_mobilized": len(services.get(situation.id, ())),
        }

    def _record_row(self, situation):
        accepted = situation.state in ACCEPTED_STATES
        risk = situation.risk_factor_ids.filtered(
            lambda f: not f.is_protective and not f.category_id.is_protective
        )
        protective = situation.risk_factor_ids - risk
        assisting = situation.assisting_agency_ids - situation.lead_agency_id
        if accepted:
            decision = "accepted"
        elif situation.state == "rejected":
            decision = "rejected"
        else:
            decision = "pending"
        intervened = accepted and situation.date_intervention
        return {
            "situation_ref": situation.name,
            "table_code": situation.table_id.code,
            "table_name": situation.table_id.name,
            "date_received": _iso(situation.date_received),
            "date_presented": _iso(situation.date_presented),
            "decision": decision,
            "status": situation.state,
            "originating_sector": situation.originating_sector_id.code or "",
            "lead_sector": situation.lead_agency_id.sector_id.code or "",
            "assisting_sectors": _codes(assisting.sector_id),
            "agency_count": (
                len(situation.lead_agency_id) + len(assisting) if accepted else ""
            ),
            "subject_type": situation.subject_type or "",
            "age_band": situation.age_band_id.code or "",
            "gender": situation.gender or "",
            "risk_categories": _codes(risk.category_id),
            "risk_factors": _codes(risk),
            "protective_factors": _codes(protective),
            "repeat_presentation": "Y" if situation.is_repeat else "N",
            "date_decision": _iso(situation.date_decision),
            "date_intervention": _iso(situation.date_intervention) if accepted else "",
            "hours_to_intervention": (
                f"{situation.intervention_hours:.2f}" if intervened else ""
            ),
            "response_target_hours": situation.table_id.response_target_hours,
            "within_target": (
                ("Y" if situation.within_target else "N") if intervened else ""
            ),
            "date_closed": _iso(situation.date_closed),
            "conclusion": situation.conclusion_id.code or "",
            "conclusion_outcome": situation.conclusion_id.outcome or "",
        }

    def _count_rows(self, situations):
        stats = self.env["focus.statistics"]
        rows = []
        months = stats._month_starts(self.date_from, self.date_to)
        for table in self.table_ids.sorted("code"):
            of_table = situations.filtered(lambda s, t=table: s.table_id == t)
            for start in months:
                of_month = of_table.filtered(
                    lambda s, m=start: (
                        (s.date_presented.year, s.date_presented.month)
                        == (m.year, m.month)
                    )
                )
                accepted = of_month.filtered(lambda s: s.state in ACCEPTED_STATES)
                rejected = of_month.filtered(lambda s: s.state == "rejected")
                concluded = of_month.filtered(
                    lambda s: s.state == "closed" and s.conclusion_id
                )
                intervened = accepted.filtered("date_intervention")
                counts = {
                    "presented": len(of_month),
                    "accepted": len(accepted),
                    "rejected": len(rejected),
                    "pending": len(of_month) - len(accepted) - len(rejected),
                    "concluded": len(concluded),
                    "risk_lowered": len(
                        concluded.filtered(
                            lambda s: s.conclusion_id.outcome == "risk_lowered"
                        )
                    ),
                    "interventions": len(intervened),
                    "within_target": len(intervened.filtered("within_target")),
                    "repeat_presentations": len(of_month.filtered("is_repeat")),
                    "risk_not_lowered": len(
                        concluded.filtered(
                            lambda s: s.conclusion_id.outcome == "still_aer"
                        )
                    ),
                }
                followed_up, lasting = stats._lasting(
                    concluded.filtered(
                        lambda s: s.conclusion_id.outcome == "risk_lowered"
                    )
                )
                counts["lowered_followed_up"] = len(followed_up)
                counts["lasting_reduction"] = len(lasting)
                row = {"table_code": table.code, "month": start.strftime("%Y-%m")}
                row.update({k: stats.format_count(v) for k, v in counts.items()})
                rows.append(row)
        return rows


def _iso(value):
    if not value:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _codes(records):
    return SEPARATOR.join(records.sorted(lambda r: r.code or "").mapped("code"))

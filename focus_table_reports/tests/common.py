import shutil
import subprocess
from datetime import datetime, timedelta

import lxml.html

import odoo
from odoo import Command

from odoo.addons.focus_table.tests.common import FocusTableCase


class FocusReportCase(FocusTableCase):
    """A controlled quarter (Q1 2025) of the test Riverside table, with numbers
    worked out by hand in the tests, and helpers to print real PDFs.

    Presented in Q1 2025 at Riverside (20 situations):

    - 12 accepted with a first intervention after HOURS[i] hours;
      categories A+B (i 0-7), A+C (i 8-10), B (i 11); originating police
      (i 0-5), health (i 6-9), housing (i 10-11); lead health (i 0-6),
      housing (i 7-11); police assisting (i 0-3); female (even i), male (odd
      i); 12-17 (i 0-4), 18-24 (i 5-11); closed: risk lowered, connected
      (i 0-4), risk lowered, informed (i 5), still AER, refused (i 6-7),
      withdrawn (i 8); i 9-11 still in intervention;
    - 1 accepted, no intervention yet (past its target): B, police, lead
      health, female, 12-17, a repeat presentation;
    - 6 rejected: school, male, 18-24;
    - 1 presented and deferred (still submitted): A, police, gender not
      known, no age band.

    Left out: a Riverside situation presented on 31 Dec 2024, one on 1 Apr
    2025, a Northgate one in the quarter and a Riverside draft.
    """

    HOURS = [4, 10, 20, 24, 30, 36, 40, 47, 50, 60, 72, 100]
    DATE_FROM = "2025-01-01"
    DATE_TO = "2025-03-31"
    IDENTITY_NAME = "Zelda Quintrell-Hawke"
    IDENTITY_ADDRESS = "17 Larkspur Crescent"
    IDENTITY_BIRTH = "2011-04-05"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Factor = cls.env["focus.risk.factor"]
        Category = cls.env["focus.risk.category"]
        risk = Category.search([("is_protective", "=", False)], order="sequence, id")
        cls.cat_a, cls.cat_b, cls.cat_c = risk[0], risk[1], risk[2]

        def factor(category):
            return Factor.search(
                [("category_id", "=", category.id), ("is_protective", "=", False)],
                limit=1,
            )

        cls.factor_a = factor(cls.cat_a)
        cls.factor_b = factor(cls.cat_b)
        cls.factor_c = factor(cls.cat_c)
        cls.factor_protective = Factor.search(
            [
                "|",
                ("is_protective", "=", True),
                ("category_id.is_protective", "=", True),
            ],
            limit=1,
        )
        cls.band_youth = cls.env.ref("focus_table.focus_age_band_12_17")
        cls.band_young_adult = cls.env.ref("focus_table.focus_age_band_18_24")

        def conclusion(code):
            return cls.env["focus.conclusion"].search([("code", "=", code)])

        cls.concl_connected = conclusion("risk_lowered_connected")
        cls.concl_informed = conclusion("risk_lowered_informed")
        cls.concl_refused = conclusion("still_aer_refused")
        cls.concl_withdrawn = conclusion("withdrawn")
        cls._build_quarter()

    # ------------------------------------------------------------------
    # Data set
    # ------------------------------------------------------------------
    @classmethod
    def _decided(cls, decision, accept=True, **vals):
        """A situation decided at ``decision`` (a naive UTC datetime)."""
        vals.setdefault("date_received", (decision - timedelta(days=2)).date())
        situation = cls.env["focus.situation"].create(cls._situation_vals(**vals))
        situation.action_submit()
        situation.date_decision = decision
        if accept:
            situation.action_accept()
        else:
            situation.action_reject()
        return situation

    @classmethod
    def _intervene(cls, situation, hours, conclusion=None):
        situation.date_intervention = situation.date_decision + timedelta(hours=hours)
        situation.action_start_intervention()
        if conclusion:
            situation.conclusion_id = conclusion
            situation.action_close()

    @classmethod
    def _build_quarter(cls):
        factors = {
            "AB": cls.factor_a | cls.factor_b,
            "AC": cls.factor_a | cls.factor_c,
            "A": cls.factor_a,
            "B": cls.factor_b,
        }
        conclusions = (
            [cls.concl_connected] * 5
            + [cls.concl_informed]
            + [cls.concl_refused] * 2
            + [cls.concl_withdrawn]
            + [None] * 3
        )
        start = datetime(2025, 1, 6, 10, 0)
        cls.intervened = cls.env["focus.situation"]
        for i, hours in enumerate(cls.HOURS):
            combo = "AB" if i <= 7 else "AC" if i <= 10 else "B"
            origin = cls.police if i <= 5 else cls.health if i <= 9 else cls.housing
            situation = cls._decided(
                start + timedelta(days=5 * i),
                originating_agency_id=origin.id,
                risk_factor_ids=[Command.set(factors[combo].ids)],
                gender="female" if i % 2 == 0 else "male",
                age_band_id=(cls.band_youth if i <= 4 else cls.band_young_adult).id,
            )
            situation.write(
                {
                    "lead_agency_id": (cls.health if i <= 6 else cls.housing).id,
                    "assisting_agency_ids": [
                        Command.set(cls.police.ids if i <= 3 else [])
                    ],
                }
            )
            if i in (0, 1):
                # A protective factor never counts as a risk category.
                situation.risk_factor_ids = [Command.link(cls.factor_protective.id)]
            cls._intervene(situation, hours, conclusions[i])
            cls.intervened |= situation
        cls.overdue = cls._decided(
            datetime(2025, 3, 20, 9, 0),
            risk_factor_ids=[Command.set(factors["B"].ids)],
            gender="female",
            age_band_id=cls.band_youth.id,
        )
        cls.overdue.lead_agency_id = cls.health
        cls.rejected = cls.env["focus.situation"]
        for i in range(6):
            cls.rejected |= cls._decided(
                datetime(2025, 2, 3 + i, 11, 0),
                accept=False,
                originating_agency_id=cls.school.id,
                gender="male",
                age_band_id=cls.band_young_adult.id,
            )
        cls.deferred = cls.env["focus.situation"].create(
            cls._situation_vals(
                date_received="2025-02-07",
                risk_factor_ids=[Command.set(factors["A"].ids)],
                gender="unknown",
                age_band_id=False,
            )
        )
        cls.deferred.action_submit()
        cls.deferred.date_presented = "2025-02-10"
        # A repeat presentation, as the repeat hash would have linked it.
        cls.overdue.repeat_of_ids = [Command.set(cls.intervened[0].ids)]

        # Outside the period, the table or the presented situations.
        cls.before = cls._decided(
            datetime(2024, 12, 31, 10, 0), lead_agency_id=cls.health.id
        )
        cls._intervene(cls.before, 5)
        cls.after = cls._decided(datetime(2025, 4, 1, 10, 0))
        cls.north_situation = cls._decided(
            datetime(2025, 2, 1, 10, 0),
            table_id=cls.table_north.id,
            originating_agency_id=cls.other_police.id,
        )
        cls.draft = cls.env["focus.situation"].create(
            cls._situation_vals(
                date_received="2025-01-20",
                date_presented="2025-02-01",
            )
        )

        # Identifying details, which must never be printed or exported.
        cls.identity = cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.intervened[0].id,
                "name": cls.IDENTITY_NAME,
                "birth_date": cls.IDENTITY_BIRTH,
                "address": cls.IDENTITY_ADDRESS,
                "contact": "555-0199",
            }
        )
        cls.quarter = cls.intervened | cls.overdue | cls.rejected | cls.deferred

    # ------------------------------------------------------------------
    # PDF helpers
    # ------------------------------------------------------------------
    @classmethod
    def _report_url(cls):
        """This test server, for wkhtmltopdf to fetch the style sheets from; an
        address that refuses at once when no server runs (the PDF is then printed
        without them)."""
        server = odoo.service.server.server
        httpd = getattr(server, "httpd", None)
        if httpd:
            return f"http://127.0.0.1:{httpd.server_port}"
        return "http://127.0.0.1:9"

    def render_pdf(self, report_xmlid, records, user, data=None):
        """Print ``records`` as ``user`` through wkhtmltopdf, as the Print menu does."""
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", self._report_url()
        )
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with self.allow_pdf_render():
            content, kind = Report._render_qweb_pdf(
                report_xmlid, records.ids, data=data
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "not a PDF document")
        return content

    def pdf_text(self, content):
        """The words of a PDF in reading order, one space between them.

        Where a line breaks depends on the fonts installed, so line breaks and runs
        of spaces are folded: a phrase wrapped inside one cell still reads whole.
        Which column comes first is pdftotext's choice, so a label is paired with
        its value on the report's HTML instead (:meth:`report_rows`).
        """
        return " ".join(self.pdf_pages(content))

    def pdf_pages(self, content):
        """The words of each page of a PDF, folded as in :meth:`pdf_text`."""
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        # pdftotext separates pages with a form feed.
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=content,
            capture_output=True,
            check=True,
        )
        pages = result.stdout.decode("utf-8").split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        return [" ".join(page.split()) for page in pages]

    def summary_wizard(self, user, tables=None, **vals):
        """The periodic summary of the test quarter, as ``user`` asks for it."""
        return self.period_wizard("focus.summary.wizard", user, tables, **vals)

    def period_wizard(self, model, user, tables=None, **vals):
        """The wizard ``model`` on the test quarter of ``tables``, as ``user``."""
        return (
            self.env[model]
            .with_user(user)
            .create(
                {
                    "period": "custom",
                    "date_from": self.DATE_FROM,
                    "date_to": self.DATE_TO,
                    "table_ids": [(6, 0, (tables or self.table).ids)],
                    **vals,
                }
            )
        )

    def report_rows(self, report_xmlid, records, user, data=None):
        """The label and value pairs of a report, read from its HTML as ``user``.

        Each innermost table row of label and value cells (two, or several pairs
        side by side) gives ``{label: [values]}``, text folded as in
        :meth:`pdf_text`; the same QWeb prints the PDF.
        """
        Report = self.env["ir.actions.report"].with_user(user)
        html, _kind = Report._render_qweb_html(report_xmlid, records.ids, data=data)
        rows = {}
        for row in lxml.html.fromstring(html).iter("tr"):
            cells = [cell for cell in row if cell.tag in ("th", "td")]
            if len(cells) % 2 or row.find(".//table") is not None:
                continue
            texts = [" ".join(cell.text_content().split()) for cell in cells]
            for label, value in zip(texts[::2], texts[1::2], strict=True):
                rows.setdefault(label, []).append(value)
        return rows

    def assertFigure(self, rows, label, value):
        """The report prints ``value`` on the row of ``label``."""
        self.assertIn(label, rows, f"no row {label!r} in the report")
        self.assertIn(value, rows[label], f"row {label!r}")

    def assertNoIdentity(self, text):
        for value in (
            self.IDENTITY_NAME,
            "Quintrell",
            "Zelda",
            self.IDENTITY_ADDRESS,
            "Larkspur",
            self.IDENTITY_BIRTH,
            "04/05/2011",
            "555-0199",
        ):
            self.assertNotIn(value, text)

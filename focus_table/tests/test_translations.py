"""The French translation ships complete and is what a French-speaking user sees."""

import re
from pathlib import Path

import polib

from odoo.exceptions import UserError, ValidationError
from odoo.modules import get_module_path
from odoo.tests import TransactionCase

from .common import FocusTableCase

MODULES = ("focus_table", "focus_table_reports")
# Python %-style and format-style placeholders: they must survive translation.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")
# Tags and entities of view, report and HTML terms.
MARKUP = re.compile(r"</?[A-Za-z][\w:.-]*|/>|&#?\w+;")


def load_french_terms(env):
    """Activate French and load the French terms of both addons."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(list(MODULES), ["fr_FR"], overwrite=True)


def translation_problems(module):
    """What is wrong with the French file of ``module``, one line per entry."""
    i18n = Path(get_module_path(module)) / "i18n"
    french_file = i18n / "fr.po"
    if not french_file.is_file():
        return [f"{module}: no i18n/fr.po"]
    return compare(
        module,
        polib.pofile(str(i18n / f"{module}.pot")),
        polib.pofile(str(french_file)),
    )


def compare(module, template, french):
    """The entries of ``template`` that ``french`` does not translate properly."""
    if french.metadata.get("Language") != "fr":
        return [f"{module}: the French file does not declare 'Language: fr'"]
    translated = {
        (entry.msgctxt, entry.msgid): entry for entry in french if not entry.obsolete
    }
    problems = []
    for entry in template:
        if entry.obsolete:
            continue
        found = translated.get((entry.msgctxt, entry.msgid))
        if found is None or not found.msgstr.strip():
            problems.append(f"{module}: untranslated {entry.msgid!r}")
            continue
        if "fuzzy" in found.flags:
            problems.append(f"{module}: fuzzy {entry.msgid!r}")
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(found.msgstr)
        ):
            problems.append(
                f"{module}: placeholders differ in {entry.msgid!r} -> {found.msgstr!r}"
            )
        if MARKUP.findall(entry.msgid) != MARKUP.findall(found.msgstr):
            problems.append(
                f"{module}: markup differs in {entry.msgid!r} -> {found.msgstr!r}"
            )
    return problems


class TestFrenchFiles(TransactionCase):
    """Every term of each addon's template has a French translation."""

    def test_french_translation_is_complete(self):
        for module in MODULES:
            with self.subTest(module=module):
                problems = translation_problems(module)
                self.assertFalse(problems, "\n".join(problems[:50]))

    def test_checker_catches_gaps(self):
        """The check above is not vacuous: it reports a missing, an empty, a
        fuzzy entry, a lost placeholder and broken markup."""
        template, french = polib.POFile(), polib.POFile()
        french.metadata = {"Language": "fr"}
        good = {
            "Meetings": "Réunions",
            "%(ref)s was already decided at this meeting.": (
                "Une décision a déjà été prise sur %(ref)s à cette réunion."
            ),
            "<strong>Place:</strong>": "<strong>Lieu :</strong>",
        }
        bad = {
            "Missing": None,
            "Empty": "",
            "Fuzzy": "Approximatif",
            "Close %s": "Clore",
            "%(agency)s does not sit at %(table)s.": "%(agency)s ne siège pas.",
            "Accept {name}": "Accepter {nom}",
            "<br/>Lead agency:": "Organisme responsable :",
            "<i>a</i> &lt;5": "<i>a</i> <5",
        }
        for msgid, msgstr in {**good, **bad}.items():
            template.append(polib.POEntry(msgid=msgid, msgstr=""))
            if msgstr is not None:
                french.append(
                    polib.POEntry(
                        msgid=msgid,
                        msgstr=msgstr,
                        flags=["fuzzy"] if msgid == "Fuzzy" else [],
                    )
                )
        problems = compare("test", template, french)
        self.assertEqual(len(problems), len(bad), "\n".join(problems))
        for msgid in bad:
            self.assertTrue(any(repr(msgid) in problem for problem in problems), msgid)
        self.assertFalse(
            [p for p in problems for msgid in good if repr(msgid) in p], problems
        )
        french.metadata = {"Language": "fr_CA"}
        self.assertEqual(len(compare("test", template, french)), 1)


class TestFrenchUser(FocusTableCase):
    """With French loaded, a French-speaking user reads French."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french_terms(cls.env)
        (cls.user_chair | cls.user_manager | cls.user_police).lang = "fr_FR"

    def as_french(self, records, user):
        """``records`` as ``user`` sees them in a session: in the user's language."""
        self.assertTrue(user.lang.startswith("fr_"))
        return records.with_user(user).with_context(lang=user.lang)

    def test_menu_in_french(self):
        menu = self.env.ref("focus_table.focus_meeting_menu_root")
        self.assertEqual(menu.with_context(lang="fr_FR").name, "Réunions")
        self.assertEqual(menu.with_context(lang="en_US").name, "Meetings")
        overdue = self.env.ref("focus_table.focus_situation_overdue_menu")
        self.assertEqual(
            self.as_french(overdue, self.user_chair).name, "Interventions en retard"
        )

    def test_selection_labels_in_french(self):
        situation = self.as_french(self._accepted_situation(), self.user_chair)
        labels = dict(situation._fields["state"]._description_selection(situation.env))
        self.assertEqual(labels["accepted"], "Acceptée")
        self.assertEqual(labels["draft"], "Brouillon")
        table_fields = self.as_french(
            self.env["focus.table"], self.user_chair
        ).fields_get(["meeting_frequency"], ["selection"])
        self.assertIn(
            ("biweekly", "Toutes les deux semaines"),
            table_fields["meeting_frequency"]["selection"],
        )

    def test_error_messages_in_french(self):
        table = self.as_french(self.table, self.user_manager)
        with self.assertRaisesRegex(
            ValidationError, "La période de conservation ne peut pas être négative"
        ):
            table.retention_days = -1
        # A message composed of translated parts: the step's and the missing
        # field's words are French too.
        draft = self.as_french(
            self._new_situation(risk_factor_ids=[]), self.user_police
        )
        with self.assertRaisesRegex(
            UserError, r"ne peut pas être soumise sans : facteurs de risque\."
        ):
            draft.action_submit()

    def test_canadian_french_falls_back_to_french(self):
        self.env["res.lang"]._activate_lang("fr_CA")
        self.env["ir.module.module"]._load_module_terms(
            list(MODULES), ["fr_CA"], overwrite=True
        )
        menu = self.env.ref("focus_table.focus_situation_overdue_menu")
        self.assertEqual(
            menu.with_context(lang="fr_CA").name, "Interventions en retard"
        )
        self.user_manager.lang = "fr_CA"
        table = self.table.with_user(self.user_manager).with_context(lang="fr_CA")
        with self.assertRaisesRegex(
            ValidationError, "La période de conservation ne peut pas être négative"
        ):
            table.retention_days = -1

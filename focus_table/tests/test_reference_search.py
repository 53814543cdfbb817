from .common import FocusTableCase


class TestReferenceSearch(FocusTableCase):
    """A reference is found by any fragment of it, through a trigram index
    where PostgreSQL has pg_trgm."""

    def test_a_fragment_finds_the_reference(self):
        situation = self.env["focus.situation"].create(self._situation_vals())
        fragment = situation.name[1:-1]
        found = self.env["focus.situation"].search([("name", "ilike", fragment)])
        self.assertIn(situation, found)
        self.assertFalse(
            self.env["focus.situation"].search(
                [("id", "=", situation.id), ("name", "ilike", situation.name + "X")]
            )
        )

    def test_the_reference_index_is_a_trigram_index_where_pg_trgm_is(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["focus_situation__name_index"],
        )
        definitions = [row[0] for row in self.env.cr.fetchall()]
        if self.registry.has_trigram:
            self.assertEqual(len(definitions), 1)
            self.assertIn("gin_trgm_ops", definitions[0])
        else:
            # Without pg_trgm the index is left out; exact look-ups keep the
            # unique constraint's index.
            self.assertEqual(definitions, [])

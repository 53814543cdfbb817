"""Indexes and foreign keys around the bulk load: plain indexes dropped and
made again, every foreign key checked once, by one anti-join."""

from .plan import BULK_TABLES


class IndexesLoader:
    def _drop_indexes(self):
        """Drop the plain indexes of the bulk tables (same transaction)."""
        self.cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid::regclass::text = ANY(%s)
               AND NOT i.indisprimary AND NOT i.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                WHERE c.conindid = i.indexrelid)
            """,
            [list(BULK_TABLES)],
        )
        dropped = self.cr.fetchall()
        for name, _definition in dropped:
            self.cr.execute(f"DROP INDEX {name}")
        return dropped

    def _check_foreign_keys(self):
        """Every foreign key of the bulk tables holds (one anti-join per key)."""
        self.cr.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text,
                   fa.attname
              FROM pg_constraint c
              JOIN pg_attribute a
                ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              JOIN pg_attribute fa
                ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
             WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
               AND c.conrelid::regclass::text = ANY(%s)
            """,
            [list(BULK_TABLES)],
        )
        for table, column, target, target_column in self.cr.fetchall():
            self.cr.execute(
                f"""
                SELECT count(*) FROM {table} r
                 WHERE r.{column} IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM {target} t WHERE t.{target_column} = r.{column})
                """
            )
            missing = self.cr.fetchone()[0]
            if missing:
                raise ValueError(
                    f"{missing} rows of {table}.{column} point to no {target} row"
                )

    def _restore_indexes(self, dropped):
        for _name, definition in dropped:
            self.cr.execute(definition)

"""Grow a database's situations by copying the existing ones in SQL.

For the small-scale run of the bench in the test suite (and a quick look at a
demo database): the province-scale databases come from tools/generate_load.py.
Copies keep their table, agencies, states, dates, risk factors and identities;
their references get a suffix. They get no repeat keys: copies of one person
would all be repeats of each other, which no real table sees.
"""

SEPARATOR = "~"


def _columns(cr, table, skip):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall() if row[0] not in skip]


def replicate_situations(env, size):
    """Copy the non-draft situations until there are at least ``size``."""
    env.flush_all()
    cr = env.cr
    cr.execute("SELECT count(*) FROM focus_situation")
    have = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM focus_situation"
        " WHERE state != 'draft' AND name NOT LIKE %s",
        [f"%{SEPARATOR}%"],
    )
    sources = cr.fetchone()[0]
    if have >= size or not sources:
        return have
    copies = -(-(size - have) // sources)
    columns = _columns(cr, "focus_situation", {"id", "name", "repeat_keys"})
    quoted = ", ".join(f'"{c}"' for c in columns)
    cr.execute(
        f"""INSERT INTO focus_situation (name, {quoted})
            SELECT s.name || '{SEPARATOR}' || g,
                   {", ".join(f's."{c}"' for c in columns)}
              FROM focus_situation s, generate_series(1, %s) g
             WHERE s.state != 'draft' AND s.name NOT LIKE %s""",
        [copies, f"%{SEPARATOR}%"],
    )
    mapping = f"""(SELECT c.id AS copy_id, s.id AS source_id FROM focus_situation c
                     JOIN focus_situation s
                       ON s.name = split_part(c.name, '{SEPARATOR}', 1)
                    WHERE c.name LIKE '%%{SEPARATOR}%%') m"""
    Situation = env["focus.situation"]
    for fname in ("risk_factor_ids", "assisting_agency_ids"):
        field = Situation._fields[fname]
        cr.execute(
            f"""INSERT INTO {field.relation} ({field.column1}, {field.column2})
                SELECT m.copy_id, r.{field.column2} FROM {mapping}
                  JOIN {field.relation} r ON r.{field.column1} = m.source_id"""
        )
    identity_columns = _columns(
        cr, "focus_situation_identity", {"id", "situation_id", "repeat_key"}
    )
    cr.execute(
        f"""INSERT INTO focus_situation_identity
                   (situation_id, {", ".join(identity_columns)})
            SELECT m.copy_id, {", ".join(f"i.{c}" for c in identity_columns)}
              FROM {mapping}
              JOIN focus_situation_identity i ON i.situation_id = m.source_id"""
    )
    cr.execute("ANALYZE focus_situation")
    env.invalidate_all()
    cr.execute("SELECT count(*) FROM focus_situation")
    return cr.fetchone()[0]

"""Bulk writes as one parametrised statement per row, sent with ``executemany``.

Django's ``bulk_update`` writes ``SET f = CASE WHEN id=1 THEN … WHEN id=2 THEN … END`` for
every field of a batch: statements that grow with the batch and that the database must parse
and plan each time (a 100,000-value correction took 19 minutes, its first import 28 s). The
same UPDATE per row, prepared once, is what the drivers are fast at (and the same INSERT:
``bulk_create`` compiles every field of every row into multi-row statements of at most 999
parameters on SQLite): SQLite reuses the
compiled statement, psycopg 3 pipelines the rows in one round trip. Plain SQL with ``%s``
placeholders runs on SQLite, PostgreSQL and the PostgreSQL-compatible KingbaseES and openGauss.
"""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def rows_update(objects: Sequence[Model], fields: Sequence[str], *, batch_size: int = 2000
                ) -> int:
    """Write ``fields`` of ``objects`` (saved rows of one model) as ``bulk_update`` would:
    the attributes as they are (no ``pre_save``, so ``auto_now`` is not applied; no signals).
    Returns how many rows were written."""
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    concrete = [meta.get_field(name) for name in fields]
    for field in concrete:
        # The same refusals as bulk_update: only plain columns of this table.
        if not field.concrete or field.many_to_many or field.primary_key:
            raise ValueError(f"rows_update cannot write {model.__name__}.{field.name}")
    database = router.db_for_write(model)
    connection = connections[database]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in concrete),
        quote(meta.pk.column))
    pk = meta.pk
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            params = []
            for obj in objects[start:start + batch_size]:
                row = []
                for field in concrete:
                    value = getattr(obj, field.attname)
                    if hasattr(value, "resolve_expression"):  # F(), Case(): not plain SQL
                        raise ValueError("rows_update writes values, not expressions")
                    # As Value(…, output_field=field) compiles inside bulk_update: the same
                    # adaptation (decimals, dates, JSON) on every backend.
                    row.append(field.get_db_prep_save(value, connection))
                row.append(pk.get_db_prep_save(obj.pk, connection))
                params.append(row)
            cursor.executemany(sql, params)
            written += len(params)
    return written


def rows_insert(objects: Sequence[Model], *, batch_size: int = 2000) -> int:
    """Insert ``objects`` (new rows of one model, their keys left to the database) as
    ``bulk_create`` would, with ``pre_save`` (``auto_now``) applied, but without setting their
    keys or sending signals. Returns how many rows were written."""
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
    database = router.db_for_write(model)
    connection = connections[database]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table), ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)))
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            params = [[field.get_db_prep_save(field.pre_save(obj, True), connection)
                       for field in fields] for obj in objects[start:start + batch_size]]
            cursor.executemany(sql, params)
            written += len(params)
    return written

"""The audit log is a hash chain: verify passes, and names the first entry tampered with."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text
from storage_testkit import UowFactory

from storage import GENESIS_HASH, SqlUnitOfWork, entry_hash

T0 = datetime(2026, 12, 1, 9, tzinfo=UTC)


def append_three(uow: SqlUnitOfWork) -> list[int]:
    with uow:
        rows = [
            uow.audit.append(2**40, "role.grant", {"user": 7, "role": "officer"}, T0),
            uow.audit.append(None, "retention.run", {"answers": 12, "note": "Tŷ"}, T0),
            uow.audit.append(2**40, "export", {"slug": "victoria-park"}, T0 + timedelta(1)),
        ]
        uow.commit()
    return [row.id or 0 for row in rows]


def test_an_untouched_chain_verifies(uow: SqlUnitOfWork) -> None:
    ids = append_three(uow)

    with uow:
        latest = uow.audit.latest(2)
        assert uow.audit.verify() is None

    assert [row.id for row in latest] == ids[:0:-1]
    first = latest[-1]
    assert first.prev_hash != GENESIS_HASH
    assert first.hash == entry_hash(
        first.prev_hash, first.at, first.actor, first.action, first.detail
    )


def test_an_empty_chain_verifies(uow: SqlUnitOfWork) -> None:
    with uow:
        assert uow.audit.verify() is None


def test_verify_names_the_first_entry_edited_with_raw_sql(
    uow: SqlUnitOfWork, engine: Engine
) -> None:
    ids = append_three(uow)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET action = 'nothing' WHERE id = :id"), {"id": ids[1]}
        )

    with uow:
        assert uow.audit.verify() == ids[1]


def test_verify_names_the_entry_after_a_deleted_one(uow: SqlUnitOfWork, engine: Engine) -> None:
    ids = append_three(uow)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[1]})

    with uow:
        assert uow.audit.verify() == ids[2]


def test_concurrent_appends_keep_one_chain(new_uow: UowFactory) -> None:
    def append(n: int) -> None:
        for i in range(5):
            with new_uow() as uow:
                uow.audit.append(n, "test", {"i": i})
                uow.commit()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with new_uow() as uow:
        assert len(uow.audit.latest(100)) == 20
        assert uow.audit.verify() is None

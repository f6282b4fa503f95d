"""The audit hash chain as pure logic: any change, removal or reordering is found."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.audit import GENESIS_HASH, AuditEntry, entry_hash, verify_entries

START = datetime(2026, 1, 1, tzinfo=UTC)

entry_contents = st.lists(
    st.tuples(
        st.sampled_from(["create", "update", "delete", "login", "print"]),
        st.text(max_size=20),
        st.dictionaries(st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=30)), max_size=3),
    ),
    min_size=1,
    max_size=12,
)


def chain(contents: list[tuple[str, str, dict]]) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for seq, (action, record_id, details) in enumerate(contents, start=1):
        entry = AuditEntry(seq, START + timedelta(seconds=seq), "u1", "张建国", action, "user",
                           record_id, details, prev)
        entry = replace(entry, hash=entry_hash(prev, entry))
        entries.append(entry)
        prev = entry.hash
    return entries


@given(entry_contents)
def test_intact_chain_verifies(contents: list) -> None:
    entries = chain(contents)
    report = verify_entries(entries)
    assert report.ok and report.entries_checked == len(entries)
    assert report.head_hash == entries[-1].hash


@given(entry_contents, st.data())
def test_any_changed_field_is_found_at_that_entry(contents: list, data: st.DataObject) -> None:
    entries = chain(contents)
    index = data.draw(st.integers(0, len(entries) - 1))
    changed = data.draw(st.sampled_from(["username", "action", "record_id", "at"]))
    value = START - timedelta(days=1) if changed == "at" else entries[index].__dict__[changed] + "x"
    entries[index] = replace(entries[index], **{changed: value})
    assert verify_entries(entries).first_bad_seq == index + 1


@given(entry_contents.filter(lambda c: len(c) >= 2), st.data())
def test_removed_entry_is_found(contents: list, data: st.DataObject) -> None:
    entries = chain(contents)
    index = data.draw(st.integers(0, len(entries) - 2))
    del entries[index]
    assert verify_entries(entries).first_bad_seq == entries[index].seq


def test_rehashing_a_changed_entry_still_breaks_the_next_link() -> None:
    entries = chain([("create", "a", {}), ("update", "a", {}), ("delete", "a", {})])
    forged = replace(entries[1], username="mallory")
    entries[1] = replace(forged, hash=entry_hash(forged.prev_hash, forged))
    report = verify_entries(entries)
    assert report.first_bad_seq == 3 and "link" in report.problem

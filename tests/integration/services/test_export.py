"""Export to the station: export → verify → decrypt → every included record read back, and the
faults — stick full, read-only or pulled out midway, cancelled, not allowed — each leaving no
export that looks complete and no EXPORT entry in the audit trail."""

from __future__ import annotations

import errno
import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from station_desk.db.models import AuditRecord, Base
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.meetings import (
    AttendeeEntry,
    AttendeeKind,
    MeetingDraft,
    MeetingStatus,
    MeetingType,
)
from station_desk.errors import PermissionDeniedError, StorageError, ValidationError
from station_desk.exchange.crypto import KdfParams, TamperedError, WrongPassphraseError
from station_desk.exchange.manifest import MANIFEST_NAME, CheckStatus, load_manifest, verify_folder
from station_desk.exchange.package import open_package, read_package
from station_desk.exchange.safe_write import (
    OperationCancelled,
    TargetFullError,
    TargetGoneError,
    TargetReadOnlyError,
)
from station_desk.services import export as export_module
from station_desk.services.container import Services
from station_desk.services.export import (
    REGISTERS,
    DocumentSource,
    ExportDocument,
    ExportRequest,
    ExportService,
    table_plan,
)
from tests.unit.exchange.faults import (
    SmallFs,
    full_after,
    opener_failing_after,
    raising,
    small_fs_at,
)

PASSPHRASE = "station-2026-passphrase"
LIGHT = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
NOW = datetime(2026, 11, 30, 7, 2, tzinfo=UTC)  # 15:02 in Beijing
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[SmallFs]:
    yield from small_fs_at(tmp_path, "64k")


@pytest.fixture
def records(services: Services, officer: Principal) -> dict[str, str]:
    """Contacts, two held November meetings with attendees, one October, one deleted."""
    committee = services.contacts.create_organisation(
        officer,
        OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE, "和平里1号"),
    )
    person = services.contacts.create_person(officer, ContactDraft("张三", committee.id, "主任"))
    ids = {"committee": committee.id, "person": person.id}
    for key, when, title in (
        ("nov_a", datetime(2026, 11, 5, 19, 0), "十一月警情通报会"),
        ("nov_b", datetime(2026, 11, 30, 23, 30), "治保例会（月末）"),
        ("october", datetime(2026, 10, 31, 23, 59), "十月警情通报会"),
        ("deleted", datetime(2026, 11, 10, 9, 0), "已删除的会议"),
    ):
        draft = MeetingDraft(MeetingType.POLICE_BRIEFING, title, when)
        meeting = services.meetings.new_meeting(officer, draft)
        attendee = AttendeeEntry(AttendeeKind.CONTACT, "张三", ref_id=person.id)
        meeting = services.meetings.save(officer, meeting.to_update(attendees=(attendee,)))
        services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD)
        ids[key] = meeting.id
    services.meetings.delete(officer, ids["deleted"])
    return ids


def make_service(services: Services, **options: Any) -> ExportService:
    return ExportService(services.db, now=lambda: NOW, kdf=LIGHT, **options)


def request(stick: Path, **changes: Any) -> ExportRequest:
    values: dict[str, Any] = {
        "target_dir": stick,
        "date_from": NOVEMBER[0],
        "date_to": NOVEMBER[1],
        "passphrase": PASSPHRASE,
    }
    values.update(changes)
    return ExportRequest(**values)


def export_entries(services: Services) -> list[AuditRecord]:
    with services.db.session() as session:
        stmt = select(AuditRecord).where(AuditRecord.action == str(AuditAction.EXPORT))
        return list(session.scalars(stmt))


def db_rows(services: Services, table_name: str, ids: list[Any]) -> list[dict[str, Any]]:
    table = Base.metadata.tables[table_name]
    key = next(iter(table.primary_key.columns))
    with services.db.session() as session:
        rows = session.execute(select(table).where(key.in_(ids)).order_by(key))
        return [dict(row._mapping) for row in rows]


# -- the round trip ----------------------------------------------------------------------------


def test_export_verify_decrypt_and_read_back_every_record(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    steps: list[tuple[int, int, str]] = []
    result = make_service(services).export(officer, request(stick), lambda *a: steps.append(a))

    assert re.fullmatch(r"和平里社区警务室_2026113\d_\d{4}", result.folder.name)
    assert result.folder.parent == stick
    assert sorted(p.name for p in stick.iterdir()) == [result.folder.name]  # no partial left
    names = [f.name for f in result.files]  # in the order written: the package first
    assert names[0] == "data_package_20261101_20261130.sdpkg"
    registers = {
        "Mediation register_20261101-20261130.pdf.sdenc",
        "Mediation register_20261101-20261130.xlsx.sdenc",
        "Volunteer roster list_20261130.xlsx.sdenc",
        "Opinion register_20261101-20261130.pdf.sdenc",
        "Opinion register_20261101-20261130.xlsx.sdenc",
    }
    assert registers <= set(names)
    minutes = [n for n in names if n.endswith(".pdf.sdenc") and n not in registers]
    assert len(minutes) == 2  # the two live November meetings; not October, not deleted
    assert all(f.encrypted for f in result.files)
    assert {s[0] for s in steps} >= {0, 2, 3, 5, 6, 7}

    checks = verify_folder(result.folder, PASSPHRASE)
    assert all(c.status is CheckStatus.OK for c in checks), checks

    package = open_package(result.folder / names[0], PASSPHRASE)
    tables = dict(package.tables)
    links = tables.pop("audit_links")  # the room's audit chain, links only, up to the head
    assert links[-1]["hash"] == package.meta["audit_head_hash"]
    assert [link["seq"] for link in links] == list(range(1, len(links) + 1))
    assert all(set(link) == {"seq", "prev_hash", "hash"} for link in links)
    assert package.meta["room"] == "和平里社区警务室"
    assert package.meta["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    meeting_ids = {row["id"] for row in tables["meetings"]}
    assert meeting_ids == {records["nov_a"], records["nov_b"]}
    attendees = tables["meeting_attendees"]
    assert {row["meeting_id"] for row in attendees} == meeting_ids
    assert [row["name"] for row in tables["contact_people"]] == ["张三"]
    assert {"audit_log", "settings"}.isdisjoint(tables)
    assert all("password_hash" not in row for row in tables["users"])
    assert {row["username"] for row in tables["users"]} == {"admin", "officer", "aux"}
    assert result.record_counts == {name: len(rows) for name, rows in tables.items()}

    # every included record reads back exactly as stored, types included
    for name, rows in tables.items():
        if not rows:
            continue
        key = next(iter(Base.metadata.tables[name].primary_key.columns)).name
        stored = db_rows(services, name, [row[key] for row in rows])
        excluded = export_module.EXCLUDED_COLUMNS.get(name, frozenset())
        expected = [{k: v for k, v in row.items() if k not in excluded} for row in stored]
        assert sorted(rows, key=lambda r: r[key]) == expected, name


def test_the_export_is_audited_with_its_files_and_target(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    service = make_service(services)
    result = service.export(officer, request(stick))
    (entry,) = export_entries(services)
    details = json.loads(entry.details)
    assert entry.username == "officer"
    assert entry.record_id == result.folder.name
    assert details["target"] == str(stick)
    assert details["period"] == ["2026-11-01", "2026-11-30"]
    assert [f["name"] for f in details["files"]] == [f.name for f in result.files]
    assert details["records"]["meetings"] == 2
    assert [e.action for e in service.history(officer)] == ["export"]
    manifest, _body = load_manifest(result.folder)
    assert manifest.username == "officer"
    assert len(manifest.audit_head_hash) == 64
    assert services.audit.verify().ok


def test_the_manifest_is_written_last_and_sealed(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    result = make_service(services).export(officer, request(stick))
    mtimes = {p.name: p.stat().st_mtime_ns for p in result.folder.iterdir()}
    assert mtimes[MANIFEST_NAME] == max(mtimes.values())
    manifest, body = load_manifest(result.folder)
    assert "seal" in body
    witness = manifest.extra["audit_witness"]  # the audit head, sealed with the chain key
    assert witness["seq"] == manifest.audit_entries and len(witness["mac"]) == 64


def test_wrong_passphrase_and_truncated_package(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    result = make_service(services).export(officer, request(stick))
    package = result.folder / "data_package_20261101_20261130.sdpkg"
    with pytest.raises(WrongPassphraseError):
        read_package(package, "not the passphrase")
    with pytest.raises(WrongPassphraseError):
        verify_folder(result.folder, "not the passphrase")
    data = package.read_bytes()
    package.write_bytes(data[: len(data) // 2])
    with pytest.raises(TamperedError):
        read_package(package, PASSPHRASE)
    status = {c.name: c.status for c in verify_folder(result.folder, PASSPHRASE)}
    assert status[package.name] is CheckStatus.CHANGED


def test_plain_pdfs_only_after_asking_and_without_passphrase(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    only_pdfs = request(
        stick,
        include_data_package=False,
        include_registers=False,
        leave_pdfs_plain=True,
        passphrase=None,
    )
    result = make_service(services).export(officer, only_pdfs)
    # two meetings' minutes, the mediation register and the opinion register
    assert [f.name.endswith(".pdf") and not f.encrypted for f in result.files] == [True] * 4
    assert (result.folder / result.files[0].name).read_bytes().startswith(b"%PDF")
    assert all(c.ok for c in verify_folder(result.folder))


def test_registers_from_a_module_and_what_is_not_available(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    def roster(_context: Any) -> Iterator[ExportDocument]:
        yield ExportDocument("花名册.xlsx", b"PK\x03\x04 roster", True)
        yield ("统计表.xlsx", b"PK\x03\x04 counts", False)  # type: ignore[misc]

    sources = [DocumentSource(REGISTERS, "Volunteer roster", roster)]
    result = make_service(services, sources=sources).export(officer, request(stick))
    by_name = {f.name: f for f in result.files}
    assert by_name["花名册.xlsx.sdenc"].encrypted
    assert not by_name["统计表.xlsx"].encrypted
    assert result.skipped == ("Documents (PDF): no document is available yet",)
    no_registers = make_service(services, sources=[]).export(officer, request(stick))
    assert "Registers (.xlsx): no register is available yet" in no_registers.skipped


def test_sealed_tables_are_left_out_unless_included(
    services: Services,
    admin: Principal,
    officer: Principal,
    records: dict[str, str],
    stick: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export_module, "SEALED_TABLES", {"contact_people"})
    assert "contact_people" not in {r.table.name for r in table_plan()}
    plain = make_service(services).export(officer, request(stick))
    assert "contact_people" not in plain.record_counts
    sealed = make_service(services).export(
        admin, request(stick, include_sealed=True, purpose="核查")
    )
    assert sealed.record_counts["contact_people"] == 1


def test_only_administrators_may_include_sealed_youth_records(
    services: Services, admin: Principal, officer: Principal, stick: Path
) -> None:
    from station_desk.domain.roles import Permission
    from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup

    assert admin.can(Permission.EXPORT_SEALED) and not officer.can(Permission.EXPORT_SEALED)
    today = date.today()
    services.youth.register(
        officer,
        SubjectDraft(
            name="张小明",
            group=YouthGroup.IDLE,
            risk_grade=RiskGrade.GREEN,
            reason="辍学在家。",
            birth_date=date(today.year - 15, 1, 1),
            gender=None,
            registered_on=today,
            guardians=(GuardianEntry("张建军", "父亲", "13812345678"),),
        ),
    )
    period = {"date_from": today.replace(day=1), "date_to": today}
    with pytest.raises(PermissionDeniedError):
        make_service(services).export(
            officer, request(stick, include_sealed=True, purpose="核查", **period)
        )
    assert list(stick.iterdir()) == []
    with services.db.session() as session:
        denied = session.scalars(
            select(AuditRecord).where(AuditRecord.action == str(AuditAction.DENIED))
        ).all()
    assert [(d.record_type, json.loads(d.details)["permission"]) for d in denied] == [
        ("export", "export_sealed")
    ]
    plain = make_service(services).export(officer, request(stick, **period))
    assert not any(name.startswith("youth_") for name in plain.record_counts)
    package = open_package(plain.folder / plain.files[0].name, PASSPHRASE)
    assert not any(name.startswith("youth_") for name in package.tables)
    shutil.rmtree(plain.folder)
    sealed = make_service(services).export(
        admin, request(stick, include_sealed=True, purpose="核查", **period)
    )
    assert sealed.record_counts["youth_subjects"] == 1
    assert sealed.record_counts["youth_guardians"] == 1
    package = open_package(sealed.folder / sealed.files[0].name, PASSPHRASE)
    assert [row["name"] for row in package.tables["youth_subjects"]] == ["张小明"]


def test_every_table_has_a_rule() -> None:
    plan = {rule.table.name: rule for rule in table_plan()}
    assert plan["meetings"].how == "period"
    assert plan["meeting_attendees"].how == "child"
    assert plan["meeting_action_items"].parent == "meetings"
    assert plan["users"].how == "whole"
    assert "audit_log" not in plan and "settings" not in plan


# -- refusals ------------------------------------------------------------------------------------


def test_auxiliary_police_may_not_export_and_the_refusal_is_audited(
    services: Services, aux: Principal, records: dict[str, str], stick: Path
) -> None:
    with pytest.raises(PermissionDeniedError):
        make_service(services).export(aux, request(stick))
    assert list(stick.iterdir()) == []
    with services.db.session() as session:
        denied = session.scalars(
            select(AuditRecord).where(AuditRecord.action == str(AuditAction.DENIED))
        ).all()
    assert [d.record_type for d in denied] == ["export"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"passphrase": None}, "passphrase"),
        ({"passphrase": "short"}, "passphrase"),
        ({"date_to": date(2026, 10, 1)}, "date_to"),
        (
            {"include_documents": False, "include_registers": False, "include_data_package": False},
            "include",
        ),
    ],
)
def test_bad_requests(
    services: Services, officer: Principal, stick: Path, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_service(services).export(officer, request(stick, **changes))
    assert caught.value.field == field
    assert list(stick.iterdir()) == []


def test_missing_target(services: Services, officer: Principal, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="plugged in"):
        make_service(services).export(officer, request(tmp_path / "no-stick"))


# -- faults on the target -----------------------------------------------------------------------


def assert_no_export(services: Services, stick: Path) -> None:
    assert not stick.exists() or list(stick.iterdir()) == []
    assert export_entries(services) == []


def test_stick_full_midway(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    service = make_service(services, opener=full_after(2_000))
    with pytest.raises(TargetFullError):
        service.export(officer, request(stick))
    assert_no_export(services, stick)


def test_stick_read_only(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    service = make_service(services, opener=opener_failing_after(0, raising(errno.EROFS)))
    with pytest.raises(TargetReadOnlyError):
        service.export(officer, request(stick))
    assert_no_export(services, stick)


def test_stick_pulled_out_midway(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    service = make_service(services, opener=opener_failing_after(500, lambda: shutil.rmtree(stick)))
    with pytest.raises(TargetGoneError):
        service.export(officer, request(stick))
    assert_no_export(services, stick)


def test_real_small_stick_fills_up(
    services: Services, officer: Principal, records: dict[str, str], small_fs: SmallFs
) -> None:
    with pytest.raises(TargetFullError):
        make_service(services).export(officer, request(small_fs.path))
    assert_no_export(services, small_fs.path)


def test_real_read_only_stick(
    services: Services, officer: Principal, records: dict[str, str], small_fs: SmallFs
) -> None:
    small_fs.remount("ro")
    with pytest.raises(TargetReadOnlyError):
        make_service(services).export(officer, request(small_fs.path))
    assert export_entries(services) == []


def test_cancel_removes_the_partial_folder(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    labels: list[str] = []

    def cancelled() -> bool:
        return any(label.endswith(".pdf") for label in labels)

    with pytest.raises(OperationCancelled):
        make_service(services).export(
            officer, request(stick), lambda _s, _t, label: labels.append(label), cancelled
        )
    assert_no_export(services, stick)


def test_leftovers_of_a_failed_run_are_cleaned_at_the_next_export(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    service = make_service(services, opener=opener_failing_after(500, raising(errno.EIO)))
    with pytest.raises(TargetGoneError):
        service.export(officer, request(stick))
    leftover = stick / "和平里社区警务室_20261129_0900.partial"  # a run killed outright
    leftover.mkdir()
    (leftover / "data_package_20261101_20261130.sdpkg.partial").write_bytes(b"half")
    (stick / "stray.sdenc.partial").write_bytes(b"half")
    result = make_service(services).export(officer, request(stick))
    assert {p.name for p in result.leftovers_removed} == {leftover.name, "stray.sdenc.partial"}
    assert sorted(p.name for p in stick.iterdir()) == [result.folder.name]


def test_two_exports_in_the_same_minute_get_two_folders(
    services: Services, officer: Principal, records: dict[str, str], stick: Path
) -> None:
    first = make_service(services).export(officer, request(stick, include_documents=False))
    second = make_service(services).export(officer, request(stick, include_documents=False))
    assert second.folder.name == first.folder.name + "_2"


def test_a_failing_audit_write_removes_the_export(
    services: Services,
    officer: Principal,
    records: dict[str, str],
    stick: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No export leaves the room without its audit entry."""

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise StorageError("The disk is full. Free some space; nothing was saved.")

    monkeypatch.setattr(export_module.audit_trail, "append", broken)
    with pytest.raises(StorageError):
        make_service(services).export(officer, request(stick, include_documents=False))
    assert list(stick.iterdir()) == []


def test_sealed_records_need_a_stated_purpose_which_is_audited(
    services: Services,
    admin: Principal,
    officer: Principal,
    records: dict[str, str],
    stick: Path,
) -> None:
    for purpose in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            make_service(services).export(
                admin, request(stick, include_sealed=True, purpose=purpose)
            )
        assert caught.value.field == "purpose"
        assert "State the purpose" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        make_service(services).export(admin, request(stick, include_sealed=True, purpose="x" * 201))
    assert caught.value.field == "purpose"
    assert list(stick.iterdir()) == [] and export_entries(services) == []

    result = make_service(services).export(
        admin, request(stick, include_sealed=True, purpose="  移交分局  青少年科核查 ")
    )
    (entry,) = export_entries(services)
    details = json.loads(entry.details)
    assert details["include_sealed"] is True
    assert details["purpose"] == "移交分局 青少年科核查"
    (history,) = make_service(services).history(admin)
    assert history.details["purpose"] == "移交分局 青少年科核查"
    shutil.rmtree(result.folder)

    # without sealed records the purpose is not asked for, and not recorded
    make_service(services).export(officer, request(stick, purpose="ignored"))
    assert "purpose" not in json.loads(export_entries(services)[-1].details)


def test_a_long_document_reports_its_pages_and_is_cancelled_between_them(
    services: Services, officer: Principal, stick: Path
) -> None:
    """A register hundreds of pages long says how far it is, and Cancel stops it in the
    middle (not only between files): nothing is left on the stick."""
    from station_desk.reports.base import DocumentBase
    from tests.unit.reports.test_base import make_context

    pages_built: list[int] = []

    class LongList(DocumentBase):
        title = "花名册"

        def story(self) -> list:
            rows = [[str(n), f"居民{n:05d}"] for n in range(1, 4001)]
            return [self.data_table(["序号", "姓名"], rows)]

        def draw_header(self, canvas: Any, doc: Any) -> None:
            pages_built.append(doc.page)
            super().draw_header(canvas, doc)

    def producer(_context: Any) -> Iterator[ExportDocument]:
        yield ExportDocument("花名册.pdf", LongList(make_context()).generate(), True)

    labels: list[str] = []
    source = DocumentSource("documents", "Roster", producer)
    service = make_service(services, sources=[source])
    with pytest.raises(OperationCancelled):
        service.export(
            officer,
            request(stick, include_data_package=False),
            lambda _s, _t, label: labels.append(label),
            lambda: any("100" in label for label in labels),
        )
    assert any(label.endswith("50") for label in labels)
    assert 100 <= max(pages_built) < 110  # stopped at the next page, not at the end (143)
    assert_no_export(services, stick)

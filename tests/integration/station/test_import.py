"""Station import: rooms' packages merged into the station's PostgreSQL database."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from station_desk.db.models import AuditRecord, StationImport, StationRoom
from station_desk.domain.audit import AuditAction
from station_desk.domain.mediation import (
    CaseDraft,
    CaseQuery,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
    PartyRole,
)
from station_desk.errors import PermissionDeniedError
from station_desk.services.container import Services
from station_desk.services.station import (
    IMPORT_LOCK,
    KEEP_ROOM,
    KEEP_STATION,
    StationService,
    UnknownRoomError,
)
from tests.conftest import reopen
from tests.integration.station.conftest import PASSPHRASE, Room, at


def register_case(room: Room, title: str = "楼上漏水纠纷") -> str:
    draft = CaseDraft(
        received_on=date(2026, 3, 2), source=CaseSource.WALK_IN, dispute_type=DisputeType.NEIGHBOUR,
        kind=MediationKind.POLICE, title=title, facts="楼上漏水致楼下厨房受损。",
        parties=(PartyEntry("张三", PartyRole.APPLICANT), PartyEntry("李四", PartyRole.RESPONDENT)),
    )
    return room.services.mediation.register_case(room.officer, draft).id


def retitle(services: Services, actor: Any, case_id: str, title: str) -> None:
    case = services.mediation.get(actor, case_id)
    services.mediation.update_case(actor, case.to_update(title=title))


def imported(stationsvc: StationService, admin: Any, folder: Path, register: bool = False) -> Any:
    return stationsvc.import_folder(admin, folder, PASSPHRASE, register_unknown=register)


def station_case(stationsvc: StationService, admin: Any, case_id: str, room_id: int = 1) -> Any:
    return stationsvc.room_services(room_id).mediation.get(admin, case_id)


def test_an_unknown_room_is_registered_only_when_asked(stationsvc, station_admin, make_room) -> None:
    room = make_room()
    case_id = register_case(room)
    folder = room.export(at(10))
    with pytest.raises(UnknownRoomError, match="和平里社区警务室"):
        imported(stationsvc, station_admin, folder)
    assert stationsvc.rooms(station_admin) == []
    report = imported(stationsvc, station_admin, folder, register=True)
    assert report.registered and report.status == "imported"
    assert report.created > 0 and report.conflicts == []
    case = station_case(stationsvc, station_admin, case_id)  # the same UUID, number and room
    assert case.case_number == "〔2026〕调字第0001号" and case.title == "楼上漏水纠纷"
    (summary,) = stationsvc.rooms(station_admin)
    assert summary.name == "和平里社区警务室" and summary.records["mediation_cases"] == 1


def test_importing_twice_changes_nothing_and_a_newer_package_brings_only_changes(
    stationsvc, station_admin, make_room
) -> None:
    room = make_room()
    first_id = register_case(room)
    folder = room.export(at(10))
    first = imported(stationsvc, station_admin, folder, register=True)
    again = imported(stationsvc, station_admin, folder)
    assert again.status == "unchanged" and again.import_id == first.import_id
    same = imported(stationsvc, station_admin, room.export(at(11)))  # a new folder, same records
    assert (same.created, same.updated, same.deleted, same.conflicts) == (0, 0, 0, [])
    retitle(room.services, room.officer, first_id, "楼上漏水纠纷（已鉴定）")
    second_id = register_case(room, "噪音纠纷")
    newer = imported(stationsvc, station_admin, room.export(at(12)))
    assert newer.updated == 2 and newer.conflicts == []  # the title, and the year's counter
    assert newer.created >= 3  # the new case and its two parties
    assert station_case(stationsvc, station_admin, first_id).title == "楼上漏水纠纷（已鉴定）"
    assert station_case(stationsvc, station_admin, second_id).case_number == "〔2026〕调字第0002号"


def test_packages_may_arrive_out_of_order(stationsvc, station_admin, make_room) -> None:
    room = make_room()
    case_id = register_case(room)
    older = room.export(at(10))
    retitle(room.services, room.officer, case_id, "新标题")
    newer = room.export(at(11))
    imported(stationsvc, station_admin, newer, register=True)
    late = imported(stationsvc, station_admin, older)
    assert late.status == "imported" and late.older > 0 and late.updated == 0
    assert station_case(stationsvc, station_admin, case_id).title == "新标题"


def test_two_rooms_keep_their_own_numbers(stationsvc, station_admin, make_room) -> None:
    east, west = make_room("东区警务室"), make_room("西区警务室")
    east_case, west_case = register_case(east), register_case(west)
    imported(stationsvc, station_admin, east.export(at(10)), register=True)
    imported(stationsvc, station_admin, west.export(at(10)), register=True)
    rooms = {summary.name: summary.id for summary in stationsvc.rooms(station_admin)}
    assert station_case(stationsvc, station_admin, east_case, rooms["东区警务室"]).case_number == "〔2026〕调字第0001号"
    assert station_case(stationsvc, station_admin, west_case, rooms["西区警务室"]).case_number == "〔2026〕调字第0001号"
    listed = stationsvc.mediation_list(station_admin, date(2026, 1, 1), date(2026, 12, 31))
    assert sorted((row.room, row.case_number) for row in listed) == [
        ("东区警务室", "〔2026〕调字第0001号"), ("西区警务室", "〔2026〕调字第0001号")
    ]
    only_west = stationsvc.mediation_list(station_admin, date(2026, 1, 1), date(2026, 12, 31), [rooms["西区警务室"]])
    assert [row.id for row in only_west] == [west_case]


def test_a_field_changed_on_both_sides_goes_to_a_person(
    stationsvc, station, station_admin, make_room
) -> None:
    room = make_room()
    case_id = register_case(room)
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    retitle(stationsvc.room_services(1), station_admin, case_id, "派出所改的标题")
    retitle(room.services, room.officer, case_id, "警务室改的标题")
    report = imported(stationsvc, station_admin, room.export(at(11)))
    (conflict,) = report.conflicts
    assert (conflict.field, conflict.station_value, conflict.room_value) == (
        "title", "派出所改的标题", "警务室改的标题"
    )
    assert conflict.station_changed_by == "stadmin" and conflict.room_changed_by == "李明"
    assert conflict.station_changed_at and conflict.room_changed_at
    # never silently overwritten: the station's value stands until a person decides
    assert station_case(stationsvc, station_admin, case_id).title == "派出所改的标题"
    assert stationsvc.rooms(station_admin)[0].open_conflicts == 1
    decided = stationsvc.resolve(station_admin, conflict.id, KEEP_ROOM)
    assert decided.status == "resolved" and decided.kept == KEEP_ROOM
    assert station_case(stationsvc, station_admin, case_id).title == "警务室改的标题"
    assert stationsvc.conflicts(station_admin) == []
    with station.db.session() as session:  # the losing value is kept in the record's history
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.record_id == case_id).order_by(AuditRecord.seq.desc())
        ).first()
    details = json.loads(entry.details)
    assert details["station_value"] == "派出所改的标题" and details["kept"] == "room"
    # the same package again brings no new conflict
    again = imported(stationsvc, station_admin, room.export(at(12)))
    assert again.conflicts == []


def test_keeping_the_station_value(stationsvc, station_admin, make_room) -> None:
    room = make_room()
    case_id = register_case(room)
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    retitle(stationsvc.room_services(1), station_admin, case_id, "派出所的")
    retitle(room.services, room.officer, case_id, "警务室的")
    (conflict,) = imported(stationsvc, station_admin, room.export(at(11))).conflicts
    stationsvc.resolve(station_admin, conflict.id, KEEP_STATION)
    assert station_case(stationsvc, station_admin, case_id).title == "派出所的"
    history = stationsvc.conflicts(station_admin, open_only=False)
    assert history[0].room_value == "警务室的" and history[0].kept == KEEP_STATION


def test_a_change_on_one_side_only_is_no_conflict(stationsvc, station_admin, make_room) -> None:
    room = make_room()
    case_id = register_case(room)
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    retitle(stationsvc.room_services(1), station_admin, case_id, "派出所改的")
    report = imported(stationsvc, station_admin, room.export(at(11)))
    assert report.conflicts == []
    assert station_case(stationsvc, station_admin, case_id).title == "派出所改的"


def test_room_deletions_become_soft_deletions(stationsvc, station_admin, make_room) -> None:
    room = make_room()
    keep_id, gone_id = register_case(room), register_case(room, "撤回的纠纷")
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    room.services.mediation.delete_case(room.officer, gone_id)
    report = imported(stationsvc, station_admin, room.export(at(11)))
    assert report.deleted >= 1 and report.conflicts == []
    mediation = stationsvc.room_services(1).mediation
    live = {row.id for row in mediation.list_cases(station_admin, CaseQuery(limit=100))}
    everything = {
        row.id for row in mediation.list_cases(station_admin, CaseQuery(include_deleted=True, limit=100))
    }
    assert keep_id in live and gone_id not in live and gone_id in everything
    room.services.mediation.restore_case(room.officer, gone_id)  # restored in the room: back
    imported(stationsvc, station_admin, room.export(at(12)))
    assert gone_id in {row.id for row in mediation.list_cases(station_admin, CaseQuery(limit=100))}


def test_a_truncated_room_trail_goes_to_quarantine(
    stationsvc, station, station_admin, make_room
) -> None:
    room = make_room()
    case_id = register_case(room)
    data = room.folder / "data"
    room.services.close()
    shutil.copytree(data, room.folder / "old-copy")
    room.services = reopen(data)
    room.officer = room.services.accounts.authenticate("officer", "Officer-pass-2026")
    retitle(room.services, room.officer, case_id, "后来改的")
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    room.services.close()  # the room's database put back from the old copy, then used on
    shutil.rmtree(data)
    shutil.copytree(room.folder / "old-copy", data)
    room.services = reopen(data)
    room.officer = room.services.accounts.authenticate("officer", "Officer-pass-2026")
    retitle(room.services, room.officer, case_id, "旧副本上改的")
    report = imported(stationsvc, station_admin, room.export(at(11)))
    assert report.status == "quarantined"
    assert "differs from entry" in report.gap and "old copy" in report.gap
    assert station_case(stationsvc, station_admin, case_id).title == "后来改的"  # merge untouched
    assert stationsvc.rooms(station_admin)[0].quarantined == 1
    with station.db.session() as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == str(AuditAction.IMPORT)).order_by(AuditRecord.seq.desc())
        ).first()
        schemas = session.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'quarantine_%'")).all()
    assert json.loads(entry.details)["status"] == "quarantined" and len(schemas) == 1


def test_two_imports_at_once_the_second_is_refused(stationsvc, station_db, station_admin, make_room) -> None:
    room = make_room()
    register_case(room)
    folder = room.export(at(10))
    with station_db.engine.connect() as other:
        other.execute(select(func.pg_advisory_lock(IMPORT_LOCK)))
        with pytest.raises(Exception, match="Another import is running"):
            imported(stationsvc, station_admin, folder, register=True)
        other.execute(select(func.pg_advisory_unlock(IMPORT_LOCK)))
        other.commit()
    assert imported(stationsvc, station_admin, folder, register=True).status == "imported"


def test_the_server_going_away_mid_import_leaves_nothing(
    stationsvc, station_db, station_admin, make_room
) -> None:
    from station_desk.errors import StorageError

    room = make_room()
    register_case(room)
    folder = room.export(at(10))

    def kill(label: str) -> None:
        if label.startswith("Merging"):
            with station_db.engine.connect() as killer:
                killer.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                    "current_database() AND pid <> pg_backend_pid()"
                ))

    with pytest.raises(StorageError, match="all or nothing"):
        stationsvc.import_folder(station_admin, folder, PASSPHRASE, True, progress=kill)
    with station_db.session() as session:
        assert session.scalar(select(func.count()).select_from(StationImport)) == 0
        assert session.scalar(select(func.count()).select_from(StationRoom)) == 0
    assert imported(stationsvc, station_admin, folder, register=True).status == "imported"


def test_sealed_records_reach_the_station_only_when_exported_and_stay_sealed(
    stationsvc, station, station_admin, station_officer, make_room
) -> None:
    from station_desk.db.models import YouthSubject
    from tests.integration.services.test_youth import draft

    room = make_room()
    register_case(room)
    subject = room.services.youth.register(room.admin, draft())
    plain = imported(stationsvc, station_admin, room.export(at(10)), register=True)
    assert not plain.include_sealed
    with stationsvc.room_database(1).session() as session:
        assert session.scalar(select(func.count()).select_from(YouthSubject)) == 0
    sealed = imported(stationsvc, station_admin, room.export(at(11), include_sealed=True))
    assert sealed.include_sealed and sealed.created >= 2  # the subject and the guardian
    youth = stationsvc.room_services(1).youth
    assert youth.list_subjects(station_officer) == []  # a station officer has no such right
    with pytest.raises(PermissionDeniedError, match="sealed"):
        youth.open_file(station_officer, subject.id, "核查")
    (listed,) = youth.list_subjects(station_admin)
    assert listed.masked_name == "张某"  # masked in lists
    opened = youth.open_file(station_admin, subject.id, "派出所核查帮教情况")
    assert opened.name == "张小明"
    with stationsvc.room_database(1).session() as session:
        actions = list(session.scalars(select(AuditRecord.action).where(AuditRecord.record_id == subject.id)))
    assert str(AuditAction.VIEW_SEALED) in actions and str(AuditAction.DENIED) in actions


def test_a_sealed_conflict_is_not_even_hinted_at_to_a_station_officer(
    stationsvc, station_admin, station_officer, make_room
) -> None:
    from tests.integration.services.test_youth import draft

    room = make_room()
    subject = room.services.youth.register(room.admin, draft())
    imported(stationsvc, station_admin, room.export(at(10), include_sealed=True), register=True)
    youth = stationsvc.room_services(1).youth
    youth.update(station_admin, youth.open_file(station_admin, subject.id, "核查").to_update(notes="派出所备注"))
    room_file = room.services.youth.open_file(room.admin, subject.id, "更新")
    room.services.youth.update(room.admin, room_file.to_update(notes="警务室备注"))
    report = imported(stationsvc, station_admin, room.export(at(11), include_sealed=True))
    (conflict,) = report.conflicts
    assert conflict.station_value == "***" and conflict.room_value == "***"  # never the values
    assert [c.id for c in stationsvc.conflicts(station_admin)] == [conflict.id]
    assert stationsvc.conflicts(station_officer) == []
    assert stationsvc.rooms(station_officer)[0].open_conflicts == 0
    assert "youth_subjects" not in stationsvc.rooms(station_officer)[0].records
    with pytest.raises(Exception, match="No such conflict"):
        stationsvc.resolve(station_officer, conflict.id, KEEP_ROOM)

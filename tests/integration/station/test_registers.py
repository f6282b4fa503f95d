"""The station's combined registers: two rooms' records read back side by side, filtered by
room, printed (PDF read back as text) and exported (.xlsx read back), audited."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from station_desk.cli.station import REGISTER_NAMES
from station_desk.db.models import AuditRecord
from station_desk.domain.accounts import NewAccount
from station_desk.domain.audit import AuditAction
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.opinions import OpinionDraft
from station_desk.domain.reception import ReceptionChannel, ReceptionDraft, ReceptionKind
from station_desk.domain.roles import Role
from station_desk.domain.volunteers import Attendance
from station_desk.errors import PermissionDeniedError
from station_desk.services.station_registers import REGISTERS, RegisterRequest
from tests.figure_records import add_shift
from tests.integration.station.conftest import Room, at
from tests.integration.station.test_import import imported, register_case
from tests.reports_helpers import pdf_text, squash

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def fill(room: Room, who: str) -> None:
    """One record of each register, the room's name `who` in what was said."""
    services, officer = room.services, room.officer
    register_case(room, f"{who}漏水纠纷")
    services.opinions.register(officer, OpinionDraft(received_on=date(2026, 3, 5), content=f"{who}路灯不亮", name="李四"))
    services.reception.record(officer, ReceptionDraft(
        received_at=datetime(2026, 3, 5, 9, 30), channel=ReceptionChannel.VISIT, kind=ReceptionKind.CONSULT,
        name="张三", phone="13812345678", content=f"{who}问户口迁移手续",
    ))
    start = datetime(2026, 3, 3, 9, 0).astimezone()
    services.duty.add_entry(officer, DutyEntryDraft(
        officer.user_id, start, start.replace(hour=11), DutyActivity.SERVICE, place=f"{who}社区",
    ))
    add_shift(services.db, officer, datetime(2026, 3, 4, 19, 0), 2, [Attendance.PRESENT],
              names=(f"{who}王大爷",))


@pytest.fixture
def two_rooms(stationsvc, station_admin, make_room) -> list[Room]:
    east, west = make_room("东区警务室"), make_room("西区警务室")
    fill(east, "东")
    fill(west, "西")
    for room in (east, west):
        imported(stationsvc, station_admin, room.export(at(10)), register=True)
    return [east, west]


def texts(table: Any) -> str:
    return "\n".join(" ".join(row) for row in table.rows)


def test_the_command_line_names_every_register() -> None:
    assert tuple(sorted(REGISTERS)) == REGISTER_NAMES


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_each_register_lists_every_room_and_filters_by_room(stationsvc, station_admin, two_rooms, name) -> None:
    registers = stationsvc.registers
    both = registers.table(station_admin, name, *MARCH)
    assert len(both.headers) == len(both.rows[0])
    assert {row[0] for row in both.rows} == {"东区警务室", "西区警务室"}
    assert not both.more and len(both.rows) > 0
    (east_id, _west_id) = [room.id for room in stationsvc.rooms(station_admin)]
    east = registers.table(station_admin, name, *MARCH, room_ids=[east_id])
    assert {row[0] for row in east.rows} == {"东区警务室"}
    assert 0 < len(east.rows) < len(both.rows)
    one = registers.table(station_admin, name, *MARCH, limit=1)
    assert one.more and len(one.rows) == 1


def test_the_registers_hold_what_the_rooms_wrote(stationsvc, station_admin, two_rooms) -> None:
    registers = stationsvc.registers
    assert "东漏水纠纷" in texts(registers.table(station_admin, "mediation", *MARCH))
    assert "东王大爷" in texts(registers.table(station_admin, "volunteer-hours", *MARCH))
    duty = registers.table(station_admin, "duty", *MARCH)
    assert [row[1:] for row in duty.rows] == [["李明", "1", "2.0", "0.0"]] * 2
    reception = texts(registers.table(station_admin, "reception", *MARCH))
    assert "西问户口迁移手续" in reception and "138****5678" in reception
    assert "13812345678" not in reception
    opinions = registers.table(station_admin, "opinions", *MARCH)
    assert len(opinions.rows) == 2


@pytest.mark.parametrize(
    ("name", "wanted"),
    [
        ("mediation", ["东区警务室", "西区警务室", "东漏水纠纷", "西漏水纠纷"]),
        ("opinions", ["东区警务室", "西区警务室", "东路灯不亮", "西路灯不亮"]),
        ("volunteer-hours", ["东区警务室·巡逻一队", "西区警务室·巡逻一队", "东王大爷", "西王大爷"]),
        ("duty", ["东区警务室", "西区警务室", "东社区", "西社区", "李明"]),
        ("reception", ["东区警务室", "西区警务室", "东问户口迁移手续", "138****5678"]),
    ],
)
def test_each_register_prints_every_room_into_one_pdf_audited(
    stationsvc, station, station_admin, two_rooms, tmp_path: Path, name: str, wanted: list[str]
) -> None:
    request = RegisterRequest(name, *MARCH, language="zh_CN")
    path = stationsvc.registers.save(station_admin, request, tmp_path / f"{name}.pdf")
    text = squash(pdf_text(path.read_bytes()))
    for part in wanted:
        assert squash(part) in text, part
    assert "13812345678" not in text
    with station.db.session(station_admin) as session:
        entry = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc())).first()
    assert entry is not None and entry.action == AuditAction.PRINT.value
    details = json.loads(entry.details)
    assert details["document"].startswith("station_") and details["target"] == str(path)
    assert details["rooms"] == "all" and details["from"] == "2026-03-01"


@pytest.mark.parametrize("name", [name for name, kind in sorted(REGISTERS.items()) if kind.xlsx])
def test_each_register_exports_an_xlsx_audited_as_an_export(
    stationsvc, station, station_admin, two_rooms, tmp_path: Path, name: str
) -> None:
    (east_id, _west) = [room.id for room in stationsvc.rooms(station_admin)]
    request = RegisterRequest(name, *MARCH, fmt="xlsx", room_ids=[east_id])
    path = stationsvc.registers.save(station_admin, request, tmp_path / f"{name}.xlsx")
    book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    cells = " ".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for value in row if value is not None
    )
    assert "东区警务室" in cells and "西区警务室" not in cells
    with station.db.session(station_admin) as session:
        entry = session.scalars(select(AuditRecord).order_by(AuditRecord.seq.desc())).first()
    assert entry is not None and entry.action == AuditAction.EXPORT.value
    assert json.loads(entry.details)["rooms"] == [east_id]


def test_an_auxiliary_prints_but_does_not_export(stationsvc, station, station_admin, two_rooms) -> None:
    station.accounts.create_account(
        station_admin, NewAccount("staux", "吴辅警", Role.AUXILIARY, "Station-aux-2026", "")
    )
    aux = station.accounts.authenticate("staux", "Station-aux-2026")
    assert stationsvc.registers.document(aux, RegisterRequest("reception", *MARCH)).startswith(b"%PDF")
    with pytest.raises(PermissionDeniedError):
        stationsvc.registers.document(aux, RegisterRequest("reception", *MARCH, fmt="xlsx"))



def test_a_combined_register_reads_each_room_a_chunk_at_a_time(
    stationsvc, station_admin, make_room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The combined registers join the rooms' parts as they are read (chunks of 2 here),
    never a list of them all: knowing how many rows there are reads none, a row reads only its room's chunk (the
    room named on it), the rows come room after room in each room's own order, and the
    document is the same as of a list of them all."""
    from station_desk.reports.base import DocumentContext
    from station_desk.reports.mediation import MediationRegister
    from station_desk.services import base as services_base
    from station_desk.services.station_registers import Joined, _mediation_rows

    monkeypatch.setattr(services_base, "REGISTER_CHUNK", 2)
    rooms = {"东区警务室": make_room("东区警务室"), "西区警务室": make_room("西区警务室")}
    for (name, room), count in zip(rooms.items(), (3, 4), strict=True):
        for number in range(count):
            register_case(room, f"{name}第{number + 1}件纠纷")
            room.services.reception.record(room.officer, ReceptionDraft(
                received_at=datetime(2026, 3, 5 + number, 9, 30), channel=ReceptionChannel.PHONE,
                kind=ReceptionKind.CONSULT, name="张三", content=f"{name}第{number + 1}次来电",
            ))
            room.services.opinions.register(room.officer, OpinionDraft(
                received_on=date(2026, 3, 5 + number), content=f"{name}第{number + 1}条意见", name="李四",
            ))
        imported(stationsvc, station_admin, room.export(at(10)), register=True)
    registers = stationsvc.registers
    parts = registers.parts(station_admin, RegisterRequest("mediation", *MARCH))
    reads: list[tuple[str, list[str]]] = []
    for room, rows in parts:  # each room's reads noted (and done, on the station's database)
        real = rows.read
        rows.read = lambda ids, room=room, real=real: reads.append((room, ids)) or real(ids)
    joined = Joined(parts, lambda room, row: (room, row.title))
    assert len(joined) == 7 and reads == []
    assert joined[4] == ("西区警务室", "西区警务室第2件纠纷") and reads == [("西区警务室", parts[1][1].ids[0:2])]
    assert joined[-1] == ("西区警务室", "西区警务室第4件纠纷") and len(reads) == 2  # its last chunk
    assert joined[0] == ("东区警务室", "东区警务室第1件纠纷") and reads[-1] == ("东区警务室", parts[0][1].ids[0:2])
    own = [(name, row.title) for name, room in rooms.items()
           for row in room.services.mediation.register_source(room.officer, *MARCH)]
    assert list(joined) == own and joined[2:5] == own[2:5]

    def pdf(rows: Any) -> str:
        context = DocumentContext("朝阳分局和平里派出所", "", "陈所长", datetime(2026, 3, 31, 9, 0), "zh_CN")
        return pdf_text(MediationRegister(context, rows, *MARCH).generate())

    register = _mediation_rows(parts, "\n")
    assert "东区警务室\n" in register[0].case_number and pdf(register) == pdf(list(register))

    reception = registers.parts(station_admin, RegisterRequest("reception", *MARCH))
    oldest_first = [(name, entry.content) for name, room in rooms.items()
                    for entry in reversed(room.services.reception.list_entries(room.officer))]
    assert [(room, entry.content) for room, entries in reception for entry in entries] == oldest_first
    opinions = registers.parts(station_admin, RegisterRequest("opinions", *MARCH))
    own_opinions = [(name, row.content) for name, room in rooms.items()
                    for row in room.services.opinions.register_source(room.officer, *MARCH)]
    assert [(room, row.content) for room, (rows, _figures) in opinions for row in rows] == own_opinions
    assert len(own_opinions) == 7

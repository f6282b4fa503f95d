"""Importing a volunteer list (花名册导入) from .xlsx or .csv: preview first, then all or nothing.

`preview(actor, path)` reads the file and says, row by row, what an import would do: add a
new volunteer, update an existing one (what changes), leave one unchanged, or refuse the row
(and why). Nothing is written. `apply(actor, preview)` saves every row in one transaction,
and only when no row has an error: an office never ends up with half a list. The audit trail
gets the hook's create/update entries plus one IMPORT entry naming the file and the counts.

What offices' files look like, and what is done about it:
- title rows (merged cells) above the header: the header is the first of the first 20 rows
  that has a name column and at least one other known column; headers may be Chinese or
  English (姓名/name, 身份证号码/ID number, 联系电话/phone ...), with spaces, `*` marks or a
  note in brackets ("身份证号（18位）");
- a 序号 (No.) column and unknown columns are ignored (listed in the preview);
- dates as Excel dates, as Excel serial numbers, or as text ("2025-03-01", "2025/3/1",
  "2025年3月1日", "2025年3月" = the first of the month);
- resident ID numbers stored as numbers: Excel keeps 15 significant digits and cannot hold
  the final X, so an 18-character number that was stored as a number (or is shown in
  scientific notation, or has 17 digits) cannot be trusted and is an error — unless it still
  passes the check, which a 15-digit old number does;
- a foreign volunteer without a resident ID; gender from the ID when there is one;
- CSV in UTF-8 (with or without BOM) or GBK/GB18030, separated by commas, tabs or semicolons.

Existing volunteers are matched by resident ID number, or by name and phone when the row has
no ID. Empty cells never erase what is stored. Two rows for the same person are both errors.
An empty file, a file without a recognisable header, or a file that is not a spreadsheet
(an old .xls, a PDF, random bytes) gives a clear message in `problems` and no rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.models import Volunteer, VolunteerTeam
from station_desk.db.models.base import utcnow
from station_desk.db.records import chunks, live
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.enums import Gender, LabelledEnum
from station_desk.domain.ids import new_id
from station_desk.domain.roles import Permission
from station_desk.domain.validators import (
    clean_text,
    normalise_person_name,
    normalise_phone,
    parse_date,
    parse_month,
    parse_resident_id,
    to_half_width,
)
from station_desk.domain.volunteers import (
    MAX_ADDRESS,
    MAX_ALLOWANCE,
    MAX_ID_NOTE,
    MAX_NOTES,
    MAX_SHIFTS_PER_WEEK,
    MAX_TEAM_NAME,
    VolunteerDraft,
    VolunteerRole,
    VolunteerStatus,
    guess_team_kind,
    normalise_skills,
)
from station_desk.errors import StationDeskError, ValidationError
from station_desk.exchange.workbook_check import (
    WorkbookTooLarge,
    check_workbook,
    is_password_protected,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.services.base import RecordService
from station_desk.services.guard import require
from station_desk.services.volunteers import apply_draft, draft_of, volunteer_values

MAX_ROWS = 20_000
MAX_COLUMNS = 64  # columns read; a roster has about 20
MAX_MERGED_CELLS = 2_000_000  # cells that merged ranges may fill, in the data area
EXCEL_MAX_ROWS = 1_048_576
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CSV_BYTES = 16 * 1024 * 1024  # 20,000 rows of a roster take about 6 MB
HEADER_SCAN_ROWS = 20
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIAL_RANGE = (10_000, 80_000)  # 1927 .. 2119
_UNAUDITED = {"search_keys", "sort_key"}  # derived from the name, left out as the hook does

# --- the columns -------------------------------------------------------------------------

SEQUENCE = "sequence"

FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "gender": N_("Gender"),
    "resident_id": N_("Resident ID"),
    "birth_date": N_("Birth date"),
    "id_note": N_("Identity note"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "team": N_("Team"),
    "role": N_("Team role"),
    "skills": N_("Skills"),
    "join_date": N_("Joined"),
    "status": N_("Status"),
    "vest_issued": N_("Vest"),
    "card_issued": N_("Card"),
    "insurance_until": N_("Insured until"),
    "allowance": N_("Allowance"),
    "max_shifts_per_week": N_("Shifts per week at most"),
    "contact_notes": N_("Notes of contact"),
    "notes": N_("Notes"),
}

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    SEQUENCE: ("序号", "编号", "no", "no.", "#", "number", "seq", "序"),
    "name": ("姓名", "名字", "志愿者姓名", "队员姓名", "name", "fullname", "volunteer"),
    "gender": ("性别", "gender", "sex"),
    "resident_id": (
        "身份证号", "身份证号码", "身份证", "公民身份号码", "公民身份证号码", "身份号码",
        "证件号码", "证件号", "id", "idnumber", "idno", "idno.", "idcard", "residentid",
        "residentidnumber", "idcardnumber",
    ),
    "birth_date": ("出生日期", "出生年月", "生日", "birthdate", "dateofbirth", "birthday"),
    "id_note": ("证件说明", "其他证件", "护照号码", "护照号", "护照", "identitynote", "passport"),
    "phone": (
        "电话", "手机", "手机号", "手机号码", "联系电话", "联系方式", "电话号码", "phone",
        "mobile", "tel", "telephone", "phonenumber", "mobilephone",
    ),
    "address": ("住址", "地址", "家庭住址", "居住地址", "现住址", "住所", "address", "homeaddress"),
    "team": ("队伍", "所属队伍", "队别", "分队", "组别", "所在队伍", "队伍名称", "team", "group"),
    "role": ("职务", "角色", "队内职务", "岗位", "role", "position", "duty"),
    "skills": ("特长", "技能", "专长", "skills", "skill", "speciality"),
    "join_date": (
        "加入日期", "加入时间", "入队时间", "入队日期", "参加时间", "参加日期", "登记日期",
        "joindate", "joined", "datejoined", "joiningdate",
    ),
    "status": ("状态", "在岗状态", "status"),
    "vest_issued": ("马甲", "红马甲", "马甲发放", "是否发放马甲", "马甲已发", "vest", "vestissued"),
    "card_issued": ("志愿者证", "工作证", "证件发放", "是否发证", "card", "cardissued"),
    "insurance_until": (
        "保险到期", "保险到期日", "保险有效期", "保险期限", "保险截止", "insurance",
        "insuranceuntil", "insuredto", "insureduntil",
    ),
    "allowance": ("补贴", "补助", "津贴", "allowance"),
    "max_shifts_per_week": ("每周最多班次", "每周班次", "每周最多", "maxshiftsperweek", "shiftsperweek"),
    "contact_notes": ("联系记录", "走访记录", "交流记录", "contactnotes"),
    "notes": ("备注", "说明", "附注", "notes", "note", "remarks", "remark", "comments"),
}


W = TypeVar("W")


def _by_word(table: Mapping[W, tuple[str, ...]]) -> dict[str, W]:
    """Each word a spreadsheet may write for a member (lower case, no spaces) → the member."""
    return {word: member for member, words in table.items() for word in words}


_ALIAS_FIELD = _by_word(HEADER_ALIASES)  # a header as written → the field
GENDER_WORDS = _by_word(
    {Gender.MALE: ("男", "男性", "m", "male"), Gender.FEMALE: ("女", "女性", "f", "female")}
)
ROLE_WORDS = _by_word({
    VolunteerRole.LEADER: ("队长", "组长", "负责人", "leader", "teamleader", "captain"),
    VolunteerRole.DEPUTY: ("副队长", "副组长", "deputy", "deputyleader"),
    VolunteerRole.MEMBER: ("队员", "成员", "组员", "志愿者", "member", "teammember", "volunteer"),
})
STATUS_WORDS = _by_word({
    VolunteerStatus.ACTIVE: ("在岗", "在职", "正常", "活跃", "在队", "active"),
    VolunteerStatus.PAUSED: ("暂停", "请假", "暂停服务", "paused"),
    VolunteerStatus.LEFT: ("退出", "已退出", "离队", "离开", "left"),
})
YES_WORDS = {"是", "有", "已发", "已发放", "已领", "已办", "√", "✓", "✔", "y", "yes", "true", "1", "x"}
NO_WORDS = {"否", "无", "未发", "未发放", "未领", "未办", "×", "✗", "n", "no", "false", "0", "-", "—"}


class ImportStatus(LabelledEnum):
    NEW = "new", N_("New volunteer")
    UPDATE = "update", N_("To update")
    UNCHANGED = "unchanged", N_("Unchanged")
    ERROR = "error", N_("Error")


@dataclass(frozen=True)
class ImportMessage:
    """One remark on a row: which column (the file's header) and what; warnings do not stop
    the import, errors do."""

    column: str
    text: str
    error: bool = True

    def __str__(self) -> str:
        return f"{self.column}: {self.text}" if self.column else self.text


@dataclass(frozen=True)
class ColumnMatch:
    """A column of the file recognised as a field (`field` is a VolunteerDraft field name,
    or "team")."""

    index: int
    header: str
    field: str

    @property
    def label(self) -> str:
        return _(FIELD_LABELS.get(self.field, self.field))


@dataclass(frozen=True)
class ImportRow:
    """One data row of the file. `line` is the row number as the spreadsheet shows it;
    `values` is the volunteer as it would be saved (for an update: merged with what is
    stored; team by name in `team_name`), None for an error row; `changed` lists the fields
    an update changes; `cells` the row's recognised cells as text, for the preview table."""

    line: int
    status: ImportStatus
    messages: tuple[ImportMessage, ...] = ()
    values: VolunteerDraft | None = None
    team_name: str = ""
    existing_id: str | None = None
    changed: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[ImportMessage, ...]:
        return tuple(m for m in self.messages if m.error)

    @property
    def warnings(self) -> tuple[ImportMessage, ...]:
        return tuple(m for m in self.messages if not m.error)


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do. `problems` are file-level reasons nothing can be
    imported (not a spreadsheet, no header, empty); `new_teams` the teams it would create."""

    file_name: str
    sheet: str = ""
    header_line: int = 0
    columns: tuple[ColumnMatch, ...] = ()
    ignored: tuple[str, ...] = ()
    rows: tuple[ImportRow, ...] = ()
    problems: tuple[str, ...] = ()
    new_teams: tuple[str, ...] = ()

    def count(self, status: ImportStatus) -> int:
        return sum(1 for row in self.rows if row.status is status)

    @property
    def error_rows(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.status is ImportStatus.ERROR)

    @property
    def can_apply(self) -> bool:
        """True when there is something to save and nothing stops it."""
        return (
            not self.problems
            and not self.error_rows
            and any(r.status in (ImportStatus.NEW, ImportStatus.UPDATE) for r in self.rows)
        )

    def summary(self) -> str:
        if self.problems:
            return " ".join(self.problems)
        return _("{new} new, {update} to update, {same} unchanged, {errors} with errors.").format(
            new=self.count(ImportStatus.NEW),
            update=self.count(ImportStatus.UPDATE),
            same=self.count(ImportStatus.UNCHANGED),
            errors=self.count(ImportStatus.ERROR),
        )


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    created: int
    updated: int
    unchanged: int
    teams_created: tuple[str, ...] = field(default_factory=tuple)


class NotASpreadsheetError(StationDeskError):
    """The file cannot be read as a table."""


# --- the service -------------------------------------------------------------------------


class VolunteerImportService(RecordService):
    def preview(self, actor: Principal, path: Path) -> ImportPreview:
        """Read the file and say what importing it would do (nothing is written)."""
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return ImportPreview(path.name, problems=(_too_big(),))
            data = path.read_bytes()
        except OSError as exc:
            problem = _("The file {name} cannot be read: {reason}").format(
                name=path.name, reason=exc.strerror or exc
            )
            return ImportPreview(path.name, problems=(problem,))
        return self.preview_bytes(actor, data, path.name)

    def preview_bytes(self, actor: Principal, data: bytes, file_name: str) -> ImportPreview:
        """As `preview`, for a file already read (e.g. from a dialog)."""
        if len(data) > MAX_FILE_BYTES:
            return ImportPreview(file_name, problems=(_too_big(),))
        try:
            sheet, table = read_table(data, file_name)
        except NotASpreadsheetError as error:
            return ImportPreview(file_name, problems=(str(error),))
        today = self.now().astimezone().date()
        with self.db.session(actor) as session:
            known = _Known.load(session)
        return build_preview(file_name, sheet, table, known, today)

    def apply(self, actor: Principal, preview: ImportPreview) -> ImportResult:
        """Save every new and changed row of the preview in one transaction (all or nothing).

        Refused while the preview has problems or error rows, or when the volunteers changed
        since the preview in a way that changes what a row would do.
        """
        require(self.db, actor, Permission.EDIT_RECORDS, "volunteer")
        if preview.problems:
            raise ValidationError("file", preview.summary())
        if preview.error_rows:
            raise ValidationError(
                "file",
                ngettext(
                    "{count} row has errors; correct the file and preview it again. "
                    "Nothing was imported.",
                    "{count} rows have errors; correct the file and preview it again. "
                    "Nothing was imported.",
                    len(preview.error_rows),
                ).format(count=len(preview.error_rows)),
            )
        if not preview.can_apply:
            raise ValidationError("file", _("There is nothing to import."))
        today = self.now().astimezone().date()
        prepared = _prepared_values(preview)  # before the write lock is taken
        with self.db.session(actor) as session:
            known = _Known.load(session)
            _check_still_valid(preview, known, today)
            teams = _create_teams(session, preview, known)
            created = updated = 0
            leaders: dict[str, str] = {}
            new_rows: list[dict[str, Any]] = []
            for row in preview.rows:
                if row.status not in (ImportStatus.NEW, ImportStatus.UPDATE):
                    continue
                assert row.values is not None
                team_id = teams.get(_team_key(row.team_name)) if row.team_name else row.values.team_id
                draft = replace(row.values, team_id=team_id)
                if row.status is ImportStatus.NEW:
                    values = {**prepared[row.line], "team_id": team_id}
                    new_rows.append(values)
                    volunteer_id = values["id"]
                    created += 1
                else:
                    stored = session.get(Volunteer, row.existing_id)
                    if stored is None:
                        raise ValidationError("file", _changed_since_preview())
                    volunteer_id = apply_draft(stored, draft).id
                    updated += 1
                if draft.role is VolunteerRole.LEADER and team_id and draft.status is not VolunteerStatus.LEFT:
                    leaders.setdefault(team_id, volunteer_id)
            _insert_new(session, actor, new_rows)
            session.flush()
            for team_id, leader_id in leaders.items():
                team = session.get(VolunteerTeam, team_id)
                if team is not None and team.leader_id is None:
                    team.leader_id = leader_id
            new_teams = tuple(name for name in preview.new_teams)
            audit_trail.append(
                session,
                AuditAction.IMPORT,
                "volunteer",
                "",
                {
                    "file": preview.file_name,
                    "created": created,
                    "updated": updated,
                    "unchanged": preview.count(ImportStatus.UNCHANGED),
                    "teams_created": list(new_teams),
                },
            )
        return ImportResult(preview.file_name, created, updated, preview.count(ImportStatus.UNCHANGED), new_teams)


# --- reading files -----------------------------------------------------------------------


def read_table(data: bytes, file_name: str) -> tuple[str, list[tuple[Any, ...]]]:
    """(sheet name, rows of cell values) of an .xlsx workbook's first sheet with data, or of
    a CSV text file. Raises NotASpreadsheetError with a message for the user."""
    if not data.strip():
        raise NotASpreadsheetError(_("The file {name} is empty.").format(name=file_name))
    if data.startswith(b"PK"):
        return _read_xlsx(data, file_name)
    if is_password_protected(data):
        raise NotASpreadsheetError(
            _("{name} is protected with a password; open it in Excel or WPS, remove the password "
              "(save it without encryption) and import that copy.").format(name=file_name)
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotASpreadsheetError(
            _("{name} is an old Excel (.xls) or WPS file; save it as .xlsx and import that.").format(
                name=file_name
            )
        )
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise NotASpreadsheetError(_not_spreadsheet(file_name))
    return "", _read_csv(data, file_name)


def _read_xlsx(data: bytes, file_name: str) -> tuple[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_workbook(data)
    except WorkbookTooLarge as refused:
        raise NotASpreadsheetError(_too_large_to_read(file_name, refused.reason)) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise NotASpreadsheetError(_not_spreadsheet(file_name)) from None
    try:
        for sheet in workbook.worksheets:
            rows = _sheet_rows(sheet)
            if rows:
                return str(sheet.title), rows
    except NotASpreadsheetError:
        raise
    except Exception:  # a damaged workbook fails in many ways while its rows are read
        raise NotASpreadsheetError(_not_spreadsheet(file_name)) from None
    finally:
        workbook.close()
    raise NotASpreadsheetError(_("The file {name} is empty.").format(name=file_name))


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    """The rows of a read-only sheet up to its last one with a value, each cut after its
    last value and after MAX_COLUMNS, with merged cells filled (see _fill_merged_cells).

    The size the sheet claims (its "dimension") is not believed: a sheet claiming A1:XFD20001
    would be padded to 16,384 columns in every row. Blank rows cost nothing (one shared
    empty tuple); rows past Excel's last row are not read.
    """
    sheet.reset_dimensions()
    rows: list[tuple[Any, ...]] = []
    filled = 0
    for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        row = _trimmed(values)
        rows.append(row)
        filled += bool(row)
        if filled > MAX_ROWS + HEADER_SCAN_ROWS:
            raise NotASpreadsheetError(_too_many_rows())
        if len(rows) >= EXCEL_MAX_ROWS:
            break
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    _fill_merged_cells(rows, _merged_ranges(sheet, len(rows), width))
    return rows


def _trimmed(values: Sequence[Any]) -> tuple[Any, ...]:
    """The row without its trailing blank cells (a blank row is the shared empty tuple)."""
    end = len(values)
    while end and _blank(values[end - 1]):
        end -= 1
    return tuple(values[:end]) if end else ()


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3}[0-9]{1,7}:[A-Za-z]{1,3}[0-9]{1,7})"')


def _merged_ranges(sheet: Any, last_row: int, last_column: int) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min_col, min_row, max_col, max_row), 1-based, cut to
    the data area (rows 1..last_row, columns 1..last_column); ranges outside it are dropped.

    A read-only sheet does not report them; they are read from the sheet's XML in chunks,
    which is cheap next to reading the cells (a regular expression over the part). More
    than MAX_MERGED_CELLS cells to fill refuses the file (the filling would take too long).
    """
    from openpyxl.utils.cell import range_boundaries

    ranges = []
    area = 0
    for reference in _merge_references(sheet):
        min_col, min_row, max_col, max_row = cast(tuple[int, int, int, int], range_boundaries(reference))
        max_col, max_row = min(max_col, last_column), min(max_row, last_row)
        if min_col > max_col or min_row >= max_row:
            continue  # outside the data, or within one row (a title): nothing to fill
        area += (max_col - min_col + 1) * (max_row - min_row + 1)
        if area > MAX_MERGED_CELLS:
            raise NotASpreadsheetError(_too_many_merged())
        ranges.append((min_col, min_row, max_col, max_row))
    return ranges


def _merge_references(sheet: Any) -> Iterator[str]:
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(getattr(sheet, "parent", None), "_archive", None)
    if path is None or archive is None:
        merged = getattr(sheet, "merged_cells", None)
        yield from (r.coord for r in getattr(merged, "ranges", ()))
        return
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            cut = max(text.rfind(b"<"), 0)
            for match in _MERGE_CELL.finditer(text, 0, cut):
                yield match.group(1).decode("ascii").upper()
            tail = text[cut:]
    for match in _MERGE_CELL.finditer(tail):
        yield match.group(1).decode("ascii").upper()


def _fill_merged_cells(rows: list[tuple[Any, ...]], ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Give every cell of a range merged across rows its top-left value, in place: a team
    name merged down over its members belongs to each of them. Ranges within one row (a
    title over the columns) are left alone."""
    for min_col, min_row, max_col, max_row in ranges:
        if max_row <= min_row or min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        if _blank(value):
            continue
        for index in range(min_row - 1, min(max_row, len(rows))):
            cells = list(rows[index])
            if len(cells) < max_col:
                cells += [None] * (max_col - len(cells))
            for column in range(min_col - 1, max_col):
                if _blank(cells[column]):
                    cells[column] = value
            rows[index] = tuple(cells)


def _read_csv(data: bytes, file_name: str) -> list[tuple[Any, ...]]:
    """The rows of a CSV file, each cut after MAX_COLUMNS; a file over MAX_CSV_BYTES, with
    more separators than MAX_ROWS full rows have, or with one huge cell is refused (each
    cell becomes an object in memory)."""
    if len(data) > MAX_CSV_BYTES:
        raise NotASpreadsheetError(_too_big(MAX_CSV_BYTES))
    if b"\x00" in data[:65536]:
        raise NotASpreadsheetError(_not_spreadsheet(file_name))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly everything
        raise NotASpreadsheetError(_not_spreadsheet(file_name))
    if _looks_binary(text):
        raise NotASpreadsheetError(_not_spreadsheet(file_name))
    delimiter = _csv_delimiter(text[:8192])
    if text.count(delimiter) > (MAX_ROWS + HEADER_SCAN_ROWS) * MAX_COLUMNS:
        raise NotASpreadsheetError(_too_many_rows())
    rows: list[tuple[Any, ...]] = []
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(_trimmed(values[:MAX_COLUMNS]))
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise NotASpreadsheetError(_too_many_rows())
    except csv.Error:  # a cell over the csv module's limit (128 K characters), a stray NUL
        raise NotASpreadsheetError(_not_spreadsheet(file_name)) from None
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise NotASpreadsheetError(_("The file {name} is empty.").format(name=file_name))
    return rows


def _csv_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;，").delimiter
    except csv.Error:
        return "\t" if sample.count("\t") > sample.count(",") else ","


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    odd = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t") or ch == "\ufffd")
    return odd / len(sample) > 0.01


# --- building the preview ----------------------------------------------------------------


@dataclass
class _Known:
    """What is stored that rows are matched against."""

    by_id: dict[str, str]  # resident ID -> volunteer id
    by_name_phone: dict[tuple[str, str], str]  # (name, phone) -> volunteer id
    drafts: dict[str, VolunteerDraft]
    teams: dict[str, str]  # casefolded team name -> team id
    team_names: dict[str, str]  # team id -> name

    @classmethod
    def load(cls, session: Session) -> _Known:
        volunteers = list(session.scalars(live(select(Volunteer), Volunteer)))
        drafts = {v.id: draft_of(v) for v in volunteers}
        teams = list(session.scalars(live(select(VolunteerTeam), VolunteerTeam)))
        return cls(
            by_id={v.resident_id: v.id for v in volunteers if v.resident_id},
            by_name_phone={(v.name, v.phone): v.id for v in volunteers if v.phone},
            drafts=drafts,
            teams={_team_key(t.name): t.id for t in teams},
            team_names={t.id: t.name for t in teams},
        )


def build_preview(
    file_name: str, sheet: str, table: Sequence[tuple[Any, ...]], known: _Known, today: date
) -> ImportPreview:
    """The preview of a table already read (pure apart from `known`)."""
    found = find_header(table)
    if found is None:
        return ImportPreview(file_name, sheet, problems=(_no_header(table),))
    header_index, columns, ignored = found
    body = [(header_index + 2 + offset, row) for offset, row in enumerate(table[header_index + 1 :])]
    body = [(line, row) for line, row in body if any(not _blank(_cell(row, c.index)) for c in columns)]
    if not body:
        return ImportPreview(
            file_name, sheet, header_index + 1, tuple(columns), tuple(ignored),
            problems=(_("The file has a header but no volunteers under it."),),
        )
    if len(body) > MAX_ROWS:
        return ImportPreview(file_name, sheet, problems=(_too_many_rows(),))
    parsed = [_parse_row(line, row, columns, today) for line, row in body]
    rows = _match(parsed, known)
    new_teams = sorted(
        {
            row.team_name
            for row in rows
            if row.team_name and row.status is not ImportStatus.ERROR and _team_key(row.team_name) not in known.teams
        }
    )
    return ImportPreview(
        file_name, sheet, header_index + 1, tuple(columns), tuple(ignored), tuple(rows), (), tuple(new_teams)
    )


def normalise_header(text: object) -> str:
    value = to_half_width(str(text or "")).casefold()
    value = re.sub(r"[(（\[【].*?[)）\]】]", "", value)
    return re.sub(r"[\s*＊:：_\-/]+", "", value)


def find_header(
    table: Sequence[tuple[Any, ...]],
) -> tuple[int, list[ColumnMatch], list[str]] | None:
    """(row index, recognised columns, ignored headers) of the header row, or None."""
    for index, row in enumerate(table[:HEADER_SCAN_ROWS]):
        columns: list[ColumnMatch] = []
        ignored: list[str] = []
        used: set[str] = set()
        for position, value in enumerate(row):
            if _blank(value):
                continue
            header = " ".join(str(value).split())
            key = _ALIAS_FIELD.get(normalise_header(value))
            if key is None or key in used or key == SEQUENCE:
                if key != SEQUENCE:
                    ignored.append(header)
                continue
            used.add(key)
            columns.append(ColumnMatch(position, header, key))
        if "name" in used and len(used) >= 2:
            return index, columns, ignored
    return None


def _no_header(table: Sequence[tuple[Any, ...]]) -> str:
    names = "、".join(HEADER_ALIASES["name"][:2])
    for row in table[:HEADER_SCAN_ROWS]:
        known = {_ALIAS_FIELD.get(normalise_header(v)) for v in row if not _blank(v)} - {None, SEQUENCE}
        if len(known) >= 2:
            return _(
                "The header row has no name column; name a column {names} or Name."
            ).format(names=names)
    return _(
        "No header row was found in the first {rows} rows: the columns must have headers such "
        "as 姓名 (Name), 身份证号码 (ID number), 联系电话 (Phone), 所属队伍 (Team)."
    ).format(rows=HEADER_SCAN_ROWS)


@dataclass
class _Parsed:
    line: int
    values: dict[str, Any]
    messages: list[ImportMessage]
    cells: tuple[str, ...]
    draft: VolunteerDraft | None = None
    team_name: str = ""


def _parse_row(line: int, row: tuple[Any, ...], columns: list[ColumnMatch], today: date) -> _Parsed:
    values: dict[str, Any] = {}
    messages: list[ImportMessage] = []
    headers = {c.field: c.header for c in columns}
    for column in columns:
        raw = _cell(row, column.index)
        if _blank(raw):
            continue
        try:
            value, warning = convert(column.field, raw, today)
        except ValidationError as error:
            messages.append(ImportMessage(column.header, error.message))
            continue
        values[column.field] = value
        if warning:
            messages.append(ImportMessage(column.header, warning, error=False))
    cells = tuple(_shown(_cell(row, c.index)) for c in columns)
    parsed = _Parsed(line, values, messages, cells, team_name=values.pop("team", ""))
    if "name" not in values and not any(m.column == headers.get("name") for m in messages):
        messages.append(ImportMessage(headers.get("name", ""), _("The name is missing.")))
    gender_typed = values.get("gender")
    if values.get("resident_id") and gender_typed is not None:
        derived = parse_resident_id(values["resident_id"], today=today).gender
        if derived is not gender_typed:
            messages.append(
                ImportMessage(
                    headers.get("gender", ""),
                    _("The gender does not match the resident ID number; the ID number's is kept."),
                    error=False,
                )
            )
    if not any(m.error for m in messages):
        try:
            parsed.draft = VolunteerDraft(**values).validated(today)
        except ValidationError as error:
            header = headers.get(error.field, "") or _(FIELD_LABELS.get(error.field, error.field))
            messages.append(ImportMessage(header, error.message))
    return parsed


def convert(field_name: str, raw: Any, today: date) -> tuple[Any, str]:
    """The value of one cell for a field, and a warning ("" when none); ValidationError
    for a value that cannot be used."""
    if field_name == "name":
        return normalise_person_name(_text(raw)), ""
    if field_name == "resident_id":
        return resident_id_cell(raw, today)
    if field_name == "gender":
        word = _word(raw)
        if word not in GENDER_WORDS:
            raise ValidationError(field_name, _("Write the gender as 男 or 女 (male or female)."))
        return GENDER_WORDS[word], ""
    if field_name == "phone":
        return normalise_phone(_number_text(raw)), ""
    if field_name in ("join_date", "insurance_until", "birth_date"):
        return date_cell(raw, field_name)
    if field_name == "role":
        word = _word(raw)
        if word in ROLE_WORDS:
            return ROLE_WORDS[word], ""
        return VolunteerRole.MEMBER, _("{role} is not a known role; saved as a team member.").format(
            role=_text(raw)
        )
    if field_name == "status":
        word = _word(raw)
        if word not in STATUS_WORDS:
            raise ValidationError(field_name, _("Write the status as 在岗, 暂停 or 退出 (active, paused, left)."))
        return STATUS_WORDS[word], ""
    if field_name in ("vest_issued", "card_issued"):
        return bool_cell(raw, field_name), ""
    if field_name == "skills":
        return normalise_skills(_text(raw)), ""
    if field_name == "max_shifts_per_week":
        try:
            number = int(Decimal(_number_text(raw)))
        except (InvalidOperation, ValueError):
            number = -1
        if not 0 <= number <= MAX_SHIFTS_PER_WEEK:
            raise ValidationError(
                field_name,
                _("Enter a number of shifts between 0 and {n}.").format(n=MAX_SHIFTS_PER_WEEK),
            )
        return number, ""
    limits = {
        "address": MAX_ADDRESS, "team": MAX_TEAM_NAME, "allowance": MAX_ALLOWANCE,
        "id_note": MAX_ID_NOTE, "notes": MAX_NOTES, "contact_notes": MAX_NOTES,
    }
    text = _text(raw)
    if len(text) > limits.get(field_name, MAX_NOTES):
        raise ValidationError(
            field_name, _("Enter at most {count} characters.").format(count=limits.get(field_name, MAX_NOTES))
        )
    return text, ""


_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?[eE][+]?[0-9]+")


def resident_id_cell(raw: Any, today: date) -> tuple[str, str]:
    """A resident ID number from a cell; a number stored as a number is trusted only when it
    still passes the check (see the module docstring)."""
    if isinstance(raw, bool):
        raise ValidationError("resident_id", _("This is not a resident ID number."))
    if isinstance(raw, int | float | Decimal):
        digits = _digits_of_number(raw)
        try:
            number = parse_resident_id(digits, today=today).number
        except ValidationError:
            raise ValidationError(
                "resident_id",
                _(
                    "The ID number was stored as a number ({value}), so the spreadsheet kept only "
                    "its first 15 digits or lost its final X. Format the column as text and type "
                    "the number again."
                ).format(value=digits),
            ) from None
        return number, _("The ID number was stored as a number; it still passes the check.")
    text = re.sub(r"\s+", "", to_half_width(str(raw))).strip("'’‘`")
    if _SCIENTIFIC.fullmatch(text):
        raise ValidationError(
            "resident_id",
            _(
                "The ID number is shown in scientific notation ({value}): its last digits are "
                "lost. Format the column as text and type the number again."
            ).format(value=text),
        )
    if re.fullmatch(r"[0-9]{17}", text):
        raise ValidationError(
            "resident_id",
            _(
                "The ID number has 17 digits: its final character (often X) was probably lost "
                "when it was stored as a number."
            ),
        )
    return parse_resident_id(text, today=today).number, ""


def date_cell(raw: Any, field_name: str) -> tuple[date, str]:
    """A date from an Excel date, an Excel serial number or a text date; "2025年3月" is the
    first of the month (with a warning)."""
    if isinstance(raw, datetime):
        return raw.date(), ""
    if isinstance(raw, date):
        return raw, ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        low, high = EXCEL_SERIAL_RANGE
        if low <= raw <= high:
            return EXCEL_EPOCH + timedelta(days=int(raw)), ""
        text = _digits_of_number(raw)
    else:
        text = to_half_width(str(raw)).strip()
    try:
        return parse_date(text, field=field_name), ""
    except ValidationError:
        pass
    try:
        month = parse_month(text, field=field_name)
    except ValidationError:
        raise ValidationError(
            field_name, _("{value} is not a date; write it as 2025-03-01 or 2025年3月1日.").format(value=text)
        ) from None
    return month, _("Only the month was given; the first of the month is recorded.")


def bool_cell(raw: Any, field_name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, date | datetime):
        return True  # a date of issue says it was issued
    word = _word(raw)
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValidationError(field_name, _("Write 是 or 否 (yes or no)."))


def _match(parsed: list[_Parsed], known: _Known) -> list[ImportRow]:
    """Match rows with stored volunteers and with each other; build the rows."""
    keys: dict[tuple[str, ...], list[int]] = {}
    targets: dict[str, list[int]] = {}
    existing: list[str | None] = []
    for index, item in enumerate(parsed):
        draft = item.draft
        target = None
        if draft is not None:
            key = _person_key(draft)
            if key is not None:
                keys.setdefault(key, []).append(index)
            target = _existing(draft, known)
            if target is not None:
                targets.setdefault(target, []).append(index)
        existing.append(target)
    duplicates: dict[int, list[int]] = {}
    for group in [*keys.values(), *targets.values()]:
        if len(group) > 1:
            for index in group:
                duplicates.setdefault(index, []).extend(i for i in group if i != index)
    rows = []
    for index, item in enumerate(parsed):
        messages = list(item.messages)
        others = sorted({parsed[i].line for i in duplicates.get(index, [])})
        if others:
            messages.append(
                ImportMessage(
                    "",
                    _("The same person is also on line {lines}.").format(
                        lines=", ".join(str(line) for line in others)
                    ),
                )
            )
        rows.append(_row(item, messages, existing[index], known))
    return rows


def _row(item: _Parsed, messages: list[ImportMessage], target: str | None, known: _Known) -> ImportRow:
    if item.draft is None or any(m.error for m in messages):
        return ImportRow(item.line, ImportStatus.ERROR, tuple(messages), None, item.team_name, target, (), item.cells)
    if target is None:
        return ImportRow(item.line, ImportStatus.NEW, tuple(messages), item.draft, item.team_name, None, (), item.cells)
    stored = known.drafts[target]
    merged = _merge(stored, item.values, item.draft)
    team_name = item.team_name or known.team_names.get(stored.team_id or "", "")
    changed = [f.name for f in fields(VolunteerDraft) if getattr(merged, f.name) != getattr(stored, f.name)]
    team_id = known.teams.get(_team_key(item.team_name)) if item.team_name else stored.team_id
    if team_id is None and item.team_name or team_id != stored.team_id:
        changed.append("team_id")
    changed = list(dict.fromkeys(changed))
    status = ImportStatus.UPDATE if changed else ImportStatus.UNCHANGED
    return ImportRow(item.line, status, tuple(messages), merged, team_name, target, tuple(changed), item.cells)


def _merge(stored: VolunteerDraft, values: dict[str, Any], draft: VolunteerDraft) -> VolunteerDraft:
    """The stored volunteer with the row's non-empty fields (the ID decides gender and birth)."""
    given = set(values)
    if "resident_id" in given:
        given |= {"gender", "birth_date"}
    return replace(stored, **{name: getattr(draft, name) for name in given if name in VolunteerDraft.__dataclass_fields__})


def _existing(draft: VolunteerDraft, known: _Known) -> str | None:
    if draft.resident_id and draft.resident_id in known.by_id:
        return known.by_id[draft.resident_id]
    if draft.phone:
        target = known.by_name_phone.get((draft.name, draft.phone))
        if target is not None:
            stored = known.drafts[target]
            if not draft.resident_id or not stored.resident_id:
                return target
    return None


def _person_key(draft: VolunteerDraft) -> tuple[str, ...] | None:
    if draft.resident_id:
        return ("id", draft.resident_id)
    if draft.phone:
        return ("name_phone", draft.name, draft.phone)
    return None


def _check_still_valid(preview: ImportPreview, known: _Known, today: date) -> None:
    """Refuse when a row would now do something else than the preview said."""
    for row in preview.rows:
        if row.values is None or row.status not in (ImportStatus.NEW, ImportStatus.UPDATE):
            continue
        target = _existing(row.values, known)
        if target != row.existing_id:
            raise ValidationError("file", _changed_since_preview())


def _prepared_values(preview: ImportPreview) -> dict[int, dict[str, Any]]:
    """The stored values of each new row by line (id included), worked out before the write
    transaction so that the database is locked for as short a time as possible."""
    return {
        row.line: {"id": new_id(), **volunteer_values(row.values)}
        for row in preview.rows
        if row.status is ImportStatus.NEW and row.values is not None
    }


def _insert_new(session: Session, actor: Principal, rows: list[dict[str, Any]]) -> None:
    """Insert new volunteers in bulk (thousands in a second) and write the audit trail's
    "create" entry of each, as the audit hook would for a row added one by one."""
    if not rows:
        return
    now = utcnow()
    stamped = [
        {**values, "created_at": now, "updated_at": now, "created_by": actor.user_id or None,
         "updated_by": None, "deleted_at": None, "deleted_by": None}
        for values in rows
    ]
    session.flush()
    entries = [
        (values["id"], {"fields": {k: v for k, v in values.items() if v is not None and k not in _UNAUDITED and k != "id"}})
        for values in rows
    ]
    audit_trail.append_many(session, AuditAction.CREATE, Volunteer.__audit_name__, entries)
    for piece in chunks(stamped, 1000):
        session.execute(insert(Volunteer), piece)


def _create_teams(session: Session, preview: ImportPreview, known: _Known) -> dict[str, str]:
    """Team ids by casefolded name, creating the preview's new teams."""
    teams = dict(known.teams)
    for name in preview.new_teams:
        if _team_key(name) in teams:
            continue
        team = VolunteerTeam(id=new_id(), name=name, kind=guess_team_kind(name).value, leader_id=None, area="", notes="")
        session.add(team)
        teams[_team_key(name)] = team.id
    session.flush()
    return teams


# --- small helpers -----------------------------------------------------------------------


def _cell(row: tuple[Any, ...], index: int) -> Any:
    return row[index] if index < len(row) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(raw: Any) -> str:
    """A cell as text: control and bidirectional-override characters removed (clean_text);
    one line's runs of spaces made one."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = clean_text(str(raw))
    return " ".join(text.split()) if "\n" not in text else text.strip()


def _word(raw: Any) -> str:
    return re.sub(r"\s+", "", to_half_width(str(raw))).casefold()


def _number_text(raw: Any) -> str:
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return _digits_of_number(raw)
    return str(raw)


def _digits_of_number(raw: int | float | Decimal) -> str:
    if isinstance(raw, int):
        return str(raw)
    try:
        value = Decimal(str(raw)) if isinstance(raw, float) else raw
        return format(value.quantize(Decimal(1)), "f") if value == value.to_integral_value() else format(value, "f")
    except (InvalidOperation, ValueError):
        return str(raw)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return _digits_of_number(value)
    return str(value)


def _team_key(name: str) -> str:
    return "".join(name.split()).casefold()


def _too_big(limit: int = MAX_FILE_BYTES) -> str:
    return _("The file is larger than {size} MB; split it into smaller files.").format(
        size=limit // (1024 * 1024)
    )


def _too_many_merged() -> str:
    return _("The file has too many merged cells to be read; unmerge them (or save the list "
             "as a new plain sheet) and import that.")


def _too_large_to_read(file_name: str, reason: str) -> str:
    return _("{name} unpacks too large to be read safely ({reason}); save only the volunteer "
             "list as a new .xlsx or .csv file, or split it into smaller files.").format(
        name=file_name, reason=reason
    )


def _too_many_rows() -> str:
    return _("The file has more than {rows} rows; split it into smaller files.").format(rows=MAX_ROWS)


def _not_spreadsheet(file_name: str) -> str:
    return _("{name} is not a spreadsheet that can be read (.xlsx or .csv).").format(name=file_name)


def _changed_since_preview() -> str:
    return _("The volunteers were changed since the preview; preview the file again. Nothing was imported.")


def rows_as_text(rows: Iterable[ImportRow]) -> Iterator[str]:
    """One line per row for the command line: "line 5: error: 身份证号码: ..."."""
    for row in rows:
        text = "; ".join(str(m) for m in row.messages)
        yield f"{row.line}\t{row.status.label}\t{text}".rstrip()

"""All mapped models; importing this package registers every table on `Base.metadata`."""

from station_desk.db.models.accounts import Setting, User
from station_desk.db.models.audit import AuditChainKey, AuditRecord
from station_desk.db.models.base import Base, RecordMixin
from station_desk.db.models.contacts import ContactPerson, Organisation
from station_desk.db.models.duty import DutyLogEntry, RoomOpening
from station_desk.db.models.mediation import (
    MediationCase,
    MediationCaseCounter,
    MediationParty,
    MediationReturnVisit,
    MediationSession,
    MediationStatement,
)
from station_desk.db.models.meetings import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingAmendment,
    MeetingAttendee,
    MeetingRating,
    MeetingReport,
)
from station_desk.db.models.reports import PoliceBriefing, WorkReport
from station_desk.db.models.residents import ReceptionLogEntry, ResidentOpinion
from station_desk.db.models.search import SearchEntry
from station_desk.db.models.station import (
    StationAuditLink,
    StationConflict,
    StationImport,
    StationRecordState,
    StationRoom,
)
from station_desk.db.models.volunteers import (
    PatrolPattern,
    PatrolShift,
    ShiftMember,
    Volunteer,
    VolunteerCommendation,
    VolunteerTeam,
)
from station_desk.db.models.youth import (
    YouthAccessGrant,
    YouthEvaluation,
    YouthGradeChange,
    YouthGuardian,
    YouthSession,
    YouthSubject,
    YouthTeamMember,
)

__all__ = ["AuditChainKey", "AuditRecord", "Base", "RecordMixin", "Setting", "User"]
__all__ += ["ContactPerson", "Organisation"]
__all__ += ["ActionItem", "AgendaItem", "Meeting", "MeetingAmendment", "MeetingAttendee"]
__all__ += ["MediationCase", "MediationCaseCounter", "MediationParty", "MediationReturnVisit"]
__all__ += ["MediationSession", "MediationStatement"]
__all__ += ["PatrolPattern", "PatrolShift", "ShiftMember", "Volunteer", "VolunteerCommendation"]
__all__ += ["VolunteerTeam", "DutyLogEntry", "RoomOpening"]
__all__ += ["YouthAccessGrant", "YouthEvaluation", "YouthGradeChange", "YouthGuardian"]
__all__ += ["YouthSession", "YouthSubject", "YouthTeamMember"]
__all__ += ["ReceptionLogEntry", "ResidentOpinion"]
__all__ += ["SearchEntry"]
__all__ += ["StationAuditLink", "StationConflict", "StationImport", "StationRecordState"]
__all__ += ["StationRoom"]
__all__ += ["MeetingRating", "MeetingReport", "PoliceBriefing", "WorkReport"]

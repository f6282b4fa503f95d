"""One page per person (人员页): the same resident's records across the modules, opened from
the search box. Enter or a double click opens a record on its page (a youth subject through
its page, which asks for the purpose). The ID number and phone are shown masked."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from station_desk.i18n import _
from station_desk.services.people import PersonLink, PersonPage
from station_desk.services.worklist import WorkItem
from station_desk.ui.fonts import heading_font
from station_desk.ui.worklist import WorkListDialog


def _item(link: PersonLink) -> WorkItem:
    day = date.fromisoformat(link.when) if link.when else None
    return WorkItem(link.kind, link.record_id, link.title, link.detail, day, label=link.label)


class PersonDialog(WorkListDialog):
    """Emits `open_requested(kind, record_id)` when a record is opened (and closes)."""

    def __init__(self, page: PersonPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.setWindowTitle(_("Person: {name}").format(name=page.name))
        self.resize(760, 420)
        name = QLabel(page.name)
        name.setFont(heading_font(16))
        facts = [
            _("ID number: {number}").format(number=page.masked_id) if page.masked_id else "",
            _("Phone: {phone}").format(phone=page.masked_phone) if page.masked_phone else "",
        ]
        known = QLabel("　".join(fact for fact in facts if fact))
        count = QLabel(_("{n} records").format(n=len(page.links)))
        self.show_list([_item(link) for link in page.links], count, name, known)

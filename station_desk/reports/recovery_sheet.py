"""The recovery sheet (恢复密钥单): one A4 page with the room's recovery key, printed once at
first setup (or after the conversion to an encrypted database) and kept in the station safe.

It takes the key as text and the usual `DocumentContext`; nothing else of the room is on it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from station_desk.i18n import N_, _
from station_desk.reports.base import DataDocument
from station_desk.reports.formatting import paper_date


class RecoverySheet(DataDocument[str]):
    """The recovery key (`data`) on paper, to keep in the station's safe."""

    title = N_("Recovery key")
    printed_note = False

    def story(self) -> list[Flowable]:
        groups = self.data.split("-")
        lines = ["  ".join(groups[:4]), "  ".join(groups[4:])]
        key_style = self.styles["title"]
        return [
            self.facts_table(
                [
                    (_("Police station"), self.context.station_name),
                    (_("Police room"), self.context.room_name),
                    (_("Made on"), paper_date(self.context.printed_at.date(), self.context.language)),
                    (_("Made by"), self.context.printed_by),
                ]
            ),
            self.spacer(10),
            *(Paragraph(f'<font name="Courier-Bold">{line}</font>', key_style) for line in lines),
            self.spacer(10),
            self.paragraph(
                _(
                    "This key opens the room's encrypted database when no password works any "
                    "more (a forgotten administrator password, a lost key file). With it an "
                    "administrator can set a new password on the sign-in window (Use the "
                    "recovery key…), and `station-desk check` and `station-desk restore` accept it."
                )
            ),
            self.paragraph(
                _(
                    "Anyone holding this sheet and a copy of the data folder can read every "
                    "record, the sealed youth files included. Keep it in the station safe, "
                    "never with the computer or a backup stick. Each group of five ends with a "
                    "check character, so a typo is found at once; 0 and O, 1 and I or L are "
                    "read alike."
                )
            ),
            self.spacer(20),
            self.signature_lines([_("Handed over by"), _("Received and locked away by")]),
        ]

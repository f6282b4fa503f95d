"""The print preview of the mediation documents (agreement, record, register).

`MediationPreviewDialog` is the generic `DocumentPreviewDialog` with a `produce(language) ->
bytes` job and the case (or None for the register) that `services.mediation.record_print`
audits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import MediationDocument
from station_desk.errors import StorageError, ValidationError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.widgets.preview import DocumentPreviewDialog, Producer


def suggested_name(
    document: MediationDocument, ident: str, when: date, suffix: str = ".pdf"
) -> str:
    from station_desk.reports.base import document_filename

    return document_filename(document.label, ident, when)[: -len(".pdf")] + suffix


def save_document(
    services: Services,
    principal: Principal,
    case_id: str | None,
    document: MediationDocument,
    data: bytes,
    path: Path,
    details: Mapping[str, object] | None = None,
) -> Path:
    """Write `data` to `path` through a temporary file; audited before the file appears."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(
            "path", _("{path} is a folder; choose a file name.").format(path=target)
        )
    try:
        handle, name = tempfile.mkstemp(prefix=".station-desk-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise StorageError(_("The file could not be written: {path}").format(path=target)) from exc
    try:
        services.mediation.record_print(
            principal, case_id, document, "save", str(target.resolve()), details
        )
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return target


class MediationPreviewDialog(DocumentPreviewDialog):
    """Preview of one mediation document with Print… and Save as PDF…."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        document: MediationDocument,
        title: str,
        produce: Producer,
        case_id: str | None,
        filename: str,
        details: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        kind = MediationDocument(document)
        extra = dict(details or {})
        mediation = services.mediation
        super().__init__(
            principal,
            kind.label,
            title,
            produce,
            filename,
            lambda target: mediation.record_print(principal, case_id, kind, "print", target, extra),
            lambda data, path: save_document(services, principal, case_id, kind, data, path, extra),
            parent,
        )
        self.document_kind = kind

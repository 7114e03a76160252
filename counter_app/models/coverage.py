"""Coverage of the kecamatan: the resident list, contacts, home visits, outreach plans."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.domain.home_visit import HomeVisitStatus
from counter_app.models.base import Base, StrEnumColumn, UtcDateTime


class ResidentImport(Base):
    """One import of the resident list from Disdukcapil, and the figures it gave.

    Only the newest list is kept in ``residents``; every import keeps its figures (JSON)
    at the time it was imported and at the time a newer list replaced it.
    """

    __tablename__ = "resident_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    imported_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    figures_at_import: Mapped[str] = mapped_column(Text)  # JSON of the coverage status
    figures_at_replacement: Mapped[str] = mapped_column(Text, default="")
    replaced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Resident(Base):
    """A resident on the current list (the people who should hold a KTP-el, and younger).

    Only the NIK is indexed: the status scans the table once anyway, and every other
    index would slow the import of a quarter of a million rows.
    """

    __tablename__ = "residents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kk: Mapped[str] = mapped_column(String(16))
    nama: Mapped[str] = mapped_column(String(120))
    tanggal_lahir: Mapped[dt.date] = mapped_column(Date)
    jenis_kelamin: Mapped[str] = mapped_column(String(1))
    status_perkawinan: Mapped[str] = mapped_column(String(20))
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))
    school: Mapped[str] = mapped_column(String(120), default="")
    disabilities: Mapped[str] = mapped_column(String(60), default="")  # "fisik,sensorik"
    phone: Mapped[str] = mapped_column(String(20), default="")
    # "Sudah rekam" on Disdukcapil's list: recorded before or elsewhere, unknown here.
    recorded_per_list: Mapped[bool] = mapped_column(Boolean, default=False)


class RecordedElsewhere(Base):
    """A clerk's note that a person was recorded outside this office (kept across lists)."""

    __tablename__ = "recorded_elsewhere"

    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(120))
    noted_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    noted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ContactLog(Base):
    """One attempt to reach a person (a coverage target, an applicant waiting, ...)."""

    __tablename__ = "contact_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))  # telepon | sms | whatsapp | ...
    result: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(20), default="cakupan")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ApplicationDisability(Base):
    """The disability kinds recorded with an application, only with the person's consent."""

    __tablename__ = "application_disabilities"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"),
                                                primary_key=True)
    kinds: Mapped[str] = mapped_column(String(60))  # "fisik,sensorik"
    consent: Mapped[bool] = mapped_column(Boolean)


class HomeVisitRequest(Base):
    """A request to record someone at home (perekaman di rumah)."""

    __tablename__ = "home_visit_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(120))
    requested_by: Mapped[str] = mapped_column(String(120))  # who asked, and how related
    requester_phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200))
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    needs: Mapped[str] = mapped_column(Text, default="")
    planned_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    team: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[HomeVisitStatus] = mapped_column(StrEnumColumn(HomeVisitStatus, 12))
    outreach_event_id: Mapped[int | None] = mapped_column(ForeignKey("outreach_events.id"),
                                                          nullable=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"),
                                                       nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OutreachPlan(Base):
    """A planned outreach event and the target list it should reach."""

    __tablename__ = "outreach_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outreach_event_id: Mapped[int] = mapped_column(ForeignKey("outreach_events.id"),
                                                   unique=True)
    place: Mapped[str] = mapped_column(String(200))
    target_kind: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class OutreachPlanTarget(Base):
    """One person a plan should reach (a copy: it outlives a replaced resident list)."""

    __tablename__ = "outreach_plan_targets"

    plan_id: Mapped[int] = mapped_column(ForeignKey("outreach_plans.id"), primary_key=True)
    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    nama: Mapped[str] = mapped_column(String(120))
    kelurahan_code: Mapped[str] = mapped_column(String(13))
    rt: Mapped[str] = mapped_column(String(3))
    rw: Mapped[str] = mapped_column(String(3))

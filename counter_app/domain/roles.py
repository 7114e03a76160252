"""Roles and what each may do. Services check these; hiding a button is not enough."""

from __future__ import annotations

import enum

from counter_app.domain.errors import NotAllowed


class Role(enum.StrEnum):
    """A user's role in the office."""

    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    CAMAT = "camat"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """The role as the office names it."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.OPERATOR: "Petugas loket",
    Role.SUPERVISOR: "Supervisor (Kasi Pelayanan)",
    Role.CAMAT: "Camat",
    Role.ADMIN: "Admin",
}


class Permission(enum.StrEnum):
    """One kind of action a service guards."""

    SERVE = "serve"                    # queue, recording, printing, pickup
    OVERRIDE = "override"              # document checklist override, later day changes
    MANAGE_STOCK = "manage_stock"      # blanko corrections
    CLOSE_DAY = "close_day"
    EXPORT_FULL_NIK = "export_full_nik"
    READ_REPORTS = "read_reports"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    READ_AUDIT = "read_audit"
    BACKUP = "backup"                  # a copy of the whole database
    RESTORE = "restore"                # replace the database with a backup
    MANAGE_COVERAGE = "manage_coverage"  # the resident list, target lists, outreach plans
    MANAGE_OUTREACH = "manage_outreach"  # pair laptops, import their packets, conflicts
    DECIDE_RETURNED = "decide_returned"  # resend or cancel what Disdukcapil returned


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: frozenset({Permission.SERVE}),
    Role.SUPERVISOR: frozenset({
        Permission.SERVE, Permission.OVERRIDE, Permission.MANAGE_STOCK,
        Permission.CLOSE_DAY, Permission.EXPORT_FULL_NIK, Permission.READ_REPORTS,
        Permission.READ_AUDIT, Permission.BACKUP, Permission.MANAGE_COVERAGE,
        Permission.MANAGE_OUTREACH, Permission.DECIDE_RETURNED,
    }),
    Role.CAMAT: frozenset({Permission.READ_REPORTS}),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS,
                           Permission.READ_REPORTS, Permission.READ_AUDIT,
                           Permission.BACKUP, Permission.RESTORE}),
}

_DENIED: dict[Permission, str] = {
    Permission.SERVE: "melayani pemohon",
    Permission.OVERRIDE: "memberi persetujuan pengecualian",
    Permission.MANAGE_STOCK: "mengoreksi stok blanko",
    Permission.CLOSE_DAY: "menutup layanan harian",
    Permission.EXPORT_FULL_NIK: "mengekspor NIK lengkap",
    Permission.READ_REPORTS: "membaca laporan",
    Permission.MANAGE_USERS: "mengelola pengguna",
    Permission.MANAGE_SETTINGS: "mengubah pengaturan",
    Permission.READ_AUDIT: "membaca log audit",
    Permission.BACKUP: "membuat cadangan basis data",
    Permission.RESTORE: "memulihkan basis data dari cadangan",
    Permission.MANAGE_COVERAGE: "mengelola daftar penduduk dan sasaran cakupan",
    Permission.MANAGE_OUTREACH: "mengelola laptop jemput bola",
    Permission.DECIDE_RETURNED: ("mengirim ulang atau membatalkan berkas yang dikembalikan "
                                 "Disdukcapil; hanya supervisor yang dapat melakukannya"),
}


def can(role: Role, permission: Permission) -> bool:
    """True when ``role`` holds ``permission``."""
    return permission in PERMISSIONS[role]


def require(role: Role, permission: Permission) -> None:
    """Raise NotAllowed, with a message naming the role and the action, unless allowed."""
    if not can(role, permission):
        raise NotAllowed(
            f"Peran {role.label} tidak berwenang {_DENIED[permission]}."
        )

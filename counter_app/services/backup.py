"""Backups of the database, and restoring one.

SQLite: a consistent copy made with SQLite's online backup API while the app runs,
switched out of WAL mode (one self-contained file) and checked with
``PRAGMA integrity_check``. PostgreSQL: ``pg_dump`` of the app's schema in its custom
format, checked with ``pg_restore --list``. Each backup gets a SHA-256 file beside it
(``NAME.sha256``), an audit row, and a name taken atomically, so two backups in the same
second (two day closes, two processes) never collide. Day close makes one automatically
in ``backups/`` and keeps the last 30 whole backups.

A restore checks the file is this app's database before anything is replaced (not empty,
SHA-256 as made, SQLite's integrity check or pg_restore's listing, a known schema
revision, an office profile, an intact audit chain), refuses while any other process of
the app has the database open, keeps a safety copy of what it replaces under a unique
name, and can restore to a new file or database instead.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from counter_app.db import (
    PG_OPEN_LOCK,
    Database,
    DatabaseError,
    copy_sqlite,
    copy_sqlite_unique,
    exclusive_access,
    mask_url,
    publish_as,
    publish_unique,
    sqlite_path,
)
from counter_app.domain.clock import local, utc_now
from counter_app.domain.errors import CounterError, NotAllowed
from counter_app.domain.roles import Permission
from counter_app.models import Office
from counter_app.paths import data_dir, private_dir, write_private
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor

KEEP_DAILY = 30
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_TIMEOUT_S = 600


@dataclass(frozen=True)
class BackupInfo:
    """A backup that was made and checked."""

    path: Path
    size: int
    sha256: str


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    source: Path
    target: str
    kept: Path | None
    revision: str
    audit_rows: int


# --- names and files --------------------------------------------------------------------

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _write_sidecar(path: Path, digest: str) -> None:
    write_private(_sidecar(path), f"{digest}  {path.name}\n".encode())


def _stamp(now: dt.datetime | None) -> str:
    """The moment on the office's clock, to the second (a counter follows it)."""
    moment = now or utc_now()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return f"{local(moment):%Y%m%d-%H%M%S}"


def _is_pg(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _require_file_db(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise DatabaseError("Basis data ini bukan berkas SQLite maupun PostgreSQL; cadangan "
                            "tidak dapat dibuat.")
    if not path.exists():
        raise DatabaseError(f"Berkas basis data {path} tidak ada.")
    return path


def backup_folder(url: str) -> Path:
    """Where automatic backups go: beside an SQLite file, else in this PC's data folder."""
    if _is_pg(url):
        return data_dir() / "backups"
    return _require_file_db(url).parent / "backups"


def backup_stem(db: Database) -> str:
    """The name every backup of this database starts with."""
    if not _is_pg(db.url):
        return _require_file_db(db.url).stem
    parsed = make_url(db.url)
    return f"{parsed.database or 'pg'}-{_pg_schema(db)}"


def _suffix(url: str) -> str:
    return ".dump" if _is_pg(url) else ".db"


def automatic_backups(folder: Path, stem: str, suffix: str) -> list[Path]:
    """The automatic backups of ``stem`` in ``folder``, oldest first.

    Only whole backups count: the backup files themselves (``STEM-YYYYMMDD-HHMMSS-NNN``
    and the older ``STEM-YYYYMMDD-HHMMSS``), never their SHA-256 files, unfinished
    temporary files or leftover -wal/-shm files.
    """
    found = []
    for path in folder.glob(f"{stem}-*{suffix}"):
        rest = path.name[len(stem) + 1:-len(suffix)].split("-")
        if (len(rest) in (2, 3) and all(part.isdigit() for part in rest)
                and len(rest[0]) == 8 and len(rest[1]) == 6):
            found.append(path)
    return sorted(found)


def prune(folder: Path, stem: str, suffix: str, keep: int = KEEP_DAILY) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups, each with its companions."""
    removed = []
    for old in automatic_backups(folder, stem, suffix)[:-keep]:
        for companion in (old, _sidecar(old), old.with_name(old.name + "-wal"),
                          old.with_name(old.name + "-shm"),
                          old.with_name(old.name + "-journal")):
            companion.unlink(missing_ok=True)
        removed.append(old)
    return removed


# --- making a backup --------------------------------------------------------------------

def integrity(path: Path) -> str:
    """SQLite's own check of a database file: "ok", or what is wrong (read-only)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows)


def make_backup(db: Database, actor: Actor, out: Path | None = None, *,
                now: dt.datetime | None = None) -> BackupInfo:
    """Back up the database now (supervisor or admin) and check the copy.

    ``out`` None: an automatic backup in ``backups/`` under a new unique name, the oldest
    beyond 30 removed. ``out`` given: exactly that file, refused when it exists. The
    backup is audited; a failure raises DatabaseError and leaves no partial file.
    """
    actor.require(Permission.BACKUP)
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.BACKUP)
    automatic = out is None
    try:
        info = _make(db, out, now)
    except DatabaseError as exc:
        with db.transaction() as session:
            audit.record(session, actor, "backup.failed", reason=exc.message[:500])
        raise
    with db.transaction() as session:
        audit.record(session, actor, "backup.make", info.path.name,
                     after={"file": str(info.path), "size": info.size,
                            "sha256": info.sha256, "automatic": automatic})
    return info


_OS_REASONS = {
    errno.ENOSPC: "disk penuh", errno.EACCES: "tidak ada izin menulis",
    errno.EPERM: "tidak ada izin menulis", errno.EROFS: "disk hanya-baca",
    errno.ENOTDIR: "ada berkas biasa di tempat folder itu", errno.ENOENT: "folder tidak ada",
    errno.EIO: "kesalahan baca/tulis disk", errno.EDQUOT: "kuota disk habis",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in words the supervisor reads."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing was made there


def _make(db: Database, out: Path | None, now: dt.datetime | None) -> BackupInfo:
    suffix = _suffix(db.url)
    target_folder = out.parent if out is not None else backup_folder(db.url)
    stem = backup_stem(db)
    tmp = target_folder / f".{stem}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        folder = private_dir(target_folder)
        if _is_pg(db.url):
            _pg_dump(db, tmp)
        else:
            copy_sqlite(_require_file_db(db.url), tmp)
            result = integrity(tmp)
            if result != "ok":
                raise DatabaseError(f"Salinan cadangan rusak: {result}.")
        digest = _sha256(tmp)
        size = tmp.stat().st_size
        if out is None:
            made = publish_unique(tmp, folder, f"{stem}-{_stamp(now)}", suffix)
        else:
            publish_as(tmp, out)
            made = out
        _write_sidecar(made, digest)
    except OSError as exc:
        raise DatabaseError(f"Folder cadangan {target_folder} tidak dapat ditulis "
                            f"({os_reason(exc)}).") from None
    except sqlite3.Error as exc:
        raise DatabaseError(f"Salinan cadangan gagal dibuat: {exc}.") from None
    finally:
        _discard(tmp)
    if out is None:
        prune(folder, stem, suffix)
    return BackupInfo(made, size, digest)


# --- checking a backup ------------------------------------------------------------------

def _check_file(path: Path) -> None:
    """Refuse a missing, empty or altered file (the SHA-256 written when it was made)."""
    if not path.is_file():
        raise DatabaseError(f"Berkas cadangan {path} tidak ada.")
    if path.stat().st_size == 0:
        raise DatabaseError(f"Berkas cadangan {path.name} kosong (0 bita): bukan cadangan.")
    sidecar = _sidecar(path)
    if sidecar.is_file():
        expected = sidecar.read_text("utf-8", "replace").split()[:1]
        if expected and expected[0].lower() != _sha256(path):
            raise DatabaseError(f"Berkas cadangan {path.name} telah berubah sejak dibuat: "
                                f"SHA-256-nya tidak cocok dengan {sidecar.name}.")


def _require_sidecar(path: Path, unchecked: bool) -> None:
    """After the content checks: a backup without its SHA-256 file is not restored blind."""
    sidecar = _sidecar(path)
    if not sidecar.is_file() and not unchecked:
        raise DatabaseError(f"Sidik SHA-256 {sidecar.name} tidak ada di samping cadangan, "
                            "jadi perubahan pada berkas tidak dapat diperiksa. Salin "
                            "berkasnya juga, atau pulihkan dengan --tanpa-sidik bila Anda "
                            "yakin cadangan ini utuh.")


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows."""
    from alembic.script import ScriptDirectory

    from counter_app.db import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in scripts.walk_revisions()}


def _check_app_database(engine: Engine, name: str) -> str:
    """Refuse a database that is not this app's; return its (known) schema revision."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            raise DatabaseError(f"{name} bukan basis data Loket KTP-el (tidak ada versi "
                                "skema).")
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    revision = str(row[0]) if row else ""
    if revision not in known_revisions():
        raise DatabaseError(f"{name} memakai skema '{revision}' yang tidak dikenal versi "
                            "aplikasi ini (mungkin dari versi yang lebih baru).")
    return revision


def _check_contents(session: Session, name: str) -> int:
    """Refuse a database without an office profile or with a broken audit chain."""
    if session.execute(select(Office.id)).first() is None:
        raise DatabaseError(f"{name} tidak berisi profil kantor: bukan basis data kantor.")
    chain = audit.verify_chain(session)
    if not chain.ok:
        raise DatabaseError(f"Log audit di {name} tidak utuh: {chain.message}")
    return chain.rows


def _head() -> str:
    from counter_app.db import SCHEMA_HEAD

    return SCHEMA_HEAD


# --- restoring --------------------------------------------------------------------------

def restore(url: str, backup: Path, actor: Actor, *, to: str | None = None,
            unchecked: bool = False, other_office: bool = False) -> RestoreResult:
    """Replace the database at ``url`` with ``backup`` (admin), or restore it to ``to``.

    ``actor`` logged in to the database being replaced (or, for a new target, to the
    office's database). Nothing is replaced unless every check passes; a restore in
    place refuses while another process has the database open and keeps a safety copy
    (``NAME.sebelum-pulih-...``) of what it replaced. The restored database gets a
    ``backup.restore`` audit row naming who, from which file, and the safety copy.
    """
    actor.require(Permission.RESTORE)
    actor = _logged_in(url, actor)
    try:
        return _restore(url, backup, actor, to=to, unchecked=unchecked,
                        other_office=other_office)
    except CounterError as exc:
        _record_refusal(url, backup, actor, to, exc.message)
        raise


def _restore(url: str, backup: Path, actor: Actor, *, to: str | None, unchecked: bool,
             other_office: bool) -> RestoreResult:
    target = to or url
    _check_file(backup)
    if _is_pg(target):
        _pg_list(backup)
        _require_sidecar(backup, unchecked)
        return _restore_pg(target, backup, actor, new=to is not None)
    if _is_pg(url) and to is None:
        raise DatabaseError("Basis data ini PostgreSQL: pulihkan dari berkas .dump.")
    return _restore_sqlite(target, backup, actor, new=to is not None,
                           other_office=other_office, unchecked=unchecked)


def _record_refusal(url: str, backup: Path, actor: Actor, to: str | None,
                    message: str) -> None:
    """Audit a refused restore in the office's database: who tried, which file, why.

    A restore that would have replaced the office's history is worth a row even when it
    was refused (another office's backup, a file edited by hand). When that database
    cannot be written just now, the refusal the admin sees is all there is.
    """
    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session, session.begin():
            acting = load_actor(session, actor, Permission.RESTORE)
            audit.record(session, acting, "backup.restore_refused", backup.name[:100],
                         after={"from": str(backup)[:300],
                                "target": mask_url(to) if to else "",
                                "reason": message[:300]})
    except (SQLAlchemyError, CounterError):
        pass
    finally:
        engine.dispose()


def _logged_in(url: str, actor: Actor) -> Actor:
    """The actor as the office's database knows them: an admin with an open login."""
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise NotAllowed(f"Basis data {path.name} tidak ada, jadi tidak ada yang masuk ke "
                         "dalamnya untuk memulihkan.")
    # A bare engine: this check must not enter the process in the open-lock list.
    engine = create_engine(url, poolclass=NullPool)
    try:
        with Session(engine) as session, session.begin():
            return load_actor(session, actor, Permission.RESTORE)
    finally:
        engine.dispose()


def _office_code(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(Office.kecamatan_code)).scalar_one_or_none()


def _restore_sqlite(url: str, backup: Path, actor: Actor, *, new: bool,
                    other_office: bool = False, unchecked: bool = False) -> RestoreResult:
    target = sqlite_path(url)
    if target is None:
        raise DatabaseError("Tujuan pemulihan bukan berkas SQLite.")
    if new and target.exists():
        raise DatabaseError(f"Berkas tujuan {target} sudah ada; pilih berkas baru.")
    if not new and not target.exists():
        raise DatabaseError(f"Berkas basis data {target} tidak ada; untuk memulihkan ke "
                            "berkas baru, sebutkan tujuannya.")
    with backup.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise DatabaseError(f"Berkas {backup.name} bukan basis data SQLite.")
    folder = private_dir(target.parent)
    tmp = folder / f".{target.name}.pulih-{uuid.uuid4().hex[:8]}.tmp"
    try:
        # Work on a private copy: the checked file is exactly the file put in place.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        shutil.copyfile(backup, tmp)
        result = integrity(tmp)
        if result != "ok":
            raise DatabaseError(f"Berkas cadangan {backup.name} rusak atau bukan basis data: "
                                f"{result}.")
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=DELETE")
        finally:
            con.close()
        engine = create_engine(f"sqlite:///{tmp}", poolclass=NullPool)
        try:
            revision = _check_app_database(engine, backup.name)
            if revision != _head():
                _upgrade(engine)
                revision = _head()
            with Session(engine) as session, session.begin():
                rows = _check_contents(session, backup.name)
            _require_sidecar(backup, unchecked)
            if not new and not other_office:
                # Another office's backup would silently replace this office's history.
                current_engine = create_engine(url, poolclass=NullPool)
                try:
                    current = _office_code(current_engine)
                finally:
                    current_engine.dispose()
                incoming = _office_code(engine)
                if current is not None and incoming != current:
                    raise DatabaseError(
                        f"Cadangan {backup.name} milik kantor lain (kecamatan {incoming}), "
                        f"bukan kantor ini ({current}); tidak dipulihkan. Bila memang "
                        "disengaja, ulangi dengan --kantor-lain.")
            if new:
                _record_restore(engine, actor, backup, str(target), None)
                engine.dispose()
                publish_as(tmp, target)
                return RestoreResult(backup, str(target), None, revision, rows)
            with exclusive_access(target):
                stamp = _stamp(None)
                kept = copy_sqlite_unique(target, target.parent,
                                          f"{target.stem}.sebelum-pulih-{stamp}",
                                          target.suffix or ".db")
                _record_restore(engine, actor, backup, str(target), kept)
                engine.dispose()
                for leftover in ("-wal", "-shm", "-journal"):
                    target.with_name(target.name + leftover).unlink(missing_ok=True)
                os.replace(tmp, target)
            return RestoreResult(backup, str(target), kept, revision, rows)
        finally:
            engine.dispose()
    except OSError as exc:
        raise DatabaseError(f"Pemulihan gagal; basis data tidak diubah ({os_reason(exc)}).") \
            from None
    except sqlite3.Error as exc:
        raise DatabaseError(f"Pemulihan gagal; basis data tidak diubah: {exc}.") from None
    finally:
        for leftover in ("", "-wal", "-shm", "-journal"):
            _discard(tmp.with_name(tmp.name + leftover))


def _upgrade(engine: Engine) -> None:
    from alembic import command

    from counter_app.db import alembic_config

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def _record_restore(engine: Engine, actor: Actor, backup: Path, target: str,
                    kept: Path | None) -> None:
    # The acting user may not exist (with that id) in the restored data: name them.
    with Session(engine) as session, session.begin():
        audit.record(session, None, "backup.restore", backup.name,
                     username=actor.username,
                     after={"from": str(backup), "sha256": _sha256(backup),
                            "target": target, "kept": str(kept) if kept else "",
                            "role": actor.role.value})


# --- PostgreSQL -------------------------------------------------------------------------

def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(
            f"Program {name} tidak ditemukan. Pasang alat klien PostgreSQL (Linux: paket "
            "postgresql-client; Windows: PostgreSQL dari situs resminya, pilih "
            f"'Command Line Tools') dan pastikan folder bin-nya ada di PATH.")
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment that carries it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True,
                              timeout=PG_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DatabaseError(f"{what} gagal: {exc}.") from None
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.strip().splitlines() if ln.strip()]
        detail = (lines[0] if lines else f"kode keluar {done.returncode}")[:300]
        raise DatabaseError(f"{what} gagal: {detail}")


def _pg_schema(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def _pg_dump(db: Database, out: Path) -> None:
    tool = _tool("pg_dump")
    uri, env = _libpq(db.url)
    os.close(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    _run([tool, "--format=custom", "--no-owner", "--no-privileges",
          f"--schema={_pg_schema(db)}", f"--file={out}", f"--dbname={uri}"], env,
         "pg_dump")
    _pg_list(out)


def _pg_list(path: Path) -> None:
    tool = _tool("pg_restore")
    try:
        done = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True,
                              timeout=PG_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DatabaseError(f"pg_restore gagal: {exc}.") from None
    if done.returncode != 0 or "TABLE DATA" not in done.stdout:
        raise DatabaseError(f"Berkas {path.name} bukan cadangan pg_dump yang utuh.")


@contextmanager
def _pg_exclusive(url: str) -> Iterator[None]:
    """Hold the PostgreSQL open-lock alone: refuse while another app connection exists."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            if not conn.execute(text(f"SELECT pg_try_advisory_lock({PG_OPEN_LOCK})")).scalar():
                who = conn.execute(text(
                    "SELECT a.application_name, a.client_addr, a.backend_start "
                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
                    "AND l.classid = hashtext(current_schema())::oid AND l.objid = 0 "
                    "AND l.database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database()) ORDER BY a.backend_start")).all()
                names = "; ".join(
                    f"{row[0] or '?'} dari {row[1] or 'server'} (sejak "
                    f"{row[2].astimezone():%d-%m-%Y %H:%M})" for row in who) or "proses lain"
                raise DatabaseError(f"Basis data masih dibuka oleh: {names}. Tutup aplikasi di "
                                    "komputer tersebut dahulu, lalu ulangi pemulihan.")
            try:
                yield
            finally:
                conn.execute(text(f"SELECT pg_advisory_unlock({PG_OPEN_LOCK})"))
    finally:
        engine.dispose()


def _restore_pg(url: str, backup: Path, actor: Actor, *, new: bool) -> RestoreResult:
    restore_tool = _tool("pg_restore")
    uri, env = _libpq(url)
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            existing = inspect(conn).has_table("alembic_version")
        if new and existing:
            raise DatabaseError(f"Basis data tujuan {mask_url(url)} sudah berisi data; "
                                "pilih basis data yang kosong.")
        args = [restore_tool, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                "--single-transaction", "--exit-on-error", f"--dbname={uri}", str(backup)]
        with _pg_exclusive(url):
            kept = None
            if existing:
                kept = _pg_safety_copy(url, engine)
            _run(args, env, "pg_restore")
            try:
                revision = _check_app_database(engine, backup.name)
                if revision != _head():
                    _upgrade(engine)
                    revision = _head()
                with Session(engine) as session, session.begin():
                    rows = _check_contents(session, backup.name)
            except DatabaseError:
                if kept is not None:  # put back what was there
                    _run([*args[:-1], str(kept)], env, "pg_restore (mengembalikan data lama)")
                raise
            _record_restore(engine, actor, backup, mask_url(url), kept)
        return RestoreResult(backup, mask_url(url), kept, revision, rows)
    finally:
        engine.dispose()


def _pg_safety_copy(url: str, engine: Engine) -> Path:
    with engine.connect() as conn:
        schema = str(conn.execute(text("SELECT current_schema()")).scalar_one())
    parsed = make_url(url)
    folder = private_dir(data_dir() / "backups")
    stem = f"{parsed.database or 'pg'}-{schema}"
    tmp = folder / f".{stem}.{uuid.uuid4().hex[:8]}.tmp"
    uri, env = _libpq(url)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--schema={schema}", f"--file={tmp}", f"--dbname={uri}"], env, "pg_dump")
        kept = publish_unique(tmp, folder, f"{stem}.sebelum-pulih-{_stamp(None)}", ".dump")
        _write_sidecar(kept, _sha256(kept))
        return kept
    finally:
        tmp.unlink(missing_ok=True)

"""Realistic demo activity, made only through the app's own services (never raw inserts).

Working days of a kecamatan office in January 2019 style: a morning peak of walk-ins,
mostly first-time applicants, priority tickets, no-shows and transfers, replacements
forwarded to Disdukcapil and coming back, local prints with a few spoiled blanks, a
SUKET when the blanko runs out, pickups, an outreach event, and each past day closed.
And the cases a real counter meets every week (issue 10): a NIK whose birth date
disagrees with the akta, a corrected birth date, a lost or damaged card with a data
change, a family that moved in (pindah datang), people from another kecamatan or city
(luar domisili), a married 16-year-old with the marriage deed, a foreign resident with a
KITAP, and IKD activations at their own queue service. The same seed gives the same data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from counter_app.db import Database
from counter_app.domain.batches import BatchStatus, ItemState
from counter_app.domain.cases import CaseType, DataElement, required_documents
from counter_app.domain.clock import office_day, office_tz, utc_now
from counter_app.domain.errors import CounterError
from counter_app.domain.ikd import NOT_ACTIVATED_REASONS, IkdForm
from counter_app.domain.lifecycle import Status
from counter_app.domain.recording import CardData, MismatchNote, MismatchReason, Modality
from counter_app.domain.reference import AGAMA, pekerjaan
from counter_app.domain.routing import Route
from counter_app.domain.working_days import is_working_day
from counter_app.services import batches, ikd, queue
from counter_app.services import card_printing as cp
from counter_app.services import pickup as pk
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.services.actor import Actor
from counter_app.services.day_close import close_day, is_closed
from counter_app.services.demo import DEMO_PASSWORD, create_demo_office
from counter_app.services.office import get_office, load_wilayah
from counter_app.services.office_days import national_holidays
from counter_app.services.users import authenticate

MEN = ("Ahmad", "Muhammad", "Rizki", "Budi", "Fajar", "Rahmat", "Hendra", "Dedi", "Agus",
       "Bayu", "Andi", "Yusuf", "Arif", "Dimas", "Ilham")
WOMEN = ("Siti", "Dewi", "Nurul", "Putri", "Rina", "Ayu", "Fitri", "Indah", "Rahma", "Sri",
         "Wulan", "Aisyah", "Nabila", "Lestari", "Maya")
FAMILY = ("Saputra", "Hidayat", "Lestari", "Pratama", "Kurniawan", "Wijaya", "Santoso",
          "Rahmawati", "Susanti", "Firmansyah", "Nugroho", "Ramadhan", "Anggraini")
PHONES = ("Samsung Galaxy A14", "Oppo A17", "Xiaomi Redmi 12", "Vivo Y17s", "Realme C55",
          "iPhone 11")
# Addresses elsewhere: other kecamatan of Palembang, and Ogan Ilir / Banyuasin typed in.
ELSEWHERE = ("16.71.05.1002", "16.71.02.1003", "16.71.09.1001", "16.10.01.2001",
             "16.07.10.2005")
# Arrivals per hour: most come in the morning.
HOUR_WEIGHTS = {8: 26, 9: 24, 10: 17, 11: 11, 12: 4, 13: 8, 14: 6, 15: 4}


@dataclass
class _Counter:
    id: int
    actor: Actor
    free_at: dt.datetime


@dataclass
class DemoResult:
    """What the demo made."""

    days: list[dt.date] = field(default_factory=list)
    tickets: int = 0
    recordings: int = 0


def _at(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second,
                       tzinfo=office_tz()).astimezone(dt.UTC)


def working_days(last: dt.date, count: int) -> list[dt.date]:
    """The ``count`` working days ending on or before ``last``.

    Monday to Friday, without Indonesia's public holidays and cuti bersama (the same
    calendar a slip's ready date skips, services/office_days.py): a demo never serves
    on Christmas Day.
    """
    days: list[dt.date] = []
    day = last
    while len(days) < count:
        if is_working_day(day, _Holidays()):
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


class _Holidays:
    """National holidays of any year, as a container of dates."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and day in national_holidays(day.year)


class _Generator:
    def __init__(self, db: Database, seed: int, arrivals: tuple[int, int] = (40, 60)) -> None:
        self.db = db
        self.rng = random.Random(seed)
        self.arrivals = arrivals
        self.rejected = False  # one rejection from Disdukcapil per demo (issue 11)
        self.misprinted = False  # and one misprint found at the counter
        # Issue 11: cards left uncollected and 16-year-olds waiting for their 17th
        # birthday; the simulated days neither hand these over nor print them.
        self.keep_waiting: set[int] = set()
        self.birthday_ids: set[int] = set()
        office = get_office(db)
        assert office is not None
        self.office = office
        self.kelurahan = [r.code for r in load_wilayah(db).children(office.kecamatan_code)]
        self.clerks = [authenticate(db, name, DEMO_PASSWORD)
                       for name in ("petugas1", "petugas2", "kasi")]
        self.kasi = self.clerks[2]
        self.people = 0
        self.counters: list[_Counter] = []
        self.blanko_serial = 1000

    # --- people ---------------------------------------------------------------------

    def printed_serial(self, application_id: int) -> str:
        """The blank a card was printed on, as the clerk reads it off the card."""
        from sqlalchemy import select

        from counter_app.models import BlankoEntry

        with self.db.read_session() as session:
            return session.execute(select(BlankoEntry.blanko_serial).where(
                BlankoEntry.application_id == application_id, BlankoEntry.kind == "used")
                .order_by(BlankoEntry.id.desc()).limit(1)).scalar_one_or_none() or ""

    def person(self, day: dt.date, case: CaseType, age: int | None = None,
               variant: str = "", born_on: dt.date | None = None) -> rec.RecordingInput:
        """A generated applicant; ``variant`` is one of the real-counter cases.

        ``akta`` (the NIK's birth date is not the akta's), ``tgl`` (a correction of the
        birth date), ``combined`` (with a change of marital status), ``luar`` (address
        elsewhere), ``married16`` (16, married, with the deed).
        """
        rng = self.rng
        self.people += 1
        sex = rng.choice("LP")
        if age is None:
            age = 17 if case is CaseType.BARU and rng.random() < 0.75 else rng.randint(18, 60)
        born = day - dt.timedelta(days=365 * age + rng.randint(10, 300))
        if case is CaseType.BARU and age == 16:
            born = day - dt.timedelta(days=365 * 16 + rng.randint(30, 200))
        first = rng.choice(MEN if sex == "L" else WOMEN)
        nama = f"{first} {rng.choice(FAMILY)}"
        if variant == "married16":
            born = day - dt.timedelta(days=365 * 16 + rng.randint(30, 200))
        if born_on is not None:
            born = born_on
        nik_day = born.day + (40 if sex == "P" else 0)
        region = "167104" if case is not CaseType.PINDAH_DATANG else rng.choice(
            ("327301", "317404", "167203"))
        nik = f"{region}{nik_day:02d}{born.month:02d}{born.year % 100:02d}{self.people:04d}"
        issued = day - dt.timedelta(days=rng.randint(200, 3000))
        kk = f"167104{issued:%d%m%y}{rng.randint(1, 9999):04d}"
        married = (age >= 25 and rng.random() < 0.6) or variant == "married16"
        card = CardData(
            nama=nama, tempat_lahir=rng.choice(("Palembang", "Palembang", "Prabumulih",
                                                "Lahat", "Baturaja")),
            tanggal_lahir=born, jenis_kelamin=sex, golongan_darah=rng.choice(
                ("A", "B", "AB", "O", "O+", "Tidak Tahu")),
            agama=rng.choices(AGAMA[:5], weights=(88, 5, 3, 1, 3))[0],
            status_perkawinan="Kawin" if married else "Belum Kawin",
            pekerjaan="PELAJAR/MAHASISWA" if age < 23 else rng.choice(pekerjaan()[1:40]),
            kewarganegaraan="WNA" if case is CaseType.WNA else "WNI",
            alamat=f"Jl. {rng.choice(FAMILY)} No. {rng.randint(1, 99)}",
            rt=f"{rng.randint(1, 30):03d}", rw=f"{rng.randint(1, 9):03d}",
            kelurahan_code=rng.choice(self.kelurahan),
            phone=f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}")
        changed: frozenset[DataElement] = frozenset()
        notes: dict[str, MismatchNote] = {}
        if case is CaseType.PERUBAHAN_DATA or variant == "combined":
            changed = frozenset({DataElement.STATUS_PERKAWINAN})
        if variant in ("akta", "tgl"):
            # The akta's birth date is a few days off the one the NIK was issued with.
            card = dataclasses.replace(card, tanggal_lahir=born + dt.timedelta(
                days=rng.choice((-3, -1, 2, 5))))
            notes = {"tanggal_lahir": MismatchNote(MismatchReason.AKTA)}
        if variant == "tgl":
            changed = frozenset({DataElement.TEMPAT_TANGGAL_LAHIR})
            notes = {"tanggal_lahir": MismatchNote(MismatchReason.DATA_CHANGE)}
        if variant == "luar":
            card = dataclasses.replace(card, kelurahan_code=rng.choice(ELSEWHERE))
        if case is CaseType.WNA:
            card = dataclasses.replace(card, nama=rng.choice(
                ("Kenji Tanaka", "Li Wei", "Nguyen Van An", "Park Ji-hoon")),
                tempat_lahir=rng.choice(("Osaka", "Guangzhou", "Hanoi", "Busan")))
        married16 = variant == "married16"
        docs = {d.code: True for d in required_documents(case, changed,
                                                         married_minor=married16)}
        modalities = {m.value: {"status": "captured", "quality": rng.randint(45, 95)}
                      for m in Modality}
        exception_photo = None
        if rng.random() < 0.04:
            modalities["R2"] = {"status": "exception", "reason": "Jari terluka atau diperban"}
            exception_photo = b"foto-pengecualian"
        return rec.RecordingInput(
            nik=nik, kk=kk, case_type=case, card=card, documents=docs,
            document_details={
                "SURAT_KEHILANGAN": {
                    "nomor": f"LP/B/{rng.randint(100, 999)}/I/{day.year}/SUMSEL",
                    "tanggal": (day - dt.timedelta(days=2)).isoformat()},
                "SKPWNI": {"nomor": f"SKPWNI/{nik[:4]}/{rng.randint(100, 999)}/{day.year}"},
                "PASPOR": {"nomor": f"TR{rng.randint(1_000_000, 9_999_999)}"},
                "KITAP": {"nomor": f"2C11AB{rng.randint(1000, 9999)}",
                          "berlaku_sampai": day.replace(year=day.year + 5).isoformat()}},
            biometrics=rec.BiometricsInput(b"foto", b"ttd", modalities, exception_photo,
                                           device="Perangkat simulasi"),
            changed_elements=changed, nik_notes=notes)

    # --- one day --------------------------------------------------------------------

    def day(self, day: dt.date, close: bool, outreach: bool) -> tuple[int, int]:
        rng = self.rng
        counters = [_Counter(cid, actor, _at(day, 8, 0))
                    for (cid, _n, _name), actor in zip(queue.counters(self.db), self.clerks,
                                                       strict=False)]
        self.counters = counters
        balance = cp.stock_status(self.db).balance
        if day.weekday() == 0 or balance < 10:
            quantity = rng.choice((30, 40, 50))
            cp.receive_blanko(self.db, self.kasi, quantity, "Disdukcapil Kota Palembang",
                              f"BA/{rng.randint(10, 99)}/{day:%m}/{day.year}",
                              now=_at(day, 7, 45))
        arrivals = []
        for _ in range(rng.randint(*self.arrivals)):
            hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
            arrivals.append(_at(day, hour, rng.randint(0, 59), rng.randint(0, 59)))
        arrivals.sort()
        tickets = []
        for moment in arrivals:
            service = rng.choices("ABCDE", weights=(55, 16, 19, 5, 5))[0]
            tickets.append(queue.issue_ticket(self.db, service, priority=rng.random() < 0.08,
                                          source=rng.choice(("kiosk", "kiosk", "counter")),
                                          actor=None, now=moment))
        recorded = 0
        for ticket in tickets:
            counter = min(counters, key=lambda c: c.free_at)
            if counter.free_at > _at(day, 16, 0):
                break  # closing time: the rest are closed as not served at day close
            called = max(counter.free_at, ticket.issued_at + dt.timedelta(minutes=2))
            recorded += self.serve(counter, ticket, called)
        if outreach:
            event = rec.create_outreach_event(self.db, self.clerks[0],
                                              "SMA Negeri 6 Palembang", "sekolah", day)
            for i in range(rng.randint(6, 10)):
                # Pupils of a city school live all over the city and beyond.
                data = self.person(day, CaseType.BARU, age=17,
                                   variant="luar" if rng.random() < 0.3 else "")
                rec.save_recording(self.db, self.clerks[0], _replace(
                    data, outreach_event_id=event.id), now=_at(day, 9, 5 * i))
                recorded += 1
        self.print_cards(day)
        self.forward(day)
        self.after_recording(day)
        if close and not is_closed(self.db, day):
            close_day(self.db, self.kasi, day, now=_at(day, 16, 5))
        return len(tickets), recorded

    def serve(self, counter: _Counter, ticket: queue.TicketInfo, called: dt.datetime) -> int:
        rng = self.rng
        db, actor = self.db, counter.actor
        queue.call_number(db, actor, counter.id, ticket.number, now=called)
        if rng.random() < 0.06:  # called twice, never came
            queue.recall(db, actor, counter.id, now=called + dt.timedelta(minutes=1))
            queue.mark_no_show(db, actor, counter.id, now=called + dt.timedelta(minutes=3))
            counter.free_at = called + dt.timedelta(minutes=3)
            return 0
        start = called + dt.timedelta(minutes=1)
        queue.start_service(db, actor, counter.id, now=start)
        if ticket.service_prefix == "A" and rng.random() < 0.05:
            # Came for recording but needs a replacement: same number, service B, and
            # called again when a counter is free.
            moved = queue.transfer(db, actor, counter.id, to_service="B", now=start)
            counter.free_at = start + dt.timedelta(minutes=1)
            nxt = min(self.counters, key=lambda c: c.free_at)
            return self.serve(nxt, moved, max(nxt.free_at, counter.free_at)
                              + dt.timedelta(minutes=2))
        recorded = 0
        minutes = rng.randint(3, 5)
        if ticket.service_prefix in "AB" and rng.random() < 0.85:
            variant = ""
            if ticket.service_prefix == "A":
                case = rng.choices([CaseType.BARU, CaseType.WNA], weights=(99, 1))[0]
                age = 16 if rng.random() < 0.06 else None
                variant = rng.choices(["", "luar", "akta", "married16"],
                                      weights=(86, 8, 4, 2))[0]
            else:
                case = rng.choices([CaseType.HILANG, CaseType.RUSAK, CaseType.PERUBAHAN_DATA,
                                    CaseType.PINDAH_DATANG], weights=(5, 3, 2, 1))[0]
                age = None
                if case in (CaseType.HILANG, CaseType.RUSAK) and rng.random() < 0.25:
                    variant = "combined"
                elif case is CaseType.PERUBAHAN_DATA and rng.random() < 0.3:
                    variant = "tgl"
            data = _replace(self.person(called.date(), case, age, variant),
                            ticket_id=ticket.id)
            try:
                rec.save_recording(db, actor, data, now=start + dt.timedelta(minutes=4))
                recorded = 1
            except CounterError:
                pass  # a generated person the rules refuse: the clerk would send them home
            minutes = rng.randint(6, 10)
        elif ticket.service_prefix == "C":
            self.hand_over_one(actor, start)
        elif ticket.service_prefix == "E":
            self.activate_ikd(actor, ticket, start + dt.timedelta(minutes=3))
        done = start + dt.timedelta(minutes=minutes)
        queue.finish(db, actor, counter.id, now=done)
        counter.free_at = done
        return recorded

    def activate_ikd(self, actor: Actor, ticket: queue.TicketInfo, moment: dt.datetime) -> None:
        rng = self.rng
        self.people += 1
        born = moment.date() - dt.timedelta(days=365 * rng.randint(18, 55) + rng.randint(1, 300))
        nik = f"167104{born:%d%m%y}{self.people:04d}"
        activated = rng.random() < 0.8
        ikd.record_activation(self.db, actor, IkdForm(
            nik, f"warga{self.people}@contoh.id" if rng.random() < 0.7 else "",
            f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}",
            rng.choice(PHONES), activated,
            "" if activated else rng.choice(NOT_ACTIVATED_REASONS)),
            ticket_id=ticket.id, now=moment)

    def hand_over_one(self, actor: Actor, moment: dt.datetime) -> None:
        ready = [r for r in pk.ready_list(self.db) if r.application_id not in self.keep_waiting]
        if not ready:
            return
        item = ready[self.rng.randrange(len(ready))]
        family = self.rng.random() < 0.2
        candidate = pk.find_for_pickup(self.db, item.slip_number)
        pk.hand_over(self.db, actor, item.application_id,
                     receiver="family" if family else "self", identity_checked=True,
                     receiver_name="Ibu " + self.rng.choice(WOMEN) if family else "",
                     receiver_nik="1671045505650001" if family else "",
                     surrendered=candidate.must_surrender, now=moment)

    def print_cards(self, day: dt.date) -> None:
        moment = _at(day, 14, 30)
        for item in cp.print_queue(self.db, day):
            if item.application_id in self.birthday_ids:
                continue  # printed when they come, from the birthday list
            self.blanko_serial += 1
            serial = f"BLK-{self.blanko_serial:06d}"
            try:
                if self.rng.random() < 0.04:
                    cp.record_spoiled(self.db, self.kasi, item.application_id,
                                      self.rng.choice(cp.SPOIL_REASONS[:2]), serial, now=moment)
                    continue
                cp.record_printed(self.db, self.kasi, item.application_id, serial, now=moment)
            except CounterError:
                # Out of blanko: the applicant gets a SUKET until the card can be printed.
                if item.status is Status.AWAITING_PRINT:
                    sk.issue_suket(self.db, self.kasi, item.application_id, "no_blanko",
                                   now=moment)

    def forward(self, day: dt.date) -> None:
        moment = _at(day, 15, 30)
        for batch in batches.list_batches(self.db, day):
            if batch.status is not BatchStatus.SENT or batch.sent_at is None:
                continue
            age = (day - batch.day).days
            for index, item in enumerate(batch.items):
                if item.state is not ItemState.PENDING or age < 5 + index % 4:
                    continue
                if index == 3:
                    batches.mark_item(self.db, self.kasi, batch.id, item.application_id,
                                      ItemState.RETURNED,
                                "Akta kelahiran belum dilampirkan", now=moment)
                elif index == 1 and not self.rejected:
                    self.rejected = True  # issue 11: one rejection from Disdukcapil
                    batches.reject_item(self.db, self.kasi, item.slip_number, "data_ganda",
                                  "rekam biometrik ganda di database pusat", now=moment)
                else:
                    batches.mark_item(self.db, self.kasi, batch.id, item.application_id,
                                      ItemState.RECEIVED, now=moment)
        if batches.pending_forward(self.db):
            batch = batches.create_batch(self.db, self.kasi, now=moment)
            batches.send_batch(self.db, self.kasi, batch.id, "Pak Joko (kurir kecamatan)",
                         now=moment + dt.timedelta(minutes=10))


    def after_recording(self, day: dt.date) -> None:
        """Issue 11: returned files resent, a misprint, a PRR walk-in."""
        from counter_app.services import misprints, prr

        moment = _at(day, 15, 45)
        for app in rec.list_applications(self.db, status=Status.RETURNED):
            batches.decide_returned(self.db, self.kasi, app.slip_number, resend=True, now=moment)
        ready = [r for r in pk.ready_list(self.db) if r.application_id not in self.keep_waiting
                 and rec.get_application(self.db, r.application_id).route is Route.LOCAL]
        if ready and not self.misprinted:
            # One card found misprinted at the counter: its blank (the serial recorded at
            # printing) goes on the destruction list.
            misprints.misprint_before_handover(self.db, self.kasi, ready[0].application_id,
                                               "nama salah eja",
                                               self.printed_serial(ready[0].application_id),
                                               now=moment)
            self.misprinted = True
        walk_in = self.person(day, CaseType.BARU, age=25)
        try:
            prr.request_prr_print(self.db, self.clerks[0], walk_in.nik, kk_checked=True,
                                  identity_confirmed=True,
                                  central_reference=f"SIAK {day:%d-%m-%Y}",
                                  card=walk_in.card, kk=walk_in.kk, now=_at(day, 10, 15))
        except CounterError:
            pass  # the generated NIK was already used today


    def backlog(self, old: dt.date, mid: dt.date, birthdays: tuple[dt.date, ...]) -> None:
        """Issue 11: weeks-old work the after-recording lists are about.

        ``old`` (about 100 days before the demo's last day): a card printed and never
        collected (archivable after 90 days), two replacements forwarded to Disdukcapil.
        ``mid`` (about 45 days before): Disdukcapil rejects one replacement and sends
        the other back printed (uncollected since), another local card printed and not
        collected, and two 16-year-olds recorded whose 17th birthdays fall in the last
        day's week. Both days are closed.
        """
        from counter_app.services import birthdays as bd
        from counter_app.services import contacts, uncollected

        clerk = self.clerks[0]
        cp.receive_blanko(self.db, self.kasi, 10, "Disdukcapil Kota Palembang",
                          f"BA/{old:%m}/{old.year}", now=_at(old, 7, 45))

        def print_local(day: dt.date, minute: int) -> str:
            data = self.person(day, CaseType.BARU, age=30 + minute)
            saved = rec.save_recording(self.db, clerk, data, now=_at(day, 9, minute))
            self.blanko_serial += 1
            cp.record_printed(self.db, self.kasi, saved.application_id,
                              f"BLK-{self.blanko_serial:06d}", now=_at(day, 14, minute))
            self.keep_waiting.add(saved.application_id)
            return data.nik

        oldest = print_local(old, 0)
        forwarded = [rec.save_recording(self.db, clerk, self.person(old, CaseType.HILANG),
                                        now=_at(old, 10, n)) for n in range(2)]
        batch = batches.create_batch(self.db, self.kasi, now=_at(old, 15, 30))
        batches.send_batch(self.db, self.kasi, batch.id, "Pak Joko (kurir kecamatan)",
                           now=_at(old, 15, 40))
        close_day(self.db, self.kasi, old, now=_at(old, 16, 5))
        batches.reject_item(self.db, self.kasi, forwarded[0].slip_number, "dokumen_kurang",
                            "akta kelahiran tidak terbaca", now=_at(mid, 8, 30))
        self.rejected = True  # the demo's one rejection
        batches.mark_item(self.db, self.kasi, batch.id, forwarded[1].application_id,
                          "received", now=_at(mid, 8, 35))
        self.keep_waiting.add(forwarded[1].application_id)
        print_local(mid, 1)
        for n, birthday in enumerate(birthdays):
            try:
                born = birthday.replace(year=birthday.year - 17)
            except ValueError:  # 29 February
                born = birthday.replace(year=birthday.year - 17, day=28)
            data = self.person(mid, CaseType.BARU, age=16, born_on=born)
            saved = rec.save_recording(self.db, clerk, data, now=_at(mid, 11, n))
            self.birthday_ids.add(saved.application_id)
            if n == 0:  # told to come on the birthday
                contacts.add_contact(self.db, clerk, data.nik, "whatsapp",
                                     "akan datang pada hari ulang tahunnya",
                                     purpose=bd.CONTACT_PURPOSE, now=_at(mid, 13, 0))
        contacts.add_contact(self.db, clerk, oldest, "telepon", "tidak diangkat",
                             purpose=uncollected.CONTACT_PURPOSE, now=_at(mid, 13, 5))
        close_day(self.db, self.kasi, mid, now=_at(mid, 16, 5))


def _replace(data: rec.RecordingInput, **changes: object) -> rec.RecordingInput:
    import dataclasses

    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def fill_demo(db: Database, last_day: dt.date, days: int = 5, seed: int = 2019,
              progress: Callable[[int, int], None] | None = None,
              arrivals: tuple[int, int] = (40, 60),
              today: dt.date | None = None) -> DemoResult:
    """Make the demo office if needed and fill ``days`` working days ending at ``last_day``.

    Every past day is closed (before ``today``, the office's today by default); a last
    day that is today is left open so the app shows a working day in progress. A demo
    made on a weekend therefore ends with Friday closed, as the README promises.
    ``arrivals`` is the range of walk-ins per day (small offices make fast tests).
    """
    today = today or office_day(utc_now())
    schedule = working_days(last_day, days)
    # Issue 11: a new demo office starts with weeks-old work (uncollected cards, a
    # rejection, 16-year-olds turning 17 in the last day's week); an extended one has it.
    fresh = get_office(db) is None
    old = working_days(schedule[0] - dt.timedelta(days=100), 1)[0]
    mid = working_days(schedule[0] - dt.timedelta(days=45), 1)[0]
    create_demo_office(db, opened_on=old if fresh else schedule[0])
    generator = _Generator(db, seed, arrivals)
    result = DemoResult()
    if fresh:
        week_start = schedule[-1] - dt.timedelta(days=schedule[-1].weekday())
        generator.backlog(old, mid, (schedule[-1], week_start + dt.timedelta(days=6)))
    for index, day in enumerate(schedule):
        tickets, recordings = generator.day(day, close=day < today,
                                            outreach=index == len(schedule) // 2)
        result.days.append(day)
        result.tickets += tickets
        result.recordings += recordings
        if progress is not None:
            progress(index + 1, len(schedule))
    # The resident list for the Cakupan area (services/coverage_demo.py).
    from counter_app.services.coverage_demo import fill_coverage_demo

    fill_coverage_demo(db, generator.kasi, generator.clerks[0], _at(schedule[-1], 16, 0),
                       seed)
    return result

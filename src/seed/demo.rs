//! The demo data: the 2024 YAKIN v KPU case as the public record tells it,
//! plus a few clearly fictional registers placed around today's date so that
//! lists, filters, deadlines and schedules show variety.
//!
//! The public record gives the registration month (February 2024) but not the
//! day, nor the hearing times; the seed uses 29 February 2024, says so in the
//! timeline, and gives the hearings plausible times.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::db::{new_id, write_tx};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::deadlines::{self, Rule, RuleSpec, StartReason, Unit};
use crate::domain::kinds::{EventKind, HearingKind, HearingState, Openness, PanelRole, TestState};
use crate::domain::register_number::{self, NumberFormat};
use crate::domain::status::{check_transition, Outcome, Status, TransitionInput};
use crate::models::bodies::{self, PublicBody};
use crate::models::hearings::{self, Hearing};
use crate::models::petitioners::{self, Petitioner};
use crate::models::registers::{
    self, ConsequenceTest, PanelMember, Register, RegisterEvent, RequestedItem,
};
use crate::models::{now, Conn};

pub const REFERENCE_NUMBERS: [&str; 3] = [
    "001/KIP-PSIP/II/2024",
    "002/KIP-PSIP/II/2024",
    "003/KIP-PSIP/II/2024",
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("the demo breaks a rule of the status machine: {0}")]
    Rule(String),
}

const REGISTRY: &str = "Kepaniteraan";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid demo date")
}

struct Seeder<'c> {
    conn: &'c mut Conn,
    tz: Tz,
    stamp: NaiveDateTime,
    status: HashMap<String, (Status, NaiveDate)>,
}

struct NewRegister<'a> {
    number: Option<String>,
    track: &'a str,
    subject: &'a str,
    petitioner: &'a str,
    respondent: &'a str,
    requested_on: Option<NaiveDate>,
    ppid_answered_on: Option<NaiveDate>,
    objected_on: Option<NaiveDate>,
    objection_answered_on: Option<NaiveDate>,
    received_on: NaiveDate,
    objection_grounds: &'a str,
    claimed: &'a str,
}

struct NewHearing<'a> {
    on: NaiveDate,
    at: (u32, u32),
    kind: HearingKind,
    room: &'a str,
    openness: Openness,
    state: HearingState,
    reason: Option<&'a str>,
    summary: Option<&'a str>,
}

struct NewTest<'a> {
    register: &'a str,
    state: TestState,
    repeat_of: Option<&'a str>,
    ordered_on: Option<NaiveDate>,
    due_hearing: Option<&'a str>,
    submitted_on: Option<NaiveDate>,
    examined_on: Option<NaiveDate>,
    grounds: &'a str,
    harm: Option<&'a str>,
    public_interest: Option<&'a str>,
    period: Option<&'a str>,
    assessment: Option<&'a str>,
    items: &'a [String],
}

impl<'c> Seeder<'c> {
    /// Each row gets its own recorded time so that orderings are stable.
    fn tick(&mut self) -> NaiveDateTime {
        self.stamp += Duration::milliseconds(1);
        self.stamp
    }

    fn body(
        &mut self,
        name: &str,
        short: &str,
        kind: &str,
        region: &str,
        emails: &str,
    ) -> Result<String, SeedError> {
        let id = new_id();
        let created_at = self.tick();
        bodies::insert(
            self.conn,
            &PublicBody {
                id: id.clone(),
                name: name.into(),
                short_name: short.into(),
                kind: kind.into(),
                region: region.into(),
                notice_emails: emails.into(),
                created_at,
            },
        )?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    fn petitioner(
        &mut self,
        kind: &str,
        display: &str,
        representative: Option<&str>,
        legal: &str,
        email: Option<&str>,
        phone: Option<&str>,
        address: Option<&str>,
        identity: Option<&str>,
    ) -> Result<String, SeedError> {
        let id = new_id();
        let created_at = self.tick();
        petitioners::insert(
            self.conn,
            &Petitioner {
                id: id.clone(),
                kind: kind.into(),
                display_name: display.into(),
                representative_name: representative.map(Into::into),
                legal_name: legal.into(),
                email: email.map(Into::into),
                phone: phone.map(Into::into),
                address: address.map(Into::into),
                identity_number: identity.map(Into::into),
                created_at,
                lang: "id".into(),
                user_id: None,
                deed: None,
            },
        )?;
        Ok(id)
    }

    fn register(&mut self, r: NewRegister) -> Result<String, SeedError> {
        let id = new_id();
        let parts = r
            .number
            .as_deref()
            .map(register_number::parse)
            .unwrap_or_default();
        let at = self.tick();
        registers::insert(
            self.conn,
            &Register {
                id: id.clone(),
                number: r.number.clone(),
                number_seq: parts.seq,
                number_month: parts.month.map(|m| m as i32),
                number_kind: parts.kind,
                number_year: parts.year,
                track: r.track.into(),
                subject: r.subject.into(),
                petitioner_id: r.petitioner.into(),
                respondent_id: r.respondent.into(),
                requested_on: r.requested_on,
                ppid_answered_on: r.ppid_answered_on,
                objected_on: r.objected_on,
                objection_answered_on: r.objection_answered_on,
                received_on: r.received_on,
                registered_on: None,
                objection_grounds: r.objection_grounds.into(),
                status: Status::Received.code().into(),
                status_since: r.received_on,
                claimed_classification: r.claimed.into(),
                outcome: None,
                decision_number: None,
                decided_on: None,
                disclosure_due_on: None,
                version: 1,
                search_text: String::new(),
                created_at: at,
                updated_at: at,
                compliance: None,
                compliance_on: None,
            },
        )?;
        self.status
            .insert(id.clone(), (Status::Received, r.received_on));
        self.event(
            &id,
            EventKind::Received,
            None,
            Some(Status::Received),
            r.received_on,
            None,
        )?;
        Ok(id)
    }

    fn event(
        &mut self,
        register: &str,
        kind: EventKind,
        from: Option<Status>,
        to: Option<Status>,
        on: NaiveDate,
        text: Option<&str>,
    ) -> Result<(), SeedError> {
        let recorded_at = self.tick();
        registers::append_event(
            self.conn,
            &RegisterEvent {
                id: new_id(),
                register_id: register.into(),
                kind: kind.code().into(),
                from_status: from.map(|s| s.code().into()),
                to_status: to.map(|s| s.code().into()),
                occurred_on: on,
                recorded_at,
                actor: REGISTRY.into(),
                public_text: text.map(Into::into),
                internal_text: None,
            },
        )?;
        Ok(())
    }

    /// Moves a register on, checked by the status machine like any change.
    fn advance(
        &mut self,
        register: &str,
        to: Status,
        input: TransitionInput,
        text: &str,
    ) -> Result<(), SeedError> {
        let (from, since) = self.status[register];
        let t = check_transition(from, to, since, &input)
            .map_err(|e| SeedError::Rule(format!("{register}: {e:?}")))?;
        let version = registers::find(self.conn, register)?
            .map(|r| r.version)
            .unwrap_or(1);
        let change = registers::StatusChange {
            transition: &t,
            input: &input,
            expected_version: version,
            actor: REGISTRY,
            at: self.tick(),
            public_text: Some(text.to_string()),
            internal_text: None,
        };
        let applied = crate::db::write_tx(self.conn, |conn| {
            registers::apply_status_change(conn, register, &change)
        })?;
        if !applied {
            return Err(SeedError::Rule(format!(
                "{register}: changed while seeding"
            )));
        }
        self.status.insert(register.into(), (to, t.on));
        Ok(())
    }

    fn panel(&mut self, register: &str, members: &[(&str, PanelRole)]) -> Result<(), SeedError> {
        for (i, (name, role)) in members.iter().enumerate() {
            registers::insert_panel_member(
                self.conn,
                &PanelMember {
                    id: new_id(),
                    register_id: register.into(),
                    name: (*name).into(),
                    role: role.code().into(),
                    position: i as i32 + 1,
                },
            )?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        register: &str,
        position: i32,
        description: &str,
        form: &str,
        claim: &str,
        ground: Option<&str>,
        finding: &str,
        withheld: Option<&str>,
        note: Option<&str>,
    ) -> Result<String, SeedError> {
        let id = new_id();
        registers::insert_item(
            self.conn,
            &RequestedItem {
                id: id.clone(),
                register_id: register.into(),
                position,
                description: description.into(),
                requested_form: form.into(),
                claim: claim.into(),
                claim_ground: ground.map(Into::into),
                finding: finding.into(),
                finding_withheld: withheld.map(Into::into),
                finding_note: note.map(Into::into),
            },
        )?;
        Ok(id)
    }

    fn hearing(&mut self, h: NewHearing, registers: &[&str]) -> Result<String, SeedError> {
        let id = new_id();
        let local =
            h.on.and_time(NaiveTime::from_hms_opt(h.at.0, h.at.1, 0).expect("valid demo time"));
        let starts_at = self
            .tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc())
            .unwrap_or(local);
        let at = self.tick();
        let list: Vec<String> = registers.iter().map(|s| s.to_string()).collect();
        hearings::insert(
            self.conn,
            &Hearing {
                id: id.clone(),
                starts_at,
                time_zone: self.tz.name().into(),
                kind: h.kind.code().into(),
                room: h.room.into(),
                openness: h.openness.code().into(),
                state: h.state.code().into(),
                state_reason: h.reason.map(Into::into),
                summary: h.summary.map(Into::into),
                created_at: at,
                updated_at: at,
                attendance: None,
            },
            &list,
        )?;
        Ok(id)
    }

    fn test(&mut self, t: NewTest) -> Result<String, SeedError> {
        let id = new_id();
        let created_at = self.tick();
        registers::insert_test(
            self.conn,
            &ConsequenceTest {
                id: id.clone(),
                register_id: t.register.into(),
                state: t.state.code().into(),
                repeat_of_id: t.repeat_of.map(Into::into),
                ordered_on: t.ordered_on,
                due_hearing_id: t.due_hearing.map(Into::into),
                submitted_on: t.submitted_on,
                examined_on: t.examined_on,
                grounds: t.grounds.into(),
                harm_argued: t.harm.map(Into::into),
                public_interest: t.public_interest.map(Into::into),
                exemption_period: t.period.map(Into::into),
                assessment: t.assessment.map(Into::into),
                created_at,
            },
            t.items,
        )?;
        Ok(id)
    }

    fn claim(&mut self, register: &str, claim: &str) -> Result<(), SeedError> {
        use crate::db::schema::registers as r;
        use diesel::prelude::*;
        diesel::update(r::table.find(register))
            .set(r::claimed_classification.eq(claim))
            .execute(self.conn)?;
        Ok(())
    }

    fn disclosure_due(&mut self, register: &str, due: NaiveDate) -> Result<(), SeedError> {
        use crate::db::schema::registers as r;
        use diesel::prelude::*;
        diesel::update(r::table.find(register))
            .set(r::disclosure_due_on.eq(due))
            .execute(self.conn)?;
        Ok(())
    }
}

fn on(date: NaiveDate) -> TransitionInput {
    TransitionInput {
        on: Some(date),
        ..TransitionInput::default()
    }
}

/// Loads the demo unless it is already there. Returns whether it loaded.
pub fn seed(
    conn: &mut Conn,
    tz: Tz,
    format: &NumberFormat,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> Result<bool, SeedError> {
    if registers::find_by_number(conn, REFERENCE_NUMBERS[0])?.is_some() {
        return Ok(false);
    }
    write_tx(conn, |conn| {
        let mut s = Seeder {
            conn,
            tz,
            stamp: now(),
            status: HashMap::new(),
        };
        reference_case(&mut s, calendar)?;
        fictional_cases(&mut s, format, calendar, today)?;
        let ids: Vec<String> = s.status.keys().cloned().collect();
        for id in ids {
            registers::refresh_search_text(s.conn, &id)?;
        }
        Ok(true)
    })
}

fn reference_case(s: &mut Seeder, calendar: &WorkingCalendar) -> Result<(), SeedError> {
    let kpu = s.body(
        "Komisi Pemilihan Umum Republik Indonesia",
        "KPU RI",
        "Lembaga negara penyelenggara pemilu",
        "Nasional",
        "",
    )?;
    let yakin = s.petitioner(
        "legal_entity",
        "Yayasan Advokasi Hak Konstitusional Indonesia (YAKIN)",
        None,
        "Yayasan Advokasi Hak Konstitusional Indonesia",
        None,
        None,
        None,
        None,
    )?;
    let received = d(2024, 2, 29);
    let subjects = [
        "Data real count berupa berkas mentah harian (.csv), dipublikasikan di laman KPU atau dikirim kepada pemohon setiap hari",
        "Infrastruktur teknologi informasi KPU untuk Pemilu 2024, termasuk layanan dan kontrak Alibaba Cloud",
        "DPT dan data hasil pemilu 1999–2024, mentah dan lengkap, sampai tingkat wilayah terendah",
    ];
    let mut regs = Vec::new();
    for (number, subject) in REFERENCE_NUMBERS.iter().zip(subjects) {
        let id = s.register(NewRegister {
            number: None,
            track: "election",
            subject,
            petitioner: &yakin,
            respondent: &kpu,
            requested_on: None,
            ppid_answered_on: None,
            objected_on: None,
            objection_answered_on: None,
            received_on: received,
            objection_grounds: "",
            claimed: "undecided",
        })?;
        s.advance(
            &id,
            Status::Registered,
            TransitionInput {
                register_number: Some(number.to_string()),
                ..on(received)
            },
            "Permohonan diregistrasi pada Februari 2024 (tanggal pasti tidak dipublikasikan; data contoh memakai 29 Februari 2024).",
        )?;
        s.panel(
            &id,
            &[
                ("Syawaludin", PanelRole::Chair),
                ("Rospita Vici Paulyn", PanelRole::Member),
                ("Arya Sandhiyudha", PanelRole::Member),
            ],
        )?;
        regs.push(id);
    }
    let (r1, r2, r3) = (regs[0].clone(), regs[1].clone(), regs[2].clone());
    let all = [r1.as_str(), r2.as_str(), r3.as_str()];

    // Requested items.
    let i1 = s.item(
        &r1,
        1,
        "Data real count berupa berkas mentah harian (.csv) yang dipublikasikan di laman KPU atau dikirim kepada pemohon setiap hari",
        ".csv",
        "exempt",
        None,
        "open",
        None,
        Some("Data hasil di tingkat TPS sebagaimana ditetapkan pada 20 Maret 2024, dalam format .csv."),
    )?;
    let items2 = [
        (
            "Topologi infrastruktur TI KPU untuk Pemilu 2024",
            "partly_open",
            Some("Alamat IP"),
        ),
        ("Server fisik", "partly_open", Some("Alamat IP")),
        (
            "Server cloud dan jaringan",
            "partly_open",
            Some("Alamat IP"),
        ),
        (
            "Lokasi setiap perangkat dan jaringan",
            "partly_open",
            Some("Lokasi persis setiap perangkat"),
        ),
        (
            "Perangkat keamanan siber (CDN, perlindungan DDoS, dan lainnya)",
            "open",
            None,
        ),
        ("Layanan Alibaba Cloud yang digunakan", "open", None),
        (
            "Pengadaan layanan cloud serta kontrak antara KPU (atau agennya) dan Alibaba Cloud",
            "open",
            None,
        ),
    ];
    let mut ids2 = Vec::new();
    for (n, (text, finding, withheld)) in items2.iter().enumerate() {
        let note = if n == 6 {
            "Kontrak diperlihatkan kepada pemohon."
        } else {
            "Disampaikan dalam bentuk penjelasan resmi."
        };
        ids2.push(s.item(
            &r2,
            n as i32 + 1,
            text,
            "",
            "exempt",
            None,
            finding,
            *withheld,
            Some(note),
        )?);
    }
    let _i3 = s.item(
        &r3,
        1,
        "Daftar Pemilih Tetap (DPT) dan data hasil (jumlah suara, suara sah, suara tidak sah), mentah dan lengkap, untuk setiap pemilu (umum, legislatif, presiden, kepala daerah) 1999–2024, sampai tingkat terendah yang tersedia (kelurahan/desa, RW, RT atau TPS)",
        "Ekspor basis data, .csv atau sejenisnya",
        "open",
        None,
        "open",
        None,
        Some("DPT dibuka sampai tingkat kelurahan/desa."),
    )?;

    // 5 March: preliminary examination.
    s.hearing(
        NewHearing {
            on: d(2024, 3, 5),
            at: (9, 0),
            kind: HearingKind::Preliminary1,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("KPU belum menentukan sikap atas 001 dan menganggap 002 dan 003 dikecualikan. Majelis memerintahkan uji konsekuensi untuk sidang 13 Maret 2024."),
        },
        &all,
    )?;
    let h2 = s.hearing(
        NewHearing {
            on: d(2024, 3, 13),
            at: (9, 0),
            kind: HearingKind::ConsequenceTest,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::PartlyClosed,
            state: HearingState::Held,
            reason: None,
            summary: Some("KPU menyatakan hanya 003 terbuka, mengklaim 001 dan 002 dikecualikan, tetapi hanya membawa uji konsekuensi untuk 002. Majelis memerintahkan uji konsekuensi untuk 001 dan uji ulang untuk 002 pada sidang 18 Maret 2024. KPU membenarkan kontraknya dengan Alibaba Cloud. Mediasi atas 003 dijadwalkan 14 Maret 2024."),
        },
        &all,
    )?;
    let _h3 = s.hearing(
        NewHearing {
            on: d(2024, 3, 14),
            at: (10, 0),
            kind: HearingKind::Mediation1,
            room: "Ruang Mediasi Komisi Informasi Pusat",
            openness: Openness::Closed,
            state: HearingState::Held,
            reason: None,
            summary: Some("Mediasi atas register 003."),
        },
        &[&r3],
    )?;
    let h4 = s.hearing(
        NewHearing {
            on: d(2024, 3, 18),
            at: (9, 0),
            kind: HearingKind::Experts,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("KPU tidak hadir dan meminta penundaan karena rekapitulasi nasional berlangsung sampai 20 Maret 2024. Majelis mendengarkan ahli yang diajukan pemohon."),
        },
        &all,
    )?;
    let _h5 = s.hearing(
        NewHearing {
            on: d(2024, 3, 21),
            at: (9, 0),
            kind: HearingKind::MediationReport,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("Laporan hasil mediasi atas register 003."),
        },
        &[&r3],
    )?;
    let _h6 = s.hearing(
        NewHearing {
            on: d(2024, 3, 21),
            at: (10, 30),
            kind: HearingKind::ConsequenceTest,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::PartlyClosed,
            state: HearingState::Held,
            reason: None,
            summary: Some(
                "Majelis memeriksa uji konsekuensi KPU untuk 001 dan uji ulang untuk 002.",
            ),
        },
        &[&r1, &r2],
    )?;
    let _h7 = s.hearing(
        NewHearing {
            on: d(2024, 4, 3),
            at: (13, 30),
            kind: HearingKind::Decision,
            room: "Ruang Sidang Komisi Informasi Pusat",
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("Majelis membacakan putusan ketiga register: seluruhnya dikabulkan, dengan pengecualian alamat IP dan lokasi persis perangkat pada 002."),
        },
        &all,
    )?;

    // Status and claims through March.
    for r in &all {
        s.advance(
            r,
            Status::Preliminary,
            on(d(2024, 3, 5)),
            "Pemeriksaan awal dimulai.",
        )?;
    }
    s.claim(&r2, "exempt")?;
    s.claim(&r3, "exempt")?;
    s.event(
        &r1,
        EventKind::ClaimRecorded,
        None,
        None,
        d(2024, 3, 5),
        Some("KPU belum menentukan sikap atas informasi ini."),
    )?;
    for r in [&r2, &r3] {
        s.event(
            r,
            EventKind::ClaimRecorded,
            None,
            None,
            d(2024, 3, 5),
            Some("KPU menyatakan informasi ini dikecualikan."),
        )?;
    }
    let t2 = s.test(NewTest {
        register: &r2,
        state: TestState::RepeatOrdered,
        repeat_of: None,
        ordered_on: Some(d(2024, 3, 5)),
        due_hearing: Some(&h2),
        submitted_on: Some(d(2024, 3, 13)),
        examined_on: Some(d(2024, 3, 13)),
        grounds: "",
        harm: None,
        public_interest: None,
        period: None,
        assessment: Some("Majelis memerintahkan uji konsekuensi ulang untuk sidang 18 Maret 2024."),
        items: &ids2,
    })?;
    s.event(
        &r2,
        EventKind::TestOrdered,
        None,
        None,
        d(2024, 3, 5),
        Some("Majelis memerintahkan uji konsekuensi untuk sidang 13 Maret 2024."),
    )?;
    s.event(
        &r2,
        EventKind::TestSubmitted,
        None,
        None,
        d(2024, 3, 13),
        Some("KPU menyerahkan uji konsekuensi."),
    )?;
    s.event(
        &r2,
        EventKind::TestAssessed,
        None,
        None,
        d(2024, 3, 13),
        Some("Majelis memerintahkan uji konsekuensi ulang untuk sidang 18 Maret 2024."),
    )?;
    s.claim(&r1, "exempt")?;
    s.claim(&r3, "open")?;
    s.event(
        &r1,
        EventKind::ClaimRecorded,
        None,
        None,
        d(2024, 3, 13),
        Some("KPU menyatakan informasi ini dikecualikan, tanpa membawa uji konsekuensi."),
    )?;
    s.event(
        &r3,
        EventKind::ClaimRecorded,
        None,
        None,
        d(2024, 3, 13),
        Some("KPU menyatakan informasi ini terbuka."),
    )?;
    let _t1 = s.test(NewTest {
        register: &r1,
        state: TestState::Rejected,
        repeat_of: None,
        ordered_on: Some(d(2024, 3, 13)),
        due_hearing: Some(&h4),
        submitted_on: None,
        examined_on: Some(d(2024, 3, 21)),
        grounds: "",
        harm: None,
        public_interest: None,
        period: None,
        assessment: Some("Diperiksa pada 21 Maret 2024. Dalam putusan 3 April 2024 majelis menyatakan informasi terbuka."),
        items: std::slice::from_ref(&i1),
    })?;
    s.event(
        &r1,
        EventKind::TestOrdered,
        None,
        None,
        d(2024, 3, 13),
        Some("Majelis memerintahkan uji konsekuensi untuk sidang 18 Maret 2024."),
    )?;
    let _t2b = s.test(NewTest {
        register: &r2,
        state: TestState::Rejected,
        repeat_of: Some(&t2),
        ordered_on: Some(d(2024, 3, 13)),
        due_hearing: Some(&h4),
        submitted_on: None,
        examined_on: Some(d(2024, 3, 21)),
        grounds: "",
        harm: None,
        public_interest: None,
        period: None,
        assessment: Some("Diperiksa pada 21 Maret 2024. Dalam putusan 3 April 2024 majelis menyatakan informasi terbuka, kecuali alamat IP dan lokasi persis setiap perangkat."),
        items: &ids2,
    })?;
    for r in [&r1, &r2] {
        s.advance(
            r,
            Status::Adjudication,
            on(d(2024, 3, 13)),
            "Majelis memeriksa klaim pengecualian dan uji konsekuensi.",
        )?;
    }
    s.advance(
        &r3,
        Status::Mediation,
        on(d(2024, 3, 13)),
        "KPU menyatakan 003 terbuka; mediasi dijadwalkan 14 Maret 2024.",
    )?;
    s.event(
        &r2,
        EventKind::Note,
        None,
        None,
        d(2024, 3, 13),
        Some("KPU membenarkan kontraknya dengan Alibaba Cloud."),
    )?;
    s.event(&r1, EventKind::Note, None, None, d(2024, 3, 18), Some("KPU tidak hadir (meminta penundaan karena rekapitulasi nasional sampai 20 Maret 2024); majelis mendengarkan ahli pemohon."))?;
    s.advance(
        &r3,
        Status::Adjudication,
        on(d(2024, 3, 21)),
        "Laporan hasil mediasi disampaikan; pemeriksaan berlanjut ke ajudikasi.",
    )?;
    for r in [&r1, &r2] {
        s.event(
            r,
            EventKind::TestAssessed,
            None,
            None,
            d(2024, 3, 21),
            Some("Majelis memeriksa uji konsekuensi KPU."),
        )?;
    }

    // 3 April: decisions, finality, enforcement.
    let decisions = [
        (&r1, "001/KIP-PSIP-A/II/2024", Outcome::GrantedFull, "Dikabulkan: data hasil tingkat TPS sebagaimana ditetapkan 20 Maret 2024, dalam format .csv."),
        (&r2, "002/KIP-PSIP-A/II/2024", Outcome::GrantedPartly, "Dikabulkan: terbuka kecuali alamat IP dan lokasi persis setiap perangkat, disampaikan sebagai penjelasan resmi; kontrak diperlihatkan kepada pemohon."),
        (&r3, "003/KIP-PSIP-A/II/2024", Outcome::GrantedFull, "Dikabulkan: DPT terbuka sampai tingkat kelurahan/desa."),
    ];
    let decided = d(2024, 4, 3);
    // Final the day after the appeal window closed with no appeal recorded.
    let window = RuleSpec {
        rule: Rule::AppealWindow,
        amount: 14,
        unit: Unit::CalendarDays,
    };
    let final_on = deadlines::compute(window, decided, StartReason::DecisionRead, calendar).due
        + Duration::days(1);
    for (r, number, outcome, text) in decisions {
        s.advance(
            r,
            Status::Decided,
            TransitionInput {
                outcome: Some(outcome),
                decision_number: Some(number.into()),
                ..on(decided)
            },
            text,
        )?;
        s.advance(
            r,
            Status::Final,
            on(final_on),
            "Tidak tercatat keberatan ke pengadilan dalam 14 hari; perintah dalam putusan berlaku sejak putusan berkekuatan hukum tetap.",
        )?;
        s.advance(
            r,
            Status::Enforcement,
            TransitionInput {
                court: Some("Pengadilan Tata Usaha Negara".into()),
                ..on(d(2024, 5, 2))
            },
            "Pemohon meminta pengadilan melaksanakan putusan.",
        )?;
    }
    Ok(())
}

fn fictional_cases(
    s: &mut Seeder,
    format: &NumberFormat,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> Result<(), SeedError> {
    let back = |days: i64| today - Duration::days(days);
    let ahead = |days: u32| calendar.add_working_days(today, days).0;
    let kcp = s.body(
        "Kementerian Contoh dan Peragaan (fiktif)",
        "KCP",
        "Kementerian",
        "Nasional",
        "ppid@kcp.contoh.invalid",
    )?;
    let dlh = s.body(
        "Dinas Lingkungan Hidup Kabupaten Antah Berantah (fiktif)",
        "DLH Antah Berantah",
        "Dinas pemerintah daerah",
        "Kabupaten Antah Berantah",
        "ppid@dlh.contoh.invalid",
    )?;
    let bawaslu = s.body(
        "Badan Pengawas Pemilu Kabupaten Antah Berantah (fiktif)",
        "Bawaslu Antah Berantah",
        "Lembaga pengawas pemilu",
        "Kabupaten Antah Berantah",
        "ppid@bawaslu.contoh.invalid",
    )?;
    let person = s.petitioner(
        "individual",
        "R. S.",
        None,
        "Rini Setiawati (fiktif)",
        Some("rini.setiawati@contoh.invalid"),
        Some("+62 811 0000 0001"),
        Some("Jl. Contoh No. 1, Kota Fiktif"),
        Some("3100000000000001"),
    )?;
    let group = s.petitioner(
        "group",
        "Kelompok Warga Desa Contoh",
        Some("Lembaga Bantuan Hukum Contoh"),
        "Kelompok Warga Desa Contoh (fiktif)",
        Some("warga@contoh.invalid"),
        Some("+62 811 0000 0002"),
        Some("Desa Contoh RT 01/RW 02, Kabupaten Antah Berantah"),
        Some("3100000000000002"),
    )?;
    let org = s.petitioner(
        "legal_entity",
        "Perkumpulan Data Terbuka Contoh",
        None,
        "Perkumpulan Data Terbuka Contoh (fiktif)",
        Some("sekretariat@datacontoh.invalid"),
        Some("+62 811 0000 0003"),
        Some("Jl. Peragaan No. 3, Kota Fiktif"),
        Some("AHU-0000001.AH.01.07.TAHUN 2020"),
    )?;
    let room = "Ruang Sidang Komisi Informasi Pusat";
    let mut seq = 100;
    let mut number = |received: NaiveDate, kind: &str| {
        seq += 1;
        format.render(seq, received, kind)
    };

    // In preliminary examination, with a hearing in a few days.
    let received = back(40);
    let a = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Salinan kontrak pengadaan kendaraan dinas tahun anggaran 2025 (contoh fiktif)",
        petitioner: &person,
        respondent: &kcp,
        requested_on: Some(back(120)),
        ppid_answered_on: Some(back(105)),
        objected_on: Some(back(95)),
        objection_answered_on: Some(back(60)),
        received_on: received,
        objection_grounds: "a",
        claimed: "exempt",
    })?;
    s.advance(
        &a,
        Status::Registered,
        TransitionInput {
            register_number: Some(number(received, "PSI")),
            ..on(back(37))
        },
        "Permohonan diregistrasi.",
    )?;
    s.advance(
        &a,
        Status::Preliminary,
        on(back(10)),
        "Pemeriksaan awal dimulai.",
    )?;
    s.item(
        &a,
        1,
        "Salinan kontrak pengadaan kendaraan dinas",
        "Salinan PDF",
        "exempt",
        Some("b"),
        "undecided",
        None,
        None,
    )?;
    s.item(
        &a,
        2,
        "Daftar penyedia yang mengikuti tender",
        "",
        "open",
        None,
        "undecided",
        None,
        None,
    )?;
    s.panel(
        &a,
        &[
            ("Komisioner Contoh A", PanelRole::Chair),
            ("Komisioner Contoh B", PanelRole::Member),
            ("Komisioner Contoh C", PanelRole::Member),
            ("Panitera Contoh", PanelRole::SubstituteClerk),
        ],
    )?;
    s.hearing(
        NewHearing {
            on: back(10),
            at: (9, 0),
            kind: HearingKind::Preliminary1,
            room,
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("Para pihak hadir; majelis memeriksa kedudukan hukum."),
        },
        &[&a],
    )?;
    s.hearing(
        NewHearing {
            on: ahead(3),
            at: (10, 0),
            kind: HearingKind::Preliminary2,
            room,
            openness: Openness::Open,
            state: HearingState::Scheduled,
            reason: None,
            summary: None,
        },
        &[&a],
    )?;

    // In mediation, one session postponed.
    let received = back(50);
    let b = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Dokumen AMDAL dan hasil uji kualitas air sungai di sekitar kawasan industri (contoh fiktif)",
        petitioner: &group,
        respondent: &dlh,
        requested_on: Some(back(140)),
        ppid_answered_on: None,
        objected_on: Some(back(120)),
        objection_answered_on: None,
        received_on: received,
        objection_grounds: "c,e",
        claimed: "undecided",
    })?;
    s.advance(
        &b,
        Status::Registered,
        TransitionInput {
            register_number: Some(number(received, "PS")),
            ..on(back(48))
        },
        "Permohonan diregistrasi.",
    )?;
    s.advance(
        &b,
        Status::Preliminary,
        on(back(30)),
        "Pemeriksaan awal dimulai.",
    )?;
    s.advance(
        &b,
        Status::Mediation,
        on(back(12)),
        "Para pihak sepakat menempuh mediasi.",
    )?;
    s.item(
        &b,
        1,
        "Dokumen AMDAL kawasan industri",
        "Salinan PDF",
        "undecided",
        None,
        "undecided",
        None,
        None,
    )?;
    s.item(
        &b,
        2,
        "Hasil uji kualitas air sungai 2023–2025",
        ".csv",
        "undecided",
        None,
        "undecided",
        None,
        None,
    )?;
    s.panel(&b, &[("Mediator Contoh", PanelRole::Mediator)])?;
    s.hearing(
        NewHearing {
            on: back(5),
            at: (13, 0),
            kind: HearingKind::Mediation1,
            room: "Ruang Mediasi",
            openness: Openness::Closed,
            state: HearingState::Postponed,
            reason: Some("Termohon meminta penundaan karena pejabat PPID berhalangan."),
            summary: None,
        },
        &[&b],
    )?;
    s.hearing(
        NewHearing {
            on: ahead(1),
            at: (13, 0),
            kind: HearingKind::Mediation1,
            room: "Ruang Mediasi",
            openness: Openness::Closed,
            state: HearingState::Scheduled,
            reason: None,
            summary: None,
        },
        &[&b],
    )?;

    // Registered long ago, proceedings not started: an overdue clock.
    let received = back(45);
    let c = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Data penerima bantuan sosial per kecamatan (contoh fiktif)",
        petitioner: &org,
        respondent: &kcp,
        requested_on: Some(back(130)),
        ppid_answered_on: Some(back(118)),
        objected_on: Some(back(100)),
        objection_answered_on: Some(back(65)),
        received_on: received,
        objection_grounds: "d",
        claimed: "undecided",
    })?;
    s.advance(
        &c,
        Status::Registered,
        TransitionInput {
            register_number: Some(number(received, "PSI")),
            ..on(back(43))
        },
        "Permohonan diregistrasi.",
    )?;
    s.item(
        &c,
        1,
        "Jumlah penerima bantuan sosial per kecamatan, 2024–2025",
        ".csv",
        "undecided",
        None,
        "undecided",
        None,
        None,
    )?;
    s.hearing(
        NewHearing {
            on: back(20),
            at: (9, 0),
            kind: HearingKind::Preliminary1,
            room,
            openness: Openness::Open,
            state: HearingState::Cancelled,
            reason: Some("Majelis berhalangan; jadwal baru akan diumumkan."),
            summary: None,
        },
        &[&c],
    )?;

    // Election information in adjudication, a consequence test due at the next hearing.
    let received = back(25);
    let e = s.register(NewRegister {
        number: None,
        track: "election",
        subject:
            "Laporan dugaan pelanggaran dan hasil penanganannya pada Pilkada 2024 (contoh fiktif)",
        petitioner: &org,
        respondent: &bawaslu,
        requested_on: Some(back(45)),
        ppid_answered_on: Some(back(40)),
        objected_on: Some(back(37)),
        objection_answered_on: Some(back(33)),
        received_on: received,
        objection_grounds: "a",
        claimed: "exempt",
    })?;
    s.advance(
        &e,
        Status::Registered,
        TransitionInput {
            register_number: Some(number(received, "PSIP")),
            ..on(back(24))
        },
        "Permohonan diregistrasi.",
    )?;
    s.advance(
        &e,
        Status::Preliminary,
        on(back(18)),
        "Pemeriksaan awal dimulai.",
    )?;
    s.advance(
        &e,
        Status::Adjudication,
        on(back(11)),
        "Termohon mengklaim informasi dikecualikan; sengketa diperiksa melalui ajudikasi.",
    )?;
    let e1 = s.item(
        &e,
        1,
        "Daftar laporan dugaan pelanggaran beserta status penanganannya",
        ".csv",
        "exempt",
        Some("h"),
        "undecided",
        None,
        None,
    )?;
    s.item(
        &e,
        2,
        "Rekapitulasi jumlah laporan per kecamatan",
        "",
        "open",
        None,
        "undecided",
        None,
        None,
    )?;
    let next = s.hearing(
        NewHearing {
            on: ahead(4),
            at: (9, 30),
            kind: HearingKind::ConsequenceTest,
            room,
            openness: Openness::PartlyClosed,
            state: HearingState::Scheduled,
            reason: None,
            summary: None,
        },
        &[&e],
    )?;
    s.hearing(
        NewHearing {
            on: back(11),
            at: (9, 30),
            kind: HearingKind::Preliminary1,
            room,
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("Termohon menyatakan daftar laporan memuat data pribadi pelapor."),
        },
        &[&e],
    )?;
    s.test(NewTest {
        register: &e,
        state: TestState::Ordered,
        repeat_of: None,
        ordered_on: Some(back(11)),
        due_hearing: Some(&next),
        submitted_on: None,
        examined_on: None,
        grounds: "h",
        harm: None,
        public_interest: None,
        period: None,
        assessment: None,
        items: std::slice::from_ref(&e1),
    })?;
    s.event(
        &e,
        EventKind::TestOrdered,
        None,
        None,
        back(11),
        Some("Majelis memerintahkan uji konsekuensi atas daftar laporan."),
    )?;

    // Decided a few days ago, granted in part.
    let received = back(150);
    let f = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Rincian anggaran perjalanan dinas pejabat eselon I (contoh fiktif)",
        petitioner: &person,
        respondent: &kcp,
        requested_on: Some(back(230)),
        ppid_answered_on: Some(back(220)),
        objected_on: Some(back(210)),
        objection_answered_on: Some(back(170)),
        received_on: received,
        objection_grounds: "a,d",
        claimed: "exempt",
    })?;
    let f_number = number(received, "PSI");
    s.advance(
        &f,
        Status::Registered,
        TransitionInput {
            register_number: Some(f_number.clone()),
            ..on(back(148))
        },
        "Permohonan diregistrasi.",
    )?;
    s.advance(
        &f,
        Status::Preliminary,
        on(back(130)),
        "Pemeriksaan awal dimulai.",
    )?;
    s.advance(
        &f,
        Status::Adjudication,
        on(back(110)),
        "Sengketa diperiksa melalui ajudikasi.",
    )?;
    let f1 = s.item(
        &f,
        1,
        "Rincian biaya perjalanan dinas per perjalanan",
        ".xlsx",
        "exempt",
        Some("h"),
        "partly_open",
        Some("Nomor identitas dan nomor rekening pribadi"),
        None,
    )?;
    s.item(
        &f,
        2,
        "Total anggaran perjalanan dinas per tahun",
        "",
        "open",
        None,
        "open",
        None,
        None,
    )?;
    s.test(NewTest {
        register: &f,
        state: TestState::Rejected,
        repeat_of: None,
        ordered_on: Some(back(110)),
        due_hearing: None,
        submitted_on: Some(back(90)),
        examined_on: Some(back(80)),
        grounds: "h",
        harm: Some("Pengungkapan rincian dianggap membuka data pribadi pejabat."),
        public_interest: Some("Penggunaan anggaran negara merupakan kepentingan publik."),
        period: Some("5 tahun"),
        assessment: Some(
            "Majelis menilai hanya data identitas dan rekening pribadi yang dapat dikecualikan.",
        ),
        items: std::slice::from_ref(&f1),
    })?;
    s.advance(
        &f,
        Status::Decided,
        TransitionInput {
            outcome: Some(Outcome::GrantedPartly),
            decision_number: Some(f_number.replacen("/KIP-PSI/", "/KIP-PSI-A/", 1)),
            ..on(back(4))
        },
        "Dikabulkan sebagian.",
    )?;
    s.disclosure_due(&f, calendar.add_working_days(back(4), 14 + 10).0)?;
    s.hearing(
        NewHearing {
            on: back(4),
            at: (14, 0),
            kind: HearingKind::Decision,
            room,
            openness: Openness::Open,
            state: HearingState::Held,
            reason: None,
            summary: Some("Putusan dibacakan."),
        },
        &[&f],
    )?;

    // Withdrawn last year.
    let received = back(400);
    let g = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Notulen rapat penetapan tarif air minum (contoh fiktif)",
        petitioner: &group,
        respondent: &dlh,
        requested_on: Some(back(480)),
        ppid_answered_on: Some(back(470)),
        objected_on: Some(back(460)),
        objection_answered_on: Some(back(420)),
        received_on: received,
        objection_grounds: "e",
        claimed: "undecided",
    })?;
    s.advance(
        &g,
        Status::Registered,
        TransitionInput {
            register_number: Some(number(received, "PS")),
            ..on(back(398))
        },
        "Permohonan diregistrasi.",
    )?;
    s.advance(
        &g,
        Status::Withdrawn,
        TransitionInput {
            reason: Some("Informasi telah diberikan".into()),
            ..on(back(380))
        },
        "Pemohon mencabut permohonan karena informasi telah diberikan.",
    )?;
    s.item(
        &g,
        1,
        "Notulen rapat penetapan tarif",
        "Salinan PDF",
        "undecided",
        None,
        "undecided",
        None,
        None,
    )?;

    // Applications still in the completeness check: not public.
    let h = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Daftar izin usaha pertambangan (contoh fiktif, belum diregistrasi)",
        petitioner: &person,
        respondent: &kcp,
        requested_on: Some(back(80)),
        ppid_answered_on: Some(back(70)),
        objected_on: Some(back(60)),
        objection_answered_on: Some(back(15)),
        received_on: back(2),
        objection_grounds: "a",
        claimed: "undecided",
    })?;
    s.item(
        &h,
        1,
        "Daftar izin usaha pertambangan yang masih berlaku",
        ".csv",
        "undecided",
        None,
        "undecided",
        None,
        None,
    )?;
    let i = s.register(NewRegister {
        number: None,
        track: "regular",
        subject: "Laporan keuangan yayasan penerima hibah (contoh fiktif, belum lengkap)",
        petitioner: &group,
        respondent: &dlh,
        requested_on: Some(back(90)),
        ppid_answered_on: None,
        objected_on: Some(back(70)),
        objection_answered_on: None,
        received_on: back(9),
        objection_grounds: "c",
        claimed: "undecided",
    })?;
    s.advance(
        &i,
        Status::Incomplete,
        TransitionInput {
            missing: Some("Bukti pengajuan keberatan".into()),
            ..on(back(7))
        },
        "Permohonan belum lengkap.",
    )?;
    Ok(())
}

//! `sengketa seed-bulk`: realistic, deterministic volume for measuring.
//! Registers across years with their items, consequence tests, hearings,
//! timelines and some followers, written in large batched transactions.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::db::schema::app_meta;
use crate::db::schema::{
    consequence_test_items, consequence_tests, follows, hearing_registers, hearings, petitioners,
    public_bodies, register_events, registers, requested_items,
};
use crate::db::{write_tx, DbConnection, DbError, Pool};
use crate::domain::status::Status;
use crate::models::bodies::PublicBody;
use crate::models::follows::Follow;
use crate::models::hearings::Hearing;
use crate::models::petitioners::Petitioner;
use crate::models::registers::{ConsequenceTest, Register, RegisterEvent, RequestedItem};

/// Registers written per transaction.
const CHUNK: usize = 5_000;
/// Rows per INSERT statement (SQLite allows 32,766 bound values).
const ROWS_PER_INSERT: usize = 500;
const BODIES: usize = 400;

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];
const WHAT: [&str; 12] = [
    "Data mentah rekapitulasi suara",
    "Kontrak pengadaan",
    "Laporan keuangan",
    "Dokumen AMDAL",
    "Daftar penerima bantuan sosial",
    "Notulen rapat",
    "Rincian anggaran perjalanan dinas",
    "Izin usaha pertambangan",
    "Hasil audit internal",
    "Data kualitas udara",
    "Daftar aset daerah",
    "Laporan harta kekayaan",
];
const WHERE: [&str; 8] = [
    "tahun anggaran",
    "per kecamatan",
    "per TPS",
    "triwulan",
    "per proyek",
    "per wilayah",
    "per unit kerja",
    "per bulan",
];
const FIRST: [&str; 10] = [
    "Ayu", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko",
];
const LAST: [&str; 10] = [
    "Santoso", "Wijaya", "Lestari", "Pratama", "Saputra", "Nugroho", "Hidayat", "Kusuma", "Rahayu",
    "Siregar",
];

/// What a bulk load wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub registers: usize,
    pub items: usize,
    pub tests: usize,
    pub hearings: usize,
    pub events: usize,
    pub follows: usize,
}

impl Counts {
    pub fn rows(&self) -> usize {
        self.registers * 2
            + self.items
            + self.tests
            + self.hearings * 2
            + self.events
            + self.follows
    }
}

/// Identifiers shaped like the application's own (UUIDv7) and increasing,
/// one millisecond apart from a fixed start so that a seed gives the same
/// rows: each table's key index then grows at its end instead of splitting
/// pages at random, which keeps a load of a million registers from slowing
/// down as the indexes outgrow the cache.
struct Ids {
    millis: u64,
}

impl Ids {
    /// 2020-01-01T00:00:00Z.
    const START: u64 = 1_577_836_800_000;

    fn new() -> Ids {
        Ids {
            millis: Self::START,
        }
    }

    fn next(&mut self, rng: &mut ChaCha8Rng) -> String {
        self.millis += 1;
        uuid::Builder::from_unix_timestamp_millis(self.millis, &rng.random())
            .into_uuid()
            .to_string()
    }
}

/// Inserts rows many at a time, on the backend's own connection (batch
/// inserts are not offered through the multi-backend connection).
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {
        for part in $rows.chunks(ROWS_PER_INSERT) {
            match &mut *$conn {
                crate::db::DbConnection::Sqlite(c) => {
                    diesel::insert_into($table).values(part).execute(c)?;
                }
                crate::db::DbConnection::Postgresql(c) => {
                    diesel::insert_into($table).values(part).execute(c)?;
                }
            }
        }
    };
}

/// A finished status and the path that led to it.
fn path_to(rng: &mut ChaCha8Rng) -> Vec<Status> {
    use Status::*;
    let ends: [(&[Status], u32); 8] = [
        (&[Registered, Preliminary], 8),
        (&[Registered, Preliminary, Mediation], 6),
        (&[Registered, Preliminary, Adjudication], 10),
        (&[Registered, Preliminary, Adjudication, Decided], 10),
        (&[Registered, Preliminary, Adjudication, Decided, Final], 40),
        (&[Registered, Preliminary, Mediation, Mediated], 12),
        (&[Registered, Preliminary, Inadmissible], 8),
        (&[Registered, Withdrawn], 6),
    ];
    let total: u32 = ends.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (path, w) in ends {
        if pick < w {
            return path.to_vec();
        }
        pick -= w;
    }
    vec![Registered]
}

/// Writes `n` registers (numbered after what is there) and their children.
/// Calls `progress` with the registers written so far.
pub fn seed(
    pool: &Pool,
    n: usize,
    seed: u64,
    today: NaiveDate,
    progress: impl Fn(usize),
) -> Result<Counts, DbError> {
    let mut conn = pool.get()?;
    if let crate::db::DbConnection::Sqlite(c) = &mut *conn {
        // A bulk load that fails is simply run again: durability of each
        // batch matters less than speed, and a large cache saves re-reads.
        diesel::sql_query("PRAGMA synchronous = OFF").execute(c)?;
        diesel::sql_query("PRAGMA cache_size = -1048576").execute(c)?;
    }
    // Indexes set aside by a load that was interrupted come back first.
    restore_indexes(&mut conn)?;
    set_indexes_aside(&mut conn)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let loaded = load(&mut conn, n, &mut rng, today, progress);
    restore_indexes(&mut conn)?;
    // Fresh statistics for the planner: without them PostgreSQL plans the
    // joins of a just-loaded database as if its tables were empty.
    if let DbConnection::Postgresql(c) = &mut *conn {
        diesel::sql_query("ANALYZE").execute(c)?;
    }
    loaded
}

/// The tables a load fills. Their secondary indexes are dropped for the
/// load and built again afterwards: one sort per index at the end costs far
/// less than updating every index at a random place for each row, which is
/// what made a load slow down as it grew.
const LOADED_TABLES: [&str; 9] = [
    "petitioners",
    "registers",
    "requested_items",
    "consequence_tests",
    "consequence_test_items",
    "hearings",
    "hearing_registers",
    "register_events",
    "follows",
];

/// Where the definitions of the indexes set aside are kept until they are
/// built again, so that an interrupted load does not lose them.
const ASIDE_KEY: &str = "bulk_load.indexes_set_aside";

#[derive(QueryableByName)]
struct IndexDef {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    definition: String,
}

fn set_indexes_aside(conn: &mut DbConnection) -> Result<(), DbError> {
    let tables = LOADED_TABLES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // Only plain indexes: those behind primary keys and unique
    // constraints guard the load itself and stay.
    let sql = match conn {
        DbConnection::Sqlite(_) => format!(
            "SELECT name, sql AS definition FROM sqlite_master \
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables}) \
             AND sql NOT LIKE 'CREATE UNIQUE%'"
        ),
        DbConnection::Postgresql(_) => format!(
            "SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i \
             WHERE i.schemaname = current_schema() AND i.tablename IN ({tables}) \
             AND i.indexdef NOT LIKE 'CREATE UNIQUE%' \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ),
    };
    let defs: Vec<IndexDef> = diesel::sql_query(sql).load(conn)?;
    if defs.is_empty() {
        return Ok(());
    }
    let kept = defs
        .iter()
        .map(|d| format!("{}\n", d.definition.replace('\n', " ")))
        .collect::<String>();
    write_tx(conn, |conn| {
        diesel::insert_into(app_meta::table)
            .values((app_meta::key.eq(ASIDE_KEY), app_meta::value.eq(kept)))
            .execute(conn)?;
        for d in &defs {
            diesel::sql_query(format!("DROP INDEX \"{}\"", d.name)).execute(conn)?;
        }
        Ok::<_, DbError>(())
    })
}

fn restore_indexes(conn: &mut DbConnection) -> Result<(), DbError> {
    let kept: Option<String> = app_meta::table
        .find(ASIDE_KEY)
        .select(app_meta::value)
        .first(conn)
        .optional()?;
    let Some(kept) = kept else {
        return Ok(());
    };
    write_tx(conn, |conn| {
        for definition in kept.lines().filter(|l| !l.trim().is_empty()) {
            diesel::sql_query(definition).execute(conn)?;
        }
        diesel::delete(app_meta::table.find(ASIDE_KEY)).execute(conn)?;
        Ok::<_, DbError>(())
    })
}

fn load(
    conn: &mut DbConnection,
    n: usize,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    progress: impl Fn(usize),
) -> Result<Counts, DbError> {
    let mut ids = Ids::new();
    let at0 = NaiveDateTime::new(today, chrono::NaiveTime::MIN);
    let bodies: Vec<PublicBody> = (0..BODIES)
        .map(|i| PublicBody {
            id: ids.next(rng),
            name: format!("Badan Publik Contoh {:03} (bulk)", i + 1),
            short_name: format!("BPC-{:03}", i + 1),
            kind: ["Kementerian", "Pemerintah Daerah", "BUMN", "Lembaga"][i % 4].into(),
            region: format!("Provinsi {}", i % 34 + 1),
            notice_emails: String::new(),
            created_at: at0,
        })
        .collect();
    write_tx(conn, |conn| {
        insert_all!(conn, public_bodies::table, bodies);
        Ok::<_, DbError>(())
    })?;
    let mut counts = Counts::default();
    // Sequences per year continue after whatever numbers exist.
    let mut seq_of_year = std::collections::HashMap::<i32, i32>::new();
    let years: Vec<i32> = (today.year() - 11..=today.year()).collect();
    let mut written = 0;
    while written < n {
        let size = CHUNK.min(n - written);
        let mut regs = Vec::with_capacity(size);
        let mut pets = Vec::with_capacity(size);
        let mut items = Vec::new();
        let mut tests = Vec::new();
        let mut test_items = Vec::new();
        let mut hears = Vec::new();
        let mut links = Vec::new();
        let mut events = Vec::new();
        let mut fols = Vec::new();
        for _ in 0..size {
            let year = years[rng.random_range(0..years.len())];
            let registered = NaiveDate::from_ymd_opt(year, 1, 2).unwrap()
                + Duration::days(rng.random_range(0..360));
            let registered = registered.min(today - Duration::days(1));
            let seq = {
                let s = seq_of_year.entry(registered.year()).or_insert_with(|| {
                    crate::models::registers::next_sequence(conn, registered.year()).unwrap_or(1)
                        - 1
                });
                *s += 1;
                *s
            };
            let month = registered.month();
            let number = format!(
                "{seq:04}/KIP-PS/{}/{}",
                ROMAN[month as usize - 1],
                registered.year()
            );
            let body = &bodies[rng.random_range(0..BODIES)];
            let individual = rng.random_range(0..10) < 7;
            let name = if individual {
                format!(
                    "{} {}",
                    FIRST[rng.random_range(0..FIRST.len())],
                    LAST[rng.random_range(0..LAST.len())]
                )
            } else {
                format!("Perkumpulan Data Terbuka {}", rng.random_range(1..500))
            };
            let kind = if individual {
                "individual"
            } else {
                "legal_entity"
            };
            let display = if individual {
                crate::domain::filing::initials(&name)
            } else {
                name.clone()
            };
            let pet = Petitioner {
                id: ids.next(rng),
                kind: kind.into(),
                display_name: display.clone(),
                representative_name: None,
                legal_name: name,
                email: None,
                phone: None,
                address: None,
                identity_number: None,
                created_at: at0,
                lang: "id".into(),
                user_id: None,
                deed: None,
            };
            let what = WHAT[rng.random_range(0..WHAT.len())];
            let subject = format!("{what} {} {year}", WHERE[rng.random_range(0..WHERE.len())]);
            let path = path_to(rng);
            let rid = ids.next(rng);
            let mut day = registered;
            let mut status_days = vec![(
                Status::Received,
                registered - Duration::days(rng.random_range(3..20)),
            )];
            for s in &path {
                if *s != Status::Registered {
                    day += Duration::days(rng.random_range(7..60));
                }
                status_days.push((*s, day.min(today)));
            }
            let (last, since) = *status_days.last().unwrap();
            let decided_on = status_days
                .iter()
                .find(|(s, _)| s.has_decision())
                .map(|(_, d)| *d);
            let outcome = if decided_on.is_some() {
                Some(
                    match last {
                        Status::Mediated => "mediated",
                        Status::Inadmissible => "inadmissible",
                        _ => ["granted_full", "granted_partly", "rejected"][rng.random_range(0..3)],
                    }
                    .to_string(),
                )
            } else if last == Status::Withdrawn {
                Some("withdrawn".into())
            } else {
                None
            };
            let n_items = rng.random_range(1..=10);
            let mut item_ids = Vec::with_capacity(n_items);
            let mut descriptions = Vec::with_capacity(n_items);
            for p in 0..n_items {
                let exempt = rng.random_range(0..3) == 0;
                let iid = ids.next(rng);
                let description = format!(
                    "{} {}",
                    WHAT[rng.random_range(0..WHAT.len())],
                    WHERE[p % WHERE.len()]
                );
                descriptions.push(description.clone());
                let finding = if decided_on.is_some() {
                    ["open", "partly_open", "exempt"][rng.random_range(0..3)]
                } else {
                    "undecided"
                };
                items.push(RequestedItem {
                    id: iid.clone(),
                    register_id: rid.clone(),
                    position: p as i32 + 1,
                    description,
                    requested_form: [".csv", "salinan", "ekspor basis data", ""][p % 4].into(),
                    claim: if exempt { "exempt" } else { "open" }.into(),
                    claim_ground: exempt.then(|| {
                        ["a", "b", "c", "h", "i", "j"][rng.random_range(0..6)].to_string()
                    }),
                    finding: finding.into(),
                    finding_withheld: None,
                    finding_note: None,
                });
                item_ids.push(iid);
            }
            for t in 0..rng.random_range(0..=3) {
                let tid = ids.next(rng);
                let ordered = registered + Duration::days(rng.random_range(10..40) + t * 20);
                tests.push(ConsequenceTest {
                    id: tid.clone(),
                    register_id: rid.clone(),
                    state: ["ordered", "submitted", "accepted", "rejected"][rng.random_range(0..4)]
                        .into(),
                    repeat_of_id: None,
                    ordered_on: Some(ordered.min(today)),
                    due_hearing_id: None,
                    submitted_on: None,
                    examined_on: None,
                    grounds: "b".into(),
                    harm_argued: None,
                    public_interest: None,
                    exemption_period: None,
                    assessment: None,
                    created_at: at0,
                });
                test_items.push((tid, item_ids[0].clone()));
            }
            let n_hearings = rng.random_range(1..=6);
            for h in 0..n_hearings {
                let hid = ids.next(rng);
                let day = registered + Duration::days(14 + h as i64 * rng.random_range(7..30));
                let starts = NaiveDateTime::new(
                    day,
                    chrono::NaiveTime::from_hms_opt(2 + (h as u32 % 5), 0, 0).unwrap(),
                );
                let state = if day > today {
                    "scheduled"
                } else if rng.random_range(0..8) == 0 {
                    "postponed"
                } else {
                    "held"
                };
                hears.push(Hearing {
                    id: hid.clone(),
                    starts_at: starts,
                    time_zone: "Asia/Jakarta".into(),
                    kind: ["pa1", "pa2", "evidence1", "evidence2", "med1", "decision"][h % 6]
                        .into(),
                    room: format!("Ruang Sidang {}", h % 4 + 1),
                    openness: "open".into(),
                    state: state.into(),
                    state_reason: (state == "postponed")
                        .then(|| "Para pihak berhalangan".to_string()),
                    summary: None,
                    created_at: at0,
                    updated_at: at0,
                    attendance: None,
                });
                links.push((hid, rid.clone()));
            }
            let mut previous = None;
            for (s, d) in &status_days {
                events.push(RegisterEvent {
                    id: ids.next(rng),
                    register_id: rid.clone(),
                    kind: if s.has_decision() {
                        "decision"
                    } else if *s == Status::Received {
                        "received"
                    } else {
                        "status_changed"
                    }
                    .into(),
                    from_status: previous.map(|p: Status| p.code().to_string()),
                    to_status: Some(s.code().into()),
                    occurred_on: *d,
                    recorded_at: NaiveDateTime::new(
                        *d,
                        chrono::NaiveTime::from_hms_opt(3, 0, 0).unwrap(),
                    ),
                    actor: "Kepaniteraan".into(),
                    public_text: Some(format!("Status: {}.", s.code())),
                    internal_text: None,
                });
                previous = Some(*s);
            }
            let notes = rng
                .random_range(5..=20usize)
                .saturating_sub(status_days.len());
            for k in 0..notes {
                let d = (registered + Duration::days(k as i64 * 3)).min(today);
                events.push(RegisterEvent {
                    id: ids.next(rng),
                    register_id: rid.clone(),
                    kind: "note".into(),
                    from_status: None,
                    to_status: None,
                    occurred_on: d,
                    recorded_at: NaiveDateTime::new(
                        d,
                        chrono::NaiveTime::from_hms_opt(4, k as u32 % 60, 0).unwrap(),
                    ),
                    actor: "Kepaniteraan".into(),
                    public_text: Some("Catatan persidangan.".into()),
                    internal_text: None,
                });
            }
            if rng.random_range(0..50) == 0 {
                for f in 0..rng.random_range(1..=3) {
                    fols.push(Follow {
                        id: ids.next(rng),
                        email: format!(
                            "pengikut{}-{f}@contoh.invalid",
                            counts.registers + regs.len()
                        ),
                        register_id: Some(rid.clone()),
                        body_id: None,
                        lang: "id".into(),
                        token: uuid::Builder::from_random_bytes(rng.random())
                            .into_uuid()
                            .simple()
                            .to_string(),
                        confirmed_at: Some(at0),
                        created_at: at0,
                        mode: "immediate".into(),
                        confirmation_sent_at: Some(at0),
                    });
                }
            }
            let mut search = vec![
                number.clone(),
                subject.clone(),
                display,
                body.name.clone(),
                body.short_name.clone(),
            ];
            search.extend(descriptions);
            regs.push(Register {
                id: rid,
                number: Some(number),
                number_seq: Some(seq),
                number_month: Some(month as i32),
                number_kind: Some("PS".into()),
                number_year: Some(registered.year()),
                track: if rng.random_range(0..10) == 0 {
                    "election"
                } else {
                    "regular"
                }
                .into(),
                subject,
                petitioner_id: pet.id.clone(),
                respondent_id: body.id.clone(),
                requested_on: Some(registered - Duration::days(60)),
                ppid_answered_on: Some(registered - Duration::days(50)),
                objected_on: Some(registered - Duration::days(40)),
                objection_answered_on: Some(registered - Duration::days(20)),
                received_on: registered - Duration::days(5),
                registered_on: Some(registered),
                objection_grounds: "a".into(),
                status: last.code().into(),
                status_since: since,
                claimed_classification: "exempt".into(),
                outcome,
                decision_number: decided_on.map(|_| {
                    format!(
                        "{seq:04}/KIP-PS-A/{}/{}",
                        ROMAN[month as usize - 1],
                        registered.year()
                    )
                }),
                decided_on,
                disclosure_due_on: None,
                version: 1,
                search_text: search.join(" \u{1f} ").to_lowercase(),
                created_at: at0,
                updated_at: NaiveDateTime::new(since, chrono::NaiveTime::MIN),
                compliance: None,
                compliance_on: None,
            });
            pets.push(pet);
        }
        counts.registers += regs.len();
        counts.items += items.len();
        counts.tests += tests.len();
        counts.hearings += hears.len();
        counts.events += events.len();
        counts.follows += fols.len();
        write_tx(conn, |conn| {
            insert_all!(conn, petitioners::table, pets);
            insert_all!(conn, registers::table, regs);
            insert_all!(conn, requested_items::table, items);
            insert_all!(conn, consequence_tests::table, tests);
            let test_rows: Vec<_> = test_items
                .iter()
                .map(|(t, i)| {
                    (
                        consequence_test_items::test_id.eq(t),
                        consequence_test_items::item_id.eq(i),
                    )
                })
                .collect();
            insert_all!(conn, consequence_test_items::table, test_rows);
            insert_all!(conn, hearings::table, hears);
            let link_rows: Vec<_> = links
                .iter()
                .map(|(h, r)| {
                    (
                        hearing_registers::hearing_id.eq(h),
                        hearing_registers::register_id.eq(r),
                    )
                })
                .collect();
            insert_all!(conn, hearing_registers::table, link_rows);
            insert_all!(conn, register_events::table, events);
            insert_all!(conn, follows::table, fols);
            Ok::<_, DbError>(())
        })?;
        written += size;
        progress(written);
    }
    Ok(counts)
}

//! Registers and what belongs to them: panel, requested items, consequence
//! tests and the timeline.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::Conn;
use crate::db::schema::{
    consequence_test_items, consequence_tests, panel_members, register_changes, register_events,
    registers, requested_items,
};
use crate::domain::kinds::EventKind;
use crate::domain::kinds::Track;
use crate::domain::status::{Status, Transition, TransitionInput};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = registers)]
pub struct Register {
    pub id: String,
    pub number: Option<String>,
    pub number_seq: Option<i32>,
    pub number_month: Option<i32>,
    pub number_kind: Option<String>,
    pub number_year: Option<i32>,
    pub track: String,
    pub subject: String,
    pub petitioner_id: String,
    pub respondent_id: String,
    pub requested_on: Option<NaiveDate>,
    pub ppid_answered_on: Option<NaiveDate>,
    pub objected_on: Option<NaiveDate>,
    pub objection_answered_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub registered_on: Option<NaiveDate>,
    pub objection_grounds: String,
    pub status: String,
    pub status_since: NaiveDate,
    pub claimed_classification: String,
    pub outcome: Option<String>,
    pub decision_number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub disclosure_due_on: Option<NaiveDate>,
    pub version: i32,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub compliance: Option<String>,
    pub compliance_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = panel_members)]
pub struct PanelMember {
    pub id: String,
    pub register_id: String,
    pub name: String,
    pub role: String,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = requested_items)]
pub struct RequestedItem {
    pub id: String,
    pub register_id: String,
    pub position: i32,
    pub description: String,
    pub requested_form: String,
    pub claim: String,
    pub claim_ground: Option<String>,
    pub finding: String,
    pub finding_withheld: Option<String>,
    pub finding_note: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consequence_tests)]
pub struct ConsequenceTest {
    pub id: String,
    pub register_id: String,
    pub state: String,
    pub repeat_of_id: Option<String>,
    pub ordered_on: Option<NaiveDate>,
    pub due_hearing_id: Option<String>,
    pub submitted_on: Option<NaiveDate>,
    pub examined_on: Option<NaiveDate>,
    pub grounds: String,
    pub harm_argued: Option<String>,
    pub public_interest: Option<String>,
    pub exemption_period: Option<String>,
    pub assessment: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = register_events)]
pub struct RegisterEvent {
    pub id: String,
    pub register_id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub occurred_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub actor: String,
    pub public_text: Option<String>,
    pub internal_text: Option<String>,
}

/// A timeline entry as the public sees it: no internal text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = register_events)]
pub struct PublicEvent {
    pub id: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub occurred_on: NaiveDate,
    pub actor: String,
    pub public_text: Option<String>,
}

impl RegisterEvent {
    /// An event with public text and no change of status, recorded now.
    pub fn public(
        register_id: &str,
        kind: EventKind,
        on: NaiveDate,
        actor: &str,
        text: String,
    ) -> RegisterEvent {
        RegisterEvent {
            id: crate::db::new_id(),
            register_id: register_id.to_string(),
            kind: kind.code().to_string(),
            from_status: None,
            to_status: None,
            occurred_on: on,
            recorded_at: super::now(),
            actor: actor.to_string(),
            public_text: Some(text),
            internal_text: None,
        }
    }
}

impl Register {
    /// The dates its deadlines count from.
    pub fn dates(&self) -> crate::domain::deadlines::RegisterDates {
        crate::domain::deadlines::RegisterDates {
            objected_on: self.objected_on,
            objection_answered_on: self.objection_answered_on,
            received_on: Some(self.received_on),
            registered_on: self.registered_on,
            status_since: Some(self.status_since),
            decided_on: self.decided_on,
        }
    }
}

pub fn insert(conn: &mut Conn, register: &Register) -> QueryResult<()> {
    diesel::insert_into(registers::table)
        .values(register)
        .execute(conn)?;
    Ok(())
}

pub fn insert_panel_member(conn: &mut Conn, member: &PanelMember) -> QueryResult<()> {
    diesel::insert_into(panel_members::table)
        .values(member)
        .execute(conn)?;
    Ok(())
}

pub fn insert_item(conn: &mut Conn, item: &RequestedItem) -> QueryResult<()> {
    diesel::insert_into(requested_items::table)
        .values(item)
        .execute(conn)?;
    Ok(())
}

pub fn insert_test(
    conn: &mut Conn,
    test: &ConsequenceTest,
    item_ids: &[String],
) -> QueryResult<()> {
    diesel::insert_into(consequence_tests::table)
        .values(test)
        .execute(conn)?;
    for item_id in item_ids {
        diesel::insert_into(consequence_test_items::table)
            .values((
                consequence_test_items::test_id.eq(&test.id),
                consequence_test_items::item_id.eq(item_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Adds an event to a register's timeline; the register counts as changed.
pub fn append_event(conn: &mut Conn, event: &RegisterEvent) -> QueryResult<()> {
    diesel::insert_into(register_events::table)
        .values(event)
        .execute(conn)?;
    super::stamps::touch_register(conn, &event.register_id, event.recorded_at)
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Register>> {
    registers::table
        .find(id)
        .select(Register::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_number(conn: &mut Conn, number: &str) -> QueryResult<Option<Register>> {
    registers::table
        .filter(registers::number.eq(number))
        .select(Register::as_select())
        .first(conn)
        .optional()
}

/// Rebuilds the lower-case text that list searches match against: number,
/// subject, public party names and the requested items.
pub fn refresh_search_text(conn: &mut Conn, id: &str) -> QueryResult<()> {
    let Some(register) = find(conn, id)? else {
        return Ok(());
    };
    let petitioner = super::petitioners::public(conn, &register.petitioner_id)?;
    let respondent = super::bodies::find(conn, &register.respondent_id)?;
    let items: Vec<String> = requested_items::table
        .filter(requested_items::register_id.eq(id))
        .select(requested_items::description)
        .load(conn)?;
    let mut parts: Vec<String> = vec![
        register.number.clone().unwrap_or_default(),
        register.subject.clone(),
    ];
    if let Some(p) = petitioner {
        parts.push(p.display_name);
        parts.extend(p.representative_name);
    }
    if let Some(b) = respondent {
        parts.push(b.name);
        parts.push(b.short_name);
    }
    parts.extend(items);
    let text = parts.join(" \u{1f} ").to_lowercase();
    diesel::update(registers::table.find(id))
        .set(registers::search_text.eq(text))
        .execute(conn)?;
    Ok(())
}

/// Filters of the public list. Only registered disputes are public.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<Status>,
    pub respondent_id: Option<String>,
    pub year: Option<i32>,
    pub track: Option<Track>,
    pub query: Option<String>,
}

/// Position in the list: the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub registered_on: NaiveDate,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        format!("{}_{}", self.registered_on.format("%Y-%m-%d"), self.id)
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let (date, id) = raw.split_once('_')?;
        let registered_on = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let valid_id = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        valid_id.then(|| Cursor {
            registered_on,
            id: id.to_string(),
        })
    }
}

/// Registers listed after a cursor: a row value, so that both databases
/// walk the listing index from the cursor on instead of merging two
/// ranges. Written as its own expression rather than literal SQL, so that
/// the query stays one prepared statement per connection (diesel prepares
/// anew any query with literal SQL in it: on PostgreSQL planning took five
/// times as long as running it).
#[derive(Debug, Clone)]
struct Before(Cursor);

impl Expression for Before {
    type SqlType = diesel::sql_types::Bool;
}

impl<QS> AppearsOnTable<QS> for Before {}
impl<QS> SelectableExpression<QS> for Before {}

impl diesel::expression::ValidGrouping<()> for Before {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl diesel::query_builder::QueryId for Before {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

macro_rules! before_for {
    ($backend:ty) => {
        impl diesel::query_builder::QueryFragment<$backend> for Before {
            fn walk_ast<'b>(
                &'b self,
                mut out: diesel::query_builder::AstPass<'_, 'b, $backend>,
            ) -> QueryResult<()> {
                out.push_sql("(\"registers\".\"registered_on\", \"registers\".\"id\") < (");
                out.push_bind_param::<diesel::sql_types::Date, _>(&self.0.registered_on)?;
                out.push_sql(", ");
                out.push_bind_param::<diesel::sql_types::Text, _>(&self.0.id)?;
                out.push_sql(")");
                Ok(())
            }
        }
    };
}
before_for!(diesel::pg::Pg);
before_for!(diesel::sqlite::Sqlite);

impl diesel::query_builder::QueryFragment<crate::db::MultiBackend> for Before {
    fn walk_ast<'b>(
        &'b self,
        pass: diesel::query_builder::AstPass<'_, 'b, crate::db::MultiBackend>,
    ) -> QueryResult<()> {
        crate::db::MultiBackend::walk_variant_ast(self, pass)
    }
}

/// Narrows a boxed query that reads the `registers` table (alone or
/// joined) to the registers a [`Filter`] selects. With `without_text` the
/// text query is left to the caller (the search page joins the text index
/// itself).
macro_rules! filter_registers {
    ($query:expr, $filter:expr) => {{
        let filter: &$crate::models::registers::Filter = $filter;
        let mut query = $crate::models::registers::filter_registers!($query, filter, without_text);
        if let Some(q) = filter.text() {
            query = query.filter($crate::models::search::TextMatch::new(q));
        }
        query
    }};
    ($query:expr, $filter:expr, without_text) => {{
        use $crate::db::schema::registers as r;
        let filter: &$crate::models::registers::Filter = $filter;
        let mut query = $query.filter(r::registered_on.is_not_null());
        if let Some(status) = filter.status {
            query = query.filter(r::status.eq(status.code()));
        }
        if let Some(respondent) = &filter.respondent_id {
            query = query.filter(r::respondent_id.eq(respondent.clone()));
        }
        if let Some(year) = filter.year {
            if let (Some(start), Some(end)) = (
                chrono::NaiveDate::from_ymd_opt(year, 1, 1),
                chrono::NaiveDate::from_ymd_opt(year, 12, 31),
            ) {
                query = query.filter(r::registered_on.between(start, end));
            }
        }
        if let Some(track) = filter.track {
            query = query.filter(r::track.eq(track.code()));
        }
        query
    }};
}
pub(crate) use filter_registers;

impl Filter {
    /// The text query, when there is one.
    pub fn text(&self) -> Option<&str> {
        self.query.as_deref().filter(|q| !q.trim().is_empty())
    }
}

/// How many registers a filter selects: exact, or at least this many when
/// a text query matches more than [`COUNT_CAP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(i64),
    AtLeast(i64),
}

/// A text query's matches are counted up to this many.
pub const COUNT_CAP: i64 = 1000;

/// Counts what a filter selects. Without a text query the count is a sum
/// over the kept counts per status, year, track (and body), whatever the
/// number of registers; a text query's matches are counted up to the cap.
pub fn count(conn: &mut Conn, filter: &Filter) -> QueryResult<Count> {
    use crate::db::schema::{register_counts as c, register_counts_by_body as b};
    if filter.text().is_some() {
        let ids = search_ids(conn, filter, COUNT_CAP + 1)?;
        let n = ids.len() as i64;
        return Ok(if n > COUNT_CAP {
            Count::AtLeast(COUNT_CAP)
        } else {
            Count::Exact(n)
        });
    }
    let status = filter.status.map(|s| s.code());
    let track = filter.track.map(|t| t.code());
    let sum: Option<i64> = match &filter.respondent_id {
        Some(body) => {
            let mut q = b::table
                .filter(b::respondent_id.eq(body.clone()))
                .into_boxed();
            if let Some(s) = status {
                q = q.filter(b::status.eq(s));
            }
            if let Some(y) = filter.year {
                q = q.filter(b::year.eq(y));
            }
            if let Some(t) = track {
                q = q.filter(b::track.eq(t));
            }
            q.select(diesel::dsl::sum(b::n)).first(conn)?
        }
        None => {
            let mut q = c::table.into_boxed();
            if let Some(s) = status {
                q = q.filter(c::status.eq(s));
            }
            if let Some(y) = filter.year {
                q = q.filter(c::year.eq(y));
            }
            if let Some(t) = track {
                q = q.filter(c::track.eq(t));
            }
            q.select(diesel::dsl::sum(c::n)).first(conn)?
        }
    };
    Ok(Count::Exact(sum.unwrap_or(0)))
}

/// One page of the list and the cursor of the next page if there is one.
/// The list is newest registration first; a text search is most recently
/// filed first, the order in which the text index reads its matches.
pub fn page(
    conn: &mut Conn,
    filter: &Filter,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<(Vec<Register>, Option<Cursor>)> {
    let mut rows: Vec<Register> = if filter.text().is_some() {
        search_page(conn, filter, after, limit + 1)?
    } else {
        let mut query = filter_registers!(registers::table.into_boxed(), filter);
        if let Some(c) = after {
            query = query.filter(Before(c.clone()));
        }
        query
            .order((registers::registered_on.desc(), registers::id.desc()))
            .limit(limit + 1)
            .select(Register::as_select())
            .load(conn)?
    };
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().and_then(|r| {
            Some(Cursor {
                registered_on: r.registered_on?,
                id: r.id.clone(),
            })
        })
    } else {
        None
    };
    Ok((rows, next))
}

/// Loads what a text query (and the other filters) selects, most recently
/// filed first, from `after` on. On SQLite the text index drives the loop
/// in its own (insertion) order, so that a page stops once its rows are
/// found instead of sorting every match; PostgreSQL walks the time-ordered
/// id and tests each row's text vector, or reads the GIN index when the
/// words are rare, as its planner sees fit.
macro_rules! load_search {
    ($conn:expr, $filter:expr, $after:expr, $limit:expr, $select:expr) => {{
        use diesel::dsl::sql;
        use diesel::sql_types::{BigInt, Bool, Text};
        let conn: &mut Conn = $conn;
        let filter: &Filter = $filter;
        let after: Option<&Cursor> = $after;
        let q = filter.text().unwrap_or_default();
        if matches!(conn, crate::db::DbConnection::Sqlite(_)) {
            use crate::db::schema::registers_search as s;
            let mut query = s::table
                .inner_join(registers::table.on(sql::<Bool>(
                    "\"registers\".rowid = \"registers_search\".rowid",
                )))
                .filter(super::search::TextMatch::joined(q))
                .into_boxed();
            query = filter_registers!(query, filter, without_text);
            if let Some(c) = after {
                query = query.filter(
                    sql::<Bool>(
                        "\"registers_search\".rowid < (SELECT rowid FROM registers WHERE id = ",
                    )
                    .bind::<Text, _>(c.id.clone())
                    .sql(")"),
                );
            }
            query
                .order(sql::<BigInt>("\"registers_search\".rowid").desc())
                .limit($limit)
                .select($select)
                .load(conn)
        } else {
            let mut query = filter_registers!(registers::table.into_boxed(), filter);
            if let Some(c) = after {
                query = query.filter(registers::id.lt(c.id.clone()));
            }
            query
                .order(registers::id.desc())
                .limit($limit)
                .select($select)
                .load(conn)
        }
    }};
}

fn search_page(
    conn: &mut Conn,
    filter: &Filter,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<Register>> {
    load_search!(conn, filter, after, limit, Register::as_select())
}

fn search_ids(conn: &mut Conn, filter: &Filter, limit: i64) -> QueryResult<Vec<String>> {
    load_search!(conn, filter, None, limit, registers::id)
}

/// Registered disputes that changed most recently.
pub fn recently_changed(conn: &mut Conn, limit: i64) -> QueryResult<Vec<Register>> {
    registers::table
        .filter(registers::registered_on.is_not_null())
        .order((registers::updated_at.desc(), registers::id.desc()))
        .limit(limit)
        .select(Register::as_select())
        .load(conn)
}

/// The years from the first registration to the latest, newest first, for
/// the list's filter: two walks of one step down the listing index.
pub fn years(conn: &mut Conn) -> QueryResult<Vec<i32>> {
    let registered = || {
        registers::table
            .filter(registers::registered_on.is_not_null())
            .select(registers::registered_on)
            .limit(1)
    };
    let first: Option<Option<NaiveDate>> = registered()
        .order(registers::registered_on.asc())
        .first(conn)
        .optional()?;
    let last: Option<Option<NaiveDate>> = registered()
        .order(registers::registered_on.desc())
        .first(conn)
        .optional()?;
    Ok(match (first.flatten(), last.flatten()) {
        (Some(first), Some(last)) => (first.year()..=last.year()).rev().collect(),
        _ => Vec::new(),
    })
}

/// Public names of the parties of a set of registers, fetched in two queries.
pub struct Parties {
    pub bodies: std::collections::HashMap<String, super::bodies::PublicBody>,
    pub petitioners: std::collections::HashMap<String, super::petitioners::PublicPetitioner>,
}

pub fn parties(conn: &mut Conn, rows: &[Register]) -> QueryResult<Parties> {
    let body_ids: Vec<String> = rows.iter().map(|r| r.respondent_id.clone()).collect();
    let petitioner_ids: Vec<String> = rows.iter().map(|r| r.petitioner_id.clone()).collect();
    Ok(Parties {
        bodies: super::bodies::by_ids(conn, &body_ids)?
            .into_iter()
            .map(|b| (b.id.clone(), b))
            .collect(),
        petitioners: super::petitioners::public_by_ids(conn, &petitioner_ids)?
            .into_iter()
            .map(|p| (p.id.clone(), p))
            .collect(),
    })
}

/// Everything the public page of a register shows.
pub struct PublicDetail {
    pub register: Register,
    pub petitioner: super::petitioners::PublicPetitioner,
    pub respondent: super::bodies::PublicBody,
    pub panel: Vec<PanelMember>,
    pub items: Vec<RequestedItem>,
    pub tests: Vec<(ConsequenceTest, Vec<String>)>,
    pub hearings: Vec<super::hearings::Hearing>,
    pub events: Vec<PublicEvent>,
}

pub fn public_detail(conn: &mut Conn, id: &str) -> QueryResult<Option<PublicDetail>> {
    let Some(register) = find(conn, id)?.filter(|r| r.registered_on.is_some()) else {
        return Ok(None);
    };
    let petitioner =
        super::petitioners::public(conn, &register.petitioner_id)?.ok_or(diesel::NotFound)?;
    let respondent = super::bodies::find(conn, &register.respondent_id)?.ok_or(diesel::NotFound)?;
    let panel = panel_members::table
        .filter(panel_members::register_id.eq(id))
        .order(panel_members::position.asc())
        .select(PanelMember::as_select())
        .load(conn)?;
    let items = requested_items::table
        .filter(requested_items::register_id.eq(id))
        .order(requested_items::position.asc())
        .select(RequestedItem::as_select())
        .load(conn)?;
    let tests = tests_with_items(conn, id)?;
    let hearings = super::hearings::for_register(conn, id)?;
    let events = register_events::table
        .filter(register_events::register_id.eq(id))
        .filter(register_events::public_text.is_not_null())
        .order((
            register_events::occurred_on.asc(),
            register_events::recorded_at.asc(),
        ))
        .select(PublicEvent::as_select())
        .load(conn)?;
    Ok(Some(PublicDetail {
        register,
        petitioner,
        respondent,
        panel,
        items,
        tests,
        hearings,
        events,
    }))
}

/// Whether any register exists at all.
pub fn any(conn: &mut Conn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(registers::table.select(registers::id))).get_result(conn)
}

/// A status change as staff record it.
pub struct StatusChange<'a> {
    pub transition: &'a Transition,
    pub input: &'a TransitionInput,
    /// The version the editor saw; the change is refused if it moved on.
    pub expected_version: i32,
    pub actor: &'a str,
    /// When the change is recorded.
    pub at: NaiveDateTime,
    pub public_text: Option<String>,
    pub internal_text: Option<String>,
}

/// Applies a status change the rules allowed, with its event and audit
/// history; call it in a write transaction. Returns `false` (and changes
/// nothing) when someone else saved the register since `expected_version`.
pub fn apply_status_change(conn: &mut Conn, id: &str, change: &StatusChange) -> QueryResult<bool> {
    let t = change.transition;
    let at = change.at;
    let Some(before) = find(conn, id)? else {
        return Ok(false);
    };
    let updated = diesel::update(
        registers::table
            .filter(registers::id.eq(id))
            .filter(registers::version.eq(change.expected_version)),
    )
    .set((
        registers::status.eq(t.to.code()),
        registers::status_since.eq(t.on),
        registers::version.eq(change.expected_version + 1),
        registers::updated_at.eq(at),
    ))
    .execute(conn)?;
    if updated == 0 {
        return Ok(false);
    }
    if t.to == Status::Registered {
        let number = change
            .input
            .register_number
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_string();
        let parts = crate::domain::register_number::parse(&number);
        diesel::update(registers::table.find(id))
            .set((
                registers::registered_on.eq(t.on),
                registers::number.eq(&number),
                registers::number_seq.eq(parts.seq),
                registers::number_month.eq(parts.month.map(|m| m as i32)),
                registers::number_kind.eq(parts.kind),
                registers::number_year.eq(parts.year),
            ))
            .execute(conn)?;
    }
    if let Some(outcome) = t.outcome {
        diesel::update(registers::table.find(id))
            .set(registers::outcome.eq(outcome.code()))
            .execute(conn)?;
    }
    if let Some(number) = change
        .input
        .decision_number
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        diesel::update(registers::table.find(id))
            .set((
                registers::decision_number.eq(number),
                registers::decided_on.eq(t.on),
            ))
            .execute(conn)?;
    }
    let kind = t.to.event_kind();
    let event_id = crate::db::new_id();
    append_event(
        conn,
        &RegisterEvent {
            id: event_id.clone(),
            register_id: id.to_string(),
            kind: kind.code().to_string(),
            from_status: Some(t.from.code().to_string()),
            to_status: Some(t.to.code().to_string()),
            occurred_on: t.on,
            recorded_at: at,
            actor: change.actor.to_string(),
            public_text: change.public_text.clone(),
            internal_text: change.internal_text.clone(),
        },
    )?;
    if t.to == Status::Incomplete {
        diesel::update(register_events::table.find(&event_id))
            .set(register_events::missing.eq(change.input.missing.as_deref()))
            .execute(conn)?;
    }
    if t.to == Status::Registered {
        refresh_search_text(conn, id)?;
    }
    let after = find(conn, id)?.ok_or(diesel::NotFound)?;
    record_changes(conn, &before, &after, change.actor, at)?;
    Ok(true)
}

/// One recorded change of a field.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = register_changes)]
pub struct FieldChange {
    pub id: String,
    pub register_id: String,
    pub recorded_at: NaiveDateTime,
    pub actor: String,
    pub field: String,
    pub before_value: Option<String>,
    pub after_value: Option<String>,
}

/// Writes the fields that differ between two states of a register.
pub fn record_changes(
    conn: &mut Conn,
    before: &Register,
    after: &Register,
    actor: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    let fields: [(&str, Option<String>, Option<String>); 12] = [
        (
            "status",
            Some(before.status.clone()),
            Some(after.status.clone()),
        ),
        (
            "status_since",
            date(Some(before.status_since)),
            date(Some(after.status_since)),
        ),
        ("number", before.number.clone(), after.number.clone()),
        (
            "registered_on",
            date(before.registered_on),
            date(after.registered_on),
        ),
        (
            "subject",
            Some(before.subject.clone()),
            Some(after.subject.clone()),
        ),
        (
            "claimed_classification",
            Some(before.claimed_classification.clone()),
            Some(after.claimed_classification.clone()),
        ),
        ("outcome", before.outcome.clone(), after.outcome.clone()),
        (
            "decision_number",
            before.decision_number.clone(),
            after.decision_number.clone(),
        ),
        (
            "decided_on",
            date(before.decided_on),
            date(after.decided_on),
        ),
        (
            "disclosure_due_on",
            date(before.disclosure_due_on),
            date(after.disclosure_due_on),
        ),
        (
            "compliance",
            before.compliance.clone(),
            after.compliance.clone(),
        ),
        (
            "compliance_on",
            date(before.compliance_on),
            date(after.compliance_on),
        ),
    ];
    for (field, old, new) in fields {
        if old != new {
            diesel::insert_into(register_changes::table)
                .values(&FieldChange {
                    id: crate::db::new_id(),
                    register_id: after.id.clone(),
                    recorded_at: at,
                    actor: actor.to_string(),
                    field: field.to_string(),
                    before_value: old,
                    after_value: new,
                })
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Records one change of something a register holds (a hearing, a test).
pub fn record_field(
    conn: &mut Conn,
    register_id: &str,
    actor: &str,
    at: NaiveDateTime,
    field: &str,
    change: (Option<String>, Option<String>),
) -> QueryResult<()> {
    if change.0 == change.1 {
        return Ok(());
    }
    diesel::insert_into(register_changes::table)
        .values(&FieldChange {
            id: crate::db::new_id(),
            register_id: register_id.to_string(),
            recorded_at: at,
            actor: actor.to_string(),
            field: field.to_string(),
            before_value: change.0,
            after_value: change.1,
        })
        .execute(conn)?;
    Ok(())
}

/// The audit history of a register, newest first.
pub fn changes(conn: &mut Conn, id: &str) -> QueryResult<Vec<FieldChange>> {
    register_changes::table
        .filter(register_changes::register_id.eq(id))
        .order((
            register_changes::recorded_at.desc(),
            register_changes::id.desc(),
        ))
        .select(FieldChange::as_select())
        .load(conn)
}

/// Every event of a register, internal text included, newest first.
/// What the latest "incomplete" told the petitioner was missing.
pub fn latest_missing(conn: &mut Conn, id: &str) -> QueryResult<Option<String>> {
    Ok(register_events::table
        .filter(register_events::register_id.eq(id))
        .filter(register_events::to_status.eq(Status::Incomplete.code()))
        .order(register_events::recorded_at.desc())
        .select(register_events::missing)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

pub fn all_events(conn: &mut Conn, id: &str) -> QueryResult<Vec<RegisterEvent>> {
    register_events::table
        .filter(register_events::register_id.eq(id))
        .order((
            register_events::recorded_at.desc(),
            register_events::id.desc(),
        ))
        .select(RegisterEvent::as_select())
        .load(conn)
}

/// Registers in any of `statuses`, oldest receipt first.
/// Registered disputes in these statuses, newest registration first, at
/// most `limit`, of these respondents when some are given.
pub fn running_of(
    conn: &mut Conn,
    statuses: &[Status],
    respondents: &[String],
    limit: i64,
) -> QueryResult<Vec<Register>> {
    let codes: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
    let mut q = registers::table
        .filter(registers::status.eq_any(codes))
        .filter(registers::registered_on.is_not_null())
        .into_boxed();
    if !respondents.is_empty() {
        q = q.filter(registers::respondent_id.eq_any(respondents.to_vec()));
    }
    q.order((registers::registered_on.desc(), registers::id.desc()))
        .limit(limit)
        .select(Register::as_select())
        .load(conn)
}

/// Hands every register in `statuses` to `visit`, `slice` rows at a time
/// (in status, then id order), so that a large register is never held in
/// memory whole.
pub fn each_in_statuses(
    conn: &mut Conn,
    statuses: &[Status],
    slice: i64,
    mut visit: impl FnMut(Vec<Register>),
) -> QueryResult<()> {
    for status in statuses {
        // Every id is greater than the empty string.
        let mut after = String::new();
        loop {
            let rows: Vec<Register> = registers::table
                .filter(registers::status.eq(status.code()))
                .filter(registers::id.gt(&after))
                .order(registers::id.asc())
                .limit(slice)
                .select(Register::as_select())
                .load(conn)?;
            let full = rows.len() as i64 == slice;
            if let Some(last) = rows.last() {
                after = last.id.clone();
            }
            visit(rows);
            if !full {
                break;
            }
        }
    }
    Ok(())
}

/// The next sequence number of the year among registers numbered so far.
pub fn next_sequence(conn: &mut Conn, year: i32) -> QueryResult<i32> {
    use diesel::dsl::max;
    let top: Option<i32> = registers::table
        .filter(registers::number_year.eq(year))
        .select(max(registers::number_seq))
        .first(conn)?;
    Ok(top.unwrap_or(0) + 1)
}

/// The consequence tests ordered and not yet submitted, the oldest order
/// first, at most `limit` of them, and how many there are in all (by the
/// index on state and order date).
#[allow(clippy::type_complexity)]
pub fn tests_due(
    conn: &mut Conn,
    limit: i64,
) -> QueryResult<(Vec<(ConsequenceTest, String, Option<String>)>, i64)> {
    let ordered = crate::domain::kinds::TestState::Ordered.code();
    let rows = consequence_tests::table
        .inner_join(registers::table)
        .filter(consequence_tests::state.eq(ordered))
        .order((
            consequence_tests::ordered_on.asc(),
            consequence_tests::id.asc(),
        ))
        .limit(limit)
        .select((
            ConsequenceTest::as_select(),
            registers::id,
            registers::number,
        ))
        .load(conn)?;
    let total = consequence_tests::table
        .filter(consequence_tests::state.eq(ordered))
        .count()
        .get_result(conn)?;
    Ok((rows, total))
}

/// The consequence tests of a register in the order they were ordered,
/// each with the ids of the items it covers.
pub fn tests_with_items(
    conn: &mut Conn,
    id: &str,
) -> QueryResult<Vec<(ConsequenceTest, Vec<String>)>> {
    let test_rows: Vec<ConsequenceTest> = consequence_tests::table
        .filter(consequence_tests::register_id.eq(id))
        .order((
            consequence_tests::ordered_on.asc(),
            consequence_tests::created_at.asc(),
        ))
        .select(ConsequenceTest::as_select())
        .load(conn)?;
    let test_ids: Vec<String> = test_rows.iter().map(|t| t.id.clone()).collect();
    let links: Vec<(String, String)> = consequence_test_items::table
        .filter(consequence_test_items::test_id.eq_any(&test_ids))
        .select((
            consequence_test_items::test_id,
            consequence_test_items::item_id,
        ))
        .load(conn)?;
    Ok(test_rows
        .into_iter()
        .map(|t| {
            let covered = links
                .iter()
                .filter(|(tid, _)| *tid == t.id)
                .map(|(_, item)| item.clone())
                .collect();
            (t, covered)
        })
        .collect())
}

pub fn find_test(conn: &mut Conn, id: &str) -> QueryResult<Option<ConsequenceTest>> {
    consequence_tests::table
        .find(id)
        .select(ConsequenceTest::as_select())
        .first(conn)
        .optional()
}

/// Saves every field of a test.
pub fn update_test(conn: &mut Conn, t: &ConsequenceTest) -> QueryResult<()> {
    diesel::update(consequence_tests::table.find(&t.id))
        .set((
            consequence_tests::state.eq(&t.state),
            consequence_tests::submitted_on.eq(t.submitted_on),
            consequence_tests::examined_on.eq(t.examined_on),
            consequence_tests::grounds.eq(&t.grounds),
            consequence_tests::harm_argued.eq(&t.harm_argued),
            consequence_tests::public_interest.eq(&t.public_interest),
            consequence_tests::exemption_period.eq(&t.exemption_period),
            consequence_tests::assessment.eq(&t.assessment),
        ))
        .execute(conn)?;
    Ok(())
}

/// One requested item as staff save it; `id` is `None` for a new item.
#[derive(Debug, Clone)]
pub struct ItemEdit {
    pub id: Option<String>,
    pub description: String,
    pub requested_form: String,
    pub claim: String,
    pub claim_ground: Option<String>,
    pub finding: String,
    pub finding_withheld: Option<String>,
    pub finding_note: Option<String>,
}

/// Moves the register to its next version; `false` when it is no longer
/// at `expected_version` (someone else saved it meanwhile).
pub fn bump_version(
    conn: &mut Conn,
    id: &str,
    expected_version: i32,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let bumped = diesel::update(
        registers::table
            .filter(registers::id.eq(id))
            .filter(registers::version.eq(expected_version)),
    )
    .set((
        registers::version.eq(expected_version + 1),
        registers::updated_at.eq(at),
    ))
    .execute(conn)?;
    Ok(bumped > 0)
}

/// Writes an item's description, claim and finding.
pub fn update_item(conn: &mut Conn, item: &RequestedItem) -> QueryResult<()> {
    diesel::update(requested_items::table.find(&item.id))
        .set((
            requested_items::description.eq(&item.description),
            requested_items::requested_form.eq(&item.requested_form),
            requested_items::claim.eq(&item.claim),
            requested_items::claim_ground.eq(&item.claim_ground),
            requested_items::finding.eq(&item.finding),
            requested_items::finding_withheld.eq(&item.finding_withheld),
            requested_items::finding_note.eq(&item.finding_note),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Adds one entry to the audit history.
pub fn insert_field_change(conn: &mut Conn, change: &FieldChange) -> QueryResult<()> {
    diesel::insert_into(register_changes::table)
        .values(change)
        .execute(conn)
        .map(|_| ())
}

/// The items of a register in order.
pub fn items(conn: &mut Conn, register_id: &str) -> QueryResult<Vec<RequestedItem>> {
    requested_items::table
        .filter(requested_items::register_id.eq(register_id))
        .order(requested_items::position.asc())
        .select(RequestedItem::as_select())
        .load(conn)
}

/// The follow-up of a decision as staff record it.
pub struct FollowUp {
    pub disclosure_due_on: Option<NaiveDate>,
    pub compliance: Option<String>,
    pub compliance_on: Option<NaiveDate>,
    /// What the public timeline says of it, if anything.
    pub public_text: Option<String>,
}

/// Saves the follow-up with its audit history and a public event, in the
/// caller's write transaction, `before` being the register as read in it;
/// `false` when the register moved on since `expected_version`.
pub fn save_follow_up(
    conn: &mut Conn,
    before: &Register,
    expected_version: i32,
    f: &FollowUp,
    actor: &str,
    at: NaiveDateTime,
    on: NaiveDate,
) -> QueryResult<bool> {
    let id = before.id.as_str();
    let n = diesel::update(
        registers::table
            .filter(registers::id.eq(id))
            .filter(registers::version.eq(expected_version)),
    )
    .set((
        registers::disclosure_due_on.eq(f.disclosure_due_on),
        registers::compliance.eq(&f.compliance),
        registers::compliance_on.eq(f.compliance_on),
        registers::version.eq(expected_version + 1),
        registers::updated_at.eq(at),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    let after = find(conn, id)?.ok_or(diesel::NotFound)?;
    record_changes(conn, before, &after, actor, at)?;
    if let Some(text) = f.public_text.clone() {
        let mut event = RegisterEvent::public(id, EventKind::Note, on, actor, text);
        event.recorded_at = at;
        append_event(conn, &event)?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            registered_on: NaiveDate::from_ymd_opt(2024, 2, 26).unwrap(),
            id: "0192f0c8-1111-7abc-8def-000000000001".into(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "x",
            "2024-13-01_abc",
            "2024-01-01_",
            "2024-01-01_a'b",
            "nodate_abc",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}

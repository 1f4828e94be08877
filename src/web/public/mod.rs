//! Public pages: anyone may read them; nothing private is loaded here.

pub mod body;
pub mod follow;
pub mod home;
pub mod list;
pub mod register;
pub mod schedule;
pub mod stats;

use std::collections::HashMap;

use crate::db::DbConnection;
use crate::i18n::Lang;
use crate::models::hearings;
pub(crate) use crate::web::clocks::Clocks;
use crate::web::views::{hearing_view, HearingView};
use crate::web::{AppError, AppState};

/// Registers on a page of the list.
const PAGE_SIZE: i64 = 25;

/// Register ids and numbers for each hearing, in one query.
pub(crate) fn hearing_links(
    conn: &mut DbConnection,
    list: &[hearings::Hearing],
) -> Result<HashMap<String, Vec<(String, String)>>, AppError> {
    let ids: Vec<String> = list.iter().map(|h| h.id.clone()).collect();
    let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (hearing_id, register_id, number) in hearings::register_links(conn, &ids)? {
        map.entry(hearing_id)
            .or_default()
            .push((register_id, number.unwrap_or_default()));
    }
    Ok(map)
}

pub(crate) fn hearing_views(
    lang: Lang,
    state: &AppState,
    conn: &mut DbConnection,
    list: &[hearings::Hearing],
) -> Result<Vec<HearingView>, AppError> {
    let mut links = hearing_links(conn, list)?;
    Ok(list
        .iter()
        .map(|h| {
            hearing_view(
                lang,
                h,
                state.settings.time_zone,
                links.remove(&h.id).unwrap_or_default(),
            )
        })
        .collect())
}

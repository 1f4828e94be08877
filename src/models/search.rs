//! Full-text search over the registers' search text: SQLite's FTS5 table
//! `registers_search`, PostgreSQL's `registers.search_vector` (migration
//! 000012). Both split text into runs of letters and digits; a query
//! matches a register when every one of its words begins a word of the
//! register's text, in any order.

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

use crate::db::MultiBackend;

/// More words than this in one query are ignored: they narrow nothing a
/// person would notice and each costs an index lookup.
pub const MAX_WORDS: usize = 12;

/// The words of a query, lower-cased: maximal runs of letters and digits.
pub fn words(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_lowercase)
        .collect()
}

/// `registers` rows whose search text holds every word of a query as the
/// start of one of its words. A query without any word matches nothing.
#[derive(Debug, Clone)]
pub struct TextMatch {
    /// The query in FTS5's syntax.
    fts5: String,
    /// On SQLite: the query already joins `registers_search`.
    joined: bool,
    /// The query in PostgreSQL's tsquery syntax.
    tsquery: String,
}

impl TextMatch {
    /// Each word is a prefix, except a single character, which is matched
    /// whole (as the roman month of a register number): a one-letter
    /// prefix would select most of the index.
    pub fn new(query: &str) -> TextMatch {
        let words = words(query);
        let prefix = |w: &String| w.chars().nth(1).is_some();
        // FTS5: each word quoted (it holds only letters and digits);
        // juxtaposed terms must all match.
        let fts5 = words
            .iter()
            .map(|w| format!("\"{w}\"{}", if prefix(w) { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ");
        let tsquery = words
            .iter()
            .map(|w| format!("{w}{}", if prefix(w) { ":*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" & ");
        TextMatch {
            fts5,
            tsquery,
            joined: false,
        }
    }

    /// The same match for a query that joins the FTS5 table to `registers`
    /// (on PostgreSQL there is nothing to join; it is the same test).
    pub fn joined(query: &str) -> TextMatch {
        TextMatch {
            joined: true,
            ..TextMatch::new(query)
        }
    }
}

impl Expression for TextMatch {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for TextMatch {}
impl<QS> SelectableExpression<QS> for TextMatch {}

impl ValidGrouping<()> for TextMatch {
    type IsAggregate = is_aggregate::Never;
}

impl QueryId for TextMatch {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<Sqlite> for TextMatch {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        if self.fts5.is_empty() {
            out.push_sql("0 = 1");
            return Ok(());
        }
        if self.joined {
            out.push_sql("\"registers_search\" MATCH ");
            out.push_bind_param::<Text, _>(&self.fts5)?;
            return Ok(());
        }
        out.push_sql(
            "\"registers\".rowid IN \
             (SELECT rowid FROM registers_search WHERE registers_search MATCH ",
        );
        out.push_bind_param::<Text, _>(&self.fts5)?;
        out.push_sql(")");
        Ok(())
    }
}

impl QueryFragment<Pg> for TextMatch {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        if self.tsquery.is_empty() {
            out.push_sql("FALSE");
            return Ok(());
        }
        out.push_sql("\"registers\".search_vector @@ to_tsquery('simple', ");
        out.push_bind_param::<Text, _>(&self.tsquery)?;
        out.push_sql(")");
        Ok(())
    }
}

impl QueryFragment<MultiBackend> for TextMatch {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(words("003/KIP-PSIP"), ["003", "kip", "psip"]);
        assert_eq!(words("  Pemilu  2024 "), ["pemilu", "2024"]);
        assert_eq!(words("Łódź señal"), ["łódź", "señal"]);
        assert!(words("%_\"*:&|!").is_empty());
        assert_eq!(words(&"a ".repeat(50)).len(), MAX_WORDS);
    }

    #[test]
    fn queries_carry_only_quoted_words() {
        let m = TextMatch::new("kontrak \"cloud\" OR x*");
        assert_eq!(m.fts5, "\"kontrak\"* \"cloud\"* \"or\"* \"x\"");
        assert_eq!(m.tsquery, "kontrak:* & cloud:* & or:* & x");
    }
}

//! Full-text search over the registers' search text: SQLite's FTS5 table
//! `registers_search`, PostgreSQL's `registers.search_vector` (migration
//! 000012). Both split text into runs of letters and digits; a query
//! matches a register when every one of its words is a word of the
//! register's text, in any order. A word followed by `*` (three characters
//! or more) matches the words it begins: such a query reads every match of
//! each prefix, where whole words are read a page at a time, so it is asked
//! for rather than assumed.

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

/// Shorter prefixes than this are taken as whole words: they would select
/// most of the index.
pub const MIN_PREFIX: usize = 3;

/// A word of a query, lower-cased, and whether it stands for every word it
/// begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub prefix: bool,
}

/// The words of a query: maximal runs of letters and digits, each a prefix
/// when a `*` follows it directly.
pub fn words(query: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            current.push(c);
            if chars.peek().is_some_and(|n| n.is_alphanumeric()) {
                continue;
            }
            let prefix = chars.peek() == Some(&'*') && current.chars().count() >= MIN_PREFIX;
            out.push(Word {
                text: std::mem::take(&mut current).to_lowercase(),
                prefix,
            });
            if out.len() == MAX_WORDS {
                break;
            }
        }
    }
    out
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
    pub fn new(query: &str) -> TextMatch {
        let words = words(query);
        // FTS5: each word quoted (it holds only letters and digits);
        // juxtaposed terms must all match.
        let fts5 = words
            .iter()
            .map(|w| format!("\"{}\"{}", w.text, if w.prefix { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ");
        let tsquery = words
            .iter()
            .map(|w| format!("{}{}", w.text, if w.prefix { ":*" } else { "" }))
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

    fn texts(query: &str) -> Vec<String> {
        words(query).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(texts("003/KIP-PSIP"), ["003", "kip", "psip"]);
        assert_eq!(texts("  Pemilu  2024 "), ["pemilu", "2024"]);
        assert_eq!(texts("Łódź señal"), ["łódź", "señal"]);
        assert!(words("%_\"*:&|!").is_empty());
        assert_eq!(words(&"a ".repeat(50)).len(), MAX_WORDS);
    }

    #[test]
    fn a_star_after_a_word_of_three_makes_it_a_prefix() {
        let w = words("pengada* ab* kontrak * x*y");
        let got: Vec<(&str, bool)> = w.iter().map(|w| (w.text.as_str(), w.prefix)).collect();
        assert_eq!(
            got,
            [
                ("pengada", true),
                ("ab", false),
                ("kontrak", false),
                ("x", false),
                ("y", false)
            ]
        );
    }

    #[test]
    fn queries_carry_only_quoted_words() {
        let m = TextMatch::new("kontrak \"cloud\" OR ali* x*");
        assert_eq!(m.fts5, "\"kontrak\" \"cloud\" \"or\" \"ali\"* \"x\"");
        assert_eq!(m.tsquery, "kontrak & cloud & or & ali:* & x");
    }
}

//! Register numbers: kept verbatim; their parts are read when they can be.
//!
//! Numbers seen in practice: `028/III/KIP-PS/2013`, `001/KIP-PSIP/II/2024`,
//! `002/I/KI-Kepri-PS/2014`. Each commission sets the pattern it issues new
//! numbers with.

use chrono::{Datelike, NaiveDate};

const ROMAN_MONTHS: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Seq,
    Kind,
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A pattern such as `{seq}/KIP-{kind}/{month}/{year}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    pattern: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("unknown placeholder {{{0}}}")]
    UnknownPlaceholder(String),
    #[error("a '{{' is never closed")]
    Unclosed,
    #[error("{{{0}}} is missing")]
    Missing(&'static str),
}

impl NumberFormat {
    pub fn new(pattern: &str) -> Result<NumberFormat, FormatError> {
        let mut pieces = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or(FormatError::Unclosed)? + open;
            let field = match &rest[open + 1..close] {
                "seq" => Field::Seq,
                "kind" => Field::Kind,
                "month" => Field::Month,
                "year" => Field::Year,
                other => return Err(FormatError::UnknownPlaceholder(other.to_string())),
            };
            pieces.push(Piece::Field(field));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        for (field, name) in [(Field::Seq, "seq"), (Field::Year, "year")] {
            if !pieces.contains(&Piece::Field(field)) {
                return Err(FormatError::Missing(name));
            }
        }
        Ok(NumberFormat {
            pattern: pattern.to_string(),
            pieces,
        })
    }

    /// The number for the `seq`-th register of the year, registered on
    /// `registered_on`, of the given kind (`PS`, `PSI`, `PSIP` …).
    pub fn render(&self, seq: u32, registered_on: NaiveDate, kind: &str) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.clone(),
                Piece::Field(Field::Seq) => format!("{seq:03}"),
                Piece::Field(Field::Kind) => kind.to_string(),
                Piece::Field(Field::Month) => roman_month(registered_on.month()).to_string(),
                Piece::Field(Field::Year) => registered_on.year().to_string(),
            })
            .collect()
    }
}

pub fn roman_month(month: u32) -> &'static str {
    ROMAN_MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// The parts of a number that could be read; any of them may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    pub seq: Option<i32>,
    pub month: Option<u32>,
    pub kind: Option<String>,
    pub year: Option<i32>,
}

/// Reads the parts of a number written in any of the known layouts. Never
/// fails: what cannot be read is left empty.
pub fn parse(number: &str) -> Parts {
    let segments: Vec<&str> = number.split('/').map(str::trim).collect();
    let mut parts = Parts::default();
    if let Some(first) = segments.first() {
        if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) {
            parts.seq = first.parse().ok();
        }
    }
    for seg in segments.iter().skip(1) {
        if let Some(i) = ROMAN_MONTHS.iter().position(|m| m == seg) {
            parts.month.get_or_insert(i as u32 + 1);
        } else if seg.len() == 4 && seg.chars().all(|c| c.is_ascii_digit()) {
            parts.year = seg.parse().ok();
        } else if seg.starts_with("KI") {
            let tokens: Vec<&str> = seg.split('-').collect();
            if let Some(at) = tokens.iter().position(|t| t.starts_with("PS")) {
                parts.kind = Some(tokens[at..].join("-"));
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(seq: i32, month: Option<u32>, kind: &str, year: i32) -> Parts {
        Parts {
            seq: Some(seq),
            month,
            kind: Some(kind.into()),
            year: Some(year),
        }
    }

    #[test]
    fn parses_the_layouts_seen_in_practice() {
        assert_eq!(
            parse("001/KIP-PSIP/II/2024"),
            parts(1, Some(2), "PSIP", 2024)
        );
        assert_eq!(
            parse("001/KIP-PSIP-A/II/2024"),
            parts(1, Some(2), "PSIP-A", 2024)
        );
        assert_eq!(parse("028/III/KIP-PS/2013"), parts(28, Some(3), "PS", 2013));
        assert_eq!(
            parse("028/III/KIP-PS-M-A/2013"),
            parts(28, Some(3), "PS-M-A", 2013)
        );
        assert_eq!(
            parse("359/XI/KIP-PS-A/2013"),
            parts(359, Some(11), "PS-A", 2013)
        );
        assert_eq!(parse("001/KIP-PSP/I/2021"), parts(1, Some(1), "PSP", 2021));
        assert_eq!(
            parse("055/X/KIP-PSI/2025"),
            parts(55, Some(10), "PSI", 2025)
        );
        assert_eq!(
            parse("002/I/KI-Kepri-PS/2014"),
            parts(2, Some(1), "PS", 2014)
        );
    }

    #[test]
    fn unreadable_numbers_leave_parts_empty() {
        assert_eq!(parse(""), Parts::default());
        assert_eq!(parse("nomor sementara"), Parts::default());
        let p = parse("12/XIII/2024");
        assert_eq!((p.seq, p.month, p.year), (Some(12), None, Some(2024)));
    }

    #[test]
    fn renders_and_reads_back() {
        let f = NumberFormat::new("{seq}/KIP-{kind}/{month}/{year}").unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let n = f.render(1, day, "PSIP");
        assert_eq!(n, "001/KIP-PSIP/II/2024");
        assert_eq!(parse(&n), parts(1, Some(2), "PSIP", 2024));
        let provincial = NumberFormat::new("{seq}/{month}/KI-Kepri-{kind}/{year}").unwrap();
        assert_eq!(
            provincial.render(1234, day, "PS"),
            "1234/II/KI-Kepri-PS/2024"
        );
    }

    /// Generated numbers and patterns: whatever is typed, reading never
    /// panics, and every number a known layout writes reads back whole.
    #[test]
    fn generated_numbers_read_back_and_nothing_typed_panics() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2024);
        let pieces = [
            "/",
            "//",
            "KIP-",
            "KI-",
            "PS",
            "PSIP",
            "-A",
            "II",
            "XIII",
            "2024",
            "99999999999999",
            "0",
            "\u{0}",
            "é",
            "漢",
            " ",
            "{seq}",
            "{kind}",
            "{month}",
            "{year}",
            "{",
            "}",
            "{yr}",
        ];
        let layouts = [
            "{seq}/KIP-{kind}/{month}/{year}",
            "{seq}/{month}/KI-Kepri-{kind}/{year}",
            "{seq}/KI-DKI-{kind}/{month}/{year}",
            "{seq}/REG/{kind}/{year}",
        ];
        let kinds = ["PS", "PSI", "PSIP", "PSIP-A", "PSI-B"];
        for _ in 0..100_000 {
            let typed: String = (0..rng.random_range(0..8))
                .map(|_| pieces[rng.random_range(0..pieces.len())])
                .collect();
            let _ = parse(&typed);
            let _ = NumberFormat::new(&typed);

            let layout = layouts[rng.random_range(0..layouts.len())];
            let f = NumberFormat::new(layout).unwrap();
            let seq = rng.random_range(1..100_000u32);
            let day = NaiveDate::from_ymd_opt(
                rng.random_range(2000..2100),
                rng.random_range(1..=12),
                rng.random_range(1..=28),
            )
            .unwrap();
            let kind = kinds[rng.random_range(0..kinds.len())];
            let number = f.render(seq, day, kind);
            let read = parse(&number);
            assert_eq!(read.seq, Some(seq as i32), "{number}");
            assert_eq!(read.year, Some(day.year()), "{number}");
            if layout.contains("KI") {
                assert_eq!(read.kind.as_deref(), Some(kind), "{number}");
            }
            if layout.contains("{month}") {
                assert_eq!(read.month, Some(day.month()), "{number}");
            }
        }
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert_eq!(
            NumberFormat::new("{seq}/{yr}"),
            Err(FormatError::UnknownPlaceholder("yr".into()))
        );
        assert_eq!(NumberFormat::new("{seq}/{year"), Err(FormatError::Unclosed));
        assert_eq!(
            NumberFormat::new("{seq}/KIP"),
            Err(FormatError::Missing("year"))
        );
        assert_eq!(
            NumberFormat::new("KIP/{year}"),
            Err(FormatError::Missing("seq"))
        );
    }
}

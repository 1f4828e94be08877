//! Generated hostile input for every form the app offers and every query
//! parameter its links use: no 5xx, every refusal a 4xx page that says why
//! (role="alert") in the visitor's language, and no markup echoed raw.
//!
//! The forms are found by crawling the app as each kind of visitor, so a
//! new form is covered without naming it here. `FUZZ_CASES` sets the cases
//! per form and per query (10,000 by default); `FUZZ_SEED` the seed.

use crate::common;

use std::collections::{BTreeMap, HashSet};

use common::figures::record;
use common::{Backend, Browser, TestApp};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Markup that must never come back unescaped.
const MARKER: &str = "<script>alert('sengketa')</script>";

#[derive(Debug, Clone)]
enum Kind {
    Text(String),
    Hidden,
    Select(Vec<String>),
    Check,
    File,
    Area,
}

#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
    value: String,
}

#[derive(Debug, Clone)]
struct Form {
    page: String,
    get: bool,
    action: String,
    multipart: bool,
    fields: Vec<Field>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(common::decode_entities(&tag[start..end]))
}

fn has_flag(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>')
        .any(|w| w == name)
}

/// The POST forms of a page, with their fields and current values.
fn forms_in(page: &str, html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let after = &rest[start..];
        let end = after.find("</form>").unwrap_or(after.len());
        let body = &after[..end];
        rest = &after[end..];
        let open = &body[..body.find('>').unwrap_or(body.len()) + 1];
        let get = attr(open, "method").is_none_or(|m| m == "get");
        let Some(action) = attr(open, "action") else {
            continue;
        };
        let multipart = attr(open, "enctype").is_some_and(|e| e.contains("multipart"));
        let mut fields: Vec<Field> = Vec::new();
        let mut cursor = body;
        while let Some(i) = cursor.find('<') {
            cursor = &cursor[i..];
            let close = cursor.find('>').unwrap_or(cursor.len() - 1);
            let tag = &cursor[..=close];
            let name = attr(tag, "name");
            if let Some(name) = name {
                if tag.starts_with("<input") {
                    let ty = attr(tag, "type").unwrap_or_else(|| "text".into());
                    let value = attr(tag, "value").unwrap_or_default();
                    let kind = match ty.as_str() {
                        "hidden" => Kind::Hidden,
                        "checkbox" | "radio" => Kind::Check,
                        "file" => Kind::File,
                        "submit" => Kind::Hidden,
                        other => Kind::Text(other.to_string()),
                    };
                    let checked = has_flag(tag, "checked");
                    if matches!(kind, Kind::Check) {
                        // Radios and boxes of one name are one field whose
                        // choices are their values.
                        if let Some(f) = fields.iter_mut().find(|f| f.name == name) {
                            if let Kind::Select(options) = &mut f.kind {
                                options.push(value.clone());
                            }
                            if checked {
                                f.value = value;
                            }
                        } else {
                            fields.push(Field {
                                name,
                                kind: Kind::Select(vec![value.clone()]),
                                value: if checked { value } else { String::new() },
                            });
                        }
                    } else {
                        fields.push(Field { name, kind, value });
                    }
                } else if tag.starts_with("<select") {
                    let inner_end = cursor.find("</select>").unwrap_or(cursor.len());
                    let inner = &cursor[..inner_end];
                    let mut options = Vec::new();
                    let mut selected = None;
                    for piece in inner.split("<option").skip(1) {
                        let t = &piece[..piece.find('>').unwrap_or(piece.len())];
                        let v = attr(&format!(" {t}"), "value").unwrap_or_default();
                        if has_flag(t, "selected") {
                            selected = Some(v.clone());
                        }
                        options.push(v);
                    }
                    let value = selected
                        .or_else(|| options.first().cloned())
                        .unwrap_or_default();
                    fields.push(Field {
                        name,
                        kind: Kind::Select(options),
                        value,
                    });
                } else if tag.starts_with("<textarea") {
                    let text_end = cursor.find("</textarea>").unwrap_or(close + 1);
                    let value = common::decode_entities(&cursor[close + 1..text_end]);
                    fields.push(Field {
                        name,
                        kind: Kind::Area,
                        value,
                    });
                }
            }
            cursor = &cursor[close + 1..];
        }
        out.push(Form {
            page: page.to_string(),
            get,
            action,
            multipart,
            fields,
        });
    }
    out
}

/// An address with its ids replaced, to tell kinds of forms and pages apart.
fn shape(path: &str) -> String {
    path.split('?')
        .next()
        .unwrap()
        .split('/')
        .map(|seg| {
            if seg.len() >= 16 && seg.chars().any(|c| c.is_ascii_digit()) {
                "{id}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(common::decode_entities)
        .filter(|h| h.starts_with('/'))
        .collect()
}

/// Pages reachable from `seeds` under `prefixes`, one of each shape (and
/// each shape of query); returns their forms and the addresses with queries.
async fn crawl(
    b: &Browser<'_>,
    seeds: &[String],
    prefixes: &[&str],
    limit: usize,
) -> (Vec<Form>, Vec<String>) {
    let mut queue: Vec<String> = seeds.to_vec();
    let mut seen_shapes = HashSet::new();
    let mut visited = 0;
    let mut forms = Vec::new();
    let mut queries = Vec::new();
    while let Some(path) = queue.pop() {
        let key = format!(
            "{}?{}",
            shape(&path),
            path.split_once('?')
                .map(|(_, q)| q
                    .split('&')
                    .map(|kv| kv.split('=').next().unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join("&"))
                .unwrap_or_default()
        );
        if !seen_shapes.insert(key) || visited >= limit {
            continue;
        }
        if path.contains('?') {
            queries.push(path.clone());
        }
        // Downloads and feeds are read by the query fuzzing, not crawled.
        if path.contains("/exports/") || path.ends_with(".atom") || path.ends_with(".ics") {
            continue;
        }
        let page = b.get(&path).await;
        visited += 1;
        if page.status != 200
            || !page
                .headers
                .get("content-type")
                .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/html"))
        {
            continue;
        }
        for form in forms_in(&path, &page.body) {
            if form.get {
                // A search form is a set of query parameters.
                for f in &form.fields {
                    let values = match &f.kind {
                        Kind::Select(options) => options.clone(),
                        _ => vec![f.value.clone()],
                    };
                    for v in values {
                        queries.push(format!("{}?{}={}", form.action, f.name, v));
                    }
                }
            } else {
                forms.push(form);
            }
        }
        for link in links(&page.body) {
            if prefixes.iter().any(|p| link.starts_with(p)) && !link.starts_with("/logout") {
                queue.push(link);
            }
        }
    }
    (forms, queries)
}

// ---------------------------------------------------------------- values

const ODD: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{7}\u{8}\u{1b}[31m",
    "\r\n\r\nSet-Cookie: x=1",
    "\u{202e}gnirts desrever",
    "\u{200b}\u{200d}\u{feff}",
    "e\u{301}\u{301}\u{301}\u{301}",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "𝕊𝕖𝕟𝕘𝕜𝕖𝕥𝕒",
    "ﷺ",
    "\u{fffd}\u{fffe}",
    "'; DROP TABLE registers; --",
    "\" OR \"1\"=\"1",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "javascript:alert(1)",
    "=HYPERLINK(\"http://contoh.invalid\",\"x\")",
    "+SUM(1,2)",
    "@cmd",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%00",
    "%2e%2e%2f",
    "-1",
    "0",
    "00000000000000000000001",
    "2147483648",
    "-9223372036854775809",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "0x1f",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "-2024-01-01",
    "2024-13-01",
    "24:00",
    "23:60",
    "25:99",
    "001/KIP-PSIP/II/2024",
    "999999999/KIP-PSIP-A/XIII/99999",
    "/KIP//",
    "true",
    "null",
    "[]",
    "{\"a\":1}",
    "a@b",
    "nama@contoh.invalid",
    "x@",
    "00000000-0000-0000-0000-000000000000",
    "01a2312c-5e9c-723f-ab18-70d5a5ec638a",
];

fn random_text(rng: &mut ChaCha8Rng, max: usize) -> String {
    let len = rng.random_range(0..=max);
    (0..len)
        .map(|_| {
            let pick = rng.random_range(0..10);
            let c = match pick {
                0 => rng.random_range(0u32..0x20),
                1 => rng.random_range(0x300u32..0x370),
                2 => rng.random_range(0x590u32..0x700),
                3 => rng.random_range(0x4e00u32..0x4f00),
                4 => rng.random_range(0x1f300u32..0x1f700),
                5 => [
                    rng.random_range(0xe000u32..0xe100),
                    // C1 controls and DEL, and the non-characters.
                    rng.random_range(0x7fu32..0xa0),
                    rng.random_range(0xfdd0u32..0xfdf0),
                    [0xfffe, 0xffff, 0x1fffe, 0x10ffff][rng.random_range(0..4)],
                ][rng.random_range(0..4)],
                6 => [
                    0x200b, 0x200e, 0x202e, 0x2066, 0xfeff, 0x3c, 0x3e, 0x26, 0x22, 0x27,
                ][rng.random_range(0..10)],
                _ => rng.random_range(0x20u32..0x7f),
            };
            char::from_u32(c).unwrap_or('?')
        })
        .collect()
}

/// A value for one field: often a plausible one, so that the checks behind
/// the first are reached too, else something hostile. Raw bytes, which may
/// not be UTF-8.
fn value_for(rng: &mut ChaCha8Rng, field: &Field) -> Vec<u8> {
    if rng.random_bool(0.4) {
        return match &field.kind {
            Kind::Select(options) if !options.is_empty() => options
                [rng.random_range(0..options.len())]
            .clone()
            .into_bytes(),
            Kind::Text(ty) if ty == "date" => format!(
                "{:04}-{:02}-{:02}",
                rng.random_range(2020..2030),
                rng.random_range(1..=12),
                rng.random_range(1..=28)
            )
            .into_bytes(),
            Kind::Text(ty) if ty == "time" => format!(
                "{:02}:{:02}",
                rng.random_range(0..24),
                rng.random_range(0..60)
            )
            .into_bytes(),
            Kind::Text(ty) if ty == "number" => rng.random_range(-5..500).to_string().into_bytes(),
            Kind::Text(ty) if ty == "email" => {
                format!("uji{}@contoh.invalid", rng.random_range(0..1000)).into_bytes()
            }
            _ => field.value.clone().into_bytes(),
        };
    }
    match rng.random_range(0..10) {
        0..=3 => ODD[rng.random_range(0..ODD.len())].as_bytes().to_vec(),
        4 => MARKER.as_bytes().to_vec(),
        5 => random_text(rng, 40).into_bytes(),
        6 => {
            let unit = ["a", "é", "漢", "🙂", "<b>"][rng.random_range(0..5)];
            unit.repeat(rng.random_range(100..4000)).into_bytes()
        }
        7 => (0..rng.random_range(1..12))
            .map(|_| rng.random_range(0x80u8..=0xff))
            .collect(),
        8 if rng.random_bool(0.5) => format!("{}{MARKER}", field.value).into_bytes(),
        // A plausible value with control characters of every range in
        // it: saved, it must not break a feed or a calendar.
        8 => {
            let at = rng.random_range(0..=field.value.len());
            let at = (0..=at)
                .rev()
                .find(|i| field.value.is_char_boundary(*i))
                .unwrap_or(0);
            format!(
                "{}{}{}",
                &field.value[..at],
                crate::abuse::CONTROLS,
                &field.value[at..]
            )
            .into_bytes()
        }
        _ => random_text(rng, 400).into_bytes(),
    }
}

fn percent(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// One generated submission: the fields to send, in order.
fn case(rng: &mut ChaCha8Rng, form: &Form) -> Vec<(String, Vec<u8>, bool)> {
    let mut out = Vec::new();
    for f in &form.fields {
        let is_token = f.name == "csrf";
        if is_token {
            // Mostly the right token, so that the checks behind it run.
            let v = if rng.random_bool(0.97) {
                f.value.clone().into_bytes()
            } else {
                value_for(
                    rng,
                    &Field {
                        value: String::new(),
                        ..f.clone()
                    },
                )
            };
            out.push((f.name.clone(), v, false));
            continue;
        }
        if rng.random_bool(0.1) {
            continue;
        }
        let copies = if rng.random_bool(0.05) { 2 } else { 1 };
        for _ in 0..copies {
            let is_file = matches!(f.kind, Kind::File);
            out.push((f.name.clone(), value_for(rng, f), is_file));
        }
    }
    if rng.random_bool(0.05) {
        out.push((random_text(rng, 8), value_for(rng, &form.fields[0]), false));
    }
    out
}

fn file_name(rng: &mut ChaCha8Rng) -> String {
    [
        "surat.pdf",
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "foto.png\u{0}.exe",
        "a\"b.pdf",
        "CON",
        ".htaccess",
        "s p a c e.pdf",
        "漢字.pdf",
        "x.pdf.exe",
        "",
    ][rng.random_range(0..11)]
    .to_string()
        + &"n".repeat(if rng.random_bool(0.05) { 300 } else { 0 })
}

fn file_bytes(rng: &mut ChaCha8Rng) -> Vec<u8> {
    match rng.random_range(0..4) {
        0 => b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(),
        1 => vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
        2 => b"MZ\x90\x00\x03\x00\x00\x00 not a document".to_vec(),
        _ => (0..rng.random_range(0..2048))
            .map(|_| rng.random())
            .collect(),
    }
}

fn multipart(rng: &mut ChaCha8Rng, fields: &[(String, Vec<u8>, bool)]) -> (String, Vec<u8>) {
    let boundary = format!("fuzz{:016x}", rng.random::<u64>());
    let mut body = Vec::new();
    for (name, value, is_file) in fields {
        body.extend(format!("--{boundary}\r\n").bytes());
        if *is_file {
            body.extend(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                    file_name(rng)
                )
                .bytes(),
            );
            body.extend(file_bytes(rng));
        } else {
            body.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes());
            body.extend(value);
        }
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

// ---------------------------------------------------------------- checks

#[derive(Default)]
struct Tally {
    seconds: f64,
    tried: usize,
    by_status: BTreeMap<u16, usize>,
    problems: Vec<String>,
}

impl Tally {
    fn fail(&mut self, what: String) {
        if self.problems.len() < 5 {
            self.problems.push(what);
        }
    }
}

/// Checks one answer; `lang` is the language the visitor asked for, when
/// nothing else (an account's choice) decides it.
fn judge(
    tally: &mut Tally,
    what: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
    lang: Option<&str>,
) {
    tally.tried += 1;
    *tally.by_status.entry(status).or_default() += 1;
    if status >= 500 {
        tally.fail(format!("{what}: {status}"));
        return;
    }
    let text = String::from_utf8_lossy(body);
    // Markup matters where a browser reads markup; a CSV or JSON download
    // carries text as it was typed.
    let markup = content_type.starts_with("text/html") || content_type.contains("xml");
    if markup && text.contains(MARKER) {
        tally.fail(format!("{what}: markup came back unescaped"));
    }
    if content_type.starts_with("text/csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body);
        for record in reader.records().flatten() {
            if let Some(cell) = record.iter().find(|c| {
                c.starts_with(['=', '+', '@', '\t', '\r'])
                    || (c.starts_with('-') && c.parse::<f64>().is_err())
            }) {
                tally.fail(format!("{what}: a formula in the CSV: {cell:?}"));
                break;
            }
        }
    }
    if (400..500).contains(&status) {
        if content_type.starts_with("text/html") {
            if !text.contains("role=\"alert\"") {
                let shown: String = common::text(&text).chars().take(300).collect();
                tally.fail(format!("{what}: {status} without a message: {shown}"));
            }
            if let Some(lang) = lang {
                if !text.contains(&format!("<html lang=\"{lang}\"")) {
                    tally.fail(format!("{what}: {status} not in {lang}"));
                }
            }
        } else if content_type.starts_with("application/json") {
            if !text.contains("\"error\"") {
                tally.fail(format!("{what}: {status} JSON without an error"));
            }
        } else {
            tally.fail(format!("{what}: {status} as {content_type}"));
        }
    }
}

fn cases_per_target() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_240_227)
}

/// Forms whose success ends the visitor's session, which would leave the
/// rest of the run signed out; they are covered by their own tests.
fn ends_the_session(action: &str) -> bool {
    action == "/logout" || action == "/account/password"
}

async fn fuzz_form(b: &Browser<'_>, form: &Form, n: usize, seed: u64, signed_in: bool) -> Tally {
    let started = std::time::Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tally = Tally::default();
    let mut form = form.clone();
    for i in 0..n {
        // Now and then the form is read again: a save moves a version on.
        if i % 500 == 499 {
            let page = b.get(&form.page).await;
            if let Some(fresh) = forms_in(&form.page, &page.body)
                .into_iter()
                .find(|f| f.action == form.action)
            {
                form = fresh;
            }
        }
        let fields = case(&mut rng, &form);
        let lang = if rng.random_bool(0.5) { "id" } else { "en" };
        let (content_type, body) = if form.multipart {
            multipart(&mut rng, &fields)
        } else {
            let encoded = fields
                .iter()
                .map(|(k, v, _)| format!("{}={}", percent(k.as_bytes()), percent(v)))
                .collect::<Vec<_>>()
                .join("&");
            (
                "application/x-www-form-urlencoded".to_string(),
                encoded.into_bytes(),
            )
        };
        let mut req = b
            .app
            .client
            .post(format!("{}{}", b.app.base, form.action))
            .insert_header(("content-type", content_type))
            .insert_header(("accept-language", lang));
        // The language asked for decides, not one a link set before.
        let cookie: Vec<String> = b
            .cookie_header()
            .split("; ")
            .filter(|c| !c.is_empty() && !c.starts_with("lang="))
            .map(str::to_string)
            .collect();
        if !cookie.is_empty() {
            req = req.insert_header(("cookie", cookie.join("; ")));
        }
        let what = format!("POST {} #{i}", form.action);
        match req.send_body(body).await {
            Ok(res) => {
                let status = res.status().as_u16();
                let ct = res
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let bytes = res.body();
                judge(
                    &mut tally,
                    &what,
                    status,
                    &ct,
                    bytes,
                    (!signed_in).then_some(lang),
                );
            }
            Err(e) => {
                tally.tried += 1;
                tally.fail(format!("{what}: no answer: {e}"));
            }
        }
    }
    tally.seconds = started.elapsed().as_secs_f64();
    tally
}

/// The parameter names each address's links use, with the values seen.
fn query_targets(addresses: &[String]) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for a in addresses {
        let Some((path, query)) = a.split_once('?') else {
            continue;
        };
        let params = out.entry(path.to_string()).or_default();
        for kv in query.split('&') {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            let values = params.entry(k.to_string()).or_default();
            if values.len() < 8 && !values.iter().any(|x| x == v) {
                values.push(v.to_string());
            }
        }
    }
    out
}

async fn fuzz_query(
    app: &TestApp,
    path: &str,
    params: &BTreeMap<String, Vec<String>>,
    n: usize,
    seed: u64,
) -> Tally {
    let started = std::time::Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tally = Tally::default();
    let names: Vec<&String> = params.keys().collect();
    for i in 0..n {
        let mut parts = Vec::new();
        for name in &names {
            if rng.random_bool(0.5) {
                continue;
            }
            let seen = &params[*name];
            let value = if rng.random_bool(0.3) && !seen.is_empty() {
                seen[rng.random_range(0..seen.len())].clone().into_bytes()
            } else {
                value_for(
                    &mut rng,
                    &Field {
                        name: name.to_string(),
                        kind: Kind::Area,
                        value: String::new(),
                    },
                )
            };
            // Long values are cut: an address has its own limit.
            let value = &value[..value.len().min(2_000)];
            parts.push(format!("{}={}", percent(name.as_bytes()), percent(value)));
        }
        if rng.random_bool(0.05) {
            parts.push(format!(
                "{}=1",
                percent(random_text(&mut rng, 6).as_bytes())
            ));
        }
        let asked = if rng.random_bool(0.5) { "id" } else { "en" };
        // A valid ?lang= decides over the header.
        let lang = parts
            .iter()
            .filter_map(|p| p.strip_prefix("lang="))
            .next_back()
            .filter(|v| *v == "id" || *v == "en")
            .unwrap_or(asked)
            .to_string();
        let address = format!("{path}?{}", parts.join("&"));
        let what = format!("GET {address} #{i}");
        match app
            .client
            .get(format!("{}{}", app.base, address))
            .insert_header(("accept-language", asked))
            .send()
            .await
        {
            Ok(res) => {
                let status = res.status().as_u16();
                let ct = res
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let bytes = res.body();
                judge(&mut tally, &what, status, &ct, bytes, Some(&lang));
            }
            Err(e) => {
                tally.tried += 1;
                tally.fail(format!("{what}: no answer: {e}"));
            }
        }
    }
    tally.seconds = started.elapsed().as_secs_f64();
    tally
}

/// After the generated input: every feed and calendar still parses, and
/// the Atom feeds hold only characters XML 1.0 allows.
async fn feeds_and_calendars_parse(app: &TestApp) -> Vec<String> {
    let mut problems = Vec::new();
    let mut feeds = vec!["/feed.atom".to_string(), "/registers/feed.atom".to_string()];
    let mut calendars = vec!["/hearings.ics".to_string()];
    for link in common::register_links(&app.get("/registers").await.body) {
        feeds.push(format!("{link}/feed.atom"));
        calendars.push(format!("{link}/hearings.ics"));
    }
    let bodies: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/bodies").await.body).unwrap_or_default();
    let list = bodies["bodies"].as_array().or(bodies.as_array()).cloned();
    for b in list.unwrap_or_default().iter().take(50) {
        if let Some(id) = b["id"].as_str() {
            feeds.push(format!("/bodies/{id}/feed.atom"));
            calendars.push(format!("/bodies/{id}/hearings.ics"));
        }
    }
    for feed in &feeds {
        let page = app.get(feed).await;
        if page.status != 200 {
            problems.push(format!("{feed}: {}", page.status));
        } else if !page.body.chars().all(crate::abuse::xml_char) {
            problems.push(format!("{feed}: a character XML 1.0 forbids"));
        } else if let Err(e) = feed_rs::parser::parse(page.body.as_bytes()) {
            problems.push(format!("{feed}: {e}"));
        }
    }
    for cal in &calendars {
        let page = app.get(cal).await;
        let bare_cr = page
            .body
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\r' && w[1] != b'\n');
        let parsed = ical::IcalParser::new(page.body.as_bytes()).all(|c| c.is_ok());
        if page.status != 200 || bare_cr || !parsed {
            problems.push(format!(
                "{cal}: {} bare CR {bare_cr}, parsed {parsed}",
                page.status
            ));
        }
    }
    assert!(feeds.len() > 3 && calendars.len() > 2, "feeds found");
    problems
}

/// Who is fuzzing: each kind of visitor gets an app of its own, so that the
/// four runs go side by side.
#[derive(Clone, Copy, Debug)]
enum Audience {
    Visitor,
    Petitioner,
    Staff,
    Admin,
}

async fn fuzz_as(audience: Audience) {
    // One backend a run: SQLite alone, or PostgreSQL when the run has it
    // (CI runs the suite once each way, so both are fuzzed).
    let backend = *common::backends().last().unwrap();
    // A server error's cause goes to the test's output.
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::ERROR)
        .with_test_writer()
        .try_init();
    let app = TestApp::with_demo(backend).await;
    let n = cases_per_target();
    let seed = seed();
    let register = app.register_in("preliminary").await;
    let b = Browser::new(&app);
    let role = match audience {
        Audience::Visitor => None,
        Audience::Petitioner => Some("petitioner"),
        Audience::Staff => Some("staff"),
        Audience::Admin => Some("admin"),
    };
    if let Some(role) = role {
        let (email, password) = app.account(role);
        b.login(&email, &password).await;
    }
    let (mut forms, mut queries, expected): (Vec<Form>, Vec<String>, Vec<&str>) = match audience {
        Audience::Visitor => {
            let seeds = [
                "/".to_string(),
                "/registers".to_string(),
                format!("/registers/{register}"),
                "/hearings".to_string(),
                "/statistics".to_string(),
                "/login".to_string(),
                "/signup".to_string(),
                "/password/forgot".to_string(),
            ];
            let public = [
                "/registers",
                "/bodies",
                "/hearings",
                "/statistics",
                "/api",
                "/exports",
                "/feed",
            ];
            let (forms, queries) = crawl(&b, &seeds, &public, 80).await;
            let expected = vec![
                "/login",
                "/signup",
                "/password/forgot",
                "/registers/{id}/follow",
            ];
            (forms, queries, expected)
        }
        Audience::Petitioner => {
            let token = common::csrf_of(&b.get("/my").await.body);
            let draft = b.post("/my/drafts", &[("csrf", &token)]).await;
            assert_eq!(draft.status, 303, "a draft to fill in");
            let seeds = [
                "/my".to_string(),
                common::location(&draft),
                "/account".to_string(),
            ];
            let (mut forms, queries) = crawl(&b, &seeds, &["/my", "/account"], 40).await;
            // The delete button goes to a draft of its own, so that the
            // draft being filled in stays.
            let kept = common::location(&draft)
                .trim_start_matches("/my/drafts/")
                .to_string();
            let token = common::csrf_of(&b.get("/my").await.body);
            let spare = b.post("/my/drafts", &[("csrf", &token)]).await;
            let spare = common::location(&spare)
                .trim_start_matches("/my/drafts/")
                .to_string();
            for f in forms.iter_mut() {
                if f.action.ends_with("/delete") {
                    f.action = f.action.replace(&kept, &spare);
                }
            }
            (
                forms,
                queries,
                vec!["/my/drafts/{id}", "/account/email", "/account/language"],
            )
        }
        Audience::Staff => {
            let seeds = [
                "/staff".to_string(),
                format!("/staff/registers/{register}"),
                format!("/staff/registers/{register}/items"),
                format!("/staff/registers/{register}/tests"),
                "/staff/hearings/new".to_string(),
                "/staff/applications/new".to_string(),
                "/staff/mail".to_string(),
            ];
            let (forms, queries) = crawl(&b, &seeds, &["/staff"], 80).await;
            (
                forms,
                queries,
                vec![
                    "/staff/registers/{id}/status",
                    "/staff/hearings",
                    "/staff/applications",
                ],
            )
        }
        Audience::Admin => {
            let admin_only = ["/staff/users", "/staff/bodies", "/staff/calendar"];
            let (forms, queries) = crawl(&b, &admin_only.map(String::from), &admin_only, 20).await;
            (
                forms,
                queries,
                vec!["/staff/bodies", "/staff/calendar", "/staff/users"],
            )
        }
    };
    forms.retain(|f| !ends_the_session(&f.action));
    // One form of each kind.
    let mut kinds = HashSet::new();
    forms.retain(|f| kinds.insert(shape(&f.action)));
    for e in expected {
        assert!(kinds.contains(e), "the crawl found the {e} form: {kinds:?}");
    }
    if let Audience::Visitor = audience {
        // The API's parameters as its description gives them.
        let spec: serde_json::Value =
            serde_json::from_str(&app.get("/api/v1/openapi.json").await.body).unwrap();
        for (path, ops) in spec["paths"].as_object().unwrap() {
            for param in ops["get"]["parameters"].as_array().into_iter().flatten() {
                if param["in"] == "query" {
                    queries.push(format!(
                        "/api/v1{path}?{}=",
                        param["name"].as_str().unwrap()
                    ));
                }
            }
        }
        // Every download and feed takes the list's filters.
        let filters: Vec<String> = queries
            .iter()
            .filter_map(|q| q.strip_prefix("/registers?"))
            .map(str::to_string)
            .collect();
        for target in [
            "/exports/registers.csv",
            "/exports/items.json",
            "/exports/hearings.csv",
            "/registers/feed.atom",
        ] {
            for f in &filters {
                queries.push(format!("{target}?{f}"));
            }
        }
        for q in ["later=", "earlier=", "from=", "before="] {
            queries.push(format!("/hearings?{q}"));
        }
    }
    let signed_in = role.is_some();
    let forms_run = futures_util::future::join_all(forms.iter().enumerate().map(|(i, form)| {
        let b = &b;
        async move {
            let t = fuzz_form(b, form, n, seed + i as u64, signed_in).await;
            (shape(&form.action), t)
        }
    }))
    .await;
    let mut query_map = query_targets(&queries);
    // `?lang=` alone is one middleware whatever the page: one address
    // takes the cases for it, not every page the crawl found.
    let mut language_switch = false;
    query_map.retain(|_, params| {
        let lang_only = params.len() == 1 && params.contains_key("lang");
        let keep = !lang_only || !language_switch;
        language_switch |= lang_only;
        keep
    });
    let queries_run =
        futures_util::future::join_all(query_map.iter().enumerate().map(|(i, (path, params))| {
            let app = &app;
            async move {
                let t = fuzz_query(app, path, params, n, seed + 1000 + i as u64).await;
                let names = params.keys().cloned().collect::<Vec<_>>().join(",");
                (format!("{}?{names}", shape(path)), t)
            }
        }))
        .await;

    let mut problems = feeds_and_calendars_parse(&app).await;
    let mut figures = Vec::new();
    let mut tried = 0;
    for (name, t) in forms_run.iter().chain(queries_run.iter()) {
        tried += t.tried;
        let fivexx: usize = t
            .by_status
            .iter()
            .filter(|(s, _)| **s >= 500)
            .map(|(_, n)| n)
            .sum();
        let statuses = t
            .by_status
            .iter()
            .map(|(s, n)| format!("{s}×{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        figures.push((
            name.clone(),
            format!(
                "{} tried in {:.0} s, 5xx {fivexx}; {statuses}",
                t.tried, t.seconds
            ),
        ));
        problems.extend(t.problems.iter().cloned());
        assert!(t.tried >= n, "{name}: {} of {n}", t.tried);
    }
    figures.push((
        "in all".into(),
        format!(
            "{} forms, {} queries, {tried} inputs",
            forms_run.len(),
            queries_run.len()
        ),
    ));
    let figures: Vec<(&str, String)> = figures
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    record(
        &format!("generated input ({audience:?})"),
        backend,
        &figures,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[actix_web::test]
async fn generated_input_from_visitors_gets_no_5xx_and_a_message_for_each_refusal() {
    fuzz_as(Audience::Visitor).await;
}

#[actix_web::test]
async fn generated_input_from_petitioners_gets_no_5xx_and_a_message_for_each_refusal() {
    fuzz_as(Audience::Petitioner).await;
}

#[actix_web::test]
async fn generated_input_from_staff_gets_no_5xx_and_a_message_for_each_refusal() {
    fuzz_as(Audience::Staff).await;
}

#[actix_web::test]
async fn generated_input_from_admins_gets_no_5xx_and_a_message_for_each_refusal() {
    fuzz_as(Audience::Admin).await;
}

/// Markup and formulas typed into a filing, a status change and a hearing
/// come out as text on every page, feed, calendar, export, API answer and
/// email that shows them.
#[actix_web::test]
async fn markup_and_formulas_typed_by_anyone_come_out_as_text_everywhere() {
    use diesel::prelude::*;
    common::on_each_backend(|backend| async move {
        let app = TestApp::with_demo(backend).await;
        let petitioner = Browser::new(&app);
        let (email, password) = app.account("petitioner");
        petitioner.login(&email, &password).await;
        let draft = common::filing::new_draft(&petitioner).await;
        let page = petitioner.get(&draft).await;
        let token = common::csrf_of(&page.body);
        let body = sengketa::models::bodies::confirmed(&mut app.conn())
            .unwrap()
            .remove(0)
            .id;
        let subject = format!("Anggaran {MARKER}");
        let formula = format!("=HYPERLINK(\"http://contoh.invalid\") {MARKER}");
        let mut fields = common::filing::complete_fields(&body, &token, &subject);
        for (k, v) in fields.iter_mut() {
            if *k == "item_description" {
                *v = formula.clone();
            }
        }
        fields.push(("action", "submit".into()));
        let page = common::filing::post_draft(
            &petitioner,
            &draft,
            &fields,
            &[
                ("doc_identity", "ktp.png", common::filing::PNG),
                ("doc_request", "permohonan.pdf", common::filing::PDF),
                ("doc_objection", "keberatan.pdf", common::filing::PDF),
            ],
        )
        .await;
        assert_eq!(page.status, 303, "{}", common::text(&page.body));
        let id = common::location(&page)
            .trim_start_matches("/my/cases/")
            .to_string();

        let staff = Browser::new(&app);
        let (email, password) = app.account("staff");
        staff.login(&email, &password).await;
        let path = format!("/staff/registers/{id}");
        let said = format!("Diregistrasi. {MARKER}");
        let page = staff.register(&id, &said).await;
        assert_eq!(
            common::location(&page),
            path,
            "{}",
            common::text(&page.body)
        );
        let day = (common::local_today() + chrono::Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let room = format!("+Ruang {MARKER}");
        let page = staff
            .submit(
                "/staff/hearings/new",
                "/staff/hearings",
                &[
                    ("date", &day),
                    ("time", "10:00"),
                    ("kind", "evidence1"),
                    ("room", &room),
                    ("openness", "open"),
                    ("register", &id),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", common::text(&page.body));

        let mut seen_escaped = 0;
        for path in [
            format!("/registers/{id}"),
            "/registers?q=Anggaran".to_string(),
            "/".to_string(),
            "/hearings".to_string(),
            format!("/registers/{id}/feed.atom"),
            "/feed.atom".to_string(),
            format!("/staff/registers/{id}"),
        ] {
            let b = if path.starts_with("/staff") {
                &staff
            } else {
                &petitioner
            };
            let page = b.get(&path).await;
            assert_eq!(page.status, 200, "{path}");
            assert!(!page.body.contains(MARKER), "{path} shows the markup raw");
            if common::decode_entities(&page.body).contains(MARKER) {
                seen_escaped += 1;
            }
        }
        assert!(
            seen_escaped >= 5,
            "the text itself is shown, escaped ({seen_escaped})"
        );
        // Calendars and JSON carry the text as typed, which is no markup.
        let ics = app.get(&format!("/registers/{id}/hearings.ics")).await;
        assert!(ics.body.contains("Ruang <script>"), "{}", ics.body);
        let json: serde_json::Value =
            serde_json::from_str(&app.get(&format!("/api/v1/registers/{id}")).await.body).unwrap();
        assert!(json.to_string().contains("Anggaran <script>"));
        // Spreadsheets get text, not formulas.
        for export in [
            "/exports/items.csv",
            "/exports/hearings.csv",
            "/exports/registers.csv",
        ] {
            let page = app.get(export).await;
            let mut reader = csv::ReaderBuilder::new().from_reader(page.body.as_bytes());
            let cells: Vec<String> = reader
                .records()
                .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
                .collect();
            assert!(
                !cells.iter().any(|c| c.starts_with(['=', '+', '@'])),
                "{export}: {cells:?}"
            );
            assert!(
                cells.iter().any(|c| c.contains("<script>")),
                "{export} carries the text"
            );
        }
        let items = app.get("/exports/items.csv").await.body;
        assert!(items.contains("'=HYPERLINK"), "{items}");
        // Email: the HTML part escapes, the text part is plain text.
        let mail: Vec<(String, String)> = sengketa::db::schema::outbox::table
            .filter(sengketa::db::schema::outbox::register_id.eq(&id))
            .select((
                sengketa::db::schema::outbox::body_html,
                sengketa::db::schema::outbox::subject,
            ))
            .load(&mut *app.conn())
            .unwrap();
        assert!(!mail.is_empty(), "the parties were mailed");
        for (html, subject) in &mail {
            assert!(
                !html.contains(MARKER),
                "an email's HTML shows the markup raw"
            );
            assert!(!subject.contains('\n') && !subject.contains('\r'));
        }
        assert!(
            mail.iter()
                .any(|(html, _)| common::decode_entities(html).contains(MARKER)),
            "the email shows what staff wrote, escaped"
        );
    })
    .await;
}

/// Too much, too slowly, too many: each gets its 4xx and the server goes on
/// serving everyone else.
#[actix_web::test]
async fn oversized_slow_and_absurd_requests_get_a_4xx_and_the_server_goes_on() {
    if !common::covers_sqlite("oversized_slow_and_absurd_requests_get_a_4xx_and_the_server_goes_on")
    {
        return;
    }
    use std::io::{Read, Write};
    let app = TestApp::with_demo(Backend::Sqlite).await;
    let b = Browser::new(&app);
    let token = common::csrf_of(&b.get("/login").await.body);
    // A form of 2 MiB where 256 KiB are taken.
    let big = "a".repeat(2 * 1024 * 1024);
    let page = b
        .post(
            "/login",
            &[("csrf", &token), ("email", &big), ("password", "x")],
        )
        .await;
    assert_eq!(page.status, 413);
    assert!(
        common::text(&page.body).contains("Kiriman terlalu besar"),
        "{}",
        page.body
    );
    assert!(page.body.contains("role=\"alert\""));
    // A document over 10 MB is refused by name, and the draft stays.
    let petitioner = Browser::new(&app);
    let (email, password) = app.account("petitioner");
    petitioner.login(&email, &password).await;
    let draft = common::filing::new_draft(&petitioner).await;
    let token = common::csrf_of(&petitioner.get(&draft).await.body);
    let mut huge = common::filing::PDF.to_vec();
    huge.resize(11 * 1024 * 1024, b' ');
    let page = petitioner
        .post_files(
            &draft,
            &[
                ("csrf", &token),
                ("action", "save"),
                ("subject", "Dokumen besar"),
            ],
            &[("doc_request", "besar.pdf", &huge)],
        )
        .await;
    assert_eq!(page.status, 400);
    assert!(
        common::text(&page.body).contains("berkas terlalu besar"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"Dokumen besar\""),
        "what was typed is kept"
    );
    // Absurd page sizes and positions.
    for path in [
        "/api/v1/registers?limit=1000000000",
        "/api/v1/registers?limit=-1",
        "/api/v1/registers?cursor=%00%ff",
        "/registers?after=zzzz",
        "/hearings?later=99999999999999999999999",
        &format!("/registers?q={}", "kata+".repeat(500)),
    ] {
        let page = app.get(path).await;
        assert!(
            page.status == 200 || page.status == 400,
            "{path}: {}",
            page.status
        );
    }
    let page = app.get("/api/v1/registers?limit=1000000000").await;
    assert_eq!(
        page.status, 400,
        "a page size past the largest is refused, not served"
    );
    // Fifty clients that send half a request and wait: each is cut off
    // after the server's time limit, and meanwhile others are served.
    let host = app.base.trim_start_matches("http://").to_string();
    let mut slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&host).unwrap();
            write!(s, "GET / HTTP/1.1\r\nHost: {host}\r\nX-Lambat: ").unwrap();
            s
        })
        .collect();
    for _ in 0..20 {
        assert_eq!(app.get("/registers").await.status, 200);
    }
    actix_web::rt::time::sleep(std::time::Duration::from_secs(6)).await;
    let mut cut = 0;
    for s in slow.iter_mut() {
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        if answer.is_empty() || answer.starts_with("HTTP/1.1 408") {
            cut += 1;
        }
    }
    assert_eq!(cut, 50, "every slow client was cut off");
    record(
        "oversized, slow and absurd requests",
        Backend::Sqlite,
        &[
            ("2 MiB form", "413 with a page".into()),
            ("11 MiB document", format!("{}", page.status)),
            (
                "slow clients cut off after the time limit",
                format!("{cut} / 50"),
            ),
        ],
    );
}

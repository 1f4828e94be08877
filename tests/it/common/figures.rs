//! Figures a test measured, printed and kept in
//! `target/tmp/reliability.jsonl` (one line a run of a test) for the report.

use std::io::Write;

pub fn record(test: &str, backend: super::Backend, figures: &[(&str, String)]) {
    let fields: serde_json::Map<String, serde_json::Value> = figures
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
        .collect();
    let line = serde_json::json!({
        "test": test,
        "backend": format!("{backend:?}"),
        "at": chrono::Utc::now().to_rfc3339(),
        "figures": fields,
    });
    eprintln!("figures: {line}");
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reliability.jsonl");
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        let _ = writeln!(file, "{line}");
    }
}

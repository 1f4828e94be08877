//! Filing online as a petitioner: a draft, a complete application with
//! its documents, filed.

use super::{location, text, Browser};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
pub const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

/// A date `n` days before today, as the form takes it.
pub fn days_ago(n: i64) -> String {
    (super::local_today() - chrono::Duration::days(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// A draft, through the button on "my cases"; returns its path.
pub async fn new_draft(b: &Browser<'_>) -> String {
    let my = b.get("/my").await;
    let page = b
        .post("/my/drafts", &[("csrf", &super::csrf_of(&my.body))])
        .await;
    assert_eq!(page.status, 303, "{}", text(&page.body));
    location(&page)
}

/// The fields of a complete application against the first body offered.
pub fn complete_fields<'a>(
    body: &'a str,
    token: &'a str,
    subject: &'a str,
) -> Vec<(&'a str, String)> {
    vec![
        ("csrf", token.to_string()),
        ("petitioner_kind", "individual".into()),
        ("name", "Sukma Wiradinata".into()),
        ("phone", "0812-7777-4242".into()),
        ("address", "Jalan Rahasia Nomor 17".into()),
        ("identity_number", "3174999988887777".into()),
        ("respondent", body.to_string()),
        ("subject", subject.to_string()),
        ("requested_on", days_ago(40)),
        ("request_channel", "email".into()),
        ("ppid_answered_on", days_ago(35)),
        ("objected_on", days_ago(30)),
        ("grounds", "e".into()),
        ("objection_answered_on", days_ago(3)),
        (
            "item_description",
            "Data mentah rekapitulasi per TPS".into(),
        ),
        ("item_form", ".csv".into()),
        ("item_description", "Kontrak layanan komputasi awan".into()),
        ("item_form", "salinan".into()),
    ]
}

pub async fn post_draft(
    b: &Browser<'_>,
    path: &str,
    fields: &[(&str, String)],
    files: &[(&str, &str, &[u8])],
) -> super::Page {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post_files(path, &fields, files).await
}

/// Files a complete application; returns the register id.
pub async fn file_one(b: &Browser<'_>, subject: &str) -> String {
    let draft = new_draft(b).await;
    let page = b.get(&draft).await;
    let token = super::csrf_of(&page.body);
    let body = sengketa::models::bodies::confirmed(&mut b.app.conn())
        .unwrap()
        .remove(0)
        .id;
    assert!(page.body.contains(&format!("<option value=\"{body}\"")));
    let mut fields = complete_fields(&body, &token, subject);
    fields.push(("action", "submit".into()));
    let page = post_draft(
        b,
        &draft,
        &fields,
        &[
            ("doc_identity", "ktp.png", PNG),
            ("doc_request", "permohonan.pdf", PDF),
            ("doc_objection", "keberatan.pdf", PDF),
        ],
    )
    .await;
    assert_eq!(page.status, 303, "{}", text(&page.body));
    location(&page).trim_start_matches("/my/cases/").to_string()
}

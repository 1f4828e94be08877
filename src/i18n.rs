//! The catalogue of visible text in Indonesian (default) and English.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The first supported language in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::from_code(primary)?;
                let q = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, l)| *l)
    }

    /// The text of `key`; an unknown key shows itself so that it is noticed.
    pub fn t(self, key: &str) -> &'static str {
        match CATALOGUE.get(key) {
            Some((id, en)) => match self {
                Lang::Id => id,
                Lang::En => en,
            },
            None => {
                tracing::warn!(key, "missing text");
                "??"
            }
        }
    }

    /// The text of `key` with `{name}` placeholders filled.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self.t(key).to_string();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// A label for a domain code, e.g. `label("status", "registered")`.
    pub fn label(self, group: &str, code: &str) -> &'static str {
        self.t(&format!("{group}.{code}"))
    }

    /// A change of status as a timeline shows it: "Diregistrasi → Mediasi",
    /// or the new status alone when there was none before.
    pub fn status_change(self, from: Option<&str>, to: Option<&str>) -> Option<String> {
        match (from, to) {
            (Some(from), Some(to)) => Some(format!(
                "{} → {}",
                self.label("status", from),
                self.label("status", to)
            )),
            (None, Some(to)) => Some(self.label("status", to).to_string()),
            _ => None,
        }
    }

    pub fn date(self, d: NaiveDate) -> String {
        let month = MONTHS[d.month0() as usize];
        let name = match self {
            Lang::Id => month.0,
            Lang::En => month.1,
        };
        format!("{} {} {}", d.day(), name, d.year())
    }

    /// A whole number with thousands grouped: 1.000.000 in Indonesian,
    /// 1,000,000 in English.
    pub fn number(self, n: i64) -> String {
        let sep = match self {
            Lang::Id => '.',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    pub fn weekday(self, d: NaiveDate) -> &'static str {
        let i = d.weekday().num_days_from_monday() as usize;
        match self {
            Lang::Id => WEEKDAYS[i].0,
            Lang::En => WEEKDAYS[i].1,
        }
    }
}

const MONTHS: [(&str, &str); 12] = [
    ("Januari", "January"),
    ("Februari", "February"),
    ("Maret", "March"),
    ("April", "April"),
    ("Mei", "May"),
    ("Juni", "June"),
    ("Juli", "July"),
    ("Agustus", "August"),
    ("September", "September"),
    ("Oktober", "October"),
    ("November", "November"),
    ("Desember", "December"),
];

const WEEKDAYS: [(&str, &str); 7] = [
    ("Senin", "Monday"),
    ("Selasa", "Tuesday"),
    ("Rabu", "Wednesday"),
    ("Kamis", "Thursday"),
    ("Jumat", "Friday"),
    ("Sabtu", "Saturday"),
    ("Minggu", "Sunday"),
];

static CATALOGUE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| ENTRIES.iter().map(|(k, id, en)| (*k, (*id, *en))).collect());

/// (key, Indonesian, English)
const ENTRIES: &[(&str, &str, &str)] = &[
    // Layout
    ("site.name", "Sengketa", "Sengketa"),
    ("site.tagline", "Register publik sengketa informasi", "Public register of information disputes"),
    ("nav.label", "Navigasi utama", "Main navigation"),
    ("nav.home", "Beranda", "Home"),
    ("nav.registers", "Register sengketa", "Dispute registers"),
    ("nav.hearings", "Jadwal sidang", "Hearing schedule"),
    ("nav.skip", "Langsung ke isi", "Skip to content"),
    ("lang.switch", "English", "Bahasa Indonesia"),
    ("lang.switch_label", "Baca dalam bahasa Inggris", "Read in Indonesian"),
    (
        "footer.privacy",
        "Data pribadi pemohon (alamat, kontak, nomor identitas) tidak pernah ditampilkan di halaman publik.",
        "Petitioners' private data (address, contact, identity numbers) never appears on public pages.",
    ),
    // Home
    ("home.heading", "Sengketa informasi publik", "Public information disputes"),
    (
        "home.intro",
        "Ikuti setiap sengketa informasi publik: register, jadwal sidang, uji konsekuensi, dan putusan, dengan tenggat yang dijelaskan.",
        "Follow every public information dispute: registers, hearing schedules, consequence tests and decisions, with deadlines explained.",
    ),
    ("home.search_label", "Cari nomor register, pihak, atau informasi yang diminta", "Search register numbers, parties or requested information"),
    ("home.search_button", "Cari", "Search"),
    ("home.upcoming", "Sidang mendatang", "Upcoming hearings"),
    ("home.no_upcoming", "Belum ada sidang yang dijadwalkan.", "No hearing is scheduled yet."),
    ("home.recent", "Register yang baru berubah", "Recently changed registers"),
    ("home.all_hearings", "Semua jadwal sidang", "All hearings"),
    ("home.all_registers", "Semua register", "All registers"),
    // List
    ("list.heading", "Register sengketa", "Dispute registers"),
    ("list.filters", "Saring", "Filter"),
    ("list.query", "Kata kunci", "Keywords"),
    ("list.query_hint", "Setiap kata dicari utuh; akhiri kata dengan * untuk mencari awalannya (pengada*).", "Each word is looked up whole; end a word with * to look up what it begins (pengada*)."),
    ("list.status", "Status", "Status"),
    ("list.respondent", "Termohon", "Respondent"),
    ("list.year", "Tahun registrasi", "Year registered"),
    ("list.track", "Jenis sengketa", "Kind of dispute"),
    ("list.any", "Semua", "All"),
    ("list.apply", "Terapkan", "Apply"),
    ("list.reset", "Hapus saringan", "Clear filters"),
    ("list.count", "{n} register ditemukan", "{n} registers found"),
    ("list.count_more", "Lebih dari {n} register ditemukan", "More than {n} registers found"),
    ("list.empty", "Tidak ada register yang cocok dengan saringan ini.", "No register matches these filters."),
    ("list.next", "Halaman berikutnya", "Next page"),
    ("list.first", "Kembali ke halaman pertama", "Back to the first page"),
    ("list.results", "Hasil", "Results"),
    ("col.number", "Nomor register", "Register number"),
    ("col.subject", "Pokok permohonan", "Subject"),
    ("col.parties", "Para pihak", "Parties"),
    ("col.status", "Status", "Status"),
    ("col.registered", "Diregistrasi", "Registered"),
    ("col.next_deadline", "Tenggat berikutnya", "Next deadline"),
    ("common.versus", "melawan", "versus"),
    ("common.none", "—", "—"),
    ("common.unnumbered", "(belum bernomor)", "(no number yet)"),
    // Register page
    ("reg.parties", "Para pihak", "Parties"),
    ("reg.petitioner", "Pemohon", "Petitioner"),
    ("reg.representative", "Kuasa", "Representative"),
    ("reg.respondent", "Termohon", "Respondent"),
    ("reg.track", "Jenis sengketa", "Kind of dispute"),
    ("reg.status", "Status", "Status"),
    ("reg.status_since", "sejak {date}", "since {date}"),
    ("reg.facts", "Ringkasan", "Summary"),
    ("reg.dates", "Tanggal penting", "Key dates"),
    ("reg.requested_on", "Permohonan informasi ke PPID", "Information request to the PPID"),
    ("reg.ppid_answered_on", "Jawaban PPID", "PPID's answer"),
    ("reg.objected_on", "Keberatan diajukan", "Objection filed"),
    ("reg.objection_answered_on", "Tanggapan atas keberatan", "Answer to the objection"),
    ("reg.received_on", "Permohonan sengketa diterima", "Dispute application received"),
    ("reg.registered_on", "Diregistrasi", "Registered"),
    ("reg.decided_on", "Putusan dibacakan", "Decision read"),
    ("reg.disclosure_due_on", "Batas waktu pemberian informasi yang diperintahkan", "Ordered disclosure deadline"),
    ("reg.objection_grounds", "Alasan keberatan (Pasal 35 ayat 1 UU KIP)", "Grounds of objection (UU KIP Art. 35(1))"),
    ("reg.claimed", "Klaim termohon", "Respondent's claim"),
    ("reg.panel", "Majelis dan kepaniteraan", "Panel and registry"),
    ("reg.deadlines", "Tenggat yang berjalan", "Running deadlines"),
    ("reg.no_deadlines", "Tidak ada tenggat yang berjalan pada status ini.", "No deadline runs in this status."),
    ("reg.due", "Jatuh tempo {date}", "Due {date}"),
    ("reg.overdue", "Terlambat {n} hari kerja", "Overdue by {n} working days"),
    ("reg.remaining", "{n} hari kerja lagi", "{n} working days left"),
    ("reg.remaining_days", "{n} hari lagi", "{n} days left"),
    ("reg.overdue_days", "Terlambat {n} hari", "Overdue by {n} days"),
    ("reg.due_today", "Jatuh tempo hari ini", "Due today"),
    ("reg.calendar_missing", "Kalender hari libur {years} belum dimuat: tanggal ini dihitung tanpa hari libur tahun tersebut dan dapat bergeser.", "The holiday calendar for {years} is not loaded yet: this date was counted without that year's holidays and may move."),
    ("reg.how_computed", "Bagaimana tanggal ini dihitung", "How this date was computed"),
    ("reg.explain_start", "Dihitung {amount} {unit} sejak {date}: {reason}.", "Counted {amount} {unit} from {date}: {reason}."),
    ("reg.explain_weekends", "Akhir pekan yang dilewati: {n} hari.", "Weekend days passed over: {n}."),
    ("reg.explain_holidays", "Hari libur yang dilewati:", "Holidays passed over:"),
    ("reg.explain_no_holidays", "Tidak ada hari libur yang dilewati.", "No holiday was passed over."),
    ("reg.explain_calendar_days", "Jatuh pada hari libur atau akhir pekan, sehingga bergeser ke hari kerja berikutnya.", "It fell on a weekend or holiday, so it moves to the next working day."),
    ("reg.filing_window", "Batas pengajuan sengketa", "Filing deadline"),
    ("reg.filed_in_time", "Permohonan diterima dalam batas waktu.", "The application was received in time."),
    ("reg.filed_late", "Permohonan diterima setelah batas waktu.", "The application was received after the deadline."),
    ("reg.items", "Informasi yang diminta", "Requested information"),
    ("reg.item", "Informasi", "Information"),
    ("reg.form", "Bentuk yang diminta", "Requested form"),
    ("reg.item_claim", "Klaim termohon", "Respondent's claim"),
    ("reg.item_finding", "Temuan majelis", "Panel's finding"),
    ("reg.withheld", "Yang dikecualikan", "Withheld"),
    ("reg.ground", "Dasar: Pasal 17 huruf {letter}", "Ground: Art. 17 letter {letter}"),
    ("reg.tests", "Uji konsekuensi", "Consequence tests"),
    ("reg.no_tests", "Belum ada uji konsekuensi.", "No consequence test yet."),
    ("reg.test_repeat", "Uji ulang", "Repeat test"),
    ("reg.test_ordered", "Diperintahkan", "Ordered"),
    ("reg.test_due_at", "Untuk sidang", "Due at the hearing of"),
    ("reg.test_submitted", "Diserahkan", "Submitted"),
    ("reg.test_examined", "Diperiksa", "Examined"),
    ("reg.test_covers", "Mencakup", "Covers"),
    ("reg.test_grounds", "Dasar pengecualian", "Exemption grounds"),
    ("reg.test_harm", "Akibat yang didalilkan", "Harm argued"),
    ("reg.test_public_interest", "Pertimbangan kepentingan publik", "Public-interest weighing"),
    ("reg.test_period", "Jangka waktu pengecualian", "Exemption period"),
    ("reg.test_assessment", "Penilaian majelis", "Panel's assessment"),
    ("reg.hearings", "Sidang", "Hearings"),
    ("reg.upcoming_hearings", "Sidang mendatang", "Upcoming hearings"),
    ("reg.past_hearings", "Sidang yang telah lalu", "Past hearings"),
    ("reg.no_hearings", "Belum ada sidang.", "No hearing yet."),
    ("reg.timeline", "Riwayat", "Timeline"),
    ("reg.no_events", "Belum ada catatan.", "Nothing recorded yet."),
    ("reg.decision", "Putusan", "Decision"),
    ("reg.decision_number", "Nomor putusan", "Decision number"),
    ("reg.outcome", "Amar", "Outcome"),
    ("reg.by", "oleh {actor}", "by {actor}"),
    ("reg.all_of_body", "Semua register {body}", "All registers of {body}"),
    // Hearings
    ("hearings.heading", "Jadwal sidang", "Hearing schedule"),
    ("hearings.upcoming", "Mendatang", "Upcoming"),
    ("hearings.past", "Yang telah lalu", "Past"),
    ("hearings.none_upcoming", "Tidak ada sidang mendatang.", "No upcoming hearing."),
    ("hearings.none_past", "Belum ada sidang yang lalu.", "No past hearing."),
    ("hearings.older", "Sidang yang lebih lama", "Older hearings"),
    ("hearings.later", "Sidang berikutnya", "Later hearings"),
    ("hearings.soonest", "Kembali ke sidang terdekat", "Back to the soonest hearings"),
    ("hearing.time", "Waktu", "Time"),
    ("hearing.agenda", "Agenda", "Agenda"),
    ("hearing.room", "Ruang", "Room"),
    ("hearing.registers", "Register", "Registers"),
    ("hearing.openness", "Sifat sidang", "Openness"),
    ("hearing.reason", "Alasan", "Reason"),
    ("hearing.summary", "Ringkasan", "Summary"),
    // Bodies
    ("body.registers", "Register dengan termohon ini", "Registers with this respondent"),
    ("body.kind", "Jenis badan publik", "Kind of public body"),
    ("body.region", "Wilayah", "Region"),
    // Errors
    ("error.not_found", "Halaman tidak ditemukan", "Page not found"),
    ("error.not_found_text", "Alamat ini tidak menunjuk ke halaman atau register yang ada.", "This address does not point to an existing page or register."),
    ("error.bad_request", "Permintaan tidak dapat diproses", "The request cannot be processed"),
    ("error.bad_request_text", "Periksa alamat atau isian formulir, lalu coba lagi.", "Check the address or the form and try again."),
    ("error.forbidden", "Akses ditolak", "Access denied"),
    ("error.forbidden_text", "Akun Anda tidak berhak membuka halaman ini.", "Your account may not open this page."),
    ("error.unavailable", "Layanan sedang sibuk", "The service is busy"),
    ("error.unwritable", "Penyimpanan penuh", "Storage is full"),
    ("error.too_large", "Kiriman terlalu besar", "Too much was sent"),
    ("error.read_only_text", "Alamat ini hanya dapat dibaca: GET, HEAD atau OPTIONS.", "This address can only be read: GET, HEAD or OPTIONS."),
    ("error.too_large_text", "Isian yang dikirim melebihi batas formulir ini. Persingkat teksnya; dokumen dilampirkan lewat kolom unggahan, paling besar 10 MB per berkas.", "What was sent is more than this form takes. Shorten the text; documents go in the upload fields, at most 10 MB a file."),
    ("error.timed_out", "Pengiriman terlalu lama", "The upload took too long"),
    ("error.timed_out_text", "Formulir tidak sampai seluruhnya dalam dua menit, jadi tidak ada yang disimpan. Periksa sambungan Anda, lalu kirim lagi; berkas besar lebih baik dikirim satu per satu.", "The form did not arrive in full within two minutes, so nothing was saved. Check your connection and send it again; large files are best sent one at a time."),
    ("error.unwritable_text", "Server tidak dapat menyimpan data saat ini (penyimpanannya penuh atau hanya dapat dibaca). Perubahan ini tidak tersimpan; semua yang tersimpan sebelumnya tetap utuh.", "The server cannot store data right now (its storage is full or read-only). This change was not saved; everything saved before is intact."),
    ("error.unavailable_text", "Basis data tidak dapat dijangkau saat ini. Tidak ada yang hilang; silakan muat ulang halaman dalam beberapa detik.", "The database cannot be reached right now. Nothing has been lost; please reload the page in a few seconds."),
    ("error.server", "Terjadi kesalahan", "Something went wrong"),
    ("error.server_text", "Kami tidak dapat menampilkan halaman ini sekarang. Kesalahan telah dicatat; silakan coba lagi sebentar lagi.", "We cannot show this page right now. The error has been logged; please try again shortly."),
    ("error.back_home", "Kembali ke beranda", "Back to the home page"),
    ("bad.status", "Status tidak dikenal. Pilih salah satu dari daftar.", "Unknown status. Choose one from the list."),
    ("bad.track", "Jenis sengketa tidak dikenal.", "Unknown kind of dispute."),
    ("bad.year", "Tahun harus berupa angka empat digit, misalnya 2024.", "The year must be a four-digit number, such as 2024."),
    ("bad.cursor", "Penanda halaman tidak sah. Mulailah dari halaman pertama.", "The page marker is not valid. Start from the first page."),
    ("bad.respondent", "Termohon tidak dikenal.", "Unknown respondent."),
    ("bad.query", "Kata kunci terlalu panjang (paling banyak 200 karakter).", "The search is too long (at most 200 characters)."),
    ("bad.query_chars", "Kata kunci memuat karakter kendali yang tidak dapat dicari.", "The search contains control characters that cannot be searched for."),
    ("bad.before", "Tanggal tidak sah; gunakan format TTTT-BB-HH.", "Invalid date; use the format YYYY-MM-DD."),
    ("bad.from", "Tanggal tidak sah; gunakan format TTTT-BB-HH.", "Invalid date; use the format YYYY-MM-DD."),
    // Statuses
    ("status.received", "Permohonan diterima", "Application received"),
    ("status.incomplete", "Belum lengkap", "Incomplete"),
    ("status.registered", "Teregistrasi", "Registered"),
    ("status.preliminary", "Pemeriksaan awal", "Preliminary examination"),
    ("status.mediation", "Mediasi", "Mediation"),
    ("status.adjudication", "Ajudikasi (pembuktian)", "Adjudication (evidence)"),
    ("status.decided", "Diputus", "Decided"),
    ("status.inadmissible", "Tidak dapat diterima (putusan sela)", "Inadmissible (interim decision)"),
    ("status.lapsed", "Gugur", "Lapsed"),
    ("status.withdrawn", "Dicabut", "Withdrawn"),
    ("status.mediated", "Selesai melalui mediasi", "Settled by mediation"),
    ("status.appealed", "Diajukan keberatan ke pengadilan", "Appealed to a court"),
    ("status.final", "Berkekuatan hukum tetap", "Final"),
    ("status.enforcement", "Permohonan eksekusi", "Enforcement requested"),
    ("status_help.received", "Permohonan sedang diperiksa kelengkapannya oleh kepaniteraan sebelum diregistrasi.", "The registry is checking the application for completeness before registering it."),
    ("status_help.incomplete", "Permohonan belum lengkap; pemohon diberi waktu untuk melengkapinya.", "The application is incomplete; the petitioner has time to complete it."),
    ("status_help.registered", "Sengketa telah diregistrasi dan menunggu sidang pertama.", "The dispute is registered and waits for its first hearing."),
    ("status_help.preliminary", "Majelis memeriksa kewenangan, kedudukan hukum para pihak, dan jangka waktu pengajuan.", "The panel examines jurisdiction, the parties' standing and whether the application was filed in time."),
    ("status_help.mediation", "Para pihak berupaya mencapai kesepakatan dengan bantuan mediator.", "The parties try to reach an agreement with a mediator's help."),
    ("status_help.adjudication", "Majelis memeriksa bukti, saksi, ahli, dan uji konsekuensi.", "The panel examines evidence, witnesses, experts and consequence tests."),
    ("status_help.decided", "Putusan telah dibacakan; para pihak dapat mengajukan keberatan ke pengadilan dalam jangka waktu yang ditentukan.", "The decision has been read; the parties may appeal to a court within the set window."),
    ("status_help.inadmissible", "Majelis menyatakan permohonan tidak dapat diterima dalam putusan sela.", "The panel found the application inadmissible in an interim decision."),
    ("status_help.lapsed", "Permohonan gugur, misalnya karena pemohon dua kali tidak hadir tanpa alasan.", "The application lapsed, for example because the petitioner was absent twice without reason."),
    ("status_help.withdrawn", "Pemohon mencabut permohonannya sebelum putusan.", "The petitioner withdrew the application before the decision."),
    ("status_help.mediated", "Kesepakatan mediasi dikukuhkan dalam putusan mediasi.", "The mediation agreement was confirmed in a mediation decision."),
    ("status_help.appealed", "Putusan sedang diperiksa pengadilan (PTUN atau PN).", "A court (PTUN or PN) is examining the decision."),
    ("status_help.final", "Tidak ada keberatan dalam jangka waktunya; putusan berkekuatan hukum tetap.", "No appeal was filed in time; the decision is final."),
    ("status_help.enforcement", "Pihak yang menang meminta pengadilan melaksanakan putusan.", "The winning party asked a court to enforce the decision."),
    // Outcomes
    ("outcome.granted_full", "Dikabulkan seluruhnya", "Granted in full"),
    ("outcome.granted_partly", "Dikabulkan sebagian", "Granted in part"),
    ("outcome.rejected", "Ditolak", "Rejected"),
    ("outcome.inadmissible", "Tidak dapat diterima", "Inadmissible"),
    ("outcome.lapsed", "Gugur", "Lapsed"),
    ("outcome.withdrawn", "Dicabut", "Withdrawn"),
    ("outcome.mediated", "Putusan mediasi", "Mediation decision"),
    // Tracks
    ("track.regular", "Sengketa informasi publik", "Public information dispute"),
    ("track.election", "Sengketa informasi pemilu", "Election information dispute"),
    // Petitioner kinds
    ("petitioner_kind.individual", "Perorangan", "Individual"),
    ("petitioner_kind.legal_entity", "Badan hukum", "Legal entity"),
    ("petitioner_kind.group", "Kelompok orang", "Group"),
    // Claims and findings
    ("claim.open", "Terbuka", "Open"),
    ("claim.exempt", "Dikecualikan", "Exempt"),
    ("claim.undecided", "Belum menyatakan", "Not stated"),
    ("finding.undecided", "Belum diputus", "Not decided"),
    ("finding.open", "Terbuka", "Open"),
    ("finding.partly_open", "Terbuka sebagian", "Partly open"),
    ("finding.exempt", "Dikecualikan", "Exempt"),
    // Pasal 17 grounds
    ("ground.a", "a — menghambat proses penegakan hukum", "a — obstructs law enforcement"),
    ("ground.b", "b — hak kekayaan intelektual dan persaingan usaha", "b — intellectual property and fair competition"),
    ("ground.c", "c — pertahanan dan keamanan negara", "c — state defence and security"),
    ("ground.d", "d — kekayaan alam Indonesia", "d — Indonesia's natural wealth"),
    ("ground.e", "e — ketahanan ekonomi nasional", "e — national economic resilience"),
    ("ground.f", "f — hubungan luar negeri", "f — foreign relations"),
    ("ground.g", "g — isi akta otentik dan wasiat", "g — contents of authentic deeds and wills"),
    ("ground.h", "h — rahasia pribadi", "h — personal secrets"),
    ("ground.i", "i — memorandum internal yang sifatnya rahasia", "i — internal memoranda secret by nature"),
    ("ground.j", "j — dilarang diungkap undang-undang lain", "j — disclosure forbidden by another statute"),
    // Pasal 35(1) grounds
    ("objection.a", "a — penolakan berdasarkan pengecualian", "a — refusal on exemption grounds"),
    ("objection.b", "b — informasi berkala tidak disediakan", "b — periodic information not published"),
    ("objection.c", "c — permintaan tidak ditanggapi", "c — request not answered"),
    ("objection.d", "d — ditanggapi tidak sebagaimana diminta", "d — answered not as requested"),
    ("objection.e", "e — permintaan tidak dipenuhi", "e — request not fulfilled"),
    ("objection.f", "f — biaya yang tidak wajar", "f — unreasonable fee"),
    ("objection.g", "g — penyampaian melebihi waktu", "g — late answer"),
    // Panel roles
    ("role.chair", "Ketua majelis", "Presiding commissioner"),
    ("role.member", "Anggota majelis", "Panel member"),
    ("role.mediator", "Mediator", "Mediator"),
    ("role.substitute_clerk", "Panitera pengganti", "Substitute clerk"),
    // Hearing kinds
    ("hearing_kind.pa1", "Pemeriksaan awal I", "Preliminary examination I"),
    ("hearing_kind.pa2", "Pemeriksaan awal II", "Preliminary examination II"),
    ("hearing_kind.pa3", "Pemeriksaan awal III", "Preliminary examination III"),
    ("hearing_kind.med1", "Mediasi I", "Mediation I"),
    ("hearing_kind.med2", "Mediasi II", "Mediation II"),
    ("hearing_kind.mediation_report", "Laporan hasil mediasi", "Report on the mediation"),
    ("hearing_kind.on_site", "Pemeriksaan setempat", "On-site examination"),
    ("hearing_kind.evidence1", "Pembuktian I", "Evidence I"),
    ("hearing_kind.evidence2", "Pembuktian II", "Evidence II"),
    ("hearing_kind.evidence3", "Pembuktian III", "Evidence III"),
    ("hearing_kind.experts", "Mendengarkan keterangan ahli", "Hearing of experts"),
    ("hearing_kind.related_parties", "Mendengarkan pihak terkait", "Hearing of related parties"),
    ("hearing_kind.consequence_test", "Pemeriksaan hasil uji konsekuensi", "Examination of consequence-test results"),
    ("hearing_kind.closing", "Kesimpulan", "Closing submissions"),
    ("hearing_kind.interim_decision", "Pembacaan putusan sela", "Reading of an interim decision"),
    ("hearing_kind.mediation_decision", "Pembacaan putusan mediasi", "Reading of a mediation decision"),
    ("hearing_kind.decision", "Pembacaan putusan", "Reading of the decision"),
    ("hearing_kind.ruling", "Pembacaan penetapan", "Reading of a formal ruling"),
    ("openness.open", "Terbuka untuk umum", "Open to the public"),
    ("openness.closed", "Tertutup", "Closed"),
    ("openness.partly_closed", "Sebagian tertutup", "Partly closed"),
    ("hearing_state.scheduled", "Dijadwalkan", "Scheduled"),
    ("hearing_state.held", "Telah digelar", "Held"),
    ("hearing_state.postponed", "Ditunda", "Postponed"),
    ("hearing_state.cancelled", "Dibatalkan", "Cancelled"),
    // Consequence test states
    ("test_state.ordered", "Diperintahkan", "Ordered"),
    ("test_state.submitted", "Diserahkan", "Submitted"),
    ("test_state.examined", "Diperiksa", "Examined"),
    ("test_state.accepted", "Diterima majelis", "Accepted by the panel"),
    ("test_state.rejected", "Ditolak majelis", "Rejected by the panel"),
    ("test_state.repeat_ordered", "Diperintahkan uji ulang", "Repeat test ordered"),
    // Timeline entries
    ("event.received", "Permohonan diterima", "Application received"),
    ("event.status_changed", "Status berubah", "Status changed"),
    ("event.hearing_scheduled", "Sidang dijadwalkan", "Hearing scheduled"),
    ("event.hearing_held", "Sidang digelar", "Hearing held"),
    ("event.hearing_postponed", "Sidang ditunda", "Hearing postponed"),
    ("event.hearing_cancelled", "Sidang dibatalkan", "Hearing cancelled"),
    ("event.test_ordered", "Uji konsekuensi diperintahkan", "Consequence test ordered"),
    ("event.test_submitted", "Uji konsekuensi diserahkan", "Consequence test submitted"),
    ("event.test_assessed", "Uji konsekuensi dinilai", "Consequence test assessed"),
    ("event.claim_recorded", "Klaim termohon dicatat", "Respondent's claim recorded"),
    ("event.finding_recorded", "Temuan majelis dicatat", "Panel's finding recorded"),
    ("event.decision", "Putusan", "Decision"),
    ("event.enforcement", "Eksekusi", "Enforcement"),
    ("event.note", "Catatan", "Note"),
    // Accounts and sign-in
    ("nav.account", "Akun", "Account"),
    ("login.heading", "Masuk", "Sign in"),
    ("login.email", "Alamat email", "Email address"),
    ("login.password", "Kata sandi", "Password"),
    ("login.submit", "Masuk", "Sign in"),
    ("login.bad_email", "Alamat email tidak sah.", "That is not a valid email address."),
    ("login.no_password", "Isi kata sandi.", "Enter your password."),
    ("login.too_many", "Terlalu banyak percobaan masuk. Tunggu beberapa menit, lalu coba lagi.", "Too many sign-in attempts. Wait a few minutes and try again."),
    ("login.invalid", "Email atau kata sandi salah.", "Wrong email or password."),
    ("csrf.heading", "Formulir kedaluwarsa", "The form has expired"),
    ("csrf.text", "Formulir ini tidak dapat diterima karena sesinya sudah berganti atau berakhir. Isian Anda masih ada: kirim ulang bila memang ingin menyimpannya (kata sandi perlu diisi lagi).", "This form could not be accepted because its session changed or ended. Your input is kept: send it again if you meant to save it (passwords must be entered again)."),
    ("csrf.resubmit", "Kirim ulang", "Send again"),
    ("my.heading", "Perkara saya", "My cases"),
    ("my.new", "Ajukan sengketa baru", "File a new dispute"),
    ("my.cases", "Permohonan dan register", "Applications and registers"),
    ("my.no_cases", "Belum ada permohonan yang diajukan.", "No application filed yet."),
    ("my.next_hearing", "Sidang berikutnya", "Next hearing"),
    ("my.drafts", "Konsep", "Drafts"),
    ("my.no_drafts", "Tidak ada konsep.", "No drafts."),
    ("my.saved_on", "disimpan", "saved"),
    ("my.delete_draft", "Hapus konsep", "Delete draft"),
    ("my.untitled", "(tanpa judul)", "(untitled)"),
    ("my.preferences", "Email dan langganan", "Email and follows"),
    ("my.follows", "Yang saya ikuti", "What I follow"),
    ("my.no_follows", "Anda belum mengikuti register atau badan publik.", "You follow no register or public body yet."),
    ("my.manage_follow", "atur", "manage"),
    ("my.case_heading", "Perkara saya", "My case"),
    ("my.public_page", "Halaman publik register ini", "This register's public page"),
    ("my.not_public", "Permohonan yang belum diregistrasi tidak tampil di halaman publik.", "An application not yet registered does not appear on public pages."),
    ("my.missing", "Yang perlu dilengkapi", "What is missing"),
    ("my.completed_on", "Kelengkapan dikirim pada", "Completion sent on"),
    ("my.missing_files", "Dokumen kelengkapan", "Documents that complete the application"),
    ("my.note", "Catatan untuk kepaniteraan", "Note for the registry"),
    ("my.resubmit", "Kirim kelengkapan", "Send the missing pieces"),
    ("my.withdraw", "Pencabutan permohonan", "Withdrawing the application"),
    ("my.withdrawal_requested", "Pencabutan diminta pada", "Withdrawal requested on"),
    ("my.withdraw_reason", "Alasan pencabutan", "Reason for withdrawing"),
    ("my.withdraw_submit", "Minta pencabutan", "Ask to withdraw"),
    ("my.cannot_withdraw", "Permohonan tidak dapat dicabut lagi: sudah diputus atau selesai.", "The application can no longer be withdrawn: it is decided or closed."),
    ("my.not_incomplete", "Permohonan ini tidak sedang diminta dilengkapi.", "This application is not waiting for missing pieces."),
    ("my.need_something", "Lampirkan dokumen atau tulis catatan.", "Attach a document or write a note."),
    ("my.need_reason", "Tulis alasan pencabutan.", "Write the reason for withdrawing."),
    ("my.too_late_to_withdraw", "Permohonan yang sudah diputus atau selesai tidak dapat dicabut.", "A decided or closed application cannot be withdrawn."),
    ("my.completed_text", "Pemohon mengirim kelengkapan ({files} dokumen). {note}", "The petitioner sent the missing pieces ({files} documents). {note}"),
    ("my.withdrawal_text", "Pemohon meminta pencabutan permohonan: {reason}", "The petitioner asks to withdraw: {reason}"),
    ("filing.heading", "Permohonan penyelesaian sengketa informasi", "Application to settle an information dispute"),
    ("filing.intro", "Isi sebanyak yang Anda tahu dan simpan kapan saja; konsep dapat dilanjutkan nanti. Ketepatan waktu dihitung dari tanggal yang Anda isi.", "Fill in what you know and save at any time; a draft can be finished later. Timeliness is computed from the dates you enter."),
    ("filing.saved", "Konsep disimpan.", "Draft saved."),
    ("filing.fix_fields", "Periksa isian yang ditandai.", "Check the fields marked below."),
    ("filing.late_help", "Permohonan tetap dapat diajukan; Majelis yang memutuskan apakah dapat diterima. Keterlambatan dicatat.", "You can still file; the panel decides whether it can be heard. The delay is recorded."),
    ("filing.petitioner", "Pemohon", "Petitioner"),
    ("filing.name", "Nama (orang, badan hukum, atau kelompok)", "Name (person, legal entity or group)"),
    ("filing.show_name", "Tampilkan nama saya di halaman publik", "Show my name on public pages"),
    ("filing.show_name_help", "Pemohon perorangan ditampilkan dengan inisial kecuali memilih ini. Nama badan hukum dan kelompok selalu tampil.", "An individual is shown by initials unless this is chosen. Legal entities and groups are always named."),
    ("filing.deed", "Akta pendirian (nomor, tanggal, notaris) — untuk badan hukum", "Deed of establishment (number, date, notary) — legal entities"),
    ("filing.representative", "Kuasa (bila ada)", "Representative (if any)"),
    ("filing.private_help", "Telepon, alamat, dan nomor identitas hanya dilihat kepaniteraan; tidak pernah tampil di halaman publik.", "Phone, address and identity number are seen by the registry only; never on a public page."),
    ("filing.respondent", "Badan publik yang dimohon", "The public body"),
    ("filing.proposed_body", "Tidak ada di daftar? Tulis namanya", "Not in the list? Write its name"),
    ("filing.proposed_body_help", "Kepaniteraan memeriksa dan menambahkannya.", "The registry checks it and adds it."),
    ("filing.request", "Permohonan informasi semula", "The original information request"),
    ("filing.subject", "Informasi yang diminta, secara singkat", "The information requested, in brief"),
    ("filing.channel", "Cara permohonan diajukan", "How the request was made"),
    ("filing.blank_if_none", "Kosongkan bila tidak ada jawaban.", "Leave blank if there was no answer."),
    ("filing.objection", "Keberatan", "Objection"),
    ("filing.items_help", "Satu baris per informasi; sebutkan bentuk yang diinginkan (mis. .csv, ekspor basis data, salinan).", "One row per item; say the form wanted (e.g. .csv, database export, copy)."),
    ("filing.item", "Informasi", "Item"),
    ("filing.item_form", "Bentuk", "Form wanted"),
    ("filing.documents", "Dokumen", "Documents"),
    ("filing.documents_help", "PDF, JPEG, atau PNG, paling besar {mb} MB per berkas; jenis diperiksa dari isi berkas. Hanya Anda dan kepaniteraan yang dapat membukanya.", "PDF, JPEG or PNG, at most {mb} MB each; the type is checked from the file's content. Only you and the registry can open them."),
    ("filing.required", "wajib", "required"),
    ("filing.save", "Simpan konsep", "Save draft"),
    ("filing.submit", "Ajukan permohonan", "File the application"),
    ("filing.timeliness", "Ketepatan waktu", "Timeliness"),
    ("filing.on_time", "Tepat waktu bila diajukan sampai {date}.", "On time if filed by {date}."),
    ("filing.late", "Terlambat sejak {date}.", "Late since {date}."),
    ("filing.filed_on_time", "Diajukan tepat waktu (batas {date}).", "Filed on time (window closed {date})."),
    ("filing.late_note", "Diajukan setelah batas pengajuan {date}.", "Filed after the window closed on {date}."),
    ("filing.received_text", "Permohonan sengketa diterima.", "Dispute application received."),
    ("filing.filed_online", "Diajukan daring oleh pemohon.", "Filed online by the petitioner."),
    ("filing.need_document", "Lampirkan dokumen ini.", "Attach this document."),
    ("filing.date_future", "Tanggal ini belum terjadi.", "This date is in the future."),
    ("filing.date_bad", "Tanggal tidak terbaca; gunakan TTTT-BB-HH.", "Unreadable date; use YYYY-MM-DD."),
    ("filing.answer_before_request", "Jawaban PPID tidak dapat mendahului permohonan.", "The PPID's answer cannot come before the request."),
    ("filing.objection_before_request", "Keberatan tidak dapat mendahului permohonan.", "The objection cannot come before the request."),
    ("filing.objection_before_answer", "Keberatan tidak dapat mendahului jawaban PPID.", "The objection cannot come before the PPID's answer."),
    ("filing.superior_before_objection", "Tanggapan atasan tidak dapat mendahului keberatan.", "The superior's answer cannot come before the objection."),
    ("filing.need_kind", "Pilih jenis pemohon.", "Choose the kind of petitioner."),
    ("filing.need_name", "Isi nama pemohon.", "Enter the petitioner's name."),
    ("filing.need_deed", "Badan hukum menyebutkan akta pendiriannya.", "A legal entity states its deed."),
    ("filing.need_respondent", "Pilih badan publik atau tulis namanya.", "Choose the public body or write its name."),
    ("filing.need_subject", "Sebutkan informasi yang diminta.", "Say what information was requested."),
    ("filing.need_date", "Isi tanggal ini.", "Enter this date."),
    ("filing.need_channel", "Pilih cara permohonan diajukan.", "Choose how the request was made."),
    ("filing.need_grounds", "Pilih paling sedikit satu alasan keberatan.", "Choose at least one ground of objection."),
    ("filing.need_items", "Sebutkan paling sedikit satu informasi yang diminta.", "List at least one requested item."),
    ("upload.too_large", "berkas terlalu besar", "the file is too large"),
    ("upload.empty", "berkas kosong", "the file is empty"),
    ("upload.too_many", "terlalu banyak berkas", "too many files"),
    ("upload.bad_type", "hanya PDF, JPEG, atau PNG yang diterima", "only PDF, JPEG or PNG is accepted"),
    ("upload.bad_field", "jenis dokumen tidak dikenal", "unknown kind of document"),
    ("document.identity", "Kartu identitas (KTP) atau akta badan hukum", "Identity card or the entity's deed"),
    ("document.request", "Permohonan informasi dan tanda terimanya", "The information request and its receipt"),
    ("document.objection", "Keberatan dan tanda terimanya", "The objection and its receipt"),
    ("document.power_of_attorney", "Surat kuasa", "Power of attorney"),
    ("document.deed", "Akta pendirian badan hukum", "Deed of establishment"),
    ("document.supplement", "Kelengkapan", "Supplement"),
    ("document_field.doc_identity", "Kartu identitas", "Identity card"),
    ("document_field.doc_request", "Permohonan informasi", "Information request"),
    ("document_field.doc_objection", "Keberatan", "Objection"),
    ("document_field.doc_power_of_attorney", "Surat kuasa", "Power of attorney"),
    ("document_field.doc_deed", "Akta pendirian", "Deed"),
    ("document_field.doc_supplement", "Kelengkapan", "Supplement"),
    ("channel.in_person", "Datang langsung", "In person"),
    ("channel.letter", "Surat", "Letter"),
    ("channel.email", "Email", "Email"),
    ("channel.online", "Formulir daring", "Online form"),
    ("channel.other", "Lainnya", "Other"),
    ("mail.completed_subject", "Kelengkapan dikirim: {what}", "Missing pieces sent: {what}"),
    ("mail.withdrawal_subject", "Permintaan pencabutan: {what}", "Withdrawal requested: {what}"),
    ("mail.staff_link", "Buka di kepaniteraan", "Open in the registry"),
    ("staff.online_filing", "Diajukan daring", "Filed online"),
    ("bodies.proposed", "— diusulkan pemohon; periksa dan simpan untuk mengonfirmasi", "— proposed by a petitioner; check and save to confirm"),
    ("feed.all", "{commission}: semua register sengketa informasi", "{commission}: every information dispute register"),
    ("feed.list", "{commission}: register terpilih", "{commission}: selected registers"),
    ("feed.subscribe", "Ikuti lewat umpan Atom", "Follow by Atom feed"),
    ("ics.name_all", "Jadwal sidang {commission}", "{commission} hearing schedule"),
    ("ics.name_of", "Jadwal sidang {what}", "Hearings of {what}"),
    ("ics.description", "Sidang sengketa informasi publik yang dijadwalkan {commission}; perubahan jadwal diperbarui otomatis.", "Public information dispute hearings scheduled by {commission}; changes update automatically."),
    ("ics.local_time", "Waktu setempat", "Local time"),
    ("ics.openness", "Sifat sidang", "Openness"),
    ("ics.state", "Keadaan", "State"),
    ("ics.subscribe", "Tambahkan ke kalender", "Add to your calendar"),
    ("ics.help", "Salin alamat ini ke aplikasi kalender Anda (\"berlangganan\" atau \"tambah dari URL\"): sidang baru, penundaan, dan pembatalan muncul sendiri.", "Copy this address into your calendar app (\"subscribe\" or \"add from URL\"): new hearings, postponements and cancellations appear by themselves."),
    ("stats.heading", "Statistik sengketa informasi", "Information dispute statistics"),
    ("stats.intro", "Dihitung dari register yang telah diregistrasi. Setiap grafik disertai tabel angkanya.", "Counted from registered disputes. Each chart comes with a table of its numbers."),
    ("stats.as_of", "Angka per {when}; register besar dihitung ulang setiap beberapa menit.", "Figures as of {when}; a large register is counted again every few minutes."),
    ("stats.total", "Sengketa teregistrasi", "Registered disputes"),
    ("stats.count", "Jumlah", "Count"),
    ("stats.year", "Tahun", "Year"),
    ("stats.per_year", "Sengketa per tahun registrasi", "Disputes per year of registration"),
    ("stats.per_body", "Badan publik dengan sengketa terbanyak", "Public bodies with the most disputes"),
    ("stats.outcomes", "Putusan menurut amar", "Decisions by outcome"),
    ("stats.ground", "Pasal 17 huruf", "Pasal 17 letter"),
    ("stats.grounds_claimed", "Alasan pengecualian yang diklaim (per informasi)", "Exemption grounds claimed (per item)"),
    ("stats.grounds_heading", "Alasan pengecualian: diklaim dan terbukti", "Exemption grounds: claimed and upheld"),
    ("stats.claimed", "Diklaim", "Claimed"),
    ("stats.ruled", "Sudah diputus", "Ruled on"),
    ("stats.held", "Dikuatkan Majelis", "Upheld by the panel"),
    ("stats.held_share", "Dikuatkan dari yang diputus", "Upheld of those ruled on"),
    ("stats.spans", "Waktu dari registrasi sampai putusan (hari kerja)", "Time from registration to decision (working days)"),
    ("stats.working_days", "Hari kerja", "Working days"),
    ("stats.limit", "Batas 100 hari kerja: {within} dari {decided} putusan di dalam batas; median {median} hari kerja.", "The 100-working-day limit: {within} of {decided} decisions within it; median {median} working days."),
    ("stats.overdue", "Sekarang: {overdue} dari {running} sengketa yang berjalan melewati tenggat.", "Now: {overdue} of {running} running disputes are past a deadline."),
    ("stats.data", "Data terbuka", "Open data"),
    ("bad.limit", "Batas jumlah per halaman harus 1 sampai 500.", "The page size must be 1 to 500."),
    ("bad.date", "Tanggal tidak terbaca; gunakan TTTT-BB-HH.", "Unreadable date; use YYYY-MM-DD."),
    ("bad.range", "Rentang tanggal tidak sah (paling panjang 366 hari).", "Invalid date range (at most 366 days)."),
    ("subscribe.heading", "Berlangganan", "Subscribe"),
    ("feed.help", "pembaca umpan menampilkan setiap perubahan status, sidang, dan putusan.", "a feed reader shows every change of status, hearing and decision."),
    ("data.exports", "Unduh", "Download"),
    ("data.exports_help", "semua register, informasi yang diminta (klaim dan temuan), dan sidang; tambahkan filter daftar (mis. ?status=decided) untuk menyaring.", "every register, requested items (claims and findings) and hearings; add the list's filters (e.g. ?status=decided) to narrow them."),
    ("data.api", "API JSON", "JSON API"),
    ("data.feeds", "Umpan dan kalender", "Feeds and calendars"),
    ("nav.statistics", "Statistik", "Statistics"),
    ("signup.heading", "Daftar sebagai pemohon", "Sign up as a petitioner"),
    ("signup.intro", "Dengan akun, Anda mengajukan sengketa informasi secara daring dan mengikutinya sampai putusan. Alamat email diverifikasi sebelum pengajuan.", "With an account you file information disputes online and follow them to the decision. Your email address is verified before you file."),
    ("signup.name", "Nama lengkap", "Full name"),
    ("signup.submit", "Daftar", "Sign up"),
    ("signup.have_account", "Sudah punya akun? Masuk", "Have an account? Sign in"),
    ("signup.need_name", "Isi nama Anda.", "Enter your name."),
    ("signup.check_heading", "Periksa email Anda", "Check your email"),
    ("signup.check_text", "Kami mengirim tautan ke alamat itu. Buka tautan untuk memverifikasi alamat; tautan berlaku 72 jam dan hanya sekali.", "We sent a link to that address. Open it to verify the address; it works once, for 72 hours."),
    ("signup.verified_heading", "Alamat terverifikasi", "Address verified"),
    ("signup.verified_text", "Terima kasih. Anda sekarang dapat mengajukan sengketa.", "Thank you. You can now file a dispute."),
    ("signup.link_heading", "Tautan tidak berlaku", "Link not valid"),
    ("signup.link_bad", "Tautan ini tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta tautan baru.", "This link is unknown, already used or expired. Ask for a new one."),
    ("signup.resend", "Kirim ulang tautan verifikasi", "Send the verification link again"),
    ("signup.unverified", "Alamat email Anda belum diverifikasi. Pengajuan baru dapat dikirim setelah verifikasi.", "Your email address is not verified yet. You can file once it is."),
    ("reset.heading", "Atur ulang kata sandi", "Reset your password"),
    ("reset.intro", "Masukkan alamat email akun Anda. Kami mengirim tautan yang berlaku satu jam dan hanya sekali.", "Enter your account's email address. We send a link that works once, for one hour."),
    ("reset.send", "Kirim tautan", "Send the link"),
    ("reset.sent", "Bila alamat itu memiliki akun, tautan untuk mengatur ulang kata sandi telah dikirim.", "If that address has an account, a link to reset the password is on its way."),
    ("reset.submit", "Simpan kata sandi baru", "Save the new password"),
    ("reset.done", "Kata sandi diganti. Semua sesi lama diakhiri; silakan masuk.", "Password changed. Every earlier session has ended; please sign in."),
    ("reset.forgot", "Lupa kata sandi?", "Forgot your password?"),
    ("mail.held_back", "Sudah cukup banyak email dikirim ke alamat ini dalam satu jam terakhir, jadi kali ini tidak ada yang dikirim. Tautan terbaru yang sudah Anda terima tetap berlaku; bila perlu tautan baru, coba lagi satu jam lagi.", "Enough emails have gone to this address in the last hour, so nothing was sent this time. The newest link you already received still works; if you need a new one, try again in an hour."),
    ("account.email_heading", "Ganti alamat email", "Change email address"),
    ("account.new_email", "Alamat email baru", "New email address"),
    ("account.email_sent", "Kami mengirim tautan konfirmasi ke alamat baru. Alamat berganti setelah tautan dibuka.", "We sent a confirmation link to the new address. The address changes once the link is opened."),
    ("account.email_changed", "Alamat email diganti dan terverifikasi.", "Email address changed and verified."),
    ("account.email_taken", "Alamat itu sudah dipakai akun lain.", "That address belongs to another account."),
    ("account.verify.subject", "Verifikasi alamat email Anda", "Verify your email address"),
    ("account.verify.text", "Anda (atau seseorang) mendaftar dengan alamat ini. Buka tautan untuk memverifikasinya; tautan berlaku 72 jam.", "You (or someone) signed up with this address. Open the link to verify it; it works for 72 hours."),
    ("account.verify.link", "Verifikasi", "Verify"),
    ("account.exists.subject", "Alamat ini sudah memiliki akun", "This address already has an account"),
    ("account.exists.text", "Seseorang mencoba mendaftar dengan alamat ini, tetapi alamat ini sudah memiliki akun. Bila lupa kata sandi, aturlah ulang.", "Someone tried to sign up with this address, but it already has an account. If you forgot the password, reset it."),
    ("account.exists.link", "Atur ulang kata sandi", "Reset the password"),
    ("account.reset.subject", "Atur ulang kata sandi", "Reset your password"),
    ("account.reset.text", "Buka tautan untuk memilih kata sandi baru. Tautan berlaku satu jam dan hanya sekali. Bila Anda tidak memintanya, abaikan email ini.", "Open the link to choose a new password. It works once, for one hour. If you did not ask for it, ignore this email."),
    ("account.reset.link", "Pilih kata sandi baru", "Choose a new password"),
    ("account.email_change.subject", "Konfirmasi alamat email baru", "Confirm your new email address"),
    ("account.email_change.text", "Buka tautan untuk memakai alamat ini pada akun Anda. Tautan berlaku 24 jam.", "Open the link to use this address for your account. It works for 24 hours."),
    ("account.email_change.link", "Konfirmasi", "Confirm"),
    ("account.mail_lang", "Bahasa email", "Language of emails"),
    ("account.save", "Simpan", "Save"),
    ("account.heading", "Akun saya", "My account"),
    ("account.name", "Nama", "Name"),
    ("account.role", "Peran", "Role"),
    ("account.change_password", "Ganti kata sandi", "Change password"),
    ("account.current_password", "Kata sandi sekarang", "Current password"),
    ("account.new_password", "Kata sandi baru (paling sedikit 10 karakter)", "New password (at least 10 characters)"),
    ("account.confirm_password", "Ulangi kata sandi baru", "Repeat the new password"),
    ("account.logout", "Keluar", "Sign out"),
    ("account.password_changed", "Kata sandi diganti. Sesi di perangkat lain telah diakhiri.", "Password changed. Sessions on other devices have been ended."),
    ("account.wrong_password", "Kata sandi sekarang salah.", "The current password is wrong."),
    ("account.password_too_short", "Kata sandi paling sedikit 10 karakter.", "The password needs at least 10 characters."),
    ("account.password_too_long", "Kata sandi paling banyak 256 karakter.", "The password may have at most 256 characters."),
    ("account.password_mismatch", "Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
    ("account_role.petitioner", "Pemohon", "Petitioner"),
    ("account_role.staff", "Kepaniteraan", "Registry staff"),
    ("account_role.admin", "Administrator", "Administrator"),
    // Staff pages
    ("staff.dashboard", "Meja kepaniteraan", "Registry desk"),
    ("staff.users", "Akun pengguna", "User accounts"),
    ("staff.waiting", "Permohonan menunggu pemeriksaan kelengkapan", "Applications waiting for the completeness check"),
    ("staff.application", "Permohonan", "Application"),
    ("mail.summary_more", "… dan {more} tenggat lainnya; lihat {url}", "… and {more} more deadlines; see {url}"),
    ("staff.shown_pressing", "Ditampilkan {shown} dari {total}, yang paling mendesak lebih dulu.", "{shown} of {total} shown, the most pressing first."),
    ("staff.shown_oldest", "Ditampilkan {shown} dari {total}, yang paling lama menunggu lebih dulu.", "{shown} of {total} shown, the longest waiting first."),
    ("staff.pressing", "Tenggat dalam 5 hari kerja atau terlewat", "Deadlines within 5 working days or past"),
    ("staff.week", "Sidang tujuh hari ke depan", "Hearings in the next seven days"),
    ("staff.tests_due", "Uji konsekuensi yang belum diserahkan", "Consequence tests not yet submitted"),
    ("staff.nothing", "Tidak ada.", "None."),
    ("staff.public_page", "Halaman publik", "Public page"),
    ("staff.not_public", "Permohonan ini belum diregistrasi dan tidak tampil untuk publik.", "This application is not registered yet and is not shown to the public."),
    ("staff.legal_name", "Nama lengkap", "Full name"),
    ("staff.email", "Email", "Email"),
    ("staff.phone", "Telepon", "Phone"),
    ("staff.address", "Alamat", "Address"),
    ("staff.identity", "Nomor identitas", "Identity number"),
    ("staff.change_status", "Ubah status", "Change the status"),
    ("staff.conflict_heading", "Register ini baru saja diubah orang lain", "Someone else changed this register meanwhile"),
    ("staff.conflict", "Status sekarang: {status} (versi {version}). Isian Anda tidak disimpan tetapi masih ada di formulir; periksa lalu simpan lagi bila masih sesuai.", "Current status: {status} (version {version}). Your input was not saved but is kept in the form; check it and save again if it still applies."),
    ("staff.no_next_status", "Status ini adalah status akhir.", "This status is final."),
    ("staff.to_status", "Status baru", "New status"),
    ("staff.on", "Tanggal berlaku", "Effective date"),
    ("staff.register_number", "Nomor register", "Register number"),
    ("staff.register_number_help", "Diusulkan dari format dan urutan komisi; dapat diubah. Hanya dipakai saat registrasi.", "Proposed from the commission's format and sequence; may be edited. Used only when registering."),
    ("staff.reason", "Alasan (pencabutan, gugur, tidak dapat diterima)", "Reason (withdrawal, lapse, inadmissibility)"),
    ("staff.missing", "Yang belum lengkap", "What is missing"),
    ("staff.court", "Pengadilan (keberatan atau eksekusi)", "Court (appeal or enforcement)"),
    ("staff.public_text", "Keterangan untuk publik", "Text for the public"),
    ("staff.internal_text", "Catatan internal (hanya kepaniteraan)", "Internal note (registry only)"),
    ("staff.save", "Simpan", "Save"),
    ("staff.internal", "Catatan internal", "Internal note"),
    ("staff.choose_status", "Pilih status baru dari daftar.", "Choose the new status from the list."),
    ("staff.number_taken", "Nomor register {number} sudah dipakai register lain.", "Register number {number} is already used by another register."),
    ("staff.user_created", "Akun dibuat.", "Account created."),
    ("staff.inactive", "nonaktif", "inactive"),
    ("staff.new_user", "Akun baru", "New account"),
    ("staff.initial_password", "Kata sandi awal (paling sedikit 10 karakter)", "Initial password (at least 10 characters)"),
    ("staff.create_user", "Buat akun", "Create the account"),
    ("staff.need_name", "Isi nama.", "Enter a name."),
    ("staff.need_role", "Pilih peran.", "Choose a role."),
    ("staff.email_taken", "Alamat email ini sudah dipakai akun lain.", "This email address is already used by another account."),
    ("staff.audit", "Riwayat perubahan data", "Change history"),
    ("staff.audit_when", "Waktu dan petugas", "When and who"),
    ("staff.audit_field", "Data", "Field"),
    ("staff.audit_before", "Sebelum", "Before"),
    ("staff.audit_after", "Sesudah", "After"),
    ("field.status", "Status", "Status"),
    ("field.status_since", "Status berlaku sejak", "Status in force since"),
    ("field.number", "Nomor register", "Register number"),
    ("field.registered_on", "Tanggal registrasi", "Registration date"),
    ("field.subject", "Pokok permohonan", "Subject"),
    ("field.claimed_classification", "Klaim termohon", "Respondent's claim"),
    ("field.outcome", "Amar", "Outcome"),
    ("field.decision_number", "Nomor putusan", "Decision number"),
    ("field.decided_on", "Tanggal putusan", "Decision date"),
    ("field.disclosure_due_on", "Batas pelaksanaan putusan", "Disclosure due"),
    ("hearing.new", "Jadwalkan sidang", "Schedule a hearing"),
    ("hearing.edit", "Sidang", "Hearing"),
    ("hearing.date", "Tanggal", "Date"),
    ("hearing.kind", "Agenda", "Agenda"),
    ("hearing.state", "Keadaan", "State"),
    ("hearing.save", "Simpan sidang", "Save the hearing"),
    ("hearing.change_state", "Catat keadaan sidang", "Record what became of the hearing"),
    ("hearing.to_state", "Keadaan baru", "New state"),
    ("hearing.reason_help", "Wajib untuk penundaan dan pembatalan; tampil untuk publik.", "Required to postpone or cancel; shown to the public."),
    ("hearing.new_date", "Tanggal baru (bila penundaan sudah dijadwalkan ulang)", "New date (when the postponed hearing is already rescheduled)"),
    ("hearing.new_time", "Jam baru", "New time"),
    ("hearing.attendance", "Kehadiran", "Attendance"),
    ("hearing.record", "Catat", "Record"),
    ("hearing.bad_date", "Tanggal sidang tidak sah; gunakan TTTT-BB-HH.", "The hearing date is not valid; use YYYY-MM-DD."),
    ("hearing.bad_time", "Jam sidang tidak sah; gunakan JJ:MM, dan isi tanggal serta jam baru bersama-sama.", "The hearing time is not valid; use HH:MM, and give a new date and time together."),
    ("hearing.bad_kind", "Pilih agenda sidang.", "Choose the agenda."),
    ("hearing.bad_openness", "Pilih sifat sidang.", "Choose whether the hearing is open."),
    ("hearing.no_registers", "Pilih paling sedikit satu register.", "Choose at least one register."),
    ("hearing.not_registered", "Sidang hanya dapat dijadwalkan untuk register yang sudah diregistrasi; periksa kelengkapan permohonan dan registrasikan dulu.", "Hearings can only be scheduled for registered registers; check the application and register it first."),
    ("hearing.bad_state", "Perubahan keadaan ini tidak dapat dilakukan.", "That change of state is not possible."),
    ("hearing.needs_reason", "Penundaan atau pembatalan memerlukan alasan.", "Postponing or cancelling needs a reason."),
    ("test.ordered_text", "Majelis memerintahkan uji konsekuensi atas informasi {list}.", "The panel ordered a consequence test of items {list}."),
    ("test.submitted_text", "Termohon menyerahkan uji konsekuensi.", "The respondent submitted its consequence test."),
    ("test.examined_text", "Majelis memeriksa uji konsekuensi.", "The panel examined the consequence test."),
    ("test.accepted_text", "Majelis menerima uji konsekuensi: {assessment}", "The panel accepted the consequence test: {assessment}"),
    ("test.rejected_text", "Majelis menolak uji konsekuensi: {assessment}", "The panel rejected the consequence test: {assessment}"),
    ("test.repeat_text", "Majelis memerintahkan uji konsekuensi ulang: {assessment}", "The panel ordered the consequence test repeated: {assessment}"),
    ("followup.complied_text", "Termohon melaksanakan putusan ({date}).", "The respondent complied with the decision ({date})."),
    ("followup.not_complied_text", "Termohon belum melaksanakan putusan per {date}.", "The respondent had not complied with the decision as of {date}."),
    ("followup.due_text", "Batas pelaksanaan putusan: {date}.", "Deadline to comply with the decision: {date}."),
    ("hearing.scheduled_text", "Sidang dijadwalkan: {hearing}.", "Hearing scheduled: {hearing}."),
    ("staff.hearings", "Sidang register ini", "Hearings of this register"),
    ("application.heading", "Terima permohonan di loket", "Receive an application at the desk"),
    ("application.intro", "Untuk permohonan yang diajukan langsung atau lewat pos: kepaniteraan mengisinya atas nama pemohon.", "For applications handed in or posted: the registry enters them for the petitioner."),
    ("application.new", "Terima permohonan baru", "Receive a new application"),
    ("application.kind", "Jenis pemohon", "Kind of petitioner"),
    ("application.display_name", "Nama yang ditampilkan untuk publik", "Name shown to the public"),
    ("application.display_name_help", "Untuk perorangan cukup inisial; nama lengkap, kontak, dan nomor identitas tidak pernah tampil untuk publik.", "Initials are enough for a person; the full name, contact and identity number never appear publicly."),
    ("application.dispute", "Sengketa", "Dispute"),
    ("application.items_help", "Satu informasi per baris.", "One piece of information per line."),
    ("application.save", "Simpan permohonan", "Save the application"),
    ("application.need_kind", "Pilih jenis pemohon.", "Choose the kind of petitioner."),
    ("application.need_names", "Isi nama yang ditampilkan dan nama lengkap pemohon.", "Enter the public name and the full name of the petitioner."),
    ("application.need_respondent", "Pilih termohon.", "Choose the respondent."),
    ("application.need_subject", "Isi pokok permohonan.", "Enter the subject."),
    ("application.bad_date", "Tanggal tidak sah; gunakan TTTT-BB-HH. Tanggal diterima wajib diisi.", "A date is not valid; use YYYY-MM-DD. The date received is required."),
    ("application.need_items", "Sebutkan paling sedikit satu informasi yang diminta.", "List at least one requested piece of information."),
    ("application.entered_on_paper", "Permohonan diterima di loket dan dimasukkan oleh kepaniteraan.", "Application received at the desk and entered by the registry."),
    ("field.item_description", "Informasi yang diminta", "Requested item"),
    ("field.item_claim", "Klaim atas informasi", "Claim on an item"),
    ("field.item_finding", "Temuan atas informasi", "Finding on an item"),
    ("items.heading", "Informasi yang diminta: klaim dan temuan", "Requested items: claims and findings"),
    ("items.edit", "Ubah informasi, klaim, dan temuan", "Edit items, claims and findings"),
    ("items.description", "Informasi", "Information"),
    ("items.form", "Bentuk yang diminta", "Requested form"),
    ("items.ground", "Dasar pengecualian (Pasal 17)", "Exemption ground (Pasal 17)"),
    ("items.withheld", "Yang dikecualikan (bila terbuka sebagian)", "What is withheld (when partly open)"),
    ("items.note", "Catatan temuan", "Note on the finding"),
    ("items.conflict", "Isian Anda tidak disimpan tetapi masih ada di formulir; periksa lalu simpan lagi.", "Your input was not saved but is kept in the form; check it and save again."),
    ("items.add", "Tambah informasi", "Add an item"),
    ("items.save", "Simpan informasi", "Save the items"),
    ("item.needs_description", "Informasi tidak boleh kosong.", "An item cannot be empty."),
    ("item.ground_without_exemption", "Dasar pengecualian hanya untuk klaim dikecualikan.", "An exemption ground belongs to an exemption claim only."),
    ("item.partly_open_needs_withheld", "Temuan terbuka sebagian harus menyebut apa yang dikecualikan.", "A partly open finding must state what is withheld."),
    ("test.order", "Perintahkan uji konsekuensi", "Order a consequence test"),
    ("test.to_state", "Catat tahap berikutnya", "Record the next step"),
    ("test.repeat_due", "Sidang untuk uji ulang (bila diperintahkan)", "Hearing for the repeat test (when ordered)"),
    ("test.needs_items", "Pilih informasi yang diuji.", "Choose the items the test covers."),
    ("test.needs_date", "Isi tanggalnya.", "Enter the date."),
    ("test.needs_assessment", "Penilaian majelis wajib diisi.", "The panel's assessment is required."),
    ("test.not_allowed", "Tahap ini tidak dapat mengikuti tahap sekarang.", "That step cannot follow the current one."),
    ("staff.tests", "Uji konsekuensi", "Consequence tests"),
    ("calendar.heading", "Kalender hari libur", "Holiday calendar"),
    ("calendar.intro", "Hari kerja adalah Senin sampai Jumat dikurangi hari di tabel ini. Setiap perubahan langsung berlaku untuk semua tenggat yang berjalan.", "Working days are Monday to Friday minus the days in this table. Every change applies at once to every running deadline."),
    ("calendar.changed", "Terakhir diubah {when} UTC oleh {who}.", "Last changed {when} UTC by {who}."),
    ("calendar.years", "Tahun", "Years"),
    ("calendar.kind", "Jenis", "Kind"),
    ("calendar.remove", "Hapus", "Remove"),
    ("calendar.add", "Tambah atau ubah hari libur", "Add or change a holiday"),
    ("calendar.import", "Ganti kalender tahun ini dari berkas CSV", "Replace this year's calendar from a CSV file"),
    ("calendar.import_help", "Kolom: date,name,kind (tanggal TTTT-BB-HH; jenis national atau collective_leave). Semua hari tahun ini diganti isi berkas; bila satu baris salah, tidak ada yang diubah.", "Columns: date,name,kind (date YYYY-MM-DD; kind national or collective_leave). Every day of this year is replaced by the file; if one line is wrong, nothing changes."),
    ("calendar.file", "Berkas CSV", "CSV file"),
    ("calendar.empty_year", "Belum ada hari libur untuk tahun ini: tenggat yang melewati tahun ini hanya melewati akhir pekan.", "No holiday for this year yet: deadlines across it skip weekends only."),
    ("calendar.csv_line", "Baris {line}: {problem}", "Line {line}: {problem}"),
    ("calendar.csv_unreadable", "Berkas tidak dapat dibaca sebagai teks CSV (UTF-8, paling besar 64 KB).", "The file cannot be read as CSV text (UTF-8, at most 64 KB)."),
    ("calendar.csv_bad_date", "tanggal tidak sah; gunakan TTTT-BB-HH.", "invalid date; use YYYY-MM-DD."),
    ("calendar.csv_wrong_year", "tanggal di luar tahun yang diganti.", "the date is outside the year being replaced."),
    ("calendar.csv_no_name", "nama hari libur kosong.", "the holiday has no name."),
    ("calendar.csv_bad_kind", "jenis harus national atau collective_leave.", "the kind must be national or collective_leave."),
    ("calendar.csv_duplicate", "tanggal ini sudah ada di baris sebelumnya.", "this date is already on an earlier line."),
    ("calendar.csv_empty", "Berkas tidak memuat satu hari libur pun.", "The file holds no holiday."),
    ("reg.calendar_used", "Dihitung dengan kalender hari libur yang berlaku sekarang.", "Computed with the holiday calendar as it stands now."),
    ("reg.calendar_changed", "Kalender terakhir diubah {when} UTC.", "The calendar was last changed {when} UTC."),
    ("bodies.heading", "Badan publik", "Public bodies"),
    ("bodies.new", "Badan publik baru", "New public body"),
    ("bodies.edit", "Ubah badan publik", "Edit the public body"),
    ("bodies.short_name", "Singkatan", "Short name"),
    ("bodies.kind", "Jenis badan publik", "Kind of body"),
    ("bodies.region", "Wilayah", "Region"),
    ("bodies.notice_emails", "Alamat email pemberitahuan", "Notice email addresses"),
    ("bodies.notice_help", "Pisahkan dengan koma atau baris baru. Tidak tampil untuk publik.", "Separate with commas or new lines. Not shown to the public."),
    ("bodies.need_names", "Isi nama dan singkatan.", "Enter the name and the short name."),
    ("bodies.bad_email", "Salah satu alamat email tidak sah.", "One of the email addresses is not valid."),
    ("followup.heading", "Pelaksanaan putusan", "Carrying out the decision"),
    ("followup.compliance", "Dilaksanakan termohon?", "Carried out by the respondent?"),
    ("followup.compliance_on", "Per tanggal", "As of"),
    ("followup.not_decided", "Pelaksanaan hanya dapat dicatat setelah ada putusan.", "Compliance can be recorded only once there is a decision."),
    ("followup.needs_date", "Isi keadaan pelaksanaan beserta tanggalnya.", "Give the state of compliance together with its date."),
    ("followup.conflict", "Register ini baru saja diubah orang lain; periksa lalu simpan lagi.", "Someone else changed this register meanwhile; check it and save again."),
    ("compliance.complied", "Dilaksanakan", "Carried out"),
    ("compliance.not_complied", "Belum dilaksanakan", "Not carried out"),
    ("reg.compliance", "Pelaksanaan oleh termohon", "Compliance by the respondent"),
    ("field.compliance", "Pelaksanaan putusan", "Compliance"),
    ("field.compliance_on", "Tanggal pelaksanaan", "Compliance as of"),
    ("field.hearing", "Sidang", "Hearing"),
    ("field.test", "Uji konsekuensi", "Consequence test"),
    ("mail.status_subject", "{number}: {status}", "{number}: {status}"),
    ("mail.status_changed", "Status berubah", "Status changed"),
    ("mail.missing", "Yang perlu dilengkapi", "What is missing"),
    ("mail.read_more", "Halaman register", "The register's page"),
    ("staff.mail", "Email", "Email"),
    ("staff.mail_heading", "Email yang dikirim", "Email sent"),
    ("staff.mail_to", "Kepada", "To"),
    ("staff.mail_state", "Keadaan", "State"),
    ("staff.mail_resend", "Kirim ulang", "Send again"),
    ("mail_state.pending", "Menunggu", "Waiting"),
    ("mail_state.sending", "Sedang dikirim", "Sending"),
    ("mail_state.sent", "Terkirim", "Sent"),
    ("mail_state.dead", "Gagal", "Failed"),
    ("staff.mail_not_dead", "Hanya email yang gagal dapat dikirim ulang.", "Only failed email can be sent again."),
    ("mail.confirm_subject", "Konfirmasi: mengikuti {what}", "Confirm: follow {what}"),
    ("mail.confirm_text", "Seseorang (semoga Anda) meminta kabar lewat email tentang:", "Someone (we hope you) asked for email news about:"),
    ("mail.confirm_link", "Konfirmasi", "Confirm"),
    ("mail.confirm_ignore", "Bila bukan Anda, abaikan email ini: tanpa konfirmasi tidak ada email lain yang dikirim, dan permintaan ini hapus sendiri setelah 7 hari.", "If it was not you, ignore this email: without confirmation nothing else is sent, and the request lapses after 7 days."),
    ("mail.unsubscribe", "Berhenti mengikuti", "Stop following"),
    ("follow.heading", "Ikuti lewat email", "Follow by email"),
    ("follow.help", "Kabar setiap perubahan status dikirim ke email Anda. Tanpa akun; alamat Anda tidak ditampilkan.", "News of every change of status goes to your email. No account needed; your address is never shown."),
    ("follow.email", "Alamat email", "Email address"),
    ("follow.submit", "Ikuti", "Follow"),
    ("follow.sent_heading", "Periksa email Anda", "Check your email"),
    ("follow.sent_text", "Kami mengirim tautan konfirmasi. Kabar baru dikirim setelah Anda mengonfirmasi.", "We sent a confirmation link. News is sent once you confirm."),
    ("follow.confirmed_heading", "Anda mengikuti", "You are following"),
    ("follow.confirmed_text", "Kabar berikutnya akan dikirim ke email Anda. Setiap email memuat tautan untuk berhenti.", "The next news goes to your email. Every email has a link to stop."),
    ("follow.expired", "Tautan ini tidak berlaku lagi: permintaan yang tidak dikonfirmasi dalam 7 hari dihapus. Silakan minta lagi.", "This link is no longer valid: requests not confirmed within 7 days are removed. Please ask again."),
    ("follow.unsubscribe_heading", "Berhenti mengikuti", "Stop following"),
    ("follow.unsubscribe_text", "Tekan tombol untuk berhenti menerima email ini.", "Press the button to stop these emails."),
    ("follow.unsubscribed", "Anda tidak lagi mengikuti. Tidak ada email lagi yang dikirim untuk ini.", "You no longer follow. No more email is sent for this."),
    ("follow.bad_email", "Alamat email tidak sah.", "That is not a valid email address."),
    ("follow.back", "Kembali", "Back"),
    ("follow.manage_heading", "Kabar email Anda", "Your email news"),
    ("follow.manage_text", "Yang diikuti oleh {email}. Berhenti per baris; tanpa akun.", "What {email} follows. Stop any line; no account needed."),
    ("follow.this_one", "tautan di email ini", "the link in this email"),
    ("follow.as_account", "Ikuti dengan {email}", "Follow as {email}"),
    ("application.mail_lang", "Bahasa email pemohon", "Language of the petitioner's emails"),
    ("follow.mode_legend", "Kirim email", "Send email"),
    ("follow.mode_immediate", "setiap ada kabar", "as each change happens"),
    ("follow.mode_digest", "sebagai ringkasan harian", "as a daily digest"),
    ("follow.to_digest", "Ganti ke ringkasan harian", "Switch to a daily digest"),
    ("follow.to_immediate", "Ganti ke email setiap ada kabar", "Switch to an email for each change"),
    ("mail.reminder_kind", "Pengingat sidang", "Hearing reminder"),
    ("mail.digest_subject", "Ringkasan harian sengketa informasi, {date}", "Daily digest of information disputes, {date}"),
    ("mail.digest_manage", "Atur atau hentikan email ini", "Manage or stop these emails"),
    ("mail.hearing_reminder", "Pengingat: {hearing} pada {when}.", "Reminder: {hearing} on {when}."),
    ("mail.summary_subject", "Tenggat kepaniteraan {date}", "Registry deadlines {date}"),
    ("mail.summary_overdue", " (terlambat)", " (overdue)"),
    ("bad.form", "Formulir tidak lengkap atau tidak sah. Muat ulang halaman lalu coba lagi.", "The form is incomplete or invalid. Reload the page and try again."),
    ("transition.terminal", "Status {from} adalah status akhir; tidak ada perubahan lagi.", "{from} is a final status; nothing can follow it."),
    ("transition.not_allowed", "Dari {from} register tidak dapat berpindah ke {to}.", "A register cannot move from {from} to {to}."),
    ("transition.missing_date", "Isi tanggal berlaku.", "Enter the effective date."),
    ("transition.before_current_status", "Tanggal tidak boleh sebelum status sekarang berlaku ({since}).", "The date cannot precede the current status, in force since {since}."),
    ("transition.needs_register_number", "Registrasi memerlukan nomor register.", "Registration needs a register number."),
    ("transition.needs_outcome", "Putusan memerlukan amar: dikabulkan seluruhnya, sebagian, atau ditolak.", "A decision needs an outcome: granted in full, in part, or rejected."),
    ("transition.outcome_not_allowed", "Amar ini tidak sesuai dengan perubahan status ini.", "That outcome does not fit this change of status."),
    ("transition.needs_decision_number", "Isi nomor putusan.", "Enter the decision number."),
    ("transition.needs_reason", "Isi alasannya.", "Enter the reason."),
    ("transition.needs_missing", "Sebutkan apa yang belum lengkap.", "Say what is missing."),
    ("transition.needs_court", "Isi nama pengadilan.", "Enter the court."),
    // Deadline rules
    ("rule.filing_window", "Batas pengajuan sengketa", "Filing window"),
    ("rule.registration", "Registrasi permohonan", "Registration of the application"),
    ("rule.completion", "Pelengkapan permohonan oleh pemohon", "Completion of the application by the petitioner"),
    ("rule.proceedings_start", "Dimulainya penyelesaian sengketa", "Start of proceedings"),
    ("rule.settlement", "Penyelesaian sengketa", "Settlement of the dispute"),
    ("rule.mediation", "Mediasi", "Mediation"),
    ("rule.mediation_extension", "Perpanjangan mediasi", "Mediation extension"),
    ("rule.decision_copies", "Salinan putusan kepada para pihak", "Copies of the decision to the parties"),
    ("rule.appeal_window", "Batas keberatan ke pengadilan", "Appeal window"),
    ("unit.working_days", "hari kerja", "working days"),
    ("unit.calendar_days", "hari", "days"),
    ("start_reason.objection_answered", "tanggapan atas keberatan diterima", "the answer to the objection was received"),
    ("start_reason.objection_unanswered", "atasan PPID tidak menanggapi keberatan dalam 30 hari kerja", "the PPID's superior did not answer the objection within 30 working days"),
    ("start_reason.received", "permohonan sengketa diterima", "the dispute application was received"),
    ("start_reason.marked_incomplete", "pemohon diberi tahu bahwa permohonan belum lengkap", "the petitioner was told the application is incomplete"),
    ("start_reason.registered", "permohonan diregistrasi", "the application was registered"),
    ("start_reason.mediation_started", "mediasi dimulai", "mediation started"),
    ("start_reason.decision_read", "putusan dibacakan", "the decision was read"),
    ("holiday_kind.national", "libur nasional", "national holiday"),
    ("holiday_kind.collective_leave", "cuti bersama", "collective leave"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadlines::{Rule, StartReason, Unit};
    use crate::domain::kinds::*;
    use crate::domain::status::{Outcome, Status};

    #[test]
    fn every_entry_has_both_languages_and_keys_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for (key, id, en) in ENTRIES {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(
                !id.trim().is_empty() && !en.trim().is_empty(),
                "{key} lacks a language"
            );
        }
    }

    #[test]
    fn every_domain_code_has_a_label() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(Status::ALL.iter().map(|s| format!("status.{}", s.code())));
        keys.extend(
            Status::ALL
                .iter()
                .map(|s| format!("status_help.{}", s.code())),
        );
        keys.extend(Outcome::ALL.iter().map(|s| format!("outcome.{}", s.code())));
        keys.extend(Track::ALL.iter().map(|s| format!("track.{}", s.code())));
        keys.extend(
            PetitionerKind::ALL
                .iter()
                .map(|s| format!("petitioner_kind.{}", s.code())),
        );
        keys.extend(Claim::ALL.iter().map(|s| format!("claim.{}", s.code())));
        keys.extend(Finding::ALL.iter().map(|s| format!("finding.{}", s.code())));
        keys.extend(
            ExemptionGround::ALL
                .iter()
                .map(|s| format!("ground.{}", s.code())),
        );
        keys.extend(
            ObjectionGround::ALL
                .iter()
                .map(|s| format!("objection.{}", s.code())),
        );
        keys.extend(PanelRole::ALL.iter().map(|s| format!("role.{}", s.code())));
        keys.extend(
            HearingKind::ALL
                .iter()
                .map(|s| format!("hearing_kind.{}", s.code())),
        );
        keys.extend(
            Openness::ALL
                .iter()
                .map(|s| format!("openness.{}", s.code())),
        );
        keys.extend(
            HearingState::ALL
                .iter()
                .map(|s| format!("hearing_state.{}", s.code())),
        );
        keys.extend(
            Compliance::ALL
                .iter()
                .map(|s| format!("compliance.{}", s.code())),
        );
        keys.extend(
            TestState::ALL
                .iter()
                .map(|s| format!("test_state.{}", s.code())),
        );
        keys.extend(EventKind::ALL.iter().map(|s| format!("event.{}", s.code())));
        keys.extend(Rule::ALL.iter().map(|s| format!("rule.{}", s.code())));
        keys.extend(
            crate::domain::access::Role::ALL
                .iter()
                .map(|s| format!("account_role.{}", s.code())),
        );
        use crate::domain::status::TransitionError as E;
        let s = Status::Received;
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        for e in [
            E::Terminal { from: s },
            E::NotAllowed { from: s, to: s },
            E::MissingDate,
            E::BeforeCurrentStatus { on: d, since: d },
            E::NeedsRegisterNumber,
            E::NeedsOutcome,
            E::OutcomeNotAllowed {
                outcome: Outcome::Lapsed,
            },
            E::NeedsDecisionNumber,
            E::NeedsReason,
            E::NeedsMissing,
            E::NeedsCourt,
        ] {
            keys.push(format!("transition.{}", e.code()));
        }
        // Errors whose code is itself the message key.
        use crate::domain::access::PasswordError;
        use crate::domain::consequence::TestChangeError;
        use crate::domain::items::ItemError;
        keys.extend(
            [PasswordError::TooShort, PasswordError::TooLong]
                .iter()
                .map(|e| e.code().to_string()),
        );
        keys.extend(
            [
                TestChangeError::NotAllowed {
                    from: TestState::Ordered,
                    to: TestState::Accepted,
                },
                TestChangeError::NeedsDate,
                TestChangeError::NeedsAssessment,
            ]
            .iter()
            .map(|e| e.code().to_string()),
        );
        keys.extend(
            [
                ItemError::NeedsDescription,
                ItemError::GroundWithoutExemption,
                ItemError::PartlyOpenNeedsWithheld,
            ]
            .iter()
            .map(|e| e.code().to_string()),
        );
        keys.extend(
            [Unit::WorkingDays, Unit::CalendarDays]
                .iter()
                .map(|s| format!("unit.{}", s.code())),
        );
        for r in [
            StartReason::ObjectionAnswered,
            StartReason::ObjectionUnanswered,
            StartReason::Received,
            StartReason::MarkedIncomplete,
            StartReason::Registered,
            StartReason::MediationStarted,
            StartReason::DecisionRead,
        ] {
            keys.push(format!("start_reason.{}", r.code()));
        }
        for key in keys {
            assert!(CATALOGUE.contains_key(key.as_str()), "missing label {key}");
        }
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let mut missing = Vec::new();
        let roots = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
        ];
        let mut files = Vec::new();
        for root in roots {
            collect_files(std::path::Path::new(root), &mut files);
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for marker in [".t(\"", ".fill(\""] {
                for (pos, _) in text.match_indices(marker) {
                    let rest = &text[pos + marker.len()..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if !CATALOGUE.contains_key(key) {
                        missing.push(format!("{}: {key}", file.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without text: {missing:?}");
    }

    fn collect_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "html" || e == "rs")
                && !path.ends_with("i18n.rs")
            {
                out.push(path);
            }
        }
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, id;q=0.8"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn numbers_group_thousands_by_language() {
        assert_eq!(Lang::Id.number(1_000_000), "1.000.000");
        assert_eq!(Lang::En.number(1_000_000), "1,000,000");
        assert_eq!(Lang::Id.number(999), "999");
        assert_eq!(Lang::En.number(1000), "1,000");
        assert_eq!(Lang::Id.number(0), "0");
        assert_eq!(Lang::En.number(-12345), "-12,345");
    }

    #[test]
    fn dates_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 13).unwrap();
        assert_eq!(Lang::Id.date(d), "13 Maret 2024");
        assert_eq!(Lang::En.date(d), "13 March 2024");
        assert_eq!(Lang::Id.weekday(d), "Rabu");
    }
}

//! The database schema, kept by hand in step with both migration sets.

diesel::table! {
    public_bodies (id) {
        id -> Text,
        name -> Text,
        short_name -> Text,
        kind -> Text,
        region -> Text,
        notice_emails -> Text,
        created_at -> Timestamp,
        confirmed -> Bool,
    }
}

diesel::table! {
    petitioners (id) {
        id -> Text,
        kind -> Text,
        display_name -> Text,
        representative_name -> Nullable<Text>,
        legal_name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        address -> Nullable<Text>,
        identity_number -> Nullable<Text>,
        created_at -> Timestamp,
        lang -> Text,
        user_id -> Nullable<Text>,
        deed -> Nullable<Text>,
    }
}

diesel::table! {
    registers (id) {
        id -> Text,
        number -> Nullable<Text>,
        number_seq -> Nullable<Integer>,
        number_month -> Nullable<Integer>,
        number_kind -> Nullable<Text>,
        number_year -> Nullable<Integer>,
        track -> Text,
        subject -> Text,
        petitioner_id -> Text,
        respondent_id -> Text,
        requested_on -> Nullable<Date>,
        ppid_answered_on -> Nullable<Date>,
        objected_on -> Nullable<Date>,
        objection_answered_on -> Nullable<Date>,
        received_on -> Date,
        registered_on -> Nullable<Date>,
        objection_grounds -> Text,
        status -> Text,
        status_since -> Date,
        claimed_classification -> Text,
        outcome -> Nullable<Text>,
        decision_number -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        disclosure_due_on -> Nullable<Date>,
        version -> Integer,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        compliance -> Nullable<Text>,
        compliance_on -> Nullable<Date>,
    }
}

diesel::table! {
    register_filings (register_id) {
        register_id -> Text,
        request_channel -> Text,
        filed_late -> Bool,
        timeliness -> Text,
        completed_on -> Nullable<Date>,
        completion_note -> Nullable<Text>,
        withdrawal_requested_on -> Nullable<Date>,
        withdrawal_reason -> Nullable<Text>,
    }
}

diesel::table! {
    panel_members (id) {
        id -> Text,
        register_id -> Text,
        name -> Text,
        role -> Text,
        position -> Integer,
    }
}

diesel::table! {
    requested_items (id) {
        id -> Text,
        register_id -> Text,
        position -> Integer,
        description -> Text,
        requested_form -> Text,
        claim -> Text,
        claim_ground -> Nullable<Text>,
        finding -> Text,
        finding_withheld -> Nullable<Text>,
        finding_note -> Nullable<Text>,
    }
}

diesel::table! {
    hearings (id) {
        id -> Text,
        starts_at -> Timestamp,
        time_zone -> Text,
        kind -> Text,
        room -> Text,
        openness -> Text,
        state -> Text,
        state_reason -> Nullable<Text>,
        summary -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        attendance -> Nullable<Text>,
        sequence -> Integer,
    }
}

diesel::table! {
    hearing_registers (hearing_id, register_id) {
        hearing_id -> Text,
        register_id -> Text,
    }
}

diesel::table! {
    consequence_tests (id) {
        id -> Text,
        register_id -> Text,
        state -> Text,
        repeat_of_id -> Nullable<Text>,
        ordered_on -> Nullable<Date>,
        due_hearing_id -> Nullable<Text>,
        submitted_on -> Nullable<Date>,
        examined_on -> Nullable<Date>,
        grounds -> Text,
        harm_argued -> Nullable<Text>,
        public_interest -> Nullable<Text>,
        exemption_period -> Nullable<Text>,
        assessment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consequence_test_items (test_id, item_id) {
        test_id -> Text,
        item_id -> Text,
    }
}

diesel::table! {
    register_events (id) {
        id -> Text,
        register_id -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        occurred_on -> Date,
        recorded_at -> Timestamp,
        actor -> Text,
        public_text -> Nullable<Text>,
        internal_text -> Nullable<Text>,
        missing -> Nullable<Text>,
    }
}

diesel::table! {
    holidays (date) {
        date -> Date,
        name -> Text,
        kind -> Text,
    }
}

diesel::table! {
    deadline_rules (track, rule) {
        track -> Text,
        rule -> Text,
        amount -> Integer,
        unit -> Text,
    }
}

diesel::table! {
    app_meta (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
        password_changed_at -> Timestamp,
        email_verified_at -> Nullable<Timestamp>,
        lang -> Text,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        new_email -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    drafts (id) {
        id -> Text,
        user_id -> Text,
        data -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_id -> Text,
        draft_id -> Nullable<Text>,
        register_id -> Nullable<Text>,
        kind -> Text,
        filename -> Text,
        content_type -> Text,
        size -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    user_sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    register_changes (id) {
        id -> Text,
        register_id -> Text,
        recorded_at -> Timestamp,
        actor -> Text,
        field -> Text,
        before_value -> Nullable<Text>,
        after_value -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        message_id -> Text,
        register_id -> Nullable<Text>,
        recipient -> Text,
        lang -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        unsubscribe_url -> Nullable<Text>,
    }
}

diesel::table! {
    follows (id) {
        id -> Text,
        email -> Text,
        register_id -> Nullable<Text>,
        body_id -> Nullable<Text>,
        lang -> Text,
        token -> Text,
        confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        mode -> Text,
        confirmation_sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_requests (id) {
        id -> Text,
        purpose -> Text,
        recipient -> Text,
        client -> Text,
        requested_at -> Timestamp,
    }
}

diesel::table! {
    notices (id) {
        id -> Text,
        register_id -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        occurred_on -> Date,
        text_id -> Nullable<Text>,
        text_en -> Nullable<Text>,
        created_at -> Timestamp,
        fanned_out_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    digest_entries (id) {
        id -> Text,
        follow_id -> Text,
        notice_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reminders (key) {
        key -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(follows -> registers (register_id));
diesel::joinable!(follows -> public_bodies (body_id));

diesel::joinable!(outbox -> registers (register_id));
diesel::joinable!(notices -> registers (register_id));
diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(drafts -> users (user_id));
diesel::joinable!(register_filings -> registers (register_id));
diesel::joinable!(petitioners -> users (user_id));
diesel::joinable!(attachments -> registers (register_id));
diesel::joinable!(attachments -> drafts (draft_id));
diesel::joinable!(digest_entries -> follows (follow_id));
diesel::joinable!(digest_entries -> notices (notice_id));
diesel::joinable!(register_changes -> registers (register_id));
diesel::joinable!(user_sessions -> users (user_id));
diesel::joinable!(registers -> petitioners (petitioner_id));
diesel::joinable!(registers -> public_bodies (respondent_id));
diesel::joinable!(panel_members -> registers (register_id));
diesel::joinable!(requested_items -> registers (register_id));
diesel::joinable!(hearing_registers -> hearings (hearing_id));
diesel::joinable!(hearing_registers -> registers (register_id));
diesel::joinable!(consequence_tests -> registers (register_id));
diesel::joinable!(consequence_test_items -> consequence_tests (test_id));
diesel::joinable!(consequence_test_items -> requested_items (item_id));
diesel::joinable!(register_events -> registers (register_id));

diesel::table! {
    register_counts (status, year, track) {
        status -> Text,
        year -> Integer,
        track -> Text,
        n -> Integer,
    }
}

diesel::table! {
    register_counts_by_body (respondent_id, status, year, track) {
        respondent_id -> Text,
        status -> Text,
        year -> Integer,
        track -> Text,
        n -> Integer,
    }
}

diesel::table! {
    /// SQLite only: the FTS5 index of `registers.search_text`, by the
    /// register's rowid (PostgreSQL keeps `registers.search_vector`).
    registers_search (rowid) {
        rowid -> BigInt,
        search_text -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    public_bodies,
    petitioners,
    registers,
    panel_members,
    requested_items,
    hearings,
    hearing_registers,
    consequence_tests,
    consequence_test_items,
    register_events,
    holidays,
    deadline_rules,
    app_meta,
    users,
    user_sessions,
    register_changes,
    outbox,
    follows,
    reminders,
    notices,
    digest_entries,
    account_tokens,
    drafts,
    attachments,
    register_filings,
    register_counts,
    register_counts_by_body,
    registers_search,
);

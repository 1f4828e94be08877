-- Public bodies (Badan Publik) that answer disputes.
CREATE TABLE public_bodies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    region TEXT NOT NULL,
    notice_emails TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

-- Petitioners. Only display_name and representative_name are public; the rest is private.
CREATE TABLE petitioners (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('individual', 'legal_entity', 'group')),
    display_name TEXT NOT NULL,
    representative_name TEXT,
    legal_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    address TEXT,
    identity_number TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE registers (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT UNIQUE,
    number_seq INTEGER,
    number_month INTEGER,
    number_kind TEXT,
    number_year INTEGER,
    track TEXT NOT NULL CHECK (track IN ('regular', 'election')),
    subject TEXT NOT NULL,
    petitioner_id TEXT NOT NULL REFERENCES petitioners(id),
    respondent_id TEXT NOT NULL REFERENCES public_bodies(id),
    requested_on DATE,
    ppid_answered_on DATE,
    objected_on DATE,
    objection_answered_on DATE,
    received_on DATE NOT NULL,
    registered_on DATE,
    objection_grounds TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_since DATE NOT NULL,
    claimed_classification TEXT NOT NULL DEFAULT 'undecided',
    outcome TEXT,
    decision_number TEXT,
    decided_on DATE,
    disclosure_due_on DATE,
    version INTEGER NOT NULL DEFAULT 1,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX registers_listing ON registers (registered_on DESC, id DESC);
CREATE INDEX registers_status ON registers (status, registered_on DESC, id DESC);
CREATE INDEX registers_respondent ON registers (respondent_id, registered_on DESC, id DESC);
CREATE INDEX registers_updated ON registers (updated_at DESC);

-- Commissioners and clerks recorded on a register.
CREATE TABLE panel_members (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('chair', 'member', 'mediator', 'substitute_clerk')),
    position INTEGER NOT NULL
);
CREATE INDEX panel_members_register ON panel_members (register_id, position);

CREATE TABLE requested_items (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    description TEXT NOT NULL,
    requested_form TEXT NOT NULL DEFAULT '',
    claim TEXT NOT NULL DEFAULT 'undecided' CHECK (claim IN ('open', 'exempt', 'undecided')),
    claim_ground TEXT,
    finding TEXT NOT NULL DEFAULT 'undecided' CHECK (finding IN ('undecided', 'open', 'partly_open', 'exempt')),
    finding_withheld TEXT,
    finding_note TEXT
);
CREATE INDEX requested_items_register ON requested_items (register_id, position);

CREATE TABLE hearings (
    id TEXT PRIMARY KEY NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    kind TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    openness TEXT NOT NULL CHECK (openness IN ('open', 'closed', 'partly_closed')),
    state TEXT NOT NULL CHECK (state IN ('scheduled', 'held', 'postponed', 'cancelled')),
    state_reason TEXT,
    summary TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX hearings_starts ON hearings (starts_at, id);

-- One hearing can serve several registers.
CREATE TABLE hearing_registers (
    hearing_id TEXT NOT NULL REFERENCES hearings(id) ON DELETE CASCADE,
    register_id TEXT NOT NULL REFERENCES registers(id) ON DELETE CASCADE,
    PRIMARY KEY (hearing_id, register_id)
);
CREATE INDEX hearing_registers_register ON hearing_registers (register_id);

CREATE TABLE consequence_tests (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('ordered', 'submitted', 'examined', 'accepted', 'rejected', 'repeat_ordered')),
    repeat_of_id TEXT REFERENCES consequence_tests(id),
    ordered_on DATE,
    due_hearing_id TEXT REFERENCES hearings(id),
    submitted_on DATE,
    examined_on DATE,
    grounds TEXT NOT NULL DEFAULT '',
    harm_argued TEXT,
    public_interest TEXT,
    exemption_period TEXT,
    assessment TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX consequence_tests_register ON consequence_tests (register_id);

CREATE TABLE consequence_test_items (
    test_id TEXT NOT NULL REFERENCES consequence_tests(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL REFERENCES requested_items(id) ON DELETE CASCADE,
    PRIMARY KEY (test_id, item_id)
);

-- Append-only history of a register.
CREATE TABLE register_events (
    id TEXT PRIMARY KEY NOT NULL,
    register_id TEXT NOT NULL REFERENCES registers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    occurred_on DATE NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    public_text TEXT,
    internal_text TEXT
);
CREATE INDEX register_events_register ON register_events (register_id, occurred_on, recorded_at);

CREATE TABLE holidays (
    date DATE PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('national', 'collective_leave'))
);

-- Deadline rules per track, editable data.
CREATE TABLE deadline_rules (
    track TEXT NOT NULL,
    rule TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    unit TEXT NOT NULL CHECK (unit IN ('working_days', 'calendar_days')),
    PRIMARY KEY (track, rule)
);

CREATE TABLE app_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

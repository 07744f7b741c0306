-- vigie reports schema (PostgreSQL). Keep in step with migrations/sqlite/0002_reports.sql.
-- Clear columns are the coarse metadata DESIGN.md section 2 allows: category, area, status, day of
-- receipt and of last activity, assigned team or person, labels from an admin-defined list. Everything
-- a reporter or a handler writes is in `sealed` columns or in sealed blobs.

-- The team new reports go to when no routing rule matches: a report never goes to nobody.
ALTER TABLE instance ADD COLUMN default_team_id TEXT REFERENCES teams(id);

-- Where a team's digest and urgent alerts go, sealed under the instance secret (an address list the
-- networks would want).
ALTER TABLE teams ADD COLUMN notify_sealed BYTEA;

CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    -- Display number (order of arrival, not a time).
    number BIGINT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    district TEXT NOT NULL,
    status TEXT NOT NULL,
    received_day TEXT NOT NULL,
    last_activity_day TEXT NOT NULL,
    closed_day TEXT,
    team_id TEXT NOT NULL REFERENCES teams(id),
    assignee_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- SHA-256 of the receipt's lookup id, and the KDF parameters that produced it.
    receipt_lookup BYTEA NOT NULL UNIQUE,
    receipt_kdf TEXT NOT NULL,
    reporter_public_key BYTEA NOT NULL,
    -- Messages from the reporter that no handler has opened yet; replies the reporter has not read.
    team_unread BIGINT NOT NULL DEFAULT 0,
    reporter_unread BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX reports_inbox ON reports(team_id, status, number);
CREATE INDEX reports_assignee ON reports(assignee_id, number);
CREATE INDEX reports_retention ON reports(closed_day, last_activity_day);

-- An audience key wrapped for one holder: 'team:<uuid>' (at holder_generation of the team key),
-- 'user:<uuid>', 'receipt' or 'escrow'.
CREATE TABLE report_key_slots (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    holder TEXT NOT NULL,
    holder_generation BIGINT NOT NULL,
    wrapped BYTEA NOT NULL,
    PRIMARY KEY (report_id, audience, holder)
);
CREATE INDEX report_key_slots_holder ON report_key_slots(holder);

-- Sealed parts: the report's content, messages both ways, notes, the identity, file descriptions.
CREATE TABLE report_parts (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    audience TEXT NOT NULL,
    -- The staff author of a message or note; NULL for the reporter.
    author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    day TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    UNIQUE (report_id, seq)
);

-- Sealed files in the blob store: the clean copy and the original of a file part.
CREATE TABLE report_blobs (
    blob_id TEXT PRIMARY KEY,
    part_id TEXT NOT NULL REFERENCES report_parts(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    size BIGINT NOT NULL,
    UNIQUE (part_id, variant)
);

-- Labels: an admin-defined list, clear metadata (filters).
CREATE TABLE labels (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE report_labels (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    label_id TEXT NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    PRIMARY KEY (report_id, label_id)
);

-- Routing: category x arrondissement -> team; NULL matches any. Most specific wins, then position.
CREATE TABLE routing_rules (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    category TEXT,
    district TEXT,
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE
);

-- Reporters' follow-up sessions: the report's id and the receipt holder's secret, sealed together under
-- the cookie's key, so a row does not say which report is being followed. The time is needed for the
-- idle timeout; housekeeping deletes a row 20 minutes after its last use.
CREATE TABLE receipt_sessions (
    id_hash BYTEA PRIMARY KEY,
    sealed BYTEA NOT NULL,
    last_seen_at BIGINT NOT NULL
);

-- Background jobs taken by one instance at a time (retention, digests, sweeps).
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    next_run_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

-- Reporters' audit entries wait here until their day has ended, then join the chain in random order:
-- an entry's place between timed staff entries would otherwise tell when a reporter acted.
CREATE TABLE deferred_audit (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    object TEXT NOT NULL,
    detail TEXT NOT NULL
);

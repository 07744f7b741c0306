-- Victims' files (dossiers, issue 11). Keep in step with migrations/postgres/0010_case_files.sql.
--
-- The unit is the person: a mother and her daughter are two files, which may share a household and
-- an affaire (case_groups). Clear columns are only what lists and jobs need (DESIGN.md section 2):
-- the person's role, status, team and assignee, age band, sex, the day of the next due step, the
-- days it was opened, last in contact and closed, and the consents that jobs act on. Everything a
-- caseworker writes (name, contacts, address, situation, timeline, steps, assessments, consents in
-- detail) is in case_parts, sealed field by field under the file's key; names and the labels of
-- households and affaires are in the team's sealed name index.

CREATE TABLE case_groups (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams(id),
    -- 'household' or 'affaire'; its label is in the team's name index.
    kind TEXT NOT NULL,
    opened_day TEXT NOT NULL
);

CREATE TABLE case_files (
    id TEXT PRIMARY KEY,
    -- Display number (order of opening, not a time).
    number BIGINT NOT NULL UNIQUE,
    team_id TEXT NOT NULL REFERENCES teams(id),
    assignee_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    person_role TEXT NOT NULL,
    status TEXT NOT NULL,
    age_band TEXT NOT NULL,
    sex TEXT NOT NULL,
    household_id TEXT REFERENCES case_groups(id) ON DELETE SET NULL,
    affaire_id TEXT REFERENCES case_groups(id) ON DELETE SET NULL,
    -- The help request the file was opened from (same team): its follow-up code reaches the person.
    help_request_id TEXT REFERENCES reports(id) ON DELETE SET NULL,
    next_due_day TEXT,
    opened_day TEXT NOT NULL,
    last_contact_day TEXT NOT NULL,
    closed_day TEXT,
    outcome TEXT,
    -- What the retention and publication jobs act on; the consents themselves are sealed parts.
    consent_statistics BOOLEAN NOT NULL DEFAULT FALSE,
    consent_sharing BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX case_files_list ON case_files(team_id, status, number);
CREATE INDEX case_files_due ON case_files(team_id, next_due_day);
CREATE INDEX case_files_help ON case_files(help_request_id);

-- The file's key wrapped for the team (at holder_generation of the team key), the escrow key, or a
-- user; one row per generation of the file key.
CREATE TABLE case_key_slots (
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    key_generation BIGINT NOT NULL,
    holder TEXT NOT NULL,
    holder_generation BIGINT NOT NULL,
    wrapped BLOB NOT NULL,
    PRIMARY KEY (file_id, key_generation, holder)
);
CREATE INDEX case_key_slots_holder ON case_key_slots(holder);

-- Sealed parts: one field of the person's details, a timeline entry, a step, an assessment, a
-- consent, a closing note. A field's newest part is its value; older ones are its history.
CREATE TABLE case_parts (
    id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    key_generation BIGINT NOT NULL,
    author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    day TEXT NOT NULL,
    sealed BLOB NOT NULL,
    UNIQUE (file_id, seq)
);

-- One per casework team: the names of its files and the labels of its groups, sealed under a key
-- wrapped for the team's current key generation (never a blind index in clear, which would let the
-- database link two files). `version` makes concurrent writers retry.
CREATE TABLE case_name_index (
    team_id TEXT PRIMARY KEY REFERENCES teams(id),
    version BIGINT NOT NULL,
    team_generation BIGINT NOT NULL,
    wrapped BLOB NOT NULL,
    sealed BLOB NOT NULL
);

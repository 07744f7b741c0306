-- Support groups (ateliers de parole, groupes de soutien, issue 11 item 9). Keep in step with
-- migrations/postgres/0013_support_groups.sql.
--
-- Clear columns are only what lists need: the kind, the capacity, whether the group is open, the
-- session days, who takes part by file (and since which day they consented), attendance, and the
-- anonymous slips' counts. A group's name, theme, place and facilitators, and a session's place and
-- facilitators, are in the team's sealed name index; participants are files, never names; the "not
-- in the same group as" flag between two files is a sealed part of each file.

CREATE TABLE support_groups (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL REFERENCES teams(id),
    -- 'atelier_parole' or 'groupe_soutien'.
    kind TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    is_open BOOLEAN NOT NULL,
    opened_day TEXT NOT NULL
);
CREATE INDEX support_groups_team ON support_groups(team_id);

CREATE TABLE support_sessions (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    day TEXT NOT NULL
);
CREATE INDEX support_sessions_group ON support_sessions(group_id, day);

-- A participant (waiting = FALSE) or someone on the waiting list, in the order they joined (seq).
CREATE TABLE support_members (
    group_id TEXT NOT NULL REFERENCES support_groups(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    waiting BOOLEAN NOT NULL,
    seq BIGINT NOT NULL,
    -- The day the person consented to join (the caseworker records it; no consent, no row).
    consent_day TEXT NOT NULL,
    PRIMARY KEY (group_id, file_id)
);
CREATE INDEX support_members_file ON support_members(file_id);

-- Who came to a session (a row for each participant present).
CREATE TABLE support_attendance (
    session_id TEXT NOT NULL REFERENCES support_sessions(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES case_files(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, file_id)
);

-- The anonymous satisfaction slips of a session: how many answered each score (1 to 5), nothing
-- that links a slip to a file.
CREATE TABLE support_slips (
    session_id TEXT NOT NULL REFERENCES support_sessions(id) ON DELETE CASCADE,
    score BIGINT NOT NULL,
    answers BIGINT NOT NULL,
    PRIMARY KEY (session_id, score)
);

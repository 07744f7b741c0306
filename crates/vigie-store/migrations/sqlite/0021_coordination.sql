-- Coordination (issue 12, items 8 and 9): CLSPD meetings, their sealed minutes, their decisions and
-- actions, and the coordinators' acceptance of the CLSPD charter. Keep in step with
-- migrations/postgres/0021_coordination.sql.
--
-- A meeting's clear columns are what the lists show: its kind (plenary, thematic, restricted), its
-- day (no time), its place, the organisations present (one a line: institutions, never persons),
-- its agenda (checked for names) and the staff accounts who took part (comma-separated). Its
-- minutes are sealed under the meeting's own key, wrapped for each participant's key and the
-- escrow key (coordination_minutes_slots): nobody else opens them.
CREATE TABLE coordination_meetings (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    place TEXT NOT NULL,
    organisations TEXT NOT NULL,
    agenda TEXT NOT NULL,
    participants TEXT NOT NULL,
    minutes BLOB,
    minutes_day TEXT
);
CREATE INDEX coordination_meetings_day ON coordination_meetings (day);

CREATE TABLE coordination_minutes_slots (
    meeting_id TEXT NOT NULL REFERENCES coordination_meetings(id),
    holder TEXT NOT NULL,
    wrapped BLOB NOT NULL,
    PRIMARY KEY (meeting_id, holder)
);

-- A decision and the action it asks for: what (checked for names), the owner organisation, the due
-- day, where it stands, and the STSPD action sheet it answers.
CREATE TABLE coordination_decisions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES coordination_meetings(id),
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_day TEXT NOT NULL,
    status TEXT NOT NULL,
    sheet TEXT
);
CREATE INDEX coordination_decisions_due ON coordination_decisions (status, due_day);

-- Which staff accounts accepted the CLSPD charter, and the day.
CREATE TABLE coordination_charter (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    day TEXT NOT NULL
);

-- Prevention (issue 12, first slice): structures, programmes and sessions. Keep in step with
-- migrations/sqlite/0019_prevention.sql.
--
-- A structure's clear columns are what lists and figures read: its kind, name (an institution's),
-- arrondissement and quartier codes, whether it is in a priority neighbourhood (QPV), active. Its
-- contact (person, role, phone, e-mail, notes) is sealed under the instance secret, the clear
-- columns being the seal's associated data: a row changed here no longer opens.
CREATE TABLE prevention_structures (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    district TEXT NOT NULL,
    neighbourhood TEXT,
    qpv BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    sealed BYTEA NOT NULL
);

-- A programme holds nothing personal: audiences and facilitators (staff account ids) are
-- comma-separated, sorted.
CREATE TABLE prevention_programmes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    theme TEXT NOT NULL,
    audiences TEXT NOT NULL,
    cycle_sessions BIGINT NOT NULL,
    facilitators TEXT NOT NULL,
    funder TEXT,
    active BOOLEAN NOT NULL
);

-- A session: its day (no time), where, which programme, who facilitated, whether it took place,
-- and its participants as twelve counts (age band by sex, band by band): never a person.
CREATE TABLE prevention_sessions (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    structure_id TEXT NOT NULL REFERENCES prevention_structures(id),
    programme_id TEXT NOT NULL REFERENCES prevention_programmes(id),
    facilitators TEXT NOT NULL,
    delivered BOOLEAN NOT NULL,
    counts TEXT NOT NULL
);
CREATE INDEX prevention_sessions_day ON prevention_sessions (day);

-- Paired anonymous impact surveys (issue 12, item 4). Keep in step with
-- migrations/postgres/0020_surveys.sql.
--
-- A programme's statements (one a line, `std:<code>` or `own:<text>`); none: the defaults.
CREATE TABLE survey_statements (
    programme_id TEXT PRIMARY KEY REFERENCES prevention_programmes(id),
    statements TEXT NOT NULL
);

-- A cycle: a programme at a structure, open until a day (inclusive), its statements copied when
-- it was created, whether its slips carry a third code (three months later).
CREATE TABLE survey_cycles (
    id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL REFERENCES prevention_programmes(id),
    structure_id TEXT NOT NULL REFERENCES prevention_structures(id),
    closes_on TEXT NOT NULL,
    later BOOLEAN NOT NULL,
    statements TEXT NOT NULL
);

-- One code of a slip: never the code itself, only a keyed hash of it (HMAC under a key derived
-- from the instance secret, hex), so that the database alone gives no code that answers. The
-- slip's random id links its codes (the pairing); the answers (points comma-separated) are set
-- once, with no date: nothing dates a pupil's answer beyond the cycle it belongs to.
CREATE TABLE survey_codes (
    code_hash TEXT PRIMARY KEY,
    cycle_id TEXT NOT NULL REFERENCES survey_cycles(id),
    slip TEXT NOT NULL,
    wave TEXT NOT NULL,
    answers TEXT
);
CREATE INDEX survey_codes_cycle ON survey_codes (cycle_id);

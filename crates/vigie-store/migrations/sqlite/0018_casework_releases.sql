-- Published yearly casework figures (issue 11, item 12): their own release stream beside the
-- monthly incident editions. Keep in step with migrations/postgres/0018_casework_releases.sql.
--
-- A release holds only clear aggregates already through disclosure control (city-level, people
-- who consented to publication, every figure below k suppressed): the public page and the open
-- data read it and nothing else. Releases are immutable; a year has one release (version 1) until
-- corrections are built.

CREATE TABLE casework_releases (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    published_day TEXT NOT NULL,
    published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- The figures as JSON (vigie_domain::indicators::YearFigures).
    body TEXT NOT NULL,
    PRIMARY KEY (year, version)
);

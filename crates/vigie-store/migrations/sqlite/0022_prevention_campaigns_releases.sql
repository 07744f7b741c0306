-- Prevention, issue 12 items 5 and 7: campaigns, and the published prevention figures. Keep in step
-- with migrations/postgres/0022_prevention_campaigns_releases.sql.
--
-- A campaign holds nothing personal: its kind, its period (two days), the arrondissements it
-- covered (codes, comma-separated, sorted), its reach (a number and what it counts) and the
-- programme it belongs to, if any.
CREATE TABLE prevention_campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    start_day TEXT NOT NULL,
    end_day TEXT NOT NULL,
    districts TEXT NOT NULL,
    reach BIGINT,
    reach_unit TEXT,
    programme_id TEXT REFERENCES prevention_programmes(id)
);
CREATE INDEX prevention_campaigns_start ON prevention_campaigns (start_day);

-- Published prevention figures: a release stream of their own beside the monthly incident editions
-- and the yearly casework figures. A release holds only clear aggregates already through disclosure
-- control (vigie_domain::prevention::PreventionFigures as JSON); releases are immutable, one per
-- period (a year, 2025, or a quarter, 2025-Q3) at version 1 until corrections are built.
CREATE TABLE prevention_releases (
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_day TEXT NOT NULL,
    published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (period, version)
);

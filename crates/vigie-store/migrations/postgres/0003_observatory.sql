-- vigie observatory schema (PostgreSQL). Keep in step with migrations/sqlite/0003_observatory.sql.
-- Incidents hold no personal data: a category, an area, a month, counts, a source type and a reference
-- the analysts use (never published). Public pages and the API read `editions` only.

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    district TEXT NOT NULL,
    neighbourhood TEXT,
    -- YYYY-MM, Europe/Paris.
    month TEXT NOT NULL,
    count BIGINT NOT NULL CHECK (count >= 1),
    contributors BIGINT NOT NULL CHECK (contributors >= 1),
    source TEXT NOT NULL,
    reference TEXT NOT NULL,
    -- The report it was qualified from; the link goes when the report is erased, the fact stays.
    report_id TEXT UNIQUE REFERENCES reports(id) ON DELETE SET NULL,
    -- proposed (from a report, awaiting review), accepted (counted), rejected.
    status TEXT NOT NULL,
    recorded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    recorded_day TEXT NOT NULL,
    reviewed_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX incidents_month ON incidents(status, month, district, category);
CREATE INDEX incidents_review ON incidents(status, recorded_day);

-- A month as released under disclosure control, frozen: `cells` is the public JSON, `secrets`
-- the frozen noise (never public: noise plus published count gives the true count).
CREATE TABLE month_releases (
    month TEXT NOT NULL,
    version BIGINT NOT NULL,
    cells TEXT NOT NULL,
    secrets TEXT NOT NULL,
    PRIMARY KEY (month, version)
);

-- Published editions: immutable snapshots of every aggregate the public sees (JSON).
CREATE TABLE editions (
    id TEXT PRIMARY KEY,
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- For a correction: what it changes, and the edition it corrects (both also in the snapshot).
    changelog TEXT,
    supersedes TEXT,
    snapshot TEXT NOT NULL,
    UNIQUE (period, version)
);
CREATE INDEX editions_published ON editions(published_at);

-- Official series (SSMSI recorded crime...), shown beside our figures and copied into each edition.
CREATE TABLE context_series (
    indicator TEXT NOT NULL,
    unit TEXT NOT NULL,
    territory TEXT NOT NULL,
    source TEXT NOT NULL,
    licence TEXT NOT NULL,
    -- JSON array of {year, value, rate_per_thousand}.
    points TEXT NOT NULL,
    imported_day TEXT NOT NULL,
    PRIMARY KEY (indicator, unit, territory)
);

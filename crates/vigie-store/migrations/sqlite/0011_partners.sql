-- The partner directory and the partners' charter (issue 11). Keep in step with
-- migrations/postgres/0011_partners.sql.
--
-- Clear, for the caseworkers' filters: the kind, the arrondissements served and the languages
-- (codes, comma-separated, sorted), the open places, the agreement, police funding, active, and the
-- partner account the entry belongs to (for the partner's own page). Sealed under the instance
-- secret: the name, speciality, phone, e-mail, address and notes, with the linked account again.
-- The clear columns are the seal's associated data: a row changed here no longer opens, and the
-- sealed account is the one a referral will trust.
CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    areas TEXT NOT NULL,
    languages TEXT NOT NULL,
    capacity BIGINT,
    agreement TEXT NOT NULL,
    police_funded BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    account_id TEXT UNIQUE REFERENCES users(id),
    sealed BLOB NOT NULL
);

-- Which version of the charter a partner account accepted, and the day (no finer time).
CREATE TABLE charter_acceptances (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (user_id, version)
);

-- The hub (issue 14, item 2): what it holds of each member city of the network. Keep in step with
-- migrations/sqlite/0024_hub.sql.
--
-- Everything here is published data, signed by the member cities: no reporter's data, so exact
-- times (Unix seconds) are kept.
--
-- A member's trust and pull status, by INSEE code: `trust` is JSON (vigie_app::federation::MemberTrust:
-- its current key, the key its last verified description announced or the hub's admin confirmed,
-- the keys it retired, the newest edition held), then how its pulls went.
CREATE TABLE hub_members (
    insee TEXT PRIMARY KEY,
    trust TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_good_at BIGINT,
    last_refusal_at BIGINT,
    last_refusal TEXT,
    failures BIGINT NOT NULL
);

-- An edition verified by the hub: its document exactly as the member signed it, and the key that
-- signed it. Editions are immutable: a member's correction is a new version.
CREATE TABLE hub_editions (
    insee TEXT NOT NULL REFERENCES hub_members(insee),
    id TEXT NOT NULL,
    period TEXT NOT NULL,
    version BIGINT NOT NULL,
    kid TEXT NOT NULL,
    document BYTEA NOT NULL,
    PRIMARY KEY (insee, id)
);
CREATE INDEX hub_editions_newest ON hub_editions (insee, period, version);

-- Each file of a verified edition, its bytes matching the SHA-256 its signed document states.
CREATE TABLE hub_edition_files (
    insee TEXT NOT NULL,
    edition_id TEXT NOT NULL,
    name TEXT NOT NULL,
    body BYTEA NOT NULL,
    PRIMARY KEY (insee, edition_id, name),
    FOREIGN KEY (insee, edition_id) REFERENCES hub_editions(insee, id)
);

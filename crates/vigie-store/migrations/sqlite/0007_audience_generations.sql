-- Revoking a reader rotates a report's audience keys for future parts (issue 9, item 2).
--
-- A report's audience key now has generations: generation 0 is the key the report was filed with;
-- a revocation adds generation n + 1, wrapped for every remaining holder. Each part records the
-- generation that sealed it; a reader opens a part with the generation it names.
ALTER TABLE report_parts ADD COLUMN key_generation BIGINT NOT NULL DEFAULT 0;

-- SQLite cannot change a primary key in place: the slot table is rebuilt with the generation in it.
CREATE TABLE report_key_slots_v7 (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    key_generation BIGINT NOT NULL DEFAULT 0,
    holder TEXT NOT NULL,
    holder_generation BIGINT NOT NULL,
    wrapped BLOB NOT NULL,
    PRIMARY KEY (report_id, audience, key_generation, holder)
);
INSERT INTO report_key_slots_v7 (report_id, audience, key_generation, holder, holder_generation, wrapped)
    SELECT report_id, audience, 0, holder, holder_generation, wrapped FROM report_key_slots;
DROP TABLE report_key_slots;
ALTER TABLE report_key_slots_v7 RENAME TO report_key_slots;
CREATE INDEX report_key_slots_holder ON report_key_slots(holder);

-- The reporter's public key decides who reads a rotated conversation key: it carries a MAC under a
-- key derived from the instance secret, so that whoever writes the database cannot swap in their own.
-- NULL for reports filed before this version: their conversation key is not rotated.
ALTER TABLE reports ADD COLUMN reporter_key_mac BLOB;

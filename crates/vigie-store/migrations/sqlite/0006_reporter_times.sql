-- Nothing in clear dates a reporter's action to less than the day (issue 9, item 1).
--
-- `reporter_unread` was set to 0 when a reporter read the conversation: beside the WAL or a backup
-- it told when a reporter looked. Nothing reads it any more.
ALTER TABLE reports DROP COLUMN reporter_unread;

-- A follow-up session kept the second of its last request in clear, for the idle timeout. The exact
-- time now lives inside the sealed state (which only the cookie's key opens); the row keeps the day of
-- its last use, for housekeeping. Sessions open during the upgrade end (their reporters log in again).
DROP TABLE receipt_sessions;
CREATE TABLE receipt_sessions (
    id_hash BLOB PRIMARY KEY,
    sealed BLOB NOT NULL,
    seen_day TEXT NOT NULL
);

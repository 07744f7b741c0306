-- A reporter put in touch with the casework team (issue 11, item 2). Keep in step with
-- migrations/postgres/0012_help_links.sql.
--
-- What the reporter chose to share is a sealed part of the report (kind 'help_link', under its
-- conversation key). In clear, only where the request stands, for the handlers' lists and pages:
-- NULL (none), 'asked' (waiting for a handler) or 'sent' (a help request holds the chosen texts). It
-- names no help request: nothing in the database leads from the help request back to the report.
ALTER TABLE reports ADD COLUMN help_link TEXT;

-- The help request's follow-up code, wrapped for the receipt holder's public key only (the handler,
-- who holds the conversation key, cannot read it); NULL once the reporter said they noted it.
ALTER TABLE reports ADD COLUMN help_link_code BLOB;

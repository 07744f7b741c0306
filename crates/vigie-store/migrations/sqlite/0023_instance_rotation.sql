-- Rotating the instance secret (`vigie keys rotate-instance`, issue 13 item 7). A staff password
-- lock and a receipt are peppered with the instance secret and cannot be re-derived without the
-- person's password or receipt, so a rotation keeps the previous secret in the key file and marks
-- what still depends on it here: the previous secret's id (16 hex digits of a one-way derivation,
-- never the secret), NULL meaning the current secret. A sign-in re-locks a password under the
-- current secret (NULL again); a report's mark goes when the report does (retention).
ALTER TABLE users ADD COLUMN pepper TEXT;
ALTER TABLE reports ADD COLUMN receipt_pepper TEXT;

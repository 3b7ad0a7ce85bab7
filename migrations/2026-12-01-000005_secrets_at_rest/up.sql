-- Secrets that rest in the database are kept only in a form that cannot be used.
--
-- Calendar feed addresses: like email tokens, only a SHA-256 hash of the token is stored, so a
-- copy of the database (a backup, a read replica) does not hand out readable feeds. The address
-- is shown to its owner once, when it is made. Existing addresses keep working: their hash is
-- computed here.
ALTER TABLE calendar_feeds ADD COLUMN token_hash bytea;
UPDATE calendar_feeds SET token_hash = sha256(convert_to(lower(token), 'UTF8'));
ALTER TABLE calendar_feeds
    ALTER COLUMN token_hash SET NOT NULL,
    ADD CONSTRAINT calendar_feeds_token_hash_length CHECK (octet_length(token_hash) = 32),
    ADD CONSTRAINT calendar_feeds_token_hash_key UNIQUE (token_hash),
    DROP COLUMN token;

-- Sent email: the body held verification and reset links in clear text for as long as the
-- outbox keeps sent mail. After delivery only what an operator needs to investigate delivery is
-- kept (recipient, kind, subject, times, status); the bodies of mail already sent are emptied.
UPDATE email_outbox SET text_body = '', html_body = '' WHERE status = 'sent';

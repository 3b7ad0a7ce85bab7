-- A hash cannot be turned back into the address: the feeds are removed (their owners make new
-- ones). Emptied email bodies stay empty.
DELETE FROM calendar_feeds;
ALTER TABLE calendar_feeds
    DROP COLUMN token_hash,
    ADD COLUMN token text NOT NULL UNIQUE CHECK (token ~ '^[0-9a-f]{64}$');

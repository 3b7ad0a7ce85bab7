-- One-click unsubscribe (RFC 8058) for every email that is not about the account itself: each
-- person has one secret link per list, made the first time an email of that list is queued. The
-- link changes nothing but that list, so it needs no sign-in (a mail client posts to it).
CREATE TABLE unsubscribe_links (
    token text PRIMARY KEY CHECK (token ~ '^[0-9a-f]{64}$'),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    list text NOT NULL CHECK (list IN ('daily_digest')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, list)
);

-- The address a queued email offers in its List-Unsubscribe header (NULL for account email).
ALTER TABLE email_outbox ADD COLUMN unsubscribe_url text CHECK (char_length(unsubscribe_url) <= 2000);

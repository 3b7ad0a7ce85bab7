-- Saved job searches, each with an alert: new postings that match, by email, as soon as they are
-- seen, once a day or once a week.
CREATE TABLE saved_searches (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    -- The search as its page address holds it ("q=rust&location=Berlin"), without a page position.
    query text NOT NULL CHECK (char_length(query) <= 2000),
    frequency text NOT NULL CHECK (frequency IN ('instant', 'daily', 'weekly', 'off')),
    -- Postings first seen before this were looked at already: the next alert starts here.
    alerted_until timestamptz NOT NULL DEFAULT now(),
    -- When the next alert is due; NULL while alerts are off.
    next_alert_at timestamptz,
    -- When an email last went out for it.
    last_alert_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, name),
    CHECK ((frequency = 'off') = (next_alert_at IS NULL))
);
CREATE INDEX saved_searches_due_idx ON saved_searches (next_alert_at) WHERE next_alert_at IS NOT NULL;
CREATE TRIGGER saved_searches_set_updated_at BEFORE UPDATE ON saved_searches
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- What an alert reads: feed postings first seen in a window of time.
CREATE INDEX job_postings_first_seen_idx ON job_postings (first_seen_at)
    WHERE closed_at IS NULL AND owner_id IS NULL;

-- A job alert's one-click unsubscribe stops that one search's alert.
ALTER TABLE unsubscribe_links
    ADD COLUMN saved_search_id uuid REFERENCES saved_searches (id) ON DELETE CASCADE;
ALTER TABLE unsubscribe_links DROP CONSTRAINT unsubscribe_links_list_check;
ALTER TABLE unsubscribe_links ADD CONSTRAINT unsubscribe_links_list_check
    CHECK (list IN ('daily_digest', 'job_alert'));
ALTER TABLE unsubscribe_links ADD CONSTRAINT unsubscribe_links_search_check
    CHECK ((list = 'job_alert') = (saved_search_id IS NOT NULL));
ALTER TABLE unsubscribe_links DROP CONSTRAINT unsubscribe_links_user_id_list_key;
ALTER TABLE unsubscribe_links ADD CONSTRAINT unsubscribe_links_user_id_list_key
    UNIQUE NULLS NOT DISTINCT (user_id, list, saved_search_id);

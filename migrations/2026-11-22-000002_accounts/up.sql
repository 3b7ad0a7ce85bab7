-- Accounts: one-time email tokens, the per-user index of live sessions, invites, the audit log and
-- the durable email outbox.
--
-- Tokens are stored only as SHA-256 hashes: a database leak must not hand out working links. The
-- seeds keep reset tokens in plain text on the user row; we keep them in their own table so a user
-- can have one live token per purpose and every use is recorded.

CREATE TABLE email_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL CHECK (purpose IN ('verify', 'reset', 'email_change')),
    token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    -- The address an email-change token confirms; only for that purpose.
    new_email text CHECK (new_email = lower(new_email)),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((purpose = 'email_change') = (new_email IS NOT NULL)),
    CHECK (expires_at > created_at)
);
CREATE INDEX email_tokens_user_purpose_idx ON email_tokens (user_id, purpose);

-- The session store (Redis) is keyed by session id only; this index lets a user list and revoke
-- their sessions on every instance. A session is valid only while its row exists.
CREATE TABLE user_sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_hash bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    ip text CHECK (char_length(ip) <= 64),
    user_agent text CHECK (char_length(user_agent) <= 512),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- Absolute expiry: the session ends then however active it is.
    expires_at timestamptz NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id, last_seen_at DESC);
CREATE INDEX user_sessions_expires_idx ON user_sessions (expires_at);

CREATE TABLE invites (
    id uuid PRIMARY KEY,
    token_hash bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    -- When set, only this address may use the invite.
    email text CHECK (email = lower(email)),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    used_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Security events. No secrets: never a password, token or cookie. The actor is set to NULL when
-- the account is erased, so the trail survives without pointing at a person.
CREATE TABLE audit_log (
    id uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    event text NOT NULL CHECK (event ~ '^[a-z_.]+$'),
    ip text CHECK (char_length(ip) <= 64),
    user_agent text CHECK (char_length(user_agent) <= 512),
    detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at DESC);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at);

-- Email is written here in the same transaction as the change that causes it; a worker sends it.
-- Rows of a user go with the user (erasure drops queued mail).
CREATE TABLE email_outbox (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    to_address text NOT NULL CHECK (char_length(to_address) BETWEEN 3 AND 254),
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A worker's lease on the row while it sends; a crashed worker's lease simply runs out.
    locked_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_user_idx ON email_outbox (user_id);

-- The job-search tracker: applications with their timeline and interviews, contacts with their
-- interaction log, learning activities, in-app notifications and notification preferences, the
-- daily digest ledger and private calendar feeds.
--
-- Ownership is enforced by the database as well as by the queries: rows that join two owned rows
-- (a contact linked to an application) carry user_id and reference (id, user_id) of both sides, so
-- a row can never link one user's application to another user's contact.
--
-- The seeds disagree on statuses (pending/submitted/reviewing/... vs. a free string). We use the
-- pipeline people talk about: wishlist → applied → screening → interviewing → offer → accepted,
-- plus the two ways out, rejected and withdrawn.

CREATE TABLE applications (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    company text NOT NULL CHECK (char_length(btrim(company)) BETWEEN 1 AND 200),
    role_title text NOT NULL CHECK (char_length(btrim(role_title)) BETWEEN 1 AND 200),
    job_url text CHECK (char_length(job_url) <= 2000),
    location text CHECK (char_length(location) <= 200),
    work_arrangement text CHECK (work_arrangement IN ('onsite', 'hybrid', 'remote')),
    salary_min integer CHECK (salary_min >= 0),
    salary_max integer CHECK (salary_max >= 0),
    salary_currency text CHECK (salary_currency ~ '^[A-Z]{3}$'),
    source text CHECK (char_length(source) <= 200),
    notes text CHECK (char_length(notes) <= 20000),
    status text NOT NULL DEFAULT 'wishlist' CHECK (status IN (
        'wishlist', 'applied', 'screening', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn')),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    applied_on date,
    follow_up_on date,
    -- What was sent; the CV issue adds the foreign keys when cv_versions and documents exist.
    cv_version_id uuid,
    cover_letter_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
    CHECK ((salary_min IS NULL AND salary_max IS NULL) OR salary_currency IS NOT NULL),
    UNIQUE (id, user_id)
);
-- Board and list: a user's applications by status, newest change first.
CREATE INDEX applications_user_status_idx ON applications (user_id, status, status_changed_at DESC);
CREATE INDEX applications_user_updated_idx ON applications (user_id, updated_at DESC);
CREATE INDEX applications_user_created_idx ON applications (user_id, created_at);
CREATE INDEX applications_follow_up_idx ON applications (user_id, follow_up_on)
    WHERE follow_up_on IS NOT NULL;
CREATE TRIGGER applications_set_updated_at BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- The timeline: every status change and note, written in the same transaction as the change.
CREATE TABLE application_events (
    id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('created', 'status', 'note')),
    from_status text,
    to_status text,
    body text CHECK (char_length(body) <= 20000),
    -- Who made the change: the owner today; kept separate so shared trackers need no migration.
    actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (application_id, user_id) REFERENCES applications (id, user_id) ON DELETE CASCADE,
    -- 'created' carries the first status, 'status' the change.
    CHECK (kind = 'note' OR to_status IS NOT NULL),
    CHECK (kind <> 'note' OR body IS NOT NULL)
);
CREATE INDEX application_events_application_idx ON application_events (application_id, occurred_at DESC);
CREATE INDEX application_events_user_idx ON application_events (user_id, occurred_at DESC);

CREATE TABLE interviews (
    id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    user_id uuid NOT NULL,
    scheduled_at timestamptz NOT NULL,
    duration_minutes integer NOT NULL DEFAULT 60 CHECK (duration_minutes BETWEEN 5 AND 1440),
    kind text NOT NULL CHECK (kind IN ('phone', 'video', 'onsite', 'technical', 'panel', 'other')),
    location text CHECK (char_length(location) <= 500),
    meeting_url text CHECK (char_length(meeting_url) <= 2000),
    interviewers text CHECK (char_length(interviewers) <= 500),
    outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'passed', 'failed', 'cancelled')),
    notes text CHECK (char_length(notes) <= 20000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (application_id, user_id) REFERENCES applications (id, user_id) ON DELETE CASCADE
);
CREATE INDEX interviews_user_scheduled_idx ON interviews (user_id, scheduled_at);
CREATE INDEX interviews_application_idx ON interviews (application_id, scheduled_at);
CREATE TRIGGER interviews_set_updated_at BEFORE UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- One seed keeps follow-ups as an array inside the connection document; a contact has one next
-- follow-up date here (what a reminder needs) and the history lives in contact_interactions.
CREATE TABLE contacts (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name text NOT NULL CHECK (char_length(btrim(full_name)) BETWEEN 1 AND 200),
    company text CHECK (char_length(company) <= 200),
    role_title text CHECK (char_length(role_title) <= 200),
    email text CHECK (email = lower(email) AND char_length(email) <= 254),
    phone text CHECK (char_length(phone) <= 40),
    profile_url text CHECK (char_length(profile_url) <= 2000),
    relationship text NOT NULL DEFAULT 'other' CHECK (relationship IN (
        'recruiter', 'hiring_manager', 'mentor', 'peer', 'other')),
    notes text CHECK (char_length(notes) <= 20000),
    next_follow_up_on date,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, user_id)
);
CREATE INDEX contacts_user_name_idx ON contacts (user_id, lower(full_name));
CREATE INDEX contacts_follow_up_idx ON contacts (user_id, next_follow_up_on)
    WHERE next_follow_up_on IS NOT NULL;
CREATE TRIGGER contacts_set_updated_at BEFORE UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

CREATE TABLE contact_interactions (
    id uuid PRIMARY KEY,
    contact_id uuid NOT NULL,
    user_id uuid NOT NULL,
    occurred_on date NOT NULL,
    channel text NOT NULL CHECK (channel IN ('email', 'call', 'meeting', 'message', 'event', 'other')),
    summary text NOT NULL CHECK (char_length(btrim(summary)) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (contact_id, user_id) REFERENCES contacts (id, user_id) ON DELETE CASCADE
);
CREATE INDEX contact_interactions_contact_idx ON contact_interactions (contact_id, occurred_on DESC);
CREATE INDEX contact_interactions_user_idx ON contact_interactions (user_id);

CREATE TABLE application_contacts (
    application_id uuid NOT NULL,
    contact_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, contact_id),
    FOREIGN KEY (application_id, user_id) REFERENCES applications (id, user_id) ON DELETE CASCADE,
    FOREIGN KEY (contact_id, user_id) REFERENCES contacts (id, user_id) ON DELETE CASCADE
);
CREATE INDEX application_contacts_contact_idx ON application_contacts (contact_id);
CREATE INDEX application_contacts_user_idx ON application_contacts (user_id);

CREATE TABLE development_activities (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('course', 'certification', 'workshop', 'project')),
    title text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 1 AND 200),
    provider text CHECK (char_length(provider) <= 200),
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed')),
    started_on date,
    completed_on date,
    -- No NULL elements (the application reads them as strings; see core/src/schema.patch).
    skills text[] NOT NULL DEFAULT '{}' CHECK (cardinality(skills) <= 50 AND array_position(skills, NULL) IS NULL),
    url text CHECK (char_length(url) <= 2000),
    notes text CHECK (char_length(notes) <= 20000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (started_on IS NULL OR completed_on IS NULL OR started_on <= completed_on)
);
CREATE INDEX development_activities_user_idx ON development_activities (user_id, status, created_at DESC);
CREATE TRIGGER development_activities_set_updated_at BEFORE UPDATE ON development_activities
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

CREATE TABLE notifications (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+$'),
    title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    body text NOT NULL DEFAULT '' CHECK (char_length(body) <= 5000),
    link text CHECK (link LIKE '/%'),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_read_idx ON notifications (read_at) WHERE read_at IS NOT NULL;

-- No row = the defaults: the daily digest on, at 08:00 in the user's time zone.
CREATE TABLE notification_preferences (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    digest_email boolean NOT NULL DEFAULT true,
    digest_hour smallint NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
    in_app boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER notification_preferences_set_updated_at BEFORE UPDATE ON notification_preferences
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- One row per user and local day a digest was prepared: the primary key is what makes a second run
-- of the job on the same day a no-op, whichever instance runs it.
CREATE TABLE digest_deliveries (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    local_date date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, local_date)
);

-- A private calendar URL per user. Unlike sign-in tokens the token is kept as is: people copy the
-- address into a calendar app more than once (like a calendar's "secret address"), and it only
-- reads data this database holds anyway. Revoking deletes the row; a new one gets a new token.
CREATE TABLE calendar_feeds (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token text NOT NULL UNIQUE CHECK (token ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

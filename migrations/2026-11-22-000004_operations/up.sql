-- Operations: scheduled jobs and their run history (shaped like pg_cron's cron.job and
-- cron.job_run_details), GDPR erasure requests, and the analytics rollups.

-- A job is known by its name, as in pg_cron (cron.schedule('name', ...)). `command` names one of
-- the jobs careerhub-core implements; the schedule uses pg_cron's syntax and is checked by the
-- application before it is stored.
CREATE TABLE cron_jobs (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    schedule text NOT NULL CHECK (char_length(schedule) BETWEEN 1 AND 100),
    command text NOT NULL CHECK (command ~ '^[a-z_]+$'),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER cron_jobs_set_updated_at BEFORE UPDATE ON cron_jobs
    FOR EACH ROW EXECUTE FUNCTION careerhub_set_updated_at();

-- Sensible defaults; operators change them with `careerhub-admin cron`. Times are UTC.
INSERT INTO cron_jobs (name, schedule, command) VALUES
    ('reminder_digests', '*/10 * * * *', 'reminder_digests'),
    ('outbox_sweep', '* * * * *', 'outbox_sweep'),
    ('retention', '30 3 * * *', 'retention'),
    ('analytics_rollup', '15 0 * * *', 'analytics_rollup'),
    ('backup', '0 2 * * *', 'backup');

-- One row per run. A scheduled run claims its tick: the unique index lets exactly one instance
-- insert the row for (job, tick), so several instances run a job once per tick.
CREATE TABLE cron_job_runs (
    id uuid PRIMARY KEY,
    job_name text NOT NULL REFERENCES cron_jobs (name) ON DELETE CASCADE ON UPDATE CASCADE,
    trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    scheduled_for timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    message text CHECK (char_length(message) <= 4000),
    -- Which process ran it (host and pid), for operators reading the history.
    instance text CHECK (char_length(instance) <= 200),
    CHECK (finished_at IS NULL OR finished_at >= started_at)
);
CREATE UNIQUE INDEX cron_job_runs_tick_key ON cron_job_runs (job_name, scheduled_for)
    WHERE trigger = 'schedule';
CREATE INDEX cron_job_runs_job_idx ON cron_job_runs (job_name, started_at DESC);
CREATE INDEX cron_job_runs_started_idx ON cron_job_runs (started_at);

-- An erasure is recorded before any data is touched and worked through in batches, so a crashed
-- run is finished by the next one. The row keeps only the account id (no personal data): it is
-- the list of erased accounts that a restore from an older backup applies again.
CREATE TABLE erasure_requests (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    requested_by text NOT NULL CHECK (requested_by IN ('operator', 'retention', 'restore')),
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
    rows_deleted bigint NOT NULL DEFAULT 0 CHECK (rows_deleted >= 0),
    requested_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    CHECK ((status = 'done') = (completed_at IS NOT NULL))
);
CREATE UNIQUE INDEX erasure_requests_user_key ON erasure_requests (user_id);

-- Per-user daily figures for the user's own analytics page; erased with the user.
CREATE TABLE user_daily_stats (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day date NOT NULL,
    applications_added integer NOT NULL DEFAULT 0 CHECK (applications_added >= 0),
    applications_sent integer NOT NULL DEFAULT 0 CHECK (applications_sent >= 0),
    responses integer NOT NULL DEFAULT 0 CHECK (responses >= 0),
    status_changes integer NOT NULL DEFAULT 0 CHECK (status_changes >= 0),
    interviews integer NOT NULL DEFAULT 0 CHECK (interviews >= 0),
    offers integer NOT NULL DEFAULT 0 CHECK (offers >= 0),
    computed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day)
);
CREATE INDEX user_daily_stats_day_idx ON user_daily_stats (day);

-- Platform figures: counts only, no user ids, nothing that identifies a person.
CREATE TABLE platform_daily_stats (
    day date PRIMARY KEY,
    users_total integer NOT NULL DEFAULT 0 CHECK (users_total >= 0),
    users_new integer NOT NULL DEFAULT 0 CHECK (users_new >= 0),
    users_active integer NOT NULL DEFAULT 0 CHECK (users_active >= 0),
    applications_added integer NOT NULL DEFAULT 0 CHECK (applications_added >= 0),
    status_changes integer NOT NULL DEFAULT 0 CHECK (status_changes >= 0),
    interviews integer NOT NULL DEFAULT 0 CHECK (interviews >= 0),
    emails_sent integer NOT NULL DEFAULT 0 CHECK (emails_sent >= 0),
    computed_at timestamptz NOT NULL DEFAULT now()
);

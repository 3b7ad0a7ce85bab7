-- The feed postings' generation: the sum of `changes`, which grows, in the same transaction,
-- with every change to the feed postings every person searches (those without an owner): an
-- import, a closing, a clean-up, an operator's own SQL. The job search cache keys its pages by
-- it, so the first search after a change commits misses the cache instead of showing what was
-- there before. A person's private postings do not change it (they are never cached).
-- One row per server process (backend) that changed feed postings, not one row for all: two
-- imports at the same time would otherwise queue on that row until the first commits. Rows are
-- never deleted, so the sum only grows.
CREATE TABLE job_postings_generation (
    backend_pid integer PRIMARY KEY,
    changes bigint NOT NULL
);

-- Once per statement, and only when a feed posting is among its rows (each branch names only
-- the transition tables its event has).
CREATE FUNCTION job_postings_next_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM new_rows WHERE owner_id IS NULL) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows WHERE owner_id IS NULL)
           AND NOT EXISTS (SELECT 1 FROM new_rows WHERE owner_id IS NULL) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows WHERE owner_id IS NULL) THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO job_postings_generation (backend_pid, changes) VALUES (pg_backend_pid(), 1)
        ON CONFLICT (backend_pid) DO UPDATE SET changes = job_postings_generation.changes + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_postings_generation_insert AFTER INSERT ON job_postings
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION job_postings_next_generation();
CREATE TRIGGER job_postings_generation_update AFTER UPDATE ON job_postings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION job_postings_next_generation();
CREATE TRIGGER job_postings_generation_delete AFTER DELETE ON job_postings
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION job_postings_next_generation();
CREATE TRIGGER job_postings_generation_truncate AFTER TRUNCATE ON job_postings
    FOR EACH STATEMENT EXECUTE FUNCTION job_postings_next_generation();

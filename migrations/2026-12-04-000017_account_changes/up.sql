-- Each person's change count: the sum of `changes` over their rows grows, in the same
-- transaction, with every change to anything they own (their account row and every table with a
-- `user_id`), however it is made: a form, a scheduled job, an import, an operator's SQL. The
-- session check reads it with the session, and the page cache keys a person's pages by it, so
-- the first page after a change commits is rendered afresh instead of coming from the cache.
-- One row per person and server process (backend), like job_postings_generation: two
-- transactions changing one person's rows never wait on each other for the count. No foreign
-- key: deleting an account removes its rows here (below) after its other rows are gone.
CREATE TABLE account_changes (
    user_id uuid NOT NULL,
    backend_pid integer NOT NULL,
    changes bigint NOT NULL,
    PRIMARY KEY (user_id, backend_pid)
);

-- A person's change count, as the session check reads it: a function, so that statement stays
-- one the driver prepares once per connection, and PL/pgSQL, which keeps its own plan per
-- connection too (a SQL function's body would be planned on every call).
CREATE FUNCTION account_change_count(owner uuid) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce(sum(changes), 0)::bigint FROM account_changes WHERE user_id = owner);
END
$$;

-- Once per statement, for each distinct owner among its rows (each branch names only the
-- transition tables its event has). In owner order, so two statements lock rows alike. Owners
-- whose account row is gone are skipped: deleting an account deletes its rows by cascade, and
-- those deletes must not leave a count behind.
CREATE FUNCTION account_changes_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO account_changes (user_id, backend_pid, changes)
            SELECT DISTINCT user_id, pg_backend_pid(), 1 FROM new_rows
            WHERE user_id IN (SELECT id FROM users) ORDER BY 1
            ON CONFLICT (user_id, backend_pid)
            DO UPDATE SET changes = account_changes.changes + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO account_changes (user_id, backend_pid, changes)
            SELECT owner, pg_backend_pid(), 1
            FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) AS owners (owner)
            WHERE owner IN (SELECT id FROM users) ORDER BY 1
            ON CONFLICT (user_id, backend_pid)
            DO UPDATE SET changes = account_changes.changes + 1;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO account_changes (user_id, backend_pid, changes)
            SELECT DISTINCT user_id, pg_backend_pid(), 1 FROM old_rows
            WHERE user_id IN (SELECT id FROM users) ORDER BY 1
            ON CONFLICT (user_id, backend_pid)
            DO UPDATE SET changes = account_changes.changes + 1;
    ELSE
        -- TRUNCATE names no rows: everyone's count moves.
        UPDATE account_changes SET changes = changes + 1;
    END IF;
    RETURN NULL;
END
$$;

-- The account row itself: a changed name, time zone or verification moves its count; a deleted
-- account (erasure deletes it after all its other rows) leaves no count behind.
CREATE FUNCTION account_changes_of_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO account_changes (user_id, backend_pid, changes)
            SELECT id, pg_backend_pid(), 1 FROM new_rows ORDER BY 1
            ON CONFLICT (user_id, backend_pid)
            DO UPDATE SET changes = account_changes.changes + 1;
    ELSE
        DELETE FROM account_changes WHERE user_id IN (SELECT id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER account_changes_update AFTER UPDATE ON users
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION account_changes_of_users();
CREATE TRIGGER account_changes_delete AFTER DELETE ON users
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION account_changes_of_users();

-- Counts the changes of a table whose rows carry their owner in `user_id`. A migration that
-- adds such a table calls it (a test fails for a table that is not counted).
CREATE FUNCTION track_account_changes(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER account_changes_insert AFTER INSERT ON %s '
        'REFERENCING NEW TABLE AS new_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION account_changes_count()', target);
    EXECUTE format('CREATE TRIGGER account_changes_update AFTER UPDATE ON %s '
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION account_changes_count()', target);
    EXECUTE format('CREATE TRIGGER account_changes_delete AFTER DELETE ON %s '
        'REFERENCING OLD TABLE AS old_rows '
        'FOR EACH STATEMENT EXECUTE FUNCTION account_changes_count()', target);
    EXECUTE format('CREATE TRIGGER account_changes_truncate AFTER TRUNCATE ON %s '
        'FOR EACH STATEMENT EXECUTE FUNCTION account_changes_count()', target);
END
$$;

-- Every table with an owner today, but the session index: it changes on its own once a minute
-- per signed-in browser, and no page shows it that the cache keeps.
DO $$
DECLARE
    owned regclass;
BEGIN
    FOR owned IN
        SELECT format('%I', c.table_name)::regclass FROM information_schema.columns c
        JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND c.column_name = 'user_id'
            AND t.table_type = 'BASE TABLE'
            AND c.table_name NOT IN ('user_sessions', 'account_changes')
        ORDER BY c.table_name
    LOOP
        PERFORM track_account_changes(owned);
    END LOOP;
END
$$;

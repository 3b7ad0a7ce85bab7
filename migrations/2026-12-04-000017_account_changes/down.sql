-- CASCADE drops every table's triggers with the functions they call.
DROP FUNCTION track_account_changes(regclass);
DROP FUNCTION account_change_count(uuid);
DROP FUNCTION account_changes_of_users() CASCADE;
DROP FUNCTION account_changes_count() CASCADE;
DROP TABLE account_changes;

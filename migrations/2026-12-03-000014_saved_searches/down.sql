DELETE FROM unsubscribe_links WHERE list = 'job_alert';
ALTER TABLE unsubscribe_links DROP CONSTRAINT unsubscribe_links_user_id_list_key;
ALTER TABLE unsubscribe_links ADD CONSTRAINT unsubscribe_links_user_id_list_key UNIQUE (user_id, list);
ALTER TABLE unsubscribe_links DROP CONSTRAINT unsubscribe_links_search_check;
ALTER TABLE unsubscribe_links DROP CONSTRAINT unsubscribe_links_list_check;
ALTER TABLE unsubscribe_links ADD CONSTRAINT unsubscribe_links_list_check CHECK (list IN ('daily_digest'));
ALTER TABLE unsubscribe_links DROP COLUMN saved_search_id;
DROP INDEX job_postings_first_seen_idx;
DROP TABLE saved_searches;

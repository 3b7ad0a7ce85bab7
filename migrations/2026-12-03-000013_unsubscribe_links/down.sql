ALTER TABLE email_outbox DROP COLUMN unsubscribe_url;
DROP TABLE unsubscribe_links;

DROP TABLE email_outbox;
DROP TABLE audit_log;
DROP TABLE invites;
DROP TABLE user_sessions;
DROP TABLE email_tokens;

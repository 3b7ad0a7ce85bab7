DROP TABLE users;
DROP FUNCTION careerhub_set_updated_at();

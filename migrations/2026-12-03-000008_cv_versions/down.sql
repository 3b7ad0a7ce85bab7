DROP TABLE document_renders;
DROP TABLE cv_version_skills;
DROP TABLE cv_version_entries;
DROP TABLE cv_versions;
ALTER TABLE profile_skills DROP CONSTRAINT profile_skills_id_user_key;
ALTER TABLE profile_entries DROP CONSTRAINT profile_entries_id_user_key;

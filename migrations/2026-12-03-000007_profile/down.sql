DROP TABLE profile_skills;
DROP TABLE profile_entries;
DROP TABLE profile_slug_redirects;
DROP TABLE profiles;

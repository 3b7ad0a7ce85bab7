-- The years of experience a posting asks for ("5+ years"), read from its description when it is
-- stored, so a search can score every match by fit in SQL with the same figure the posting's page
-- explains.
ALTER TABLE job_postings ADD COLUMN years_asked smallint CHECK (years_asked BETWEEN 1 AND 30);

-- Postings stored before this column: the first "N years" / "N+ yrs" of the description, as the
-- importer reads it (the importer sets it on every later insert and change). Not a change of the
-- posting, so updated_at stays.
ALTER TABLE job_postings DISABLE TRIGGER job_postings_set_updated_at;
UPDATE job_postings SET years_asked = asked.years
  FROM (
    SELECT id, (regexp_match(description_text,
             '(?:^|\s)\(*(\d{1,2})[+-]*\s+[^[:alnum:][:space:]]*(?:years|yrs|year)[^[:alnum:][:space:]]*(?:\s|$)',
             'i'))[1]::smallint AS years
      FROM job_postings
     WHERE description_text ~* '(years|yrs|year)'
  ) asked
 WHERE job_postings.id = asked.id AND asked.years BETWEEN 1 AND 30;
ALTER TABLE job_postings ENABLE TRIGGER job_postings_set_updated_at;

ALTER TABLE application_events
    DROP CONSTRAINT application_events_from_status_check,
    DROP CONSTRAINT application_events_to_status_check;

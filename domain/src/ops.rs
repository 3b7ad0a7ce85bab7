//! Values of the operations tables: the email outbox, scheduled-job runs and erasure requests.

text_enum!(
    /// Where an email stands in the outbox.
    OutboxStatus {
        Pending = "pending" / "Pending",
        Sent = "sent" / "Sent",
        Dead = "dead" / "Dead",
    }
);

text_enum!(
    /// What a scheduled job runs. Adding one is a line here: the compiler then asks for its
    /// default schedule and its body in `careerhub-core`'s `cron::jobs`, and the database gets its
    /// `cron_jobs` row at the next migration run.
    JobCommand {
        ReminderDigests = "reminder_digests" / "Emails each user the follow-ups and interviews due",
        OutboxSweep = "outbox_sweep" / "Sends queued email, retrying failures with backoff",
        Retention = "retention" / "Erases what the retention settings say is old enough",
        AnalyticsRollup = "analytics_rollup" / "Rolls yesterday's and today's figures up",
        Backup = "backup" / "Dumps the database to BACKUP_DIR and prunes old dumps",
        JobImport = "job_import" / "Refreshes the job feeds operators added",
        JobAlerts = "job_alerts" / "Emails each saved search's new postings when its alert is due",
    }
);

text_enum!(
    /// Who started a scheduled-job run.
    RunTrigger {
        Schedule = "schedule" / "Schedule",
        Manual = "manual" / "Manual",
    }
);

text_enum!(
    /// How a scheduled-job run went.
    RunStatus {
        Running = "running" / "Running",
        Succeeded = "succeeded" / "Succeeded",
        Failed = "failed" / "Failed",
        Skipped = "skipped" / "Skipped",
    }
);

text_enum!(
    /// Why an account is being erased.
    ErasureRequester {
        Operator = "operator" / "An operator",
        Retention = "retention" / "Retention (deletion grace period over)",
        Restore = "restore" / "A restore (erased again)",
    }
);

text_enum!(
    /// An erasure request is done once every row is gone.
    ErasureStatus {
        Pending = "pending" / "Pending",
        Done = "done" / "Done",
    }
);

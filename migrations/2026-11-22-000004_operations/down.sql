DROP TABLE platform_daily_stats;
DROP TABLE user_daily_stats;
DROP TABLE erasure_requests;
DROP TABLE cron_job_runs;
DROP TABLE cron_jobs;

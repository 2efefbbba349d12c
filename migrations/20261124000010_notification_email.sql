-- Optional e-mail for notifications (SMTP, off unless configured): each notification is sent at
-- most once; failures are retried a few times, then given up (the in-app bell still has it).
ALTER TABLE notifications ADD COLUMN emailed_at TEXT;
ALTER TABLE notifications ADD COLUMN email_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notifications_to_email ON notifications (id) WHERE emailed_at IS NULL;

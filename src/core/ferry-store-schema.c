/* ferry-store-schema.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-private.h"

/* The schema of state.db, as migrations: entry i takes a database whose
 * `PRAGMA user_version` is i to i + 1. A released entry is never edited;
 * changes go into a new one. All pending entries run in one transaction.
 *
 * Times are UTC ISO 8601 text with microseconds (2026-03-01T10:42:03.123456Z)
 * so that they sort as text and read well in `sqlite3`. Newest first means
 * by id, not by time, so that a clock stepping back cannot reorder history.
 */
static const gchar * const migrations[] = {
  /* 1: what one deploy needs: artifacts, deployments and the audit log. */
  "CREATE TABLE artifacts ("
  "  id TEXT PRIMARY KEY,"
  "  repo TEXT NOT NULL,"
  "  commit_id TEXT NOT NULL,"
  "  build TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE deployments ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  service TEXT NOT NULL,"
  "  environment TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  tag TEXT,"
  "  status TEXT NOT NULL CHECK (status IN ('pending-approval', 'building',"
  "    'deploying', 'healthy', 'degraded', 'failed', 'stopped')),"
  "  url TEXT,"
  "  started_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  by_user TEXT NOT NULL,"
  "  reason TEXT,"
  "  detail TEXT,"
  "  previous_version TEXT,"
  "  artifact_id TEXT REFERENCES artifacts (id)"
  ");"
  "CREATE INDEX deployments_by_target ON deployments (service, environment, id);"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  time TEXT NOT NULL,"
  "  user TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  service TEXT,"
  "  environment TEXT,"
  "  version TEXT,"
  "  result TEXT NOT NULL CHECK (result IN ('ok', 'refused', 'failed')),"
  "  detail TEXT"
  ");"
  "CREATE INDEX audit_by_service ON audit (service, environment);"
  "CREATE INDEX audit_by_user ON audit (user);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",

  /* 2: plan runs and their steps; deployments learn which step carries
   * them out and which process owns them, and at most one deployment of a
   * service to an environment may be active (the lock). Version 1 could
   * hold several active ones; all but the latest are closed as failed.
   */
  "CREATE TABLE plan_runs ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_by TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  source_environment TEXT,"
  "  target_environment TEXT NOT NULL,"
  "  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'succeeded',"
  "    'failed', 'cancelled'))"
  ");"
  "CREATE TABLE plan_steps ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  run_id INTEGER NOT NULL REFERENCES plan_runs (id),"
  "  phase INTEGER NOT NULL CHECK (phase >= 0),"
  "  service TEXT NOT NULL,"
  "  environment TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('pending', 'waiting-for-approval',"
  "    'building', 'deploying', 'verifying', 'healthy', 'failed',"
  "    'cancelled', 'refused')),"
  "  waiting_reason TEXT,"
  "  started_at TEXT,"
  "  finished_at TEXT,"
  "  error TEXT,"
  "  owner_pid INTEGER,"
  "  owner_start INTEGER,"
  "  owner_host TEXT"
  ");"
  "CREATE INDEX plan_steps_by_run ON plan_steps (run_id, phase, id);"
  "CREATE INDEX plan_steps_by_state ON plan_steps (state);"
  "ALTER TABLE deployments ADD COLUMN step_id INTEGER REFERENCES plan_steps (id);"
  "ALTER TABLE deployments ADD COLUMN owner_pid INTEGER;"
  "ALTER TABLE deployments ADD COLUMN owner_start INTEGER;"
  "ALTER TABLE deployments ADD COLUMN owner_host TEXT;"
  "UPDATE deployments"
  "  SET status = 'failed', finished_at = started_at,"
  "      detail = 'superseded by a later deployment'"
  "  WHERE status IN ('pending-approval', 'building', 'deploying')"
  "    AND id NOT IN (SELECT max (id) FROM deployments"
  "                   WHERE status IN ('pending-approval', 'building', 'deploying')"
  "                   GROUP BY service, environment);"
  "CREATE UNIQUE INDEX deployments_one_active ON deployments (service, environment)"
  "  WHERE status IN ('pending-approval', 'building', 'deploying');",

  /* 3: approvals (decisions, like the audit log, are never rewritten) and
   * the local target's processes.
   */
  "CREATE TABLE approval_requests ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  service TEXT NOT NULL,"
  "  environment TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  requested_by TEXT NOT NULL,"
  "  required INTEGER NOT NULL CHECK (required >= 0),"
  "  approvers TEXT,"
  "  self_approval INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected',"
  "    'cancelled')),"
  "  created_at TEXT NOT NULL,"
  "  decided_at TEXT,"
  "  step_id INTEGER REFERENCES plan_steps (id)"
  ");"
  "CREATE INDEX approval_requests_by_status ON approval_requests (status);"
  "CREATE TABLE approval_decisions ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  request_id INTEGER NOT NULL REFERENCES approval_requests (id),"
  "  user TEXT NOT NULL,"
  "  verdict TEXT NOT NULL CHECK (verdict IN ('approve', 'reject')),"
  "  comment TEXT,"
  "  time TEXT NOT NULL,"
  "  UNIQUE (request_id, user)"
  ");"
  "CREATE TRIGGER approval_decisions_no_update BEFORE UPDATE ON approval_decisions"
  "  BEGIN SELECT RAISE (ABORT, 'approval decisions are never rewritten'); END;"
  "CREATE TRIGGER approval_decisions_no_delete BEFORE DELETE ON approval_decisions"
  "  BEGIN SELECT RAISE (ABORT, 'approval decisions are never rewritten'); END;"
  "CREATE TABLE local_processes ("
  "  service TEXT NOT NULL,"
  "  environment TEXT NOT NULL,"
  "  version TEXT NOT NULL,"
  "  pid INTEGER NOT NULL,"
  "  start_time INTEGER NOT NULL,"
  "  port INTEGER NOT NULL DEFAULT 0,"
  "  artifact_id TEXT,"
  "  log_path TEXT,"
  "  started_at TEXT NOT NULL,"
  "  restarts INTEGER NOT NULL DEFAULT 0,"
  "  last_exit TEXT,"
  "  PRIMARY KEY (service, environment)"
  ");",

  /* 4: the metric history, one row per minute (see ferry-store-metrics.c).
   * Bucket starts are integers, µs since the Unix epoch like the series
   * they come from: a day of rows per metric is too many to keep as text.
   */
  "CREATE TABLE metric_history ("
  "  service TEXT NOT NULL,"
  "  environment TEXT NOT NULL,"
  "  metric TEXT NOT NULL,"
  "  bucket_start INTEGER NOT NULL,"
  "  min REAL NOT NULL,"
  "  max REAL NOT NULL,"
  "  mean REAL NOT NULL,"
  "  count INTEGER NOT NULL CHECK (count > 0),"
  "  PRIMARY KEY (service, environment, metric, bucket_start)"
  ") WITHOUT ROWID;"
  "CREATE INDEX metric_history_by_time ON metric_history (bucket_start);",
};

const gchar * const *
_ferry_store_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);

  return migrations;
}

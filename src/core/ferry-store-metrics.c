/* ferry-store-metrics.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include <math.h>

#include "ferry-store-metrics.h"
#include "ferry-store-private.h"

/* The metric history: what the window sampled, downsampled to one row a
 * minute per service, environment and metric, so that charts show the
 * last 24 hours across restarts. Rows are rewritten (upserted) as a
 * minute fills, and pruned once older than a day.
 */

static void
metric_history_clear (FerryMetricHistory *self)
{
  g_free (self->service);
  g_free (self->environment);
  g_clear_pointer (&self->buckets, g_array_unref);
}

G_DEFINE_BOXED_TYPE (FerryMetricHistory, ferry_metric_history,
                     ferry_metric_history_ref, ferry_metric_history_unref)

/**
 * ferry_metric_history_new:
 * @service: the service
 * @environment: the environment
 * @metric: the metric
 *
 * Returns: (transfer full): a history without buckets yet
 */
FerryMetricHistory *
ferry_metric_history_new (const gchar *service,
                          const gchar *environment,
                          FerryMetric  metric)
{
  FerryMetricHistory *self;

  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (environment != NULL, NULL);
  g_return_val_if_fail (metric < FERRY_N_METRICS, NULL);

  self = g_atomic_rc_box_new0 (FerryMetricHistory);
  self->service = g_strdup (service);
  self->environment = g_strdup (environment);
  self->metric = metric;
  self->buckets = g_array_new (FALSE, FALSE, sizeof (FerrySeriesBucket));

  return self;
}

/**
 * ferry_metric_history_ref:
 * @self: a #FerryMetricHistory
 *
 * Returns: (transfer full): @self
 */
FerryMetricHistory *
ferry_metric_history_ref (FerryMetricHistory *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * ferry_metric_history_unref:
 * @self: a #FerryMetricHistory
 */
void
ferry_metric_history_unref (FerryMetricHistory *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) metric_history_clear);
}

static gboolean
bind_and_step (FerryStore               *self,
               sqlite3_stmt             *stmt,
               const FerryMetricHistory *history,
               const FerrySeriesBucket  *bucket,
               GError                  **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (sqlite3_bind_text (stmt, 1, history->service, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, history->environment, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 3, ferry_metric_to_string (history->metric), -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 4, bucket->start) != SQLITE_OK ||
      sqlite3_bind_double (stmt, 5, bucket->min) != SQLITE_OK ||
      sqlite3_bind_double (stmt, 6, bucket->max) != SQLITE_OK ||
      sqlite3_bind_double (stmt, 7, bucket->mean) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 8, bucket->count) != SQLITE_OK)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_FAILED,
                   "Could not record the metric history of %s in %s",
                   history->service, history->environment);
      return FALSE;
    }

  return _ferry_store_step (self, stmt, error) == SQLITE_DONE;
}

static gboolean
put_history (FerryStore  *self,
             gpointer     data,
             GError     **error)
{
  GPtrArray *histories = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _ferry_store_prepare (self, error,
                               "INSERT INTO metric_history (service, environment, metric, "
                               "  bucket_start, min, max, mean, count) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (service, environment, metric, bucket_start) "
                               "DO UPDATE SET min = excluded.min, max = excluded.max, "
                               "  mean = excluded.mean, count = excluded.count",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < histories->len; i++)
    {
      const FerryMetricHistory *history = g_ptr_array_index (histories, i);

      for (guint j = 0; j < history->buckets->len; j++)
        {
          const FerrySeriesBucket *bucket = &g_array_index (history->buckets, FerrySeriesBucket, j);

          /* Buckets hold finite values only; anything else is not data. */
          if (bucket->count == 0 || !isfinite (bucket->mean) ||
              !isfinite (bucket->min) || !isfinite (bucket->max))
            continue;

          if (!bind_and_step (self, stmt, history, bucket, error))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * ferry_store_put_metric_history:
 * @self: a #FerryStore
 * @histories: (element-type FerryMetricHistory): the rows to record
 * @error: return location for a #GError
 *
 * Records downsampled metrics, all in one transaction. A bucket already
 * recorded for the same service, environment, metric and start is
 * replaced, so a minute may be written again as it fills. Buckets without
 * a finite value are skipped.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_put_metric_history (FerryStore  *self,
                                GPtrArray   *histories,
                                GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (histories != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < histories->len; i++)
    {
      const FerryMetricHistory *history = g_ptr_array_index (histories, i);

      if (history == NULL || history->service == NULL || history->environment == NULL ||
          history->metric >= FERRY_N_METRICS || history->buckets == NULL)
        {
          g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                               "A metric history needs a service, an environment, a metric and buckets");
          return FALSE;
        }
    }

  if (histories->len == 0)
    return TRUE;

  return _ferry_store_write (self, put_history, histories, error);
}

typedef struct
{
  const gchar *service;
  const gchar *environment;
  gint64       since;
  GPtrArray   *result;
} ListData;

static gboolean
list_history (FerryStore  *self,
              gpointer     data,
              GError     **error)
{
  ListData *list = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  FerryMetricHistory *current = NULL;
  gint rc;

  /* A retried transaction starts over. */
  g_clear_pointer (&list->result, g_ptr_array_unref);
  list->result = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_metric_history_unref);

  stmt = _ferry_store_prepare (self, error,
                               "SELECT environment, metric, bucket_start, min, max, mean, count "
                               "FROM metric_history "
                               "WHERE service = ?1 AND (?2 IS NULL OR environment = ?2) "
                               "  AND bucket_start >= ?3 "
                               "ORDER BY environment, metric, bucket_start",
                               "ssi", list->service, list->environment, list->since);
  if (stmt == NULL)
    return FALSE;

  while ((rc = _ferry_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      const gchar *environment = (const gchar *) sqlite3_column_text (stmt, 0);
      const gchar *name = (const gchar *) sqlite3_column_text (stmt, 1);
      FerrySeriesBucket bucket;
      FerryMetric metric;

      /* A metric a newer Ferry recorded is not ours to show. */
      if (environment == NULL || !ferry_metric_from_string (name, &metric))
        continue;

      if (current == NULL || current->metric != metric ||
          g_strcmp0 (current->environment, environment) != 0)
        {
          current = ferry_metric_history_new (list->service, environment, metric);
          g_ptr_array_add (list->result, current);
        }

      bucket.start = sqlite3_column_int64 (stmt, 2);
      bucket.min = sqlite3_column_double (stmt, 3);
      bucket.max = sqlite3_column_double (stmt, 4);
      bucket.mean = sqlite3_column_double (stmt, 5);
      bucket.count = (guint) sqlite3_column_int64 (stmt, 6);
      g_array_append_val (current->buckets, bucket);
    }

  return rc == SQLITE_DONE;
}

/**
 * ferry_store_list_metric_history:
 * @self: a #FerryStore
 * @service: a service
 * @environment: (nullable): only this environment
 * @since: the oldest bucket start wanted, in µs since the Unix epoch
 * @error: return location for a #GError
 *
 * Reads the recorded history of a service.
 *
 * Returns: (transfer container) (element-type FerryMetricHistory): one
 *   history per environment and metric that has buckets since @since, by
 *   environment then metric name, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_metric_history (FerryStore   *self,
                                 const gchar  *service,
                                 const gchar  *environment,
                                 gint64        since,
                                 GError      **error)
{
  ListData list = { service, environment, since, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (service != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ferry_store_read (self, list_history, &list, error))
    {
      g_clear_pointer (&list.result, g_ptr_array_unref);
      return NULL;
    }

  return list.result;
}

typedef struct
{
  gint64 before;
  guint  n_removed;
} PruneData;

static gboolean
prune_history (FerryStore  *self,
               gpointer     data,
               GError     **error)
{
  PruneData *prune = data;

  if (!_ferry_store_exec (self, error,
                          "DELETE FROM metric_history WHERE bucket_start < ?",
                          "i", prune->before))
    return FALSE;

  prune->n_removed = (guint) _ferry_store_changes (self);

  return TRUE;
}

/**
 * ferry_store_prune_metric_history:
 * @self: a #FerryStore
 * @before: buckets starting before this time go, in µs since the Unix
 *   epoch (usually now minus %FERRY_METRIC_HISTORY_SPAN)
 * @n_removed: (out) (optional): how many buckets were removed
 * @error: return location for a #GError
 *
 * Forgets old metric history.
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 */
gboolean
ferry_store_prune_metric_history (FerryStore  *self,
                                  gint64       before,
                                  guint       *n_removed,
                                  GError     **error)
{
  PruneData prune = { before, 0 };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_ferry_store_write (self, prune_history, &prune, error))
    return FALSE;

  if (n_removed != NULL)
    *n_removed = prune.n_removed;

  return TRUE;
}

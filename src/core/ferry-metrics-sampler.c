/* ferry-metrics-sampler.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-metrics"

#include "config.h"

#include <math.h>

#include "ferry-local-metric-source.h"
#include "ferry-metrics-sampler.h"
#include "ferry-store-metrics.h"

/**
 * FerryMetricsSampler:
 *
 * Samples the live metrics of what the user looks at, and keeps them.
 *
 * The window says which services are visible (their cards are in view)
 * and which one is selected (its details are open); only their
 * environments are sampled: every second while the window is active,
 * every few seconds while it is in the background, not at all while it
 * is hidden (see #FerryMetricsActivity).
 *
 * What runs where comes from the state store: each row of the local
 * target's processes gives a process id and, from its port, the URL of
 * its `/metrics`, measured by a #FerryLocalMetricSource. An environment
 * may instead be given another source (Prometheus) with
 * ferry_metrics_sampler_set_source(); such a source keeps its own past,
 * so the first time a service is shown there its last 24 hours are asked
 * of it, a point a minute, and fill the history besides what the store
 * holds.
 *
 * Each service, environment and metric keeps its samples in a bounded
 * ring (%FERRY_METRICS_SAMPLER_LIVE_POINTS), so memory stays bounded
 * whatever the uptime. Every minute the completed minutes are
 * downsampled into the store's metric history, which is pruned after 24
 * hours and read back when a service is first shown, so charts span
 * restarts. Services nobody looked at for a while are forgotten from
 * memory (their history stays in the store).
 *
 * [signal@Ferry.MetricsSampler::updated] names the services that got new
 * values after each round.
 */

#define HISTORY_POINTS   1500
#define IDLE_EVICT_USEC  (G_GINT64_CONSTANT (600) * G_USEC_PER_SEC)
#define MINUTE_USEC      (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define BACKFILL_MINUTES (24 * 60)
#define BACKFILL_RETRY   (10 * MINUTE_USEC)
#define MAX_DEPLOYMENTS  100

static const FerryMetric kept_metrics[] = {
  FERRY_METRIC_CPU,
  FERRY_METRIC_MEMORY,
  FERRY_METRIC_NET_RX,
  FERRY_METRIC_NET_TX,
};

#define N_KEPT G_N_ELEMENTS (kept_metrics)

typedef struct
{
  gchar              *key;
  gchar              *service;
  gchar              *environment;
  FerryMetricLocator *locator;       /* what to sample; NULL when nothing runs */
  FerryMetricSource  *source;
  FerrySeries        *live[N_KEPT];
  FerrySeries        *history[N_KEPT];
  gint64              flushed_until; /* minutes before this are in the store */
  gint64              last_wanted;   /* monotonic */
  gint64              backfill_at;   /* when to ask another source for its past */
  guint               wanted : 1;
} Target;

struct _FerryMetricsSampler
{
  GObject                 parent_instance;

  /* Owned */
  FerryStore             *store;
  FerryLocalMetricSource *local;
  GHashTable             *sources;       /* environment → FerryMetricSource */
  GHashTable             *targets;       /* "service\nenvironment" → Target */
  GHashTable             *loaded;        /* services whose history was read */
  GHashTable             *deployments;   /* environment → GPtrArray of FerryDeployment */
  GCancellable           *cancellable;
  GPtrArray              *queued;        /* GTasks waiting for the next round */
  GStrv                   visible;
  gchar                  *selected;
  gchar                  *deployments_of;

  guint64                 n_rounds;
  gint64                  pruned_minute;
  guint                   timeout_source;
  guint                   foreground_ms;
  guint                   background_ms;
  FerryMetricsActivity    activity;
  guint                   busy : 1;
  guint                   again : 1;
  guint                   record : 1;
};

G_DEFINE_FINAL_TYPE (FerryMetricsSampler, ferry_metrics_sampler, G_TYPE_OBJECT)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One round: read the store on a worker thread, then sample every wanted
 * target at once. It holds the sampler weakly, so that a sampler dropped
 * meanwhile is not kept alive by a slow source. */
typedef struct
{
  GWeakRef    self_ref;
  GPtrArray  *tasks;        /* GTasks to complete with the round */
  GCancellable *cancellable;

  /* Work for the store's thread */
  GStrv       wanted;
  gchar      *selected;
  GPtrArray  *to_load;      /* services */
  GPtrArray  *flush;        /* FerryMetricHistory */
  gint64      prune_before;
  gint64      now;
  gint64      minute;

  /* What it found */
  GPtrArray  *processes;    /* FerryLocalProcess, wanted and alive */
  GPtrArray  *histories;    /* FerryMetricHistory */
  GPtrArray  *deployments;  /* FerryDeployment, of the selected service */

  GHashTable *changed;      /* services that got values */
  GError     *error;
  guint       pending;
} Round;

typedef struct
{
  Round              *round;
  gchar              *key;
  FerryMetricLocator *locator;
  gint                index;         /* of a range query's metric in kept_metrics */
} Query;

static void start_round (FerryMetricsSampler *self);

/* A question to @target's source, counted in @round until answered. */
static Query *
query_new (Round  *round,
           Target *target,
           gint    index)
{
  Query *query = g_new0 (Query, 1);

  query->round = round;
  query->key = g_strdup (target->key);
  query->locator = ferry_metric_locator_ref (target->locator);
  query->index = index;
  round->pending++;

  return query;
}

static gint
kept_index (FerryMetric metric)
{
  for (guint i = 0; i < N_KEPT; i++)
    if (kept_metrics[i] == metric)
      return (gint)i;

  return -1;
}

static gint64
floor_to_bucket (gint64 time)
{
  gint64 rem = time % FERRY_METRIC_HISTORY_BUCKET;

  if (rem < 0)
    rem += FERRY_METRIC_HISTORY_BUCKET;

  return time - rem;
}

static gchar *
make_key (const gchar *service,
          const gchar *environment)
{
  return g_strconcat (service, "\n", environment, NULL);
}

static void
target_free (gpointer data)
{
  Target *target = data;

  for (guint i = 0; i < N_KEPT; i++)
    {
      g_clear_object (&target->live[i]);
      g_clear_object (&target->history[i]);
    }
  g_clear_pointer (&target->locator, ferry_metric_locator_unref);
  g_clear_object (&target->source);
  g_free (target->key);
  g_free (target->service);
  g_free (target->environment);
  g_free (target);
}

static Target *
lookup_target (FerryMetricsSampler *self,
               const gchar         *service,
               const gchar         *environment)
{
  g_autofree gchar *key = make_key (service, environment);

  return g_hash_table_lookup (self->targets, key);
}

static Target *
ensure_target (FerryMetricsSampler *self,
               const gchar         *service,
               const gchar         *environment)
{
  Target *target = lookup_target (self, service, environment);

  if (target == NULL)
    {
      target = g_new0 (Target, 1);
      target->key = make_key (service, environment);
      target->service = g_strdup (service);
      target->environment = g_strdup (environment);
      target->last_wanted = g_get_monotonic_time ();
      for (guint i = 0; i < N_KEPT; i++)
        {
          target->live[i] = ferry_series_new (FERRY_METRICS_SAMPLER_LIVE_POINTS);
          target->history[i] = ferry_series_new (HISTORY_POINTS);
        }
      g_hash_table_insert (self->targets, target->key, target);
    }

  return target;
}

/* Drops what is sampled of a target: the process is gone or replaced. */
static void
target_detach (FerryMetricsSampler *self,
               Target              *target)
{
  if (target->locator != NULL && target->source == FERRY_METRIC_SOURCE (self->local))
    ferry_local_metric_source_forget (self->local, target->locator);
  g_clear_pointer (&target->locator, ferry_metric_locator_unref);
  g_clear_object (&target->source);
}

/* A NaN marks a gap, so that charts do not join values across it. */
static gboolean
target_push_gap (Target *target,
                 gint64  time)
{
  gboolean pushed = FALSE;

  for (guint i = 0; i < N_KEPT; i++)
    {
      FerrySeriesPoint last;

      if (ferry_series_get_last (target->live[i], &last) && !isfinite (last.value))
        continue;
      if (ferry_series_get_length (target->live[i]) == 0)
        continue;
      pushed |= ferry_series_push (target->live[i], time, NAN);
    }

  return pushed;
}

static void
round_free (Round *round)
{
  g_weak_ref_clear (&round->self_ref);
  g_clear_pointer (&round->tasks, g_ptr_array_unref);
  g_clear_object (&round->cancellable);
  g_clear_pointer (&round->wanted, g_strfreev);
  g_clear_pointer (&round->selected, g_free);
  g_clear_pointer (&round->to_load, g_ptr_array_unref);
  g_clear_pointer (&round->flush, g_ptr_array_unref);
  g_clear_pointer (&round->processes, g_ptr_array_unref);
  g_clear_pointer (&round->histories, g_ptr_array_unref);
  g_clear_pointer (&round->deployments, g_ptr_array_unref);
  g_clear_pointer (&round->changed, g_hash_table_unref);
  g_clear_error (&round->error);
  g_free (round);
}

static void
query_free (Query *query)
{
  g_clear_pointer (&query->locator, ferry_metric_locator_unref);
  g_free (query->key);
  g_free (query);
}

static void
ferry_metrics_sampler_dispose (GObject *object)
{
  FerryMetricsSampler *self = (FerryMetricsSampler *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->local);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->deployments, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_metrics_sampler_parent_class)->dispose (object);
}

static void
ferry_metrics_sampler_finalize (GObject *object)
{
  FerryMetricsSampler *self = (FerryMetricsSampler *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loaded, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_strfreev);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->deployments_of, g_free);

  G_OBJECT_CLASS (ferry_metrics_sampler_parent_class)->finalize (object);
}

static void
ferry_metrics_sampler_class_init (FerryMetricsSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_metrics_sampler_dispose;
  object_class->finalize = ferry_metrics_sampler_finalize;

  /**
   * FerryMetricsSampler::updated:
   * @self: a #FerryMetricsSampler
   * @services: the services that got new values, history or deployments
   *
   * Emitted after a round of sampling, at most once per round.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
ferry_metrics_sampler_init (FerryMetricsSampler *self)
{
  g_autoptr(FerryProcSampler) proc_sampler = ferry_proc_sampler_new ();

  /* The rings are kept here: the source need not keep its own. */
  self->local = ferry_local_metric_source_new_full (proc_sampler, 1);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, target_free);
  self->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deployments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify)g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
  self->queued = g_ptr_array_new_with_free_func (g_object_unref);
  self->visible = g_new0 (gchar *, 1);
  self->foreground_ms = FERRY_METRICS_SAMPLER_INTERVAL;
  self->background_ms = FERRY_METRICS_SAMPLER_BACKGROUND_INTERVAL;
  self->activity = FERRY_METRICS_ACTIVITY_PAUSED;
  self->record = TRUE;
  self->pruned_minute = G_MININT64;
}

/**
 * ferry_metrics_sampler_new:
 * @store: (nullable): the workspace's state store: where local processes
 *   are found and the history is kept
 *
 * Creates a sampler. It starts paused and with nothing visible: call
 * ferry_metrics_sampler_set_activity() and
 * ferry_metrics_sampler_set_visible().
 *
 * Returns: (transfer full): a new sampler
 */
FerryMetricsSampler *
ferry_metrics_sampler_new (FerryStore *store)
{
  FerryMetricsSampler *self;

  g_return_val_if_fail (store == NULL || FERRY_IS_STORE (store), NULL);

  self = g_object_new (FERRY_TYPE_METRICS_SAMPLER, NULL);
  g_set_object (&self->store, store);

  return self;
}

/**
 * ferry_metrics_sampler_get_store:
 * @self: a #FerryMetricsSampler
 *
 * Returns: (transfer none) (nullable): the state store
 */
FerryStore *
ferry_metrics_sampler_get_store (FerryMetricsSampler *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), NULL);

  return self->store;
}

/**
 * ferry_metrics_sampler_set_source:
 * @self: a #FerryMetricsSampler
 * @environment: an environment
 * @source: (nullable): where its metrics come from, or %NULL for the
 *   local target's processes
 *
 * Makes @environment's metrics come from @source (a
 * #FerryPrometheusSource …) for every service, instead of the local
 * processes the store records.
 */
void
ferry_metrics_sampler_set_source (FerryMetricsSampler *self,
                                  const gchar         *environment,
                                  FerryMetricSource   *source)
{
  GHashTableIter iter;
  Target *target;

  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));
  g_return_if_fail (environment != NULL);
  g_return_if_fail (source == NULL || FERRY_IS_METRIC_SOURCE (source));

  if (source != NULL)
    g_hash_table_insert (self->sources, g_strdup (environment), g_object_ref (source));
  else
    g_hash_table_remove (self->sources, environment);

  /* What sampled that environment before is found again next round. */
  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    if (g_str_equal (target->environment, environment))
      target_detach (self, target);
}

static gboolean
on_tick (gpointer data)
{
  FerryMetricsSampler *self = data;

  if (!self->busy)
    start_round (self);

  return G_SOURCE_CONTINUE;
}

static void
reschedule (FerryMetricsSampler *self)
{
  guint interval;

  g_clear_handle_id (&self->timeout_source, g_source_remove);

  switch (self->activity)
    {
    case FERRY_METRICS_ACTIVITY_FOREGROUND:
      interval = self->foreground_ms;
      break;

    case FERRY_METRICS_ACTIVITY_BACKGROUND:
      interval = self->background_ms;
      break;

    case FERRY_METRICS_ACTIVITY_PAUSED:
    default:
      return;
    }

  self->timeout_source = g_timeout_add (interval, on_tick, self);
  g_source_set_name_by_id (self->timeout_source, "[ferry] metrics sampler");
}

/**
 * ferry_metrics_sampler_set_activity:
 * @self: a #FerryMetricsSampler
 * @activity: how eagerly to sample
 *
 * Samples every interval, every background interval, or not at all. When
 * paused, the completed minutes are written to the history first.
 */
void
ferry_metrics_sampler_set_activity (FerryMetricsSampler  *self,
                                    FerryMetricsActivity  activity)
{
  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));
  g_return_if_fail (activity <= FERRY_METRICS_ACTIVITY_PAUSED);

  if (self->activity == activity)
    return;

  self->activity = activity;
  reschedule (self);

  /* Resuming shows fresh values at once; pausing saves what was sampled. */
  if (!self->busy)
    start_round (self);
}

/**
 * ferry_metrics_sampler_get_activity:
 * @self: a #FerryMetricsSampler
 *
 * Returns: how eagerly it samples
 */
FerryMetricsActivity
ferry_metrics_sampler_get_activity (FerryMetricsSampler *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), FERRY_METRICS_ACTIVITY_PAUSED);

  return self->activity;
}

/**
 * ferry_metrics_sampler_set_intervals:
 * @self: a #FerryMetricsSampler
 * @foreground_ms: the interval while active, in ms, or 0 for
 *   %FERRY_METRICS_SAMPLER_INTERVAL
 * @background_ms: the interval in the background, in ms, or 0 for
 *   %FERRY_METRICS_SAMPLER_BACKGROUND_INTERVAL
 */
void
ferry_metrics_sampler_set_intervals (FerryMetricsSampler *self,
                                     guint                foreground_ms,
                                     guint                background_ms)
{
  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));

  self->foreground_ms = foreground_ms > 0 ? foreground_ms : FERRY_METRICS_SAMPLER_INTERVAL;
  self->background_ms = background_ms > 0 ? background_ms : FERRY_METRICS_SAMPLER_BACKGROUND_INTERVAL;
  reschedule (self);
}

/**
 * ferry_metrics_sampler_set_record_history:
 * @self: a #FerryMetricsSampler
 * @record: whether to write the history to the store
 *
 * A sampler that only reads (`ferryctl metrics`) leaves the history the
 * window writes alone. The default is to record.
 */
void
ferry_metrics_sampler_set_record_history (FerryMetricsSampler *self,
                                          gboolean             record)
{
  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));

  self->record = !!record;
}

/**
 * ferry_metrics_sampler_set_visible:
 * @self: a #FerryMetricsSampler
 * @services: (array zero-terminated=1) (nullable): the services shown
 *
 * Sets the services whose environments are sampled (besides the selected
 * one): those whose cards are in view.
 */
void
ferry_metrics_sampler_set_visible (FerryMetricsSampler *self,
                                   const gchar * const *services)
{
  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));

  g_strfreev (self->visible);
  self->visible = services != NULL ? g_strdupv ((gchar **)services) : g_new0 (gchar *, 1);
}

/**
 * ferry_metrics_sampler_set_selected:
 * @self: a #FerryMetricsSampler
 * @service: (nullable): the service whose details are shown
 *
 * The selected service is sampled too, and its deployments are read for
 * the markers of its charts.
 */
void
ferry_metrics_sampler_set_selected (FerryMetricsSampler *self,
                                    const gchar         *service)
{
  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));

  if (g_strcmp0 (self->selected, service) == 0)
    return;

  g_free (self->selected);
  self->selected = g_strdup (service);

  /* Details want their charts now, not at the next tick. */
  if (service != NULL && self->activity != FERRY_METRICS_ACTIVITY_PAUSED)
    {
      if (self->busy)
        self->again = TRUE;
      else
        start_round (self);
    }
}

static gboolean
is_wanted (FerryMetricsSampler *self,
           const gchar         *service)
{
  return g_strv_contains ((const gchar * const *)self->visible, service) ||
         g_strcmp0 (self->selected, service) == 0;
}

/**
 * ferry_metrics_sampler_is_running:
 * @self: a #FerryMetricsSampler
 * @service: a service
 * @environment: an environment
 *
 * Returns: whether the service is being sampled in @environment: a
 *   process of it runs there, or a source answers for it
 */
gboolean
ferry_metrics_sampler_is_running (FerryMetricsSampler *self,
                                  const gchar         *service,
                                  const gchar         *environment)
{
  Target *target;

  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), FALSE);
  g_return_val_if_fail (service != NULL && environment != NULL, FALSE);

  target = lookup_target (self, service, environment);

  return target != NULL && target->locator != NULL;
}

/**
 * ferry_metrics_sampler_has_data:
 * @self: a #FerryMetricsSampler
 * @service: a service
 * @environment: an environment
 *
 * Returns: whether any value of the service in @environment is known,
 *   sampled or from the history
 */
gboolean
ferry_metrics_sampler_has_data (FerryMetricsSampler *self,
                                const gchar         *service,
                                const gchar         *environment)
{
  Target *target;

  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), FALSE);
  g_return_val_if_fail (service != NULL && environment != NULL, FALSE);

  target = lookup_target (self, service, environment);
  if (target == NULL)
    return FALSE;

  for (guint i = 0; i < N_KEPT; i++)
    if (ferry_series_get_length (target->live[i]) > 0 ||
        ferry_series_get_length (target->history[i]) > 0)
      return TRUE;

  return FALSE;
}

/**
 * ferry_metrics_sampler_get_live:
 * @self: a #FerryMetricsSampler
 * @service: a service
 * @environment: an environment
 * @metric: %FERRY_METRIC_CPU, %FERRY_METRIC_MEMORY, %FERRY_METRIC_NET_RX
 *   or %FERRY_METRIC_NET_TX
 *
 * Returns: (transfer none) (nullable): the ring of the values sampled
 *   since the service was shown (NaN where it did not run), or %NULL when
 *   it never was
 */
FerrySeries *
ferry_metrics_sampler_get_live (FerryMetricsSampler *self,
                                const gchar         *service,
                                const gchar         *environment,
                                FerryMetric          metric)
{
  Target *target;
  gint index;

  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), NULL);
  g_return_val_if_fail (service != NULL && environment != NULL, NULL);

  index = kept_index (metric);
  target = lookup_target (self, service, environment);
  if (target == NULL || index < 0)
    return NULL;

  return target->live[index];
}

/**
 * ferry_metrics_sampler_get_series:
 * @self: a #FerryMetricsSampler
 * @service: a service
 * @environment: an environment
 * @metric: %FERRY_METRIC_CPU, %FERRY_METRIC_MEMORY, %FERRY_METRIC_NET_RX
 *   or %FERRY_METRIC_NET_TX
 * @since: the oldest time wanted, µs since the Unix epoch
 *
 * Gathers what is known of a metric since @since: the one-a-minute
 * history (each minute's mean at its start) up to where the sampled
 * values begin, then those.
 *
 * Returns: (transfer full) (nullable): a new series, or %NULL when
 *   nothing is known of the service in @environment
 */
FerrySeries *
ferry_metrics_sampler_get_series (FerryMetricsSampler *self,
                                  const gchar         *service,
                                  const gchar         *environment,
                                  FerryMetric          metric,
                                  gint64               since)
{
  FerrySeries *live, *history, *ret;
  FerrySeriesPoint first;
  Target *target;
  gint64 live_start = G_MAXINT64;
  guint from_history, from_live, history_end;
  gint index;

  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), NULL);
  g_return_val_if_fail (service != NULL && environment != NULL, NULL);

  index = kept_index (metric);
  target = lookup_target (self, service, environment);
  if (target == NULL || index < 0)
    return NULL;

  live = target->live[index];
  history = target->history[index];
  if (ferry_series_get_point (live, 0, &first))
    live_start = first.time;

  from_history = ferry_series_lower_bound (history, since);
  history_end = ferry_series_lower_bound (history, live_start);
  from_live = ferry_series_lower_bound (live, since);

  ret = ferry_series_new (MAX (1, (history_end > from_history ? history_end - from_history : 0) +
                                  ferry_series_get_length (live) - from_live));

  for (guint i = from_history; i < history_end; i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (history, i, &point);
      ferry_series_push (ret, point.time, point.value);
    }

  for (guint i = from_live; i < ferry_series_get_length (live); i++)
    {
      FerrySeriesPoint point;

      ferry_series_get_point (live, i, &point);
      ferry_series_push (ret, point.time, point.value);
    }

  return ret;
}

/**
 * ferry_metrics_sampler_get_deployments:
 * @self: a #FerryMetricsSampler
 * @service: a service
 * @environment: an environment
 *
 * Lists the deployments of the selected service, read from the store
 * with each round, for the markers of its charts.
 *
 * Returns: (transfer none) (nullable) (element-type FerryDeployment): the
 *   deployments of @service to @environment, newest first, or %NULL when
 *   @service is not the selected one or none is known
 */
GPtrArray *
ferry_metrics_sampler_get_deployments (FerryMetricsSampler *self,
                                       const gchar         *service,
                                       const gchar         *environment)
{
  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), NULL);
  g_return_val_if_fail (service != NULL && environment != NULL, NULL);

  if (g_strcmp0 (service, self->deployments_of) != 0)
    return NULL;

  return g_hash_table_lookup (self->deployments, environment);
}

/**
 * ferry_metrics_sampler_get_n_rounds:
 * @self: a #FerryMetricsSampler
 *
 * Returns: how many rounds of sampling were started (for tests and
 *   diagnostics)
 */
guint64
ferry_metrics_sampler_get_n_rounds (FerryMetricsSampler *self)
{
  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), 0);

  return self->n_rounds;
}

/* The store's thread */

static gpointer
round_work (FerryStore    *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Round *round = data;

  if (round->flush != NULL && round->flush->len > 0 &&
      !ferry_store_put_metric_history (store, round->flush, error))
    return NULL;

  if (round->prune_before != 0 &&
      !ferry_store_prune_metric_history (store, round->prune_before, NULL, error))
    return NULL;

  if (round->wanted[0] != NULL)
    {
      g_autoptr(GPtrArray) processes = ferry_store_list_local_processes (store, error);

      if (processes == NULL)
        return NULL;

      round->processes = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_local_process_unref);
      for (guint i = 0; i < processes->len; i++)
        {
          FerryLocalProcess *process = g_ptr_array_index (processes, i);

          if (g_strv_contains ((const gchar * const *)round->wanted, process->service) &&
              ferry_store_pid_is_alive (process->pid, process->start_time))
            g_ptr_array_add (round->processes, ferry_local_process_ref (process));
        }
    }

  round->histories = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
  for (guint i = 0; round->to_load != NULL && i < round->to_load->len; i++)
    {
      g_autoptr(GPtrArray) histories = NULL;

      histories = ferry_store_list_metric_history (store, g_ptr_array_index (round->to_load, i), NULL,
                                                   round->now - FERRY_METRIC_HISTORY_SPAN, error);
      if (histories == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (round->histories, g_steal_pointer (&histories));
    }

  if (round->selected != NULL)
    {
      round->deployments = ferry_store_list_deployments (store, round->selected, NULL,
                                                         MAX_DEPLOYMENTS, error);
      if (round->deployments == NULL)
        return NULL;
    }

  return round;
}

/* The main thread */

static void
mark_changed (Round       *round,
              const gchar *service)
{
  g_hash_table_add (round->changed, g_strdup (service));
}

static void
apply_histories (FerryMetricsSampler *self,
                 Round               *round)
{
  for (guint i = 0; i < round->histories->len; i++)
    {
      FerryMetricHistory *history = g_ptr_array_index (round->histories, i);
      gint index = kept_index (history->metric);
      Target *target;

      if (index < 0)
        continue;

      target = ensure_target (self, history->service, history->environment);
      for (guint j = 0; j < history->buckets->len; j++)
        {
          const FerrySeriesBucket *bucket = &g_array_index (history->buckets, FerrySeriesBucket, j);

          ferry_series_push (target->history[index], bucket->start, bucket->mean);
        }
      mark_changed (round, history->service);
    }
}

/* Minutes written: they join the history kept in memory. */
static void
apply_flush (FerryMetricsSampler *self,
             Round               *round)
{
  for (guint i = 0; round->flush != NULL && i < round->flush->len; i++)
    {
      FerryMetricHistory *history = g_ptr_array_index (round->flush, i);
      Target *target = lookup_target (self, history->service, history->environment);
      gint index = kept_index (history->metric);

      if (target == NULL || index < 0)
        continue;

      for (guint j = 0; j < history->buckets->len; j++)
        {
          const FerrySeriesBucket *bucket = &g_array_index (history->buckets, FerrySeriesBucket, j);

          /* The minute still filling is written, not yet kept. */
          if (bucket->start < round->minute)
            ferry_series_push (target->history[index], bucket->start, bucket->mean);
        }
    }
}

/* Minutes that could not be written are tried again next time. */
static void
undo_flush (FerryMetricsSampler *self,
            Round               *round)
{
  for (guint i = 0; round->flush != NULL && i < round->flush->len; i++)
    {
      FerryMetricHistory *history = g_ptr_array_index (round->flush, i);
      Target *target = lookup_target (self, history->service, history->environment);

      if (target != NULL && history->buckets->len > 0)
        target->flushed_until = MIN (target->flushed_until,
                                     g_array_index (history->buckets, FerrySeriesBucket, 0).start);
    }
}

static gchar *
metrics_url (const FerryLocalProcess *process)
{
  if (process->port == 0)
    return NULL;

  return g_strdup_printf ("http://127.0.0.1:%u/metrics", process->port);
}

static void
apply_processes (FerryMetricsSampler *self,
                 Round               *round)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  Target *target;

  for (guint i = 0; round->processes != NULL && i < round->processes->len; i++)
    {
      FerryLocalProcess *process = g_ptr_array_index (round->processes, i);
      g_autofree gchar *url = metrics_url (process);

      /* Another source answers for that environment. */
      if (g_hash_table_contains (self->sources, process->environment))
        continue;

      /* Only wanted services' processes are listed. */
      target = ensure_target (self, process->service, process->environment);
      target->wanted = TRUE;
      g_hash_table_add (seen, target->key);

      if (target->locator != NULL &&
          ferry_metric_locator_get_pid (target->locator) == process->pid &&
          g_strcmp0 (ferry_metric_locator_get_metrics_url (target->locator), url) == 0)
        continue;

      /* A new process: rates start over, and the line breaks. */
      if (target->locator != NULL)
        target_push_gap (target, round->now);
      target_detach (self, target);
      target->locator = ferry_metric_locator_new (process->service, process->environment);
      ferry_metric_locator_set_pid (target->locator, process->pid);
      ferry_metric_locator_set_metrics_url (target->locator, url);
      target->source = g_object_ref (FERRY_METRIC_SOURCE (self->local));
    }

  /* Wanted local targets whose process is gone. */
  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    {
      if (!target->wanted || g_hash_table_contains (seen, target->key) ||
          g_hash_table_contains (self->sources, target->environment) ||
          target->locator == NULL)
        continue;

      target_detach (self, target);
      if (target_push_gap (target, round->now))
        mark_changed (round, target->service);
    }

  /* Other sources: every wanted service in their environments. */
  g_hash_table_iter_init (&iter, self->sources);
  {
    const gchar *environment;
    FerryMetricSource *source;

    while (g_hash_table_iter_next (&iter, (gpointer *)&environment, (gpointer *)&source))
      {
        for (guint i = 0; round->wanted[i] != NULL; i++)
          {
            target = ensure_target (self, round->wanted[i], environment);
            target->wanted = TRUE;
            if (target->locator == NULL)
              {
                target->locator = ferry_metric_locator_new (round->wanted[i], environment);
                target->source = g_object_ref (source);
              }
          }
      }
  }
}

static gboolean
same_deployments (GPtrArray *a,
                  GPtrArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      FerryDeployment *da = g_ptr_array_index (a, i);
      FerryDeployment *db = g_ptr_array_index (b, i);

      if (da->id != db->id || da->status != db->status)
        return FALSE;
    }

  return TRUE;
}

static void
apply_deployments (FerryMetricsSampler *self,
                   Round               *round)
{
  g_autoptr(GHashTable) by_env = NULL;
  GHashTableIter iter;
  const gchar *environment;
  GPtrArray *list;
  gboolean changed;

  if (round->selected == NULL || round->deployments == NULL)
    return;

  by_env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < round->deployments->len; i++)
    {
      FerryDeployment *deployment = g_ptr_array_index (round->deployments, i);

      list = g_hash_table_lookup (by_env, deployment->environment);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_deployment_unref);
          g_hash_table_insert (by_env, g_strdup (deployment->environment), list);
        }
      g_ptr_array_add (list, ferry_deployment_ref (deployment));
    }

  changed = g_strcmp0 (self->deployments_of, round->selected) != 0 ||
            g_hash_table_size (by_env) != g_hash_table_size (self->deployments);
  g_hash_table_iter_init (&iter, by_env);
  while (!changed && g_hash_table_iter_next (&iter, (gpointer *)&environment, (gpointer *)&list))
    changed = !same_deployments (list, g_hash_table_lookup (self->deployments, environment));

  if (!changed)
    return;

  g_free (self->deployments_of);
  self->deployments_of = g_strdup (round->selected);
  g_hash_table_unref (self->deployments);
  self->deployments = g_steal_pointer (&by_env);
  mark_changed (round, round->selected);
}

static gboolean
target_is_flushed (FerryMetricsSampler *self,
                   Target              *target)
{
  FerrySeriesPoint last;

  if (!self->record || self->store == NULL)
    return TRUE;

  for (guint i = 0; i < N_KEPT; i++)
    if (ferry_series_get_last (target->live[i], &last) && last.time >= target->flushed_until)
      return FALSE;

  return TRUE;
}

/* Services nobody looked at for a while leave memory; the store keeps
 * their history. */
static void
evict_idle (FerryMetricsSampler *self)
{
  g_autoptr(GHashTable) kept_services = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  Target *target;
  const gchar *service;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    {
      if (!target->wanted && now - target->last_wanted > IDLE_EVICT_USEC &&
          target_is_flushed (self, target))
        {
          target_detach (self, target);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      g_hash_table_add (kept_services, target->service);
    }

  g_hash_table_iter_init (&iter, self->loaded);
  while (g_hash_table_iter_next (&iter, (gpointer *)&service, NULL))
    if (!is_wanted (self, service) && !g_hash_table_contains (kept_services, service))
      g_hash_table_iter_remove (&iter);
}

static void
round_complete (Round *round)
{
  g_autoptr(FerryMetricsSampler) self = g_weak_ref_get (&round->self_ref);

  if (self != NULL)
    {
      self->busy = FALSE;

      if (round->error == NULL)
        {
          evict_idle (self);

          if (g_hash_table_size (round->changed) > 0)
            {
              g_autofree const gchar **services = (const gchar **)g_hash_table_get_keys_as_array (round->changed, NULL);

              g_signal_emit (self, signals[UPDATED], 0, services);
            }
        }
    }

  for (guint i = 0; i < round->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (round->tasks, i);

      if (round->error != NULL)
        g_task_return_error (task, g_error_copy (round->error));
      else
        g_task_return_boolean (task, TRUE);
    }

  /* A callback above may have started a round already. */
  if (self != NULL && !self->busy && !g_cancellable_is_cancelled (self->cancellable) &&
      (self->again || self->queued->len > 0))
    {
      self->again = FALSE;
      start_round (self);
    }

  round_free (round);
}

static void
query_done (Query *query)
{
  Round *round = query->round;

  query_free (query);

  g_assert (round->pending > 0);
  if (--round->pending == 0)
    round_complete (round);
}

static void
on_sampled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Query *query = user_data;
  g_autoptr(FerryMetricsSampler) self = g_weak_ref_get (&query->round->self_ref);
  g_autoptr(FerryMetricSample) sample = NULL;
  g_autoptr(GError) error = NULL;
  Target *target;

  sample = ferry_metric_source_query_latest_finish (FERRY_METRIC_SOURCE (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !(target = g_hash_table_lookup (self->targets, query->key)) ||
      target->locator != query->locator)
    {
      query_done (query);
      return;
    }

  if (sample != NULL)
    {
      for (guint i = 0; i < N_KEPT; i++)
        ferry_series_push (target->live[i], sample->time, sample->values[kept_metrics[i]]);
      mark_changed (query->round, target->service);
    }
  else
    {
      g_debug ("Cannot sample %s in %s: %s", target->service, target->environment, error->message);
      if (target_push_gap (target, query->round->now))
        mark_changed (query->round, target->service);
      /* A process that is gone is found again, or not, by the next round. */
      if (g_error_matches (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND))
        target_detach (self, target);
    }

  query_done (query);
}

/* @points, one a minute from another source, take the place of what the
 * history of @target held over their span. */
static void
target_merge_history (Target      *target,
                      guint        index,
                      FerrySeries *points)
{
  FerrySeries *history = target->history[index];
  FerrySeries *merged;
  FerrySeriesPoint first, last, point;

  if (!ferry_series_get_point (points, 0, &first) || !ferry_series_get_last (points, &last))
    return;

  merged = ferry_series_new (HISTORY_POINTS);
  for (guint i = 0; ferry_series_get_point (history, i, &point) && point.time < first.time; i++)
    ferry_series_push (merged, point.time, point.value);
  for (guint i = 0; ferry_series_get_point (points, i, &point); i++)
    ferry_series_push (merged, point.time, point.value);
  for (guint i = ferry_series_lower_bound (history, last.time + 1); ferry_series_get_point (history, i, &point); i++)
    ferry_series_push (merged, point.time, point.value);

  g_object_unref (history);
  target->history[index] = merged;
}

static void
on_backfilled (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Query *query = user_data;
  g_autoptr(FerryMetricsSampler) self = g_weak_ref_get (&query->round->self_ref);
  g_autoptr(FerrySeries) points = NULL;
  g_autoptr(GError) error = NULL;
  Target *target;

  points = ferry_metric_source_query_range_finish (FERRY_METRIC_SOURCE (object), result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !(target = g_hash_table_lookup (self->targets, query->key)))
    {
      query_done (query);
      return;
    }

  if (points == NULL)
    {
      /* Asked again later, not every round while the source is down. */
      g_debug ("Cannot read the past %s of %s in %s: %s", ferry_metric_to_string (kept_metrics[query->index]),
               target->service, target->environment, error->message);
      target->backfill_at = MIN (target->backfill_at, query->round->now + BACKFILL_RETRY);
    }
  else if (ferry_series_get_length (points) > 0)
    {
      target_merge_history (target, query->index, points);
      mark_changed (query->round, target->service);
    }

  query_done (query);
}

/* The last 24 hours of @target, a point a minute on the minute, asked of
 * its source (one that is not this computer's processes). */
static void
round_backfill (FerryMetricsSampler *self,
                Round               *round,
                Target              *target)
{
  gint64 end = round->minute - MINUTE_USEC;
  gint64 start = round->minute - BACKFILL_MINUTES * MINUTE_USEC;

  target->backfill_at = G_MAXINT64;

  for (guint i = 0; i < N_KEPT; i++)
    {
      ferry_metric_source_query_range_async (target->source, target->locator, kept_metrics[i],
                                             start, end, MINUTE_USEC, round->cancellable,
                                             on_backfilled, query_new (round, target, i));
    }
}

static void
round_sample (FerryMetricsSampler *self,
              Round               *round)
{
  GHashTableIter iter;
  Target *target;

  /* Counts one for itself, so that answers given at once cannot end the
   * round before every query is sent. */
  round->pending = 1;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    {
      if (!target->wanted || target->locator == NULL)
        continue;

      ferry_metric_source_query_latest_async (target->source, target->locator, round->cancellable,
                                              on_sampled, query_new (round, target, -1));

      if (target->source != FERRY_METRIC_SOURCE (self->local) && round->now >= target->backfill_at)
        round_backfill (self, round, target);
    }

  if (--round->pending == 0)
    round_complete (round);
}

static void
on_round_worked (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(FerryMetricsSampler) self = g_weak_ref_get (&round->self_ref);
  g_autoptr(GError) error = NULL;

  if (ferry_store_run_finish (FERRY_STORE (object), result, &error) == NULL || self == NULL)
    {
      if (self != NULL)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("Cannot read or write the metrics of the state store: %s", error->message);
          undo_flush (self, round);
        }
      round->error = error != NULL ? g_steal_pointer (&error)
                                   : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          "The sampler was dropped");
      round_complete (round);
      return;
    }

  apply_flush (self, round);
  apply_histories (self, round);
  apply_processes (self, round);
  apply_deployments (self, round);
  round_sample (self, round);
}

/* What was sampled before @until and not yet written, downsampled. */
static void
collect_flush (FerryMetricsSampler *self,
               Round               *round,
               gint64               until)
{
  GHashTableIter iter;
  Target *target;

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    {
      if (until <= target->flushed_until)
        continue;

      for (guint i = 0; i < N_KEPT; i++)
        {
          g_autoptr(GArray) buckets = ferry_series_downsample (target->live[i], target->flushed_until,
                                                               until, FERRY_METRIC_HISTORY_BUCKET);
          FerryMetricHistory *history;

          if (buckets->len == 0)
            continue;

          history = ferry_metric_history_new (target->service, target->environment, kept_metrics[i]);
          g_array_append_vals (history->buckets, buckets->data, buckets->len);
          g_ptr_array_add (round->flush, history);
        }

      /* The minute still filling is written again once complete. */
      target->flushed_until = MAX (target->flushed_until, MIN (until, round->minute));
    }
}

static gboolean
has_flush_task (FerryMetricsSampler *self)
{
  for (guint i = 0; i < self->queued->len; i++)
    if (g_task_get_task_data (g_ptr_array_index (self->queued, i)) != NULL)
      return TRUE;

  return FALSE;
}

static void
start_round (FerryMetricsSampler *self)
{
  g_autoptr(GStrvBuilder) wanted = g_strv_builder_new ();
  g_autoptr(GHashTable) wanted_set = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 mono = g_get_monotonic_time ();
  gboolean flush_all;
  GHashTableIter iter;
  Target *target;
  Round *round;

  g_assert (!self->busy);

  round = g_new0 (Round, 1);
  g_weak_ref_init (&round->self_ref, self);
  round->cancellable = g_object_ref (self->cancellable);
  round->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  round->now = g_get_real_time ();
  round->minute = floor_to_bucket (round->now);
  round->flush = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_metric_history_unref);
  round->to_load = g_ptr_array_new_with_free_func (g_free);

  flush_all = has_flush_task (self);
  round->tasks = g_steal_pointer (&self->queued);
  self->queued = g_ptr_array_new_with_free_func (g_object_unref);

  /* Paused, only asked-for rounds sample. */
  if (self->activity != FERRY_METRICS_ACTIVITY_PAUSED || round->tasks->len > 0)
    {
      for (guint i = 0; self->visible[i] != NULL; i++)
        if (!g_hash_table_contains (wanted_set, self->visible[i]))
          {
            g_hash_table_add (wanted_set, self->visible[i]);
            g_strv_builder_add (wanted, self->visible[i]);
          }
      if (self->selected != NULL && !g_hash_table_contains (wanted_set, self->selected))
        {
          g_hash_table_add (wanted_set, self->selected);
          g_strv_builder_add (wanted, self->selected);
        }
      round->selected = g_strdup (self->selected);
    }
  round->wanted = g_strv_builder_end (wanted);

  g_hash_table_iter_init (&iter, self->targets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&target))
    {
      target->wanted = g_hash_table_contains (wanted_set, target->service);
      if (target->wanted)
        target->last_wanted = mono;
    }

  if (self->store != NULL)
    for (guint i = 0; round->wanted[i] != NULL; i++)
      if (!g_hash_table_contains (self->loaded, round->wanted[i]))
        {
          g_hash_table_add (self->loaded, g_strdup (round->wanted[i]));
          g_ptr_array_add (round->to_load, g_strdup (round->wanted[i]));
        }

  if (self->record && self->store != NULL)
    {
      collect_flush (self, round, flush_all ? round->now + 1 : round->minute);

      /* Once a minute, and once at first. */
      if (self->pruned_minute != round->minute)
        {
          round->prune_before = round->now - FERRY_METRIC_HISTORY_SPAN;
          self->pruned_minute = round->minute;
        }
    }

  /* Nothing to do: no round at all. */
  if (round->wanted[0] == NULL && round->flush->len == 0 && round->prune_before == 0 &&
      round->tasks->len == 0)
    {
      round_free (round);
      return;
    }

  self->busy = TRUE;
  self->n_rounds++;

  if (self->store != NULL)
    {
      ferry_store_run_async (self->store, round_work, round, NULL, NULL,
                             round->cancellable, on_round_worked, round);
    }
  else
    {
      apply_processes (self, round);
      round_sample (self, round);
    }
}

/**
 * ferry_metrics_sampler_sample_async:
 * @self: a #FerryMetricsSampler
 * @write_history: whether to write to the history what was sampled so
 *   far, the minute still filling included (it is written again once
 *   complete): for a sampler about to be dropped, and for tests
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the round is over
 * @user_data: data for @callback
 *
 * Samples the visible and selected services now (after the round under
 * way, if any), whatever the activity, and reads the store for them.
 */
void
ferry_metrics_sampler_sample_async (FerryMetricsSampler *self,
                                    gboolean             write_history,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_metrics_sampler_sample_async);
  g_task_set_task_data (task, GINT_TO_POINTER (!!write_history), NULL);
  g_ptr_array_add (self->queued, task);

  if (self->busy)
    self->again = TRUE;
  else
    start_round (self);
}

/**
 * ferry_metrics_sampler_sample_finish:
 * @self: a #FerryMetricsSampler
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the round could read (and write) the store (a
 *   source that could not be sampled is a gap, not an error), else
 *   %FALSE with @error set
 */
gboolean
ferry_metrics_sampler_sample_finish (FerryMetricsSampler  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (FERRY_IS_METRICS_SAMPLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

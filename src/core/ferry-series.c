/* ferry-series.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-series"

#include "config.h"

#include <math.h>

#include "ferry-series.h"

/**
 * FerrySeries:
 *
 * A time series of one metric kept in a ring of fixed capacity: once full,
 * each new point replaces the oldest, so memory stays bounded however long
 * Ferry runs.
 *
 * Points are kept in time order; aggregate functions (decimation,
 * downsampling, summaries) treat NaN and infinite values as gaps.
 * Times are microseconds since the Unix epoch; ranges are half-open,
 * `[start, end)`.
 */
struct _FerrySeries
{
  GObject           parent_instance;

  FerrySeriesPoint *points;
  guint             capacity;
  guint             head;
  guint             length;
};

G_DEFINE_FINAL_TYPE (FerrySeries, ferry_series, G_TYPE_OBJECT)

/* A run of points contiguous in memory. */
typedef struct
{
  const FerrySeriesPoint *points;
  guint                   n;
} Span;

static void
ferry_series_finalize (GObject *object)
{
  FerrySeries *self = (FerrySeries *)object;

  g_clear_pointer (&self->points, g_free);

  G_OBJECT_CLASS (ferry_series_parent_class)->finalize (object);
}

static void
ferry_series_class_init (FerrySeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_series_finalize;
}

static void
ferry_series_init (FerrySeries *self)
{
}

static inline const FerrySeriesPoint *
point_at (FerrySeries *self,
          guint        index)
{
  guint slot = self->head + index;

  if (slot >= self->capacity)
    slot -= self->capacity;

  return &self->points[slot];
}

/* Splits the logical points [from, to) into at most two memory spans. */
static guint
get_spans (FerrySeries *self,
           guint        from,
           guint        to,
           Span         spans[2])
{
  guint first, n, until_wrap;

  g_assert (from <= to);
  g_assert (to <= self->length);

  n = to - from;
  if (n == 0)
    return 0;

  first = self->head + from;
  if (first >= self->capacity)
    first -= self->capacity;

  until_wrap = self->capacity - first;
  spans[0].points = &self->points[first];
  if (n <= until_wrap)
    {
      spans[0].n = n;
      return 1;
    }

  spans[0].n = until_wrap;
  spans[1].points = &self->points[0];
  spans[1].n = n - until_wrap;

  return 2;
}

/* The spans of the points in [start, end). */
static guint
get_range_spans (FerrySeries *self,
                 gint64       start,
                 gint64       end,
                 Span         spans[2])
{
  return get_spans (self,
                    ferry_series_lower_bound (self, start),
                    ferry_series_lower_bound (self, end),
                    spans);
}

static gboolean
check_range (gint64 start,
             gint64 end)
{
  return start < end;
}

/**
 * ferry_series_new:
 * @capacity: how many points the series keeps at most (at least 1)
 *
 * Returns: (transfer full): a new, empty series
 */
FerrySeries *
ferry_series_new (guint capacity)
{
  FerrySeries *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_object_new (FERRY_TYPE_SERIES, NULL);
  self->capacity = capacity;
  self->points = g_new (FerrySeriesPoint, capacity);

  return self;
}

/**
 * ferry_series_get_capacity:
 * @self: a #FerrySeries
 *
 * Returns: how many points @self keeps at most
 */
guint
ferry_series_get_capacity (FerrySeries *self)
{
  g_return_val_if_fail (FERRY_IS_SERIES (self), 0);

  return self->capacity;
}

/**
 * ferry_series_get_length:
 * @self: a #FerrySeries
 *
 * Returns: how many points @self holds
 */
guint
ferry_series_get_length (FerrySeries *self)
{
  g_return_val_if_fail (FERRY_IS_SERIES (self), 0);

  return self->length;
}

/**
 * ferry_series_push:
 * @self: a #FerrySeries
 * @time: when the value was measured, in µs since the Unix epoch
 * @value: the value (NaN for a gap)
 *
 * Appends a point, dropping the oldest one when @self is full. A point
 * older than the newest one is refused: series stay in time order.
 *
 * Returns: %TRUE when the point was added
 */
gboolean
ferry_series_push (FerrySeries *self,
                   gint64       time,
                   gdouble      value)
{
  FerrySeriesPoint *slot;
  guint index;

  g_return_val_if_fail (FERRY_IS_SERIES (self), FALSE);

  if (self->length > 0 && point_at (self, self->length - 1)->time > time)
    return FALSE;

  if (self->length < self->capacity)
    {
      index = self->head + self->length;
      if (index >= self->capacity)
        index -= self->capacity;
      self->length++;
    }
  else
    {
      index = self->head;
      self->head = (self->head + 1) % self->capacity;
    }

  slot = &self->points[index];
  slot->time = time;
  slot->value = value;

  return TRUE;
}

/**
 * ferry_series_clear:
 * @self: a #FerrySeries
 *
 * Removes every point.
 */
void
ferry_series_clear (FerrySeries *self)
{
  g_return_if_fail (FERRY_IS_SERIES (self));

  self->head = 0;
  self->length = 0;
}

/**
 * ferry_series_get_point:
 * @self: a #FerrySeries
 * @index: 0 for the oldest point
 * @point: (out): where to store the point
 *
 * Returns: %TRUE when @index is below the length
 */
gboolean
ferry_series_get_point (FerrySeries      *self,
                        guint             index,
                        FerrySeriesPoint *point)
{
  g_return_val_if_fail (FERRY_IS_SERIES (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (index >= self->length)
    return FALSE;

  *point = *point_at (self, index);

  return TRUE;
}

/**
 * ferry_series_get_last:
 * @self: a #FerrySeries
 * @point: (out): where to store the newest point
 *
 * Returns: %FALSE when @self is empty
 */
gboolean
ferry_series_get_last (FerrySeries      *self,
                       FerrySeriesPoint *point)
{
  g_return_val_if_fail (FERRY_IS_SERIES (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (self->length == 0)
    return FALSE;

  *point = *point_at (self, self->length - 1);

  return TRUE;
}

/**
 * ferry_series_lower_bound:
 * @self: a #FerrySeries
 * @time: a time in µs since the Unix epoch
 *
 * Returns: the index of the first point at or after @time, or the length
 *   when there is none
 */
guint
ferry_series_lower_bound (FerrySeries *self,
                          gint64       time)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (FERRY_IS_SERIES (self), 0);

  hi = self->length;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (point_at (self, mid)->time < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * ferry_series_get_value_range:
 * @self: a #FerrySeries
 * @start: start of the time range
 * @end: end of the time range (excluded)
 * @min: (out) (optional): the smallest finite value in the range
 * @max: (out) (optional): the largest finite value in the range
 *
 * Finds the extent of the values in a time range, to fit an axis.
 *
 * Returns: %FALSE when the range holds no finite value
 */
gboolean
ferry_series_get_value_range (FerrySeries *self,
                              gint64       start,
                              gint64       end,
                              gdouble     *min,
                              gdouble     *max)
{
  Span spans[2];
  guint n_spans;
  gdouble lo = INFINITY;
  gdouble hi = -INFINITY;

  g_return_val_if_fail (FERRY_IS_SERIES (self), FALSE);

  if (!check_range (start, end))
    return FALSE;

  n_spans = get_range_spans (self, start, end, spans);
  for (guint s = 0; s < n_spans; s++)
    {
      for (guint i = 0; i < spans[s].n; i++)
        {
          gdouble v = spans[s].points[i].value;

          if (!isfinite (v))
            continue;
          if (v < lo)
            lo = v;
          if (v > hi)
            hi = v;
        }
    }

  if (lo > hi)
    return FALSE;

  if (min != NULL)
    *min = lo;
  if (max != NULL)
    *max = hi;

  return TRUE;
}

static inline gint64
floor_to (gint64 time,
          gint64 width)
{
  gint64 rem = time % width;

  if (rem < 0)
    rem += width;

  return time - rem;
}

/**
 * ferry_series_downsample:
 * @self: a #FerrySeries
 * @start: start of the time range
 * @end: end of the time range (excluded)
 * @width: the bucket width in µs (for example 60 s)
 *
 * Reduces the points in `[start, end)` to one row per bucket of @width.
 * Buckets are aligned on multiples of @width since the epoch, so that
 * downsampling the same data again yields the same rows (an upsert into
 * the history table is idempotent). Buckets without a finite value are
 * left out.
 *
 * Returns: (transfer full) (element-type FerrySeriesBucket): the buckets in
 *   time order
 */
GArray *
ferry_series_downsample (FerrySeries *self,
                         gint64       start,
                         gint64       end,
                         gint64       width)
{
  GArray *buckets;
  FerrySeriesBucket bucket = { 0 };
  gdouble sum = 0.0;
  Span spans[2];
  guint n_spans;

  g_return_val_if_fail (FERRY_IS_SERIES (self), NULL);
  g_return_val_if_fail (width > 0, NULL);

  buckets = g_array_new (FALSE, FALSE, sizeof (FerrySeriesBucket));
  if (!check_range (start, end))
    return buckets;

  n_spans = get_range_spans (self, start, end, spans);
  for (guint s = 0; s < n_spans; s++)
    {
      for (guint i = 0; i < spans[s].n; i++)
        {
          const FerrySeriesPoint *p = &spans[s].points[i];
          gint64 bucket_start;

          if (!isfinite (p->value))
            continue;

          bucket_start = floor_to (p->time, width);
          if (bucket.count > 0 && bucket_start != bucket.start)
            {
              bucket.mean = sum / bucket.count;
              g_array_append_val (buckets, bucket);
              bucket.count = 0;
            }

          if (bucket.count == 0)
            {
              bucket.start = bucket_start;
              bucket.min = p->value;
              bucket.max = p->value;
              sum = 0.0;
            }

          bucket.min = MIN (bucket.min, p->value);
          bucket.max = MAX (bucket.max, p->value);
          sum += p->value;
          bucket.count++;
        }
    }

  if (bucket.count > 0)
    {
      bucket.mean = sum / bucket.count;
      g_array_append_val (buckets, bucket);
    }

  return buckets;
}

/**
 * ferry_series_resample:
 * @self: a #FerrySeries
 * @start: start of the time range
 * @end: end of the time range (excluded)
 * @step: the distance between points of the result, in µs
 *
 * Makes a new series with one point per @step-wide bucket of
 * `[start, end)` that holds a value: the bucket's mean, at the bucket's
 * start. This is how a range query at a given resolution is answered from
 * a finer series.
 *
 * Returns: (transfer full): the resampled series
 */
FerrySeries *
ferry_series_resample (FerrySeries *self,
                       gint64       start,
                       gint64       end,
                       gint64       step)
{
  g_autoptr(GArray) buckets = NULL;
  FerrySeries *ret;

  g_return_val_if_fail (FERRY_IS_SERIES (self), NULL);
  g_return_val_if_fail (step > 0, NULL);

  buckets = ferry_series_downsample (self, start, end, step);
  ret = ferry_series_new (MAX (buckets->len, 1));
  for (guint i = 0; i < buckets->len; i++)
    {
      const FerrySeriesBucket *b = &g_array_index (buckets, FerrySeriesBucket, i);

      ferry_series_push (ret, b->start, b->mean);
    }

  return ret;
}

/**
 * ferry_series_decimate:
 * @self: a #FerrySeries
 * @start: the time at the left edge
 * @end: the time at the right edge (excluded)
 * @columns: (array length=n_columns) (out caller-allocates): one entry per
 *   pixel column
 * @n_columns: the number of columns, usually the chart's width in pixels
 *
 * Reduces the points in `[start, end)` to the minimum, maximum and mean of
 * each of @n_columns equal slices of time, so a chart draws one vertical
 * span per pixel column however many points there are. Columns without a
 * finite value get a count of 0 (a gap).
 */
void
ferry_series_decimate (FerrySeries       *self,
                       gint64             start,
                       gint64             end,
                       FerrySeriesColumn *columns,
                       guint              n_columns)
{
  ferry_series_decimate_full (self, start, end, columns, NULL, n_columns);
}

/**
 * ferry_series_decimate_full:
 * @self: a #FerrySeries
 * @start: the time at the left edge
 * @end: the time at the right edge (excluded)
 * @columns: (array length=n_columns) (out caller-allocates): one entry per
 *   pixel column
 * @gaps: (array length=n_columns) (out caller-allocates) (nullable): %TRUE
 *   for each column that holds a gap (a NaN or infinite value: the process
 *   was gone), so that a chart does not draw a line across it
 * @n_columns: the number of columns, usually the chart's width in pixels
 *
 * Does what ferry_series_decimate() does, and finds the gaps in the same
 * pass.
 */
void
ferry_series_decimate_full (FerrySeries       *self,
                            gint64             start,
                            gint64             end,
                            FerrySeriesColumn *columns,
                            gboolean          *gaps,
                            guint              n_columns)
{
  Span spans[2];
  guint n_spans;
  gdouble scale;

  g_return_if_fail (FERRY_IS_SERIES (self));
  g_return_if_fail (columns != NULL || n_columns == 0);

  for (guint c = 0; c < n_columns; c++)
    {
      columns[c].min = NAN;
      columns[c].max = NAN;
      columns[c].mean = 0.0;
      columns[c].count = 0;
      if (gaps != NULL)
        gaps[c] = FALSE;
    }

  if (n_columns == 0 || !check_range (start, end))
    goto finish;

  scale = (gdouble)n_columns / (gdouble)(end - start);
  n_spans = get_range_spans (self, start, end, spans);
  for (guint s = 0; s < n_spans; s++)
    {
      const FerrySeriesPoint *p = spans[s].points;
      const FerrySeriesPoint *stop = p + spans[s].n;

      for (; p < stop; p++)
        {
          FerrySeriesColumn *col;
          guint c;

          if (!isfinite (p->value))
            {
              if (gaps != NULL)
                gaps[MIN ((guint)((gdouble)(p->time - start) * scale), n_columns - 1)] = TRUE;
              continue;
            }

          c = (guint)((gdouble)(p->time - start) * scale);
          if (c >= n_columns)
            c = n_columns - 1;
          col = &columns[c];

          if (col->count == 0)
            {
              col->min = p->value;
              col->max = p->value;
            }
          else if (p->value < col->min)
            col->min = p->value;
          else if (p->value > col->max)
            col->max = p->value;

          /* The mean is summed here and divided below. */
          col->mean += p->value;
          col->count++;
        }
    }

finish:
  for (guint c = 0; c < n_columns; c++)
    {
      if (columns[c].count > 0)
        columns[c].mean /= columns[c].count;
      else
        columns[c].mean = NAN;
    }
}

static void
mean_over (FerrySeries *self,
           gint64       start,
           gint64       end,
           gdouble     *mean,
           guint       *count)
{
  Span spans[2];
  guint n_spans;
  gdouble sum = 0.0;
  guint n = 0;

  n_spans = get_range_spans (self, start, end, spans);
  for (guint s = 0; s < n_spans; s++)
    {
      for (guint i = 0; i < spans[s].n; i++)
        {
          if (isfinite (spans[s].points[i].value))
            {
              sum += spans[s].points[i].value;
              n++;
            }
        }
    }

  *mean = n > 0 ? sum / n : NAN;
  *count = n;
}

/**
 * ferry_series_summarize_deploy:
 * @self: a #FerrySeries
 * @deploy_time: when the deployment happened, in µs since the Unix epoch
 * @window: how far to look on each side, in µs, or 0 for
 *   %FERRY_SERIES_DEPLOY_WINDOW (10 minutes)
 * @summary: (out): where to store the means before and after
 *
 * Compares the mean of `[deploy_time - window, deploy_time)` with the mean
 * of `[deploy_time, deploy_time + window)`: what a deployment did to a
 * metric.
 *
 * Returns: %TRUE when both sides hold values (and so @summary's change is
 *   meaningful)
 */
gboolean
ferry_series_summarize_deploy (FerrySeries        *self,
                               gint64              deploy_time,
                               gint64              window,
                               FerryDeploySummary *summary)
{
  g_return_val_if_fail (FERRY_IS_SERIES (self), FALSE);
  g_return_val_if_fail (window >= 0, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);

  if (window == 0)
    window = FERRY_SERIES_DEPLOY_WINDOW;

  mean_over (self, deploy_time - window, deploy_time,
             &summary->before_mean, &summary->before_count);
  mean_over (self, deploy_time, deploy_time + window,
             &summary->after_mean, &summary->after_count);

  if (summary->before_count > 0 && summary->after_count > 0 && summary->before_mean != 0.0)
    summary->change = summary->after_mean / summary->before_mean - 1.0;
  else
    summary->change = NAN;

  return summary->before_count > 0 && summary->after_count > 0;
}

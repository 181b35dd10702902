/* ferry-series.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FERRY_SERIES_DEPLOY_WINDOW:
 *
 * How far before and after a deployment ferry_series_summarize_deploy()
 * looks by default: 10 minutes, in microseconds.
 */
#define FERRY_SERIES_DEPLOY_WINDOW (G_GINT64_CONSTANT (600) * G_USEC_PER_SEC)

/**
 * FerrySeriesPoint:
 * @time: microseconds since the Unix epoch
 * @value: the value; NaN marks a gap
 */
typedef struct
{
  gint64  time;
  gdouble value;
} FerrySeriesPoint;

/**
 * FerrySeriesBucket:
 * @start: the bucket's start, a multiple of the bucket width, in µs since
 *   the Unix epoch
 * @min: the smallest value in the bucket
 * @max: the largest value in the bucket
 * @mean: the mean of the values in the bucket
 * @count: how many values the bucket holds (at least 1)
 *
 * One row of a downsampled series, as kept for the 24 hours history.
 */
typedef struct
{
  gint64  start;
  gdouble min;
  gdouble max;
  gdouble mean;
  guint   count;
} FerrySeriesBucket;

/**
 * FerrySeriesColumn:
 * @min: the smallest value drawn in the column
 * @max: the largest value drawn in the column
 * @mean: the mean of the values in the column
 * @count: how many values fell in the column; 0 for an empty column, whose
 *   other fields are NaN
 *
 * One pixel column of a decimated series.
 */
typedef struct
{
  gdouble min;
  gdouble max;
  gdouble mean;
  guint   count;
} FerrySeriesColumn;

/**
 * FerryDeploySummary:
 * @before_mean: the mean over the window before the deployment (NaN when
 *   there is no value)
 * @after_mean: the mean over the window after it (NaN when there is no
 *   value)
 * @before_count: how many values the mean before is made of
 * @after_count: how many values the mean after is made of
 * @change: `after_mean / before_mean - 1` (0.25 is 25 % more), NaN when it
 *   cannot be computed
 */
typedef struct
{
  gdouble before_mean;
  gdouble after_mean;
  guint   before_count;
  guint   after_count;
  gdouble change;
} FerryDeploySummary;

#define FERRY_TYPE_SERIES (ferry_series_get_type ())

G_DECLARE_FINAL_TYPE (FerrySeries, ferry_series, FERRY, SERIES, GObject)

FerrySeries *ferry_series_new               (guint                capacity);
guint        ferry_series_get_capacity      (FerrySeries         *self);
guint        ferry_series_get_length        (FerrySeries         *self);
gboolean     ferry_series_push              (FerrySeries         *self,
                                             gint64               time,
                                             gdouble              value);
void         ferry_series_clear             (FerrySeries         *self);
gboolean     ferry_series_get_point         (FerrySeries         *self,
                                             guint                index,
                                             FerrySeriesPoint    *point);
gboolean     ferry_series_get_last          (FerrySeries         *self,
                                             FerrySeriesPoint    *point);
guint        ferry_series_lower_bound       (FerrySeries         *self,
                                             gint64               time);
gboolean     ferry_series_get_value_range   (FerrySeries         *self,
                                             gint64               start,
                                             gint64               end,
                                             gdouble             *min,
                                             gdouble             *max);
GArray      *ferry_series_downsample        (FerrySeries         *self,
                                             gint64               start,
                                             gint64               end,
                                             gint64               width);
FerrySeries *ferry_series_resample          (FerrySeries         *self,
                                             gint64               start,
                                             gint64               end,
                                             gint64               step);
void         ferry_series_decimate          (FerrySeries         *self,
                                             gint64               start,
                                             gint64               end,
                                             FerrySeriesColumn   *columns,
                                             guint                n_columns);
void         ferry_series_decimate_full     (FerrySeries         *self,
                                             gint64               start,
                                             gint64               end,
                                             FerrySeriesColumn   *columns,
                                             gboolean            *gaps,
                                             guint                n_columns);
gboolean     ferry_series_summarize_deploy  (FerrySeries         *self,
                                             gint64               deploy_time,
                                             gint64               window,
                                             FerryDeploySummary  *summary);

G_END_DECLS

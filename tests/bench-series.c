/* bench-series.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Target: a chart of 24 hours at one point a second (86,400 points)
 * decimated to 800 pixel columns in less than 2 ms. Also reports the
 * downsampling of the same day into one-minute rows for the history. */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ferry-core.h"

#define N_POINTS 86400
#define N_COLUMNS 800
#define TARGET_MS 2.0

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerrySeries) series = ferry_series_new (N_POINTS);
  g_autoptr(FerryAxis) y_axis = ferry_axis_new (FERRY_UNIT_CORES);
  g_autofree FerrySeriesColumn *columns = g_new (FerrySeriesColumn, N_COLUMNS);
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 200;
  gint64 start = G_GINT64_CONSTANT (1767225600) * G_USEC_PER_SEC;
  gint64 end = start + (gint64)N_POINTS * G_USEC_PER_SEC;
  gdouble total_ms = 0.0, worst_ms = 0.0, mean_ms, sink = 0.0;
  gint64 t0;
  guint filled = 0;

  if (rounds == 0)
    rounds = 200;

  for (guint i = 0; i < N_POINTS; i++)
    ferry_series_push (series, start + (gint64)i * G_USEC_PER_SEC,
                       0.3 + 0.2 * sin (i / 600.0) + 0.05 * g_random_double ());

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t = g_get_monotonic_time ();
      gdouble ms;

      ferry_series_decimate (series, start, end, columns, N_COLUMNS);
      /* What the chart does next: place each column's span. */
      for (guint c = 0; c < N_COLUMNS; c++)
        sink += ferry_axis_normalize (y_axis, columns[c].max) - ferry_axis_normalize (y_axis, columns[c].min);

      ms = (g_get_monotonic_time () - t) / 1000.0;
      total_ms += ms;
      worst_ms = MAX (worst_ms, ms);
    }
  mean_ms = total_ms / rounds;

  for (guint c = 0; c < N_COLUMNS; c++)
    filled += columns[c].count > 0;

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GArray) rows = ferry_series_downsample (series, start, end, 60 * G_USEC_PER_SEC);

    printf ("downsample: %u points into %u one-minute rows in %.3f ms\n",
            N_POINTS, rows->len, (g_get_monotonic_time () - t0) / 1000.0);
  }

  printf ("decimate: %u points into %u columns, mean %.3f ms, worst %.3f ms over %u rounds "
          "(target < %.1f ms); mean column span %.3f of the axis\n",
          N_POINTS, N_COLUMNS, mean_ms, worst_ms, rounds, TARGET_MS,
          sink / ((gdouble)rounds * N_COLUMNS));

  if (filled != N_COLUMNS)
    {
      printf ("only %u of %u columns hold values\n", filled, N_COLUMNS);
      return 1;
    }

  return mean_ms < TARGET_MS ? 0 : 1;
}

/* bench-workspace.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Load + validate + build the DAG and layers of synthetic workspaces of
 * 500, 5,000 and 50,000 services: the median of several runs.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-core.h"

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble da = *(const gdouble *)a, db = *(const gdouble *)b;

  return (da > db) - (da < db);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 500, 5000, 50000 };

  g_print ("%-10s %-8s %-8s %-10s %-12s %s\n", "services", "repos", "layers", "MiB", "median ms", "µs/service");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree gchar *manifest = ferry_demo_synthetic_manifest (sizes[i], 42);
      gsize length = strlen (manifest);
      guint runs = sizes[i] >= 50000 ? 5 : 15;
      g_autofree gdouble *times = g_new (gdouble, runs);
      guint n_repos = 0, n_layers = 0;

      for (guint r = 0; r < runs; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(FerryWorkspace) ws = ferry_workspace_load_from_data (manifest, length, "ferry.json", NULL);

          times[r] = (g_get_monotonic_time () - start) / 1000.0;

          if (!ferry_workspace_is_valid (ws) || ferry_workspace_get_n_services (ws) != sizes[i])
            {
              g_printerr ("the synthetic workspace of %u services is not valid\n", sizes[i]);
              return 1;
            }
          n_repos = ferry_workspace_get_n_repos (ws);
          n_layers = ferry_workspace_get_n_layers (ws);
        }

      qsort (times, runs, sizeof (gdouble), compare_doubles);
      g_print ("%-10u %-8u %-8u %-10.1f %-12.1f %.1f\n", sizes[i], n_repos, n_layers,
               length / (1024.0 * 1024.0), times[runs / 2], times[runs / 2] * 1000.0 / sizes[i]);
    }

  return 0;
}

/* bench-import.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How long importing 300 services takes, from reading the files to the
 * ferry.json text: a compose file, then Kubernetes manifests. Fails when
 * the median run takes 200 ms or more, the target. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "ferry-core.h"

#include "import-samples.h"

#define N_SERVICES 300
#define N_RUNS     21
#define TARGET_MS  200.0

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *)a;
  gdouble y = *(const gdouble *)b;

  return x < y ? -1 : x > y;
}

static gboolean
bench (const gchar *what,
       const gchar *path)
{
  gdouble times[N_RUNS];
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(FerryImport) import = ferry_import_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree gchar *json = NULL;
      gint64 start = g_get_monotonic_time ();

      ferry_import_add_file (import, file);
      root = ferry_import_run (import, NULL, &error);
      if (root == NULL)
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
      json = json_to_string (root, TRUE);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;

      if (ferry_import_get_n_services (import) != N_SERVICES)
        {
          g_printerr ("%s: %u services imported, not %u\n", what,
                      ferry_import_get_n_services (import), N_SERVICES);
          return FALSE;
        }
    }

  qsort (times, N_RUNS, sizeof times[0], compare_doubles);
  g_print ("import of %u services from %s: median %.1f ms, min %.1f ms, max %.1f ms (%u runs; target < %.0f ms)\n",
           N_SERVICES, what, times[N_RUNS / 2], times[0], times[N_RUNS - 1], N_RUNS, TARGET_MS);

  return times[N_RUNS / 2] < TARGET_MS;
}

static gboolean
write_sample (const gchar *dir,
              const gchar *name,
              gchar       *text,
              gchar      **path)
{
  g_autoptr(GError) error = NULL;

  *path = g_build_filename (dir, name, NULL);
  g_file_set_contents (*path, text, -1, &error);
  g_free (text);
  if (error != NULL)
    g_printerr ("%s\n", error->message);

  return error == NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("ferry-bench-import-XXXXXX", &error);
  g_autofree gchar *compose = NULL;
  g_autofree gchar *manifests = NULL;
  gboolean ok;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  ok = write_sample (dir, "compose.yaml", import_sample_compose (N_SERVICES), &compose) &&
       write_sample (dir, "manifests.yaml", import_sample_kubernetes (N_SERVICES), &manifests);

  ok = ok && bench ("a compose file", compose);
  ok = bench ("Kubernetes manifests", manifests) && ok;

  if (compose != NULL)
    g_unlink (compose);
  if (manifests != NULL)
    g_unlink (manifests);
  g_rmdir (dir);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

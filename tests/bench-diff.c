/* bench-diff.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How long comparing two environments takes over 200 repositories, each
 * with 50 commits between the version in dev and the one in uat: every
 * commit listed, as `ferryctl diff` does, and counted only, as the window
 * does before a row is opened. Fails when the median run with every
 * commit listed takes a second or more, the target. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "ferry-core.h"

#include "diff-testlib.h"

#define N_REPOS    200
#define N_COMMITS  50
#define N_RUNS     7
#define TARGET_MS  1000.0

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble x = *(const gdouble *)a;
  gdouble y = *(const gdouble *)b;

  return x < y ? -1 : x > y;
}

static void
remove_tree (const gchar *path)
{
  g_autoptr(GDir) dir = NULL;
  const gchar *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  if ((dir = g_dir_open (path, 0, NULL)))
    while ((name = g_dir_read_name (dir)))
      {
        g_autofree gchar *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_rmdir (path);
}

/* N_REPOS repositories of one service each: uat runs the first commit,
 * dev the one N_COMMITS later. */
static gchar *
make_estate (const gchar *root)
{
  g_autoptr(GString) manifest = g_string_new ("{\"ferry\": 1, \"name\": \"Estate\",\n"
                                              " \"environments\": [{\"name\": \"dev\", \"target\": \"local\"},"
                                              " {\"name\": \"uat\", \"target\": \"local\"}],\n"
                                              " \"repos\": [\n");
  g_autofree gchar *workspace = g_build_filename (root, "workspace", NULL);
  g_autofree gchar *file = g_build_filename (workspace, "ferry.json", NULL);
  g_autoptr(GPtrArray) firsts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lasts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(FerryStore) store = NULL;

  for (guint r = 0; r < N_REPOS; r++)
    {
      g_autofree gchar *name = g_strdup_printf ("repo%03u", r);
      g_autofree gchar *path = g_build_filename (root, "repos", name, NULL);
      g_autoptr(GError) error = NULL;
      gchar *head = NULL;

      if (!ferry_git_init (path, "main", &error))
        g_error ("%s", error->message);

      for (guint c = 0; c <= N_COMMITS; c++)
        {
          const gchar *parents[] = { head, NULL };
          g_autofree gchar *content = g_strdup_printf ("%u\n", c);
          g_autofree gchar *message = g_strdup_printf ("Change %u of %s", c, name);
          gchar *id = diff_testlib_commit (path, head ? parents : parents + 1, "refs/heads/main",
                                           "VERSION", content, message, "Ana", 1767225600 + c * 60);

          if (c == 0)
            g_ptr_array_add (firsts, g_strdup (id));
          g_free (head);
          head = id;
        }
      g_ptr_array_add (lasts, head);

      g_string_append_printf (manifest,
                              "  {\"name\": \"%s\", \"url\": \"../repos/%s\", \"builds\": [{\"name\": \"%s\","
                              " \"services\": [{\"name\": \"%s-api\"}]}]}%s\n",
                              name, name, name, name, r + 1 < N_REPOS ? "," : "");
    }
  g_string_append (manifest, " ]}\n");

  g_mkdir_with_parents (workspace, 0700);
  if (!g_file_set_contents (file, manifest->str, -1, NULL))
    g_error ("cannot write %s", file);

  store = diff_testlib_open_store (workspace);
  for (guint r = 0; r < N_REPOS; r++)
    {
      g_autofree gchar *service = g_strdup_printf ("repo%03u-api", r);

      diff_testlib_deploy (store, service, "uat", g_ptr_array_index (firsts, r), NULL, FERRY_DEPLOYMENT_STATUS_HEALTHY);
      diff_testlib_deploy (store, service, "dev", g_ptr_array_index (lasts, r), NULL, FERRY_DEPLOYMENT_STATUS_HEALTHY);
    }

  return g_steal_pointer (&workspace);
}

static gdouble
bench (FerryWorkspace     *workspace,
       FerryStateSnapshot *state,
       guint               max_commits,
       const gchar        *what)
{
  gdouble times[N_RUNS];

  for (guint run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryDiff) diff = NULL;
      gint64 start = g_get_monotonic_time ();

      diff = ferry_diff_compute (workspace, state, "dev", "uat", NULL, max_commits, NULL, &error);
      times[run] = (g_get_monotonic_time () - start) / 1000.0;

      if (diff == NULL)
        g_error ("%s", error->message);
      if (ferry_diff_get_n_entries (diff) != N_REPOS ||
          ferry_diff_get_entry (diff, 0)->n_ahead != N_COMMITS ||
          ferry_diff_get_entry (diff, 0)->commits->len != MIN (max_commits, N_COMMITS))
        g_error ("the diff is not what was deployed");
    }

  qsort (times, N_RUNS, sizeof times[0], compare_doubles);
  g_print ("diff of 2 environments, %u repos with %u commits between the versions, %s: median %.1f ms, min %.1f ms, max %.1f ms (%u runs)\n",
           N_REPOS, N_COMMITS, what, times[N_RUNS / 2], times[0], times[N_RUNS - 1], N_RUNS);

  return times[N_RUNS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree gchar *root = g_dir_make_tmp ("ferry-bench-diff-XXXXXX", &error);
  g_autofree gchar *state_dir = NULL;
  g_autofree gchar *location = NULL;
  g_autoptr(FerryWorkspace) workspace = NULL;
  g_autoptr(FerryStateSnapshot) state = NULL;
  gint64 start;
  gdouble listed;

  if (root == NULL)
    g_error ("%s", error->message);

  /* The state store lives in the temporary folder, not the user's. */
  state_dir = g_build_filename (root, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  ferry_core_init ();

  start = g_get_monotonic_time ();
  location = make_estate (root);
  g_print ("made %u repositories of %u commits in %.1f s\n", N_REPOS, N_COMMITS + 1,
           (g_get_monotonic_time () - start) / (gdouble)G_USEC_PER_SEC);

  if (!(workspace = ferry_workspace_load (location, NULL, NULL, &error)))
    g_error ("%s", error->message);
  {
    g_autoptr(FerryStore) store = diff_testlib_open_store (location);
    state = diff_testlib_load_state (store);
  }

  listed = bench (workspace, state, FERRY_DIFF_ALL_COMMITS, "every commit listed");
  bench (workspace, state, 0, "commits counted only");
  g_print ("target: every commit listed < %.0f ms\n", TARGET_MS);

  g_clear_object (&workspace);
  remove_tree (root);

  return listed < TARGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}

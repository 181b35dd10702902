/* bench-layout.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "layout-testlib.h"

/*
 * Lays out synthetic estates of several sizes with ferry_layout_compute()
 * and with graphviz's dot, on the same graph (rankdir=LR, one
 * subgraph cluster per repo/build, the same card sizes), and prints the
 * time taken and the edge crossings of each. Crossings are counted on the
 * drawn routes by the same geometric count: ours are polylines; dot's are
 * its B-splines, flattened.
 */

#define SEED 20260101

static gint     opt_runs = 5;
static gint     opt_dot_timeout = 300;
static gchar   *opt_dot = NULL;
static gchar   *opt_sizes = NULL;
static gboolean opt_no_dot = FALSE;
static gchar   *opt_save = NULL;

static const GOptionEntry entries[] = {
  { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs, "Layouts timed per size (median reported)", "N" },
  { "dot", 0, 0, G_OPTION_ARG_FILENAME, &opt_dot, "dot program to compare with", "PATH" },
  { "dot-timeout", 0, 0, G_OPTION_ARG_INT, &opt_dot_timeout, "Seconds after which dot is stopped", "S" },
  { "no-dot", 0, 0, G_OPTION_ARG_NONE, &opt_no_dot, "Do not run dot", NULL },
  { "save", 0, 0, G_OPTION_ARG_FILENAME, &opt_save, "Keep our layouts (JSON), the DOT files and dot's output in this folder", "DIR" },
  { "sizes", 's', 0, G_OPTION_ARG_STRING, &opt_sizes, "Comma-separated numbers of services", "N,..." },
  { NULL }
};

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble da = *(const gdouble *)a;
  gdouble db = *(const gdouble *)b;

  return da < db ? -1 : da > db;
}

static gchar *
graph_to_dot (const FerryTestGraph *graph)
{
  GString *dot = g_string_new ("digraph estate {\n"
                               "  rankdir=LR;\n"
                               "  node [shape=box, fixedsize=true, label=\"\"];\n");
  g_autoptr(GHashTable) clusters = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                          (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_cluster = 0;

  for (guint i = 0; i < graph->n_nodes; i++)
    {
      GPtrArray *members = g_hash_table_lookup (clusters, graph->clusters[i]);

      if (members == NULL)
        {
          members = g_ptr_array_new ();
          g_hash_table_insert (clusters, graph->clusters[i], members);
          g_ptr_array_add (names, graph->clusters[i]);
        }
      g_ptr_array_add (members, GUINT_TO_POINTER (i));
    }

  for (guint c = 0; c < names->len; c++)
    {
      GPtrArray *members = g_hash_table_lookup (clusters, names->pdata[c]);

      g_string_append_printf (dot, "  subgraph cluster_%u {\n    label=\"%s\";\n",
                              n_cluster++, (const gchar *)names->pdata[c]);
      for (guint m = 0; m < members->len; m++)
        {
          guint i = GPOINTER_TO_UINT (members->pdata[m]);
          gchar w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_dtostr (w, sizeof w, graph->widths[i] / 72);
          g_ascii_dtostr (h, sizeof h, graph->heights[i] / 72);
          g_string_append_printf (dot, "    \"%s\" [width=%s, height=%s];\n", graph->names[i], w, h);
        }
      g_string_append (dot, "  }\n");
    }

  /* Producer first, so that dot ranks it on the left, as we do. */
  for (guint e = 0; e < graph->n_edges; e++)
    g_string_append_printf (dot, "  \"%s\" -> \"%s\" [dir=back];\n",
                            graph->names[graph->producers[e]], graph->names[graph->consumers[e]]);
  g_string_append (dot, "}\n");

  return g_string_free (dot, FALSE);
}

typedef struct
{
  GMainLoop *loop;
  gchar     *out;
  gchar     *err;
  GError    *error;
} DotRun;

static void
dot_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DotRun *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
dot_timeout (gpointer user_data)
{
  GSubprocess *proc = user_data;

  g_object_set_data (G_OBJECT (proc), "timed-out", GINT_TO_POINTER (1));
  g_subprocess_force_exit (proc);

  return G_SOURCE_REMOVE;
}

/* Runs dot -Tplain on @path; returns its drawing, or NULL when it gave
 * none or took longer than the timeout (@timed_out set). dot 2.43 may exit
 * with an error ("trouble in init_rank", a known problem of its cluster
 * handling) and still print a complete drawing: that drawing is used,
 * and its first complaint returned in @complaint. */
static gchar *
run_dot (const gchar  *dot,
         const gchar  *path,
         gdouble      *seconds,
         gboolean     *timed_out,
         gchar       **complaint)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  DotRun run = { loop, NULL, NULL, NULL };
  gint64 start = g_get_monotonic_time ();
  guint timeout_id;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           dot, "-Tplain", path, NULL);
  if (proc == NULL)
    {
      g_printerr ("Cannot run %s: %s\n", dot, error->message);
      return NULL;
    }

  timeout_id = g_timeout_add_seconds (opt_dot_timeout, dot_timeout, proc);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, dot_done, &run);
  g_main_loop_run (loop);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  *timed_out = g_object_get_data (G_OBJECT (proc), "timed-out") != NULL;
  if (!*timed_out)
    g_source_remove (timeout_id);

  if (run.err != NULL && *run.err != '\0')
    *complaint = g_strndup (run.err, strcspn (run.err, "\n"));
  g_free (run.err);

  if (run.error != NULL || *timed_out || run.out == NULL || !g_str_has_suffix (run.out, "stop\n"))
    {
      g_clear_error (&run.error);
      g_free (run.out);
      return NULL;
    }

  return run.out;
}

/* Flattens a piecewise cubic Bézier (1 + 3k control points) into a polyline. */
static void
flatten_spline (const FerryLayoutPoint *ctrl,
                guint                   n_ctrl,
                GArray                 *out)
{
  g_array_append_val (out, ctrl[0]);
  for (guint k = 0; k + 3 < n_ctrl; k += 3)
    for (guint step = 1; step <= 8; step++)
      {
        gdouble t = step / 8.0;
        gdouble u = 1 - t;
        FerryLayoutPoint p;

        p.x = u * u * u * ctrl[k].x + 3 * u * u * t * ctrl[k + 1].x + 3 * u * t * t * ctrl[k + 2].x + t * t * t * ctrl[k + 3].x;
        p.y = u * u * u * ctrl[k].y + 3 * u * u * t * ctrl[k + 1].y + 3 * u * t * t * ctrl[k + 2].y + t * t * t * ctrl[k + 3].y;
        g_array_append_val (out, p);
      }
}

/* Crossings of dot's drawing, from its -Tplain output (inches, converted
 * to points like our world units). */
static gint64
dot_crossings (const FerryTestGraph *graph,
               const gchar          *plain)
{
  g_auto(GStrv) lines = g_strsplit (plain, "\n", -1);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree FerryLayoutRect *rects = g_new0 (FerryLayoutRect, MAX (graph->n_nodes, 1));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (FerryLayoutPoint));
  g_autoptr(GArray) routes = g_array_new (FALSE, FALSE, sizeof (FerryTestRoute));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < graph->n_nodes; i++)
    g_hash_table_insert (index, graph->names[i], GUINT_TO_POINTER (i + 1));

  for (guint k = 0; lines[k] != NULL; k++)
    {
      g_auto(GStrv) f = g_strsplit (lines[k], " ", -1);
      guint n = g_strv_length (f);

      if (n >= 6 && strcmp (f[0], "node") == 0)
        {
          guint i = GPOINTER_TO_UINT (g_hash_table_lookup (index, f[1]));
          gdouble w = g_ascii_strtod (f[4], NULL) * 72, h = g_ascii_strtod (f[5], NULL) * 72;

          if (i == 0)
            return -1;
          rects[i - 1].x = g_ascii_strtod (f[2], NULL) * 72 - w / 2;
          rects[i - 1].y = g_ascii_strtod (f[3], NULL) * 72 - h / 2;
          rects[i - 1].width = w;
          rects[i - 1].height = h;
        }
      else if (n >= 4 && strcmp (f[0], "edge") == 0)
        {
          guint tail = GPOINTER_TO_UINT (g_hash_table_lookup (index, f[1]));
          guint head = GPOINTER_TO_UINT (g_hash_table_lookup (index, f[2]));
          guint n_ctrl = atoi (f[3]);
          g_autofree FerryLayoutPoint *ctrl = g_new (FerryLayoutPoint, MAX (n_ctrl, 1));
          FerryTestRoute route = { NULL, 0, tail - 1, head - 1 };
          guint start = points->len;

          if (tail == 0 || head == 0 || n < 4 + 2 * n_ctrl || n_ctrl < 4)
            return -1;
          for (guint p = 0; p < n_ctrl; p++)
            {
              ctrl[p].x = g_ascii_strtod (f[4 + 2 * p], NULL) * 72;
              ctrl[p].y = g_ascii_strtod (f[5 + 2 * p], NULL) * 72;
            }
          flatten_spline (ctrl, n_ctrl, points);
          route.n_points = points->len - start;
          g_array_append_val (routes, route);
          g_array_append_val (starts, start);
        }
    }

  /* Points may have moved while the array grew. */
  for (guint r = 0; r < routes->len; r++)
    g_array_index (routes, FerryTestRoute, r).points =
      &g_array_index (points, FerryLayoutPoint, g_array_index (starts, guint, r));

  return ferry_test_count_crossings ((FerryTestRoute *)(gpointer)routes->data, routes->len, rects, 8);
}

static void
bench_size (guint        n,
            const gchar *dot,
            const gchar *tmpdir,
            GPtrArray   *notes)
{
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (n, SEED);
  g_autoptr(FerryLayoutGraph) layout_graph = ferry_test_graph_build (graph, 0, FERRY_LAYOUT_NONE);
  g_autoptr(FerryLayout) layout = NULL;
  g_autofree gdouble *ms = g_new (gdouble, MAX (opt_runs, 1));
  g_autofree gchar *dot_time = NULL;
  g_autofree gchar *dot_cross = NULL;
  g_autofree gchar *ratio = NULL;
  guint64 ours;

  for (gint r = 0; r < MAX (opt_runs, 1); r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&layout, ferry_layout_unref);
      layout = ferry_layout_compute (layout_graph, &error);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      if (layout == NULL)
        g_error ("Layout failed: %s", error->message);
    }
  qsort (ms, MAX (opt_runs, 1), sizeof (gdouble), compare_doubles);
  ours = ferry_test_layout_crossings (layout);

  if (opt_save != NULL)
    {
      g_autofree gchar *name = g_strdup_printf ("estate-%u.json", n);
      g_autofree gchar *path = g_build_filename (opt_save, name, NULL);
      g_autofree gchar *json = ferry_layout_render_json (layout_graph, NULL);

      g_file_set_contents (path, json, -1, NULL);
    }

  if (dot == NULL)
    {
      dot_time = g_strdup ("-");
      dot_cross = g_strdup ("-");
      ratio = g_strdup ("-");
    }
  else
    {
      g_autofree gchar *text = graph_to_dot (graph);
      g_autofree gchar *name = g_strdup_printf ("estate-%u.dot", n);
      g_autofree gchar *path = g_build_filename (opt_save != NULL ? opt_save : tmpdir, name, NULL);
      g_autofree gchar *plain = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree gchar *complaint = NULL;
      gdouble seconds = 0;
      gboolean timed_out = FALSE;
      gint64 theirs;

      if (!g_file_set_contents (path, text, -1, &error))
        g_error ("%s", error->message);
      plain = run_dot (dot, path, &seconds, &timed_out, &complaint);
      if (opt_save != NULL && plain != NULL)
        {
          g_autofree gchar *plain_path = g_strconcat (path, ".plain", NULL);

          g_file_set_contents (plain_path, plain, -1, NULL);
        }
      else if (opt_save == NULL)
        g_unlink (path);

      if (complaint != NULL && plain != NULL)
        g_ptr_array_add (notes, g_strdup_printf ("* dot on %u services said \"%s\" (exit status 1), "
                                                 "but printed a complete drawing, which is measured",
                                                 n, complaint));
      if (plain == NULL)
        {
          dot_time = timed_out ? g_strdup_printf ("> %d s (stopped)", opt_dot_timeout) : g_strdup ("failed");
          g_ptr_array_add (notes, g_strdup_printf ("dot on %u services: %s", n,
                                                   timed_out ? "stopped" : complaint != NULL ? complaint : "no drawing"));
          dot_cross = g_strdup ("-");
          ratio = g_strdup ("-");
        }
      else
        {
          theirs = dot_crossings (graph, plain);
          dot_time = g_strdup_printf ("%.1f s%s", seconds, complaint != NULL ? " *" : "");
          dot_cross = theirs < 0 ? g_strdup ("unreadable") : g_strdup_printf ("%" G_GINT64_FORMAT, theirs);
          ratio = theirs > 0 ? g_strdup_printf ("%.2f", (gdouble)ours / theirs) : g_strdup ("-");
        }
    }

  g_print ("| %8u | %6u | %11.1f | %15" G_GUINT64_FORMAT " | %18s | %13s | %15s |\n",
           n, graph->n_edges, ms[MAX (opt_runs, 1) / 2], ours, dot_time, dot_cross, ratio);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- compare the graph layout with dot");
  g_autoptr(GError) error = NULL;
  g_autofree gchar *dot = NULL;
  g_autofree gchar *tmpdir = NULL;
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (!opt_no_dot)
    dot = opt_dot != NULL ? g_strdup (opt_dot) : g_find_program_in_path ("dot");
  tmpdir = g_dir_make_tmp ("ferry-bench-XXXXXX", &error);
  if (tmpdir == NULL)
    g_error ("%s", error->message);
  sizes = g_strsplit (opt_sizes != NULL ? opt_sizes : "500,2000,5000", ",", -1);

  g_print ("Layout of synthetic estates (seed %u), ferry: median of %d runs; dot: %s, one run, "
           "stopped after %d s\n\n", SEED, MAX (opt_runs, 1), dot != NULL ? dot : "not run", opt_dot_timeout);
  g_print ("| services |  edges |   ferry ms  | ferry crossings |           dot time | dot crossings | ferry/dot cross |\n"
           "| -------: | -----: | ----------: | --------------: | -----------------: | ------------: | --------------: |\n");
  for (guint k = 0; sizes[k] != NULL; k++)
    bench_size (atoi (sizes[k]), dot, tmpdir, notes);
  if (notes->len > 0)
    g_print ("\n");
  for (guint k = 0; k < notes->len; k++)
    g_print ("%s\n", (const gchar *)notes->pdata[k]);

  g_rmdir (tmpdir);

  return 0;
}

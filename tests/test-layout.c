/* test-layout.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "layout-testlib.h"

#define EPS 1e-6

/* Bounds measured on the fixed generated graphs below, with a margin:
 * regression guards, not ideals. Shifts are relative to the diagonal of
 * the layout. */
#define STABILITY_MAX_SHIFT_ONE  0.25   /* measured: at most 0.138 */
#define STABILITY_MIN_ORDER_ONE  0.80   /* measured: at least 0.845 */
#define STABILITY_MAX_SHIFT      0.08   /* measured: 0.055 */
#define STABILITY_MIN_ORDER      0.93   /* measured: 0.952 */
#define PREVIOUS_MAX_SHIFT_ONE   0.06   /* measured: at most 0.034 */
#define PREVIOUS_MIN_ORDER_ONE   0.98   /* measured: at least 0.993 */
#define PREVIOUS_MAX_SHIFT       0.02   /* measured: 0.008 */
#define PREVIOUS_MIN_ORDER       0.99   /* measured: 0.9996 */
#define CROSSINGS_MAX_300        3900   /* measured: 3525 */

static FerryLayout *
compute_ok (FerryLayoutGraph *graph)
{
  g_autoptr(GError) error = NULL;
  FerryLayout *layout = ferry_layout_compute (graph, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layout);

  return layout;
}

static gchar *
layout_json_text (FerryLayout *layout)
{
  g_autoptr(JsonNode) root = ferry_layout_to_json (layout);

  return json_to_string (root, FALSE);
}

static FerryLayout *
generated_layout (guint   n,
                  guint64 seed)
{
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (n, seed);
  g_autoptr(FerryLayoutGraph) layout_graph = ferry_test_graph_build (graph, 0, FERRY_LAYOUT_NONE);

  return compute_ok (layout_graph);
}

/* Interiors overlap. */
static gboolean
rects_overlap (const FerryLayoutRect *a,
               const FerryLayoutRect *b)
{
  return a->x < b->x + b->width - EPS && b->x < a->x + a->width - EPS &&
         a->y < b->y + b->height - EPS && b->y < a->y + a->height - EPS;
}

static gboolean
rect_encloses (const FerryLayoutRect *outer,
               const FerryLayoutRect *inner)
{
  return inner->x >= outer->x - EPS && inner->y >= outer->y - EPS &&
         inner->x + inner->width <= outer->x + outer->width + EPS &&
         inner->y + inner->height <= outer->y + outer->height + EPS;
}

/* Whether a stretch of positive length of the segment lies inside the
 * rectangle, borders excluded (clipping after Liang and Barsky). */
static gboolean
segment_enters_rect (const FerryLayoutPoint *a,
                     const FerryLayoutPoint *b,
                     const FerryLayoutRect  *rect)
{
  gdouble d[2] = { b->x - a->x, b->y - a->y };
  gdouble lo[2] = { rect->x + EPS, rect->y + EPS };
  gdouble hi[2] = { rect->x + rect->width - EPS, rect->y + rect->height - EPS };
  gdouble start[2] = { a->x, a->y };
  gdouble t0 = 0, t1 = 1;

  for (guint k = 0; k < 2; k++)
    {
      if (fabs (d[k]) < 1e-12)
        {
          if (start[k] <= lo[k] || start[k] >= hi[k])
            return FALSE;
          continue;
        }
      else
        {
          gdouble ta = (lo[k] - start[k]) / d[k];
          gdouble tb = (hi[k] - start[k]) / d[k];

          t0 = MAX (t0, MIN (ta, tb));
          t1 = MIN (t1, MAX (ta, tb));
        }
    }

  return t1 - t0 > 1e-9;
}

/* Longest path by relaxation, independently of the layout's own way. */
static guint *
expected_layers (FerryLayout *layout)
{
  guint n = ferry_layout_get_n_nodes (layout);
  guint *layer = g_new0 (guint, MAX (n, 1));
  gboolean changed = TRUE;

  for (guint round = 0; changed; round++)
    {
      g_assert_cmpuint (round, <=, n);
      changed = FALSE;
      for (guint e = 0; e < ferry_layout_get_n_edges (layout); e++)
        {
          guint c, p;

          ferry_layout_get_edge (layout, e, &c, &p);
          if (layer[c] < layer[p] + 1)
            {
              layer[c] = layer[p] + 1;
              changed = TRUE;
            }
        }
    }

  return layer;
}

static gint
compare_by_y (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  FerryLayout *layout = user_data;
  FerryLayoutRect ra, rb;

  ferry_layout_get_node_rect (layout, *(const guint *)a, &ra);
  ferry_layout_get_node_rect (layout, *(const guint *)b, &rb);

  return ra.y < rb.y ? -1 : ra.y > rb.y;
}

static void
assert_layers (FerryLayout *layout)
{
  g_autofree guint *layer = expected_layers (layout);
  guint n = ferry_layout_get_n_nodes (layout);
  guint n_layers = ferry_layout_get_n_layers (layout);
  g_autofree gdouble *left = g_new (gdouble, MAX (n_layers, 1));
  g_autofree gdouble *right = g_new (gdouble, MAX (n_layers, 1));

  for (guint l = 0; l < n_layers; l++)
    {
      left[l] = G_MAXDOUBLE;
      right[l] = -G_MAXDOUBLE;
    }
  for (guint i = 0; i < n; i++)
    {
      FerryLayoutRect r;

      g_assert_cmpuint (ferry_layout_get_node_layer (layout, i), ==, layer[i]);
      g_assert_cmpuint (layer[i], <, n_layers);
      ferry_layout_get_node_rect (layout, i, &r);
      left[layer[i]] = MIN (left[layer[i]], r.x);
      right[layer[i]] = MAX (right[layer[i]], r.x + r.width);
    }

  /* Left to right in deploy order: layer l's column entirely left of l + 1's. */
  for (guint l = 0; l + 1 < n_layers; l++)
    g_assert_cmpfloat (right[l], <, left[l + 1]);
}

static void
assert_clusters (FerryLayout *layout)
{
  guint n = ferry_layout_get_n_nodes (layout);
  guint n_clusters = ferry_layout_get_n_clusters (layout);
  g_autofree gboolean *closed = g_new0 (gboolean, MAX (n_clusters, 1));
  g_autofree guint *by_y = g_new (guint, MAX (n, 1));

  for (guint c = 0; c < n_clusters; c++)
    {
      FerryLayoutRect box;

      ferry_layout_get_cluster_rect (layout, c, &box);
      if (c > 0)
        g_assert_cmpint (strcmp (ferry_layout_get_cluster_name (layout, c - 1),
                                 ferry_layout_get_cluster_name (layout, c)), <, 0);

      for (guint i = 0; i < n; i++)
        {
          FerryLayoutRect r;

          ferry_layout_get_node_rect (layout, i, &r);
          if (ferry_layout_get_node_cluster (layout, i) == c)
            g_assert_true (rect_encloses (&box, &r));
          else
            g_assert_false (rects_overlap (&box, &r));
        }

      for (guint d = c + 1; d < n_clusters; d++)
        {
          FerryLayoutRect other;

          ferry_layout_get_cluster_rect (layout, d, &other);
          g_assert_false (rects_overlap (&box, &other));
        }
    }

  /* In every layer, top to bottom, a cluster's cards follow one another. */
  for (guint l = 0; l < ferry_layout_get_n_layers (layout); l++)
    {
      guint m = 0;
      guint current = FERRY_LAYOUT_NONE;

      for (guint i = 0; i < n; i++)
        if (ferry_layout_get_node_layer (layout, i) == l)
          by_y[m++] = i;
      g_qsort_with_data (by_y, m, sizeof (guint), compare_by_y, layout);
      memset (closed, 0, sizeof (gboolean) * MAX (n_clusters, 1));

      for (guint k = 0; k < m; k++)
        {
          guint c = ferry_layout_get_node_cluster (layout, by_y[k]);

          if (c == current)
            continue;
          if (current != FERRY_LAYOUT_NONE)
            closed[current] = TRUE;
          if (c != FERRY_LAYOUT_NONE)
            g_assert_false (closed[c]);
          current = c;
        }
    }
}

static void
assert_no_overlap (FerryLayout *layout)
{
  guint n = ferry_layout_get_n_nodes (layout);

  for (guint i = 0; i < n; i++)
    {
      FerryLayoutRect a;

      ferry_layout_get_node_rect (layout, i, &a);
      for (guint j = i + 1; j < n; j++)
        {
          FerryLayoutRect b;

          ferry_layout_get_node_rect (layout, j, &b);
          g_assert_false (rects_overlap (&a, &b));
        }
    }
}

static void
assert_routes (FerryLayout *layout)
{
  guint n = ferry_layout_get_n_nodes (layout);
  FerryLayoutRect bounds;

  ferry_layout_get_bounds (layout, &bounds);

  for (guint e = 0; e < ferry_layout_get_n_edges (layout); e++)
    {
      const FerryLayoutPoint *pts;
      FerryLayoutRect rc, rp;
      guint n_points, c, p;

      ferry_layout_get_edge (layout, e, &c, &p);
      pts = ferry_layout_get_edge_points (layout, e, &n_points);
      ferry_layout_get_node_rect (layout, c, &rc);
      ferry_layout_get_node_rect (layout, p, &rp);

      /* From the consumer's left side to the producer's right side. */
      g_assert_cmpuint (n_points, >=, 2);
      g_assert_cmpfloat_with_epsilon (pts[0].x, rc.x, EPS);
      g_assert_cmpfloat (pts[0].y, >=, rc.y - EPS);
      g_assert_cmpfloat (pts[0].y, <=, rc.y + rc.height + EPS);
      g_assert_cmpfloat_with_epsilon (pts[n_points - 1].x, rp.x + rp.width, EPS);
      g_assert_cmpfloat (pts[n_points - 1].y, >=, rp.y - EPS);
      g_assert_cmpfloat (pts[n_points - 1].y, <=, rp.y + rp.height + EPS);

      for (guint k = 0; k < n_points; k++)
        {
          g_assert_true (pts[k].x >= bounds.x - EPS && pts[k].x <= bounds.x + bounds.width + EPS);
          g_assert_true (pts[k].y >= bounds.y - EPS && pts[k].y <= bounds.y + bounds.height + EPS);
          /* Always heading left, towards the producer. */
          if (k > 0)
            g_assert_cmpfloat (pts[k].x, <, pts[k - 1].x);
        }

      /* Through no card, its own two included. */
      for (guint k = 1; k < n_points; k++)
        for (guint i = 0; i < n; i++)
          {
            FerryLayoutRect r;

            ferry_layout_get_node_rect (layout, i, &r);
            if (segment_enters_rect (&pts[k - 1], &pts[k], &r))
              g_error ("Edge %s → %s goes through %s",
                       ferry_layout_get_node_name (layout, c),
                       ferry_layout_get_node_name (layout, p),
                       ferry_layout_get_node_name (layout, i));
          }
    }
}

static void
assert_layout_valid (FerryLayout *layout)
{
  assert_layers (layout);
  assert_no_overlap (layout);
  assert_clusters (layout);
  assert_routes (layout);
}

static void
test_empty (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = compute_ok (graph);
  g_autofree gchar *json = layout_json_text (layout);
  g_autofree gchar *rendered = ferry_layout_render_json (graph, NULL);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  FerryLayoutRect all = { -100, -100, 200, 200 };
  FerryLayoutRect bounds;

  g_assert_cmpstr (json, ==, "{\"nodes\":[],\"edges\":[],\"clusters\":[]}");
  g_assert_nonnull (rendered);
  g_assert_cmpuint (ferry_layout_get_n_layers (layout), ==, 0);
  ferry_layout_get_bounds (layout, &bounds);
  g_assert_cmpfloat (bounds.width, ==, 0);
  g_assert_cmpfloat (bounds.height, ==, 0);
  g_assert_cmpuint (ferry_layout_node_at_point (layout, 0, 0), ==, FERRY_LAYOUT_NONE);
  ferry_layout_nodes_in_rect (layout, &all, found);
  ferry_layout_edges_in_rect (layout, &all, found);
  ferry_layout_clusters_in_rect (layout, &all, found);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_single (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  FerryLayoutRect card, box, bounds;

  ferry_layout_graph_add_node (graph, "web-ui", "storefront/web", 280, 96);
  layout = compute_ok (graph);

  g_assert_cmpuint (ferry_layout_get_n_nodes (layout), ==, 1);
  g_assert_cmpuint (ferry_layout_get_n_layers (layout), ==, 1);
  g_assert_cmpuint (ferry_layout_get_n_clusters (layout), ==, 1);
  g_assert_cmpstr (ferry_layout_get_cluster_name (layout, 0), ==, "storefront/web");
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, 0), ==, 0);

  ferry_layout_get_node_rect (layout, 0, &card);
  ferry_layout_get_cluster_rect (layout, 0, &box);
  ferry_layout_get_bounds (layout, &bounds);
  g_assert_cmpfloat (card.width, ==, 280);
  g_assert_cmpfloat (card.height, ==, 96);
  /* Default margins: 12 around, 28 more for the label at the top. */
  g_assert_cmpfloat (box.x, ==, 0);
  g_assert_cmpfloat (box.y, ==, 0);
  g_assert_cmpfloat (card.x, ==, 12);
  g_assert_cmpfloat (card.y, ==, 40);
  g_assert_cmpfloat (box.width, ==, 304);
  g_assert_cmpfloat (box.height, ==, 148);
  g_assert_cmpmem (&bounds, sizeof bounds, &box, sizeof box);

  g_assert_cmpuint (ferry_layout_node_at_point (layout, 20, 50), ==, 0);
  g_assert_cmpuint (ferry_layout_node_at_point (layout, 5, 5), ==, FERRY_LAYOUT_NONE);
  g_assert_cmpuint (ferry_layout_cluster_at_point (layout, 5, 5), ==, 0);
  assert_layout_valid (layout);
}

static void
test_unclustered (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  guint a, b, c;
  FerryLayoutRect ra;

  a = ferry_layout_graph_add_node (graph, "a", NULL, 100, 50);
  b = ferry_layout_graph_add_node (graph, "b", "", 100, 50);
  c = ferry_layout_graph_add_node (graph, "c", NULL, 100, 50);
  ferry_layout_graph_add_edge (graph, b, a);
  ferry_layout_graph_add_edge (graph, c, b);
  layout = compute_ok (graph);

  g_assert_cmpuint (ferry_layout_get_n_clusters (layout), ==, 0);
  g_assert_cmpuint (ferry_layout_get_node_cluster (layout, a), ==, FERRY_LAYOUT_NONE);
  ferry_layout_get_node_rect (layout, a, &ra);
  g_assert_cmpfloat (ra.x, ==, 0);
  g_assert_cmpfloat (ra.y, ==, 0);
  g_assert_cmpuint (ferry_test_layout_crossings (layout), ==, 0);
  assert_layout_valid (layout);
}

static void
test_diamond (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  guint db, api, cache, web;
  FerryLayoutRect r_db, r_api, r_cache, r_web;

  db = ferry_layout_graph_add_node (graph, "db", "data/db", 200, 80);
  api = ferry_layout_graph_add_node (graph, "api", "shop/api", 200, 80);
  cache = ferry_layout_graph_add_node (graph, "cache", "data/cache", 200, 80);
  web = ferry_layout_graph_add_node (graph, "web", "shop/web", 200, 80);
  ferry_layout_graph_add_edge (graph, api, db);
  ferry_layout_graph_add_edge (graph, cache, db);
  ferry_layout_graph_add_edge (graph, web, api);
  ferry_layout_graph_add_edge (graph, web, cache);
  layout = compute_ok (graph);

  g_assert_cmpuint (ferry_layout_get_node_layer (layout, db), ==, 0);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, api), ==, 1);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, cache), ==, 1);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, web), ==, 2);
  g_assert_cmpuint (ferry_layout_get_n_edges (layout), ==, 4);
  g_assert_cmpuint (ferry_test_layout_crossings (layout), ==, 0);

  /* The two ends sit level with the middle pair, not beyond it. */
  ferry_layout_get_node_rect (layout, db, &r_db);
  ferry_layout_get_node_rect (layout, api, &r_api);
  ferry_layout_get_node_rect (layout, cache, &r_cache);
  ferry_layout_get_node_rect (layout, web, &r_web);
  g_assert_cmpfloat (MIN (r_api.y, r_cache.y), <=, r_db.y);
  g_assert_cmpfloat (MAX (r_api.y, r_cache.y), >=, r_db.y);
  g_assert_cmpfloat (MIN (r_api.y, r_cache.y), <=, r_web.y);
  g_assert_cmpfloat (MAX (r_api.y, r_cache.y), >=, r_web.y);

  assert_layout_valid (layout);
}

static void
test_long_edges (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  guint chain[5];
  guint wide[6];
  gboolean found = FALSE;

  /* A chain of five, the last also depending on the first, and cards in
   * the middle layers for the long edge to avoid. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("chain%u", i);

      chain[i] = ferry_layout_graph_add_node (graph, name, "repo/chain", 240, 90);
      if (i > 0)
        ferry_layout_graph_add_edge (graph, chain[i], chain[i - 1]);
    }
  for (guint i = 0; i < 6; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("side%u", i);

      wide[i] = ferry_layout_graph_add_node (graph, name, i % 2 ? "repo/odd" : "repo/even", 200, 80);
      ferry_layout_graph_add_edge (graph, wide[i], chain[i % 3]);
    }
  ferry_layout_graph_add_edge (graph, chain[4], chain[0]);
  layout = compute_ok (graph);

  for (guint e = 0; e < ferry_layout_get_n_edges (layout); e++)
    {
      guint c, p;

      ferry_layout_get_edge (layout, e, &c, &p);
      if (c == chain[4] && p == chain[0])
        found = TRUE;
    }
  g_assert_true (found);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, chain[4]), ==, 4);

  /* The cluster spans the five layers in one box. */
  g_assert_cmpuint (ferry_layout_get_n_clusters (layout), ==, 3);
  assert_layout_valid (layout);
}

static void
test_cluster_span (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  guint migrate, api, worker, other_a, other_b, cluster;
  FerryLayoutRect box, ra, rm;

  migrate = ferry_layout_graph_add_node (graph, "orders-migrate", "orders/orders", 200, 80);
  api = ferry_layout_graph_add_node (graph, "orders-api", "orders/orders", 200, 80);
  worker = ferry_layout_graph_add_node (graph, "orders-worker", "orders/orders", 200, 80);
  other_a = ferry_layout_graph_add_node (graph, "billing", "billing/billing", 200, 80);
  other_b = ferry_layout_graph_add_node (graph, "ledger", "billing/ledger", 200, 80);
  ferry_layout_graph_add_edge (graph, other_a, other_b);
  ferry_layout_graph_add_edge (graph, api, other_a);
  ferry_layout_graph_add_edge (graph, api, migrate);
  ferry_layout_graph_add_edge (graph, worker, migrate);
  layout = compute_ok (graph);

  g_assert_cmpuint (ferry_layout_get_node_layer (layout, api), ==, 2);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, worker), ==, 1);
  g_assert_cmpuint (ferry_layout_get_node_layer (layout, migrate), ==, 0);
  cluster = ferry_layout_get_node_cluster (layout, api);
  g_assert_cmpuint (cluster, ==, ferry_layout_get_node_cluster (layout, migrate));
  g_assert_cmpstr (ferry_layout_get_cluster_name (layout, cluster), ==, "orders/orders");

  /* One box around the three layers the cluster spans. */
  ferry_layout_get_cluster_rect (layout, cluster, &box);
  ferry_layout_get_node_rect (layout, api, &ra);
  ferry_layout_get_node_rect (layout, migrate, &rm);
  g_assert_cmpfloat (box.x, <, rm.x);
  g_assert_cmpfloat (box.x + box.width, >, ra.x + ra.width);
  assert_layout_valid (layout);
}

static void
test_fan (gconstpointer data)
{
  gboolean fan_in = GPOINTER_TO_INT (data);
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(GHashTable) ends = g_hash_table_new (g_double_hash, g_double_equal);
  g_autofree gdouble *ys = g_new (gdouble, 200);
  guint hub;

  hub = ferry_layout_graph_add_node (graph, "hub", "core/hub", 240, 96);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("leaf%03u", i);
      g_autofree gchar *cluster = g_strdup_printf ("team%02u/build", i / 5);
      guint leaf = ferry_layout_graph_add_node (graph, name, cluster, 240, 80);

      if (fan_in)
        ferry_layout_graph_add_edge (graph, leaf, hub);
      else
        ferry_layout_graph_add_edge (graph, hub, leaf);
    }
  layout = compute_ok (graph);

  g_assert_cmpuint (ferry_layout_get_n_edges (layout), ==, 200);
  g_assert_cmpuint (ferry_layout_get_n_layers (layout), ==, 2);
  g_assert_cmpuint (ferry_test_layout_crossings (layout), ==, 0);

  /* Every edge has its own place on the hub's side. */
  for (guint e = 0; e < 200; e++)
    {
      guint n_points;
      const FerryLayoutPoint *pts = ferry_layout_get_edge_points (layout, e, &n_points);

      ys[e] = fan_in ? pts[n_points - 1].y : pts[0].y;
      g_hash_table_add (ends, &ys[e]);
    }
  g_assert_cmpuint (g_hash_table_size (ends), ==, 200);
  assert_layout_valid (layout);
}

static void
test_generated (void)
{
  const guint sizes[] = { 12, 40, 150, 400 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    for (guint64 seed = 1; seed <= 3; seed++)
      {
        g_autoptr(FerryLayout) layout = generated_layout (sizes[k], seed);

        g_test_message ("%u services, seed %" G_GUINT64_FORMAT, sizes[k], seed);
        assert_layout_valid (layout);
      }
}

static void
test_cycle (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayoutGraph) self = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  guint a, b, c, d, x;

  d = ferry_layout_graph_add_node (graph, "d-web", NULL, 100, 50);
  c = ferry_layout_graph_add_node (graph, "c-cart", NULL, 100, 50);
  b = ferry_layout_graph_add_node (graph, "b-pay", NULL, 100, 50);
  a = ferry_layout_graph_add_node (graph, "a-auth", NULL, 100, 50);
  ferry_layout_graph_add_edge (graph, d, c);
  ferry_layout_graph_add_edge (graph, c, b);
  ferry_layout_graph_add_edge (graph, b, a);
  ferry_layout_graph_add_edge (graph, a, c);

  layout = ferry_layout_compute (graph, &error);
  g_assert_null (layout);
  g_assert_error (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "a-auth → c-cart → b-pay → a-auth"));
  g_assert_null (strstr (error->message, "d-web"));
  g_clear_error (&error);

  g_assert_null (ferry_layout_render_json (graph, &error));
  g_assert_error (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_CYCLE);
  g_clear_error (&error);

  x = ferry_layout_graph_add_node (self, "loner", NULL, 100, 50);
  ferry_layout_graph_add_edge (self, x, x);
  g_assert_null (ferry_layout_compute (self, &error));
  g_assert_error (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_CYCLE);
  g_assert_nonnull (strstr (error->message, "loner → loner"));
}

static void
test_duplicates (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayoutGraph) twice = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  guint a, b;

  ferry_layout_graph_add_node (graph, "cart", NULL, 100, 50);
  ferry_layout_graph_add_node (graph, "cart", NULL, 100, 50);
  g_assert_null (ferry_layout_compute (graph, &error));
  g_assert_error (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_DUPLICATE_NAME);
  g_assert_nonnull (strstr (error->message, "cart"));

  /* The same edge twice is one edge. */
  a = ferry_layout_graph_add_node (twice, "a", NULL, 100, 50);
  b = ferry_layout_graph_add_node (twice, "b", NULL, 100, 50);
  ferry_layout_graph_add_edge (twice, b, a);
  ferry_layout_graph_add_edge (twice, b, a);
  layout = compute_ok (twice);
  g_assert_cmpuint (ferry_layout_get_n_edges (layout), ==, 1);
}

static void
test_determinism (void)
{
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (300, 7);
  g_autoptr(FerryLayoutGraph) ordered = ferry_test_graph_build (graph, 0, FERRY_LAYOUT_NONE);
  g_autoptr(FerryLayout) layout = compute_ok (ordered);
  g_autofree gchar *expected = layout_json_text (layout);

  for (guint64 shuffle = 1; shuffle <= 3; shuffle++)
    {
      g_autoptr(FerryLayoutGraph) shuffled = ferry_test_graph_build (graph, shuffle, FERRY_LAYOUT_NONE);
      g_autoptr(FerryLayout) again = compute_ok (shuffled);
      g_autofree gchar *json = layout_json_text (again);

      /* Not the same numbering, yet the same drawing. */
      g_assert_cmpstr (ferry_layout_get_node_name (again, 0), !=, ferry_layout_get_node_name (layout, 0));
      g_assert_cmpstr (json, ==, expected);
    }
}

typedef struct
{
  gdouble mean_shift;   /* mean displacement of the cards, relative to the layout's diagonal */
  gdouble order_kept;   /* share of pairs in a layer that keep their order */
} Stability;

static Stability
compare_layouts (FerryLayout *before,
                 FerryLayout *after)
{
  Stability result = { 0, 0 };
  FerryLayoutRect bounds;
  gdouble shift = 0;
  guint moved = 0;
  guint64 pairs = 0;
  guint64 kept = 0;

  ferry_layout_get_bounds (before, &bounds);
  for (guint i = 0; i < ferry_layout_get_n_nodes (after); i++)
    {
      FerryLayoutRect ra, rb;
      guint j;

      if (!ferry_layout_lookup_node (before, ferry_layout_get_node_name (after, i), &j))
        continue;
      ferry_layout_get_node_rect (after, i, &ra);
      ferry_layout_get_node_rect (before, j, &rb);
      shift += hypot (ra.x - rb.x, ra.y - rb.y);
      moved++;

      for (guint i2 = i + 1; i2 < ferry_layout_get_n_nodes (after); i2++)
        {
          FerryLayoutRect ra2, rb2;
          guint j2;

          if (ferry_layout_get_node_layer (after, i2) != ferry_layout_get_node_layer (after, i) ||
              !ferry_layout_lookup_node (before, ferry_layout_get_node_name (after, i2), &j2) ||
              ferry_layout_get_node_layer (before, j2) != ferry_layout_get_node_layer (before, j) ||
              ferry_layout_get_node_layer (before, j) != ferry_layout_get_node_layer (after, i))
            continue;
          ferry_layout_get_node_rect (after, i2, &ra2);
          ferry_layout_get_node_rect (before, j2, &rb2);
          pairs++;
          kept += (ra.y < ra2.y) == (rb.y < rb2.y);
        }
    }

  result.mean_shift = shift / MAX (moved, 1) / hypot (bounds.width, bounds.height);
  result.order_kept = pairs > 0 ? (gdouble)kept / pairs : 1;

  return result;
}

typedef struct
{
  gboolean previous;       /* lay out from the layout before the change */
  gdouble  max_shift_one;
  gdouble  min_order_one;
  gdouble  max_shift;
  gdouble  min_order;
} StabilityCase;

/* Bounds measured on this graph, with a margin: regression guards. */
static const StabilityCase from_scratch = {
  FALSE, STABILITY_MAX_SHIFT_ONE, STABILITY_MIN_ORDER_ONE, STABILITY_MAX_SHIFT, STABILITY_MIN_ORDER
};
static const StabilityCase from_previous = {
  TRUE, PREVIOUS_MAX_SHIFT_ONE, PREVIOUS_MIN_ORDER_ONE, PREVIOUS_MAX_SHIFT, PREVIOUS_MIN_ORDER
};

static FerryLayout *
relayout (const FerryTestGraph *graph,
          guint                 skip,
          FerryLayout          *previous)
{
  g_autoptr(FerryLayoutGraph) layout_graph = ferry_test_graph_build (graph, 0, skip);

  ferry_layout_graph_set_previous (layout_graph, previous);

  return compute_ok (layout_graph);
}

static void
test_stability (gconstpointer data)
{
  const StabilityCase *bounds = data;
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (200, 11);
  g_autoptr(FerryLayout) full = relayout (graph, FERRY_LAYOUT_NONE, NULL);
  gdouble shift_sum = 0, kept_sum = 0;
  guint runs = 0;

  /* Remove one service, then add it back, ten times. */
  for (guint skip = 7; skip < graph->n_nodes; skip += 20)
    {
      g_autoptr(FerryLayout) less = relayout (graph, skip, bounds->previous ? full : NULL);
      g_autoptr(FerryLayout) again = relayout (graph, FERRY_LAYOUT_NONE, bounds->previous ? less : NULL);
      Stability removed = compare_layouts (full, less);
      Stability added = compare_layouts (less, again);

      g_test_message ("without %s: mean shift %.3f, order kept %.3f; adding it back: %.3f, %.3f",
                      graph->names[skip], removed.mean_shift, removed.order_kept,
                      added.mean_shift, added.order_kept);
      g_assert_cmpfloat (removed.mean_shift, <, bounds->max_shift_one);
      g_assert_cmpfloat (removed.order_kept, >, bounds->min_order_one);
      g_assert_cmpfloat (added.mean_shift, <, bounds->max_shift_one);
      g_assert_cmpfloat (added.order_kept, >, bounds->min_order_one);
      shift_sum += removed.mean_shift + added.mean_shift;
      kept_sum += removed.order_kept + added.order_kept;
      runs += 2;
    }

  g_test_message ("mean over %u changes: shift %.3f, order kept %.3f", runs, shift_sum / runs, kept_sum / runs);
  g_assert_cmpfloat (shift_sum / runs, <, bounds->max_shift);
  g_assert_cmpfloat (kept_sum / runs, >, bounds->min_order);
}

/* Laid out again from itself, a layout does not change. */
static void
test_previous_fixed_point (void)
{
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (500, 13);
  g_autoptr(FerryLayout) layout = relayout (graph, FERRY_LAYOUT_NONE, NULL);
  g_autoptr(FerryLayout) again = relayout (graph, FERRY_LAYOUT_NONE, layout);
  g_autofree gchar *expected = layout_json_text (layout);
  g_autofree gchar *json = layout_json_text (again);

  g_assert_cmpstr (json, ==, expected);
  assert_layout_valid (again);
}

/* The geometric count the quality guard and the benchmark rely on. */
static void
test_crossing_counter (void)
{
  const FerryLayoutPoint a[] = { { 0, 0 }, { 10, 10 } };
  const FerryLayoutPoint b[] = { { 0, 10 }, { 10, 0 } };
  const FerryLayoutPoint c[] = { { 0, 20 }, { 10, 20 }, { 20, 0 } };
  const FerryLayoutPoint d[] = { { 10, 10 }, { 30, 10 } };
  const FerryLayoutRect cards[] = {
    { -5, -5, 5, 5 }, { -5, 10, 5, 5 }, { 30, 5, 5, 10 }, { 100, 100, 5, 5 },
  };
  FerryTestRoute routes[] = {
    { a, 2, 0, 3 },   /* crosses b */
    { b, 2, 1, 3 },
    { c, 3, 1, 3 },   /* crosses d once, shares a node with b but no crossing */
    { d, 2, 2, 3 },   /* touches a's end: not a crossing */
  };

  g_assert_cmpuint (ferry_test_count_crossings (routes, 2, cards, 0), ==, 1);
  g_assert_cmpuint (ferry_test_count_crossings (routes, 4, cards, 0), ==, 2);
  /* Crossings next to a card both routes end on do not count. */
  routes[2].to = 2;
  routes[3].from = 1;
  g_assert_cmpuint (ferry_test_count_crossings (&routes[2], 2, (const FerryLayoutRect[]) {
                                                  { 0, 0, 1, 1 }, { 14, 9, 2, 2 }, { 40, 40, 1, 1 } }, 1), ==, 0);
}

static void
test_crossings (void)
{
  g_autoptr(FerryLayoutGraph) tree = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) tree_layout = NULL;
  g_autoptr(FerryLayout) medium = generated_layout (300, 5);
  guint64 crossings;
  guint names = 0;

  /* A tree (each service used by one consumer) can be drawn without any
   * crossing, whatever order it is given in. */
  for (guint depth = 0; depth < 4; depth++)
    for (guint i = 0; i < (1u << depth) * 3; i++)
      {
        g_autofree gchar *name = g_strdup_printf ("t%u-%02u", depth, (i * 7) % ((1u << depth) * 3));

        ferry_layout_graph_add_node (tree, name, NULL, 200, 80);
        names++;
      }
  for (guint i = 3; i < names; i++)
    ferry_layout_graph_add_edge (tree, (i - 3) / 2, i);
  tree_layout = compute_ok (tree);
  g_assert_cmpuint (ferry_test_layout_crossings (tree_layout), ==, 0);

  /* A quality guard on a realistic graph: measured, plus a margin. */
  crossings = ferry_test_layout_crossings (medium);
  g_test_message ("300 services: %" G_GUINT64_FORMAT " crossings", crossings);
  g_assert_cmpuint (crossings, <=, CROSSINGS_MAX_300);
}

static void
test_json (void)
{
  g_autoptr(FerryLayoutGraph) graph = ferry_layout_graph_new ();
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree gchar *rendered = NULL;
  g_autofree gchar *json = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *nodes, *edges, *clusters;
  guint web, cart, db;

  web = ferry_layout_graph_add_node (graph, "web", "shop/web", 280, 96);
  db = ferry_layout_graph_add_node (graph, "db", "data/db", 200, 80);
  cart = ferry_layout_graph_add_node (graph, "cart", "shop/cart", 240, 96);
  ferry_layout_graph_add_edge (graph, web, cart);
  ferry_layout_graph_add_edge (graph, web, db);
  ferry_layout_graph_add_edge (graph, cart, db);
  layout = compute_ok (graph);
  root = ferry_layout_to_json (layout);
  object = json_node_get_object (root);

  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  nodes = json_object_get_array_member (object, "nodes");
  edges = json_object_get_array_member (object, "edges");
  clusters = json_object_get_array_member (object, "clusters");
  g_assert_cmpuint (json_array_get_length (nodes), ==, 3);
  g_assert_cmpuint (json_array_get_length (edges), ==, 3);
  g_assert_cmpuint (json_array_get_length (clusters), ==, 3);

  /* Sorted by name, with exactly the documented members. */
  for (guint k = 0; k < 3; k++)
    {
      JsonObject *node = json_array_get_object_element (nodes, k);
      const gchar *name = json_object_get_string_member (node, "name");
      FerryLayoutRect r;
      guint i;

      g_assert_cmpuint (json_object_get_size (node), ==, 6);
      g_assert_cmpstr (name, ==, ((const gchar *[]) { "cart", "db", "web" })[k]);
      g_assert_true (ferry_layout_lookup_node (layout, name, &i));
      ferry_layout_get_node_rect (layout, i, &r);
      g_assert_cmpfloat (json_object_get_double_member (node, "x"), ==, r.x);
      g_assert_cmpfloat (json_object_get_double_member (node, "y"), ==, r.y);
      g_assert_cmpfloat (json_object_get_double_member (node, "width"), ==, r.width);
      g_assert_cmpfloat (json_object_get_double_member (node, "height"), ==, r.height);
      g_assert_cmpint (json_object_get_int_member (node, "layer"), ==, ferry_layout_get_node_layer (layout, i));
    }

  for (guint k = 0; k < 3; k++)
    {
      JsonObject *edge = json_array_get_object_element (edges, k);
      JsonArray *points = json_object_get_array_member (edge, "points");
      const gchar *from = json_object_get_string_member (edge, "from");
      const gchar *to = json_object_get_string_member (edge, "to");
      guint c = 0, p = 0, e, n_points;
      const FerryLayoutPoint *pts = NULL;

      g_assert_cmpuint (json_object_get_size (edge), ==, 3);
      g_assert_cmpstr (from, ==, ((const gchar *[]) { "cart", "web", "web" })[k]);
      g_assert_cmpstr (to, ==, ((const gchar *[]) { "db", "cart", "db" })[k]);
      g_assert_true (ferry_layout_lookup_node (layout, from, &c));
      g_assert_true (ferry_layout_lookup_node (layout, to, &p));
      for (e = 0; e < ferry_layout_get_n_edges (layout); e++)
        {
          guint ec, ep;

          ferry_layout_get_edge (layout, e, &ec, &ep);
          if (ec == c && ep == p)
            pts = ferry_layout_get_edge_points (layout, e, &n_points);
        }
      g_assert_nonnull (pts);
      g_assert_cmpuint (json_array_get_length (points), ==, n_points);
      for (guint q = 0; q < n_points; q++)
        {
          JsonArray *xy = json_array_get_array_element (points, q);

          g_assert_cmpuint (json_array_get_length (xy), ==, 2);
          g_assert_cmpfloat (json_array_get_double_element (xy, 0), ==, pts[q].x);
          g_assert_cmpfloat (json_array_get_double_element (xy, 1), ==, pts[q].y);
        }
    }

  for (guint k = 0; k < 3; k++)
    {
      JsonObject *cluster = json_array_get_object_element (clusters, k);

      g_assert_cmpuint (json_object_get_size (cluster), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (cluster, "name"), ==,
                       ((const gchar *[]) { "data/db", "shop/cart", "shop/web" })[k]);
    }

  /* What ferryctl layout prints: the same document. */
  rendered = ferry_layout_render_json (graph, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, rendered, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (json_parser_get_root (parser), root));
  json = layout_json_text (layout);
  g_assert_null (strstr (json, "0000000"));
}

/* Borders included. */
static gboolean
rects_touch (const FerryLayoutRect *a,
             const FerryLayoutRect *b)
{
  return a->x <= b->x + b->width && b->x <= a->x + a->width &&
         a->y <= b->y + b->height && b->y <= a->y + a->height;
}

static void
assert_same_indices (GArray *found,
                     GArray *expected)
{
  g_assert_cmpmem (found->data, found->len * sizeof (guint), expected->data, expected->len * sizeof (guint));
}

static void
test_queries (void)
{
  g_autoptr(FerryLayout) layout = generated_layout (1000, 3);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));
  FerryTestRandom random = { 99 };
  FerryLayoutRect bounds;

  ferry_layout_get_bounds (layout, &bounds);

  for (guint q = 0; q < 300; q++)
    {
      gdouble x = bounds.x + ferry_test_random_double (&random) * bounds.width;
      gdouble y = bounds.y + ferry_test_random_double (&random) * bounds.height;
      FerryLayoutRect view = { x - 400, y - 300, 800 * ferry_test_random_double (&random), 600 };
      guint hit = FERRY_LAYOUT_NONE;
      guint box = FERRY_LAYOUT_NONE;

      for (guint i = 0; i < ferry_layout_get_n_nodes (layout); i++)
        {
          FerryLayoutRect r;

          ferry_layout_get_node_rect (layout, i, &r);
          if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height)
            hit = i;
        }
      for (guint c = 0; c < ferry_layout_get_n_clusters (layout); c++)
        {
          FerryLayoutRect r;

          ferry_layout_get_cluster_rect (layout, c, &r);
          if (x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height)
            box = c;
        }
      g_assert_cmpuint (ferry_layout_node_at_point (layout, x, y), ==, hit);
      g_assert_cmpuint (ferry_layout_cluster_at_point (layout, x, y), ==, box);

      /* Culling finds exactly what touches the view, in increasing order. */
      g_array_set_size (found, 0);
      g_array_set_size (expected, 0);
      ferry_layout_nodes_in_rect (layout, &view, found);
      for (guint i = 0; i < ferry_layout_get_n_nodes (layout); i++)
        {
          FerryLayoutRect r;

          ferry_layout_get_node_rect (layout, i, &r);
          if (rects_touch (&r, &view))
            g_array_append_val (expected, i);
        }
      assert_same_indices (found, expected);

      g_array_set_size (found, 0);
      g_array_set_size (expected, 0);
      ferry_layout_edges_in_rect (layout, &view, found);
      for (guint e = 0; e < ferry_layout_get_n_edges (layout); e++)
        {
          guint n_points;
          const FerryLayoutPoint *pts = ferry_layout_get_edge_points (layout, e, &n_points);

          for (guint k = 1; k < n_points; k++)
            {
              FerryLayoutRect r = { MIN (pts[k - 1].x, pts[k].x), MIN (pts[k - 1].y, pts[k].y),
                                    fabs (pts[k - 1].x - pts[k].x), fabs (pts[k - 1].y - pts[k].y) };

              if (rects_touch (&r, &view))
                {
                  g_array_append_val (expected, e);
                  break;
                }
            }
        }
      assert_same_indices (found, expected);

      g_array_set_size (found, 0);
      g_array_set_size (expected, 0);
      ferry_layout_clusters_in_rect (layout, &view, found);
      for (guint c = 0; c < ferry_layout_get_n_clusters (layout); c++)
        {
          FerryLayoutRect r;

          ferry_layout_get_cluster_rect (layout, c, &r);
          if (rects_touch (&r, &view))
            g_array_append_val (expected, c);
        }
      assert_same_indices (found, expected);
    }
}

static void
compute_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(FerryTestGraph) graph = ferry_test_graph_generate (200, 4);
  g_autoptr(FerryLayoutGraph) layout_graph = ferry_test_graph_build (graph, 0, FERRY_LAYOUT_NONE);
  g_autoptr(FerryLayout) expected = compute_ok (layout_graph);
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree gchar *json = NULL;
  g_autofree gchar *expected_json = layout_json_text (expected);

  ferry_layout_compute_async (layout_graph, NULL, compute_done, &result);
  /* The worker has its own copy. */
  ferry_layout_graph_add_node (layout_graph, "added-later", NULL, 100, 50);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  layout = ferry_layout_compute_finish (result, &error);
  g_assert_no_error (error);
  json = layout_json_text (layout);
  g_assert_cmpstr (json, ==, expected_json);

  g_cancellable_cancel (cancellable);
  ferry_layout_compute_async (layout_graph, cancellable, compute_done, &cancelled_result);
  while (cancelled_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ferry_layout_compute_finish (cancelled_result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/layout/empty", test_empty);
  g_test_add_func ("/ferry/layout/single", test_single);
  g_test_add_func ("/ferry/layout/unclustered", test_unclustered);
  g_test_add_func ("/ferry/layout/diamond", test_diamond);
  g_test_add_func ("/ferry/layout/long-edges", test_long_edges);
  g_test_add_func ("/ferry/layout/cluster-span", test_cluster_span);
  g_test_add_data_func ("/ferry/layout/fan-in", GINT_TO_POINTER (TRUE), test_fan);
  g_test_add_data_func ("/ferry/layout/fan-out", GINT_TO_POINTER (FALSE), test_fan);
  g_test_add_func ("/ferry/layout/generated", test_generated);
  g_test_add_func ("/ferry/layout/cycle", test_cycle);
  g_test_add_func ("/ferry/layout/duplicates", test_duplicates);
  g_test_add_func ("/ferry/layout/determinism", test_determinism);
  g_test_add_data_func ("/ferry/layout/stability/scratch", &from_scratch, test_stability);
  g_test_add_data_func ("/ferry/layout/stability/previous", &from_previous, test_stability);
  g_test_add_func ("/ferry/layout/stability/fixed-point", test_previous_fixed_point);
  g_test_add_func ("/ferry/layout/crossing-counter", test_crossing_counter);
  g_test_add_func ("/ferry/layout/crossings", test_crossings);
  g_test_add_func ("/ferry/layout/json", test_json);
  g_test_add_func ("/ferry/layout/queries", test_queries);
  g_test_add_func ("/ferry/layout/async", test_async);

  return g_test_run ();
}

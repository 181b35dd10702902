/* layout-testlib.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "layout-testlib.h"

guint64
ferry_test_random_next (FerryTestRandom *random)
{
  guint64 z = (random->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);

  return z ^ (z >> 31);
}

/* In [0, 1). */
gdouble
ferry_test_random_double (FerryTestRandom *random)
{
  return (ferry_test_random_next (random) >> 11) * (1.0 / 9007199254740992.0);
}

/* In [0, n). */
guint
ferry_test_random_range (FerryTestRandom *random,
                         guint            n)
{
  return (guint)(ferry_test_random_double (random) * n);
}

static gdouble
random_normal (FerryTestRandom *random)
{
  gdouble u = 1.0 - ferry_test_random_double (random);
  gdouble v = ferry_test_random_double (random);

  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

typedef struct
{
  gdouble domain;  /* where the service sits among its peers: dependencies are mostly near */
  guint   level;
  guint   index;
} GenNode;

static gint
compare_gen_nodes (gconstpointer a,
                   gconstpointer b)
{
  const GenNode *na = a;
  const GenNode *nb = b;

  if (na->level != nb->level)
    return na->level < nb->level ? -1 : 1;
  if (na->domain != nb->domain)
    return na->domain < nb->domain ? -1 : 1;
  return na->index < nb->index ? -1 : na->index > nb->index;
}

/* A service of @level near @domain: one of the three closest. */
static guint
pick_near (FerryTestRandom *random,
           const GenNode   *sorted,
           const guint     *level_first,
           guint            level,
           gdouble          domain)
{
  guint lo = level_first[level];
  guint hi = level_first[level + 1];
  guint a = lo;
  guint b = hi;
  guint k;

  while (a < b)
    {
      guint mid = (a + b) / 2;

      if (sorted[mid].domain < domain)
        a = mid + 1;
      else
        b = mid;
    }
  k = a + ferry_test_random_range (random, 3);
  k = k >= 1 ? k - 1 : 0;
  k = CLAMP (k, lo, hi - 1);

  return sorted[k].index;
}

/* Edges are added consumer by consumer: duplicates can only be among
 * those of the same consumer, from @first on. */
static void
add_edge (GArray *consumers,
          GArray *producers,
          guint   first,
          guint   consumer,
          guint   producer)
{
  for (guint i = first; i < consumers->len; i++)
    if (g_array_index (producers, guint, i) == producer)
      return;
  g_array_append_val (consumers, consumer);
  g_array_append_val (producers, producer);
}

FerryTestGraph *
ferry_test_graph_generate (guint   n_services,
                           guint64 seed)
{
  FerryTestGraph *graph = g_new0 (FerryTestGraph, 1);
  FerryTestRandom random = { seed };
  guint depth = 4 + (guint)round (log2 (MAX (n_services, 30) / 30.0));
  g_autofree GenNode *nodes = g_new0 (GenNode, MAX (n_services, 1));
  g_autofree GenNode *sorted = NULL;
  g_autofree guint *level_first = g_new0 (guint, depth + 1);
  g_autofree guint *cluster_head = g_new0 (guint, MAX (n_services, 1));
  g_autoptr(GArray) consumers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) producers = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_clusters = 0;

  graph->n_nodes = n_services;
  graph->names = g_new0 (gchar *, n_services + 1);
  graph->clusters = g_new0 (gchar *, n_services + 1);
  graph->widths = g_new0 (gdouble, MAX (n_services, 1));
  graph->heights = g_new0 (gdouble, MAX (n_services, 1));

  /* Clusters of 1 to 8 services at a random level; a fifth of the
   * members of a cluster sit one level up, depending on its head. */
  for (guint i = 0; i < n_services;)
    {
      guint size = 1 + ferry_test_random_range (&random, 8);
      gdouble domain = ferry_test_random_double (&random);
      guint level = ferry_test_random_range (&random, depth);
      g_autofree gchar *cluster = g_strdup_printf ("repo%04u/build", n_clusters++);

      for (guint m = 0; m < size && i < n_services; m++, i++)
        {
          guint envs = 3;
          gdouble r = ferry_test_random_double (&random);

          if (r < 0.15)
            envs = 2;
          else if (r < 0.3)
            envs = 4;

          graph->names[i] = g_strdup_printf ("svc%05u", i);
          graph->clusters[i] = g_strdup (cluster);
          graph->widths[i] = 160 + 56 * envs;
          graph->heights[i] = ferry_test_random_double (&random) < 0.5 ? 80 : 96;
          nodes[i].domain = CLAMP (domain + 0.002 * m, 0, 0.999999);
          nodes[i].index = i;
          nodes[i].level = level;
          cluster_head[i] = i - m;
          if (m > 0 && level + 1 < depth && ferry_test_random_double (&random) < 0.2)
            nodes[i].level = level + 1;
        }
    }

  sorted = g_memdup2 (nodes, sizeof (GenNode) * MAX (n_services, 1));
  qsort (sorted, n_services, sizeof (GenNode), compare_gen_nodes);
  for (guint i = 0; i < n_services; i++)
    level_first[sorted[i].level + 1]++;
  for (guint l = 0; l < depth; l++)
    level_first[l + 1] += level_first[l];

  for (guint i = 0; i < n_services; i++)
    {
      guint level = nodes[i].level;
      guint first = consumers->len;
      guint n_deps = 1;

      if (level == 0)
        continue;
      if (nodes[cluster_head[i]].level + 1 == level)
        add_edge (consumers, producers, first, i, cluster_head[i]);

      n_deps += ferry_test_random_double (&random) < 0.5;
      n_deps += ferry_test_random_double (&random) < 0.35;
      n_deps += ferry_test_random_double (&random) < 0.15;

      for (guint d = 0; d < n_deps; d++)
        {
          gdouble r = ferry_test_random_double (&random);
          gdouble domain;
          guint back = 1;
          guint target;

          if (d > 0 && r < 0.1 && level >= 3)
            back = 3 + ferry_test_random_range (&random, level - 2);
          else if (d > 0 && r < 0.3 && level >= 2)
            back = 2;

          /* The nearest level below with services in it. */
          target = level - back;
          while (target > 0 && level_first[target] == level_first[target + 1])
            target--;
          if (level_first[target] == level_first[target + 1])
            continue;

          if (ferry_test_random_double (&random) < 0.1)
            domain = ferry_test_random_double (&random);
          else
            domain = CLAMP (nodes[i].domain + 0.04 * random_normal (&random), 0, 0.999999);

          add_edge (consumers, producers, first, i, pick_near (&random, sorted, level_first, target, domain));
        }
    }

  graph->n_edges = consumers->len;
  graph->consumers = (guint *)(gpointer)g_array_free (g_steal_pointer (&consumers), FALSE);
  graph->producers = (guint *)(gpointer)g_array_free (g_steal_pointer (&producers), FALSE);

  return graph;
}

void
ferry_test_graph_free (FerryTestGraph *graph)
{
  g_strfreev (graph->names);
  g_strfreev (graph->clusters);
  g_free (graph->widths);
  g_free (graph->heights);
  g_free (graph->consumers);
  g_free (graph->producers);
  g_free (graph);
}

static guint *
permutation (guint            n,
             FerryTestRandom *random)
{
  guint *perm = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    perm[i] = i;
  if (random != NULL)
    for (guint i = n; i > 1; i--)
      {
        guint j = ferry_test_random_range (random, i);
        guint t = perm[i - 1];

        perm[i - 1] = perm[j];
        perm[j] = t;
      }

  return perm;
}

/* Adds the nodes and edges in a shuffled order (shuffle_seed != 0), and
 * without @skip_node (unless FERRY_LAYOUT_NONE) and its edges. */
FerryLayoutGraph *
ferry_test_graph_build (const FerryTestGraph *graph,
                        guint64               shuffle_seed,
                        guint                 skip_node)
{
  FerryLayoutGraph *layout_graph = ferry_layout_graph_new ();
  FerryTestRandom random = { shuffle_seed };
  FerryTestRandom *shuffle = shuffle_seed != 0 ? &random : NULL;
  g_autofree guint *node_perm = permutation (graph->n_nodes, shuffle);
  g_autofree guint *edge_perm = permutation (graph->n_edges, shuffle);
  g_autofree guint *index = g_new (guint, MAX (graph->n_nodes, 1));

  for (guint k = 0; k < graph->n_nodes; k++)
    {
      guint i = node_perm[k];

      if (i == skip_node)
        continue;
      index[i] = ferry_layout_graph_add_node (layout_graph, graph->names[i], graph->clusters[i],
                                              graph->widths[i], graph->heights[i]);
    }
  for (guint k = 0; k < graph->n_edges; k++)
    {
      guint e = edge_perm[k];

      if (graph->consumers[e] == skip_node || graph->producers[e] == skip_node)
        continue;
      ferry_layout_graph_add_edge (layout_graph, index[graph->consumers[e]], index[graph->producers[e]]);
    }

  return layout_graph;
}

typedef struct
{
  FerryLayoutPoint a;
  FerryLayoutPoint b;
  guint            route;
} Segment;

static gdouble
orient (const FerryLayoutPoint *p,
        const FerryLayoutPoint *q,
        const FerryLayoutPoint *r)
{
  return (q->x - p->x) * (r->y - p->y) - (q->y - p->y) * (r->x - p->x);
}

/* Proper crossing of two segments (touching does not count). */
static gboolean
segments_cross (const Segment    *s,
                const Segment    *t,
                FerryLayoutPoint *at)
{
  gdouble d1 = orient (&t->a, &t->b, &s->a);
  gdouble d2 = orient (&t->a, &t->b, &s->b);
  gdouble d3 = orient (&s->a, &s->b, &t->a);
  gdouble d4 = orient (&s->a, &s->b, &t->b);
  gdouble k;

  if (!(((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))))
    return FALSE;

  k = d1 / (d1 - d2);
  at->x = s->a.x + k * (s->b.x - s->a.x);
  at->y = s->a.y + k * (s->b.y - s->a.y);

  return TRUE;
}

static gboolean
near_rect (const FerryLayoutRect  *rect,
           const FerryLayoutPoint *p,
           gdouble                 margin)
{
  return p->x >= rect->x - margin && p->x <= rect->x + rect->width + margin &&
         p->y >= rect->y - margin && p->y <= rect->y + rect->height + margin;
}

static guint
cell_of (gdouble v,
         gdouble origin,
         gdouble size,
         guint   n)
{
  gdouble k = floor ((v - origin) / size);

  return k < 0 ? 0 : k >= n ? n - 1 : (guint)k;
}

/* Counts the points where two routes cross, on a grid so that only nearby
 * segments are compared. Where two routes share an end node, crossings
 * within @margin of that node's card are where they meet, not crossings. */
guint64
ferry_test_count_crossings (const FerryTestRoute  *routes,
                            guint                  n_routes,
                            const FerryLayoutRect *node_rects,
                            gdouble                margin)
{
  g_autoptr(GArray) segs = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autofree guint *cell_first = NULL;
  g_autofree guint *cell_segs = NULL;
  g_autofree guint *fill = NULL;
  gdouble x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  gdouble cw, ch;
  guint cols, rows;
  guint64 total = 0;

  for (guint r = 0; r < n_routes; r++)
    for (guint k = 1; k < routes[r].n_points; k++)
      {
        Segment s = { routes[r].points[k - 1], routes[r].points[k], r };

        g_array_append_val (segs, s);
        x0 = MIN (x0, MIN (s.a.x, s.b.x));
        y0 = MIN (y0, MIN (s.a.y, s.b.y));
        x1 = MAX (x1, MAX (s.a.x, s.b.x));
        y1 = MAX (y1, MAX (s.a.y, s.b.y));
      }
  if (segs->len < 2)
    return 0;

  cols = CLAMP ((guint)sqrt (segs->len * MAX (x1 - x0, 1) / MAX (y1 - y0, 1)), 1, 2048);
  rows = CLAMP ((guint)(segs->len / cols), 1, 2048);
  cw = MAX (x1 - x0, 1) / cols;
  ch = MAX (y1 - y0, 1) / rows;

  cell_first = g_new0 (guint, cols * rows + 1);
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < segs->len; i++)
        {
          const Segment *s = &g_array_index (segs, Segment, i);
          guint cx0 = cell_of (MIN (s->a.x, s->b.x), x0, cw, cols);
          guint cx1 = cell_of (MAX (s->a.x, s->b.x), x0, cw, cols);
          guint cy0 = cell_of (MIN (s->a.y, s->b.y), y0, ch, rows);
          guint cy1 = cell_of (MAX (s->a.y, s->b.y), y0, ch, rows);

          for (guint cy = cy0; cy <= cy1; cy++)
            for (guint cx = cx0; cx <= cx1; cx++)
              {
                if (pass == 0)
                  cell_first[cy * cols + cx + 1]++;
                else
                  cell_segs[fill[cy * cols + cx]++] = i;
              }
        }
      if (pass == 0)
        {
          for (guint c = 0; c < cols * rows; c++)
            cell_first[c + 1] += cell_first[c];
          cell_segs = g_new (guint, MAX (cell_first[cols * rows], 1));
          fill = g_memdup2 (cell_first, sizeof (guint) * cols * rows);
        }
    }

  for (guint c = 0; c < cols * rows; c++)
    for (guint i = cell_first[c]; i < cell_first[c + 1]; i++)
      for (guint j = i + 1; j < cell_first[c + 1]; j++)
        {
          const Segment *s = &g_array_index (segs, Segment, cell_segs[i]);
          const Segment *t = &g_array_index (segs, Segment, cell_segs[j]);
          const FerryTestRoute *rs = &routes[s->route];
          const FerryTestRoute *rt = &routes[t->route];
          FerryLayoutPoint at;

          if (s->route == t->route || !segments_cross (s, t, &at))
            continue;
          /* Counted once: in the cell where they cross. */
          if (cell_of (at.y, y0, ch, rows) * cols + cell_of (at.x, x0, cw, cols) != c)
            continue;
          if ((rs->from == rt->from || rs->from == rt->to) && near_rect (&node_rects[rs->from], &at, margin))
            continue;
          if ((rs->to == rt->from || rs->to == rt->to) && near_rect (&node_rects[rs->to], &at, margin))
            continue;
          total++;
        }

  return total;
}

guint64
ferry_test_layout_crossings (FerryLayout *layout)
{
  guint n_nodes = ferry_layout_get_n_nodes (layout);
  guint n_edges = ferry_layout_get_n_edges (layout);
  g_autofree FerryLayoutRect *rects = g_new (FerryLayoutRect, MAX (n_nodes, 1));
  g_autofree FerryTestRoute *routes = g_new (FerryTestRoute, MAX (n_edges, 1));

  for (guint i = 0; i < n_nodes; i++)
    ferry_layout_get_node_rect (layout, i, &rects[i]);
  for (guint e = 0; e < n_edges; e++)
    {
      routes[e].points = ferry_layout_get_edge_points (layout, e, &routes[e].n_points);
      ferry_layout_get_edge (layout, e, &routes[e].from, &routes[e].to);
    }

  return ferry_test_count_crossings (routes, n_edges, rects, 8);
}

/* ferry-layout.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-layout"

#include "config.h"

#include <string.h>

#include "ferry-layout-private.h"

/*
 * The layered ("Sugiyama") drawing of the dependency graph:
 *
 *  1. layers: longest path from the producers that depend on nothing
 *     (layer 0, on the left), the deploy order of the workspace model;
 *  2. the proper layered graph: long edges get a bend in every layer they
 *     pass, cards are grouped into per-layer cluster units;
 *  3. order within layers (ferry-layout-order.c): barycenter sweeps with
 *     transposition, clusters kept contiguous;
 *  4. vertical coordinates (ferry-layout-place.c): blocks of aligned units
 *     after Brandes and Köpf, so that edges run straight where they can;
 *  5. routes: straight segments through the gaps between layers and along
 *     the bends, from a port on the consumer's left side to a port on the
 *     producer's right side.
 *
 * Everything is computed on a canonical numbering (nodes by name, edges
 * by consumer then producer name), so the result does not depend on the
 * order in which the caller added them.
 */

typedef struct
{
  gchar           *name;
  guint            layer;
  guint            cluster;
  FerryLayoutRect  rect;
} LayoutNode;

typedef struct
{
  guint consumer;
  guint producer;
  guint first_point;
  guint n_points;
} LayoutEdge;

typedef struct
{
  gchar           *name;
  FerryLayoutRect  rect;
} LayoutCluster;

struct _FerryLayout
{
  LayoutNode       *nodes;          /* in the graph's order */
  guint            *nodes_by_name;
  LayoutEdge       *edges;          /* in the order first added */
  guint            *edges_by_name;  /* by consumer, then producer name */
  FerryLayoutPoint *points;
  LayoutCluster    *clusters;       /* by name */

  FerryLayoutGrid  *node_grid;
  FerryLayoutGrid  *edge_grid;
  FerryLayoutGrid  *cluster_grid;

  FerryLayoutRect   bounds;
  guint             n_layers;
  guint             n_nodes;
  guint             n_edges;
  guint             n_points;
  guint             n_clusters;
};

G_DEFINE_QUARK (ferry-layout-error-quark, ferry_layout_error)

G_DEFINE_BOXED_TYPE (FerryLayout, ferry_layout, ferry_layout_ref, ferry_layout_unref)

/* The graph in canonical numbering, with layers. */
typedef struct
{
  FerryLayoutGraph *graph;
  guint             n_nodes;
  guint            *canon;          /* canonical index -> graph index */
  gint             *cluster;        /* canonical node -> canonical cluster, or -1 */
  guint             n_clusters;
  guint            *cluster_rep;    /* canonical cluster -> a graph node of it */
  guint             n_edges;
  guint            *edge_consumer;  /* canonical edge -> canonical consumer */
  guint            *edge_producer;
  guint            *edge_index;     /* canonical edge -> index in the layout */
  guint            *producer_first; /* canonical node -> first edge it consumes by */
  guint            *layer;
  guint             n_layers;
} Canon;

static void
canon_clear (Canon *canon)
{
  g_clear_pointer (&canon->canon, g_free);
  g_clear_pointer (&canon->cluster, g_free);
  g_clear_pointer (&canon->cluster_rep, g_free);
  g_clear_pointer (&canon->edge_consumer, g_free);
  g_clear_pointer (&canon->edge_producer, g_free);
  g_clear_pointer (&canon->edge_index, g_free);
  g_clear_pointer (&canon->producer_first, g_free);
  g_clear_pointer (&canon->layer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Canon, canon_clear)

static const gchar *
node_name (Canon *canon,
           guint  i)
{
  return g_array_index (canon->graph->nodes, FerryLayoutGraphNode, canon->canon[i]).name;
}

static const FerryLayoutGraphNode *
graph_node (FerryLayoutGraph *graph,
            guint             i)
{
  return &g_array_index (graph->nodes, FerryLayoutGraphNode, i);
}

static gint
compare_node_names (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  FerryLayoutGraph *graph = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;
  gint cmp = strcmp (graph_node (graph, ia)->name, graph_node (graph, ib)->name);

  if (cmp != 0)
    return cmp;
  return ia < ib ? -1 : ia > ib;
}

static gint
compare_cluster_names (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  FerryLayoutGraph *graph = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;
  gint cmp = strcmp (graph_node (graph, ia)->cluster, graph_node (graph, ib)->cluster);

  if (cmp != 0)
    return cmp;
  return ia < ib ? -1 : ia > ib;
}

typedef struct
{
  guint consumer;
  guint producer;
  guint added;
} CanonEdge;

static gint
compare_canon_edges (gconstpointer a,
                     gconstpointer b)
{
  const CanonEdge *ea = a;
  const CanonEdge *eb = b;

  if (ea->consumer != eb->consumer)
    return ea->consumer < eb->consumer ? -1 : 1;
  if (ea->producer != eb->producer)
    return ea->producer < eb->producer ? -1 : 1;
  return ea->added < eb->added ? -1 : ea->added > eb->added;
}

static gboolean
canon_build (Canon             *canon,
             FerryLayoutGraph  *graph,
             GError           **error)
{
  g_autofree guint *rank = NULL;
  g_autofree guint *clustered = NULL;
  g_autofree CanonEdge *edges = NULL;
  g_autofree guint *first_added = NULL;
  guint n = graph->nodes->len;
  guint n_clustered = 0;
  guint n_edges = 0;

  canon->graph = graph;
  canon->n_nodes = n;
  canon->canon = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    canon->canon[i] = i;
  g_qsort_with_data (canon->canon, n, sizeof (guint), compare_node_names, graph);

  rank = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    {
      rank[canon->canon[i]] = i;
      if (i > 0 && strcmp (node_name (canon, i - 1), node_name (canon, i)) == 0)
        {
          g_set_error (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_DUPLICATE_NAME,
                       "Two nodes are named “%s”", node_name (canon, i));
          return FALSE;
        }
    }

  /* Clusters, numbered in the order of their names. */
  clustered = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    if (graph_node (graph, i)->cluster != NULL)
      clustered[n_clustered++] = i;
  g_qsort_with_data (clustered, n_clustered, sizeof (guint), compare_cluster_names, graph);

  canon->cluster = g_new (gint, n);
  canon->cluster_rep = g_new (guint, n_clustered);
  for (guint i = 0; i < n; i++)
    canon->cluster[i] = -1;
  for (guint i = 0; i < n_clustered; i++)
    {
      if (i == 0 || strcmp (graph_node (graph, clustered[i - 1])->cluster,
                            graph_node (graph, clustered[i])->cluster) != 0)
        canon->cluster_rep[canon->n_clusters++] = clustered[i];
      canon->cluster[rank[clustered[i]]] = canon->n_clusters - 1;
    }

  /* Edges, without duplicates, by consumer then producer. */
  edges = g_new (CanonEdge, MAX (graph->edges->len, 1));
  for (guint i = 0; i < graph->edges->len; i++)
    {
      const FerryLayoutGraphEdge *e = &g_array_index (graph->edges, FerryLayoutGraphEdge, i);

      edges[i].consumer = rank[e->consumer];
      edges[i].producer = rank[e->producer];
      edges[i].added = i;
    }
  qsort (edges, graph->edges->len, sizeof (CanonEdge), compare_canon_edges);
  for (guint i = 0; i < graph->edges->len; i++)
    if (n_edges == 0 ||
        edges[i].consumer != edges[n_edges - 1].consumer ||
        edges[i].producer != edges[n_edges - 1].producer)
      edges[n_edges++] = edges[i];

  canon->n_edges = n_edges;
  canon->edge_consumer = g_new (guint, n_edges);
  canon->edge_producer = g_new (guint, n_edges);
  canon->edge_index = g_new (guint, n_edges);
  canon->producer_first = g_new0 (guint, n + 1);
  first_added = g_new (guint, MAX (n_edges, 1));
  for (guint i = 0; i < n_edges; i++)
    {
      canon->edge_consumer[i] = edges[i].consumer;
      canon->edge_producer[i] = edges[i].producer;
      canon->producer_first[edges[i].consumer + 1]++;
      first_added[i] = edges[i].added;
    }
  for (guint i = 0; i < n; i++)
    canon->producer_first[i + 1] += canon->producer_first[i];

  /* The layout numbers edges in the order they were first added. */
  qsort (first_added, n_edges, sizeof (guint), ferry_layout_compare_guint);
  for (guint i = 0; i < n_edges; i++)
    {
      guint *found = bsearch (&edges[i].added, first_added, n_edges, sizeof (guint), ferry_layout_compare_guint);

      canon->edge_index[i] = found - first_added;
    }

  return TRUE;
}

/* Names a cycle among the nodes Kahn's algorithm could not reach: each of
 * them still waits for a producer that is itself left, so following the
 * smallest such producer must come back to a node already seen. */
static void
set_cycle_error (Canon          *canon,
                 const gboolean *done,
                 GError        **error)
{
  g_autofree gint *seen_at = g_new (gint, canon->n_nodes);
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) message = g_string_new ("Dependency cycle: ");
  guint start = 0;
  guint cur;
  guint first;
  guint smallest;
  guint len;

  for (guint i = 0; i < canon->n_nodes; i++)
    seen_at[i] = -1;
  while (done[start])
    start++;

  for (cur = start; seen_at[cur] < 0;)
    {
      seen_at[cur] = path->len;
      g_array_append_val (path, cur);
      for (guint e = canon->producer_first[cur]; e < canon->producer_first[cur + 1]; e++)
        if (!done[canon->edge_producer[e]])
          {
            cur = canon->edge_producer[e];
            break;
          }
    }

  first = seen_at[cur];
  len = path->len - first;
  smallest = first;
  for (guint i = first; i < path->len; i++)
    if (g_array_index (path, guint, i) < g_array_index (path, guint, smallest))
      smallest = i;

  for (guint k = 0; k <= len; k++)
    {
      guint i = first + (smallest - first + k) % len;

      if (k > 0)
        g_string_append (message, " → ");
      g_string_append (message, node_name (canon, g_array_index (path, guint, i)));
    }
  g_string_append (message, " (each depends on the next)");

  g_set_error_literal (error, FERRY_LAYOUT_ERROR, FERRY_LAYOUT_ERROR_CYCLE, message->str);
}

/* Layer of a node: 0 when it depends on nothing, else one more than the
 * highest layer among its producers. */
static gboolean
canon_assign_layers (Canon   *canon,
                     GError **error)
{
  guint n = canon->n_nodes;
  g_autofree guint *consumer_first = g_new0 (guint, n + 1);
  g_autofree guint *consumers = g_new (guint, MAX (canon->n_edges, 1));
  g_autofree guint *fill = NULL;
  g_autofree guint *pending = g_new (guint, n);
  g_autofree guint *queue = g_new (guint, MAX (n, 1));
  g_autofree gboolean *done = g_new0 (gboolean, n);
  guint head = 0;
  guint tail = 0;

  for (guint e = 0; e < canon->n_edges; e++)
    consumer_first[canon->edge_producer[e] + 1]++;
  for (guint i = 0; i < n; i++)
    consumer_first[i + 1] += consumer_first[i];
  fill = g_memdup2 (consumer_first, sizeof (guint) * (n + 1));
  for (guint e = 0; e < canon->n_edges; e++)
    consumers[fill[canon->edge_producer[e]]++] = canon->edge_consumer[e];

  canon->layer = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      pending[i] = canon->producer_first[i + 1] - canon->producer_first[i];
      if (pending[i] == 0)
        queue[tail++] = i;
    }

  while (head < tail)
    {
      guint p = queue[head++];

      done[p] = TRUE;
      canon->n_layers = MAX (canon->n_layers, canon->layer[p] + 1);
      for (guint k = consumer_first[p]; k < consumer_first[p + 1]; k++)
        {
          guint c = consumers[k];

          canon->layer[c] = MAX (canon->layer[c], canon->layer[p] + 1);
          if (--pending[c] == 0)
            queue[tail++] = c;
        }
    }

  if (tail < n)
    {
      set_cycle_error (canon, done, error);
      return FALSE;
    }

  return TRUE;
}

static void
work_clear (FerryLayoutWork *work)
{
  g_clear_pointer (&work->hint, g_free);
  g_clear_pointer (&work->layer_first, g_free);
  g_clear_pointer (&work->layer_n, g_free);
  g_clear_pointer (&work->layer_vertices, g_free);
  g_clear_pointer (&work->order, g_free);
  g_clear_pointer (&work->members, g_free);
  g_clear_pointer (&work->vertices, g_free);
  g_clear_pointer (&work->segments, g_free);
  g_clear_pointer (&work->lo_segs, g_free);
  g_clear_pointer (&work->hi_segs, g_free);
  g_clear_pointer (&work->units, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryLayoutWork, work_clear)

/* Builds the proper layered graph and its units; segments of edge e are
 * seg_first[e] .. seg_first[e + 1] - 1, from the consumer to the producer. */
static void
work_build (FerryLayoutWork *work,
            Canon           *canon,
            guint           *seg_first)
{
  guint n = canon->n_nodes;
  g_autofree gint *vertex_cluster = NULL;
  g_autofree guint *span_lo = g_new (guint, MAX (canon->n_clusters, 1));
  g_autofree guint *span_hi = g_new (guint, MAX (canon->n_clusters, 1));
  g_autofree guint *cluster_unit = g_new (guint, MAX (canon->n_clusters, 1));
  g_autofree guint *fill = NULL;
  guint n_vertices = n;
  guint n_segments = 0;
  guint n_units = 0;
  guint next_unit;
  guint v;

  work->n_layers = canon->n_layers;

  for (guint e = 0; e < canon->n_edges; e++)
    {
      guint span = canon->layer[canon->edge_consumer[e]] - canon->layer[canon->edge_producer[e]];

      seg_first[e] = n_segments;
      n_segments += span;
      n_vertices += span - 1;
    }
  seg_first[canon->n_edges] = n_segments;

  work->n_vertices = n_vertices;
  work->vertices = g_new0 (FerryLayoutVertex, MAX (n_vertices, 1));
  work->n_segments = n_segments;
  work->segments = g_new0 (FerryLayoutSegment, MAX (n_segments, 1));
  vertex_cluster = g_new (gint, MAX (n_vertices, 1));

  for (guint i = 0; i < n; i++)
    {
      work->vertices[i].layer = canon->layer[i];
      work->vertices[i].node = i;
      work->vertices[i].height = graph_node (canon->graph, canon->canon[i])->height;
      vertex_cluster[i] = canon->cluster[i];
    }

  v = n;
  for (guint e = 0; e < canon->n_edges; e++)
    {
      guint c = canon->edge_consumer[e];
      guint p = canon->edge_producer[e];
      gint cluster = canon->cluster[c] >= 0 && canon->cluster[c] == canon->cluster[p] ? canon->cluster[c] : -1;
      guint prev = c;

      for (guint s = seg_first[e]; s < seg_first[e + 1]; s++)
        {
          FerryLayoutSegment *seg = &work->segments[s];
          guint next;

          if (s + 1 == seg_first[e + 1])
            next = p;
          else
            {
              next = v++;
              work->vertices[next].layer = work->vertices[prev].layer - 1;
              work->vertices[next].node = -1;
              vertex_cluster[next] = cluster;
            }
          seg->hi = prev;
          seg->lo = next;
          seg->edge = e;
          work->vertices[prev].n_lo++;
          work->vertices[next].n_hi++;
          prev = next;
        }
    }

  /* Segment lists of every vertex, in segment order. */
  work->lo_segs = g_new (guint, MAX (n_segments, 1));
  work->hi_segs = g_new (guint, MAX (n_segments, 1));
  for (guint i = 0, lo = 0, hi = 0; i < n_vertices; i++)
    {
      work->vertices[i].lo_first = lo;
      work->vertices[i].hi_first = hi;
      lo += work->vertices[i].n_lo;
      hi += work->vertices[i].n_hi;
      work->vertices[i].n_lo = 0;
      work->vertices[i].n_hi = 0;
    }
  for (guint s = 0; s < n_segments; s++)
    {
      FerryLayoutVertex *hi = &work->vertices[work->segments[s].hi];
      FerryLayoutVertex *lo = &work->vertices[work->segments[s].lo];

      work->lo_segs[hi->lo_first + hi->n_lo++] = s;
      work->hi_segs[lo->hi_first + lo->n_hi++] = s;
    }

  /* Units: one per cluster and layer of its span, one per other vertex. */
  for (guint c = 0; c < canon->n_clusters; c++)
    {
      span_lo[c] = G_MAXUINT;
      span_hi[c] = 0;
    }
  for (guint i = 0; i < n; i++)
    if (canon->cluster[i] >= 0)
      {
        span_lo[canon->cluster[i]] = MIN (span_lo[canon->cluster[i]], canon->layer[i]);
        span_hi[canon->cluster[i]] = MAX (span_hi[canon->cluster[i]], canon->layer[i]);
      }
  for (guint c = 0; c < canon->n_clusters; c++)
    {
      cluster_unit[c] = n_units;
      n_units += span_hi[c] - span_lo[c] + 1;
    }
  for (guint i = 0; i < n_vertices; i++)
    if (vertex_cluster[i] < 0)
      n_units++;

  work->n_units = n_units;
  work->units = g_new0 (FerryLayoutUnit, MAX (n_units, 1));
  for (guint c = 0; c < canon->n_clusters; c++)
    for (guint l = span_lo[c]; l <= span_hi[c]; l++)
      {
        FerryLayoutUnit *unit = &work->units[cluster_unit[c] + l - span_lo[c]];

        unit->layer = l;
        unit->cluster = c;
        unit->chain_lo = l > span_lo[c] ? cluster_unit[c] + l - 1 - span_lo[c] : FERRY_LAYOUT_NONE;
        unit->chain_hi = l < span_hi[c] ? cluster_unit[c] + l + 1 - span_lo[c] : FERRY_LAYOUT_NONE;
      }
  next_unit = 0;
  for (guint c = 0; c < canon->n_clusters; c++)
    next_unit += span_hi[c] - span_lo[c] + 1;
  for (guint i = 0; i < n_vertices; i++)
    {
      gint c = vertex_cluster[i];

      if (c < 0)
        {
          work->units[next_unit].layer = work->vertices[i].layer;
          work->units[next_unit].cluster = -1;
          work->units[next_unit].chain_lo = FERRY_LAYOUT_NONE;
          work->units[next_unit].chain_hi = FERRY_LAYOUT_NONE;
          work->vertices[i].unit = next_unit++;
        }
      else
        work->vertices[i].unit = cluster_unit[c] + work->vertices[i].layer - span_lo[c];
      work->units[work->vertices[i].unit].n_members++;
    }

  work->members = g_new (guint, MAX (n_vertices, 1));
  for (guint u = 0, first = 0; u < n_units; u++)
    {
      work->units[u].first = first;
      first += work->units[u].n_members;
      work->units[u].n_members = 0;
    }
  for (guint i = 0; i < n_vertices; i++)
    {
      FerryLayoutUnit *unit = &work->units[work->vertices[i].unit];

      work->members[unit->first + unit->n_members++] = i;
    }

  /* Units of each layer, in the order of their numbers for a start. */
  work->layer_first = g_new0 (guint, work->n_layers + 1);
  work->layer_n = g_new0 (guint, MAX (work->n_layers, 1));
  work->layer_vertices = g_new0 (guint, MAX (work->n_layers, 1));
  work->order = g_new (guint, MAX (n_units, 1));
  for (guint u = 0; u < n_units; u++)
    work->layer_first[work->units[u].layer + 1]++;
  for (guint l = 0; l < work->n_layers; l++)
    work->layer_first[l + 1] += work->layer_first[l];
  fill = g_memdup2 (work->layer_first, sizeof (guint) * (work->n_layers + 1));
  for (guint u = 0; u < n_units; u++)
    {
      guint l = work->units[u].layer;

      work->order[fill[l]++] = u;
      work->layer_n[l]++;
    }
  for (guint i = 0; i < n_vertices; i++)
    work->layer_vertices[work->vertices[i].layer]++;
  for (guint l = 0; l < work->n_layers; l++)
    ferry_layout_work_update_positions (work, l);
}

/* Height of @previous's route of an edge where it crosses x, or NAN. */
static gdouble
route_y_at (FerryLayout *previous,
            guint        edge,
            gdouble      x)
{
  guint n_points;
  const FerryLayoutPoint *pts = ferry_layout_get_edge_points (previous, edge, &n_points);

  /* Routes head left: x falls from point to point. */
  for (guint k = 1; k < n_points; k++)
    if (pts[k].x <= x && x <= pts[k - 1].x)
      return pts[k].y + (pts[k - 1].y - pts[k].y) * (x - pts[k].x) / MAX (pts[k - 1].x - pts[k].x, 1e-9);

  return NAN;
}

/* Where the vertices were in @previous: cards found by name at the height
 * of their centre; bends where the edge's previous route crossed the
 * matching layer, or between its ends; NAN elsewhere. */
static gdouble *
work_hint (FerryLayoutWork *work,
           Canon           *canon,
           const guint     *seg_first,
           FerryLayout     *previous)
{
  guint n_prev = ferry_layout_get_n_nodes (previous);
  guint n_prev_layers = ferry_layout_get_n_layers (previous);
  gdouble *hint = g_new (gdouble, MAX (work->n_vertices, 1));
  g_autofree guint *prev_index = g_new (guint, MAX (canon->n_nodes, 1));
  g_autofree gdouble *prev_center = g_new0 (gdouble, MAX (n_prev_layers, 1));
  g_autoptr(GHashTable) prev_edges = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *keys = g_new (gint64, MAX (ferry_layout_get_n_edges (previous), 1));

  for (guint j = 0; j < n_prev; j++)
    {
      FerryLayoutRect rect;

      ferry_layout_get_node_rect (previous, j, &rect);
      prev_center[ferry_layout_get_node_layer (previous, j)] = rect.x + rect.width / 2;
    }
  for (guint e = 0; e < ferry_layout_get_n_edges (previous); e++)
    {
      guint c, p;

      ferry_layout_get_edge (previous, e, &c, &p);
      keys[e] = (gint64)c * G_MAXUINT32 + p;
      g_hash_table_insert (prev_edges, &keys[e], GUINT_TO_POINTER (e + 1));
    }

  for (guint v = 0; v < work->n_vertices; v++)
    hint[v] = NAN;
  for (guint i = 0; i < canon->n_nodes; i++)
    {
      FerryLayoutRect rect;

      prev_index[i] = FERRY_LAYOUT_NONE;
      if (!ferry_layout_lookup_node (previous, node_name (canon, i), &prev_index[i]))
        continue;
      ferry_layout_get_node_rect (previous, prev_index[i], &rect);
      hint[i] = rect.y + rect.height / 2;
    }

  for (guint e = 0; e < canon->n_edges; e++)
    {
      guint c = canon->edge_consumer[e];
      guint p = canon->edge_producer[e];
      gint64 key;
      guint found;
      guint span = seg_first[e + 1] - seg_first[e];

      if (prev_index[c] == FERRY_LAYOUT_NONE || prev_index[p] == FERRY_LAYOUT_NONE)
        continue;
      key = (gint64)prev_index[c] * G_MAXUINT32 + prev_index[p];
      found = GPOINTER_TO_UINT (g_hash_table_lookup (prev_edges, &key));

      for (guint s = seg_first[e]; s + 1 < seg_first[e + 1]; s++)
        {
          guint k = s - seg_first[e] + 1;   /* layers away from the consumer */
          guint prev_layer = ferry_layout_get_node_layer (previous, prev_index[c]);
          gdouble y = NAN;

          if (found != 0 && k < prev_layer && prev_layer - k > ferry_layout_get_node_layer (previous, prev_index[p]))
            y = route_y_at (previous, found - 1, prev_center[prev_layer - k]);
          if (isnan (y))
            y = hint[c] + (hint[p] - hint[c]) * k / span;
          hint[work->segments[s].lo] = y;
        }
    }

  return hint;
}

/**
 * ferry_layout_work_update_positions:
 *
 * Renumbers the units and vertices of @layer after its order changed.
 */
void
ferry_layout_work_update_positions (FerryLayoutWork *work,
                                    guint            layer)
{
  guint pos = 0;

  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      FerryLayoutUnit *unit = &work->units[work->order[work->layer_first[layer] + k]];

      unit->pos = k;
      unit->vstart = pos;
      for (guint m = 0; m < unit->n_members; m++)
        work->vertices[work->members[unit->first + m]].pos = pos++;
    }
}

static gdouble
vertex_y (FerryLayoutWork *work,
          guint            v)
{
  return work->units[work->vertices[v].unit].y + work->vertices[v].offset;
}

/* Appends a route point, dropping repeats and merging runs along one
 * horizontal line. */
static void
push_point (GArray  *points,
            guint    first,
            gdouble  x,
            gdouble  y)
{
  FerryLayoutPoint point = { x, y };
  guint n = points->len - first;

  if (n >= 1)
    {
      FerryLayoutPoint *last = &g_array_index (points, FerryLayoutPoint, points->len - 1);

      if (last->x == x && last->y == y)
        return;
      if (n >= 2 && last->y == y && g_array_index (points, FerryLayoutPoint, points->len - 2).y == y)
        {
          last->x = x;
          return;
        }
    }
  g_array_append_val (points, point);
}

typedef struct
{
  const gdouble *col_left;
  const gdouble *col_width;
} Columns;

static void
route_edge (FerryLayout     *layout,
            FerryLayoutWork *work,
            Canon           *canon,
            const Columns   *cols,
            guint            s_first,
            guint            s_end,
            GArray          *points)
{
  guint first = points->len;
  const FerryLayoutSegment *seg = &work->segments[s_first];
  const FerryLayoutVertex *vc = &work->vertices[seg->hi];
  const FerryLayoutRect *card = &layout->nodes[canon->canon[vc->node]].rect;
  gdouble y = vertex_y (work, seg->hi) + seg->hi_port;

  push_point (points, first, card->x, y);
  push_point (points, first, cols->col_left[vc->layer], y);

  for (guint s = s_first; s < s_end; s++)
    {
      const FerryLayoutVertex *lo;
      guint l;

      seg = &work->segments[s];
      lo = &work->vertices[seg->lo];
      l = lo->layer;
      y = vertex_y (work, seg->lo) + seg->lo_port;
      push_point (points, first, cols->col_left[l] + cols->col_width[l], y);
      if (lo->node < 0)
        push_point (points, first, cols->col_left[l], y);
      else
        {
          card = &layout->nodes[canon->canon[lo->node]].rect;
          push_point (points, first, card->x + card->width, y);
        }
    }
}

static void
rect_union (FerryLayoutRect       *bounds,
            const FerryLayoutRect *rect)
{
  gdouble x1 = MAX (bounds->x + bounds->width, rect->x + rect->width);
  gdouble y1 = MAX (bounds->y + bounds->height, rect->y + rect->height);

  bounds->x = MIN (bounds->x, rect->x);
  bounds->y = MIN (bounds->y, rect->y);
  bounds->width = x1 - bounds->x;
  bounds->height = y1 - bounds->y;
}

static void
layout_translate (FerryLayout *layout,
                  gdouble      dx,
                  gdouble      dy)
{
  for (guint i = 0; i < layout->n_nodes; i++)
    {
      layout->nodes[i].rect.x += dx;
      layout->nodes[i].rect.y += dy;
    }
  for (guint i = 0; i < layout->n_clusters; i++)
    {
      layout->clusters[i].rect.x += dx;
      layout->clusters[i].rect.y += dy;
    }
  for (guint i = 0; i < layout->n_points; i++)
    {
      layout->points[i].x += dx;
      layout->points[i].y += dy;
    }
}

static void
layout_build_clusters (FerryLayout     *layout,
                       FerryLayoutWork *work,
                       Canon           *canon,
                       gdouble          padding)
{
  layout->n_clusters = canon->n_clusters;
  layout->clusters = g_new0 (LayoutCluster, MAX (canon->n_clusters, 1));

  for (guint c = 0; c < canon->n_clusters; c++)
    {
      layout->clusters[c].name = g_strdup (graph_node (canon->graph, canon->cluster_rep[c])->cluster);
      layout->clusters[c].rect.x = G_MAXDOUBLE;
      layout->clusters[c].rect.y = G_MAXDOUBLE;
      layout->clusters[c].rect.width = -G_MAXDOUBLE;
      layout->clusters[c].rect.height = -G_MAXDOUBLE;
    }

  /* width and height hold the right and bottom edges until the end */
  for (guint u = 0; u < work->n_units; u++)
    {
      const FerryLayoutUnit *unit = &work->units[u];
      FerryLayoutRect *rect;

      if (unit->cluster < 0)
        continue;
      rect = &layout->clusters[unit->cluster].rect;
      rect->y = MIN (rect->y, unit->y);
      rect->height = MAX (rect->height, unit->y + unit->height);
      for (guint m = 0; m < unit->n_members; m++)
        {
          const FerryLayoutVertex *v = &work->vertices[work->members[unit->first + m]];
          const FerryLayoutRect *card;

          if (v->node < 0)
            continue;
          card = &layout->nodes[canon->canon[v->node]].rect;
          rect->x = MIN (rect->x, card->x - padding);
          rect->width = MAX (rect->width, card->x + card->width + padding);
        }
    }

  for (guint c = 0; c < canon->n_clusters; c++)
    {
      FerryLayoutRect *rect = &layout->clusters[c].rect;

      rect->width -= rect->x;
      rect->height -= rect->y;
    }
}

static void
layout_build_grids (FerryLayout *layout)
{
  g_autofree FerryLayoutRect *rects = g_new (FerryLayoutRect, MAX (MAX (layout->n_nodes, layout->n_clusters), 1));
  g_autofree FerryLayoutRect *seg_rects = g_new (FerryLayoutRect, MAX (layout->n_points, 1));
  g_autofree guint *ids = g_new (guint, MAX (layout->n_points, 1));
  guint n_segs = 0;

  for (guint i = 0; i < layout->n_nodes; i++)
    rects[i] = layout->nodes[i].rect;
  layout->node_grid = ferry_layout_grid_new (&layout->bounds, rects, NULL, layout->n_nodes);

  for (guint i = 0; i < layout->n_clusters; i++)
    rects[i] = layout->clusters[i].rect;
  layout->cluster_grid = ferry_layout_grid_new (&layout->bounds, rects, NULL, layout->n_clusters);

  for (guint e = 0; e < layout->n_edges; e++)
    {
      const LayoutEdge *edge = &layout->edges[e];

      for (guint k = 1; k < edge->n_points; k++)
        {
          const FerryLayoutPoint *a = &layout->points[edge->first_point + k - 1];
          const FerryLayoutPoint *b = &layout->points[edge->first_point + k];

          seg_rects[n_segs].x = MIN (a->x, b->x);
          seg_rects[n_segs].y = MIN (a->y, b->y);
          seg_rects[n_segs].width = fabs (a->x - b->x);
          seg_rects[n_segs].height = fabs (a->y - b->y);
          ids[n_segs++] = e;
        }
    }
  layout->edge_grid = ferry_layout_grid_new (&layout->bounds, seg_rects, ids, n_segs);
}

static FerryLayout *
layout_new (Canon           *canon,
            FerryLayoutWork *work,
            const guint     *seg_first)
{
  FerryLayoutGraph *graph = canon->graph;
  FerryLayout *layout = g_atomic_rc_box_new0 (FerryLayout);
  guint n_layers = canon->n_layers;
  g_autofree gdouble *col_left = g_new0 (gdouble, MAX (n_layers, 1));
  g_autofree gdouble *col_width = g_new0 (gdouble, MAX (n_layers, 1));
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (FerryLayoutPoint));
  gdouble gap = MAX (graph->layer_spacing, 2 * graph->cluster_padding + 2 * graph->edge_spacing);
  Columns cols = { col_left, col_width };
  gdouble min_x = 0;
  gdouble min_y = 0;

  layout->n_layers = n_layers;
  layout->n_nodes = canon->n_nodes;
  layout->n_edges = canon->n_edges;

  for (guint i = 0; i < canon->n_nodes; i++)
    col_width[canon->layer[i]] = MAX (col_width[canon->layer[i]], graph_node (graph, canon->canon[i])->width);
  for (guint l = 1; l < n_layers; l++)
    col_left[l] = ferry_layout_quantize (col_left[l - 1] + col_width[l - 1] + gap);

  layout->nodes = g_new0 (LayoutNode, MAX (canon->n_nodes, 1));
  layout->nodes_by_name = g_memdup2 (canon->canon, sizeof (guint) * MAX (canon->n_nodes, 1));
  for (guint i = 0; i < canon->n_nodes; i++)
    {
      const FerryLayoutGraphNode *gn = graph_node (graph, canon->canon[i]);
      LayoutNode *node = &layout->nodes[canon->canon[i]];
      guint l = canon->layer[i];

      node->name = g_strdup (gn->name);
      node->layer = l;
      node->cluster = canon->cluster[i] >= 0 ? (guint)canon->cluster[i] : FERRY_LAYOUT_NONE;
      node->rect.x = col_left[l] + floor ((col_width[l] - gn->width) / 2 / FERRY_LAYOUT_QUANTUM) * FERRY_LAYOUT_QUANTUM;
      node->rect.y = vertex_y (work, i);
      node->rect.width = gn->width;
      node->rect.height = gn->height;
    }

  layout->edges = g_new0 (LayoutEdge, MAX (canon->n_edges, 1));
  layout->edges_by_name = g_new (guint, MAX (canon->n_edges, 1));
  for (guint e = 0; e < canon->n_edges; e++)
    {
      LayoutEdge *edge = &layout->edges[canon->edge_index[e]];

      layout->edges_by_name[e] = canon->edge_index[e];
      edge->consumer = canon->canon[canon->edge_consumer[e]];
      edge->producer = canon->canon[canon->edge_producer[e]];
      edge->first_point = points->len;
      route_edge (layout, work, canon, &cols, seg_first[e], seg_first[e + 1], points);
      edge->n_points = points->len - edge->first_point;
    }
  layout->n_points = points->len;
  layout->points = (FerryLayoutPoint *)(gpointer)g_array_free (g_steal_pointer (&points), FALSE);

  layout_build_clusters (layout, work, canon, graph->cluster_padding);

  /* Move everything to positive coordinates, from (0, 0). */
  for (guint c = 0; c < layout->n_clusters; c++)
    {
      min_x = MIN (min_x, layout->clusters[c].rect.x);
      min_y = MIN (min_y, layout->clusters[c].rect.y);
    }
  for (guint i = 0; i < layout->n_nodes; i++)
    min_y = MIN (min_y, layout->nodes[i].rect.y);
  for (guint k = 0; k < layout->n_points; k++)
    min_y = MIN (min_y, layout->points[k].y);
  layout_translate (layout, -min_x, -min_y);

  for (guint i = 0; i < layout->n_nodes; i++)
    rect_union (&layout->bounds, &layout->nodes[i].rect);
  for (guint c = 0; c < layout->n_clusters; c++)
    rect_union (&layout->bounds, &layout->clusters[c].rect);
  for (guint k = 0; k < layout->n_points; k++)
    {
      FerryLayoutRect point = { layout->points[k].x, layout->points[k].y, 0, 0 };

      rect_union (&layout->bounds, &point);
    }

  layout_build_grids (layout);

  return layout;
}

static FerryLayout *
layout_compute (FerryLayoutGraph  *graph,
                GCancellable      *cancellable,
                GError           **error)
{
  g_auto(Canon) canon = { 0 };
  g_auto(FerryLayoutWork) work = { 0 };
  g_autofree guint *seg_first = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!canon_build (&canon, graph, error) || !canon_assign_layers (&canon, error))
    return NULL;

  work.node_spacing = graph->node_spacing;
  work.edge_spacing = graph->edge_spacing;
  work.cluster_padding = graph->cluster_padding;
  work.label_height = graph->label_height;
  seg_first = g_new (guint, canon.n_edges + 1);
  work_build (&work, &canon, seg_first);
  if (graph->previous != NULL)
    work.hint = work_hint (&work, &canon, seg_first, graph->previous);

  if (!ferry_layout_work_order (&work, cancellable, error))
    return NULL;
  ferry_layout_work_place (&work);

  return layout_new (&canon, &work, seg_first);
}

/**
 * ferry_layout_compute:
 * @graph: a #FerryLayoutGraph
 * @error: return location for a #GError
 *
 * Lays @graph out left to right in deploy order: layer 0 (nodes that
 * depend on nothing) on the left, each consumer to the right of what it
 * depends on. Nodes of one cluster are kept together inside a box; edges
 * run between the layers from the consumer's card to the producer's.
 *
 * The result depends only on the graph, not on the order in which its
 * nodes and edges were added.
 *
 * Returns: (transfer full): the layout, or %NULL with @error set
 *   (%FERRY_LAYOUT_ERROR_CYCLE naming the cycle, or
 *   %FERRY_LAYOUT_ERROR_DUPLICATE_NAME)
 */
FerryLayout *
ferry_layout_compute (FerryLayoutGraph  *graph,
                      GError           **error)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return layout_compute (graph, NULL, error);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  FerryLayout *layout = layout_compute (task_data, cancellable, &error);

  if (layout == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, layout, (GDestroyNotify)ferry_layout_unref);
}

/**
 * ferry_layout_compute_async:
 * @graph: a #FerryLayoutGraph
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the layout is ready
 * @user_data: data for @callback
 *
 * Computes the layout of a copy of @graph in a worker thread; @graph may
 * be changed or freed meanwhile.
 */
void
ferry_layout_compute_async (FerryLayoutGraph    *graph,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (graph != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_layout_compute_async);
  g_task_set_task_data (task, ferry_layout_graph_copy (graph), (GDestroyNotify)ferry_layout_graph_unref);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * ferry_layout_compute_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the layout, or %NULL with @error set as by
 *   ferry_layout_compute(), or to %G_IO_ERROR_CANCELLED
 */
FerryLayout *
ferry_layout_compute_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_layout_compute_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ferry_layout_render_json:
 * @graph: a #FerryLayoutGraph
 * @error: return location for a #GError
 *
 * Lays @graph out and writes the result in the format of
 * `ferryctl layout --format json` (see ferry_layout_to_json()).
 *
 * Returns: (transfer full): the JSON text, indented, without a final
 *   newline; or %NULL with @error set as by ferry_layout_compute()
 */
gchar *
ferry_layout_render_json (FerryLayoutGraph  *graph,
                          GError           **error)
{
  g_autoptr(FerryLayout) layout = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(layout = ferry_layout_compute (graph, error)))
    return NULL;

  root = ferry_layout_to_json (layout);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
layout_clear (gpointer data)
{
  FerryLayout *layout = data;

  for (guint i = 0; i < layout->n_nodes; i++)
    g_free (layout->nodes[i].name);
  for (guint i = 0; i < layout->n_clusters; i++)
    g_free (layout->clusters[i].name);
  g_clear_pointer (&layout->nodes, g_free);
  g_clear_pointer (&layout->nodes_by_name, g_free);
  g_clear_pointer (&layout->edges, g_free);
  g_clear_pointer (&layout->edges_by_name, g_free);
  g_clear_pointer (&layout->points, g_free);
  g_clear_pointer (&layout->clusters, g_free);
  g_clear_pointer (&layout->node_grid, ferry_layout_grid_free);
  g_clear_pointer (&layout->edge_grid, ferry_layout_grid_free);
  g_clear_pointer (&layout->cluster_grid, ferry_layout_grid_free);
}

/**
 * ferry_layout_ref:
 * @layout: a #FerryLayout
 *
 * Returns: (transfer full): @layout
 */
FerryLayout *
ferry_layout_ref (FerryLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  return g_atomic_rc_box_acquire (layout);
}

/**
 * ferry_layout_unref:
 * @layout: (transfer full): a #FerryLayout
 *
 * Drops a reference, freeing @layout with the last one.
 */
void
ferry_layout_unref (FerryLayout *layout)
{
  g_return_if_fail (layout != NULL);

  g_atomic_rc_box_release_full (layout, layout_clear);
}

/**
 * ferry_layout_get_n_layers:
 * @layout: a #FerryLayout
 *
 * Returns: the number of layers (columns)
 */
guint
ferry_layout_get_n_layers (FerryLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->n_layers;
}

/**
 * ferry_layout_get_n_nodes:
 * @layout: a #FerryLayout
 *
 * Returns: the number of nodes, numbered as in the graph
 */
guint
ferry_layout_get_n_nodes (FerryLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->n_nodes;
}

/**
 * ferry_layout_get_node_name:
 * @layout: a #FerryLayout
 * @node: a node index
 *
 * Returns: (transfer none): the node's name
 */
const gchar *
ferry_layout_get_node_name (FerryLayout *layout,
                            guint        node)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (node < layout->n_nodes, NULL);

  return layout->nodes[node].name;
}

/**
 * ferry_layout_get_node_layer:
 * @layout: a #FerryLayout
 * @node: a node index
 *
 * Returns: the node's layer: 0 when it depends on nothing, else one more
 *   than the highest layer among what it depends on
 */
guint
ferry_layout_get_node_layer (FerryLayout *layout,
                             guint        node)
{
  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (node < layout->n_nodes, 0);

  return layout->nodes[node].layer;
}

/**
 * ferry_layout_get_node_cluster:
 * @layout: a #FerryLayout
 * @node: a node index
 *
 * Returns: the index of the node's cluster, or %FERRY_LAYOUT_NONE
 */
guint
ferry_layout_get_node_cluster (FerryLayout *layout,
                               guint        node)
{
  g_return_val_if_fail (layout != NULL, FERRY_LAYOUT_NONE);
  g_return_val_if_fail (node < layout->n_nodes, FERRY_LAYOUT_NONE);

  return layout->nodes[node].cluster;
}

/**
 * ferry_layout_get_node_rect:
 * @layout: a #FerryLayout
 * @node: a node index
 * @rect: (out caller-allocates): the node's card
 */
void
ferry_layout_get_node_rect (FerryLayout     *layout,
                            guint            node,
                            FerryLayoutRect *rect)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (node < layout->n_nodes);
  g_return_if_fail (rect != NULL);

  *rect = layout->nodes[node].rect;
}

/**
 * ferry_layout_lookup_node:
 * @layout: a #FerryLayout
 * @name: a node name
 * @node: (out) (optional): the node's index
 *
 * Returns: %TRUE if a node is called @name
 */
gboolean
ferry_layout_lookup_node (FerryLayout *layout,
                          const gchar *name,
                          guint       *node)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  hi = layout->n_nodes;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint cmp = strcmp (layout->nodes[layout->nodes_by_name[mid]].name, name);

      if (cmp == 0)
        {
          if (node != NULL)
            *node = layout->nodes_by_name[mid];
          return TRUE;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

/**
 * ferry_layout_get_n_edges:
 * @layout: a #FerryLayout
 *
 * Returns: the number of distinct edges, numbered in the order they were
 *   first added to the graph
 */
guint
ferry_layout_get_n_edges (FerryLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->n_edges;
}

/**
 * ferry_layout_get_edge:
 * @layout: a #FerryLayout
 * @edge: an edge index
 * @consumer: (out) (optional): the node that depends on @producer
 * @producer: (out) (optional): the node depended on
 */
void
ferry_layout_get_edge (FerryLayout *layout,
                       guint        edge,
                       guint       *consumer,
                       guint       *producer)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (edge < layout->n_edges);

  if (consumer != NULL)
    *consumer = layout->edges[edge].consumer;
  if (producer != NULL)
    *producer = layout->edges[edge].producer;
}

/**
 * ferry_layout_get_edge_points:
 * @layout: a #FerryLayout
 * @edge: an edge index
 * @n_points: (out): the number of points
 *
 * The route of an edge: straight segments from a point on the left side
 * of the consumer's card to a point on the right side of the producer's,
 * where the arrowhead goes. It never crosses a card.
 *
 * Returns: (array length=n_points) (transfer none): the points
 */
const FerryLayoutPoint *
ferry_layout_get_edge_points (FerryLayout *layout,
                              guint        edge,
                              guint       *n_points)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (edge < layout->n_edges, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  *n_points = layout->edges[edge].n_points;

  return &layout->points[layout->edges[edge].first_point];
}

/**
 * ferry_layout_get_n_clusters:
 * @layout: a #FerryLayout
 *
 * Returns: the number of clusters, numbered in the order of their names
 */
guint
ferry_layout_get_n_clusters (FerryLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->n_clusters;
}

/**
 * ferry_layout_get_cluster_name:
 * @layout: a #FerryLayout
 * @cluster: a cluster index
 *
 * Returns: (transfer none): the cluster's key, as given to
 *   ferry_layout_graph_add_node()
 */
const gchar *
ferry_layout_get_cluster_name (FerryLayout *layout,
                               guint        cluster)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (cluster < layout->n_clusters, NULL);

  return layout->clusters[cluster].name;
}

/**
 * ferry_layout_get_cluster_rect:
 * @layout: a #FerryLayout
 * @cluster: a cluster index
 * @rect: (out caller-allocates): the cluster's box
 *
 * The box encloses the cluster's cards, with the label room at its top,
 * and no card of another cluster.
 */
void
ferry_layout_get_cluster_rect (FerryLayout     *layout,
                               guint            cluster,
                               FerryLayoutRect *rect)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (cluster < layout->n_clusters);
  g_return_if_fail (rect != NULL);

  *rect = layout->clusters[cluster].rect;
}

/**
 * ferry_layout_get_bounds:
 * @layout: a #FerryLayout
 * @bounds: (out caller-allocates): the area everything is drawn in
 *
 * The layout starts at (0, 0); an empty one has a size of 0.
 */
void
ferry_layout_get_bounds (FerryLayout     *layout,
                         FerryLayoutRect *bounds)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (bounds != NULL);

  *bounds = layout->bounds;
}

static gboolean
rect_contains (const FerryLayoutRect *rect,
               gdouble                x,
               gdouble                y)
{
  return x >= rect->x && x <= rect->x + rect->width &&
         y >= rect->y && y <= rect->y + rect->height;
}

static guint
grid_hit (FerryLayoutGrid *grid,
          gdouble          x,
          gdouble          y)
{
  FerryLayoutRect point = { x, y, 0, 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));

  ferry_layout_grid_query (grid, &point, ids);

  return ids->len > 0 ? g_array_index (ids, guint, 0) : FERRY_LAYOUT_NONE;
}

/**
 * ferry_layout_node_at_point:
 * @layout: a #FerryLayout
 * @x: horizontal world coordinate
 * @y: vertical world coordinate
 *
 * Returns: the node whose card contains the point (borders included), or
 *   %FERRY_LAYOUT_NONE
 */
guint
ferry_layout_node_at_point (FerryLayout *layout,
                            gdouble      x,
                            gdouble      y)
{
  guint node;

  g_return_val_if_fail (layout != NULL, FERRY_LAYOUT_NONE);

  node = grid_hit (layout->node_grid, x, y);
  g_assert (node == FERRY_LAYOUT_NONE || rect_contains (&layout->nodes[node].rect, x, y));

  return node;
}

/**
 * ferry_layout_cluster_at_point:
 * @layout: a #FerryLayout
 * @x: horizontal world coordinate
 * @y: vertical world coordinate
 *
 * Returns: the cluster whose box contains the point, or %FERRY_LAYOUT_NONE
 */
guint
ferry_layout_cluster_at_point (FerryLayout *layout,
                               gdouble      x,
                               gdouble      y)
{
  g_return_val_if_fail (layout != NULL, FERRY_LAYOUT_NONE);

  return grid_hit (layout->cluster_grid, x, y);
}

/**
 * ferry_layout_nodes_in_rect:
 * @layout: a #FerryLayout
 * @rect: an area, such as the visible part of the view
 * @nodes: (element-type guint): where to append the indices of the nodes
 *   whose card touches @rect, in increasing order
 *
 * Finds what to draw without looking at every node.
 */
void
ferry_layout_nodes_in_rect (FerryLayout           *layout,
                            const FerryLayoutRect *rect,
                            GArray                *nodes)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (rect != NULL);
  g_return_if_fail (nodes != NULL && g_array_get_element_size (nodes) == sizeof (guint));

  ferry_layout_grid_query (layout->node_grid, rect, nodes);
}

/**
 * ferry_layout_edges_in_rect:
 * @layout: a #FerryLayout
 * @rect: an area, such as the visible part of the view
 * @edges: (element-type guint): where to append the indices of the edges
 *   with a segment whose bounding box touches @rect, in increasing order
 */
void
ferry_layout_edges_in_rect (FerryLayout           *layout,
                            const FerryLayoutRect *rect,
                            GArray                *edges)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (rect != NULL);
  g_return_if_fail (edges != NULL && g_array_get_element_size (edges) == sizeof (guint));

  ferry_layout_grid_query (layout->edge_grid, rect, edges);
}

/**
 * ferry_layout_clusters_in_rect:
 * @layout: a #FerryLayout
 * @rect: an area, such as the visible part of the view
 * @clusters: (element-type guint): where to append the indices of the
 *   clusters whose box touches @rect, in increasing order
 */
void
ferry_layout_clusters_in_rect (FerryLayout           *layout,
                               const FerryLayoutRect *rect,
                               GArray                *clusters)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (rect != NULL);
  g_return_if_fail (clusters != NULL && g_array_get_element_size (clusters) == sizeof (guint));

  ferry_layout_grid_query (layout->cluster_grid, rect, clusters);
}

static void
add_rect_members (JsonBuilder           *builder,
                  const FerryLayoutRect *rect)
{
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, rect->x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, rect->y);
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, rect->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, rect->height);
}

/**
 * ferry_layout_to_json:
 * @layout: a #FerryLayout
 *
 * Writes the layout in the format of `ferryctl layout --format json`:
 *
 * |[
 * {"nodes": [{"name", "x", "y", "width", "height", "layer"}],
 *  "edges": [{"from", "to", "points": [[x, y], ...]}],
 *  "clusters": [{"name", "x", "y", "width", "height"}]}
 * ]|
 *
 * Boxes are given by their top-left corner and size, in world units, y
 * growing downwards. `from` is the consumer, `to` the producer; `points`
 * is the whole route as straight segments, ending on the producer's card.
 * Nodes and clusters are sorted by name, edges by `from` then `to`.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
ferry_layout_to_json (FerryLayout *layout)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (layout != NULL, NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint k = 0; k < layout->n_nodes; k++)
    {
      const LayoutNode *node = &layout->nodes[layout->nodes_by_name[k]];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, node->name);
      add_rect_members (builder, &node->rect);
      json_builder_set_member_name (builder, "layer");
      json_builder_add_int_value (builder, node->layer);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "edges");
  json_builder_begin_array (builder);
  for (guint k = 0; k < layout->n_edges; k++)
    {
      const LayoutEdge *edge = &layout->edges[layout->edges_by_name[k]];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, layout->nodes[edge->consumer].name);
      json_builder_set_member_name (builder, "to");
      json_builder_add_string_value (builder, layout->nodes[edge->producer].name);
      json_builder_set_member_name (builder, "points");
      json_builder_begin_array (builder);
      for (guint p = 0; p < edge->n_points; p++)
        {
          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, layout->points[edge->first_point + p].x);
          json_builder_add_double_value (builder, layout->points[edge->first_point + p].y);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "clusters");
  json_builder_begin_array (builder);
  for (guint c = 0; c < layout->n_clusters; c++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, layout->clusters[c].name);
      add_rect_members (builder, &layout->clusters[c].rect);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ferry-layout-place.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-layout"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-layout-private.h"

/*
 * Vertical coordinates, after Brandes and Köpf ("Fast and Simple
 * Horizontal Coordinate Assignment"), on units rather than vertices: a
 * unit is a rigid stack of cards (a cluster's box in one layer) or a lone
 * bend. Four times, once per combination of sweep direction (towards
 * lower or higher layers) and compaction side (top or bottom):
 *
 *  - alignment: each unit is aligned with a median neighbour unit in the
 *    previous layer, through one segment, so that this segment runs
 *    straight; alignments never cross one another, nor a segment between
 *    two bends (long edges stay straight first), nor the links of a
 *    cluster spanning layers, which are always aligned (its box is one
 *    rectangle);
 *  - compaction: the aligned chains (blocks) are packed towards the
 *    compaction side by a longest path over "is next to" constraints.
 *
 * Of the four results, their average and the average of their medians,
 * the one with the shortest vertical travel of the segments is kept (the
 * last two are balanced; a median may overlap, and is then skipped); or,
 * given a previous layout, the one closest to it.
 */

#define EPSILON 1e-6
#define N_CANDIDATES 6

typedef struct
{
  guint   ord;        /* of the neighbour unit */
  gdouble anchor;     /* where the segment meets the neighbour unit */
  gdouble own;        /* where it meets the unit being aligned */
  guint   unit;
  guint   seg;
} Candidate;

typedef struct
{
  FerryLayoutWork *work;
  gboolean        *marked;      /* per segment: crosses a long edge's inner segment */
  guint           *root;
  gdouble         *rel;
  guint           *limit;
  gdouble         *z;
  guint           *edge_first;  /* constraints of the block graph, by source root */
  guint           *edge_to;
  gdouble         *edge_weight;
  guint           *indegree;
  guint           *queue;
  Candidate       *candidates;
  gdouble         *ys[N_CANDIDATES];
} Place;

static void
place_clear (Place *p)
{
  g_clear_pointer (&p->marked, g_free);
  g_clear_pointer (&p->root, g_free);
  g_clear_pointer (&p->rel, g_free);
  g_clear_pointer (&p->limit, g_free);
  g_clear_pointer (&p->z, g_free);
  g_clear_pointer (&p->edge_first, g_free);
  g_clear_pointer (&p->edge_to, g_free);
  g_clear_pointer (&p->edge_weight, g_free);
  g_clear_pointer (&p->indegree, g_free);
  g_clear_pointer (&p->queue, g_free);
  g_clear_pointer (&p->candidates, g_free);
  for (guint k = 0; k < N_CANDIDATES; k++)
    g_clear_pointer (&p->ys[k], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Place, place_clear)

static gdouble
vertex_spacing (FerryLayoutWork         *work,
                const FerryLayoutVertex *vertex)
{
  return vertex->node >= 0 ? work->node_spacing : work->edge_spacing;
}

static gdouble
unit_spacing (FerryLayoutWork       *work,
              const FerryLayoutUnit *unit)
{
  if (unit->cluster >= 0 ||
      (unit->n_members > 0 && work->vertices[work->members[unit->first]].node >= 0))
    return work->node_spacing;
  return work->edge_spacing;
}

static gdouble
gap_between (FerryLayoutWork       *work,
             const FerryLayoutUnit *a,
             const FerryLayoutUnit *b)
{
  return (unit_spacing (work, a) + unit_spacing (work, b)) / 2;
}

/* Stacks the members of every unit under the cluster's label, and gives
 * all the units of a cluster spanning layers the height of the tallest. */
static void
stack_units (FerryLayoutWork *work)
{
  for (guint u = 0; u < work->n_units; u++)
    {
      FerryLayoutUnit *unit = &work->units[u];
      gboolean boxed = unit->cluster >= 0;
      gdouble cursor = boxed ? work->cluster_padding + work->label_height : 0;
      gdouble previous = 0;

      for (guint m = 0; m < unit->n_members; m++)
        {
          FerryLayoutVertex *vertex = &work->vertices[work->members[unit->first + m]];
          gdouble spacing = vertex_spacing (work, vertex);

          if (m > 0)
            cursor += (previous + spacing) / 2;
          vertex->offset = cursor;
          cursor += vertex->height;
          previous = spacing;
        }
      unit->height = cursor + (boxed ? work->cluster_padding : 0);
    }

  for (guint u = 0; u < work->n_units; u++)
    {
      gdouble height = 0;

      if (work->units[u].chain_lo != FERRY_LAYOUT_NONE || work->units[u].chain_hi == FERRY_LAYOUT_NONE)
        continue;
      for (guint c = u; c != FERRY_LAYOUT_NONE; c = work->units[c].chain_hi)
        height = MAX (height, work->units[c].height);
      for (guint c = u; c != FERRY_LAYOUT_NONE; c = work->units[c].chain_hi)
        work->units[c].height = height;
    }
}

static gint
compare_ports (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const guint *key = user_data;
  guint ka = key[*(const guint *)a];
  guint kb = key[*(const guint *)b];

  return ka < kb ? -1 : ka > kb;
}

static gdouble
port_offset (FerryLayoutWork         *work,
             const FerryLayoutVertex *vertex,
             guint                    i,
             guint                    n)
{
  gdouble step;

  if (vertex->height <= 0)
    return 0;
  step = MIN (work->edge_spacing, vertex->height / (n + 1));

  return CLAMP (ferry_layout_quantize (vertex->height / 2 + (i - (n - 1) / 2.0) * step),
                0, vertex->height);
}

/* Spreads the segments meeting a card's side over that side, in the order
 * of their other ends, so that they do not cross one another. */
static void
assign_ports (FerryLayoutWork *work)
{
  g_autofree guint *key = g_new (guint, MAX (work->n_segments, 1));
  g_autofree guint *sorted = g_new (guint, MAX (work->n_segments, 1));

  for (guint s = 0; s < work->n_segments; s++)
    key[s] = work->vertices[work->segments[s].lo].pos;
  for (guint v = 0; v < work->n_vertices; v++)
    {
      const FerryLayoutVertex *vertex = &work->vertices[v];

      memcpy (sorted, &work->lo_segs[vertex->lo_first], sizeof (guint) * vertex->n_lo);
      g_qsort_with_data (sorted, vertex->n_lo, sizeof (guint), compare_ports, key);
      for (guint i = 0; i < vertex->n_lo; i++)
        work->segments[sorted[i]].hi_port = port_offset (work, vertex, i, vertex->n_lo);
    }

  for (guint s = 0; s < work->n_segments; s++)
    key[s] = work->vertices[work->segments[s].hi].pos;
  for (guint v = 0; v < work->n_vertices; v++)
    {
      const FerryLayoutVertex *vertex = &work->vertices[v];

      memcpy (sorted, &work->hi_segs[vertex->hi_first], sizeof (guint) * vertex->n_hi);
      g_qsort_with_data (sorted, vertex->n_hi, sizeof (guint), compare_ports, key);
      for (guint i = 0; i < vertex->n_hi; i++)
        work->segments[sorted[i]].lo_port = port_offset (work, vertex, i, vertex->n_hi);
    }
}

static gboolean
is_lone_bend (FerryLayoutWork *work,
              guint            v)
{
  const FerryLayoutVertex *vertex = &work->vertices[v];

  return vertex->node < 0 && work->units[vertex->unit].cluster < 0;
}

/* Position (among units of layer) of the upper end of @unit's inner link
 * to layer - 1: the segment between two lone bends, or the link of a
 * cluster spanning layers; FERRY_LAYOUT_NONE when it has none. */
static guint
inner_link (FerryLayoutWork       *work,
            const FerryLayoutUnit *unit)
{
  guint v;
  const FerryLayoutSegment *seg;

  if (unit->chain_lo != FERRY_LAYOUT_NONE)
    return work->units[unit->chain_lo].pos;
  if (unit->cluster >= 0 || unit->n_members != 1)
    return FERRY_LAYOUT_NONE;
  v = work->members[unit->first];
  if (!is_lone_bend (work, v) || work->vertices[v].n_lo != 1)
    return FERRY_LAYOUT_NONE;
  seg = &work->segments[work->lo_segs[work->vertices[v].lo_first]];
  if (!is_lone_bend (work, seg->lo))
    return FERRY_LAYOUT_NONE;

  return work->units[work->vertices[seg->lo].unit].pos;
}

/* Marks the segments that cross an inner link ("type 1 conflicts"): they
 * are never used for alignment. */
static void
mark_conflicts (Place *p)
{
  FerryLayoutWork *work = p->work;

  for (guint l = 1; l < work->n_layers; l++)
    {
      const guint *units = &work->order[work->layer_first[l]];
      guint n = work->layer_n[l];
      guint k0 = 0;
      guint start = 0;

      for (guint i = 0; i < n; i++)
        {
          guint inner = inner_link (work, &work->units[units[i]]);
          guint k1;

          if (inner == FERRY_LAYOUT_NONE && i + 1 < n)
            continue;
          k1 = inner != FERRY_LAYOUT_NONE ? inner : work->layer_n[l - 1] - 1;

          for (guint j = start; j <= i; j++)
            {
              const FerryLayoutUnit *unit = &work->units[units[j]];

              for (guint m = 0; m < unit->n_members; m++)
                {
                  const FerryLayoutVertex *vertex = &work->vertices[work->members[unit->first + m]];

                  for (guint s = 0; s < vertex->n_lo; s++)
                    {
                      guint seg = work->lo_segs[vertex->lo_first + s];
                      guint up = work->units[work->vertices[work->segments[seg].lo].unit].pos;

                      if (up < k0 || up > k1)
                        p->marked[seg] = TRUE;
                    }
                }
            }
          start = i + 1;
          k0 = k1;
        }
    }
}

typedef struct
{
  gboolean down;     /* align with layer - 1, visiting layers upwards */
  gboolean top;      /* compact towards the top */
  gboolean aligned;  /* FALSE: only the links of clusters */
} Direction;

static inline guint
ord_of (FerryLayoutWork       *work,
        const FerryLayoutUnit *unit,
        const Direction       *dir)
{
  return dir->top ? unit->pos : work->layer_n[unit->layer] - 1 - unit->pos;
}

static inline guint
unit_at (FerryLayoutWork *work,
         guint            layer,
         guint            ord,
         const Direction *dir)
{
  guint k = dir->top ? ord : work->layer_n[layer] - 1 - ord;

  return work->order[work->layer_first[layer] + k];
}

static inline gdouble
oriented (const FerryLayoutUnit *unit,
          gdouble                offset,
          const Direction       *dir)
{
  return dir->top ? offset : unit->height - offset;
}

static gint
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a;
  const Candidate *cb = b;

  if (ca->ord != cb->ord)
    return ca->ord < cb->ord ? -1 : 1;
  if (ca->anchor != cb->anchor)
    return ca->anchor < cb->anchor ? -1 : 1;
  return ca->seg < cb->seg ? -1 : ca->seg > cb->seg;
}

static guint
gather_candidates (Place                 *p,
                   const FerryLayoutUnit *unit,
                   const Direction       *dir)
{
  FerryLayoutWork *work = p->work;
  guint n = 0;

  for (guint m = 0; m < unit->n_members; m++)
    {
      const FerryLayoutVertex *vertex = &work->vertices[work->members[unit->first + m]];
      const guint *segs = dir->down ? &work->lo_segs[vertex->lo_first] : &work->hi_segs[vertex->hi_first];
      guint n_segs = dir->down ? vertex->n_lo : vertex->n_hi;

      for (guint s = 0; s < n_segs; s++)
        {
          const FerryLayoutSegment *seg = &work->segments[segs[s]];
          const FerryLayoutVertex *other = &work->vertices[dir->down ? seg->lo : seg->hi];
          const FerryLayoutUnit *other_unit = &work->units[other->unit];
          Candidate *c = &p->candidates[n++];

          c->ord = ord_of (work, other_unit, dir);
          c->anchor = oriented (other_unit, other->offset + (dir->down ? seg->lo_port : seg->hi_port), dir);
          c->own = oriented (unit, vertex->offset + (dir->down ? seg->hi_port : seg->lo_port), dir);
          c->unit = other->unit;
          c->seg = segs[s];
        }
    }

  if (n > 1)
    qsort (p->candidates, n, sizeof (Candidate), compare_candidates);

  return n;
}

static void
align (Place           *p,
       const Direction *dir)
{
  FerryLayoutWork *work = p->work;
  guint n_layers = work->n_layers;

  for (guint u = 0; u < work->n_units; u++)
    {
      p->root[u] = u;
      p->rel[u] = 0;
    }

  for (guint step = 1; step < n_layers; step++)
    {
      guint l = dir->down ? step : n_layers - 1 - step;
      guint n = work->layer_n[l];
      guint running = G_MAXUINT;
      gint r = -1;

      /* Nothing may be aligned across a cluster's link further on. */
      for (guint k = n; k-- > 0;)
        {
          const FerryLayoutUnit *unit = &work->units[unit_at (work, l, k, dir)];
          guint partner = dir->down ? unit->chain_lo : unit->chain_hi;

          p->limit[unit_at (work, l, k, dir)] = running;
          if (partner != FERRY_LAYOUT_NONE)
            running = MIN (running, ord_of (work, &work->units[partner], dir));
        }

      for (guint k = 0; k < n; k++)
        {
          guint v = unit_at (work, l, k, dir);
          const FerryLayoutUnit *unit = &work->units[v];
          guint partner = dir->down ? unit->chain_lo : unit->chain_hi;
          guint n_cand;

          if (partner != FERRY_LAYOUT_NONE)
            {
              /* Same height, same top: the same oriented coordinate. */
              p->root[v] = p->root[partner];
              p->rel[v] = p->rel[partner];
              r = ord_of (work, &work->units[partner], dir);
              continue;
            }
          if (!dir->aligned)
            continue;

          n_cand = gather_candidates (p, unit, dir);
          if (n_cand == 0)
            continue;

          for (guint mi = (n_cand - 1) / 2; mi <= n_cand / 2; mi++)
            {
              const Candidate *c = &p->candidates[mi];

              if (p->marked[c->seg])
                continue;
              if ((gint)c->ord > r && c->ord < p->limit[v])
                {
                  p->root[v] = p->root[c->unit];
                  p->rel[v] = p->rel[c->unit] + c->anchor - c->own;
                  r = c->ord;
                  break;
                }
            }
        }
    }
}

/* Packs the blocks towards the compaction side: a longest path over the
 * constraints between neighbours. Returns FALSE if the constraints have a
 * cycle (crossing alignments), which the alignment rules out. */
static gboolean
compact (Place           *p,
         const Direction *dir,
         gdouble         *y)
{
  FerryLayoutWork *work = p->work;
  guint n_units = work->n_units;
  guint head = 0;
  guint tail = 0;

  memset (p->edge_first, 0, sizeof (guint) * (n_units + 1));
  memset (p->indegree, 0, sizeof (guint) * n_units);
  for (guint l = 0; l < work->n_layers; l++)
    for (guint k = 0; k + 1 < work->layer_n[l]; k++)
      p->edge_first[p->root[unit_at (work, l, k, dir)] + 1]++;
  for (guint u = 0; u < n_units; u++)
    p->edge_first[u + 1] += p->edge_first[u];

  for (guint l = 0; l < work->n_layers; l++)
    for (guint k = 0; k + 1 < work->layer_n[l]; k++)
      {
        guint a = unit_at (work, l, k, dir);
        guint b = unit_at (work, l, k + 1, dir);
        guint slot = p->edge_first[p->root[a]] + p->indegree[p->root[a]]++;

        p->edge_to[slot] = p->root[b];
        p->edge_weight[slot] = p->rel[a] + work->units[a].height +
                               gap_between (work, &work->units[a], &work->units[b]) - p->rel[b];
      }

  memset (p->indegree, 0, sizeof (guint) * n_units);
  for (guint e = 0; e < p->edge_first[n_units]; e++)
    p->indegree[p->edge_to[e]]++;
  for (guint u = 0; u < n_units; u++)
    {
      p->z[u] = 0;
      if (p->root[u] == u && p->indegree[u] == 0)
        p->queue[tail++] = u;
    }

  while (head < tail)
    {
      guint r = p->queue[head++];

      for (guint e = p->edge_first[r]; e < p->edge_first[r + 1]; e++)
        {
          guint t = p->edge_to[e];

          p->z[t] = MAX (p->z[t], p->z[r] + p->edge_weight[e]);
          if (--p->indegree[t] == 0)
            p->queue[tail++] = t;
        }
    }

  for (guint u = 0; u < n_units; u++)
    if (p->root[u] == u && p->indegree[u] != 0)
      return FALSE;

  for (guint u = 0; u < n_units; u++)
    {
      gdouble z = p->z[p->root[u]] + p->rel[u];

      y[u] = dir->top ? z : -z - work->units[u].height;
    }

  return TRUE;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  gdouble da = *(const gdouble *)a;
  gdouble db = *(const gdouble *)b;

  return da < db ? -1 : da > db;
}

static gdouble
segment_travel (FerryLayoutWork *work,
                const gdouble   *y)
{
  gdouble total = 0;

  for (guint s = 0; s < work->n_segments; s++)
    {
      const FerryLayoutSegment *seg = &work->segments[s];
      const FerryLayoutVertex *lo = &work->vertices[seg->lo];
      const FerryLayoutVertex *hi = &work->vertices[seg->hi];

      total += fabs ((y[lo->unit] + lo->offset + seg->lo_port) - (y[hi->unit] + hi->offset + seg->hi_port));
    }

  return total;
}

/* How far the cards are from where they were, the whole layout moved
 * as well as it can be (by the median difference). */
static gdouble
distance_from_hint (FerryLayoutWork *work,
                    const gdouble   *y)
{
  g_autofree gdouble *diff = g_new (gdouble, MAX (work->n_vertices, 1));
  gdouble total = 0;
  gdouble shift;
  guint n = 0;

  for (guint v = 0; v < work->n_vertices; v++)
    {
      const FerryLayoutVertex *vertex = &work->vertices[v];

      if (vertex->node >= 0 && !isnan (work->hint[v]))
        diff[n++] = y[vertex->unit] + vertex->offset + vertex->height / 2 - work->hint[v];
    }
  if (n == 0)
    return segment_travel (work, y);

  qsort (diff, n, sizeof (gdouble), compare_doubles);
  shift = diff[n / 2];
  for (guint k = 0; k < n; k++)
    total += fabs (diff[k] - shift);

  return total;
}

static gboolean
is_feasible (FerryLayoutWork *work,
             const gdouble   *y)
{
  for (guint l = 0; l < work->n_layers; l++)
    for (guint k = 0; k + 1 < work->layer_n[l]; k++)
      {
        guint a = work->order[work->layer_first[l] + k];
        guint b = work->order[work->layer_first[l] + k + 1];

        if (y[b] < y[a] + work->units[a].height + gap_between (work, &work->units[a], &work->units[b]) - EPSILON)
          return FALSE;
      }
  for (guint u = 0; u < work->n_units; u++)
    if (work->units[u].chain_lo != FERRY_LAYOUT_NONE && fabs (y[u] - y[work->units[u].chain_lo]) > EPSILON)
      return FALSE;

  return TRUE;
}

static void
extent (FerryLayoutWork *work,
        const gdouble   *y,
        gdouble         *lo,
        gdouble         *hi)
{
  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint u = 0; u < work->n_units; u++)
    {
      *lo = MIN (*lo, y[u]);
      *hi = MAX (*hi, y[u] + work->units[u].height);
    }
}

/* Computes the four layouts, aligned on the narrowest one, and their
 * average and median combinations, in p->ys. */
static void
compute_candidates (Place *p)
{
  FerryLayoutWork *work = p->work;
  gdouble lo[4], hi[4];
  guint narrowest = 0;

  for (guint k = 0; k < 4; k++)
    {
      Direction dir = { k < 2, k % 2 == 0, TRUE };

      align (p, &dir);
      if (!compact (p, &dir, p->ys[k]))
        {
          g_debug ("Alignment constraints form a cycle; dropping alignment");
          dir.aligned = FALSE;
          align (p, &dir);
          if (!compact (p, &dir, p->ys[k]))
            g_assert_not_reached ();
        }
      extent (work, p->ys[k], &lo[k], &hi[k]);
      if (hi[k] - lo[k] < hi[narrowest] - lo[narrowest])
        narrowest = k;
    }

  for (guint k = 0; k < 4; k++)
    {
      gdouble shift = k % 2 == 0 ? lo[narrowest] - lo[k] : hi[narrowest] - hi[k];

      for (guint u = 0; u < work->n_units; u++)
        p->ys[k][u] += shift;
    }

  for (guint u = 0; u < work->n_units; u++)
    {
      gdouble v[4] = { p->ys[0][u], p->ys[1][u], p->ys[2][u], p->ys[3][u] };

      p->ys[4][u] = (v[0] + v[1] + v[2] + v[3]) / 4;
      qsort (v, 4, sizeof (gdouble), compare_doubles);
      p->ys[5][u] = (v[1] + v[2]) / 2;
    }
}

/**
 * ferry_layout_work_place:
 *
 * Sets the height of every unit and its top (y), the offsets of the
 * vertices in their units and the ports of the segments.
 */
void
ferry_layout_work_place (FerryLayoutWork *work)
{
  g_auto(Place) p = { 0 };
  guint n_units = MAX (work->n_units, 1);
  guint max_degree = 1;
  guint best = 0;
  gdouble best_travel = G_MAXDOUBLE;
  gdouble top = G_MAXDOUBLE;

  stack_units (work);
  assign_ports (work);
  if (work->n_units == 0)
    return;

  for (guint u = 0; u < work->n_units; u++)
    {
      const FerryLayoutUnit *unit = &work->units[u];
      guint degree = 0;

      for (guint m = 0; m < unit->n_members; m++)
        {
          const FerryLayoutVertex *vertex = &work->vertices[work->members[unit->first + m]];

          degree += MAX (vertex->n_lo, vertex->n_hi);
        }
      max_degree = MAX (max_degree, degree);
    }

  p.work = work;
  p.marked = g_new0 (gboolean, MAX (work->n_segments, 1));
  p.root = g_new (guint, n_units);
  p.rel = g_new (gdouble, n_units);
  p.limit = g_new (guint, n_units);
  p.z = g_new (gdouble, n_units);
  p.edge_first = g_new (guint, n_units + 1);
  p.edge_to = g_new (guint, n_units);
  p.edge_weight = g_new (gdouble, n_units);
  p.indegree = g_new (guint, n_units);
  p.queue = g_new (guint, n_units);
  p.candidates = g_new (Candidate, max_degree);
  for (guint k = 0; k < N_CANDIDATES; k++)
    p.ys[k] = g_new (gdouble, n_units);

  mark_conflicts (&p);
  compute_candidates (&p);

  for (guint k = 0; k < N_CANDIDATES; k++)
    {
      gdouble travel;

      if (!is_feasible (work, p.ys[k]))
        continue;
      travel = work->hint != NULL ? distance_from_hint (work, p.ys[k]) : segment_travel (work, p.ys[k]);
      if (travel < best_travel - EPSILON)
        {
          best_travel = travel;
          best = k;
        }
    }

  for (guint u = 0; u < work->n_units; u++)
    top = MIN (top, ferry_layout_quantize (p.ys[best][u]));
  for (guint u = 0; u < work->n_units; u++)
    work->units[u].y = ferry_layout_quantize (p.ys[best][u]) - top;
}

/* ferry-layout-order.c
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
 * Crossing reduction. Each layer is a sequence of units (a cluster's
 * vertices in that layer, or a lone vertex), each unit a sequence of
 * vertices. A sweep visits the layers one after the other and sorts each
 * by the barycenter of its neighbours in the layer just visited: the
 * members inside every unit, then the units; then it swaps neighbouring
 * units, and neighbouring members of a unit, while that removes
 * crossings with the layer just visited. After each sweep, the same swaps
 * are tried against both adjacent layers, again on every layer whose
 * neighbours changed (counting against a layer not yet sorted would only
 * undo the sweep). Sweeps alternate direction until the number of
 * crossings stops falling; the best order seen is kept.
 *
 * The units of a cluster spanning several layers must keep the same
 * relative order in every layer they share, or their boxes could not be
 * rectangles: after sorting a layer, such units are put back in the order
 * of their partners in the layer just visited, and transposition never
 * swaps two of them that share a neighbouring layer.
 *
 * Ties are broken by the current order, which starts from the canonical
 * numbering (clusters and nodes by name), so the result is deterministic.
 */

#define MAX_ROUNDS        16
#define MAX_STALLED       3
#define MAX_TRANSPOSE     2
#define MAX_FINAL_PASSES  64

typedef struct
{
  gdouble key;
  guint   index;
  guint   id;
} SortItem;

typedef struct
{
  FerryLayoutWork *work;
  gdouble         *vertex_bary;
  gdouble         *unit_bary;
  SortItem        *items;
  guint           *scratch;
  guint           *slots;
  guint           *fenwick;
  guint           *lo_pos;       /* per vertex, like lo_segs: sorted neighbour positions */
  guint           *hi_pos;
  guint           *unit_lo_pos;  /* per unit, in unit_lo_first order */
  guint           *unit_hi_pos;
  guint           *unit_lo_first;
  guint           *unit_hi_first;
  guint           *unit_lo_n;
  guint           *unit_hi_n;
  guint           *best_order;
  guint           *best_members;
  guint           *first_pos;    /* per vertex, after the first sweep */
} Order;

static void
order_clear (Order *o)
{
  g_clear_pointer (&o->vertex_bary, g_free);
  g_clear_pointer (&o->unit_bary, g_free);
  g_clear_pointer (&o->items, g_free);
  g_clear_pointer (&o->scratch, g_free);
  g_clear_pointer (&o->slots, g_free);
  g_clear_pointer (&o->fenwick, g_free);
  g_clear_pointer (&o->lo_pos, g_free);
  g_clear_pointer (&o->hi_pos, g_free);
  g_clear_pointer (&o->unit_lo_pos, g_free);
  g_clear_pointer (&o->unit_hi_pos, g_free);
  g_clear_pointer (&o->unit_lo_first, g_free);
  g_clear_pointer (&o->unit_hi_first, g_free);
  g_clear_pointer (&o->unit_lo_n, g_free);
  g_clear_pointer (&o->unit_hi_n, g_free);
  g_clear_pointer (&o->best_order, g_free);
  g_clear_pointer (&o->best_members, g_free);
  g_clear_pointer (&o->first_pos, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Order, order_clear)

static gint
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SortItem *ia = a;
  const SortItem *ib = b;

  if (ia->key != ib->key)
    return ia->key < ib->key ? -1 : 1;
  return ia->index < ib->index ? -1 : ia->index > ib->index;
}

static inline void
set_item (SortItem *item,
          gdouble   key,
          guint     index,
          guint     id)
{
  item->key = key;
  item->index = index;
  item->id = id;
}

static inline guint
layer_size (FerryLayoutWork *work,
            guint            layer)
{
  return work->layer_vertices[layer];
}

static inline guint *
layer_units (FerryLayoutWork *work,
             guint            layer)
{
  return &work->order[work->layer_first[layer]];
}

static inline guint
segment_other (FerryLayoutWork *work,
               guint            seg,
               gboolean         lo_side)
{
  return lo_side ? work->segments[seg].lo : work->segments[seg].hi;
}

/* Crossings between layer and layer + 1, counted with a Fenwick tree over
 * the positions in layer + 1. Segments sharing a vertex never cross: the
 * placement gives each its own port, in the order of the other ends. */
static guint64
count_layer_crossings (Order *o,
                       guint  layer)
{
  FerryLayoutWork *work = o->work;
  guint n_hi = layer_size (work, layer + 1);
  guint *units = layer_units (work, layer);
  guint64 total = 0;
  guint inserted = 0;

  memset (o->fenwick, 0, sizeof (guint) * (n_hi + 1));

  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      const FerryLayoutUnit *unit = &work->units[units[k]];

      for (guint m = 0; m < unit->n_members; m++)
        {
          const FerryLayoutVertex *v = &work->vertices[work->members[unit->first + m]];
          guint *ends = o->scratch;

          for (guint s = 0; s < v->n_hi; s++)
            ends[s] = work->vertices[work->segments[work->hi_segs[v->hi_first + s]].hi].pos;
          if (v->n_hi > 1)
            qsort (ends, v->n_hi, sizeof (guint), ferry_layout_compare_guint);

          for (guint s = 0; s < v->n_hi; s++)
            {
              guint not_above = 0;

              for (guint i = ends[s] + 1; i > 0; i -= i & -i)
                not_above += o->fenwick[i];
              total += inserted - not_above;
              for (guint i = ends[s] + 1; i <= n_hi; i += i & -i)
                o->fenwick[i]++;
              inserted++;
            }
        }
    }

  return total;
}

guint64
ferry_layout_work_count_crossings (FerryLayoutWork *work)
{
  Order o = { 0 };
  guint max_layer = 1;
  guint max_degree = 1;
  guint64 total = 0;

  for (guint l = 0; l < work->n_layers; l++)
    max_layer = MAX (max_layer, layer_size (work, l));
  for (guint v = 0; v < work->n_vertices; v++)
    max_degree = MAX (max_degree, work->vertices[v].n_hi);

  o.work = work;
  o.fenwick = g_new (guint, max_layer + 1);
  o.scratch = g_new (guint, max_degree);
  for (guint l = 0; l + 1 < work->n_layers; l++)
    total += count_layer_crossings (&o, l);

  g_free (o.fenwick);
  g_free (o.scratch);

  return total;
}

static guint64
order_count_crossings (Order *o)
{
  guint64 total = 0;

  for (guint l = 0; l + 1 < o->work->n_layers; l++)
    total += count_layer_crossings (o, l);

  return total;
}

static gdouble
unit_center (const FerryLayoutUnit *unit)
{
  if (unit->n_members == 0)
    return unit->vstart - 0.5;
  return unit->vstart + (unit->n_members - 1) / 2.0;
}

/* Barycenters of the vertices and units of @layer relative to the
 * neighbouring layer on @lo_side (layer - 1) or the other (layer + 1);
 * -1 where there is no neighbour there. A unit of a cluster spanning
 * layers is drawn towards its partner in that layer as well. */
static void
compute_barycenters (Order    *o,
                     guint     layer,
                     gboolean  lo_side)
{
  FerryLayoutWork *work = o->work;
  guint *units = layer_units (work, layer);

  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      const FerryLayoutUnit *unit = &work->units[units[k]];
      guint partner = lo_side ? unit->chain_lo : unit->chain_hi;
      gdouble sum = 0;
      gdouble count = 0;

      for (guint m = 0; m < unit->n_members; m++)
        {
          guint v = work->members[unit->first + m];
          const FerryLayoutVertex *vertex = &work->vertices[v];
          const guint *segs = lo_side ? &work->lo_segs[vertex->lo_first] : &work->hi_segs[vertex->hi_first];
          guint n = lo_side ? vertex->n_lo : vertex->n_hi;
          gdouble vsum = 0;

          for (guint s = 0; s < n; s++)
            vsum += work->vertices[segment_other (work, segs[s], lo_side)].pos;
          o->vertex_bary[v] = n > 0 ? vsum / n : -1;
          sum += vsum;
          count += n;
        }

      if (partner != FERRY_LAYOUT_NONE)
        {
          gdouble weight = count + 1;

          sum += weight * unit_center (&work->units[partner]);
          count += weight;
        }
      o->unit_bary[units[k]] = count > 0 ? sum / count : -1;
    }
}

/* Sorts @ids by their keys; those without one (key < 0) keep their place. */
static void
sort_by_key (Order         *o,
             guint         *ids,
             guint          n,
             const gdouble *keys)
{
  guint m = 0;

  for (guint i = 0; i < n; i++)
    if (keys[ids[i]] >= 0)
      set_item (&o->items[m++], keys[ids[i]], i, ids[i]);
  if (m < 2)
    return;

  qsort (o->items, m, sizeof (SortItem), compare_items);
  for (guint i = 0, k = 0; i < n; i++)
    o->scratch[i] = keys[ids[i]] >= 0 ? o->items[k++].id : ids[i];
  memcpy (ids, o->scratch, sizeof (guint) * n);
}

/* Puts the units of clusters spanning layers back in the order of their
 * partners on @lo_side, in the places they occupy. */
static void
fix_chains (Order    *o,
            guint     layer,
            gboolean  lo_side)
{
  FerryLayoutWork *work = o->work;
  guint *units = layer_units (work, layer);
  guint m = 0;

  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      const FerryLayoutUnit *unit = &work->units[units[k]];
      guint partner = lo_side ? unit->chain_lo : unit->chain_hi;

      if (partner == FERRY_LAYOUT_NONE)
        continue;
      o->slots[m] = k;
      set_item (&o->items[m++], work->units[partner].pos, k, units[k]);
    }
  if (m < 2)
    return;

  qsort (o->items, m, sizeof (SortItem), compare_items);
  for (guint i = 0; i < m; i++)
    units[o->slots[i]] = o->items[i].id;
}

/* Pairs (a, b), a from @x and b from @y, both sorted, with a > b: the
 * crossings between two neighbours, @x's above @y's, towards one layer. */
static guint64
count_inversions (const guint *x,
                  guint        nx,
                  const guint *y,
                  guint        ny)
{
  guint64 total = 0;
  guint i = 0;

  for (guint j = 0; j < ny; j++)
    {
      while (i < nx && x[i] <= y[j])
        i++;
      total += nx - i;
    }

  return total;
}

static void
fill_positions (Order                   *o,
                const FerryLayoutVertex *vertex,
                guint                   *lo_out,
                guint                   *hi_out)
{
  FerryLayoutWork *work = o->work;

  for (guint s = 0; s < vertex->n_lo; s++)
    lo_out[s] = work->vertices[work->segments[work->lo_segs[vertex->lo_first + s]].lo].pos;
  for (guint s = 0; s < vertex->n_hi; s++)
    hi_out[s] = work->vertices[work->segments[work->hi_segs[vertex->hi_first + s]].hi].pos;
}

/* Sorted positions of the neighbours of every vertex and unit of @layer,
 * on both sides. */
static void
prepare_transpose (Order *o,
                   guint  layer)
{
  FerryLayoutWork *work = o->work;
  guint *units = layer_units (work, layer);
  guint lo_next = 0;
  guint hi_next = 0;

  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      guint u = units[k];
      const FerryLayoutUnit *unit = &work->units[u];

      o->unit_lo_first[u] = lo_next;
      o->unit_hi_first[u] = hi_next;
      for (guint m = 0; m < unit->n_members; m++)
        {
          const FerryLayoutVertex *vertex = &work->vertices[work->members[unit->first + m]];
          guint *lo = &o->lo_pos[vertex->lo_first];
          guint *hi = &o->hi_pos[vertex->hi_first];

          fill_positions (o, vertex, lo, hi);
          if (vertex->n_lo > 1)
            qsort (lo, vertex->n_lo, sizeof (guint), ferry_layout_compare_guint);
          if (vertex->n_hi > 1)
            qsort (hi, vertex->n_hi, sizeof (guint), ferry_layout_compare_guint);
          memcpy (&o->unit_lo_pos[lo_next], lo, sizeof (guint) * vertex->n_lo);
          memcpy (&o->unit_hi_pos[hi_next], hi, sizeof (guint) * vertex->n_hi);
          lo_next += vertex->n_lo;
          hi_next += vertex->n_hi;
        }
      o->unit_lo_n[u] = lo_next - o->unit_lo_first[u];
      o->unit_hi_n[u] = hi_next - o->unit_hi_first[u];
      if (unit->n_members > 1)
        {
          qsort (&o->unit_lo_pos[o->unit_lo_first[u]], o->unit_lo_n[u], sizeof (guint), ferry_layout_compare_guint);
          qsort (&o->unit_hi_pos[o->unit_hi_first[u]], o->unit_hi_n[u], sizeof (guint), ferry_layout_compare_guint);
        }
    }
}

/* Which neighbouring layers count when swapping. */
typedef enum
{
  SIDE_LO = 1 << 0,
  SIDE_HI = 1 << 1,
} Sides;

static guint64
unit_crossings (Order *o,
                guint  above,
                guint  below,
                Sides  sides)
{
  guint64 total = 0;

  if (sides & SIDE_LO)
    total += count_inversions (&o->unit_lo_pos[o->unit_lo_first[above]], o->unit_lo_n[above],
                               &o->unit_lo_pos[o->unit_lo_first[below]], o->unit_lo_n[below]);
  if (sides & SIDE_HI)
    total += count_inversions (&o->unit_hi_pos[o->unit_hi_first[above]], o->unit_hi_n[above],
                               &o->unit_hi_pos[o->unit_hi_first[below]], o->unit_hi_n[below]);

  return total;
}

static guint64
vertex_crossings (Order *o,
                  guint  above,
                  guint  below,
                  Sides  sides)
{
  const FerryLayoutVertex *a = &o->work->vertices[above];
  const FerryLayoutVertex *b = &o->work->vertices[below];
  guint64 total = 0;

  if (sides & SIDE_LO)
    total += count_inversions (&o->lo_pos[a->lo_first], a->n_lo, &o->lo_pos[b->lo_first], b->n_lo);
  if (sides & SIDE_HI)
    total += count_inversions (&o->hi_pos[a->hi_first], a->n_hi, &o->hi_pos[b->hi_first], b->n_hi);

  return total;
}

static gboolean
chains_conflict (const FerryLayoutUnit *a,
                 const FerryLayoutUnit *b)
{
  return (a->chain_lo != FERRY_LAYOUT_NONE && b->chain_lo != FERRY_LAYOUT_NONE) ||
         (a->chain_hi != FERRY_LAYOUT_NONE && b->chain_hi != FERRY_LAYOUT_NONE);
}

/* Swaps neighbours while that removes crossings with the layers on
 * @sides. Returns whether anything moved. */
static gboolean
transpose (Order *o,
           guint  layer,
           Sides  sides)
{
  FerryLayoutWork *work = o->work;
  guint *units = layer_units (work, layer);
  guint n = work->layer_n[layer];
  gboolean moved = FALSE;

  prepare_transpose (o, layer);

  for (guint pass = 0; pass < MAX_TRANSPOSE; pass++)
    {
      gboolean improved = FALSE;

      for (guint k = 0; k + 1 < n; k++)
        {
          guint a = units[k];
          guint b = units[k + 1];

          if (chains_conflict (&work->units[a], &work->units[b]))
            continue;
          if (unit_crossings (o, b, a, sides) < unit_crossings (o, a, b, sides))
            {
              units[k] = b;
              units[k + 1] = a;
              improved = TRUE;
            }
        }

      for (guint k = 0; k < n; k++)
        {
          const FerryLayoutUnit *unit = &work->units[units[k]];
          guint *members = &work->members[unit->first];

          for (guint m = 0; m + 1 < unit->n_members; m++)
            if (vertex_crossings (o, members[m + 1], members[m], sides) <
                vertex_crossings (o, members[m], members[m + 1], sides))
              {
                guint t = members[m];

                members[m] = members[m + 1];
                members[m + 1] = t;
                improved = TRUE;
              }
        }

      if (!improved)
        break;
      moved = TRUE;
    }

  ferry_layout_work_update_positions (work, layer);

  return moved;
}

static void
reorder_layer (Order    *o,
               guint     layer,
               gboolean  lo_side)
{
  FerryLayoutWork *work = o->work;
  guint *units = layer_units (work, layer);

  compute_barycenters (o, layer, lo_side);
  for (guint k = 0; k < work->layer_n[layer]; k++)
    {
      const FerryLayoutUnit *unit = &work->units[units[k]];

      sort_by_key (o, &work->members[unit->first], unit->n_members, o->vertex_bary);
    }
  sort_by_key (o, units, work->layer_n[layer], o->unit_bary);
  fix_chains (o, layer, lo_side);
  ferry_layout_work_update_positions (work, layer);
  transpose (o, layer, lo_side ? SIDE_LO : SIDE_HI);
}

/* Once every layer has been placed: swaps against both sides until
 * nothing improves (or @max_passes), revisiting a layer only when it or
 * a neighbour changed. */
static void
transpose_all (Order *o,
               guint  max_passes)
{
  guint n_layers = o->work->n_layers;
  g_autofree gboolean *dirty = g_new (gboolean, n_layers);

  for (guint l = 0; l < n_layers; l++)
    dirty[l] = TRUE;

  for (guint pass = 0; pass < max_passes; pass++)
    {
      gboolean moved = FALSE;

      for (guint l = 0; l < n_layers; l++)
        {
          if (!dirty[l])
            continue;
          dirty[l] = FALSE;
          if (transpose (o, l, (l > 0 ? SIDE_LO : 0) | (l + 1 < n_layers ? SIDE_HI : 0)))
            {
              moved = TRUE;
              dirty[l] = TRUE;
              if (l > 0)
                dirty[l - 1] = TRUE;
              if (l + 1 < n_layers)
                dirty[l + 1] = TRUE;
            }
        }
      if (!moved)
        break;
    }
}

/* Left to right (each layer after layer - 1), or right to left. */
static void
sweep (Order    *o,
       gboolean  rightwards)
{
  guint n_layers = o->work->n_layers;

  if (rightwards)
    for (guint l = 1; l < n_layers; l++)
      reorder_layer (o, l, TRUE);
  else
    for (guint l = n_layers - 1; l-- > 0;)
      reorder_layer (o, l, FALSE);
}

static void
save_order (Order *o)
{
  FerryLayoutWork *work = o->work;

  memcpy (o->best_order, work->order, sizeof (guint) * work->n_units);
  memcpy (o->best_members, work->members, sizeof (guint) * work->n_vertices);
}

static void
restore_order (Order *o)
{
  FerryLayoutWork *work = o->work;

  memcpy (work->order, o->best_order, sizeof (guint) * work->n_units);
  memcpy (work->members, o->best_members, sizeof (guint) * work->n_vertices);
  for (guint l = 0; l < work->n_layers; l++)
    ferry_layout_work_update_positions (work, l);
}

/* Crossings do not change when every layer is turned upside down, so a
 * small change of the graph could flip the whole drawing. Keep the
 * orientation that agrees more with the order of the first sweep, which
 * depends only on names and neighbours. */
static void
orient (Order *o)
{
  FerryLayoutWork *work = o->work;
  gdouble agreement = 0;

  for (guint v = 0; v < work->n_vertices; v++)
    {
      gdouble center = (work->layer_vertices[work->vertices[v].layer] - 1) / 2.0;

      agreement += (work->vertices[v].pos - center) * (o->first_pos[v] - center);
    }
  if (agreement >= 0)
    return;

  for (guint l = 0; l < work->n_layers; l++)
    {
      guint *units = layer_units (work, l);
      guint n = work->layer_n[l];

      for (guint k = 0; k < n / 2; k++)
        {
          guint t = units[k];

          units[k] = units[n - 1 - k];
          units[n - 1 - k] = t;
        }
      for (guint k = 0; k < n; k++)
        {
          const FerryLayoutUnit *unit = &work->units[units[k]];
          guint *members = &work->members[unit->first];

          for (guint m = 0; m < unit->n_members / 2; m++)
            {
              guint t = members[m];

              members[m] = members[unit->n_members - 1 - m];
              members[unit->n_members - 1 - m] = t;
            }
        }
      ferry_layout_work_update_positions (work, l);
    }
}

/* Mean of the known hints of @v's neighbours on one side, or NAN. */
static gdouble
neighbour_hint (FerryLayoutWork *work,
                const gdouble   *hint,
                guint            v,
                gboolean         lo_side)
{
  const FerryLayoutVertex *vertex = &work->vertices[v];
  const guint *segs = lo_side ? &work->lo_segs[vertex->lo_first] : &work->hi_segs[vertex->hi_first];
  guint n = lo_side ? vertex->n_lo : vertex->n_hi;
  gdouble sum = 0;
  guint count = 0;

  for (guint s = 0; s < n; s++)
    {
      gdouble h = hint[segment_other (work, segs[s], lo_side)];

      if (!isnan (h))
        {
          sum += h;
          count++;
        }
    }

  return count > 0 ? sum / count : NAN;
}

/* The order of the previous layout: every layer sorted by where its
 * vertices were; a new vertex goes where its neighbours were, and a
 * cluster spanning layers gets one place in all of them. */
static void
order_from_hint (Order *o)
{
  FerryLayoutWork *work = o->work;
  g_autofree gdouble *hint = g_memdup2 (work->hint, sizeof (gdouble) * MAX (work->n_vertices, 1));
  g_autofree gdouble *cluster_sum = NULL;
  g_autofree guint *cluster_count = NULL;
  guint n_clusters = 0;

  /* New vertices: from their neighbours on the left, then on the right. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint v = 0; v < work->n_vertices; v++)
      if (isnan (hint[v]))
        hint[v] = neighbour_hint (work, hint, v, pass == 0);

  for (guint u = 0; u < work->n_units; u++)
    n_clusters = MAX (n_clusters, (guint)(work->units[u].cluster + 1));
  cluster_sum = g_new0 (gdouble, MAX (n_clusters, 1));
  cluster_count = g_new0 (guint, MAX (n_clusters, 1));
  for (guint v = 0; v < work->n_vertices; v++)
    {
      gint c = work->units[work->vertices[v].unit].cluster;

      o->vertex_bary[v] = isnan (hint[v]) ? -1 : hint[v];
      if (c >= 0 && !isnan (hint[v]))
        {
          cluster_sum[c] += hint[v];
          cluster_count[c]++;
        }
    }

  for (guint u = 0; u < work->n_units; u++)
    {
      const FerryLayoutUnit *unit = &work->units[u];
      gdouble sum = 0;
      guint count = 0;

      for (guint m = 0; m < unit->n_members; m++)
        if (o->vertex_bary[work->members[unit->first + m]] >= 0)
          {
            sum += o->vertex_bary[work->members[unit->first + m]];
            count++;
          }
      if (unit->chain_lo != FERRY_LAYOUT_NONE || unit->chain_hi != FERRY_LAYOUT_NONE)
        {
          sum = cluster_sum[unit->cluster];
          count = cluster_count[unit->cluster];
        }
      o->unit_bary[u] = count > 0 ? sum / count : -1;
    }

  for (guint l = 0; l < work->n_layers; l++)
    {
      guint *units = layer_units (work, l);

      for (guint k = 0; k < work->layer_n[l]; k++)
        {
          const FerryLayoutUnit *unit = &work->units[units[k]];

          sort_by_key (o, &work->members[unit->first], unit->n_members, o->vertex_bary);
        }
      sort_by_key (o, units, work->layer_n[l], o->unit_bary);
      if (l > 0)
        fix_chains (o, l, TRUE);
      ferry_layout_work_update_positions (work, l);
    }
}

/**
 * ferry_layout_work_order:
 *
 * Orders the units and vertices of every layer to reduce crossings: from
 * scratch, or from the previous layout when there is one.
 *
 * Returns: %FALSE with @error set if @cancellable was cancelled
 */
gboolean
ferry_layout_work_order (FerryLayoutWork  *work,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_auto(Order) o = { 0 };
  guint max_layer = 1;
  guint max_units = 1;
  guint64 best;
  guint stalled = 0;

  if (work->n_layers == 0 || (work->n_layers == 1 && work->hint == NULL))
    return TRUE;

  for (guint l = 0; l < work->n_layers; l++)
    {
      max_layer = MAX (max_layer, layer_size (work, l));
      max_units = MAX (max_units, work->layer_n[l]);
    }

  o.work = work;
  o.vertex_bary = g_new (gdouble, work->n_vertices);
  o.unit_bary = g_new (gdouble, work->n_units);
  o.items = g_new (SortItem, MAX (max_units, max_layer));
  o.scratch = g_new (guint, MAX (max_units, max_layer));
  o.slots = g_new (guint, max_units);
  o.fenwick = g_new (guint, max_layer + 1);
  o.lo_pos = g_new (guint, MAX (work->n_segments, 1));
  o.hi_pos = g_new (guint, MAX (work->n_segments, 1));
  o.unit_lo_pos = g_new (guint, MAX (work->n_segments, 1));
  o.unit_hi_pos = g_new (guint, MAX (work->n_segments, 1));
  o.unit_lo_first = g_new (guint, work->n_units);
  o.unit_hi_first = g_new (guint, work->n_units);
  o.unit_lo_n = g_new (guint, work->n_units);
  o.unit_hi_n = g_new (guint, work->n_units);
  o.best_order = g_new (guint, work->n_units);
  o.best_members = g_new (guint, work->n_vertices);
  o.first_pos = g_new (guint, work->n_vertices);

  if (work->hint != NULL)
    {
      order_from_hint (&o);
      transpose_all (&o, MAX_FINAL_PASSES);
      return TRUE;
    }

  /* The first sweep places every layer after the names in layer 0. */
  sweep (&o, TRUE);
  best = order_count_crossings (&o);
  save_order (&o);
  for (guint v = 0; v < work->n_vertices; v++)
    o.first_pos[v] = work->vertices[v].pos;

  for (guint round = 0; round < MAX_ROUNDS && best > 0 && stalled < MAX_STALLED; round++)
    {
      guint64 crossings;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      sweep (&o, FALSE);
      sweep (&o, TRUE);
      transpose_all (&o, MAX_TRANSPOSE);
      crossings = order_count_crossings (&o);
      if (crossings < best)
        {
          best = crossings;
          save_order (&o);
          stalled = 0;
        }
      else
        stalled++;
    }

  /* A local optimum: laying the result out again from itself, as with a
   * previous layout, leaves it as it is. */
  restore_order (&o);
  transpose_all (&o, MAX_FINAL_PASSES);
  orient (&o);

  return TRUE;
}

/* ferry-layout-private.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "ferry-layout.h"

G_BEGIN_DECLS

typedef struct
{
  gchar   *name;
  gchar   *cluster;   /* nullable */
  gdouble  width;
  gdouble  height;
} FerryLayoutGraphNode;

typedef struct
{
  guint consumer;
  guint producer;
} FerryLayoutGraphEdge;

struct _FerryLayoutGraph
{
  GArray  *nodes;     /* FerryLayoutGraphNode */
  GArray  *edges;     /* FerryLayoutGraphEdge, duplicates included */

  gdouble  node_spacing;
  gdouble  edge_spacing;
  gdouble  layer_spacing;
  gdouble  cluster_padding;
  gdouble  label_height;

  FerryLayout *previous;  /* nullable */
};

FerryLayoutGraph *ferry_layout_graph_copy (FerryLayoutGraph *graph);

/* Every coordinate the layout produces is a multiple of this when the
 * caller's sizes are, so that JSON prints short exact numbers and
 * rounding never breaks a straight edge. */
#define FERRY_LAYOUT_QUANTUM 0.125

static inline gdouble
ferry_layout_quantize (gdouble value)
{
  return round (value / FERRY_LAYOUT_QUANTUM) * FERRY_LAYOUT_QUANTUM;
}

/* For qsort() and bsearch() on guint arrays. */
static inline gint
ferry_layout_compare_guint (gconstpointer a,
                            gconstpointer b)
{
  guint ua = *(const guint *)a;
  guint ub = *(const guint *)b;

  return ua < ub ? -1 : ua > ub;
}

/*
 * The "proper" layered graph the algorithms work on. Layer 0 is on the
 * left (producers that depend on nothing); an edge from a consumer in
 * layer k to a producer in layer j < k becomes k - j segments through
 * k - j - 1 bend vertices, one per layer in between.
 *
 * Vertices are grouped into units: in each layer, the cards of one
 * cluster (repo/build) and the bends of edges inside it form one unit,
 * which the ordering keeps contiguous and the placement moves as a block;
 * every other bend is a unit of its own. A cluster whose cards lie in
 * several layers has a unit in every layer of its span (empty where it
 * has no card there); those units form a chain that shares one top and
 * one height, so that the cluster's box is a single rectangle.
 */

typedef struct
{
  guint   layer;
  guint   unit;
  gint    node;       /* canonical node index, or -1 for a bend */
  guint   pos;        /* index in the layer, top to bottom */
  guint   lo_first;   /* segments towards layer - 1, in work->lo_segs */
  guint   n_lo;
  guint   hi_first;   /* segments towards layer + 1, in work->hi_segs */
  guint   n_hi;
  gdouble height;     /* card height; 0 for a bend */
  gdouble offset;     /* top of the card (or the bend) within its unit */
} FerryLayoutVertex;

typedef struct
{
  guint   lo;         /* vertex in layer l */
  guint   hi;         /* vertex in layer l + 1 */
  guint   edge;       /* canonical edge index */
  gdouble lo_port;    /* where it meets lo, from lo's top */
  gdouble hi_port;    /* where it meets hi, from hi's top */
} FerryLayoutSegment;

typedef struct
{
  guint   layer;
  gint    cluster;    /* canonical cluster index, or -1 */
  guint   first;      /* members in work->members */
  guint   n_members;
  guint   pos;        /* index among the layer's units */
  guint   vstart;     /* position of its first vertex (or where one would go) */
  guint   chain_lo;   /* unit of the same cluster in layer - 1, or FERRY_LAYOUT_NONE */
  guint   chain_hi;   /* unit of the same cluster in layer + 1, or FERRY_LAYOUT_NONE */
  gdouble height;
  gdouble y;          /* top */
} FerryLayoutUnit;

typedef struct
{
  guint               n_layers;
  guint              *layer_first;   /* units of layer l: order[layer_first[l] ..] */
  guint              *layer_n;
  guint              *layer_vertices; /* vertices per layer */
  guint              *order;
  guint              *members;       /* vertices of each unit, in order */

  FerryLayoutVertex  *vertices;
  guint               n_vertices;
  FerryLayoutSegment *segments;
  guint               n_segments;
  guint              *lo_segs;
  guint              *hi_segs;
  FerryLayoutUnit    *units;
  guint               n_units;

  gdouble             node_spacing;
  gdouble             edge_spacing;
  gdouble             cluster_padding;
  gdouble             label_height;

  /* Where each vertex was in the previous layout (its y), or NAN; NULL
   * when there is no previous layout. */
  gdouble            *hint;
} FerryLayoutWork;

void     ferry_layout_work_update_positions (FerryLayoutWork  *work,
                                             guint             layer);
guint64  ferry_layout_work_count_crossings  (FerryLayoutWork  *work);
gboolean ferry_layout_work_order            (FerryLayoutWork  *work,
                                             GCancellable     *cancellable,
                                             GError          **error);
void     ferry_layout_work_place            (FerryLayoutWork  *work);

/* A uniform grid over rectangles, for hit testing and culling. */
typedef struct _FerryLayoutGrid FerryLayoutGrid;

FerryLayoutGrid *ferry_layout_grid_new    (const FerryLayoutRect *bounds,
                                           const FerryLayoutRect *rects,
                                           const guint           *ids,
                                           guint                  n_rects);
void             ferry_layout_grid_free   (FerryLayoutGrid       *grid);
void             ferry_layout_grid_query  (FerryLayoutGrid       *grid,
                                           const FerryLayoutRect *rect,
                                           GArray                *ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLayoutGrid, ferry_layout_grid_free)

G_END_DECLS

/* layout-testlib.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-core.h"

G_BEGIN_DECLS

/* A synthetic estate: services grouped into repo/build clusters of 1 to 8,
 * a layered DAG of about two dependencies per service, most of them one
 * or two layers back, some long. */
typedef struct
{
  guint     n_nodes;
  gchar   **names;
  gchar   **clusters;
  gdouble  *widths;
  gdouble  *heights;
  guint     n_edges;
  guint    *consumers;
  guint    *producers;
} FerryTestGraph;

/* A small deterministic random number generator (splitmix64). */
typedef struct
{
  guint64 state;
} FerryTestRandom;

guint64           ferry_test_random_next        (FerryTestRandom       *random);
gdouble           ferry_test_random_double      (FerryTestRandom       *random);
guint             ferry_test_random_range       (FerryTestRandom       *random,
                                                 guint                  n);

FerryTestGraph   *ferry_test_graph_generate     (guint                  n_services,
                                                 guint64                seed);
void              ferry_test_graph_free         (FerryTestGraph        *graph);
FerryLayoutGraph *ferry_test_graph_build        (const FerryTestGraph  *graph,
                                                 guint64                shuffle_seed,
                                                 guint                  skip_node);

/* One polyline per edge, with the nodes it joins. */
typedef struct
{
  const FerryLayoutPoint *points;
  guint                   n_points;
  guint                   from;
  guint                   to;
} FerryTestRoute;

guint64           ferry_test_count_crossings    (const FerryTestRoute  *routes,
                                                 guint                  n_routes,
                                                 const FerryLayoutRect *node_rects,
                                                 gdouble                margin);
guint64           ferry_test_layout_crossings   (FerryLayout           *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryTestGraph, ferry_test_graph_free)

G_END_DECLS

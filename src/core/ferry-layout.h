/* ferry-layout.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * FERRY_LAYOUT_NONE:
 *
 * The index returned where there is no node or cluster.
 */
#define FERRY_LAYOUT_NONE G_MAXUINT

/**
 * FERRY_LAYOUT_ERROR:
 *
 * The error domain of the layout engine; codes are in #FerryLayoutError.
 */
#define FERRY_LAYOUT_ERROR (ferry_layout_error_quark ())

/**
 * FerryLayoutError:
 * @FERRY_LAYOUT_ERROR_CYCLE: the dependencies form a cycle; the message
 *   names it
 * @FERRY_LAYOUT_ERROR_DUPLICATE_NAME: two nodes have the same name
 *
 * Errors of ferry_layout_compute().
 */
typedef enum
{
  FERRY_LAYOUT_ERROR_CYCLE,
  FERRY_LAYOUT_ERROR_DUPLICATE_NAME,
} FerryLayoutError;

/**
 * FerryLayoutPoint:
 * @x: horizontal coordinate, growing to the right
 * @y: vertical coordinate, growing downwards
 *
 * A point in world units.
 */
typedef struct
{
  gdouble x;
  gdouble y;
} FerryLayoutPoint;

/**
 * FerryLayoutRect:
 * @x: left edge
 * @y: top edge
 * @width: width
 * @height: height
 *
 * A rectangle in world units.
 */
typedef struct
{
  gdouble x;
  gdouble y;
  gdouble width;
  gdouble height;
} FerryLayoutRect;

typedef struct _FerryLayoutGraph FerryLayoutGraph;
typedef struct _FerryLayout      FerryLayout;

#define FERRY_TYPE_LAYOUT_GRAPH (ferry_layout_graph_get_type ())
#define FERRY_TYPE_LAYOUT       (ferry_layout_get_type ())

GQuark            ferry_layout_error_quark               (void);

GType             ferry_layout_graph_get_type            (void) G_GNUC_CONST;
FerryLayoutGraph *ferry_layout_graph_new                 (void);
FerryLayoutGraph *ferry_layout_graph_ref                 (FerryLayoutGraph     *graph);
void              ferry_layout_graph_unref               (FerryLayoutGraph     *graph);
guint             ferry_layout_graph_add_node            (FerryLayoutGraph     *graph,
                                                          const gchar          *name,
                                                          const gchar          *cluster,
                                                          gdouble               width,
                                                          gdouble               height);
void              ferry_layout_graph_add_edge            (FerryLayoutGraph     *graph,
                                                          guint                 consumer,
                                                          guint                 producer);
guint             ferry_layout_graph_get_n_nodes         (FerryLayoutGraph     *graph);
void              ferry_layout_graph_set_spacing         (FerryLayoutGraph     *graph,
                                                          gdouble               node_spacing,
                                                          gdouble               edge_spacing,
                                                          gdouble               layer_spacing);
void              ferry_layout_graph_set_cluster_margins (FerryLayoutGraph     *graph,
                                                          gdouble               padding,
                                                          gdouble               label_height);
void              ferry_layout_graph_set_previous        (FerryLayoutGraph     *graph,
                                                          FerryLayout          *previous);

FerryLayout      *ferry_layout_compute                   (FerryLayoutGraph     *graph,
                                                          GError              **error);
void              ferry_layout_compute_async             (FerryLayoutGraph     *graph,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
FerryLayout      *ferry_layout_compute_finish            (GAsyncResult         *result,
                                                          GError              **error);
gchar            *ferry_layout_render_json               (FerryLayoutGraph     *graph,
                                                          GError              **error);

GType             ferry_layout_get_type                  (void) G_GNUC_CONST;
FerryLayout      *ferry_layout_ref                       (FerryLayout          *layout);
void              ferry_layout_unref                     (FerryLayout          *layout);

guint             ferry_layout_get_n_layers              (FerryLayout          *layout);
guint             ferry_layout_get_n_nodes               (FerryLayout          *layout);
const gchar      *ferry_layout_get_node_name             (FerryLayout          *layout,
                                                          guint                 node);
guint             ferry_layout_get_node_layer            (FerryLayout          *layout,
                                                          guint                 node);
guint             ferry_layout_get_node_cluster          (FerryLayout          *layout,
                                                          guint                 node);
void              ferry_layout_get_node_rect             (FerryLayout          *layout,
                                                          guint                 node,
                                                          FerryLayoutRect      *rect);
gboolean          ferry_layout_lookup_node               (FerryLayout          *layout,
                                                          const gchar          *name,
                                                          guint                *node);

guint             ferry_layout_get_n_edges               (FerryLayout          *layout);
void              ferry_layout_get_edge                  (FerryLayout          *layout,
                                                          guint                 edge,
                                                          guint                *consumer,
                                                          guint                *producer);
const FerryLayoutPoint *
                  ferry_layout_get_edge_points           (FerryLayout          *layout,
                                                          guint                 edge,
                                                          guint                *n_points);

guint             ferry_layout_get_n_clusters            (FerryLayout          *layout);
const gchar      *ferry_layout_get_cluster_name          (FerryLayout          *layout,
                                                          guint                 cluster);
void              ferry_layout_get_cluster_rect          (FerryLayout          *layout,
                                                          guint                 cluster,
                                                          FerryLayoutRect      *rect);

void              ferry_layout_get_bounds                (FerryLayout          *layout,
                                                          FerryLayoutRect      *bounds);
guint             ferry_layout_node_at_point             (FerryLayout          *layout,
                                                          gdouble               x,
                                                          gdouble               y);
guint             ferry_layout_cluster_at_point          (FerryLayout          *layout,
                                                          gdouble               x,
                                                          gdouble               y);
void              ferry_layout_nodes_in_rect             (FerryLayout          *layout,
                                                          const FerryLayoutRect *rect,
                                                          GArray               *nodes);
void              ferry_layout_edges_in_rect             (FerryLayout          *layout,
                                                          const FerryLayoutRect *rect,
                                                          GArray               *edges);
void              ferry_layout_clusters_in_rect          (FerryLayout          *layout,
                                                          const FerryLayoutRect *rect,
                                                          GArray               *clusters);

JsonNode         *ferry_layout_to_json                   (FerryLayout          *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLayoutGraph, ferry_layout_graph_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLayout, ferry_layout_unref)

G_END_DECLS

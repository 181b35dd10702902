/* ferry-layout-graph.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-layout"

#include "config.h"

#include "ferry-layout-private.h"

G_DEFINE_BOXED_TYPE (FerryLayoutGraph, ferry_layout_graph,
                     ferry_layout_graph_ref, ferry_layout_graph_unref)

static void
graph_node_clear (gpointer data)
{
  FerryLayoutGraphNode *node = data;

  g_clear_pointer (&node->name, g_free);
  g_clear_pointer (&node->cluster, g_free);
}

static void
graph_clear (gpointer data)
{
  FerryLayoutGraph *graph = data;

  g_clear_pointer (&graph->nodes, g_array_unref);
  g_clear_pointer (&graph->edges, g_array_unref);
  g_clear_pointer (&graph->previous, ferry_layout_unref);
}

/**
 * ferry_layout_graph_new:
 *
 * Creates an empty graph to lay out: add the services with
 * ferry_layout_graph_add_node(), their dependencies with
 * ferry_layout_graph_add_edge(), then call ferry_layout_compute().
 *
 * Returns: (transfer full): a new graph
 */
FerryLayoutGraph *
ferry_layout_graph_new (void)
{
  FerryLayoutGraph *graph = g_atomic_rc_box_new0 (FerryLayoutGraph);

  graph->nodes = g_array_new (FALSE, FALSE, sizeof (FerryLayoutGraphNode));
  g_array_set_clear_func (graph->nodes, graph_node_clear);
  graph->edges = g_array_new (FALSE, FALSE, sizeof (FerryLayoutGraphEdge));
  graph->node_spacing = 24;
  graph->edge_spacing = 12;
  graph->layer_spacing = 96;
  graph->cluster_padding = 12;
  graph->label_height = 28;

  return graph;
}

/**
 * ferry_layout_graph_ref:
 * @graph: a #FerryLayoutGraph
 *
 * Returns: (transfer full): @graph
 */
FerryLayoutGraph *
ferry_layout_graph_ref (FerryLayoutGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);

  return g_atomic_rc_box_acquire (graph);
}

/**
 * ferry_layout_graph_unref:
 * @graph: (transfer full): a #FerryLayoutGraph
 *
 * Drops a reference, freeing @graph with the last one.
 */
void
ferry_layout_graph_unref (FerryLayoutGraph *graph)
{
  g_return_if_fail (graph != NULL);

  g_atomic_rc_box_release_full (graph, graph_clear);
}

/* A deep copy, so that a layout computed in a thread never sees the
 * caller's later changes. */
FerryLayoutGraph *
ferry_layout_graph_copy (FerryLayoutGraph *graph)
{
  FerryLayoutGraph *copy = ferry_layout_graph_new ();

  for (guint i = 0; i < graph->nodes->len; i++)
    {
      const FerryLayoutGraphNode *node = &g_array_index (graph->nodes, FerryLayoutGraphNode, i);

      ferry_layout_graph_add_node (copy, node->name, node->cluster, node->width, node->height);
    }
  g_array_append_vals (copy->edges, graph->edges->data, graph->edges->len);
  copy->node_spacing = graph->node_spacing;
  copy->edge_spacing = graph->edge_spacing;
  copy->layer_spacing = graph->layer_spacing;
  copy->cluster_padding = graph->cluster_padding;
  copy->label_height = graph->label_height;
  ferry_layout_graph_set_previous (copy, graph->previous);

  return copy;
}

/**
 * ferry_layout_graph_add_node:
 * @graph: a #FerryLayoutGraph
 * @name: the service's name, unique in @graph
 * @cluster: (nullable): the key of the group it is drawn in ("repo/build"),
 *   or %NULL for none
 * @width: width of its card, in world units
 * @height: height of its card, in world units
 *
 * Adds a node. Names must be unique: ferry_layout_compute() fails with
 * %FERRY_LAYOUT_ERROR_DUPLICATE_NAME otherwise. Nodes of the same @cluster
 * are kept together and boxed.
 *
 * Returns: the node's index, counting from 0 in the order of addition; the
 *   layout uses the same indices
 */
guint
ferry_layout_graph_add_node (FerryLayoutGraph *graph,
                             const gchar      *name,
                             const gchar      *cluster,
                             gdouble           width,
                             gdouble           height)
{
  FerryLayoutGraphNode node;

  g_return_val_if_fail (graph != NULL, FERRY_LAYOUT_NONE);
  g_return_val_if_fail (name != NULL, FERRY_LAYOUT_NONE);
  g_return_val_if_fail (width > 0 && height > 0, FERRY_LAYOUT_NONE);

  node.name = g_strdup (name);
  node.cluster = cluster != NULL && *cluster != '\0' ? g_strdup (cluster) : NULL;
  node.width = width;
  node.height = height;
  g_array_append_val (graph->nodes, node);

  return graph->nodes->len - 1;
}

/**
 * ferry_layout_graph_add_edge:
 * @graph: a #FerryLayoutGraph
 * @consumer: index of the node that depends on @producer
 * @producer: index of the node @consumer depends on
 *
 * Adds a dependency. Adding the same one twice has no further effect.
 * The layout draws it from @consumer's card to an arrowhead on
 * @producer's.
 */
void
ferry_layout_graph_add_edge (FerryLayoutGraph *graph,
                             guint             consumer,
                             guint             producer)
{
  FerryLayoutGraphEdge edge = { consumer, producer };

  g_return_if_fail (graph != NULL);
  g_return_if_fail (consumer < graph->nodes->len);
  g_return_if_fail (producer < graph->nodes->len);

  g_array_append_val (graph->edges, edge);
}

/**
 * ferry_layout_graph_get_n_nodes:
 * @graph: a #FerryLayoutGraph
 *
 * Returns: the number of nodes added
 */
guint
ferry_layout_graph_get_n_nodes (FerryLayoutGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);

  return graph->nodes->len;
}

/**
 * ferry_layout_graph_set_spacing:
 * @graph: a #FerryLayoutGraph
 * @node_spacing: vertical room between two cards, or two cluster boxes
 *   (default 24)
 * @edge_spacing: vertical room between two edges passing a layer, and
 *   between the ends of edges on a card's side (default 12)
 * @layer_spacing: horizontal room between two layers, where the edges run
 *   (default 96; never less than what the cluster padding needs)
 *
 * Sets the spacing, in world units.
 */
void
ferry_layout_graph_set_spacing (FerryLayoutGraph *graph,
                                gdouble           node_spacing,
                                gdouble           edge_spacing,
                                gdouble           layer_spacing)
{
  g_return_if_fail (graph != NULL);
  g_return_if_fail (node_spacing >= 0 && edge_spacing >= 0 && layer_spacing >= 0);

  graph->node_spacing = node_spacing;
  graph->edge_spacing = edge_spacing;
  graph->layer_spacing = layer_spacing;
}

/**
 * ferry_layout_graph_set_cluster_margins:
 * @graph: a #FerryLayoutGraph
 * @padding: room between a cluster's box and its cards (default 12)
 * @label_height: extra room at the top of the box for the cluster's name
 *   (default 28)
 *
 * Sets the margins of cluster boxes, in world units.
 */
void
ferry_layout_graph_set_cluster_margins (FerryLayoutGraph *graph,
                                        gdouble           padding,
                                        gdouble           label_height)
{
  g_return_if_fail (graph != NULL);
  g_return_if_fail (padding >= 0 && label_height >= 0);

  graph->cluster_padding = padding;
  graph->label_height = label_height;
}

/**
 * ferry_layout_graph_set_previous:
 * @graph: a #FerryLayoutGraph
 * @previous: (nullable): the layout to stay close to, or %NULL
 *
 * Asks for a layout that changes as little as possible from @previous,
 * typically the layout shown before the workspace changed: in every
 * layer, the nodes found in @previous (by name) keep their order unless
 * swapping neighbours removes crossings, and new nodes go where their
 * neighbours are. A service added or removed then moves the others
 * only locally.
 *
 * Without a previous layout, the whole order is optimised from scratch:
 * fewer crossings, but one service more or less may reorder a region of
 * the drawing. Either way the result depends only on the graph and
 * @previous, not on the order of additions.
 */
void
ferry_layout_graph_set_previous (FerryLayoutGraph *graph,
                                 FerryLayout      *previous)
{
  g_return_if_fail (graph != NULL);

  if (previous != NULL)
    ferry_layout_ref (previous);
  g_clear_pointer (&graph->previous, ferry_layout_unref);
  graph->previous = previous;
}

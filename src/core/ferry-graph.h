/* ferry-graph.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-types.h"

G_BEGIN_DECLS

#include "ferry-layout.h"

/* The size of a service card on the graph, in world units: a header, and
 * a column per environment with a chevron between two; a column ends
 * with a row for its sparkline. */
#define FERRY_GRAPH_CARD_PAD          10.0
#define FERRY_GRAPH_CARD_HEADER       46.0
#define FERRY_GRAPH_CARD_HEIGHT       120.0
#define FERRY_GRAPH_ENV_COLUMN_WIDTH  104.0
#define FERRY_GRAPH_CHEVRON_WIDTH     14.0

JsonNode         *ferry_graph_to_json          (FerryWorkspace *workspace);
gdouble           ferry_graph_card_width       (guint           n_environments);
gchar            *ferry_graph_cluster_name     (FerryService   *service);
FerryLayoutGraph *ferry_graph_new_layout_graph (FerryWorkspace *workspace);
gchar    *ferry_graph_to_dot  (FerryWorkspace *workspace);
gchar    *ferry_graph_to_text (FerryWorkspace *workspace);
gchar    *ferry_json_to_string (JsonNode      *node);

G_END_DECLS

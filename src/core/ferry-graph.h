/* ferry-graph.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-types.h"

G_BEGIN_DECLS

JsonNode *ferry_graph_to_json (FerryWorkspace *workspace);
gchar    *ferry_graph_to_dot  (FerryWorkspace *workspace);
gchar    *ferry_graph_to_text (FerryWorkspace *workspace);
gchar    *ferry_json_to_string (JsonNode      *node);

G_END_DECLS

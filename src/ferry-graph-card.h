/* ferry-graph-card.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_GRAPH_CARD (ferry_graph_card_get_type())

G_DECLARE_FINAL_TYPE (FerryGraphCard, ferry_graph_card, FERRY, GRAPH_CARD, GtkWidget)

FerryGraphCard *ferry_graph_card_new         (void);
void            ferry_graph_card_set_service (FerryGraphCard *self,
                                              FerryService   *service,
                                              guint           node,
                                              const gchar    *label);
FerryService   *ferry_graph_card_get_service (FerryGraphCard *self);
guint           ferry_graph_card_get_node    (FerryGraphCard *self);

G_END_DECLS

/* ferry-graph-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"
#include "ferry-layout.h"

G_BEGIN_DECLS

#define FERRY_TYPE_GRAPH_VIEW (ferry_graph_view_get_type())

G_DECLARE_FINAL_TYPE (FerryGraphView, ferry_graph_view, FERRY, GRAPH_VIEW, GtkWidget)

/**
 * FerryGraphViewColumnFunc:
 * @view: the view
 * @snapshot: the snapshot of a cached tile, in world units
 * @service: the service of the card
 * @environment: the environment of the column
 * @area: where to draw, below the column's status
 * @color: the view's accent colour
 * @user_data: the data given with the function
 *
 * Draws more in an environment column of a card (a sparkline).
 */
typedef void (*FerryGraphViewColumnFunc) (FerryGraphView        *view,
                                          GtkSnapshot           *snapshot,
                                          FerryService          *service,
                                          FerryEnvironment      *environment,
                                          const graphene_rect_t *area,
                                          const GdkRGBA         *color,
                                          gpointer               user_data);

GtkWidget      *ferry_graph_view_new               (void);
void            ferry_graph_view_set_workspace     (FerryGraphView     *self,
                                                    FerryWorkspace     *workspace);
FerryWorkspace *ferry_graph_view_get_workspace     (FerryGraphView     *self);
void            ferry_graph_view_set_state         (FerryGraphView     *self,
                                                    FerryStateSnapshot *state);
FerryLayout    *ferry_graph_view_get_layout        (FerryGraphView     *self);
gboolean        ferry_graph_view_is_ready          (FerryGraphView     *self);
FerryService   *ferry_graph_view_get_selected      (FerryGraphView     *self);
void            ferry_graph_view_select            (FerryGraphView     *self,
                                                    FerryService       *service);
gboolean        ferry_graph_view_is_highlighted    (FerryGraphView     *self,
                                                    FerryService       *service);
void            ferry_graph_view_set_filter        (FerryGraphView     *self,
                                                    const gchar        *text,
                                                    gboolean            differing_only);
gboolean        ferry_graph_view_matches           (FerryGraphView     *self,
                                                    FerryService       *service);
guint           ferry_graph_view_get_n_matches     (FerryGraphView     *self);
gdouble         ferry_graph_view_get_zoom          (FerryGraphView     *self);
void            ferry_graph_view_zoom              (FerryGraphView     *self,
                                                    gdouble             factor);
void            ferry_graph_view_fit               (FerryGraphView     *self);
gchar          *ferry_graph_view_describe_service  (FerryGraphView     *self,
                                                    FerryService       *service);
GtkWidget      *ferry_graph_view_get_card          (FerryGraphView     *self,
                                                    FerryService       *service);
void            ferry_graph_view_set_column_func   (FerryGraphView           *self,
                                                    FerryGraphViewColumnFunc  func,
                                                    gpointer                  user_data,
                                                    GDestroyNotify            destroy);
void            ferry_graph_view_refresh_services  (FerryGraphView      *self,
                                                    const gchar * const *services);
GStrv           ferry_graph_view_list_visible_services (FerryGraphView  *self);

G_END_DECLS

/* ferry-sparkline.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"
#include "ferry-graph-view.h"

G_BEGIN_DECLS

/**
 * FERRY_SPARKLINE_SPAN:
 *
 * How far back a card's sparkline looks: five minutes, in µs.
 */
#define FERRY_SPARKLINE_SPAN (G_GINT64_CONSTANT (300) * G_USEC_PER_SEC)

gboolean ferry_sparkline_append      (GtkSnapshot           *snapshot,
                                      FerrySeries           *series,
                                      FerryUnit              unit,
                                      gint64                 end,
                                      const graphene_rect_t *bounds,
                                      const GdkRGBA         *color);
void     ferry_sparkline_draw_column (FerryGraphView        *view,
                                      GtkSnapshot           *snapshot,
                                      FerryService          *service,
                                      FerryEnvironment      *environment,
                                      const graphene_rect_t *area,
                                      const GdkRGBA         *color,
                                      gpointer               sampler);

G_END_DECLS

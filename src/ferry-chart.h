/* ferry-chart.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CHART (ferry_chart_get_type())

G_DECLARE_FINAL_TYPE (FerryChart, ferry_chart, FERRY, CHART, GtkWidget)

GtkWidget          *ferry_chart_new            (const gchar           *title,
                                                FerryUnit              unit);
const gchar        *ferry_chart_get_title      (FerryChart            *self);
void                ferry_chart_set_series     (FerryChart            *self,
                                                FerrySeries           *series,
                                                gint64                 start,
                                                gint64                 end);
void                ferry_chart_clear_markers  (FerryChart            *self);
void                ferry_chart_add_marker     (FerryChart            *self,
                                                gint64                 time,
                                                const gchar           *label);
FerryChartGeometry *ferry_chart_get_geometry   (FerryChart            *self);
const gchar        *ferry_chart_get_read_out   (FerryChart            *self);

void                ferry_chart_append_series  (GtkSnapshot           *snapshot,
                                                FerryChartGeometry    *geometry,
                                                const graphene_rect_t *bounds,
                                                const GdkRGBA         *color,
                                                gdouble                line_width,
                                                gboolean               envelope);

G_END_DECLS

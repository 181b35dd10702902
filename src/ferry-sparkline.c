/* ferry-sparkline.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-sparkline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ferry-chart.h"
#include "ferry-sparkline.h"

/* Sparklines: the last minutes of a metric, small, without axes, in the
 * environment columns of the graph's cards. Their geometry is the
 * charts' (FerryChartGeometry), drawn by the same code. */

#define VALUE_WIDTH 46.0

/**
 * ferry_sparkline_append:
 * @snapshot: where to draw
 * @series: the values
 * @unit: their unit
 * @end: the time at the right edge, µs since the Unix epoch
 * @bounds: where to draw
 * @color: the line's colour
 *
 * Draws the %FERRY_SPARKLINE_SPAN before @end of @series in @bounds, one
 * point per unit of width.
 *
 * Returns: whether there was anything to draw
 */
gboolean
ferry_sparkline_append (GtkSnapshot           *snapshot,
                        FerrySeries           *series,
                        FerryUnit              unit,
                        gint64                 end,
                        const graphene_rect_t *bounds,
                        const GdkRGBA         *color)
{
  g_autoptr(FerryChartGeometry) geometry = NULL;
  guint n_points;

  g_return_val_if_fail (GTK_IS_SNAPSHOT (snapshot), FALSE);
  g_return_val_if_fail (FERRY_IS_SERIES (series), FALSE);

  geometry = ferry_chart_geometry_new (unit);
  ferry_chart_geometry_set_series (geometry, series);
  ferry_chart_geometry_set_range (geometry, end - FERRY_SPARKLINE_SPAN, end);
  ferry_chart_geometry_update (geometry, MAX (1, (guint)bounds->size.width), 2);
  ferry_chart_geometry_get_points (geometry, &n_points);
  if (n_points == 0)
    return FALSE;

  ferry_chart_append_series (snapshot, geometry, bounds, color, 1.2, FALSE);

  return TRUE;
}

/**
 * ferry_sparkline_draw_column:
 * @view: the graph view
 * @snapshot: the snapshot of a cached tile
 * @service: the service of the card
 * @environment: the environment of the column
 * @area: where to draw
 * @color: the line's colour
 * @sampler: (type FerryMetricsSampler): where the samples are
 *
 * A #FerryGraphViewColumnFunc: the CPU of the service in the
 * environment over the last minutes, and its latest value. Nothing is
 * drawn where nothing was sampled.
 */
void
ferry_sparkline_draw_column (FerryGraphView        *view,
                             GtkSnapshot           *snapshot,
                             FerryService          *service,
                             FerryEnvironment      *environment,
                             const graphene_rect_t *area,
                             const GdkRGBA         *color,
                             gpointer               sampler)
{
  FerrySeries *cpu;
  FerrySeriesPoint last;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree gchar *value = NULL;
  g_autofree gchar *text = NULL;
  PangoAttrList *attrs;
  GdkRGBA dim = *color;
  gint width;

  g_return_if_fail (FERRY_IS_METRICS_SAMPLER (sampler));

  cpu = ferry_metrics_sampler_get_live (sampler, ferry_service_get_name (service),
                                        ferry_environment_get_name (environment), FERRY_METRIC_CPU);
  if (cpu == NULL || !ferry_series_get_last (cpu, &last))
    return;

  if (!ferry_sparkline_append (snapshot, cpu, FERRY_UNIT_CORES, g_get_real_time (),
                               &GRAPHENE_RECT_INIT (area->origin.x, area->origin.y + 1,
                                                    area->size.width - VALUE_WIDTH, area->size.height - 2),
                               color))
    return;

  /* The latest value, "–" once the process is gone. */
  value = ferry_format_value (FERRY_UNIT_CORES, last.value);
  /* TRANSLATORS: a CPU load on a card, such as "12.5 % CPU" */
  text = g_strdup_printf (_("%s CPU"), value);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), text);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.7));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  dim.alpha *= 0.9;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (area->origin.x + area->size.width - width,
                                                          area->origin.y));
  gtk_snapshot_append_layout (snapshot, layout, &dim);
  gtk_snapshot_restore (snapshot);
}

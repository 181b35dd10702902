/* ferry-chart.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ferry-chart.h"

/* A chart of one metric over a time range: a line over a shaded area,
 * the extent of each pixel column where it holds many values, axis
 * labels in the metric's unit, deployment markers with their version,
 * and a read-out of the value under the pointer.
 *
 * Everything is placed by a FerryChartGeometry (in the core, tested on
 * its own): this widget only scales its normalized positions to its size
 * and draws them. */

#define HEADER_HEIGHT  20.0
#define TIME_HEIGHT    16.0
#define AXIS_GAP        6.0
#define MARKER_TOP     12.0
#define VALUE_TICKS     3
#define TIME_TICK_SPAN 60.0   /* pixels per time label at most */
#define HOVER_REACH     8.0   /* pixels from the pointer a point may be */

struct _FerryChart
{
  GtkWidget           parent_instance;

  /* Owned */
  FerryChartGeometry *geometry;
  gchar              *title;
  gchar              *read_out;

  gdouble             hover_x;        /* in the widget, or -1 */
  gint                n_columns;      /* of the geometry computed */
  gdouble             plot_x;
  gdouble             plot_width;
  guint               dirty : 1;
};

G_DEFINE_FINAL_TYPE (FerryChart, ferry_chart, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA grid;
  GdkRGBA line;
  GdkRGBA marker;
} Palette;

static void
get_palette (FerryChart *self,
             Palette    *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &palette->fg);
  palette->dim = palette->fg;
  palette->dim.alpha *= 0.55;
  palette->grid = palette->fg;
  palette->grid.alpha *= 0.12;

  /* libadwaita's named colours, which follow dark mode. */
  if (!gtk_style_context_lookup_color (context, "accent_color", &palette->line))
    gdk_rgba_parse (&palette->line, "#3584e4");
  if (!gtk_style_context_lookup_color (context, "purple_3", &palette->marker))
    gdk_rgba_parse (&palette->marker, "#9141ac");
}

/**
 * ferry_chart_append_series:
 * @snapshot: where to draw
 * @geometry: the geometry, updated for the width of @bounds
 * @bounds: where the plot goes
 * @color: the line's colour; the area under it is a faint shade of it
 * @line_width: the line's width
 * @envelope: whether to shade the extent (minimum to maximum) of the
 *   columns that hold several values
 *
 * Draws a series as charts and sparklines do: runs of joined points as a
 * line over a shaded area, lone points as dots.
 */
void
ferry_chart_append_series (GtkSnapshot           *snapshot,
                           FerryChartGeometry    *geometry,
                           const graphene_rect_t *bounds,
                           const GdkRGBA         *color,
                           gdouble                line_width,
                           gboolean               envelope)
{
  const FerryChartPoint *points;
  guint n_points;
  gdouble x0 = bounds->origin.x, y0 = bounds->origin.y;
  gdouble w = bounds->size.width, h = bounds->size.height;
  cairo_t *cr;

  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));
  g_return_if_fail (FERRY_IS_CHART_GEOMETRY (geometry));

  points = ferry_chart_geometry_get_points (geometry, &n_points);
  if (n_points == 0)
    return;

#define PX(p) (x0 + (p)->x * w)
#define PY(v) (y0 + (1.0 - CLAMP ((v), 0.0, 1.0)) * h)

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0 - line_width, y0 - line_width,
                                                                 w + 2 * line_width, h + 2 * line_width));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, line_width);

  for (guint first = 0; first < n_points; )
    {
      guint last = first;

      while (last + 1 < n_points && points[last + 1].joined)
        last++;

      if (first == last)
        {
          /* A lone value: a dot. */
          gdk_cairo_set_source_rgba (cr, color);
          cairo_arc (cr, PX (&points[first]), PY (points[first].y), line_width, 0, 2 * G_PI);
          cairo_fill (cr);
          first = last + 1;
          continue;
        }

      /* The area under the line. */
      cairo_move_to (cr, PX (&points[first]), y0 + h);
      for (guint i = first; i <= last; i++)
        cairo_line_to (cr, PX (&points[i]), PY (points[i].y));
      cairo_line_to (cr, PX (&points[last]), y0 + h);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * 0.15);
      cairo_fill (cr);

      /* Where a column holds many values: their extent. */
      if (envelope)
        {
          for (guint i = first; i <= last; i++)
            cairo_line_to (cr, PX (&points[i]), PY (points[i].y_max));
          for (guint i = last + 1; i-- > first; )
            cairo_line_to (cr, PX (&points[i]), PY (points[i].y_min));
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * 0.25);
          cairo_fill (cr);
        }

      cairo_move_to (cr, PX (&points[first]), PY (points[first].y));
      for (guint i = first + 1; i <= last; i++)
        cairo_line_to (cr, PX (&points[i]), PY (points[i].y));
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);

      first = last + 1;
    }

#undef PX
#undef PY

  cairo_destroy (cr);
}

static void
append_text (FerryChart    *self,
             GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const gchar   *text,
             gdouble        x,
             gdouble        y,
             const GdkRGBA *color)
{
  pango_layout_set_text (layout, text, -1);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static gint
text_width (PangoLayout *layout,
            const gchar *text)
{
  gint width;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return width;
}

static PangoLayout *
create_small_layout (FerryChart *self)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static gchar *
last_value_text (FerryChart *self)
{
  FerrySeries *series = ferry_chart_geometry_get_series (self->geometry);
  FerrySeriesPoint last;

  if (series == NULL || !ferry_series_get_last (series, &last))
    return NULL;

  return ferry_format_value (ferry_chart_geometry_get_unit (self->geometry), last.value);
}

static void
ferry_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  FerryChart *self = FERRY_CHART (widget);
  gdouble width = gtk_widget_get_width (widget);
  gdouble height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(GArray) ticks = NULL;
  g_autoptr(GArray) time_ticks = NULL;
  g_autofree gchar *value_text = NULL;
  const FerryChartMarker *markers;
  FerryAxis *axis, *time_axis;
  gdouble plot_y, plot_height, label_width = 0, right_edge = -G_MAXDOUBLE;
  guint n_points, n_markers, max_time_ticks;
  Palette palette;

  if (width < 40 || height < HEADER_HEIGHT + TIME_HEIGHT + 10)
    return;

  get_palette (self, &palette);
  small = create_small_layout (self);
  title = gtk_widget_create_pango_layout (widget, self->title);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.9));
    pango_layout_set_attributes (title, attrs);
    pango_attr_list_unref (attrs);
  }

  /* The value axis's labels decide where the plot starts; the geometry
   * of the last size gives them, and is redone if the width moved. */
  axis = ferry_chart_geometry_get_value_axis (self->geometry);
  if (self->dirty || self->n_columns <= 0)
    {
      if (self->n_columns <= 0)
        self->n_columns = MAX (1, (gint)(width * 0.8));
      ferry_chart_geometry_update (self->geometry, self->n_columns, VALUE_TICKS);
      self->dirty = FALSE;
    }
  ticks = ferry_axis_get_ticks (axis, VALUE_TICKS);
  for (guint i = 0; i < ticks->len; i++)
    {
      g_autofree gchar *label = ferry_axis_format_tick (axis, g_array_index (ticks, FerryAxisTick, i).value, VALUE_TICKS);

      label_width = MAX (label_width, text_width (small, label));
    }

  self->plot_x = label_width + AXIS_GAP;
  self->plot_width = MAX (1.0, width - self->plot_x - 1);
  plot_y = HEADER_HEIGHT + 4;
  plot_height = MAX (1.0, height - plot_y - TIME_HEIGHT);

  /* Resized: once more, at the plot's width. */
  if (self->n_columns != (gint)self->plot_width)
    {
      self->n_columns = (gint)self->plot_width;
      ferry_chart_geometry_update (self->geometry, self->n_columns, VALUE_TICKS);
      g_clear_pointer (&ticks, g_array_unref);
      ticks = ferry_axis_get_ticks (axis, VALUE_TICKS);
    }

  /* The title, and the latest value or the one under the pointer. */
  append_text (self, snapshot, title, self->title, 0, 0, &palette.fg);
  value_text = self->read_out != NULL ? g_strdup (self->read_out) : last_value_text (self);
  if (value_text != NULL)
    append_text (self, snapshot, small, value_text, width - text_width (small, value_text), 2,
                 self->read_out != NULL ? &palette.fg : &palette.dim);

  /* Grid lines and value labels. */
  for (guint i = 0; i < ticks->len; i++)
    {
      const FerryAxisTick *tick = &g_array_index (ticks, FerryAxisTick, i);
      g_autofree gchar *label = ferry_axis_format_tick (axis, tick->value, VALUE_TICKS);
      gdouble y = plot_y + (1.0 - tick->position) * plot_height;
      gint label_height;

      gtk_snapshot_append_color (snapshot, &palette.grid,
                                 &GRAPHENE_RECT_INIT (self->plot_x, floor (y), self->plot_width, 1));
      pango_layout_set_text (small, label, -1);
      pango_layout_get_pixel_size (small, NULL, &label_height);
      append_text (self, snapshot, small, label, label_width - text_width (small, label),
                   CLAMP (y - label_height / 2.0, plot_y - 4, plot_y + plot_height - label_height), &palette.dim);
    }

  /* Time labels, spread over the width. */
  time_axis = ferry_chart_geometry_get_time_axis (self->geometry);
  max_time_ticks = MAX (2, (guint)(self->plot_width / TIME_TICK_SPAN));
  time_ticks = ferry_axis_get_ticks (time_axis, max_time_ticks);
  for (guint i = 0; i < time_ticks->len; i++)
    {
      const FerryAxisTick *tick = &g_array_index (time_ticks, FerryAxisTick, i);
      g_autofree gchar *label = ferry_axis_format_tick (time_axis, tick->value, max_time_ticks);
      gdouble x = self->plot_x + tick->position * self->plot_width;
      gint w = text_width (small, label);

      gtk_snapshot_append_color (snapshot, &palette.grid,
                                 &GRAPHENE_RECT_INIT (floor (x), plot_y + plot_height, 1, 3));
      x = CLAMP (x - w / 2.0, self->plot_x, width - w);
      if (x < right_edge + 6)
        continue;
      append_text (self, snapshot, small, label, x, plot_y + plot_height + 1, &palette.dim);
      right_edge = x + w;
    }

  /* The series. */
  ferry_chart_geometry_get_points (self->geometry, &n_points);
  if (n_points == 0)
    {
      const gchar *empty = _("No samples in this range");
      gint w = text_width (small, empty);

      append_text (self, snapshot, small, empty, self->plot_x + (self->plot_width - w) / 2,
                   plot_y + plot_height / 2 - 8, &palette.dim);
    }
  else
    {
      ferry_chart_append_series (snapshot, self->geometry,
                                 &GRAPHENE_RECT_INIT (self->plot_x, plot_y, self->plot_width, plot_height),
                                 &palette.line, 1.5, TRUE);
    }

  /* Deployments: a line each, and its version while there is room. */
  markers = ferry_chart_geometry_get_markers (self->geometry, &n_markers);
  right_edge = -G_MAXDOUBLE;
  for (guint i = 0; i < n_markers; i++)
    {
      gdouble x = floor (self->plot_x + markers[i].x * self->plot_width);
      gint w = text_width (small, markers[i].label);

      gtk_snapshot_append_color (snapshot, &palette.marker,
                                 &GRAPHENE_RECT_INIT (x, plot_y, 1, plot_height));
      if (x + 3 > right_edge && x + 3 + w <= width)
        {
          append_text (self, snapshot, small, markers[i].label, x + 3, plot_y, &palette.marker);
          right_edge = x + 3 + w + 4;
        }
    }

  /* The read-out's point. */
  if (self->read_out != NULL && self->hover_x >= 0)
    {
      const FerryChartPoint *point;

      point = ferry_chart_geometry_find_point (self->geometry, (self->hover_x - self->plot_x) / self->plot_width,
                                               HOVER_REACH / self->plot_width);
      if (point != NULL)
        {
          gdouble x = self->plot_x + point->x * self->plot_width;
          gdouble y = plot_y + (1.0 - CLAMP (point->y, 0.0, 1.0)) * plot_height;
          GskRoundedRect dot;

          gtk_snapshot_append_color (snapshot, &palette.dim,
                                     &GRAPHENE_RECT_INIT (floor (x), plot_y, 1, plot_height));
          gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (x - 3.5, y - 3.5, 7, 7), 3.5);
          gtk_snapshot_push_rounded_clip (snapshot, &dot);
          gtk_snapshot_append_color (snapshot, &palette.line, &dot.bounds);
          gtk_snapshot_pop (snapshot);
        }
    }
}

static void
ferry_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 320;
    }
  else
    {
      *minimum = 96;
      *natural = 112;
    }
}

static void
update_accessible_label (FerryChart *self)
{
  g_autofree gchar *value = last_value_text (self);
  g_autofree gchar *label = value ? g_strdup_printf (_("%s, latest %s"), self->title, value)
                                  : g_strdup (self->title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
set_read_out (FerryChart *self,
              gdouble     x)
{
  const FerryChartPoint *point = NULL;
  g_autofree gchar *text = NULL;

  if (x >= 0 && self->plot_width > 0)
    point = ferry_chart_geometry_find_point (self->geometry, (x - self->plot_x) / self->plot_width,
                                             HOVER_REACH / self->plot_width);
  if (point != NULL)
    text = ferry_chart_geometry_format_point (self->geometry, point);

  self->hover_x = point != NULL ? x : -1;
  if (g_strcmp0 (text, self->read_out) == 0)
    return;

  g_free (self->read_out);
  self->read_out = g_steal_pointer (&text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (FerryChart *self,
           gdouble     x,
           gdouble     y)
{
  set_read_out (self, x);
}

static void
on_leave (FerryChart *self)
{
  set_read_out (self, -1);
}

static void
ferry_chart_finalize (GObject *object)
{
  FerryChart *self = (FerryChart *)object;

  g_clear_object (&self->geometry);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->read_out, g_free);

  G_OBJECT_CLASS (ferry_chart_parent_class)->finalize (object);
}

static void
ferry_chart_class_init (FerryChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ferry_chart_finalize;

  widget_class->snapshot = ferry_chart_snapshot;
  widget_class->measure = ferry_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ferry_chart_init (FerryChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover_x = -1;
  self->dirty = TRUE;

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/**
 * ferry_chart_new:
 * @title: what the chart shows ("CPU")
 * @unit: the unit of its values
 *
 * Returns: (transfer floating): a new, empty chart
 */
GtkWidget *
ferry_chart_new (const gchar *title,
                 FerryUnit    unit)
{
  FerryChart *self = g_object_new (FERRY_TYPE_CHART, NULL);

  self->title = g_strdup (title);
  self->geometry = ferry_chart_geometry_new (unit);
  update_accessible_label (self);

  return GTK_WIDGET (self);
}

/**
 * ferry_chart_get_title:
 * @self: a #FerryChart
 *
 * Returns: what the chart shows
 */
const gchar *
ferry_chart_get_title (FerryChart *self)
{
  g_return_val_if_fail (FERRY_IS_CHART (self), NULL);

  return self->title;
}

/**
 * ferry_chart_set_series:
 * @self: a #FerryChart
 * @series: (nullable): the values
 * @start: the time at the left edge, µs since the Unix epoch
 * @end: the time at the right edge
 *
 * Shows @series over `[start, end)`.
 */
void
ferry_chart_set_series (FerryChart  *self,
                        FerrySeries *series,
                        gint64       start,
                        gint64       end)
{
  g_return_if_fail (FERRY_IS_CHART (self));
  g_return_if_fail (series == NULL || FERRY_IS_SERIES (series));

  ferry_chart_geometry_set_series (self->geometry, series);
  ferry_chart_geometry_set_range (self->geometry, start, end);
  self->dirty = TRUE;

  /* The read-out follows the new values under the pointer. */
  if (self->hover_x >= 0)
    {
      ferry_chart_geometry_update (self->geometry, MAX (1, self->n_columns), VALUE_TICKS);
      set_read_out (self, self->hover_x);
    }

  update_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ferry_chart_clear_markers:
 * @self: a #FerryChart
 *
 * Removes every deployment marker.
 */
void
ferry_chart_clear_markers (FerryChart *self)
{
  g_return_if_fail (FERRY_IS_CHART (self));

  ferry_chart_geometry_clear_markers (self->geometry);
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ferry_chart_add_marker:
 * @self: a #FerryChart
 * @time: when, µs since the Unix epoch
 * @label: (nullable): what to write beside it (a version)
 *
 * Adds a vertical marker (a deployment), drawn when within the range.
 */
void
ferry_chart_add_marker (FerryChart  *self,
                        gint64       time,
                        const gchar *label)
{
  g_return_if_fail (FERRY_IS_CHART (self));

  ferry_chart_geometry_add_marker (self->geometry, time, label);
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ferry_chart_get_geometry:
 * @self: a #FerryChart
 *
 * Returns: (transfer none): what the chart draws, as of its last frame
 */
FerryChartGeometry *
ferry_chart_get_geometry (FerryChart *self)
{
  g_return_val_if_fail (FERRY_IS_CHART (self), NULL);

  return self->geometry;
}

/**
 * ferry_chart_get_read_out:
 * @self: a #FerryChart
 *
 * Returns: (nullable): the time and value under the pointer, as shown
 *   in the chart's corner, or %NULL when the pointer is not over a value
 */
const gchar *
ferry_chart_get_read_out (FerryChart *self)
{
  g_return_val_if_fail (FERRY_IS_CHART (self), NULL);

  return self->read_out;
}

/* ferry-axis.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ferry-metrics.h"

G_BEGIN_DECLS

/**
 * FerryAxisTick:
 * @value: the tick's value, in the axis's unit
 * @position: where it sits, 0 at the axis's minimum and 1 at its maximum
 */
typedef struct
{
  gdouble value;
  gdouble position;
} FerryAxisTick;

#define FERRY_TYPE_AXIS (ferry_axis_get_type ())

G_DECLARE_FINAL_TYPE (FerryAxis, ferry_axis, FERRY, AXIS, GObject)

FerryAxis *ferry_axis_new           (FerryUnit    unit);
FerryUnit  ferry_axis_get_unit      (FerryAxis   *self);
void       ferry_axis_set_range     (FerryAxis   *self,
                                     gdouble      min,
                                     gdouble      max);
void       ferry_axis_get_range     (FerryAxis   *self,
                                     gdouble     *min,
                                     gdouble     *max);
gdouble    ferry_axis_get_min       (FerryAxis   *self);
gdouble    ferry_axis_get_max       (FerryAxis   *self);
void       ferry_axis_fit           (FerryAxis   *self,
                                     gdouble      data_min,
                                     gdouble      data_max,
                                     guint        max_ticks);
gdouble    ferry_axis_normalize     (FerryAxis   *self,
                                     gdouble      value);
gdouble    ferry_axis_denormalize   (FerryAxis   *self,
                                     gdouble      position);
gdouble    ferry_axis_get_tick_step (FerryAxis   *self,
                                     guint        max_ticks);
GArray    *ferry_axis_get_ticks     (FerryAxis   *self,
                                     guint        max_ticks);
gchar     *ferry_axis_format_tick   (FerryAxis   *self,
                                     gdouble      value,
                                     guint        max_ticks);

gchar     *ferry_format_value       (FerryUnit    unit,
                                     gdouble      value);

G_END_DECLS

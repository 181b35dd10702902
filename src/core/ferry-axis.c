/* ferry-axis.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-axis"

#include "config.h"

#include <math.h>

#include "ferry-axis.h"

/**
 * FerryAxis:
 *
 * The geometry of one chart axis, kept out of the widgets so it can be
 * tested: a value range mapped onto 0..1 (the widget scales that to
 * pixels), "nice" tick positions for the axis's #FerryUnit and their
 * labels (`25 %`, `256 MiB`, `12 KiB/s`, `14:05`).
 *
 * A time axis (%FERRY_UNIT_TIME) holds microseconds since the Unix epoch,
 * and its ticks fall on round local times.
 */
struct _FerryAxis
{
  GObject   parent_instance;

  gdouble   min;
  gdouble   max;
  FerryUnit unit;
};

G_DEFINE_FINAL_TYPE (FerryAxis, ferry_axis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MIN,
  PROP_MAX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define KIB 1024.0
#define MAX_TICKS_EVER 1000

static const gint64 time_steps[] = {
  1, 2, 5, 10, 15, 30,
  60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60,
  3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600,
  86400, 2 * 86400, 7 * 86400,
};

static void
ferry_axis_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FerryAxis *self = FERRY_AXIS (object);

  switch (prop_id)
    {
    case PROP_MIN:
      g_value_set_double (value, self->min);
      break;

    case PROP_MAX:
      g_value_set_double (value, self->max);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_axis_class_init (FerryAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ferry_axis_get_property;

  /**
   * FerryAxis:min:
   *
   * The value at position 0.
   */
  properties[PROP_MIN] =
    g_param_spec_double ("min", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * FerryAxis:max:
   *
   * The value at position 1.
   */
  properties[PROP_MAX] =
    g_param_spec_double ("max", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_axis_init (FerryAxis *self)
{
  self->min = 0.0;
  self->max = 1.0;
}

/**
 * ferry_axis_new:
 * @unit: the unit of the axis's values
 *
 * Returns: (transfer full): an axis over 0..1
 */
FerryAxis *
ferry_axis_new (FerryUnit unit)
{
  FerryAxis *self = g_object_new (FERRY_TYPE_AXIS, NULL);

  self->unit = unit;

  return self;
}

/**
 * ferry_axis_get_unit:
 * @self: a #FerryAxis
 *
 * Returns: the unit of the axis's values
 */
FerryUnit
ferry_axis_get_unit (FerryAxis *self)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), FERRY_UNIT_NONE);

  return self->unit;
}

/**
 * ferry_axis_set_range:
 * @self: a #FerryAxis
 * @min: the value at position 0
 * @max: the value at position 1
 *
 * Sets the range shown. An empty or reversed range is widened to a
 * unit-sized one above @min so that normalizing never divides by zero;
 * non-finite bounds are ignored.
 */
void
ferry_axis_set_range (FerryAxis *self,
                      gdouble    min,
                      gdouble    max)
{
  g_return_if_fail (FERRY_IS_AXIS (self));

  if (!isfinite (min) || !isfinite (max))
    return;

  if (max <= min)
    max = min + (self->unit == FERRY_UNIT_TIME ? G_USEC_PER_SEC : 1.0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->min != min)
    {
      self->min = min;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN]);
    }
  if (self->max != max)
    {
      self->max = max;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ferry_axis_get_range:
 * @self: a #FerryAxis
 * @min: (out) (optional): the value at position 0
 * @max: (out) (optional): the value at position 1
 */
void
ferry_axis_get_range (FerryAxis *self,
                      gdouble   *min,
                      gdouble   *max)
{
  g_return_if_fail (FERRY_IS_AXIS (self));

  if (min != NULL)
    *min = self->min;
  if (max != NULL)
    *max = self->max;
}

/**
 * ferry_axis_get_min:
 * @self: a #FerryAxis
 *
 * Returns: the value at position 0
 */
gdouble
ferry_axis_get_min (FerryAxis *self)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), 0.0);

  return self->min;
}

/**
 * ferry_axis_get_max:
 * @self: a #FerryAxis
 *
 * Returns: the value at position 1
 */
gdouble
ferry_axis_get_max (FerryAxis *self)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), 1.0);

  return self->max;
}

/**
 * ferry_axis_normalize:
 * @self: a #FerryAxis
 * @value: a value in the axis's unit
 *
 * Returns: where @value sits: 0 at the minimum, 1 at the maximum (values
 *   outside the range give positions outside 0..1)
 */
gdouble
ferry_axis_normalize (FerryAxis *self,
                      gdouble    value)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), 0.0);

  return (value - self->min) / (self->max - self->min);
}

/**
 * ferry_axis_denormalize:
 * @self: a #FerryAxis
 * @position: a position, 0 at the minimum and 1 at the maximum
 *
 * Returns: the value at @position (for hover read-outs)
 */
gdouble
ferry_axis_denormalize (FerryAxis *self,
                        gdouble    position)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), 0.0);

  return self->min + position * (self->max - self->min);
}

/* The power of 1024 the labels of a byte quantity of this size use. */
static guint
byte_exponent (gdouble magnitude)
{
  guint e = 0;

  magnitude = fabs (magnitude);
  while (magnitude >= KIB && e < 4)
    {
      magnitude /= KIB;
      e++;
    }

  return e;
}

/* 1, 2 or 5 times a power of ten, at least @raw. */
static gdouble
nice_step (gdouble raw)
{
  gdouble exponent, fraction, nice;

  if (!(raw > 0.0) || !isfinite (raw))
    return 1.0;

  exponent = floor (log10 (raw));
  fraction = raw / pow (10.0, exponent);
  if (fraction <= 1.0 + 1e-9)
    nice = 1.0;
  else if (fraction <= 2.0 + 1e-9)
    nice = 2.0;
  else if (fraction <= 5.0 + 1e-9)
    nice = 5.0;
  else
    nice = 10.0;

  return nice * pow (10.0, exponent);
}

/* The factor between the axis's values and what labels show. */
static gdouble
display_factor (FerryUnit unit,
                gdouble   magnitude)
{
  switch (unit)
    {
    case FERRY_UNIT_CORES:
      return 0.01;

    case FERRY_UNIT_BYTES:
    case FERRY_UNIT_BYTES_PER_SECOND:
      return pow (KIB, byte_exponent (magnitude));

    case FERRY_UNIT_NONE:
    case FERRY_UNIT_COUNT:
    case FERRY_UNIT_TIME:
    default:
      return 1.0;
    }
}

static gdouble
step_for (FerryUnit unit,
          gdouble   min,
          gdouble   max,
          guint     max_ticks)
{
  gdouble raw, factor, step;

  max_ticks = CLAMP (max_ticks, 1, MAX_TICKS_EVER);
  raw = (max - min) / max_ticks;

  if (unit == FERRY_UNIT_TIME)
    {
      for (guint i = 0; i < G_N_ELEMENTS (time_steps); i++)
        if (time_steps[i] * (gdouble)G_USEC_PER_SEC >= raw)
          return time_steps[i] * (gdouble)G_USEC_PER_SEC;

      return ceil (raw / (86400.0 * G_USEC_PER_SEC)) * 86400.0 * G_USEC_PER_SEC;
    }

  factor = display_factor (unit, MAX (fabs (min), fabs (max)));
  step = nice_step (raw / factor) * factor;

  if (unit == FERRY_UNIT_COUNT && step < 1.0)
    step = 1.0;

  return step;
}

/**
 * ferry_axis_get_tick_step:
 * @self: a #FerryAxis
 * @max_ticks: the most ticks wanted over the range
 *
 * Returns: the distance between ticks: a round number in the unit's
 *   display form (1, 2 or 5 times a power of ten of %, KiB, MiB …; a round
 *   duration for time)
 */
gdouble
ferry_axis_get_tick_step (FerryAxis *self,
                          guint      max_ticks)
{
  g_return_val_if_fail (FERRY_IS_AXIS (self), 1.0);

  return step_for (self->unit, self->min, self->max, max_ticks);
}

static gdouble
minimum_span (FerryUnit unit)
{
  switch (unit)
    {
    case FERRY_UNIT_CORES:
      return 0.1;

    case FERRY_UNIT_BYTES:
      return KIB * KIB;

    case FERRY_UNIT_BYTES_PER_SECOND:
      return KIB;

    case FERRY_UNIT_TIME:
      return 60.0 * G_USEC_PER_SEC;

    case FERRY_UNIT_NONE:
    case FERRY_UNIT_COUNT:
    default:
      return 1.0;
    }
}

/**
 * ferry_axis_fit:
 * @self: a #FerryAxis
 * @data_min: the smallest value to show
 * @data_max: the largest value to show
 * @max_ticks: the most ticks wanted
 *
 * Sets a range that holds the data and ends on ticks. A value axis starts
 * at 0 when the data is not negative, and never spans less than a
 * unit-dependent minimum (10 % of a core, 1 MiB, 1 KiB/s, one thread), so
 * that flat noise does not fill the chart. A time axis is set to the data
 * range exactly.
 */
void
ferry_axis_fit (FerryAxis *self,
                gdouble    data_min,
                gdouble    data_max,
                guint      max_ticks)
{
  gdouble lo, hi, step = 1.0;

  g_return_if_fail (FERRY_IS_AXIS (self));

  if (!isfinite (data_min) || !isfinite (data_max))
    {
      data_min = 0.0;
      data_max = 0.0;
    }
  if (data_max < data_min)
    {
      gdouble t = data_min;

      data_min = data_max;
      data_max = t;
    }

  if (self->unit == FERRY_UNIT_TIME)
    {
      ferry_axis_set_range (self, data_min, data_max);
      return;
    }

  lo = data_min >= 0.0 ? 0.0 : data_min;
  hi = MAX (data_max, lo + minimum_span (self->unit));

  /* The step depends on the range and the range, rounded out to steps, on
   * the step: repeat until the step the final range gives is the one it
   * was rounded to (the step only grows, so this ends quickly). */
  for (guint round = 0; round < 8; round++)
    {
      gdouble next = step_for (self->unit, lo, hi, max_ticks);

      if (round > 0 && next == step)
        break;
      step = next;
      if (data_min < 0.0)
        lo = floor (data_min / step + 1e-9) * step;
      hi = ceil (MAX (data_max, lo + minimum_span (self->unit)) / step - 1e-9) * step;
    }

  ferry_axis_set_range (self, lo, hi);
}

static gint64
local_offset (gdouble usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((gint64)floor (usec / G_USEC_PER_SEC));

  return dt != NULL ? g_date_time_get_utc_offset (dt) : 0;
}

/**
 * ferry_axis_get_ticks:
 * @self: a #FerryAxis
 * @max_ticks: the most ticks wanted
 *
 * Lists the ticks within the range at the step of
 * ferry_axis_get_tick_step(). Time ticks fall on round local times.
 *
 * Returns: (transfer full) (element-type FerryAxisTick): the ticks, in
 *   increasing order
 */
GArray *
ferry_axis_get_ticks (FerryAxis *self,
                      guint      max_ticks)
{
  GArray *ticks;
  gdouble step, first, offset = 0.0;

  g_return_val_if_fail (FERRY_IS_AXIS (self), NULL);

  ticks = g_array_new (FALSE, FALSE, sizeof (FerryAxisTick));
  step = step_for (self->unit, self->min, self->max, max_ticks);

  if (self->unit == FERRY_UNIT_TIME)
    offset = (gdouble)local_offset (self->min);

  first = ceil ((self->min + offset) / step - 1e-9) * step - offset;
  for (guint i = 0; i <= MAX_TICKS_EVER; i++)
    {
      FerryAxisTick tick;

      tick.value = first + i * step;
      if (tick.value > self->max + step * 1e-9)
        break;

      /* Avoid printing -0 */
      if (fabs (tick.value) < step * 1e-9)
        tick.value = 0.0;
      tick.position = ferry_axis_normalize (self, tick.value);
      g_array_append_val (ticks, tick);
    }

  return ticks;
}

static const gchar *
byte_suffix (guint exponent)
{
  static const gchar *suffixes[] = { "B", "KiB", "MiB", "GiB", "TiB" };

  return suffixes[MIN (exponent, G_N_ELEMENTS (suffixes) - 1)];
}

static gint
decimals_for (gdouble step)
{
  if (!(step > 0.0) || step >= 1.0)
    return 0;

  return (gint)MIN (6.0, ceil (-log10 (step) - 1e-9));
}

static gchar *
format_in_unit (FerryUnit unit,
                gdouble   value,
                gdouble   magnitude,
                gint      decimals)
{
  switch (unit)
    {
    case FERRY_UNIT_CORES:
      return g_strdup_printf ("%.*f %%", decimals, value * 100.0);

    case FERRY_UNIT_BYTES:
      {
        guint e = byte_exponent (magnitude);

        return g_strdup_printf ("%.*f %s", e == 0 ? 0 : decimals,
                                value / pow (KIB, e), byte_suffix (e));
      }

    case FERRY_UNIT_BYTES_PER_SECOND:
      {
        guint e = byte_exponent (magnitude);

        return g_strdup_printf ("%.*f %s/s", e == 0 ? 0 : decimals,
                                value / pow (KIB, e), byte_suffix (e));
      }

    case FERRY_UNIT_TIME:
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local ((gint64)floor (value / G_USEC_PER_SEC));

        if (dt == NULL)
          return g_strdup ("?");
        return g_date_time_format (dt, decimals > 0 ? "%H:%M:%S" : "%H:%M");
      }

    case FERRY_UNIT_NONE:
    case FERRY_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.*f", decimals, value);
    }
}

/**
 * ferry_axis_format_tick:
 * @self: a #FerryAxis
 * @value: a tick value from ferry_axis_get_ticks()
 * @max_ticks: the same number given to ferry_axis_get_ticks()
 *
 * Returns: (transfer full): the tick's label, in one display unit across
 *   the axis and with as many decimals as the step needs: `25 %`,
 *   `0.5 GiB`, `512 KiB/s`, `14:05` or `14:05:30`
 */
gchar *
ferry_axis_format_tick (FerryAxis *self,
                        gdouble    value,
                        guint      max_ticks)
{
  gdouble step, magnitude;

  g_return_val_if_fail (FERRY_IS_AXIS (self), NULL);

  step = step_for (self->unit, self->min, self->max, max_ticks);
  magnitude = MAX (fabs (self->min), fabs (self->max));

  if (self->unit == FERRY_UNIT_TIME)
    return format_in_unit (self->unit, value, magnitude,
                           step < 60.0 * G_USEC_PER_SEC ? 1 : 0);

  return format_in_unit (self->unit, value, magnitude,
                         decimals_for (step / display_factor (self->unit, magnitude)));
}

/**
 * ferry_format_value:
 * @unit: the unit of @value
 * @value: a value
 *
 * Formats one value for a read-out (tooltip, summary, `ferryctl
 * metrics`) with three significant digits: `12.5 %`, `1.23 MiB`,
 * `512 B/s`. NaN (no value) is shown as `–`.
 *
 * Returns: (transfer full): the text
 */
gchar *
ferry_format_value (FerryUnit unit,
                    gdouble   value)
{
  gdouble shown;
  gint decimals;

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "-∞");

  switch (unit)
    {
    case FERRY_UNIT_COUNT:
      return g_strdup_printf ("%.0f", value);

    case FERRY_UNIT_TIME:
      return format_in_unit (unit, value, 0.0, 1);

    case FERRY_UNIT_CORES:
    case FERRY_UNIT_BYTES:
    case FERRY_UNIT_BYTES_PER_SECOND:
    case FERRY_UNIT_NONE:
    default:
      break;
    }

  shown = fabs (value / display_factor (unit, value));
  if (shown >= 100.0 || shown == 0.0)
    decimals = 0;
  else if (shown >= 10.0)
    decimals = 1;
  else
    decimals = 2;

  if ((unit == FERRY_UNIT_BYTES || unit == FERRY_UNIT_BYTES_PER_SECOND) &&
      byte_exponent (value) == 0)
    decimals = 0;

  return format_in_unit (unit, value, value, decimals);
}

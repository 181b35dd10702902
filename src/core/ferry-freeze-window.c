/* ferry-freeze-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-freeze-window"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryFreezeWindow, ferry_freeze_window, G_TYPE_OBJECT)

static void
ferry_freeze_window_finalize (GObject *object)
{
  FerryFreezeWindow *self = FERRY_FREEZE_WINDOW (object);

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->until, g_date_time_unref);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (ferry_freeze_window_parent_class)->finalize (object);
}

static void
ferry_freeze_window_class_init (FerryFreezeWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_freeze_window_finalize;
}

static void
ferry_freeze_window_init (FerryFreezeWindow *self)
{
}

/**
 * ferry_freeze_window_get_from:
 * @self: a #FerryFreezeWindow
 *
 * Returns: (transfer none): when the freeze starts
 */
GDateTime *
ferry_freeze_window_get_from (FerryFreezeWindow *self)
{
  g_return_val_if_fail (FERRY_IS_FREEZE_WINDOW (self), NULL);

  return self->from;
}

/**
 * ferry_freeze_window_get_until:
 * @self: a #FerryFreezeWindow
 *
 * Returns: (transfer none): when it ends (exclusive)
 */
GDateTime *
ferry_freeze_window_get_until (FerryFreezeWindow *self)
{
  g_return_val_if_fail (FERRY_IS_FREEZE_WINDOW (self), NULL);

  return self->until;
}

const gchar *
ferry_freeze_window_get_reason (FerryFreezeWindow *self)
{
  g_return_val_if_fail (FERRY_IS_FREEZE_WINDOW (self), NULL);

  return self->reason;
}

/**
 * ferry_freeze_window_contains:
 * @self: a #FerryFreezeWindow
 * @when: a time
 *
 * Returns: whether @when falls in [from, until)
 */
gboolean
ferry_freeze_window_contains (FerryFreezeWindow *self,
                              GDateTime         *when)
{
  g_return_val_if_fail (FERRY_IS_FREEZE_WINDOW (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  return g_date_time_compare (self->from, when) <= 0 &&
         g_date_time_compare (when, self->until) < 0;
}

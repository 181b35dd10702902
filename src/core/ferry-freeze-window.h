/* ferry-freeze-window.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_FREEZE_WINDOW (ferry_freeze_window_get_type())

G_DECLARE_FINAL_TYPE (FerryFreezeWindow, ferry_freeze_window, FERRY, FREEZE_WINDOW, GObject)

GDateTime   *ferry_freeze_window_get_from   (FerryFreezeWindow *self);
GDateTime   *ferry_freeze_window_get_until  (FerryFreezeWindow *self);
const gchar *ferry_freeze_window_get_reason (FerryFreezeWindow *self);
gboolean     ferry_freeze_window_contains   (FerryFreezeWindow *self,
                                             GDateTime         *when);

G_END_DECLS

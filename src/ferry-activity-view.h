/* ferry-activity-view.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ACTIVITY_VIEW (ferry_activity_view_get_type())

G_DECLARE_FINAL_TYPE (FerryActivityView, ferry_activity_view, FERRY, ACTIVITY_VIEW, GtkWidget)

GtkWidget *ferry_activity_view_new       (void);
void       ferry_activity_view_set_store (FerryActivityView *self,
                                          FerryStore        *store);
guint      ferry_activity_view_get_n_entries (FerryActivityView *self);

G_END_DECLS
